"""Grading rules a learner notices: what counts as right, and how scores and passes work."""

import pytest

from desktop.domain.grading import GradingError, OptionVerdict, grade, has_passed, score_percent
from desktop.domain.quiz import Option, Question, QuestionType, SourceRef

SRC = SourceRef("000.txt", "Section")


def make(kind: QuestionType, correct: tuple[bool, ...]) -> Question:
    options = tuple(Option(f"Option {i}", ok, f"Why {i}") for i, ok in enumerate(correct))
    return Question("q1", kind, "Prompt?", options, SRC)


def test_single_answer_right_and_wrong():
    q = make(QuestionType.SINGLE, (False, True, False))
    assert grade(q, [1]).correct
    feedback = grade(q, [0])
    assert not feedback.correct
    verdicts = {o.index: o.verdict for o in feedback.relevant}
    assert verdicts == {0: OptionVerdict.CHOSEN_WRONG, 1: OptionVerdict.MISSED}


def test_no_option_chosen_is_wrong_not_an_error():
    for kind in QuestionType:
        q = make(kind, (True, False) if kind is not QuestionType.MULTIPLE else (True, True, False))
        feedback = grade(q, [])
        assert not feedback.correct
        assert all(
            o.verdict in (OptionVerdict.MISSED, OptionVerdict.LEFT_OUT) for o in feedback.options
        )


def test_multiple_answer_is_all_or_nothing():
    q = make(QuestionType.MULTIPLE, (True, True, False, False))
    assert grade(q, [0, 1]).correct
    assert not grade(q, [0]).correct, "missing a right option is wrong"
    assert not grade(q, [0, 1, 2]).correct, "adding a wrong option is wrong"


def test_every_option_chosen_is_wrong_unless_every_option_is_right():
    assert not grade(make(QuestionType.MULTIPLE, (True, False, True)), [0, 1, 2]).correct
    assert grade(make(QuestionType.MULTIPLE, (True, True)), [0, 1]).correct


def test_single_answer_refuses_two_choices_and_unknown_options():
    q = make(QuestionType.SINGLE, (True, False))
    with pytest.raises(GradingError):
        grade(q, [0, 1])
    with pytest.raises(GradingError):
        grade(q, [5])


def test_feedback_explains_every_chosen_and_missed_option():
    q = make(QuestionType.MULTIPLE, (True, True, False))
    feedback = grade(q, [0, 2])
    shown = {o.index: o.feedback for o in feedback.relevant}
    assert shown == {0: "Why 0", 1: "Why 1", 2: "Why 2"}


@pytest.mark.parametrize(
    ("flags", "total", "expected"),
    [
        ([True] * 8 + [False] * 2, 10, 80),
        ([], 10, 0),
        ([True] * 3, 4, 75),
        ([True], 0, 0),
        ([True, True], 3, 67),
    ],
)
def test_score_counts_unanswered_as_wrong(flags, total, expected):
    assert score_percent(flags, total) == expected


def test_pass_mark_is_inclusive():
    assert has_passed(80, 80)
    assert not has_passed(79, 80)
