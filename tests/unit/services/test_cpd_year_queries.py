"""A registration year's CPD records are chosen in SQL, not by decoding every record.

On a real SQLite file with records across many years (boundary days, undated drafts,
duplicates, future dates), the SQL path must give what checking every record gave.
"""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.cpd.records import PeerReflection
from desktop.cpd.registration_year import RegistrationYear
from desktop.cpd.requirements import NAMED_OUTSIDE, check_year
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.store.connection import Database
from desktop.store.database import close_database, open_database
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.commands.cpd_demo import SteppingClock


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    return load_course(write_course(tmp_path_factory.mktemp("course"))).course


@pytest.fixture
def world(course: Course, tmp_path: Path):
    db = open_database(tmp_path / "prism.db")
    clock = SteppingClock(datetime(2026, 6, 1, 9, tzinfo=UTC))
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path, clock=clock)
    service = CpdService(ctx)
    profile = ProfileRepo(db).create("Sam").id
    other = ProfileRepo(db).create("Alex").id
    yield service, profile, other, db
    close_database(db)


def _fill(service: CpdService, profile_id: str, count: int, seed: int) -> None:
    rng = random.Random(seed)
    days = [date(2025, 12, 1), date(2026, 11, 30), date(2025, 11, 30), date(2026, 12, 1)]
    for number in range(count):
        blank = service.new_blank(profile_id)
        roll = rng.random()
        if roll < 0.1:
            start = None
        elif roll < 0.3:
            start = rng.choice(days)
        else:
            start = date(2018, 1, 1) + timedelta(days=rng.randrange(3600))
        record = replace(
            blank,
            title=rng.choice(["Reading", "Supervision", "Course", f"Record {number}"]),
            start_date=start,
            learning="What I learnt." if rng.random() < 0.8 else "",
            impact="What changed." if rng.random() < 0.5 else "",
            minutes=30,
            peer=PeerReflection("my supervisor", start, "We talked.")
            if start and roll > 0.9
            else None,
        )
        service.save(record)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_years_check_and_list_match_checking_every_record(world, seed: int) -> None:
    service, profile, other, _db = world
    _fill(service, profile, 120, seed)
    _fill(service, other, 20, seed + 50)  # never counted for Sam
    everything = service.list(profile)
    for label in ("2017-18", "2024-25", "2025-26", "2026-27"):
        year = RegistrationYear.parse(label)
        today = date(2026, 6, 1)
        expected = check_year(everything, year, today)
        assert service.year_check(profile, year, today) == expected
        in_year = [
            r for r in everything if r.start_date is not None and year.contains(r.start_date)
        ]
        assert service.list(profile, year) == in_year
    assert service.undated(profile) == [r for r in everything if r.start_date is None]
    assert service.first_start_date(profile) == min(
        r.start_date for r in everything if r.start_date
    )


def test_the_outside_warning_names_a_few_and_counts_the_rest(world) -> None:
    service, profile, _other, _db = world
    for number in range(12):
        blank = service.new_blank(profile)
        service.save(
            replace(blank, title=f"Old {number:02d}", start_date=date(2020, 1, 1 + number))
        )
    year = RegistrationYear.parse("2025-26")
    warning = next(w for w in service.year_check(profile, year).warnings if "outside" in w)
    assert warning.startswith("12 records are dated outside 2025-26")
    named = [f"‘Old {n:02d}’" for n in range(NAMED_OUTSIDE)]
    assert warning.endswith(", ".join(named) + f" and {12 - NAMED_OUTSIDE} more.")
    assert "Old 11" not in warning


def test_the_year_is_found_through_the_profile_and_date_index(world) -> None:
    _service, _profile, _other, db = world
    assert isinstance(db, Database)
    plan = db.execute(
        "EXPLAIN QUERY PLAN SELECT * FROM cpd_records WHERE profile_id = 'p' "
        "AND start_date >= '2025-12-01' AND start_date <= '2026-11-30'"
    ).fetchall()
    assert any("cpd_records_profile_date" in str(row) for row in plan)
