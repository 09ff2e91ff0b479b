"""Shared by the archive tests: a profile filled through the real services, and table dumps.

``fill_profile`` plays a learner's week: reading, a passed quiz and an unfinished one,
a finished and an unfinished scenario, reflections, capability ratings, a setting, a
CPD record with an older version, study time and a refresh item. Rows go in through
the repositories and services the app uses, except the CPD record and refresh item,
written as SQL against the schema so these tests do not depend on other work in flight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlite_utils

from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.domain.quiz import Question
from desktop.services.archive import ArchiveService
from desktop.services.quiz import QuizService
from desktop.services.reading import ReadingService
from desktop.services.scenarios import ScenarioService
from desktop.store.archive import INSTALLATION_TABLES
from desktop.store.capabilities import CapabilityRepo
from desktop.store.database import close_database, open_database
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.scenarios import ScenarioRepo
from desktop.store.settings import SettingsRepo
from tests.helpers.course_builder import write_course
from tests.helpers.tables import data_tables
from tests.unit.store.fakes import FakeClock


def build_course(folder: Path) -> Course:
    """The two-module test course (alpha, beta), written under ``folder``."""
    content = write_course(folder)
    return load_course(content, folder / "assets").course


@dataclass
class Laptop:
    """One computer's data folder: its database and archive service."""

    folder: Path
    db: sqlite_utils.Database
    clock: FakeClock
    archive: ArchiveService

    @property
    def profiles(self) -> ProfileRepo:
        return ProfileRepo(self.db, self.clock)

    def close(self) -> None:
        close_database(self.db)


def open_laptop(folder: Path, clock: FakeClock | None = None) -> Laptop:
    clock = clock or FakeClock()
    db = open_database(folder / "prism.db")
    return Laptop(folder, db, clock, ArchiveService(db, folder, clock))


@contextmanager
def laptops_in(folder: Path) -> Iterator[Callable[[str], Laptop]]:
    """Opens laptops by name under ``folder`` (each with its own clock); closes them all."""
    opened: list[Laptop] = []

    def make(name: str) -> Laptop:
        laptop = open_laptop(folder / name, FakeClock())
        opened.append(laptop)
        return laptop

    try:
        yield make
    finally:
        for laptop in opened:
            laptop.close()


def correct_choices(question: Question) -> list[int]:
    return [i for i, option in enumerate(question.options) if option.correct]


