"""A damaged, empty or too-new progress file never crashes the start and is never deleted.

Each bad file is diagnosed without being changed; carrying on moves it aside (with its
-wal and -shm files), then restores the newest good backup or starts empty; quitting
changes nothing.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.services.backups import BackupService
from desktop.services.recovery import (
    RecoveryChoice,
    RecoveryDeclined,
    StartProblem,
    diagnose,
    open_for_start,
    recover,
    set_aside,
)
from desktop.services.startup import StartupError, start_services
from desktop.store.database import close_database, open_database
from desktop.store.migrations import SCHEMA_VERSION
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from tests.helpers.course_builder import write_course

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
STAMP = "2026-11-21T093000Z"


def clock() -> datetime:
    return NOW


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """A data folder with progress ('Before the damage') and one good backup of it."""
    folder = tmp_path / "data"
    db = open_database(folder / "prism.db")
    profile = ProfileRepo(db).create("Sam")
    ReflectionRepo(db).create(profile.id, "alpha", None, "Before the damage")
    yesterday = datetime(2026, 11, 20, 8, tzinfo=UTC)
    BackupService(db, folder / "prism.db", lambda: yesterday).back_up_now()
    ReflectionRepo(db).create(profile.id, "alpha", None, "Written after the backup")
    close_database(db)
    return folder


def garbage(path: Path) -> None:
    path.write_bytes(random.Random(5).randbytes(20_000))


def truncated(path: Path) -> None:
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])


def zero_length(path: Path) -> None:
    path.write_bytes(b"")


def header_only(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:60])


def newer_schema(path: Path) -> None:
    db = open_database(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 5)])
    close_database(db)


DAMAGE: dict[str, Callable[[Path], None]] = {
    "garbage bytes": garbage,
    "truncated file": truncated,
    "zero-length file": zero_length,
    "header cut short": header_only,
}


def texts(db) -> list[str]:
    profile = ProfileRepo(db).find_by_name("Sam")
    return sorted(r.text for r in ReflectionRepo(db).list(profile.id)) if profile else []


def files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.is_file())


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_damage_is_diagnosed_explained_and_nothing_is_changed(data_dir, damage) -> None:
    path = data_dir / "prism.db"
    damage(path)
    before, names = path.read_bytes(), files(data_dir)

    problem = diagnose(data_dir, clock)

    assert isinstance(problem, StartProblem)
    assert problem.kind == "damaged"
    assert problem.set_aside_as.name == f"prism.db.damaged-{STAMP}"
    assert problem.backup is not None and problem.backup.kind == "manual"
    text = problem.explanation
    assert "damaged" in text and "Prism has not changed it" in text
    assert f"prism.db.damaged-{STAMP}" in text and "nothing is deleted" in text
    assert "Friday 20 November 2026, 08:00" in text  # the backup on offer
    assert "Traceback" not in text and "sqlite" not in text.lower()
    assert path.read_bytes() == before
    assert files(data_dir) == names


@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_restoring_the_offered_backup_keeps_the_damaged_file(data_dir, damage) -> None:
    path = data_dir / "prism.db"
    damage(path)
    damaged_bytes = path.read_bytes()

    opened = open_for_start(data_dir, lambda problem: RecoveryChoice.RESTORE_BACKUP, clock)

    try:
        assert texts(opened.db) == ["Before the damage"]
    finally:
        close_database(opened.db)
    kept = data_dir / f"prism.db.damaged-{STAMP}"
    assert kept.read_bytes() == damaged_bytes
    assert opened.report is not None
    message = opened.report.message()
    assert "restored your progress from the backup from Friday 20 November 2026" in message
    assert kept.name in message


def test_starting_empty_keeps_the_damaged_file(data_dir) -> None:
    garbage(data_dir / "prism.db")
    opened = open_for_start(data_dir, lambda problem: RecoveryChoice.START_EMPTY, clock)
    try:
        assert ProfileRepo(opened.db).list() == []
    finally:
        close_database(opened.db)
    assert (data_dir / f"prism.db.damaged-{STAMP}").exists()
    assert "started with an empty progress file" in opened.report.message()


def test_quitting_changes_nothing(data_dir) -> None:
    path = data_dir / "prism.db"
    garbage(path)
    before, names = path.read_bytes(), files(data_dir)
    with pytest.raises(RecoveryDeclined, match="damaged"):
        open_for_start(data_dir, lambda problem: RecoveryChoice.QUIT, clock)
    assert path.read_bytes() == before and files(data_dir) == names


def test_setting_aside_takes_the_wal_and_shm_files_too(tmp_path) -> None:
    # A WAL left beside a new prism.db would be replayed into it, so it must move.
    database = tmp_path / "prism.db"
    for suffix, content in (("", b"db"), ("-wal", b"wal"), ("-shm", b"shm")):
        (tmp_path / f"prism.db{suffix}").write_bytes(content)
    moved = set_aside(database, tmp_path / f"prism.db.damaged-{STAMP}")
    assert files(tmp_path) == [
        f"prism.db.damaged-{STAMP}",
        f"prism.db.damaged-{STAMP}-shm",
        f"prism.db.damaged-{STAMP}-wal",
    ]
    assert moved.read_bytes() == b"db"


def test_no_wal_is_left_beside_the_new_file(data_dir) -> None:
    garbage(data_dir / "prism.db")
    (data_dir / "prism.db-wal").write_bytes(b"not a real wal")
    close_database(
        open_for_start(data_dir, lambda problem: RecoveryChoice.RESTORE_BACKUP, clock).db
    )
    db = open_database(data_dir / "prism.db")
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert texts(db) == ["Before the damage"]
    finally:
        close_database(db)


def test_a_second_recovery_in_the_same_second_does_not_overwrite_the_first(data_dir) -> None:
    for _ in range(2):
        garbage(data_dir / "prism.db")
        close_database(
            open_for_start(data_dir, lambda problem: RecoveryChoice.START_EMPTY, clock).db
        )
    kept = sorted(p.name for p in data_dir.glob("prism.db.damaged-*"))
    assert kept == [f"prism.db.damaged-{STAMP}", f"prism.db.damaged-{STAMP}-2"]


def test_a_file_from_a_newer_prism_is_explained_and_set_aside_only_if_asked(data_dir) -> None:
    path = data_dir / "prism.db"
    newer_schema(path)
    before = path.read_bytes()

    problem = diagnose(data_dir, clock)

    assert isinstance(problem, StartProblem) and problem.kind == "too-new"
    assert "newer version of Prism" in problem.explanation
    assert "install the latest Prism" in problem.explanation
    assert problem.set_aside_as.name == f"prism.db.newer-{STAMP}"
    assert path.read_bytes() == before
    opened = recover(problem, RecoveryChoice.RESTORE_BACKUP, clock)
    try:
        assert texts(opened.db) == ["Before the damage"]
    finally:
        close_database(opened.db)
    assert (data_dir / f"prism.db.newer-{STAMP}").read_bytes() == before


def test_with_no_good_backup_only_an_empty_start_is_offered(data_dir) -> None:
    for backup in (data_dir / "backups").iterdir():
        backup.write_bytes(b"also damaged")
    garbage(data_dir / "prism.db")
    problem = diagnose(data_dir, clock)
    assert isinstance(problem, StartProblem)
    assert problem.backup is None
    assert "There is no backup to restore" in problem.explanation
    with pytest.raises(ValueError):
        recover(problem, RecoveryChoice.RESTORE_BACKUP, clock)


def test_start_up_without_anyone_to_ask_stops_with_a_message_and_changes_nothing(
    data_dir, tmp_path
) -> None:
    write_course(tmp_path / "course")
    path = data_dir / "prism.db"
    garbage(path)
    before, names = path.read_bytes(), files(data_dir)
    with pytest.raises(StartupError) as caught:
        start_services(tmp_path / "course" / "content", tmp_path / "course" / "assets", data_dir)
    assert "damaged" in str(caught.value)
    assert "Traceback" not in str(caught.value)
    assert path.read_bytes() == before and files(data_dir) == names


def test_no_chooser_means_declined_with_a_way_forward(data_dir) -> None:
    newer_schema(data_dir / "prism.db")
    with pytest.raises(RecoveryDeclined) as caught:
        open_for_start(data_dir, None, clock)
    assert "prism restore --list" in str(caught.value)


def test_a_healthy_file_opens_with_no_report(data_dir) -> None:
    opened = open_for_start(data_dir, lambda problem: pytest.fail("nothing to ask"), clock)
    try:
        assert opened.report is None
        assert texts(opened.db) == ["Before the damage", "Written after the backup"]
    finally:
        close_database(opened.db)
