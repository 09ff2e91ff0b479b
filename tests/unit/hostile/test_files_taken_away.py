"""The WAL or the progress file taken away under a running Prism (issue 16, finding 9).

Real files: the WAL is deleted with os.unlink while the database is open, as a
clean-up tool or a sync client might. What a crash would leave is the folder as it is
on disk, opened fresh somewhere else.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.store.database import close_database, open_database
from desktop.store.errors import StoreError
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo


def _what_a_crash_leaves(folder: Path, elsewhere: Path) -> list[str]:
    """The reflections readable from the files now on disk (no clean close)."""
    elsewhere.mkdir()
    for name in ("prism.db", "prism.db-wal"):
        if (folder / name).exists():
            shutil.copy2(folder / name, elsewhere / name)
    raw = sqlite3.connect(elsewhere / "prism.db")
    try:
        return sorted(row[0] for row in raw.execute("SELECT text FROM reflections"))
    finally:
        raw.close()


@pytest.fixture
def running(tmp_path: Path) -> Iterator[tuple[Path, ReflectionRepo, str]]:
    """A running Prism's database with one reflection saved: (folder, repo, profile id)."""
    folder = tmp_path / "data"
    db = open_database(folder / "prism.db")
    profile = ProfileRepo(db).create("Sam")
    repo = ReflectionRepo(db)
    repo.create(profile.id, "alpha", None, "Before")
    yield folder, repo, profile.id
    close_database(db)


def test_a_deleted_wal_is_noticed_and_nothing_is_lost(running, tmp_path: Path) -> None:
    folder, repo, sam = running
    assert (folder / "prism.db-wal").exists()

    os.unlink(folder / "prism.db-wal")

    with pytest.raises(StoreError) as caught:
        repo.create(sam, "alpha", None, "After")
    assert caught.value.kind == "replaced"
    assert "deleted or replaced while Prism was running" in caught.value.message
    assert "nothing is lost" in caught.value.message
    repo.create(sam, "alpha", None, "After")  # the next try saves

    assert _what_a_crash_leaves(folder, tmp_path / "after-crash") == ["After", "Before"]


def test_a_replaced_progress_file_stops_saving_with_a_plain_message(running, tmp_path) -> None:
    folder, repo, sam = running
    os.replace(folder / "prism.db", tmp_path / "moved-away.db")
    (folder / "prism.db").write_bytes(b"")

    for _ in range(2):  # every write, not only the first
        with pytest.raises(StoreError) as caught:
            repo.create(sam, "alpha", None, "Lost?")
        assert caught.value.kind == "replaced"
        assert "close Prism and open it again" in caught.value.message
