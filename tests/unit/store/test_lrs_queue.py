"""The organisation-sync queue: filled with the learning, only with consent, never free text."""

from __future__ import annotations

import json
import uuid

import pytest

from desktop.domain import lrs_statements as xs
from desktop.store.cpd_records import CpdRecordRepo
from desktop.store.errors import InvalidValueError
from desktop.store.lrs_queue import LrsQueue
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.scenarios import ScenarioRepo
from desktop.store.team_sessions import TeamSessionRepo

from .test_cpd_records import SECRET, record


@pytest.fixture
def queue(db, clock) -> LrsQueue:
    return LrsQueue(db, clock)


def statements(queue: LrsQueue) -> list[dict]:
    return [q.statement for q in queue.waiting(1000)]


def verbs(queue: LrsQueue) -> list[str]:
    return [s["verb"]["display"]["en-GB"] for s in statements(queue)]


def finish_quiz(db, clock, profile_id: str, score: float, passed: bool) -> None:
    quiz = QuizRepo(db, clock)
    attempt = quiz.start_attempt(profile_id, "alpha", "hash", ["q1"])
    quiz.finish_attempt(attempt.id, score, passed)


def test_nothing_is_queued_without_consent(db, clock, profile, queue) -> None:
    ProgressRepo(db, clock).mark_read(profile.id, "alpha")
    finish_quiz(db, clock, profile.id, 40.0, False)
    CpdRecordRepo(db, clock).save(record(profile.id, status="ready"))
    assert queue.counts().waiting == 0


def test_learning_is_queued_in_the_same_transaction(db, clock, profile, queue) -> None:
    queue.give_consent(profile.id, with_cpd=False, org_id=None)
    ProgressRepo(db, clock).mark_read(profile.id, "alpha")
    finish_quiz(db, clock, profile.id, 40.0, False)
    finish_quiz(db, clock, profile.id, 90.0, True)
    assert verbs(queue) == ["completed", "failed", "passed"]
    failed = statements(queue)[1]
    assert failed["result"]["success"] is False
    assert failed["result"]["score"]["scaled"] == 0.4
    # A learning write that fails leaves no statement behind.
    with pytest.raises(RuntimeError), db.atomic():
        ProgressRepo(db, clock).mark_read(profile.id, "beta")
        raise RuntimeError("disk full")
    assert queue.counts().waiting == 3


def test_scenario_choices_are_choice_interactions(db, clock, profile, queue) -> None:
    queue.give_consent(profile.id, with_cpd=False, org_id=None)
    scenarios = ScenarioRepo(db, clock)
    run = scenarios.start_run(profile.id, "alpha", "alpha-case", "hash")
    scenarios.record_choice(run.id, "start", 1)
    scenarios.finish_run(run.id, "good-ending")
    choice, done = statements(queue)
    assert choice["object"]["definition"]["interactionType"] == "choice"
    assert choice["object"]["definition"]["type"].endswith("cmi.interaction")
    assert choice["result"]["response"] == "choice-1"
    assert done["verb"]["id"] == xs.VERBS["completed"]


def test_cpd_records_need_cpd_consent_and_drafts_are_never_completed(
    db, clock, profile, queue
) -> None:
    records = CpdRecordRepo(db, clock)
    queue.give_consent(profile.id, with_cpd=False, org_id=None)
    records.save(record(profile.id, status="ready"))
    assert queue.counts().waiting == 0
    queue.give_consent(profile.id, with_cpd=True, org_id=None)
    records.save(record(profile.id, "rec-2", status="draft"))
    assert queue.counts().waiting == 0
    records.save(record(profile.id, "rec-2", status="ready"))
    (sent,) = statements(queue)
    assert sent["verb"]["id"] == xs.VERBS["completed"]
    text = json.dumps(sent)
    for typed in (SECRET, "A briefing on digital exclusion", "What I read."):
        assert typed not in text


