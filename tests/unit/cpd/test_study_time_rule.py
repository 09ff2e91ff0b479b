"""One study-time figure everywhere: the same seconds give the same minutes on every screen."""

from __future__ import annotations

import pytest

from desktop.cpd.formatting import format_minutes, format_study_time, study_minutes


@pytest.mark.parametrize(
    ("seconds", "minutes", "shown"),
    [
        (0, 0, "none yet"),
        (14, 0, "under a minute"),
        (30, 1, "1 min"),
        (89, 1, "1 min"),
        (90, 2, "2 min"),  # home said "1 min" and the CPD record "2 min" for this
        (119, 2, "2 min"),
        (3629, 60, "1 h 00 min"),
        (3631, 61, "1 h 01 min"),
    ],
)
def test_one_rounding_rule(seconds: float, minutes: int, shown: str) -> None:
    assert study_minutes(seconds) == minutes
    assert format_study_time(seconds) == shown


def test_the_home_figure_and_the_record_figure_agree() -> None:
    for seconds in range(30, 3570, 7):  # under an hour both read "N min"
        assert format_study_time(seconds) == format_minutes(study_minutes(seconds)), seconds
