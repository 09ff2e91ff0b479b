"""Grading rules for quiz answers and attempts.

Multiple-answer questions are all-or-nothing: partial credit would let a learner
who ticks every box score, which teaches nothing about professional judgement.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum

from desktop.domain.quiz import Question, QuestionType


class GradingError(ValueError):
    """An answer that the question cannot accept (the UI should never send one)."""


class OptionVerdict(StrEnum):
    CHOSEN_RIGHT = "chosen_right"
    CHOSEN_WRONG = "chosen_wrong"
    MISSED = "missed"
    LEFT_OUT = "left_out"


@dataclass(frozen=True)
class OptionFeedback:
    index: int
    text: str
    verdict: OptionVerdict
    feedback: str


@dataclass(frozen=True)
class Feedback:
    """What the learner sees after answering one question."""

    question_id: str
    correct: bool
    options: tuple[OptionFeedback, ...]

    @property
    def headline(self) -> str:
        return "Correct" if self.correct else "Not quite"

    @property
    def relevant(self) -> tuple[OptionFeedback, ...]:
        """Feedback worth reading: options chosen, and right options that were missed."""
        return tuple(o for o in self.options if o.verdict is not OptionVerdict.LEFT_OUT)


def grade(question: Question, chosen: Collection[int]) -> Feedback:
    """Grade one answer. No option chosen is a wrong answer, never an error."""
    picked = frozenset(chosen)
    if any(i < 0 or i >= len(question.options) for i in picked):
        raise GradingError(
            f"Question {question.id} has no option number outside 1-{len(question.options)}."
        )
    if question.type in (QuestionType.SINGLE, QuestionType.TRUE_FALSE) and len(picked) > 1:
        raise GradingError(f"Question {question.id} takes one answer only.")
    right = question.correct_indexes
    verdicts = []
    for index, option in enumerate(question.options):
        if index in picked:
            verdict = OptionVerdict.CHOSEN_RIGHT if option.correct else OptionVerdict.CHOSEN_WRONG
        else:
            verdict = OptionVerdict.MISSED if option.correct else OptionVerdict.LEFT_OUT
        verdicts.append(OptionFeedback(index, option.text, verdict, option.feedback))
    return Feedback(question.id, bool(picked) and picked == right, tuple(verdicts))


def score_percent(correct_flags: Sequence[bool], total_questions: int) -> int:
    """Whole-number percentage of questions right; unanswered questions count as wrong."""
    if total_questions <= 0:
        return 0
    return round(100 * sum(1 for flag in correct_flags if flag) / total_questions)


def has_passed(score: int, pass_mark: int) -> bool:
    return score >= pass_mark


def needed_to_pass(total_questions: int, pass_mark: int) -> int:
    """The fewest right answers out of ``total_questions`` that reach ``pass_mark``.

    Uses the same rounding as ``score_percent``, so "8 of 10 needed" and the pass
    verdict never disagree.
    """
    for right in range(total_questions + 1):
        if has_passed(score_percent([True] * right, total_questions), pass_mark):
            return right
    return total_questions
