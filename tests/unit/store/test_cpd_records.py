"""CPD records in the store: every overwritten or deleted version is kept, events hold ids only."""

from __future__ import annotations

from typing import Any

import pytest
import sqlite_utils

from desktop.store.cpd_records import (
    VERB_DELETED,
    VERB_RESTORED,
    VERB_SAVED,
    CpdRecordRepo,
    CpdRecordUnreadableError,
)
from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo

from .fakes import FakeClock

SECRET = "Mrs Example said SECRET-TEXT-42"


def record(profile_id: str, record_id: str = "rec-1", **changes: Any) -> dict[str, Any]:
    """A record dict in the shape `CpdRecord.to_dict()` gives."""
    data: dict[str, Any] = {
        "schema": "prism.cpd/1",
        "id": record_id,
        "profile_id": profile_id,
        "cpd_type": "Reading",
        "title": "A briefing on digital exclusion",
        "start_date": "2026-03-02",
        "end_date": None,
        "description": "What I read.",
        "learning": SECRET,
        "impact": "",
        "peer": None,
        "minutes": 45,
        "standards": ["4.4"],
        "evidence": [],
        "status": "draft",
        "created_utc": "2026-03-02T09:00:00Z",
        "updated_utc": "2026-03-02T09:00:00Z",
    }
    data.update(changes)
    return data


@pytest.fixture
def repo(db: sqlite_utils.Database, clock: FakeClock) -> CpdRecordRepo:
    return CpdRecordRepo(db, clock)


def test_save_then_get_returns_the_record_unchanged(repo: CpdRecordRepo, profile: Profile) -> None:
    data = record(profile.id, title="Zoë’s “café” reflection")
    assert repo.save(data) == data
    assert repo.get("rec-1") == data
    assert repo.get("missing") is None


def test_overwriting_keeps_the_previous_version_in_history(
    repo: CpdRecordRepo, profile: Profile
) -> None:
    first = record(profile.id)
    second = record(profile.id, title="Renamed", updated_utc="2026-03-03T09:00:00Z")
    repo.save(first)
    repo.save(second)

    assert repo.get("rec-1") == second
    assert [v.data for v in repo.history("rec-1")] == [first]
    third = record(profile.id, title="Third", updated_utc="2026-03-04T09:00:00Z")
    repo.save(third)
    assert [v.data["title"] for v in repo.history("rec-1")] == ["Renamed", first["title"]]


def test_a_failed_save_changes_nothing(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database, monkeypatch
) -> None:
    repo.save(record(profile.id))

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disc full")

    monkeypatch.setattr(EventLog, "append", broken)
    with pytest.raises(RuntimeError):
        repo.save(record(profile.id, title="Lost edit"))
    assert repo.get("rec-1") == record(profile.id)
    assert repo.history("rec-1") == []


def test_delete_returns_the_record_and_keeps_it_in_history(
    repo: CpdRecordRepo, profile: Profile
) -> None:
    data = record(profile.id)
    repo.save(data)
    assert repo.delete("rec-1") == data
    assert repo.get("rec-1") is None
    assert repo.list(profile.id) == []
    assert [v.data for v in repo.history("rec-1")] == [data]
    with pytest.raises(RecordNotFoundError):
        repo.delete("rec-1")


def test_restore_brings_a_deleted_record_back_as_it_was(
    repo: CpdRecordRepo, profile: Profile
) -> None:
    data = record(profile.id, status="ready")
    repo.save(data)
    deleted = repo.delete("rec-1")
    assert repo.restore(deleted) == data
    assert repo.get("rec-1") == data


def test_list_is_newest_date_first_with_undated_drafts_on_top(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database
) -> None:
    repo.save(record(profile.id, "old", start_date="2025-12-01"))
    repo.save(record(profile.id, "new", start_date="2026-06-01"))
    repo.save(record(profile.id, "undated", start_date=None))
    other = ProfileRepo(db).create("Alex")
    repo.save(record(other.id, "theirs"))
    assert [d["id"] for d in repo.list(profile.id)] == ["undated", "new", "old"]


def test_events_name_the_record_by_id_and_never_hold_its_text(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database
) -> None:
    repo.save(record(profile.id))
    deleted = repo.delete("rec-1")
    repo.restore(deleted)

    events = list(reversed(EventLog(db).for_profile(profile.id)))
    assert [(e.verb, e.object_id) for e in events] == [
        (VERB_SAVED, "cpd:rec-1"),
        (VERB_DELETED, "cpd:rec-1"),
        (VERB_RESTORED, "cpd:rec-1"),
    ]
    raw = db.execute("SELECT * FROM events").fetchall()
    assert not any("SECRET-TEXT-42" in str(row) for row in raw)


def test_a_record_cannot_move_to_another_profile(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database
) -> None:
    repo.save(record(profile.id))
    other = ProfileRepo(db).create("Alex")
    with pytest.raises(InvalidValueError):
        repo.save(record(other.id))
    assert repo.get("rec-1") == record(profile.id)


def test_unknown_profile_and_bad_values_are_refused(repo: CpdRecordRepo) -> None:
    with pytest.raises(RecordNotFoundError):
        repo.save(record("no-such-profile"))
    with pytest.raises(InvalidValueError):
        repo.save(record("p", status="submitted"))
    with pytest.raises(InvalidValueError):
        repo.save(record("p", id=""))


def test_deleting_the_profile_removes_its_records_and_history(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database
) -> None:
    repo.save(record(profile.id))
    repo.save(record(profile.id, title="Edited"))
    ProfileRepo(db).delete(profile.id)
    assert db.execute("SELECT count(*) FROM cpd_records").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM cpd_record_history").fetchone()[0] == 0


def test_a_damaged_row_is_reported_not_guessed(
    repo: CpdRecordRepo, profile: Profile, db: sqlite_utils.Database
) -> None:
    repo.save(record(profile.id))
    db.execute("UPDATE cpd_records SET record_json = '{not json' WHERE id = 'rec-1'")
    with pytest.raises(CpdRecordUnreadableError) as caught:
        repo.get("rec-1")
    assert "left as it was" in caught.value.message
