"""The order options are shown in: a fresh shuffle per attempt, never the authored order.

Authors tend to put the right answer first (35 of 43 single-answer questions did), so
a learner who pressed "1" every time could pass. Each attempt therefore draws its own
order for every single- and multiple-answer question; true/false keeps "True" then
"False", and an option marked ``pin: true`` (such as "None of these") keeps its
authored position. Orders are tuples of authored indexes: position ``p`` on screen
shows option ``order[p]``. Answers are always saved and graded by authored index, so
a stored answer means the same whatever order it was given in.

Plain Python with an injected ``random.Random``, so tests can seed it.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from desktop.domain.quiz import Question, QuestionType


def option_order(question: Question, rng: random.Random) -> tuple[int, ...]:
    """A fresh display order for ``question``'s options (authored order for true/false)."""
    count = len(question.options)
    if question.type is QuestionType.TRUE_FALSE:
        return tuple(range(count))
    pinned = [option.pinned for option in question.options]
    return _shuffle_unpinned(count, pinned, rng)


def choice_order(count: int, rng: random.Random) -> tuple[int, ...]:
    """A fresh display order for ``count`` scenario choices (none is pinned)."""
    return _shuffle_unpinned(count, [False] * count, rng)


def _shuffle_unpinned(count: int, pinned: Sequence[bool], rng: random.Random) -> tuple[int, ...]:
    # A plain uniform shuffle: forcing "never the authored order" would itself leak the
    # answer (with two free options the right one would always move).
    free = [i for i in range(count) if not pinned[i]]
    moved = list(free)
    rng.shuffle(moved)
    order = list(range(count))
    for slot, index in zip(free, moved, strict=True):
        order[slot] = index
    return tuple(order)


def is_valid_order(order: Sequence[int], question: Question) -> bool:
    """True when ``order`` shows each of ``question``'s options once, pins in place."""
    count = len(question.options)
    if sorted(order) != list(range(count)):
        return False
    return all(order[i] == i for i, option in enumerate(question.options) if option.pinned)


def display_position(order: Sequence[int], authored: int) -> int:
    """Where (0-based) the option authored at ``authored`` appears on screen."""
    return list(order).index(authored)
