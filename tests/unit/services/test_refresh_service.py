"""Refresh sets: which questions come back, when, and when they leave (no Qt)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from desktop.course.model import Course, Module, UnavailableModule
from desktop.domain.quiz import Option, Question, QuestionType, Quiz, SourceRef
from desktop.services.refresh import RefreshService
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from desktop.store.quiz import QuizRepo
from desktop.store.refresh import RefreshRepo

MONDAY = date(2026, 3, 2)


class Clock:
    """A clock that stands still until a test moves it on."""

    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def next_day(self, days: int = 1) -> date:
        self.now += timedelta(days=days)
        return self.now.date()


def question(question_id: str) -> Question:
    return Question(
        id=question_id,
        type=QuestionType.SINGLE,
        prompt=f"Prompt {question_id}?",
        options=(
            Option("Right", True, "Right because."),
            Option("Wrong", False, "Wrong because."),
        ),
        source=SourceRef("doc.txt", "A section"),
    )


def module(module_id: str, question_ids: list[str]) -> Module:
    quiz = Quiz(module_id, 80, tuple(question(q) for q in question_ids), f"hash-{module_id}")
    return Module(
        id=module_id,
        title=f"Module {module_id}",
        summary="",
        minutes=10,
        outcomes=(),
        standards=(),
        sources=(),
        reflection_prompts=(),
        body="Text.",
        content_hash="h",
        folder=Path("."),
        quiz=quiz,
    )


def course(*entries: Module | UnavailableModule) -> Course:
    return Course("Test", "1", None, Path("."), tuple(entries))


COURSE = course(module("m", [f"q{n}" for n in range(1, 9)]), module("n", ["n1", "n2"]))
RIGHT, WRONG = [0], [1]


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sam(db: sqlite_utils.Database) -> str:
    return ProfileRepo(db).create("Sam").id


def service_for(db, clock, content: Course = COURSE) -> RefreshService:
    return RefreshService(content, RefreshRepo(db, clock), clock)


@pytest.fixture
def service(db, clock) -> RefreshService:
    return service_for(db, clock)


def take_quiz(db, clock, profile: str, module_id: str, wrong: set[str], ids: list[str]) -> None:
    quizzes = QuizRepo(db, clock)
    attempt = quizzes.start_attempt(profile, module_id, f"hash-{module_id}", ids)
    for question_id in ids:
        quizzes.record_answer(attempt.id, question_id, WRONG, question_id not in wrong)


def ids(questions) -> list[str]:
    return [q.question.id for q in questions]


def test_wrong_answers_come_back_the_next_day(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q2", "q3"}, ["q1", "q2", "q3"])
    assert service.due(sam, MONDAY) == []
    assert service.due_count(sam, MONDAY) == 0
    tuesday = MONDAY + timedelta(days=1)
    due = service.due(sam, tuesday)
    assert ids(due) == ["q2", "q3"]  # fewer than three due: offer what is due
    assert due[0].module_title == "Module m" and due[0].question.prompt == "Prompt q2?"
    assert service.due_count(sam, tuesday) == 2
    # A learner who comes back days later finds them already due.
    assert ids(service.due(sam, MONDAY + timedelta(days=6))) == ["q2", "q3"]


def test_syncing_twice_queues_nothing_new(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1", "q2"])
    assert service.sync(sam) == 1
    assert service.sync(sam) == 0
    clock.now += timedelta(minutes=5)
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1", "q2"])  # missed again in a retake
    assert service.sync(sam) == 1  # back to a one-day wait
    assert service.sync(sam) == 0


def test_a_set_holds_at_most_five_the_longest_overdue_first(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "n", {"n1", "n2"}, ["n1", "n2"])
    service.sync(sam)  # due Tuesday
    clock.next_day()
    take_quiz(db, clock, sam, "m", {f"q{n}" for n in range(1, 9)}, [f"q{n}" for n in range(1, 9)])
    later = MONDAY + timedelta(days=5)
    assert ids(service.due(sam, later)) == ["n1", "n2", "q1", "q2", "q3"]
    assert service.due_count(sam, later) == 10


def test_right_answers_widen_the_interval_until_it_leaves(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    day = MONDAY
    seen_intervals = []
    for expected_wait in (1, 3, 7, 14):
        day += timedelta(days=expected_wait)
        assert service.due(sam, day - timedelta(days=1)) == []  # not a day early
        (item,) = service.due(sam, day)
        seen_intervals.append(item.interval_days)
        feedback = service.answer(sam, "m", "q1", RIGHT, today=day)
        assert feedback.correct
    assert seen_intervals == [1, 3, 7, 14]
    assert service.comes_back_on(sam, "m", "q1") is None  # learned: it has left the queue
    assert service.due_count(sam, day + timedelta(days=400)) == 0


def test_after_each_right_answer_it_comes_back_later(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    tuesday = MONDAY + timedelta(days=1)
    service.due(sam, tuesday)
    service.answer(sam, "m", "q1", RIGHT, today=tuesday)
    assert service.comes_back_on(sam, "m", "q1") == tuesday + timedelta(days=3)


def test_a_wrong_answer_goes_back_to_one_day(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    day = MONDAY + timedelta(days=1)
    service.due(sam, day)
    service.answer(sam, "m", "q1", RIGHT, today=day)
    day += timedelta(days=3)
    feedback = service.answer(sam, "m", "q1", WRONG, today=day)
    assert not feedback.correct
    assert [o.verdict.value for o in feedback.relevant] == ["missed", "chosen_wrong"]
    assert service.comes_back_on(sam, "m", "q1") == day + timedelta(days=1)
    (item,) = service.due(sam, day + timedelta(days=1))
    assert item.interval_days == 1


def test_answers_are_logged_as_events(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    tuesday = MONDAY + timedelta(days=1)
    service.due(sam, tuesday)
    service.answer(sam, "m", "q1", WRONG, today=tuesday)
    events = [e for e in EventLog(db).for_profile(sam, "answered") if e.result.get("refresh")]
    assert len(events) == 1 and events[0].result["success"] is False
    assert events[0].content_version == "hash-m"


def test_a_learned_question_missed_in_a_later_quiz_comes_back(service, db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    day = MONDAY
    for wait in (1, 3, 7, 14):
        day += timedelta(days=wait)
        service.due(sam, day)
        service.answer(sam, "m", "q1", RIGHT, today=day)
    assert service.sync(sam) == 0  # the old wrong answer does not bring it back
    clock.now = datetime.combine(day, datetime.min.time(), UTC) + timedelta(hours=10)
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    assert ids(service.due(sam, day + timedelta(days=1))) == ["q1"]


def test_questions_removed_from_the_course_are_skipped_and_dropped(db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1", "q2", "q3"}, ["q1", "q2", "q3"])
    take_quiz(db, clock, sam, "n", {"n1"}, ["n1", "n2"])
    tuesday = MONDAY + timedelta(days=1)
    service_for(db, clock).sync(sam)
    edited = course(module("m", ["q1", "q3"]))  # q2 deleted from the quiz, module n gone
    service = service_for(db, clock, edited)
    assert ids(service.due(sam, tuesday)) == ["q1", "q3"]
    assert set(RefreshRepo(db).items(sam)) == {("m", "q1"), ("m", "q3")}
    assert service.sync(sam) == 0  # and the old wrong answers do not re-add them
    with pytest.raises(KeyError):
        service.answer(sam, "m", "q2", RIGHT, today=tuesday)


def test_a_module_that_fails_to_load_keeps_its_questions_waiting(db, clock, sam) -> None:
    take_quiz(db, clock, sam, "n", {"n1"}, ["n1"])
    tuesday = MONDAY + timedelta(days=1)
    service_for(db, clock).sync(sam)
    broken = course(module("m", ["q1"]), UnavailableModule("n", "Module n", ()))
    assert service_for(db, clock, broken).due(sam, tuesday) == []
    assert ids(service_for(db, clock).due(sam, tuesday)) == ["n1"]  # fixed: back again


def test_a_changed_question_is_graded_as_it_is_now(db, clock, sam) -> None:
    take_quiz(db, clock, sam, "m", {"q1"}, ["q1"])
    tuesday = MONDAY + timedelta(days=1)
    service_for(db, clock).sync(sam)
    changed = dataclasses.replace(
        question("q1"),
        options=(Option("Wrong now", False, "No."), Option("Right now", True, "Yes.")),
    )
    quiz = Quiz("m", 80, (changed,), "hash-m2")
    edited = course(dataclasses.replace(module("m", []), quiz=quiz))
    service = service_for(db, clock, edited)
    assert service.due(sam, tuesday)[0].question.options[1].text == "Right now"
    assert service.answer(sam, "m", "q1", [1], today=tuesday).correct


def test_today_defaults_to_the_uk_date(db, sam) -> None:
    clock = Clock()
    clock.now = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in the UK
    assert service_for(db, clock).today() == date(2026, 7, 1)
