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
from pathlib import Path

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
    return _warning(
        module.folder / "quiz.yaml",
        positions,
        "the right answer is written as option {place} in {count} of {total} "
        "single-answer questions",
    )


def _scenario_warning(module: Module) -> Iterable[Problem]:
    if module.scenario is None:
        return []
    positions = [
        i
        for node in module.scenario.nodes.values()
        for i, choice in enumerate(node.choices)
        if choice.recommended
    ]
    return _warning(
        module.folder / "scenario.yaml",
        positions,
        "the recommended choice is written as choice {place} at {count} of {total} decisions",
    )


def _warning(path: Path, positions: list[int], message: str) -> list[Problem]:
    """A warning at line 1 of ``path`` when the positions are skewed, else none."""
    skew = _skew(positions)
    if skew is None:
        return []
    place, count = skew
    text = message.format(place=place + 1, count=count, total=len(positions))
    return [Problem(path, 1, f"warning: {text}; vary where it is written")]


def _skew(positions: list[int]) -> tuple[int, int] | None:
    """(position, count) when more than half the answers share one position."""
    if len(positions) < MIN_COUNTED:
        return None
    position, count = Counter(positions).most_common(1)[0]
    return (position, count) if count > MOST * len(positions) else None
