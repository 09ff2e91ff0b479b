"""The refresh queue's rows and the wrong answers it is filled from."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.quiz import QuizRepo
from desktop.store.refresh import RETIRED_DAY, RefreshRepo

from .fakes import FakeClock


def answer_quiz(db, clock, profile_id: str, module_id: str, right: dict[str, bool]) -> None:
    quizzes = QuizRepo(db, clock)
    attempt = quizzes.start_attempt(profile_id, module_id, "hash", list(right))
    for question_id, correct in right.items():
        quizzes.record_answer(attempt.id, question_id, [0], correct)


def test_wrong_answers_are_read_per_question_with_the_latest_time(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    answer_quiz(db, clock, profile.id, "m", {"q1": False, "q2": True, "q3": False})
    clock.advance(days=1)
    answer_quiz(db, clock, profile.id, "m", {"q1": False, "q2": False, "q3": True})
    other = ProfileRepo(db, clock).create("Ali")
    answer_quiz(db, clock, other.id, "m", {"q4": False})
    wrong = RefreshRepo(db).latest_wrong_answers(profile.id)
    assert set(wrong) == {("m", "q1"), ("m", "q2"), ("m", "q3")}
    assert wrong[("m", "q1")] > wrong[("m", "q3")]  # q1 was missed again on day two


def test_queue_due_and_reschedule(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = RefreshRepo(db, clock)
    repo.queue(profile.id, [("m", "q2", "2026-03-04")])
    repo.queue(profile.id, [("m", "q1", "2026-03-03")])
    assert [i.question_id for i in repo.due(profile.id, "2026-03-02")] == []
    assert [i.question_id for i in repo.due(profile.id, "2026-03-04")] == ["q1", "q2"]
    item = repo.reschedule(
        profile.id,
        "m",
        "q1",
        due_day="2026-03-07",
        interval_days=3,
        correct_streak=1,
        response=[2],
        correct=True,
        content_version="hash",
    )
    assert (item.due_day, item.interval_days, item.correct_streak) == ("2026-03-07", 3, 1)
    event = EventLog(db).for_profile(profile.id, "answered")[0]
    assert event.object_id == "question:m/q1"
    assert event.result == {"refresh": True, "response": [2], "success": True}


def test_a_retired_item_is_never_due_but_can_be_queued_again(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = RefreshRepo(db, clock)
    repo.queue(profile.id, [("m", "q1", "2026-03-03")])
    repo.reschedule(
        profile.id,
        "m",
        "q1",
        due_day=RETIRED_DAY,
        interval_days=14,
        correct_streak=4,
        response=[0],
        correct=True,
    )
    assert repo.due(profile.id, "9999-12-31") == []
    retired = repo.item(profile.id, "m", "q1")
    assert retired is not None and retired.retired
    repo.queue(profile.id, [("m", "q1", "2026-04-01")])
    again = repo.item(profile.id, "m", "q1")
    assert again is not None and not again.retired
    assert (again.interval_days, again.correct_streak) == (1, 0)
    assert again.added_utc == retired.added_utc


def test_remove_and_bad_values(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = RefreshRepo(db, clock)
    repo.queue(profile.id, [("m", "q1", "2026-03-03")])
    repo.remove(profile.id, "m", "q1")
    assert repo.items(profile.id) == {}
    with pytest.raises(InvalidValueError):
        repo.queue(profile.id, [("m", "q1", "tomorrow")])
    with pytest.raises(RecordNotFoundError):
        repo.queue("ghost", [("m", "q1", "2026-03-03")])
