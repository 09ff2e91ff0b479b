"""The learning log: uuids, UTC 'Z' timestamps, newest first, and append-only."""

from __future__ import annotations

import sqlite3
import uuid

import pytest
import sqlite_utils

from desktop.store.errors import RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile

from .fakes import FakeClock


def test_events_have_uuid_ids_and_utc_timestamps(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    event = EventLog(db, clock).append(
        profile.id, "opened", "module:identity-prism", {"section": "intro"}, "v1"
    )
    assert uuid.UUID(hex=event.id).version == 4
    assert event.ts_utc.endswith("Z") and event.ts_utc.startswith("2026-03-02T09:00")
    [stored] = EventLog(db).for_profile(profile.id)
    assert stored == event
    assert stored.result == {"section": "intro"}
    assert stored.content_version == "v1"


def test_for_profile_is_newest_first_and_filters(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    log = EventLog(db, clock)
    first = log.append(profile.id, "opened", "module:a")
    second = log.append(profile.id, "read", "module:a")
    third = log.append(profile.id, "opened", "module:b")
    assert [e.id for e in log.for_profile(profile.id)] == [third.id, second.id, first.id]
    assert [e.id for e in log.for_profile(profile.id, verb="opened")] == [third.id, first.id]
    assert [e.id for e in log.for_profile(profile.id, limit=1)] == [third.id]
    since = log.for_profile(profile.id, since_utc=second.ts_utc)
    assert [e.id for e in since] == [third.id, second.id]


def test_same_moment_events_keep_insertion_order(
    db: sqlite_utils.Database, profile: Profile
) -> None:
    frozen = FakeClock()
    log = EventLog(db, lambda: frozen.now)
    ids = [log.append(profile.id, "opened", f"module:{n}").id for n in range(5)]
    assert [e.id for e in log.for_profile(profile.id)] == ids[::-1]


def test_event_for_an_unknown_profile_is_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(RecordNotFoundError, match="could not find this profile"):
        EventLog(db).append("ghost", "opened", "module:a")


def test_the_log_cannot_be_edited_or_trimmed(db: sqlite_utils.Database, profile: Profile) -> None:
    event = EventLog(db).append(profile.id, "passed", "quiz:a", {"score_percent": 90})
    with pytest.raises(sqlite3.IntegrityError) as refused:
        db.execute("UPDATE events SET verb = 'failed' WHERE id = ?", [event.id])
    assert "append-only" in refused.value.detail  # SQLite's words, for the log
    with pytest.raises(sqlite3.IntegrityError) as refused:
        db.execute("DELETE FROM events WHERE id = ?", [event.id])
    assert "append-only" in refused.value.detail  # SQLite's words, for the log
    assert EventLog(db).for_profile(profile.id) == [event]
