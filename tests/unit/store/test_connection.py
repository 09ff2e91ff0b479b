"""The store's own connection keeps sqlite-utils' transaction rules, without importing it.

Every repository writes through ``Database.execute`` and ``atomic()``: a write must be
on disk when ``execute`` returns, a failed group of writes must leave nothing behind,
and opening an up-to-date progress file must not load sqlite-utils (the launch budget).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.connection import Database, first_keyword
from desktop.store.database import close_database, open_database


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "prism.db"


def _count(path: Path) -> int:
    """Rows in ``notes`` as another connection sees them: only what was committed."""
    other = sqlite3.connect(path)
    try:
        return other.execute("SELECT count(*) FROM notes").fetchone()[0]
    finally:
        other.close()


def _with_notes(path: Path) -> Database:
    db = Database(path)
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT NOT NULL)")
    return db


def test_a_write_outside_a_transaction_is_committed_at_once(path: Path) -> None:
    db = _with_notes(path)
    db.execute("INSERT INTO notes (text) VALUES (?)", ["first"])
    assert not db.conn.in_transaction
    assert _count(path) == 1
    db.close()


def test_a_failed_write_leaves_no_transaction_open_to_swallow_later_writes(path: Path) -> None:
    db = _with_notes(path)
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO notes (text) VALUES (NULL)")
    assert not db.conn.in_transaction
    db.execute("INSERT INTO notes (text) VALUES ('kept')")
    assert _count(path) == 1
    db.close()


def test_atomic_commits_together_or_not_at_all(path: Path) -> None:
    db = _with_notes(path)
    with db.atomic():
        db.execute("INSERT INTO notes (text) VALUES ('a')")
        db.execute("INSERT INTO notes (text) VALUES ('b')")
        assert _count(path) == 0  # nothing visible until the block ends
    assert _count(path) == 2
    with pytest.raises(RuntimeError), db.atomic():
        db.execute("INSERT INTO notes (text) VALUES ('c')")
        raise RuntimeError("the second half failed")
    assert _count(path) == 2
    assert not db.conn.in_transaction
    db.close()


def test_a_nested_block_that_fails_undoes_only_its_own_writes(path: Path) -> None:
    db = _with_notes(path)
    with db.atomic():
        db.execute("INSERT INTO notes (text) VALUES ('outer')")
        with pytest.raises(ValueError), db.atomic():
            db.execute("INSERT INTO notes (text) VALUES ('inner')")
            raise ValueError
    assert [row["text"] for row in db.query("SELECT text FROM notes")] == ["outer"]
    db.close()


def test_query_gives_dicts_and_refuses_statements_that_return_no_rows(path: Path) -> None:
    db = _with_notes(path)
    db.execute("INSERT INTO notes (text) VALUES ('hello')")
    assert list(db.query("SELECT id, text FROM notes")) == [{"id": 1, "text": "hello"}]
    assert list(db.query("SELECT text FROM notes WHERE id = :id", {"id": 1})) == [{"text": "hello"}]
    with pytest.raises(ValueError):
        db.query("BEGIN")
    with pytest.raises(ValueError):
        db.query("UPDATE notes SET text = 'x'")
    db.close()


@pytest.mark.parametrize(
    ("sql", "word"),
    [
        ("select 1", "SELECT"),
        ("  -- a note\n  INSERT INTO t VALUES (1)", "INSERT"),
        ("/* block */ begin", "BEGIN"),
        ("", ""),
    ],
)
def test_first_keyword_skips_space_and_comments(sql: str, word: str) -> None:
    assert first_keyword(sql) == word


def test_the_rest_of_sqlite_utils_is_there_when_asked_for(path: Path) -> None:
    db = _with_notes(path)
    assert db["notes"].exists()
    assert "notes" in db.table_names()
    db.enable_wal()
    assert db.journal_mode == "wal"
    db.close()


def test_opening_an_up_to_date_file_does_not_import_sqlite_utils(path: Path) -> None:
    close_database(open_database(path))  # created and migrated: sqlite-utils is used here
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from desktop.store.database import open_database, close_database\n"
        "db = open_database(Path(sys.argv[1]))\n"
        "db.execute('SELECT count(*) FROM profiles').fetchone()\n"
        "close_database(db)\n"
        "loaded = [m for m in ('sqlite_utils', 'click', 'desktop.store.migrations')"
        " if m in sys.modules]\n"
        "assert not loaded, loaded\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True)
