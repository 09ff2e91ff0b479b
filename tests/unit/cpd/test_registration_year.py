"""Registration years: 1 December to 30 November, judged in UK time."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from desktop.cpd.registration_year import (
    RegistrationYear,
    RegistrationYearError,
    days_until_deadline,
    registration_year_for,
    uk_date,
)

LONDON = ZoneInfo("Europe/London")
Y2425 = RegistrationYear.parse("2024-25")
Y2526 = RegistrationYear.parse("2025-26")


def test_year_runs_from_1_december_to_30_november() -> None:
    assert Y2526.start == date(2025, 12, 1)
    assert Y2526.end == date(2026, 11, 30)
    assert Y2526.label == "2025-26"
    assert str(Y2526) == "2025-26"
    assert Y2526.deadline == date(2026, 11, 30)
    assert Y2526.renewal_opens == date(2026, 9, 1)


def test_contains_includes_both_ends() -> None:
    assert Y2526.contains(date(2025, 12, 1))
    assert Y2526.contains(date(2026, 11, 30))
    assert not Y2526.contains(date(2025, 11, 30))
    assert not Y2526.contains(date(2026, 12, 1))


@pytest.mark.parametrize(
    ("moment", "label"),
    [
        (date(2025, 11, 30), "2024-25"),
        (date(2025, 12, 1), "2025-26"),
        (date(2026, 1, 1), "2025-26"),
        (date(2026, 2, 28), "2025-26"),
        (date(2024, 2, 29), "2023-24"),
        (date(2026, 11, 30), "2025-26"),
    ],
)
def test_year_for_dates(moment: date, label: str) -> None:
    assert registration_year_for(moment).label == label


def test_last_minute_of_30_november_uk_belongs_to_year_ending_then() -> None:
    moment = datetime(2025, 11, 30, 23, 59, 59, tzinfo=LONDON)
    assert registration_year_for(moment) == Y2425


def test_first_minute_of_1_december_uk_starts_next_year() -> None:
    moment = datetime(2025, 12, 1, 0, 0, tzinfo=LONDON)
    assert registration_year_for(moment) == Y2526


def test_utc_late_on_30_november_is_still_30_november_in_london_gmt() -> None:
    # London is on GMT in November, so UTC and UK time agree.
    moment = datetime(2025, 11, 30, 23, 30, tzinfo=UTC)
    assert uk_date(moment) == date(2025, 11, 30)
    assert registration_year_for(moment) == Y2425
    assert registration_year_for(datetime(2025, 12, 1, 0, 0, tzinfo=UTC)) == Y2526


def test_utc_converts_to_bst_in_summer() -> None:
    # 23:30 UTC on 30 June is 00:30 BST on 1 July.
    assert uk_date(datetime(2025, 6, 30, 23, 30, tzinfo=UTC)) == date(2025, 7, 1)
    assert uk_date(datetime(2025, 6, 30, 22, 59, tzinfo=UTC)) == date(2025, 6, 30)


def test_bst_clock_change_days() -> None:
    # Clocks go forward on 30 March 2025 at 01:00 UTC and back on 26 October at 01:00 UTC.
    assert uk_date(datetime(2025, 3, 29, 23, 30, tzinfo=UTC)) == date(2025, 3, 29)
    assert uk_date(datetime(2025, 3, 30, 23, 30, tzinfo=UTC)) == date(2025, 3, 31)
    assert uk_date(datetime(2025, 10, 26, 23, 30, tzinfo=UTC)) == date(2025, 10, 26)


def test_aware_datetimes_in_other_zones_are_converted() -> None:
    # 08:00 on 1 December in Sydney (UTC+11) is 21:00 on 30 November in London.
    sydney = datetime(2025, 12, 1, 8, 0, tzinfo=ZoneInfo("Australia/Sydney"))
    assert registration_year_for(sydney) == Y2425
    # 20:00 on 30 November in New York (UTC-5) is 01:00 on 1 December in London.
    new_york = datetime(2025, 11, 30, 20, 0, tzinfo=ZoneInfo("America/New_York"))
    assert registration_year_for(new_york) == Y2526
    fixed = datetime(2025, 12, 1, 0, 30, tzinfo=timezone(timedelta(hours=1)))
    assert registration_year_for(fixed) == Y2425


def test_naive_datetime_is_taken_as_uk_local_time() -> None:
    assert registration_year_for(datetime(2025, 11, 30, 23, 59)) == Y2425
    assert registration_year_for(datetime(2025, 12, 1, 0, 0)) == Y2526
    assert uk_date(datetime(2025, 6, 30, 23, 30)) == date(2025, 6, 30)


def test_contains_accepts_datetimes_in_uk_time() -> None:
    assert Y2425.contains(datetime(2025, 11, 30, 23, 59, tzinfo=LONDON))
    assert not Y2425.contains(datetime(2025, 12, 1, 0, 0, tzinfo=UTC))


@pytest.mark.parametrize("text", ["2025-26", " 2025-26 ", "2025–26", "2025/26"])
def test_parse_accepts_labels(text: str) -> None:
    assert RegistrationYear.parse(text) == Y2526


def test_parse_handles_the_century() -> None:
    year = RegistrationYear.parse("2099-00")
    assert year.end == date(2100, 11, 30)
    assert year.label == "2099-00"


@pytest.mark.parametrize(
    ("text", "hint"),
    [
        ("2025-27", "year after the first"),
        ("2025-25", "year after the first"),
        ("2025", 'like "2025-26"'),
        ("25-26", 'like "2025-26"'),
        ("2025-2026", 'like "2025-26"'),
        ("", 'like "2025-26"'),
        ("twenty", 'like "2025-26"'),
    ],
)
def test_parse_rejects_bad_labels_clearly(text: str, hint: str) -> None:
    with pytest.raises(RegistrationYearError, match="not a registration year") as caught:
        RegistrationYear.parse(text)
    assert hint in str(caught.value)


def test_parse_rejects_non_text() -> None:
    with pytest.raises(RegistrationYearError):
        RegistrationYear.parse(2025)  # type: ignore[arg-type]


def test_error_is_a_value_error() -> None:
    assert issubclass(RegistrationYearError, ValueError)


def test_constructor_rejects_inconsistent_dates() -> None:
    with pytest.raises(RegistrationYearError, match="starts on 1 December"):
        RegistrationYear(date(2025, 1, 1), date(2025, 11, 30))
    with pytest.raises(RegistrationYearError, match="ends on 2026-11-30"):
        RegistrationYear(date(2025, 12, 1), date(2026, 12, 1))


def test_next_and_previous() -> None:
    assert Y2526.previous() == Y2425
    assert Y2425.next() == Y2526


def test_year_is_frozen_and_hashable() -> None:
    assert {Y2526, RegistrationYear.parse("2025-26")} == {Y2526}
    with pytest.raises(AttributeError):
        Y2526.start = date(2020, 12, 1)  # type: ignore[misc]


class TestDaysUntilDeadline:
    """`days_until_deadline(today)` counts to the next 30 November and is never negative."""

    def test_zero_on_the_deadline_day(self) -> None:
        assert days_until_deadline(date(2026, 11, 30)) == 0

    def test_counts_down_before_the_deadline(self) -> None:
        assert days_until_deadline(date(2026, 11, 29)) == 1
        assert days_until_deadline(date(2026, 9, 1)) == 90

    def test_after_the_deadline_counts_to_next_years(self) -> None:
        # 1 December 2026 belongs to 2026-27, whose deadline is 30 November 2027.
        assert days_until_deadline(date(2026, 12, 1)) == 364
        # 2027-28 includes 29 February 2028.
        assert days_until_deadline(date(2027, 12, 1)) == 365

    def test_uses_uk_time(self) -> None:
        assert days_until_deadline(datetime(2026, 11, 30, 23, 59, tzinfo=LONDON)) == 0
        assert days_until_deadline(datetime(2026, 12, 1, 0, 0, tzinfo=UTC)) == 364

    def test_a_given_year_can_be_negative_once_past(self) -> None:
        assert Y2425.days_until_deadline(date(2025, 12, 1)) == -1
        assert Y2526.days_until_deadline(date(2026, 11, 30)) == 0
        assert Y2526.days_until_deadline(date(2026, 11, 1)) == 29
