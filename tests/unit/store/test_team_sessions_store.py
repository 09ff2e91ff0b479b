"""The team-session tables: sessions, attendees (who leave with their profile), choices."""

from __future__ import annotations

import sqlite3

import pytest

from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.migrations import SCHEMA_VERSION, stored_schema_version
from desktop.store.profiles import ProfileRepo
from desktop.store.team_session_status import drafts_owed
from desktop.store.team_sessions import SessionEndedError, TeamSessionRepo


@pytest.fixture
def repo(db, clock) -> TeamSessionRepo:
    return TeamSessionRepo(db, clock)


def new_session(repo: TeamSessionRepo, **changes):
    values = {
        "title": "Boundaries on messaging apps",
        "session_date": "2026-03-04",
        "facilitator_name": "Jo Bloggs",
        "facilitator_role": "Practice educator",
        "module_id": "alpha",
        "scenario_id": "alpha-case",
        "include_prompts": True,
    }
    values.update(changes)
    return repo.create(**values)


def test_the_schema_has_the_team_tables(db):
    assert SCHEMA_VERSION >= 4
    assert stored_schema_version(db) == SCHEMA_VERSION
    for table in ("team_sessions", "team_session_attendees", "team_session_choices"):
        assert db[table].exists()


def test_a_new_session_is_active_and_starts_now(repo, clock):
    clock.now = clock.now.replace(hour=10, minute=0, second=0)
    session = new_session(repo)

    assert session.is_active and session.ended_utc is None
    assert session.started_utc == "2026-03-02T10:00:00.000Z"
    assert session.discussion_notes == ""
    assert [s.id for s in repo.active()] == [session.id]
    assert repo.ended() == []


def test_a_title_cannot_be_empty(repo):
    with pytest.raises(sqlite3.IntegrityError):
        new_session(repo, title="")


def test_attendees_are_listed_by_name_and_added_once(db, repo, clock):
    profiles = ProfileRepo(db, clock)
    zoe, amir = profiles.create("Zoe"), profiles.create("amir")
    session = new_session(repo)

    assert repo.add_attendee(session.id, zoe.id)
    assert repo.add_attendee(session.id, amir.id)
    assert not repo.add_attendee(session.id, zoe.id)  # already there

    assert [a.name for a in repo.attendees(session.id)] == ["amir", "Zoe"]
    assert all(a.delivered_record_id is None for a in repo.attendees(session.id))


def test_an_unknown_profile_cannot_attend(repo):
    session = new_session(repo)
    with pytest.raises(RecordNotFoundError):
        repo.add_attendee(session.id, "no-such-profile")


def test_deleting_a_profile_takes_it_off_every_session(db, repo, clock):
    profiles = ProfileRepo(db, clock)
    sam, kit = profiles.create("Sam"), profiles.create("Kit")
    session = new_session(repo)
    repo.add_attendee(session.id, sam.id)
    repo.add_attendee(session.id, kit.id)

    profiles.delete(sam.id)

    assert [a.name for a in repo.attendees(session.id)] == ["Kit"]
    assert repo.get(session.id) is not None  # the session itself stays


def test_finishing_once_records_the_end_and_duration(repo):
    session = new_session(repo)

    assert repo.finish(session.id, 75)
    assert not repo.finish(session.id, 90)  # a second end changes nothing

    ended = repo.require(session.id)
    assert not ended.is_active and ended.duration_minutes == 75 and ended.ended_utc
    assert [s.id for s in repo.ended()] == [session.id]
    with pytest.raises(InvalidValueError):
        repo.finish(new_session(repo, title="Another").id, 0)


def test_an_ended_session_refuses_new_attendees_and_choices(db, repo, clock):
    sam = ProfileRepo(db, clock).create("Sam")
    session = new_session(repo)
    repo.finish(session.id, 30)

    with pytest.raises(SessionEndedError):
        repo.add_attendee(session.id, sam.id)
    with pytest.raises(SessionEndedError):
        repo.add_choice(session.id, "one", 0)
    with pytest.raises(SessionEndedError):
        repo.remove_last_choice(session.id)


def test_undelivered_lists_only_ended_sessions_until_marked(db, repo, clock):
    sam = ProfileRepo(db, clock).create("Sam")
    running, done = new_session(repo), new_session(repo, title="Earlier")
    for session in (running, done):
        repo.add_attendee(session.id, sam.id)
    repo.finish(done.id, 60)

    assert [s.id for s in repo.undelivered_for(sam.id)] == [done.id]
    assert drafts_owed(db, sam.id)  # what opening a profile asks first
    assert repo.mark_delivered(done.id, sam.id, "record-1")
    assert not repo.mark_delivered(done.id, sam.id, "record-2")  # the first is kept
    assert repo.undelivered_for(sam.id) == []
    assert not drafts_owed(db, sam.id)  # the running session owes nothing yet
    assert repo.attendees(done.id)[0].delivered_record_id == "record-1"


def test_choices_are_numbered_in_order_and_the_last_can_be_taken_back(repo):
    session = new_session(repo)
    first = repo.add_choice(session.id, "one", 0, "Agreed quickly")
    second = repo.add_choice(session.id, "two", 1)

    assert (first.step, second.step) == (1, 2)
    repo.set_choice_notes(session.id, 2, "Two people disagreed")
    assert [(c.node_id, c.choice_index, c.notes) for c in repo.choices(session.id)] == [
        ("one", 0, "Agreed quickly"),
        ("two", 1, "Two people disagreed"),
    ]

    taken_back = repo.remove_last_choice(session.id)

    assert taken_back is not None and taken_back.node_id == "two"
    assert [c.step for c in repo.choices(session.id)] == [1]
    assert repo.add_choice(session.id, "two", 0).step == 2


def test_notes_are_saved_and_a_missing_session_is_reported(repo):
    session = new_session(repo)
    repo.set_notes(session.id, "We talked about WhatsApp groups.")
    assert repo.require(session.id).discussion_notes == "We talked about WhatsApp groups."
    with pytest.raises(RecordNotFoundError):
        repo.set_notes("missing", "text")


def test_deleting_a_session_removes_its_attendees_and_choices(db, repo, clock):
    sam = ProfileRepo(db, clock).create("Sam")
    session = new_session(repo)
    repo.add_attendee(session.id, sam.id)
    repo.add_choice(session.id, "one", 0)

    repo.delete(session.id)

    assert db.execute("SELECT count(*) FROM team_session_attendees").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM team_session_choices").fetchone()[0] == 0
