"""Reflections: cheap autosave, search, and no free text in the event log."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.store.capabilities import CapabilityRepo
from desktop.store.errors import RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile
from desktop.store.reflections import ReflectionRepo

from .fakes import FakeClock


@pytest.fixture
def repo(db: sqlite_utils.Database, clock: FakeClock) -> ReflectionRepo:
    return ReflectionRepo(db, clock)


def test_autosave_writes_only_when_the_text_changed(
    db: sqlite_utils.Database, repo: ReflectionRepo, profile: Profile
) -> None:
    note = repo.create(profile.id, "identity-prism", "prompt-1", "First thoughts")
    changes = db.conn.total_changes

    assert repo.update(note.id, "First thoughts") is False
    assert db.conn.total_changes == changes
    assert repo.get(note.id) == note

    assert repo.update(note.id, "First thoughts, revised") is True
    saved = repo.get(note.id)
    assert saved is not None and saved.text == "First thoughts, revised"
    assert saved.updated_utc > note.updated_utc and saved.created_utc == note.created_utc


def test_reflected_is_logged_once_and_without_the_text(
    db: sqlite_utils.Database, repo: ReflectionRepo, profile: Profile
) -> None:
    note = repo.create(profile.id, "identity-prism", None, "My supervisor said SECRET-42")
    for n in range(3):
        repo.update(note.id, f"My supervisor said SECRET-42 ({n})")
    CapabilityRepo(db).rate(profile.id, {"ethics": (2, "PRIVATE-NOTE")})

    events = EventLog(db).for_profile(profile.id)
    assert [e.verb for e in events].count("reflected") == 1
    raw = db.execute("SELECT * FROM events").fetchall()
    assert not any("SECRET-42" in str(row) or "PRIVATE-NOTE" in str(row) for row in raw)


def test_list_is_newest_edit_first_and_search_ignores_case(
    repo: ReflectionRepo, profile: Profile
) -> None:
    older = repo.create(profile.id, "m1", None, "About Boundaries at work")
    newer = repo.create(profile.id, "m2", None, "About ÉTHIQUE online")
    assert [r.id for r in repo.list(profile.id)] == [newer.id, older.id]
    repo.update(older.id, "About boundaries at work, edited")
    assert [r.id for r in repo.list(profile.id)] == [older.id, newer.id]
    assert [r.id for r in repo.list(profile.id, "m2")] == [newer.id]
    assert [r.id for r in repo.search(profile.id, "BOUNDARIES")] == [older.id]
    assert [r.id for r in repo.search(profile.id, "éthique")] == [newer.id]
    assert repo.search(profile.id, "nothing like this") == []


def test_delete_removes_a_reflection(repo: ReflectionRepo, profile: Profile) -> None:
    note = repo.create(profile.id, "m", None, "text")
    repo.delete(note.id)
    assert repo.get(note.id) is None
    with pytest.raises(RecordNotFoundError):
        repo.update(note.id, "new text")
