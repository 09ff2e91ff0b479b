"""Authoring warnings about where right answers sit in the written files.

Not problems: a quiz whose right answers are mostly option 1 still loads and is
shown shuffled. But a skewed file is a sign of options written answer-first, and it
is what reviewers, printouts and anyone reading the file see, so `prism content
check` points it out. Questions whose options never move (true/false) and right
answers an author pinned in place are left out of the count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from desktop.course.model import Course, Module, Problem
from desktop.domain.quiz import QuestionType

MIN_COUNTED = 3
"""Fewer counted questions than this say nothing about a habit."""

MOST = 0.5
"""More than this share in one position is "mostly"."""


def position_warnings(course: Course) -> list[Problem]:
    """One warning per quiz or scenario whose right answers mostly share a position."""
    warnings: list[Problem] = []
    for module in course.modules:
        warnings.extend(_quiz_warning(module))
        warnings.extend(_scenario_warning(module))
    return warnings


def _quiz_warning(module: Module) -> Iterable[Problem]:
    if module.quiz is None:
        return []
    positions = [
        i
        for q in module.quiz.questions
        if q.type is QuestionType.SINGLE
        for i, option in enumerate(q.options)
        if option.correct and not option.pinned
    ]
    skew = _skew(positions)
    if skew is None:
        return []
    position, count = skew
    return [
        Problem(
            module.folder / "quiz.yaml",
            1,
            f"warning: the right answer is written as option {position + 1} in {count} of "
            f"{len(positions)} single-answer questions; vary where it is written",
        )
    ]


def _scenario_warning(module: Module) -> Iterable[Problem]:
    if module.scenario is None:
        return []
    positions = [
        i
        for node in module.scenario.nodes.values()
        for i, choice in enumerate(node.choices)
        if choice.recommended
    ]
    skew = _skew(positions)
    if skew is None:
        return []
    position, count = skew
    return [
        Problem(
            module.folder / "scenario.yaml",
            1,
            f"warning: the recommended choice is written as choice {position + 1} at {count} "
            f"of {len(positions)} decisions; vary where it is written",
        )
    ]


def _skew(positions: list[int]) -> tuple[int, int] | None:
    """(position, count) when more than half the answers share one position."""
    if len(positions) < MIN_COUNTED:
        return None
    position, count = Counter(positions).most_common(1)[0]
    return (position, count) if count > MOST * len(positions) else None
