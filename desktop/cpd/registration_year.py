"""Social Work England registration years: 1 December to 30 November, in UK time.

CPD counts towards the registration year its date falls in, and the renewal
deadline is 23:59 UK time on 30 November. Moments are therefore turned into
UK calendar dates (Europe/London, so GMT or BST) before any comparison.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

UK_TIMEZONE = ZoneInfo("Europe/London")

# The year starts on this day and month and ends the day before, a year later.
YEAR_START_MONTH = 12
YEAR_START_DAY = 1
YEAR_END_MONTH = 11
YEAR_END_DAY = 30
# Renewal opens on this day and month of the year's final calendar year.
RENEWAL_OPENS_MONTH = 9
RENEWAL_OPENS_DAY = 1

# A pattern string, not compiled here: re compiles (and caches) it on first use,
# which keeps it off the start-up path.
_LABEL = r"^(\d{4})\s*[-–/]\s*(\d{2})$"


class RegistrationYearError(ValueError):
    """A registration year label or range that does not make sense."""


def uk_date(moment: date | datetime) -> date:
    """Return the UK calendar date of a date or datetime.

    A date is returned as it is. A naive datetime is taken to be UK local
    time already. An aware datetime (in any zone) is converted to
    Europe/London first, so 2025-06-30T23:30Z is 1 July in the UK (BST).
    """
    if isinstance(moment, datetime):
        if moment.tzinfo is None or moment.utcoffset() is None:
            return moment.date()
        return moment.astimezone(UK_TIMEZONE).date()
    return moment


@dataclass(frozen=True)
class RegistrationYear:
    """One registration year, from `start` (1 December) to `end` (30 November) inclusive."""

    start: date
    end: date

    def __post_init__(self) -> None:
        expected_end = date(self.start.year + 1, YEAR_END_MONTH, YEAR_END_DAY)
        if (self.start.month, self.start.day) != (YEAR_START_MONTH, YEAR_START_DAY):
            raise RegistrationYearError(
                f"A registration year starts on 1 December, not on {self.start.isoformat()}."
            )
        if self.end != expected_end:
            raise RegistrationYearError(
                f"A registration year starting on {self.start.isoformat()} ends on "
                f"{expected_end.isoformat()}, not on {self.end.isoformat()}."
            )

    @classmethod
    def starting_in(cls, first_calendar_year: int) -> RegistrationYear:
        """The year that starts on 1 December of `first_calendar_year`."""
        if not 1 <= first_calendar_year <= 9998:
            raise RegistrationYearError(f"{first_calendar_year} is not a usable year.")
        return cls(
            start=date(first_calendar_year, YEAR_START_MONTH, YEAR_START_DAY),
            end=date(first_calendar_year + 1, YEAR_END_MONTH, YEAR_END_DAY),
        )

    @classmethod
    def parse(cls, text: str) -> RegistrationYear:
        """Read a label such as "2025-26" (the year 1 Dec 2025 to 30 Nov 2026)."""
        if not isinstance(text, str):
            raise RegistrationYearError(
                f'A registration year must be written like "2025-26", not {text!r}.'
            )
        match = re.match(_LABEL, text.strip())
        if match is None:
            raise RegistrationYearError(
                f'"{text}" is not a registration year. Write it like "2025-26" '
                "(the year from 1 December 2025 to 30 November 2026)."
            )
        first = int(match.group(1))
        second = int(match.group(2))
        if (first + 1) % 100 != second:
            raise RegistrationYearError(
                f'"{text}" is not a registration year: the second part must be the year '
                f'after the first, as in "{first}-{(first + 1) % 100:02d}".'
            )
        return cls.starting_in(first)

    @property
    def label(self) -> str:
        """Short label such as "2025-26"."""
        return f"{self.start.year}-{self.end.year % 100:02d}"

    @property
    def deadline(self) -> date:
        """The renewal deadline: 30 November (23:59 UK time), the year's last day."""
        return self.end

    @property
    def renewal_opens(self) -> date:
        """The day the renewal window opens (1 September before the deadline)."""
        return date(self.end.year, RENEWAL_OPENS_MONTH, RENEWAL_OPENS_DAY)

    def contains(self, moment: date | datetime) -> bool:
        """Whether the UK date of `moment` falls inside this year (both ends included)."""
        return self.start <= uk_date(moment) <= self.end

    def days_until_deadline(self, today: date | datetime) -> int:
        """Days from `today` to this year's 30 November.

        0 on the deadline day itself, negative once this year's deadline has
        passed (for example when looking back at an earlier year).
        """
        return (self.deadline - uk_date(today)).days

    def next(self) -> RegistrationYear:
        """The registration year after this one."""
        return RegistrationYear.starting_in(self.start.year + 1)

    def previous(self) -> RegistrationYear:
        """The registration year before this one."""
        return RegistrationYear.starting_in(self.start.year - 1)

    def __str__(self) -> str:
        return self.label


def registration_year_for(moment: date | datetime) -> RegistrationYear:
    """The registration year that the UK date of `moment` falls in."""
    day = uk_date(moment)
    if (day.month, day.day) >= (YEAR_START_MONTH, YEAR_START_DAY):
        return RegistrationYear.starting_in(day.year)
    return RegistrationYear.starting_in(day.year - 1)


def days_until_deadline(today: date | datetime) -> int:
    """Days from `today` to the next renewal deadline (the current year's 30 November).

    Never negative: 0 on 30 November itself, and from 1 December the count
    runs to the following 30 November (364 or 365 days away), because
    `today` always belongs to the year whose deadline is next.
    """
    return registration_year_for(today).days_until_deadline(today)
