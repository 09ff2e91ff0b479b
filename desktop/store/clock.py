"""The one place that turns moments into stored timestamps (UTC, ISO-8601, 'Z').

Repositories take an optional ``clock`` so tests can control time; timestamps are
fixed-width strings, so sorting them as text sorts them in time.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    """The real time, in UTC."""
    return datetime.now(UTC)


def as_utc(moment: datetime) -> datetime:
    """``moment`` in UTC; a naive datetime is taken to be UTC already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def utc_iso(moment: datetime) -> str:
    """'2026-07-04T09:30:00.123Z': millisecond precision, as xAPI recommends."""
    return as_utc(moment).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def utc_day(moment: datetime) -> str:
    """The UTC calendar day of ``moment`` as 'YYYY-MM-DD'."""
    return as_utc(moment).date().isoformat()


def utc_now(clock: Clock | None = None) -> str:
    """The current time from ``clock`` (default: the system clock) as a stored timestamp."""
    return utc_iso((clock or system_clock)())
