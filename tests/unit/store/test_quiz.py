"""Quiz attempts: answering once per question, resuming, finishing, passing."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import sqlite_utils

from desktop.store.database import close_database, open_database
from desktop.store.errors import (
    AlreadyFinishedError,
    DuplicateAnswerError,
    InvalidValueError,
    RecordNotFoundError,
)
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.quiz import QuizRepo

from .fakes import FakeClock


@pytest.fixture
def quiz(db: sqlite_utils.Database, clock: FakeClock) -> QuizRepo:
    return QuizRepo(db, clock)


def test_answers_are_recorded_and_logged_with_the_content_version(
    db: sqlite_utils.Database, quiz: QuizRepo, profile: Profile
) -> None:
    attempt = quiz.start_attempt(profile.id, "identity-prism", "hash-1", ["ip-2", "ip-1"])
    assert attempt.question_order == ("ip-2", "ip-1") and not attempt.is_finished
    answer = quiz.record_answer(attempt.id, "ip-2", [0, 2], correct=False)

    assert quiz.answers(attempt.id) == [answer]
    assert answer.chosen == (0, 2) and answer.correct is False
    [event] = EventLog(db).for_profile(profile.id, verb="answered")
    assert event.object_id == "question:identity-prism/ip-2"
    assert event.result == {"attempt_id": attempt.id, "response": [0, 2], "success": False}
    assert event.content_version == "hash-1"
    assert EventLog(db).for_profile(profile.id, verb="attempted")


def test_a_question_cannot_be_answered_twice_in_one_attempt(
    db: sqlite_utils.Database, quiz: QuizRepo, profile: Profile
) -> None:
    attempt = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    quiz.record_answer(attempt.id, "q1", [1], correct=True)
    with pytest.raises(DuplicateAnswerError, match="already been answered"):
        quiz.record_answer(attempt.id, "q1", [0], correct=False)
    assert [a.chosen for a in quiz.answers(attempt.id)] == [(1,)]
    assert len(EventLog(db).for_profile(profile.id, verb="answered")) == 1


def test_answer_for_a_missing_attempt_is_refused(db: sqlite_utils.Database, quiz: QuizRepo) -> None:
    with pytest.raises(RecordNotFoundError):
        quiz.record_answer("no-such-attempt", "q1", [0], correct=True)
    with pytest.raises(sqlite3.IntegrityError) as refused:
        db.execute("INSERT INTO quiz_answers VALUES ('no-such-attempt', 'q1', '[0]', 1, '2026')")
    assert "FOREIGN KEY" in refused.value.detail  # SQLite's words, for the log


def test_only_questions_of_the_attempt_can_be_answered(quiz: QuizRepo, profile: Profile) -> None:
    attempt = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    with pytest.raises(InvalidValueError):
        quiz.record_answer(attempt.id, "q9", [0], correct=True)


def test_unfinished_attempt_is_resumed_after_reopening(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    clock = FakeClock()
    db = open_database(path)
    sam = ProfileRepo(db, clock).create("Sam")
    quiz = QuizRepo(db, clock)
    done = quiz.start_attempt(sam.id, "m", "h", ["q1"])
    quiz.record_answer(done.id, "q1", [0], correct=True)
    quiz.finish_attempt(done.id, 100, passed=True)
    open_one = quiz.start_attempt(sam.id, "m", "h", ["q2", "q1"])
    quiz.record_answer(open_one.id, "q2", [1], correct=True)
    close_database(db)

    db = open_database(path)
    try:
        quiz = QuizRepo(db)
        resumed = quiz.open_attempt(sam.id, "m")
        assert resumed == open_one
        assert [a.question_id for a in quiz.answers(resumed.id)] == ["q2"]
        assert quiz.open_attempt(sam.id, "other-module") is None
    finally:
        close_database(db)


def test_finishing_records_the_result_and_logs_pass_or_fail(
    db: sqlite_utils.Database, quiz: QuizRepo, profile: Profile
) -> None:
    first = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    failed = quiz.finish_attempt(first.id, 40, passed=False)
    assert failed.is_finished and failed.passed is False and failed.score_percent == 40
    assert quiz.modules_passed(profile.id) == set()

    second = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    quiz.finish_attempt(second.id, 80, passed=True)
    third = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    quiz.finish_attempt(third.id, 80, passed=True)

    assert quiz.modules_passed(profile.id) == {"m"}
    assert [a.id for a in quiz.attempts(profile.id, "m")] == [third.id, second.id, first.id]
    best = quiz.best_attempt(profile.id, "m")
    assert best is not None and best.id == second.id  # first to reach the top score
    verbs = [e.verb for e in EventLog(db).for_profile(profile.id) if e.verb != "attempted"]
    assert verbs == ["passed", "passed", "failed"]
    assert quiz.open_attempt(profile.id, "m") is None


def test_a_finished_attempt_cannot_change(quiz: QuizRepo, profile: Profile) -> None:
    attempt = quiz.start_attempt(profile.id, "m", "h", ["q1"])
    quiz.finish_attempt(attempt.id, 0, passed=False)
    with pytest.raises(AlreadyFinishedError):
        quiz.record_answer(attempt.id, "q1", [0], correct=True)
    with pytest.raises(AlreadyFinishedError):
        quiz.finish_attempt(attempt.id, 100, passed=True)


def test_no_best_attempt_before_finishing_one(quiz: QuizRepo, profile: Profile) -> None:
    quiz.start_attempt(profile.id, "m", "h", ["q1"])
    assert quiz.best_attempt(profile.id, "m") is None


def test_best_scores_count_only_finished_attempts(quiz: QuizRepo, profile: Profile) -> None:
    first = quiz.start_attempt(profile.id, "alpha", "h1", ["q1"])
    quiz.finish_attempt(first.id, 40.0, False)
    second = quiz.start_attempt(profile.id, "alpha", "h1", ["q1"])
    quiz.finish_attempt(second.id, 90.0, True)
    quiz.start_attempt(profile.id, "alpha", "h1", ["q1"])  # left unfinished
    assert quiz.best_scores(profile.id) == {"alpha": (90.0, 2)}
