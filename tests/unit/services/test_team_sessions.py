"""Team sessions: every attendee gets one draft peer-reflection record, and nothing invented."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop.atomic_files import TargetExistsError
from desktop.course.model import Course
from desktop.cpd.form import CPD_TYPES
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.services.team_sessions import (
    CSV_HEADER,
    DRAFT_CREATED,
    DRAFT_WAITING,
    GROUP_NOTES_HEADING,
    PEER_REFLECTION_TYPE,
    TeamSessionError,
    TeamSessionService,
    create,
)
from desktop.store.database import open_memory_database
from desktop.store.profiles import Profile, ProfileRepo
from tests.unit.store.fakes import FakeClock

from .archive_helpers import build_course

SESSION_DAY = date(2026, 3, 4)
START = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


@dataclass
class World:
    course: Course
    clock: FakeClock
    cpd: CpdService
    service: TeamSessionService
    profiles: ProfileRepo
    team: list[Profile]
    locked: set[str]


@pytest.fixture
def world(tmp_path: Path):
    course = build_course(tmp_path / "course")
    db = open_memory_database()
    clock = FakeClock(START)
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path, clock=clock)
    cpd = CpdService(ctx)
    locked: set[str] = set()
    service = TeamSessionService(course, db, cpd, clock, is_locked=locked.__contains__)
    profiles = ProfileRepo(db, clock)
    team = [profiles.create(name) for name in ("Asha", "Ben", "Chloe")]
    yield World(course, clock, cpd, service, profiles, team, locked)
    db.close()


def start(world: World, **changes):
    values = {
        "title": "Boundaries on messaging apps",
        "session_date": SESSION_DAY,
        "facilitator_name": "Jo Bloggs",
        "facilitator_role": "Practice educator",
        "module_id": "alpha",
        "attendee_ids": [p.id for p in world.team],
    }
    values.update(changes)
    return world.service.start(**values)


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # spreadsheets need the BOM to read UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_the_draft_type_is_the_forms_team_reflection_type():
    assert PEER_REFLECTION_TYPE in CPD_TYPES


def test_three_attendees_get_three_draft_peer_reflection_records(world):
    session = start(world)
    world.service.set_notes(session.id, "We agreed to keep work chats on work phones.")
    world.clock.advance(minutes=74, seconds=10)

    result = world.service.end(session.id)

    assert len(result.created) == 3 and result.waiting == ()
    for person in world.team:
        records = world.cpd.list(person.id)
        assert len(records) == 1, person.name
        record = records[0]
        assert record.profile_id == person.id
        assert record.status == "draft"
        assert record.cpd_type == PEER_REFLECTION_TYPE
        assert record.title == "Boundaries on messaging apps"
        assert record.start_date == SESSION_DAY
        assert record.minutes == 74  # 74 min 10 s, to the nearest minute
        assert record.peer is not None
        assert record.peer.peer_role == "Team session facilitator (Practice educator)"
        assert record.peer.discussed_on == SESSION_DAY
        # The attendee's own words are theirs to write: nothing is invented.
        assert record.learning == "" and record.impact == "" and record.peer.learning == ""
        assert not record.has_peer_reflection
        assert GROUP_NOTES_HEADING in record.description
        assert "We agreed to keep work chats on work phones." in record.description
        assert "led by Jo Bloggs (Practice educator)" in record.description
        assert [link.kind for link in record.evidence] == ["module", "scenario"]
        assert record.standards[0].startswith("4.")
    # A draft cannot be marked ready until the attendee writes their learning and impact.
    problems = world.cpd.mark_ready(world.cpd.list(world.team[0].id)[0].id)
    assert "Fill in ‘What I learnt’." in problems


def test_ending_twice_creates_nothing_more(world):
    session = start(world)
    world.service.end(session.id, minutes=60)

    again = world.service.end(session.id, minutes=90)

    assert again.already_ended and again.created == ()
    assert [len(world.cpd.list(p.id)) for p in world.team] == [1, 1, 1]
    assert world.service.get(session.id).duration_minutes == 60
    assert world.service.deliver_pending(world.team[0].id) == []


def test_a_profile_deleted_mid_session_is_simply_left_out(world):
    session = start(world)
    world.profiles.delete(world.team[1].id)

    result = world.service.end(session.id, minutes=45)

    assert sorted(a.name for a in result.created) == ["Asha", "Chloe"]
    assert [a.name for a in world.service.attendees(session.id)] == ["Asha", "Chloe"]
    assert len(world.cpd.list(world.team[0].id)) == 1


def test_a_locked_profile_receives_its_draft_when_next_opened(world):
    chloe = world.team[2]
    world.locked.add(chloe.id)
    session = start(world)

    result = world.service.end(session.id, minutes=50)

    assert [a.name for a in result.waiting] == ["Chloe"]
    assert world.cpd.list(chloe.id) == []
    assert world.service.deliver_pending(chloe.id) == []  # still locked: nothing yet

    world.locked.clear()  # unlocked
    delivered = world.service.deliver_pending(chloe.id)

    assert [r.title for r in delivered] == ["Boundaries on messaging apps"]
    assert delivered[0].minutes == 50
    assert len(world.cpd.list(chloe.id)) == 1
    assert world.service.deliver_pending(chloe.id) == []  # everything delivered: a no-op


def test_a_draft_the_attendee_deleted_is_not_delivered_again(world):
    session = start(world)
    world.service.end(session.id, minutes=30)
    asha = world.team[0]
    world.cpd.delete(world.cpd.list(asha.id)[0].id)

    assert world.service.deliver_pending(asha.id) == []
    assert world.cpd.list(asha.id) == []


def test_the_group_works_through_the_scenario_and_sees_the_debrief(world):
    session = start(world)
    state = world.service.scenario_state(session.id)
    assert state is not None and state.node.id == "one" and state.decision_number == 1

    world.service.choose(session.id, 0, "Everyone agreed to wait.")
    world.service.choose(session.id, 1)  # "Ignore": not the recommended choice
    state = world.service.scenario_state(session.id)

    assert state.finished and state.node.id == "poor-end"
    debrief = world.service.debrief(session.id)
    assert debrief is not None
    assert debrief.matched == 1 and len(debrief.steps) == 2
    assert debrief.ending_label == "A poor outcome"
    assert debrief.notes == ("Everyone agreed to wait.", "")
    with pytest.raises(TeamSessionError):
        world.service.choose(session.id, 0)  # the scenario is over

    world.service.end(session.id, minutes=40)
    description = world.cpd.list(world.team[0].id)[0].description
    assert "1. The group chose ‘Wait’ (the recommended choice). Group notes: Everyone" in (
        description
    )
    assert "2. The group chose ‘Ignore’ (the recommended choice was ‘Check policy’)." in (
        description
    )
    assert "Outcome: A poor outcome." in description


def test_the_group_can_take_back_its_last_decision(world):
    session = start(world)
    world.service.choose(session.id, 1)  # "Reply now" ends the scenario badly

    taken_back = world.service.undo_last_choice(session.id)

    assert taken_back is not None and taken_back.choice_index == 1
    state = world.service.scenario_state(session.id)
    assert state.node.id == "one" and not state.finished
    assert world.service.debrief(session.id) is None
    with pytest.raises(TeamSessionError, match="from 1 to 2"):
        world.service.choose(session.id, 5)


def test_a_prompts_only_session_has_no_scenario_evidence(world):
    session = start(world, use_scenario=False)

    assert [p.id for p in world.service.prompts(session)] == ["learned", "change"]
    assert world.service.scenario_state(session) is None
    world.service.end(session.id, minutes=20)
    record = world.cpd.list(world.team[0].id)[0]
    assert [link.kind for link in record.evidence] == ["module"]
    assert "(No group notes were recorded.)" in record.description


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": "  "}, "Give the session a title"),
        ({"facilitator_name": ""}, "facilitator's name"),
        ({"module_id": "gone"}, "not available"),
        ({"use_prompts": False, "use_scenario": False}, "Choose what the group will work"),
    ],
)
def test_a_set_up_with_a_gap_says_what_to_fill_in(world, changes, message):
    with pytest.raises(TeamSessionError, match=message):
        start(world, **changes)
    assert world.service.active() is None


def test_only_one_session_runs_at_a_time_and_a_running_one_can_be_discarded(world):
    first = start(world)
    with pytest.raises(TeamSessionError, match="still running"):
        start(world, title="Another")

    world.service.discard(first.id)

    assert world.service.active() is None
    second = start(world, title="Another")
    world.service.end(second.id, minutes=10)
    with pytest.raises(TeamSessionError, match="kept"):
        world.service.discard(second.id)


def test_attendees_can_be_added_and_removed_until_the_end(world):
    session = start(world, attendee_ids=[world.team[0].id])
    late = world.profiles.create("Dev (quick-added)")
    assert world.service.add_attendee(session.id, late.id)
    assert world.service.remove_attendee(session.id, world.team[0].id)
    world.service.end(session.id, minutes=15)

    with pytest.raises(TeamSessionError, match="already ended"):
        world.service.add_attendee(session.id, world.team[1].id)
    assert [a.name for a in world.service.attendees(session.id)] == ["Dev (quick-added)"]


def test_the_attendance_csv_parses_with_one_row_per_attendee(world):
    world.locked.add(world.team[2].id)
    session = start(world, title="=Boundaries, online")
    world.clock.advance(minutes=60)
    world.service.end(session.id)

    rows = read_csv(world.service.attendance_csv(session.id))

    assert rows[0] == list(CSV_HEADER)
    assert [r[8] for r in rows[1:]] == ["Asha", "Ben", "Chloe"]
    first = dict(zip(rows[0], rows[1], strict=True))
    assert first["Session"] == "'=Boundaries, online"  # a formula is defused
    assert first["Date"] == "2026-03-04"
    assert first["Facilitator"] == "Jo Bloggs"
    assert first["Started"] == "09:30"  # UK time (GMT in March)
    assert first["Duration (minutes)"] == "60"
    assert [r[9] for r in rows[1:]] == [DRAFT_CREATED, DRAFT_CREATED, DRAFT_WAITING]


def test_the_attendance_sheet_html_escapes_names_and_has_a_signature_column(world):
    odd = world.profiles.create("<b>Sam</b> & co")
    session = start(world, attendee_ids=[odd.id])
    world.service.end(session.id, minutes=30)

    page = world.service.attendance_html(session.id)

    assert "&lt;b&gt;Sam&lt;/b&gt; &amp; co" in page and "<b>Sam" not in page
    assert "Signature" in page and "Jo Bloggs, Practice educator" in page
    assert "30 min" in page


def test_attendance_files_are_never_overwritten_silently(world, tmp_path):
    session = start(world)
    target = tmp_path / world.service.attendance_file_name(session, "csv")
    assert target.name == "attendance-2026-03-04-boundaries-on-messaging-apps.csv"
    world.service.write_file(b"first", target)

    with pytest.raises(TargetExistsError):
        world.service.write_file(b"second", target)
    assert target.read_bytes() == b"first"


def test_create_builds_the_service_from_the_start_up_context(tmp_path):
    course = build_course(tmp_path / "course")
    db = open_memory_database()
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path)
    service = create(ctx)
    assert [t.module_id for t in service.topics()] == ["alpha", "beta"]
    assert service.active() is None
    db.close()


def test_a_session_left_open_overnight_claims_at_most_twelve_hours(world):
    session = start(world)
    world.clock.advance(hours=20)

    assert world.service.elapsed_minutes(session.id) == 12 * 60
    with pytest.raises(TeamSessionError, match="from 1 to 720"):
        world.service.end(session.id, minutes=0)
    assert world.service.end(session.id, minutes=90).session.duration_minutes == 90
