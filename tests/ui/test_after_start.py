"""Today's backup and the file check run after the window shows, in a worker thread.

Real files and a real window: the backup on disk must be complete (every row the
progress file holds, at the moment it was taken), checked, and a plain SQLite file;
damage the open did not look for is reported in the status bar, and never copied.
"""

from __future__ import annotations

import os
import random
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.services.startup import start_services
from desktop.store.backup import check_file, list_backups, stream_backup
from desktop.store.database import close_database, open_database
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from desktop.ui.shell.after_start import DAMAGE_NOTICE, AfterStart
from desktop.ui.shell.main_window import MainWindow


def _rows(path: Path) -> dict[str, list[tuple]]:
    connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
    try:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()
            for table in ("profiles", "events", "reflections")
        }
    finally:
        connection.close()


def _busy_database(path: Path, events: int = 3000) -> None:
    db = open_database(path)
    profile = ProfileRepo(db).create("Sam")
    log = EventLog(db)
    with db.atomic():
        for number in range(events):
            log.append(profile.id, "opened", f"module:m{number % 7}")
    close_database(db)


def test_a_streamed_backup_is_complete_checked_and_plain(tmp_path: Path) -> None:
    database = tmp_path / "prism.db"
    _busy_database(database)
    folder = tmp_path / "backups"
    made = stream_backup(
        database, folder, "daily", datetime(2026, 12, 6, 9, tzinfo=UTC), pages_per_step=2
    )
    assert made.path.name == "prism-2026-12-06T090000Z-daily.db"
    assert made.size == made.path.stat().st_size > 0
    assert _rows(made.path) == _rows(database)  # every row, copied two pages at a time
    assert check_file(made.path).ok
    with sqlite3.connect(made.path) as copy:  # a rollback-journal file, usable anywhere
        assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert [p.name for p in folder.iterdir()] == [made.path.name]  # no temporary left


def test_a_streamed_backup_never_replaces_one_of_the_same_second(tmp_path: Path) -> None:
    database = tmp_path / "prism.db"
    _busy_database(database, 10)
    moment = datetime(2026, 12, 6, 9, tzinfo=UTC)
    first = stream_backup(database, tmp_path / "b", "daily", moment)
    second = stream_backup(database, tmp_path / "b", "daily", moment)
    assert first.path != second.path and first.path.exists() and second.path.exists()


@pytest.fixture
def data_with_a_learner(course_root: Path, tmp_path: Path) -> Path:
    data = tmp_path / "data"
    services = start_services(course_root / "content", course_root / "assets", data)
    services.profiles.create("Sam")
    services.close()
    for backup in list_backups(data / "backups"):  # nothing taken yet today
        backup.path.unlink()
    return data


def _window(qtbot, course_root: Path, data: Path) -> MainWindow:
    services = start_services(
        course_root / "content", course_root / "assets", data, defer_backup=True
    )
    window = MainWindow(services)
    qtbot.addWidget(window)
    return window


def test_the_first_launch_of_the_day_backs_up_after_the_window_shows(
    qtbot, course_root: Path, data_with_a_learner: Path
) -> None:
    window = _window(qtbot, course_root, data_with_a_learner)
    try:
        assert list_backups(data_with_a_learner / "backups") == []  # not before the window
        after = AfterStart(window, window.services)
        window.show()
        qtbot.waitUntil(lambda: after.thread is not None, timeout=5000)
        after.thread.join(30)
        daily = [b for b in list_backups(data_with_a_learner / "backups") if b.kind == "daily"]
        assert len(daily) == 1 and check_file(daily[0].path).ok
        assert [row[1] for row in _rows(daily[0].path)["profiles"]] == ["Sam"]
    finally:
        window.services.close()


def test_damage_found_in_the_background_is_reported_and_not_backed_up(
    qtbot, course_root: Path, data_with_a_learner: Path
) -> None:
    database = data_with_a_learner / "prism.db"
    db = open_database(database)
    sam = ProfileRepo(db).list()[0]
    with db.atomic():
        for number in range(3000):
            EventLog(db).append(sam.id, "opened", f"module:m{number % 7}")
    close_database(db)
    stat = database.stat()
    data = bytearray(database.read_bytes())
    # The log's newest pages: nothing reads them to show the window, only a full check.
    data[-4096 * 3 :] = random.Random(3).randbytes(4096 * 3)
    database.write_bytes(bytes(data))
    os.utime(database, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # the marker still matches
    window = _window(qtbot, course_root, data_with_a_learner)
    try:
        assert window.services.db.checked_at_open is False
        AfterStart(window, window.services)
        window.show()
        qtbot.waitUntil(lambda: window.statusBar().currentMessage() == DAMAGE_NOTICE, timeout=20000)
        assert list_backups(data_with_a_learner / "backups") == []  # a damaged file is not copied
    finally:
        window.services.close()
