"""A full disk or a read-only data folder gives a clear message and leaves nothing
half-written. The tests run as root, where chmod cannot block writes, so the
operating system's refusals (ENOSPC, EROFS) are injected where the file is written.
"""

from __future__ import annotations

import errno
import logging
import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

import desktop.atomic_files as atomic_files
from desktop import logs
from desktop.services.backups import BackupError, BackupService
from desktop.services.recovery import RecoveryChoice, RecoveryError, StartProblem, diagnose, recover
from desktop.store import database as database_module
from desktop.store.database import close_database, open_database
from desktop.store.errors import DatabaseUnavailableError
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo

NOW = datetime(2026, 11, 21, 9, 30, tzinfo=UTC)
FULL = OSError(errno.ENOSPC, "No space left on device")
READ_ONLY = OSError(errno.EROFS, "Read-only file system")


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "prism.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(db_path)
    profile = ProfileRepo(database).create("Sam")
    ReflectionRepo(database).create(profile.id, "alpha", None, "My words")
    yield database
    close_database(database)


@pytest.fixture
def service(db, db_path) -> BackupService:
    return BackupService(db, db_path, lambda: NOW)


def fail_fsync_with(monkeypatch, error: OSError) -> None:
    """The data is written, then the disk refuses to make it durable."""

    def refuse(fd: int) -> None:
        raise error

    monkeypatch.setattr(atomic_files.os, "fsync", refuse)


def fail_create_with(monkeypatch, error: OSError) -> None:
    """The folder refuses even the temporary file."""

    def refuse(*args, **kwargs):
        raise error

    monkeypatch.setattr(atomic_files.tempfile, "mkstemp", refuse)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_backup_on_a_full_disk_says_so_and_leaves_nothing(service, monkeypatch) -> None:
    fail_fsync_with(monkeypatch, FULL)
    with pytest.raises(BackupError) as caught:
        service.back_up_now()
    message = caught.value.message
    assert "disk is full" in message and "free some space" in message
    assert leftovers(service.folder) == []


def test_a_backup_into_a_read_only_folder_says_so(service, monkeypatch) -> None:
    fail_create_with(monkeypatch, READ_ONLY)
    with pytest.raises(BackupError, match="read-only"):
        service.back_up_now()
    assert leftovers(service.folder) == []


def test_a_failed_daily_backup_at_start_is_a_notice(service, monkeypatch) -> None:
    fail_create_with(monkeypatch, READ_ONLY)
    service.start_up()  # must not raise
    (notice,) = service.take_notices()
    assert "could not make today's automatic backup" in notice and "read-only" in notice


def test_a_restore_whose_safety_copy_cannot_be_saved_changes_nothing(
    service, db, monkeypatch
) -> None:
    backup = service.back_up_now()
    profile = ProfileRepo(db).find_by_name("Sam")
    ReflectionRepo(db).create(profile.id, "alpha", None, "Newer words")
    fail_fsync_with(monkeypatch, FULL)
    with pytest.raises(BackupError, match="disk is full"):
        service.restore(backup)
    texts = sorted(r.text for r in ReflectionRepo(db).list(profile.id))
    assert texts == ["My words", "Newer words"]
    assert [b.path for b in service.list_backups()] == [backup.path]


def test_an_export_on_a_full_disk_leaves_no_partial_file(tmp_path, monkeypatch) -> None:
    target = tmp_path / "exports" / "prism-cpd.pdf"
    target.parent.mkdir()
    fail_fsync_with(monkeypatch, FULL)
    with pytest.raises(OSError) as caught:
        atomic_files.write_bytes_atomic(target, b"%PDF-1.4 " + b"x" * 10_000)
    assert caught.value.errno == errno.ENOSPC
    assert leftovers(target.parent) == []


def test_opening_on_a_read_only_disk_says_what_to_do(db_path, monkeypatch) -> None:
    close_database(open_database(db_path))

    def read_only(db) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(database_module, "_configure", read_only)
    with pytest.raises(DatabaseUnavailableError) as caught:
        open_database(db_path)
    assert "allowed to save files there" in caught.value.message
    assert "disk is not full" in caught.value.message


def test_recovery_on_a_read_only_disk_puts_everything_back(db_path, monkeypatch) -> None:
    close_database(open_database(db_path))
    db_path.write_bytes(b"\x00 damaged " * 500)
    before = db_path.read_bytes()
    problem = diagnose(db_path.parent, lambda: NOW)
    assert isinstance(problem, StartProblem)

    def refuse(*args, **kwargs):
        raise READ_ONLY

    monkeypatch.setattr("desktop.services.recovery.os.replace", refuse)
    with pytest.raises(RecoveryError) as caught:
        recover(problem, RecoveryChoice.START_EMPTY, lambda: NOW)
    assert "read-only" in str(caught.value) and "still where it was" in str(caught.value)
    assert db_path.read_bytes() == before


def test_recovery_whose_restore_hits_a_full_disk_puts_the_file_back(
    db, db_path, service, monkeypatch
) -> None:
    service.back_up_now()
    close_database(db)
    db_path.write_bytes(b"\x00 damaged " * 500)
    before = db_path.read_bytes()
    problem = diagnose(db_path.parent, lambda: NOW)
    assert isinstance(problem, StartProblem) and problem.backup is not None
    fail_fsync_with(monkeypatch, FULL)
    with pytest.raises(RecoveryError) as caught:
        recover(problem, RecoveryChoice.RESTORE_BACKUP, lambda: NOW)
    assert "disk is full" in str(caught.value)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("prism.db.damaged-*"))


def test_a_log_folder_that_cannot_be_made_does_not_stop_prism(tmp_path, monkeypatch) -> None:
    def refuse(*args, **kwargs):
        raise READ_ONLY

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert logs.setup_logging(tmp_path / "data") is None
    logging.getLogger("desktop.test").error("still fine")  # nowhere to write, no crash


def test_a_log_file_that_cannot_be_opened_drops_records_quietly(tmp_path, monkeypatch) -> None:
    import logging.handlers

    def refuse(*args, **kwargs):
        raise READ_ONLY

    monkeypatch.setattr(logging.handlers, "RotatingFileHandler", refuse)
    assert logs.setup_logging(tmp_path / "data") is not None
    try:
        logging.getLogger("desktop.test").error("nowhere to go")  # no crash, no traceback
        logging.getLogger("desktop.test").error("still nowhere")
    finally:
        logs.stop_logging()
