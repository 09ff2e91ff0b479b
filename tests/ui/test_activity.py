"""The activity monitor turns key presses, clicks and scrolling into study time."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
import sqlite_utils
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit

from desktop.services.study_time import StudyTimeService
from desktop.store.database import open_memory_database
from desktop.store.errors import StoreError
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.ui.shell.activity import FLUSH_INTERVAL_MS, ActivityMonitor


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_memory_database()
    yield database
    database.close()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sam(db) -> str:
    return ProfileRepo(db).create("Sam").id


@pytest.fixture
def setup(qtbot, db, clock, sam):
    """A monitor over a text field, studying module m, section a, until told otherwise."""
    service = StudyTimeService(ProgressRepo(db, clock), clock)
    where: dict[str, tuple[str, str, str] | None] = {"now": (sam, "m", "a")}
    monitor = ActivityMonitor(service, lambda: where["now"], clock=clock)
    field = QLineEdit()
    field.setAccessibleName("Somewhere to type")
    qtbot.addWidget(field)
    field.show()
    qtbot.waitExposed(field)
    monitor.start()
    yield service, monitor, field, where
    monitor.stop()


def test_typing_and_clicking_count_as_study(qtbot, setup, clock, sam) -> None:
    service, _, field, _ = setup
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.tick(30)
    qtbot.mouseClick(field, Qt.MouseButton.LeftButton)
    clock.tick(45)
    qtbot.keyClick(field, Qt.Key.Key_B)
    assert service.module_seconds(sam, "m") == 75


def test_a_long_pause_counts_nothing(qtbot, setup, clock, sam) -> None:
    service, _, field, _ = setup
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.tick(300)
    qtbot.keyClick(field, Qt.Key.Key_B)
    clock.tick(10)
    qtbot.keyClick(field, Qt.Key.Key_C)
    assert service.module_seconds(sam, "m") == 10


def test_input_is_noted_at_most_once_a_second(qtbot, setup, clock, sam, monkeypatch) -> None:
    service, _, field, _ = setup
    calls = []
    original = service.activity
    monkeypatch.setattr(service, "activity", lambda *a, **k: (calls.append(a), original(*a, **k)))
    qtbot.keyClicks(field, "several keys at once")
    assert len(calls) == 1
    clock.tick(1)
    qtbot.keyClick(field, Qt.Key.Key_A)
    assert len(calls) == 2


def test_time_away_from_studying_is_not_counted(qtbot, setup, clock, sam) -> None:
    service, _, field, where = setup
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.tick(20)
    where["now"] = None  # went to the home page
    qtbot.keyClick(field, Qt.Key.Key_B)
    clock.tick(60)
    qtbot.keyClick(field, Qt.Key.Key_C)
    where["now"] = (sam, "m", "b")
    clock.tick(30)
    qtbot.keyClick(field, Qt.Key.Key_D)
    clock.tick(5)
    qtbot.keyClick(field, Qt.Key.Key_E)
    assert service.section_seconds(sam, "m") == {"a": 20, "b": 5}


def test_unsaved_time_is_written_every_30_seconds_and_on_stop(qtbot, setup, db, clock, sam) -> None:
    service, monitor, field, _ = setup
    assert monitor.timer.isActive() and monitor.timer.interval() == FLUSH_INTERVAL_MS
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.tick(25)
    qtbot.keyClick(field, Qt.Key.Key_B)
    monitor.timer.timeout.emit()  # what the 30-second timer does
    assert ProgressRepo(db).study_seconds(sam, "m") == 25
    clock.tick(15)
    monitor.stop()  # closing the window: the last 15 s of reading count, and are saved
    assert ProgressRepo(db).study_seconds(sam, "m") == 40
    assert not monitor.running
    clock.tick(5)
    qtbot.keyClick(field, Qt.Key.Key_C)  # no longer watching
    assert service.unsaved_seconds == 0


def test_a_store_problem_never_interrupts_the_learner(
    qtbot, setup, clock, sam, monkeypatch
) -> None:
    service, monitor, field, _ = setup
    qtbot.keyClick(field, Qt.Key.Key_A)
    clock.tick(25)
    qtbot.keyClick(field, Qt.Key.Key_B)

    def disk_full() -> float:
        raise StoreError("The disk is full. Free some space and try again.")

    monkeypatch.setattr(service, "flush", disk_full)
    monitor.timer.timeout.emit()  # logged, not raised
    monkeypatch.undo()
    assert service.unsaved_seconds == 25
    monitor.flush()
    assert service.unsaved_seconds == 0
