"""Taking a module quiz: start or resume an attempt, answer, finish, retake.

Every answer is written as it is given, so leaving mid-quiz loses nothing. An
attempt remembers the quiz version it began on; if the quiz has changed since,
the old attempt stays in history and a fresh one starts, so no answer is ever
graded against questions the learner did not see.

Each attempt also draws its own order for every question's options (see
``desktop.domain.shuffle``) and keeps it, so a resumed attempt and its review show
the options where the learner saw them. Answers stay in authored indexes.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field

from desktop.course.model import Course
from desktop.domain.grading import Feedback, grade, has_passed, needed_to_pass, score_percent
from desktop.domain.quiz import Option, Question, Quiz
from desktop.domain.shuffle import is_valid_order, option_order
from desktop.store.quiz import Attempt, QuizRepo

CHANGED_NOTICE = (
    "This quiz has been updated since you started it. Your earlier answers are kept "
    "in your history, and a fresh attempt has begun."
)


@dataclass
class QuizSession:
    attempt: Attempt
    quiz: Quiz
    questions: tuple[Question, ...]
    feedback: dict[str, Feedback] = field(default_factory=dict)
    notice: str | None = None

    def order(self, question: Question) -> tuple[int, ...]:
        """Authored option indexes in the order this attempt shows them."""
        stored = self.attempt.option_order.get(question.id)
        if stored is not None and is_valid_order(stored, question):
            return tuple(stored)
        return tuple(range(len(question.options)))

    def shown(self, question: Question) -> list[tuple[int, Option]]:
        """(authored index, option) pairs, in the order this attempt shows them."""
        return [(i, question.options[i]) for i in self.order(question)]

    @property
    def next_index(self) -> int | None:
        """The first unanswered question, or None when all are answered."""
        return next((i for i, q in enumerate(self.questions) if q.id not in self.feedback), None)


@dataclass(frozen=True)
class QuizResult:
    """A finished attempt: the score, the pass mark, and each answer for the review."""

    score: int
    passed: bool
    pass_mark: int
    review: tuple[tuple[Question, Feedback], ...]
    total: int = 0  # questions in the attempt (unanswered ones count as wrong)
    # Per question id, authored option indexes in the order the attempt showed them.
    orders: dict[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def right(self) -> int:
        """How many questions were answered rightly."""
        return sum(1 for _, feedback in self.review if feedback.correct)

    @property
    def needed(self) -> int:
        """How many right answers the pass mark asks for, out of ``total``."""
        return needed_to_pass(self.total, self.pass_mark)

    @property
    def mistakes(self) -> tuple[tuple[Question, Feedback], ...]:
        """The questions answered wrongly, in the order they were asked."""
        return tuple(item for item in self.review if not item[1].correct)


@dataclass(frozen=True)
class QuizHistory:
    attempts: int
    best: int | None
    latest: int | None
    passed: bool


class QuizService:
    def __init__(self, course: Course, repo: QuizRepo, rng: random.Random | None = None) -> None:
        self._course = course
        self._repo = repo
        # Injected so tests can seed it; the app draws from the system's entropy.
        self._rng = rng or random.Random()

    def _quiz(self, module_id: str) -> Quiz:
        module = self._course.module(module_id)
        if module is None or module.quiz is None:
            raise KeyError(f"module '{module_id}' has no quiz available")
        return module.quiz

    def start_or_resume(self, profile_id: str, module_id: str) -> QuizSession:
        quiz = self._quiz(module_id)
        attempt = self._repo.open_attempt(profile_id, module_id)
        if attempt is not None and attempt.content_hash == quiz.content_hash:
            session = QuizSession(attempt, quiz, self._ordered(quiz, attempt))
            for answer in self._repo.answers(attempt.id):
                question = quiz.question(answer.question_id)
                if question is not None:
                    session.feedback[question.id] = grade(question, answer.chosen)
            return session
        session = self.start_new(profile_id, module_id)
        if attempt is not None:
            session.notice = CHANGED_NOTICE
        return session

    def start_new(self, profile_id: str, module_id: str) -> QuizSession:
        """A new attempt (a retake); earlier attempts stay in history."""
        quiz = self._quiz(module_id)
        ids = [q.id for q in quiz.questions]
        orders = {q.id: option_order(q, self._rng) for q in quiz.questions}
        attempt = self._repo.start_attempt(profile_id, module_id, quiz.content_hash, ids, orders)
        return QuizSession(attempt, quiz, quiz.questions)

    @staticmethod
    def _ordered(quiz: Quiz, attempt: Attempt) -> tuple[Question, ...]:
        found = (quiz.question(qid) for qid in attempt.question_order)
        return tuple(q for q in found if q is not None)

    def answer(self, session: QuizSession, question_id: str, chosen: Collection[int]) -> Feedback:
        """Grade and save one answer in one transaction; returns what to show."""
        question = session.quiz.question(question_id)
        if question is None:
            raise KeyError(f"question '{question_id}' is not in this quiz")
        feedback = grade(question, chosen)
        self._repo.record_answer(session.attempt.id, question_id, sorted(chosen), feedback.correct)
        session.feedback[question_id] = feedback
        return feedback

    def finish(self, session: QuizSession) -> QuizResult:
        flags = [
            session.feedback[q.id].correct for q in session.questions if q.id in session.feedback
        ]
        score = score_percent(flags, len(session.questions))
        passed = has_passed(score, session.quiz.pass_mark)
        if not session.attempt.is_finished:
            session.attempt = self._repo.finish_attempt(session.attempt.id, score, passed)
        review = tuple(
            (q, session.feedback[q.id]) for q in session.questions if q.id in session.feedback
        )
        orders = {q.id: session.order(q) for q in session.questions}
        return QuizResult(
            score, passed, session.quiz.pass_mark, review, len(session.questions), orders
        )

    def history(self, profile_id: str, module_id: str) -> QuizHistory:
        finished = [a for a in self._repo.attempts(profile_id, module_id) if a.is_finished]
        scores = [round(a.score_percent or 0) for a in finished]
        return QuizHistory(
            attempts=len(finished),
            best=max(scores) if scores else None,
            latest=scores[0] if scores else None,
            passed=any(a.passed for a in finished),
        )
