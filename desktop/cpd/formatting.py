"""Small, locale-proof formatters for dates and durations shown to people.

Month names are spelt out here rather than taken from `strftime("%B")`,
because Qt sets the C library locale at start-up and would otherwise change
the language of an export.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def format_date_uk(day: date | None) -> str:
    """A date the UK way, such as "4 March 2026"; "" for no date."""
    if day is None:
        return ""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def format_date_short(day: date | None) -> str:
    """A date for a table column, such as "4 Mar 2026" (September as "Sept", the UK way)."""
    if day is None:
        return ""
    month = MONTHS[day.month - 1]
    short = "Sept" if month == "September" else month[:3]
    return f"{day.day} {short} {day.year}"


def format_date_range_uk(start: date | None, end: date | None) -> str:
    """ "4 March 2026", or "4 March 2026 to 6 March 2026" when there is a later end date."""
    if end is None or end == start:
        return format_date_uk(start)
    return f"{format_date_uk(start)} to {format_date_uk(end)}"


def study_minutes(seconds: float) -> int:
    """Tracked study time in whole minutes: the one rounding rule everywhere.

    Rounded to the nearest minute (a half rounds up), so the home page, a module, a
    certificate and a CPD record all say the same for the same activity, and a CPD
    record never claims more than half a minute beyond what was measured. Under half
    a minute is 0, which `format_study_time` shows as "under a minute".
    """
    if seconds <= 0:
        return 0
    return int(seconds // 60 + (1 if seconds % 60 >= 30 else 0))


def format_study_time(seconds: float) -> str:
    """'3 h 05 min', '12 min', 'under a minute' or 'none yet', by `study_minutes`."""
    minutes = study_minutes(seconds)
    if minutes < 1:
        return "under a minute" if seconds > 0 else "none yet"
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    return f"{minutes} min"


def format_minutes(minutes: int) -> str:
    """A duration such as "2 h 30 min", "45 min" or "3 h"."""
    if minutes <= 0:
        return "0 min"
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    if hours:
        return f"{hours} h"
    return f"{rest} min"


def iso_utc(moment: datetime) -> str:
    """An aware or naive-as-UTC datetime as "2026-03-14T09:30:00Z"."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
