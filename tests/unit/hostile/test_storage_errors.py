"""Honest storage errors (issue 16, finding 8): a write that fails says so, plainly.

Real SQLite refusals, not mocks: ``max_page_count`` makes the file "full" exactly as a
full disk does (SQLITE_FULL), ``query_only`` refuses writes as a read-only folder does
(SQLITE_READONLY), and a second connection holding the write lock is another Prism
(SQLITE_BUSY). Each must arrive as a ``StoreError`` whose message says what to do,
the stored text must be what was last saved, and the next save after the cause is
gone must work.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.journal import JournalService
from desktop.store.database import close_database, open_database
from desktop.store.errors import StoreError
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.storage_errors import StorageError
from tests.unit.services.archive_helpers import build_course


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple]:
    db = open_database(tmp_path / "data" / "prism.db")
    profile = ProfileRepo(db).create("Sam")
    journal = JournalService(build_course(tmp_path / "course"), ReflectionRepo(db))
    reflection = journal.start(profile.id, "alpha", None, "First words")
    yield db, journal, reflection.id, tmp_path / "data" / "prism.db"
    close_database(db)


def _stored_text(path: Path, reflection_id: str) -> str:
    raw = sqlite3.connect(path)
    try:
        return raw.execute("SELECT text FROM reflections WHERE id = ?", [reflection_id]).fetchone()[
            0
        ]
    finally:
        raw.close()


def test_a_full_disk_is_a_plain_store_error_and_nothing_claims_it_saved(setup) -> None:
    db, journal, reflection_id, path = setup
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(StoreError) as caught:
        journal.save(reflection_id, "A long paragraph. " * 20_000)

    error = caught.value
    assert isinstance(error, StorageError) and error.kind == "full"
    assert "disk is full" in error.message and "Free some space" in error.message
    assert "sqlite" not in error.message.casefold()
    assert _stored_text(path, reflection_id) == "First words"

    from desktop.ui.shell.error_dialog import friendly_text

    title, message = friendly_text(error)
    assert "saved" not in title.casefold() or "could not" in title.casefold()
    assert "Your work is saved" not in title + message

    db.execute("PRAGMA max_page_count = 1073741823")
    journal.save(reflection_id, "A long paragraph. " * 20_000)
    assert _stored_text(path, reflection_id).startswith("A long paragraph.")


def test_a_read_only_file_is_a_plain_store_error(setup) -> None:
    db, journal, reflection_id, path = setup
    db.execute("PRAGMA query_only = ON")
    with pytest.raises(StoreError) as caught:
        journal.save(reflection_id, "Second words")
    assert caught.value.kind == "read-only"
    assert "cannot be written to" in caught.value.message
    assert _stored_text(path, reflection_id) == "First words"


def test_a_file_held_by_another_prism_is_a_plain_store_error(setup) -> None:
    db, journal, reflection_id, path = setup
    db.execute("PRAGMA busy_timeout = 50")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(StoreError) as caught:
            journal.save(reflection_id, "Second words")
        assert caught.value.kind == "busy"
        assert "another copy of Prism" in caught.value.message
        from desktop.ui.shell.error_dialog import friendly_text

        title, message = friendly_text(caught.value)
        assert title == "Prism could not save" and "saved" not in message.replace("is saved as", "")
    finally:
        other.execute("ROLLBACK")
        other.close()
    journal.save(reflection_id, "Second words")
    assert _stored_text(path, reflection_id) == "Second words"


def test_the_store_keeps_sqlites_own_class_and_words_for_the_log(setup) -> None:
    db, *_ = setup
    with pytest.raises(sqlite3.OperationalError) as caught:
        db.execute("SELECT * FROM no_such_table")
    assert isinstance(caught.value, StoreError)
    assert "no_such_table" in caught.value.detail