def fill_profile(
    db: sqlite_utils.Database, course: Course, clock: FakeClock, name: str = "Sam Patel"
) -> Profile:
    """A profile with a row in every table a learner's work reaches."""
    profiles = ProfileRepo(db, clock)
    profile = profiles.create(name, colour="teal")
    profiles.set_team_summary_consent(profile.id, True)
    profiles.mark_used(profile.id)
    pid = profile.id
    progress = ProgressRepo(db, clock)
    quiz_repo, scenario_repo = QuizRepo(db, clock), ScenarioRepo(db, clock)
    reading = ReadingService(course, progress, EventLog(db, clock), quiz_repo, scenario_repo)
    reading.opened(pid, "alpha")
    reading.save_position(pid, "alpha", "section-2", 0.4)
    reading.save_position(pid, "beta", None, 0.1)
    reading.mark_read(pid, "alpha")
    progress.add_study_time(pid, "alpha", "section-1", 125.5)
    progress.add_study_time(pid, "beta", None, 30)

    quizzes = QuizService(course, quiz_repo)
    passed = quizzes.start_new(pid, "alpha")
    for question in passed.questions:
        quizzes.answer(passed, question.id, correct_choices(question))
    assert quizzes.finish(passed).passed
    unfinished = quizzes.start_new(pid, "beta")
    first = unfinished.questions[0]
    quizzes.answer(unfinished, first.id, [len(first.options) - 1])

    scenarios = ScenarioService(course, scenario_repo)
    run = scenarios.start_new(pid, "alpha")
    while not run.node.is_ending:
        scenarios.choose(run, 0)
    half = scenarios.start_new(pid, "beta")
    scenarios.choose(half, 0)

    reflections = ReflectionRepo(db, clock)
    reflections.create(pid, "alpha", "learned", "I check who can see a post before I share it. ✓")
    reflections.create(pid, "beta", None, "Line one\nLine two — with “quotes” and émigré")
    CapabilityRepo(db, clock).rate(
        pid, {"digital-identity": (3, "Getting there"), "wellbeing": (4, "")}
    )
    SettingsRepo(db).set("registration_number", "SW123456", pid)

    record_id, now = "cpd1" + pid[:8], _now(clock)
    db.execute(
        "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, created_utc, "
        "updated_utc) VALUES (?, ?, 'draft', '2026-03-02', ?, ?, ?)",
        [record_id, pid, cpd_json(record_id, pid, "Online boundaries", clock), now, now],
    )
    db.execute(
        "INSERT INTO cpd_record_history (id, record_id, profile_id, record_json, replaced_utc) "
        "VALUES (?, ?, ?, ?, ?)",
        ["hist1" + pid[:8], record_id, pid, cpd_json(record_id, pid, "Draft", clock), now],
    )
    db.execute(
        "INSERT INTO refresh_items (profile_id, module_id, question_id, due_day, interval_days, "
        "correct_streak, added_utc, updated_utc) VALUES (?, 'beta', ?, '2026-03-04', 2, 0, ?, ?)",
        [pid, first.id, _now(clock), _now(clock)],
    )
    return profiles.get(pid) or profile


def cpd_json(record_id: str, profile_id: str, title: str, clock: FakeClock) -> str:
    """A CPD record as the app stores it (its own model's ``to_dict``), as JSON."""
    import json
    from datetime import date

    from desktop.cpd.form import CPD_TYPES
    from desktop.cpd.records import CpdRecord

    moment = clock()
    record = CpdRecord(
        id=record_id,
        profile_id=profile_id,
        cpd_type=CPD_TYPES[0],
        title=title,
        start_date=date(2026, 3, 2),
        status="draft",
        created_utc=moment,
        updated_utc=moment,
    )
    return json.dumps(record.to_dict(), ensure_ascii=False)


def _now(clock: FakeClock) -> str:
    from desktop.store.clock import utc_iso

    return utc_iso(clock())


def profile_tables(db: sqlite_utils.Database, profile_id: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row that belongs to the profile, table by table, sorted (the profile row too).

    Found from the schema (every table with a profile_id), not from the archive's own
    list, so a table the archive forgets shows up as a difference. Team sessions are
    one declared exception: they belong to the computer (INSTALLATION_TABLES). The other
    is ``profile_seals``: the ledger and settings seal are remade on each computer by the
    owner's key (at the import, or at the first unlock after it), never carried.
    """
    out: dict[str, list[tuple[Any, ...]]] = {
        "profiles": sorted(db.execute("SELECT * FROM profiles WHERE id = ?", [profile_id]))
    }
    for table in data_tables(db):
        columns = [row[1] for row in db.execute(f"PRAGMA table_info({table})")]
        if "profile_id" in columns and table not in INSTALLATION_TABLES | {"profile_seals"}:
            rows = db.execute(f"SELECT * FROM {table} WHERE profile_id = ?", [profile_id])
            out[table] = sorted(rows, key=repr)
    out["quiz_answers"] = sorted(
        db.execute(
            "SELECT a.* FROM quiz_answers a JOIN quiz_attempts q ON q.id = a.attempt_id "
            "WHERE q.profile_id = ?",
            [profile_id],
        ),
        key=repr,
    )
    return out


def dump(db: sqlite_utils.Database) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in storage order: equal dumps mean nothing changed."""
    return {
        table: list(db.execute(f"SELECT rowid, * FROM {table} ORDER BY rowid"))
        for table in data_tables(db)
    }
