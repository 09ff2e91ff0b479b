"""The import's cached time check answers exactly as ``time_problem`` for every value.

``TimeChecker`` judges each day once and each clock time once, so an archive's 100,000
events cost a few thousand full checks; the answers must not change by it, including for
a bad day seen first with a good time, or the same clock time on a bad day.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime

from desktop.store.timestamps import TimeChecker, time_problem

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)

TRICKY = [
    "2026-02-31T09:00:00.000Z",  # no such day
    "2026-02-28T09:00:00.000Z",
    "2026-02-28T25:00:00.000Z",  # no such hour, on a good day seen just before
    "2026-02-28T23:60:00.000Z",
    "2026-02-28T23:59:60.000Z",
    "1999-12-31T23:59:59.999Z",  # before 2000
    "1999-12-31T25:00:00.000Z",  # before 2000 and no such hour: "not real" comes first
    "2000-01-01T00:00:00.000Z",
    "2026-12-06T12:00:00.000Z",  # now
    "2026-12-07T11:59:59.999Z",  # a day ahead: forgiven
    "2026-12-07T12:00:00.001Z",  # beyond it
    "2026-12-08T00:00:00.000Z",
    "2031-01-01T00:00:00.000Z",
    "2026-02-28T09:00:00Z",  # other shapes Prism reads
    "2026-02-28T09:00:00.1Z",
    "2026-02-28T09:00:00.123456Z",
    "2026-02-28T09:00:00.000+00:00",
    "2026-02-28 09:00:00.000Z",
    "2026-02-28T09:00:00.00xZ",
    "2026-02-28T09:00:00.000z",
    "٢٠٢٦-02-28T09:00:00.000Z",  # digits that are not ASCII
    "2026-0228T09:00:00.0000Z",
    "2026-02-28T09-00:00.000Z",  # a wrong separator in the clock
    "2026-02-28T09:00.00.000Z",
    "2026-02-28T09:00:00.000Z\n",  # a line ending after it
    "2026-02-28T24:00:00.000Z",
    "2026-02-28T19:59:59.000Z",
    "",
    "yesterday",
    None,
    20260228,
]


def test_every_tricky_value_gets_the_same_answer_in_any_order() -> None:
    for seed in range(5):
        values = TRICKY * 3
        random.Random(seed).shuffle(values)
        check = TimeChecker(NOW)
        for value in values:
            assert check(value) == time_problem(value, NOW), value


def test_many_generated_times_get_the_same_answer() -> None:
    rng = random.Random(17)
    check = TimeChecker(NOW)
    for _ in range(20_000):
        text = (
            f"{rng.choice([1998, 1999, 2000, 2013, 2024, 2026, 2027])}-"
            f"{rng.randint(0, 13):02d}-{rng.randint(0, 32):02d}T"
            f"{rng.randint(0, 25):02d}:{rng.randint(0, 61):02d}:{rng.randint(0, 61):02d}."
            f"{rng.randint(0, 999):03d}Z"
        )
        assert check(text) == time_problem(text, NOW), text


def test_a_whole_chunk_is_believable_exactly_when_every_time_in_it_is() -> None:
    # The import judges a chunk of thousands of times at once; any doubtful one sends
    # the chunk back to the one-by-one check, so the answer must never be a false "yes".
    rng = random.Random(7)
    good = [
        f"2024-{m:02d}-{d:02d}T{h:02d}:30:15.250Z"
        for m in (1, 6, 12)
        for d in (1, 28)
        for h in (0, 23)
    ]
    strings = [value for value in TRICKY if isinstance(value, str)]
    for _ in range(300):
        chunk = rng.sample(good, 5) + rng.sample(strings, rng.randint(0, 2))
        rng.shuffle(chunk)
        believable = all(time_problem(value, NOW) is None for value in chunk)
        if TimeChecker(NOW).all_believable(chunk):  # "no" only means: look one by one
            assert believable, chunk
        if all(value in good for value in chunk):
            assert TimeChecker(NOW).all_believable(chunk), chunk
    assert TimeChecker(NOW).all_believable(good)
    assert not TimeChecker(NOW).all_believable([*good, None])  # not a string: one by one
