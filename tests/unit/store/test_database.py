"""Opening the progress file: pragmas, migrations, and refusing files it must not touch."""

from __future__ import annotations

import random
import sqlite3
from pathlib import Path

import pytest

from desktop.store.database import close_database, open_database
from desktop.store.errors import (
    DatabaseCorruptError,
    DatabaseTooNewError,
    DatabaseUnavailableError,
    StoreError,
)
from desktop.store.migrations import SCHEMA_VERSION, apply_migrations, stored_schema_version
from desktop.store.profiles import ProfileRepo


def _schema(path: Path) -> list[tuple[str, str]]:
    db = open_database(path)
    try:
        return db.execute("SELECT name, sql FROM sqlite_master ORDER BY name").fetchall()
    finally:
        close_database(db)


def test_creates_missing_folders_and_a_usable_file(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "data" / "prism.db"
    db = open_database(path)
    ProfileRepo(db).create("Sam")
    close_database(db)
    assert path.is_file()


def test_unusable_location_gives_a_readable_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(DatabaseUnavailableError, match="Check that the folder exists"):
        open_database(blocker / "prism.db")


def test_connection_is_durable_wal_with_foreign_keys(tmp_path: Path) -> None:
    db = open_database(tmp_path / "prism.db")
    try:
        assert db.journal_mode == "wal"
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 5000
    finally:
        close_database(db)


def test_tables_are_strict(tmp_path: Path) -> None:
    db = open_database(tmp_path / "prism.db")
    try:
        for table in ("profiles", "events", "quiz_attempts", "reflections", "settings"):
            assert db[table].strict, table
    finally:
        close_database(db)


def test_file_is_stamped_with_this_schema_version(tmp_path: Path) -> None:
    db = open_database(tmp_path / "prism.db")
    try:
        assert stored_schema_version(db) == SCHEMA_VERSION
    finally:
        close_database(db)


def test_migrating_twice_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    first = _schema(path)
    assert _schema(path) == first

    db = open_database(path)
    try:
        applied = db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall()
        changes = db.conn.total_changes
        apply_migrations(db)
        assert db.conn.total_changes == changes
        assert db.execute("SELECT name, applied_at FROM _sqlite_migrations").fetchall() == applied
    finally:
        close_database(db)


def test_file_from_a_newer_prism_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    db = open_database(path)
    db.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    close_database(db)
    before = path.read_bytes()

    with pytest.raises(DatabaseTooNewError) as caught:
        open_database(path)

    message = str(caught.value)
    assert "newer version of Prism" in message
    assert "Install the latest version" in message
    assert "Traceback" not in message and "sqlite" not in message.lower()
    assert path.read_bytes() == before


def test_random_bytes_are_reported_as_damaged_and_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    garbage = random.Random(7).randbytes(16384)
    path.write_bytes(garbage)

    with pytest.raises(DatabaseCorruptError) as caught:
        open_database(path)

    assert isinstance(caught.value, StoreError)
    assert "damaged" in str(caught.value)
    assert "restore a backup" in str(caught.value)
    assert path.read_bytes() == garbage
    assert sorted(p.name for p in tmp_path.iterdir()) == ["prism.db"]


def test_damaged_prism_file_is_reported_and_not_modified(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    db = open_database(path)
    repo = ProfileRepo(db)
    for number in range(200):
        repo.create(f"Learner {number}")
    close_database(db)
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = random.Random(1).randbytes(4096 * 2)  # scramble pages 2-3
    path.write_bytes(bytes(data))

    with pytest.raises(DatabaseCorruptError):
        open_database(path)
    assert path.read_bytes() == bytes(data)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    db = open_database(tmp_path / "prism.db")
    try:
        with pytest.raises(sqlite3.IntegrityError):
            db.execute(
                "INSERT INTO quiz_answers (attempt_id, question_id, response, correct, "
                "answered_utc) VALUES ('no-such-attempt', 'q1', '[0]', 1, 'now')"
            )
    finally:
        close_database(db)
