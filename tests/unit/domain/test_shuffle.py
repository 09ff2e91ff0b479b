"""Option order per attempt: shuffled, pins kept, true/false fixed (no Qt)."""

from __future__ import annotations

import random
from collections import Counter

from desktop.domain.quiz import Option, Question, QuestionType, SourceRef
from desktop.domain.shuffle import choice_order, display_position, is_valid_order, option_order


def question(kind: QuestionType, n: int = 4, pinned: int | None = None) -> Question:
    if kind is QuestionType.TRUE_FALSE:
        texts = ["True", "False"]
    else:
        texts = [f"Option {i}" for i in range(n)]
    options = tuple(
        Option(text, i == 0, "Because.", pinned=(i == pinned)) for i, text in enumerate(texts)
    )
    return Question("q", kind, "Prompt?", options, SourceRef("doc.txt", "S"))


def test_the_right_answer_written_first_lands_everywhere_about_equally() -> None:
    rng = random.Random(7)
    q = question(QuestionType.SINGLE, 4)
    places = Counter(display_position(option_order(q, rng), 0) for _ in range(4000))
    assert set(places) == {0, 1, 2, 3}
    assert all(800 < count < 1200 for count in places.values()), places


def test_multiple_answer_questions_are_shuffled_too() -> None:
    rng = random.Random(1)
    q = question(QuestionType.MULTIPLE, 5)
    orders = {option_order(q, rng) for _ in range(50)}
    assert len(orders) > 10
    assert all(is_valid_order(order, q) for order in orders)


def test_true_false_always_shows_true_then_false() -> None:
    rng = random.Random(3)
    q = question(QuestionType.TRUE_FALSE)
    assert {option_order(q, rng) for _ in range(50)} == {(0, 1)}


def test_a_pinned_option_stays_where_it_was_written() -> None:
    rng = random.Random(5)
    q = question(QuestionType.SINGLE, 5, pinned=4)  # "None of these", written last
    orders = [option_order(q, rng) for _ in range(200)]
    assert all(order[4] == 4 for order in orders)
    assert len({order[:4] for order in orders}) > 10  # the others still move
    assert not is_valid_order((4, 1, 2, 3, 0), q)


def test_the_same_seed_gives_the_same_order_and_scenario_choices_shuffle() -> None:
    q = question(QuestionType.SINGLE, 6)
    assert option_order(q, random.Random(42)) == option_order(q, random.Random(42))
    firsts = Counter(choice_order(3, random.Random(seed))[0] for seed in range(300))
    assert set(firsts) == {0, 1, 2}