def test_an_edited_record_gets_a_new_statement_and_voids_the_one_sent(
    db, clock, profile, queue
) -> None:
    records = CpdRecordRepo(db, clock)
    queue.give_consent(profile.id, with_cpd=True, org_id=None)
    records.save(record(profile.id, status="ready"))
    (first,) = queue.waiting()
    queue.mark_tried([first.statement_id], None)
    queue.mark_sent([first.statement_id])
    records.save(record(profile.id, status="ready", title="Only the title changed"))
    assert queue.counts().waiting == 0  # nothing sent changed: no new version
    records.save(record(profile.id, status="ready", minutes=90))
    void, second = statements(queue)
    assert second["id"] != first.statement_id
    assert second["result"]["duration"] == "PT1H30M"
    assert void["verb"]["id"] == xs.VERBS["voided"]
    assert void["object"] == {"objectType": "StatementRef", "id": first.statement_id}
    # A version never offered to the LRS is replaced without a voiding statement.
    records.save(record(profile.id, status="ready", minutes=120))
    assert [s["result"]["duration"] for s in statements(queue) if "result" in s] == ["PT2H"]
    # Back to draft: what was sent is voided, nothing is "completed".
    records.save(record(profile.id, status="draft", minutes=120))
    assert all(s["verb"]["id"] == xs.VERBS["voided"] for s in statements(queue))


def test_statement_ids_are_stable_uuids_per_fact_and_version() -> None:
    facts = xs.cpd_facts(record("p", status="ready"))
    one = xs.cpd_completed("rec-1", "p", facts, "2026-03-02T09:00:00.000Z")
    again = xs.cpd_completed("rec-1", "p", facts, "2026-03-05T09:00:00.000Z")
    other = xs.cpd_completed("rec-1", "p", {**facts, "minutes": 46}, "2026-03-02T09:00:00.000Z")
    assert one["id"] == again["id"] != other["id"]
    assert uuid.UUID(one["id"]).version == 5


def test_team_session_names_facilitator_and_consenting_attendees(db, clock, profile, queue) -> None:
    profiles = ProfileRepo(db, clock)
    ali, kim = profiles.create("Ali"), profiles.create("Kim")
    queue.give_consent(profile.id, with_cpd=False, org_id="EMP-7")
    queue.give_consent(ali.id, with_cpd=False, org_id=None)
    sessions = TeamSessionRepo(db, clock)
    session = sessions.create(
        title="Boundaries",
        session_date="2026-03-04",
        facilitator_name="Jo Bloggs",
        facilitator_role="Practice educator",
        module_id="alpha",
        scenario_id=None,
        include_prompts=True,
    )
    for person in (profile, ali, kim):
        sessions.add_attendee(session.id, person.id)
    sessions.finish(session.id, 60)
    queued = statements(queue)
    assert len(queued) == 2  # Kim did not agree: no statement for Kim
    resolved = xs.resolve(queued[0], "https://org.example", {profile.id: "EMP-7"})
    context = resolved["context"]
    assert context["instructor"]["name"] == "Jo Bloggs"
    members = {m["account"]["name"] for m in context["team"]["member"]}
    assert members == {"EMP-7", ali.id}
    assert kim.id not in json.dumps(resolved)
    assert context["extensions"][xs.EXTENSION + "attendee-count"] == 3


def test_withdrawing_drops_what_waits_and_can_void_what_was_sent(db, clock, profile, queue) -> None:
    queue.give_consent(profile.id, with_cpd=False, org_id=None)
    ProgressRepo(db, clock).mark_read(profile.id, "alpha")
    (sent,) = queue.waiting()
    queue.mark_tried([sent.statement_id], None)
    queue.mark_sent([sent.statement_id])
    ProgressRepo(db, clock).mark_read(profile.id, "beta")
    assert queue.withdraw_consent(profile.id, void_sent=True) == 1
    (void,) = statements(queue)
    assert void["object"]["id"] == sent.statement_id
    ProgressRepo(db, clock).mark_read(profile.id, "gamma")
    assert queue.counts().waiting == 1  # nothing new after withdrawal
    assert queue.consent(profile.id) is None


def test_an_overlong_organisation_id_is_refused(profile, queue) -> None:
    with pytest.raises(InvalidValueError):
        queue.give_consent(profile.id, with_cpd=False, org_id="x" * 201)


def test_withdrawing_keeps_a_waiting_correction_of_what_was_sent(db, clock, profile, queue) -> None:
    records = CpdRecordRepo(db, clock)
    queue.give_consent(profile.id, with_cpd=True, org_id=None)
    records.save(record(profile.id, status="ready"))
    (first,) = queue.waiting()
    queue.mark_tried([first.statement_id], None)
    queue.mark_sent([first.statement_id])
    records.save(record(profile.id, status="ready", minutes=90))
    queue.withdraw_consent(profile.id)
    (void,) = statements(queue)  # the new version is dropped, the void of the old one stays
    assert void["object"]["id"] == first.statement_id
