"""The full check at open runs only after a session that did not end cleanly.

A clean close leaves a marker holding the file's size and time; a crash leaves none.
Real files, and a real crash: a child process that opens the database, writes, and
leaves with ``os._exit`` (no close, as a kill or power cut would).
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path

import pytest

from desktop.store.database import (
    clean_marker,
    close_database,
    open_database,
    quick_check_file,
)
from desktop.store.errors import DatabaseCorruptError
from desktop.store.profiles import ProfileRepo

REPO = Path(__file__).resolve().parents[3]


def _with_profiles(path: Path, count: int = 200) -> None:
    db = open_database(path)
    repo = ProfileRepo(db)
    for number in range(count):
        repo.create(f"Learner {number}")
    close_database(db)


def _crash_while_open(path: Path) -> None:
    """Open the database in another process, write, and die without closing."""
    code = (
        "import os, sys\n"
        "from pathlib import Path\n"
        "from desktop.store.database import open_database\n"
        "from desktop.store.profiles import ProfileRepo\n"
        "db = open_database(Path(sys.argv[1]))\n"
        "ProfileRepo(db).create('Written before the crash')\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], cwd=REPO, check=True)


def test_a_clean_close_lets_the_next_open_skip_the_full_check(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    _with_profiles(path)
    assert clean_marker(path).exists()
    db = open_database(path)
    try:
        assert db.checked_at_open is False
        assert not clean_marker(path).exists()  # removed before anything is written
    finally:
        close_database(db)


def test_a_crash_makes_the_next_open_check_the_file(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    _with_profiles(path, 3)
    _crash_while_open(path)
    assert not clean_marker(path).exists()
    db = open_database(path)
    try:
        assert db.checked_at_open is True
        names = [p.name for p in ProfileRepo(db).list()]
        assert "Written before the crash" in names  # the WAL's committed write survived
    finally:
        close_database(db)
    again = open_database(path)  # and after this clean close, no check again
    try:
        assert again.checked_at_open is False
    finally:
        close_database(again)


def test_damage_after_a_crash_is_reported_at_open(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    _with_profiles(path)
    _crash_while_open(path)
    db = open_database(path)  # folds the crashed session's WAL in
    db.close()  # not a clean close: no marker
    _scramble(path)
    with pytest.raises(DatabaseCorruptError):
        open_database(path)


def test_a_file_changed_while_prism_was_closed_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    _with_profiles(path)
    _scramble(path)  # another program wrote to it: the marker no longer matches
    with pytest.raises(DatabaseCorruptError):
        open_database(path)


def test_damage_the_marker_cannot_see_is_found_by_the_background_check(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    _with_profiles(path)
    assert quick_check_file(path) == []
    stat = path.stat()
    _scramble(path)
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # as a failing disk would
    db = open_database(path)  # opens without the full check...
    try:
        assert db.checked_at_open is False
    finally:
        db.close()
    assert quick_check_file(path)  # ...and the check the window runs after it shows says so


def test_a_new_file_needs_no_check(tmp_path: Path) -> None:
    db = open_database(tmp_path / "prism.db")
    try:
        assert db.checked_at_open is False
    finally:
        close_database(db)


def _scramble(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 : 4096 * 3] = random.Random(1).randbytes(4096 * 2)
    path.write_bytes(bytes(data))
