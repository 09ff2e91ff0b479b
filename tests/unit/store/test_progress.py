"""Reading positions, "continue where you left off", read modules and study time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlite_utils

from desktop.store.database import close_database, open_database
from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.progress import ProgressRepo

from .fakes import FakeClock


def test_resume_returns_the_last_position_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    clock = FakeClock()
    db = open_database(path)
    sam = ProfileRepo(db, clock).create("Sam")
    progress = ProgressRepo(db, clock)
    progress.save_position(sam.id, "identity-prism", "intro", 0.1)
    progress.save_position(sam.id, "boundaries", "email", 0.4)
    progress.save_position(sam.id, "identity-prism", "lenses", 0.7)
    close_database(db)

    db = open_database(path)
    try:
        last = ProgressRepo(db).last_position(sam.id)
        assert last is not None
        assert (last.module_id, last.anchor, last.scroll) == ("identity-prism", "lenses", 0.7)
        other = ProgressRepo(db).position(sam.id, "boundaries")
        assert other is not None and other.anchor == "email"
    finally:
        close_database(db)


def test_nothing_to_resume_for_a_new_learner(db: sqlite_utils.Database, profile: Profile) -> None:
    assert ProgressRepo(db).last_position(profile.id) is None
    assert ProgressRepo(db).position(profile.id, "identity-prism") is None


def test_scroll_is_kept_between_zero_and_one(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    progress = ProgressRepo(db, clock)
    assert progress.save_position(profile.id, "m", None, 1.0000001).scroll == 1.0
    assert progress.save_position(profile.id, "m", None, -0.2).scroll == 0.0
    with pytest.raises(InvalidValueError):
        progress.save_position(profile.id, "m", None, float("nan"))


def test_position_for_unknown_profile_is_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(RecordNotFoundError):
        ProgressRepo(db).save_position("ghost", "m", None, 0.5)


def test_module_counts_as_read_once_and_logs_it_once(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    progress = ProgressRepo(db, clock)
    assert progress.read_modules(profile.id) == set()
    assert progress.mark_read(profile.id, "identity-prism", content_version="abc") is True
    assert progress.mark_read(profile.id, "identity-prism") is False
    assert progress.read_modules(profile.id) == {"identity-prism"}
    [event] = EventLog(db).for_profile(profile.id, verb="read")
    assert (event.object_id, event.content_version) == ("module:identity-prism", "abc")


def test_study_time_accumulates_per_day(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    progress = ProgressRepo(db, clock)
    clock.now = datetime(2026, 11, 30, 23, 59, 0, tzinfo=UTC)
    progress.add_study_time(profile.id, "identity-prism", "intro", 30)
    progress.add_study_time(profile.id, "identity-prism", "intro", 20.5)
    clock.now = datetime(2026, 12, 1, 0, 1, 0, tzinfo=UTC)
    progress.add_study_time(profile.id, "identity-prism", "lenses", 60)
    progress.add_study_time(profile.id, "boundaries", None, 15)

    assert progress.study_seconds_by_day(profile.id) == {"2026-11-30": 50.5, "2026-12-01": 75}
    assert progress.study_seconds(profile.id) == 125.5
    assert progress.study_seconds(profile.id, "identity-prism") == 110.5
    assert progress.study_seconds(profile.id, since_utc="2026-12-01T00:00:00.000Z") == 75
    assert progress.study_seconds(profile.id, until_utc="2026-12-01") == 50.5
    rows = db.execute("SELECT count(*) FROM study_time").fetchone()[0]
    assert rows == 3  # one row per module, section and day


def test_study_time_cannot_be_negative(db: sqlite_utils.Database, profile: Profile) -> None:
    with pytest.raises(InvalidValueError, match="negative"):
        ProgressRepo(db).add_study_time(profile.id, "m", None, -5)
    assert ProgressRepo(db).study_seconds(profile.id) == 0
