"""Certificates: one stable code per completion, checked against the local log only."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils

from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.services.certificates import (
    CODE_ALPHABET,
    Certificate,
    certificate_html,
    normalise_code,
    verification_code,
)
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.store.database import open_memory_database
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from tests.helpers.course_builder import write_course
from tests.unit.commands.cpd_demo import SteppingClock, take_quiz

Setup = tuple[CpdService, SteppingClock, sqlite_utils.Database]

FACTS = {
    "profile_id": "7b4ddbdd4e334a7aa27b5c16ff2d78cb",
    "module_id": "online-disinhibition",
    "content_version": "c0ffee",
    "event_id": "e0f62504bbdd40a9b27ff5286a409c42",
    "completed_on": date(2026, 3, 4),
    "score_percent": 91.0,
}


class TestCode:
    def test_same_completion_same_code_in_the_printed_format(self) -> None:
        code = verification_code(**FACTS)
        assert code == verification_code(**FACTS)
        prefix, *groups = code.split("-")
        assert prefix == "PRISM" and [len(g) for g in groups] == [4, 4, 4]
        assert all(c in CODE_ALPHABET for g in groups for c in g)

    @pytest.mark.parametrize(
        ("field", "other"),
        [
            ("profile_id", "another-profile"),
            ("module_id", "boundaries"),
            ("content_version", "c0ffef"),
            ("event_id", "e0f62504bbdd40a9b27ff5286a409c43"),
            ("completed_on", date(2026, 3, 5)),
            ("score_percent", 92.0),
            ("score_percent", None),
        ],
    )
    def test_any_change_to_the_completion_gives_another_code(
        self, field: str, other: object
    ) -> None:
        changed = {**FACTS, field: other}
        assert verification_code(**changed) != verification_code(**FACTS)

    @pytest.mark.parametrize(
        "typed",
        ["prism-7k3q-9xhd-2m4t", " PRISM 7K3Q 9XHD 2M4T ", "7K3Q9XHD2M4T", "PRISM-7K3Q-9XHD-2M4T"],
    )
    def test_typing_slips_are_forgiven(self, typed: str) -> None:
        assert normalise_code(typed) == "PRISM-7K3Q-9XHD-2M4T"

    def test_lookalike_letters_read_as_digits(self) -> None:
        assert normalise_code("PRISM-OOOO-IIII-LLLL") == "PRISM-0000-1111-1111"

    @pytest.mark.parametrize("typed", ["", "hello", "PRISM-7K3Q-9XHD", "PRISM-7K3Q-9XHD-2M4U"])
    def test_text_that_cannot_be_a_code(self, typed: str) -> None:
        assert normalise_code(typed) is None


def test_certificate_html_shows_every_field_and_escapes_names() -> None:
    cert = Certificate(
        profile_name="Zoë <b>Ní Bhriain</b>",
        module_id="online-disinhibition",
        module_title="Online disinhibition",
        completed_on=date(2026, 3, 4),
        minutes=83,
        score_percent=91.0,
        code="PRISM-7K3Q-9XHD-2M4T",
    )
    html = certificate_html(cert)
    for text in ("Zoë &lt;b&gt;Ní Bhriain&lt;/b&gt;", "Online disinhibition", "4 March 2026"):
        assert text in html
    assert "1 h 23 min" in html and "91%" in html and "PRISM-7K3Q-9XHD-2M4T" in html
    assert "<b>Ní" not in html
    untracked = certificate_html(replace(cert, minutes=0, score_percent=None))
    assert "not tracked" in untracked and "no quiz" in untracked
    assert cert.suggested_name == "prism-certificate-online-disinhibition-2026-03-04.pdf"


# -- the service -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(write_course(tmp_path_factory.mktemp("course"))).course


@pytest.fixture
def setup(course: Course, tmp_path: Path) -> Iterator[Setup]:
    db = open_memory_database()
    clock = SteppingClock(datetime(2026, 3, 4, 10, 0, tzinfo=UTC))
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path, clock=clock)
    yield CpdService(ctx), clock, db
    db.close()


def complete(
    db: sqlite_utils.Database, clock: SteppingClock, course: Course, name: str, score: float
) -> str:
    profile = ProfileRepo(db, clock).create(name)
    module = course.module("alpha")
    assert module is not None and module.quiz is not None
    ProgressRepo(db, clock).add_study_time(profile.id, "alpha", "s", 1800)
    ProgressRepo(db, clock).mark_read(profile.id, "alpha", module.content_hash)
    take_quiz(QuizRepo(db, clock), clock, profile.id, "alpha", module.quiz, score=score)
    return profile.id


def test_no_certificate_until_the_module_is_completed(setup: Setup, course: Course) -> None:
    service, clock, db = setup
    profile_id = complete(db, clock, course, "Sam", 90)
    assert service.certificate(profile_id, "beta") is None
    cert = service.certificate(profile_id, "alpha")
    assert cert is not None
    assert (cert.profile_name, cert.module_title, cert.completed_on) == (
        "Sam",
        "Module Alpha",
        date(2026, 3, 4),
    )
    assert cert.score_percent == 90 and cert.minutes >= 30
    assert [c.module_id for c in service.certificates(profile_id)] == ["alpha"]


def test_verify_finds_the_completion_in_any_profile(setup: Setup, course: Course) -> None:
    service, clock, db = setup
    complete(db, clock, course, "Sam", 90)
    alex = complete(db, clock, course, "Alex", 85)
    cert = service.certificate(alex, "alpha")
    assert cert is not None
    found = service.verify(cert.code.lower().replace("-", " "))
    assert found == cert
    assert service.verify("PRISM-0000-0000-0000") is None
    assert service.verify("not a code") is None


def test_later_retakes_do_not_change_the_code(setup: Setup, course: Course) -> None:
    service, clock, db = setup
    profile_id = complete(db, clock, course, "Sam", 82)
    before = service.certificate(profile_id, "alpha")
    module = course.module("alpha")
    assert module is not None and module.quiz is not None and before is not None
    clock.advance(days=10)
    take_quiz(QuizRepo(db, clock), clock, profile_id, "alpha", module.quiz, score=100)
    after = service.certificate(profile_id, "alpha")
    assert after is not None
    assert after.code == before.code and after.score_percent == 82
    assert service.verify(before.code) == after


def test_a_renamed_profile_still_verifies_under_its_new_name(setup: Setup, course: Course) -> None:
    service, clock, db = setup
    profile_id = complete(db, clock, course, "Sam", 90)
    cert = service.certificate(profile_id, "alpha")
    assert cert is not None
    ProfileRepo(db).rename(profile_id, "Sam Taylor")
    found = service.verify(cert.code)
    assert found is not None and found.profile_name == "Sam Taylor"
