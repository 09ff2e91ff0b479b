"""One impossible or far-future time in the progress file never stops Prism (issue 16, 3).

Such a time came in through imports that checked only the shape of a timestamp
(``2026-02-31T09:00:00Z`` has the shape). The file below holds them the way an old
import left them; the profile list, every page's service and ``prism check`` must work,
and the check must repair them without touching anything a learner wrote.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import cli
from desktop.services.startup import start_services
from desktop.store.database import close_database, open_database
from desktop.store.profiles import ProfileRepo
from desktop.store.timestamps import TIMESTAMP_COLUMNS, parse_utc, time_problem
from tests.helpers.course_builder import write_course
from tests.helpers.tables import data_tables
from tests.unit.services.archive_helpers import fill_profile
from tests.unit.store.fakes import FakeClock

IMPOSSIBLE = "2026-02-31T09:00:00Z"
FUTURE = "9999-12-31T23:59:59.000Z"


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, Path, str]:
    """Sam's work with impossible and future times in many tables, and Alex beside it."""
    content = write_course(tmp_path / "course")
    from desktop.course.loader import load_course

    course = load_course(content, tmp_path / "course" / "assets").course
    folder = tmp_path / "home"
    db = open_database(folder / "prism.db")
    sam = fill_profile(db, course, FakeClock())
    ProfileRepo(db).create("Alex")
    raw = db.conn
    raw.execute(
        "UPDATE profiles SET last_used_utc = ?, updated_utc = ? WHERE id = ?",
        [IMPOSSIBLE, FUTURE, sam.id],
    )
    raw.execute("UPDATE reflections SET created_utc = ?, updated_utc = ?", [IMPOSSIBLE, FUTURE])
    raw.execute(
        "UPDATE quiz_attempts SET finished_utc = ? WHERE finished_utc IS NOT NULL", [IMPOSSIBLE]
    )
    raw.execute("UPDATE quiz_answers SET answered_utc = ?", [IMPOSSIBLE])
    raw.execute("UPDATE capability_ratings SET rated_utc = ?", [IMPOSSIBLE])
    raw.execute("UPDATE modules_read SET read_utc = ?", [IMPOSSIBLE])
    raw.execute("UPDATE cpd_records SET updated_utc = ?", [IMPOSSIBLE])
    raw.execute(
        "INSERT INTO events (id, profile_id, ts_utc, verb, object_id) VALUES (?, ?, ?, ?, ?)",
        ["bad-event", sam.id, IMPOSSIBLE, "opened", "module:alpha"],
    )
    raw.commit()
    close_database(db)
    return folder, content, sam.id


def prism(*argv: str) -> int:
    return cli.main(list(argv))


def test_the_profile_list_shows_everyone_and_says_what_to_do(home, capsys) -> None:
    folder, _content, _sam = home
    assert prism("--data-dir", str(folder), "profile", "list") == 0
    out = capsys.readouterr().out
    assert "Alex" in out and "Sam Patel" in out
    sam_line = next(line for line in out.splitlines() if line.startswith("Sam Patel"))
    assert "prism check" in sam_line


def test_every_page_of_the_profile_still_opens(home, tmp_path) -> None:
    folder, content, sam = home
    services = start_services(content, tmp_path / "course" / "assets", folder)
    try:
        profiles = services.profiles.list()
        assert {p.name for p in profiles} == {"Sam Patel", "Alex"}
        for profile in profiles:
            assert services.profiles.last_used_text(profile)
        services.dashboard.summary(sam)
        services.cpd.list(sam)
        services.cpd.completed_modules(sam)
        for group in services.journal.groups(sam):
            for entry in group.entries:
                assert entry.created and entry.updated
        services.capabilities.history(sam)
        services.team_summary.csv_bytes()
        services.refresh.due(sam)
    finally:
        services.close()


def _bad_times(path: Path) -> list[tuple[str, str, str]]:
    raw = sqlite3.connect(path)
    try:
        found = []
        for table, columns in TIMESTAMP_COLUMNS.items():
            for column in columns:
                for (value,) in raw.execute(f"SELECT {column} FROM {table}"):
                    if (value is not None and parse_utc(value) is None) or value == FUTURE:
                        found.append((table, column, value))
        return found
    finally:
        raw.close()


def _writing(path: Path) -> list[tuple]:
    raw = sqlite3.connect(path)
    try:
        return sorted(raw.execute("SELECT id, text FROM reflections")) + sorted(
            raw.execute("SELECT id, record_json FROM cpd_records")
        )
    finally:
        raw.close()


def test_prism_check_finds_and_repairs_the_dates_and_keeps_every_word(home, capsys) -> None:
    folder, _content, _sam = home
    database = folder / "prism.db"
    writing = _writing(database)
    assert _bad_times(database)

    assert prism("--data-dir", str(folder), "check") == 0
    out = capsys.readouterr().out
    assert "not real dates" in out or "in the future" in out
    assert "repaired" in out.casefold()
    assert _bad_times(database) == []
    assert _writing(database) == writing

    assert prism("--data-dir", str(folder), "check") == 0
    assert "healthy" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("stamp", "problem"),
    [
        ("2026-02-31T09:00:00Z", "not a real"),
        ("2026-02-28T25:00:00.000Z", "not a real"),
        ("2026-02-28 09:00:00", "not a real"),
        ("1999-12-31T23:59:59.000Z", "before 2000"),
        ("2026-12-09T09:00:00.000Z", "future"),
        ("2026-03-02T09:00:00.000Z", None),
        ("2026-12-07T08:00:00.000Z", None),  # within a day ahead: a clock a little fast
    ],
)
def test_the_rules_for_a_believable_time(stamp, problem) -> None:
    from datetime import UTC, datetime

    now = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
    found = time_problem(stamp, now)
    assert (found is None) if problem is None else (problem in found)


def test_every_time_column_in_the_schema_is_checked() -> None:
    from desktop.store.database import open_memory_database
    from desktop.store.timestamps import DAY_COLUMNS

    db = open_memory_database()
    try:
        for table in data_tables(db):
            columns = {r[1] for r in db.execute(f"PRAGMA table_info({table})")}
            times = {c for c in columns if c.endswith("_utc")}
            assert times == set(TIMESTAMP_COLUMNS.get(table, ())), table
            assert set(DAY_COLUMNS.get(table, ())) <= columns, table
    finally:
        db.close()


def test_a_future_time_already_here_never_beats_an_honest_edit(tmp_path) -> None:
    """A reflection dated 9999 by an old forged import still loses to a real later edit."""
    from desktop.services.archive import ArchiveService
    from desktop.store.database import open_memory_database
    from desktop.store.reflections import ReflectionRepo

    here, there = open_memory_database(), open_memory_database()
    try:
        sam = ProfileRepo(there).create("Sam")
        note = ReflectionRepo(there).create(sam.id, "alpha", None, "First words")
        ArchiveService(here, tmp_path).import_archive(
            ArchiveService(there, tmp_path).export_profile(sam.id, tmp_path / "a.prism")
        )
        here.conn.execute(
            "UPDATE reflections SET text = 'Forged', updated_utc = ? WHERE id = ?",
            [FUTURE, note.id],
        )
        here.conn.commit()
        ReflectionRepo(there).update(note.id, "An honest later edit")

        ArchiveService(here, tmp_path).import_archive(
            ArchiveService(there, tmp_path).export_profile(sam.id, tmp_path / "b.prism")
        )

        assert ReflectionRepo(here).get(note.id).text == "An honest later edit"
    finally:
        here.close()
        there.close()
