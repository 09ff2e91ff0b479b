"""Which stored times are real, and reading them without letting one bad value stop Prism.

Every ``*_utc`` column holds a time as ``clock.utc_iso`` writes it. A value can still be
wrong: an archive edited by hand (``2026-02-31T09:00:00Z`` matches the pattern but is
no day), a clock that ran ten years fast, a file from a tool that is not Prism. Three
rules follow, used by the import checks, ``prism check`` and every page that shows a
time:

- a time is *real* when it has the stored shape and names an existing moment;
- a time is *believable* when it is also not before 2000 (Prism did not exist) and not
  more than a day after now (a clock slightly ahead is forgiven, a future is not);
- reading a time never raises: ``parse_utc`` returns None for a value that is not real,
  and the caller shows the rest and marks that one item.
"""

from __future__ import annotations

import operator
import re
from datetime import UTC, date, datetime, timedelta

EARLIEST = datetime(2000, 1, 1, tzinfo=UTC)
"""No Prism time is older than this."""
FUTURE_ALLOWANCE = timedelta(days=1)
"""How far ahead of this computer's clock a time may be (time zones, a clock a bit fast)."""

_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?(Z|\+00:00)")
# The shape ``utc_iso`` writes, with a real clock time: what ``TimeChecker`` takes quickly.
_PRISM_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}Z", re.ASCII)

_DAY_PART = operator.itemgetter(slice(0, 10))

TIMESTAMP_COLUMNS: dict[str, tuple[str, ...]] = {
    "profiles": ("created_utc", "last_used_utc", "updated_utc"),
    "events": ("ts_utc",),
    "positions": ("updated_utc",),
    "modules_read": ("read_utc",),
    "quiz_attempts": ("started_utc", "finished_utc"),
    "quiz_answers": ("answered_utc",),
    "scenario_runs": ("started_utc", "finished_utc"),
    "reflections": ("created_utc", "updated_utc"),
    "reflection_history": ("updated_utc", "replaced_utc"),
    "capability_ratings": ("rated_utc",),
    "settings": ("updated_utc",),
    "cpd_records": ("created_utc", "updated_utc"),
    "cpd_record_history": ("replaced_utc",),
    "refresh_items": ("added_utc", "updated_utc"),
    "team_sessions": ("started_utc", "ended_utc"),
    "team_session_attendees": ("added_utc",),
    "team_session_choices": ("chosen_utc",),
    "lrs_consent": ("given_utc",),
    "lrs_queue": ("queued_utc", "sent_utc"),
}
"""Every column that holds a moment (a test keeps this in step with the schema)."""

DAY_COLUMNS: dict[str, tuple[str, ...]] = {
    "study_time": ("day",),
    "refresh_items": ("due_day",),
    "cpd_records": ("start_date",),
    "team_sessions": ("session_date",),
}
"""Every column that holds a calendar day, 'YYYY-MM-DD'."""


def parse_utc(text: object) -> datetime | None:
    """The moment a stored time names (aware, UTC), or None if it is not a real time."""
    if not isinstance(text, str) or not _STAMP.fullmatch(text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:  # matches the shape but is no moment: 31 February, 25 o'clock
        return None


def parse_day(text: object) -> date | None:
    """The day a stored 'YYYY-MM-DD' names, or None if it is not a real day."""
    if not isinstance(text, str) or len(text) != 10:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return None
    return day if day.isoformat() == text else None


def time_problem(text: object, now: datetime) -> str | None:
    """Why a stored time cannot be believed, in words for a message, or None if it can."""
    moment = parse_utc(text)
    if moment is None:
        return "is not a real date and time"
    if moment < EARLIEST:
        return "is dated before 2000"
    if moment > now.astimezone(UTC) + FUTURE_ALLOWANCE:
        return "is dated in the future"
    return None


def day_problem(text: object, now: datetime) -> str | None:
    """Why a stored day cannot be believed, or None if it can."""
    day = parse_day(text)
    if day is None:
        return "is not a real date"
    if day < EARLIEST.date():
        return "is dated before 2000"
    if day > (now.astimezone(UTC) + FUTURE_ALLOWANCE).date() + timedelta(days=366):
        # Days may lie ahead (a refresh due next month), but not years ahead.
        return "is dated years in the future"
    return None


def shown_utc(text: object) -> datetime:
    """A stored time for a page to show: the moment, or 1 January 2000 if it is not real.

    For lists that must show every item (journal entries, capability sessions): the
    item stays visible with an obviously wrong date until ``prism check`` repairs it,
    rather than the page failing.
    """
    return parse_utc(text) or EARLIEST


class TimeChecker:
    """``time_problem`` for many stored times against one ``now``, cheaply (imports).

    An archive holds perhaps 100,000 times but only a few thousand distinct days. A time
    in the shape Prism writes ('2026-07-04T09:30:00.123Z') with a real clock time (one
    pattern, ``_PRISM_STAMP``: hours 00-23, minutes and seconds 00-59, exactly what
    ``datetime`` accepts) has its day judged once per day; a time on or after the last
    believable day, or of any other shape, goes through ``time_problem`` itself. The
    answer is always exactly ``time_problem(text, now)`` (a test compares the two).
    """

    def __init__(self, now: datetime) -> None:
        self._now = now
        self._limit_day = (now.astimezone(UTC) + FUTURE_ALLOWANCE).date().isoformat()
        self._days: dict[str, str | None] = {}

    def __call__(self, text: object) -> str | None:
        if type(text) is not str or _PRISM_STAMP.fullmatch(text) is None:
            return time_problem(text, self._now)
        day = text[:10]
        if day >= self._limit_day:
            return time_problem(text, self._now)  # near "now": judged to the second
        problem = self._days.get(day, "")
        if problem == "":
            problem = self._days[day] = self._day(day)
        return problem

    def all_believable(self, texts: list[str]) -> bool:
        """True when ``self(text)`` is None for every one of ``texts`` (all strings).

        For an import's chunk of thousands of times: the shape is matched and the days
        cut out in C (``map``), then each distinct day judged once. False means "look
        one by one" (a time of another shape, near now, or on a bad day), not "bad".
        """
        try:
            if not all(map(_PRISM_STAMP.fullmatch, texts)):
                return False
        except TypeError:
            return False
        for day in set(map(_DAY_PART, texts)):
            if day >= self._limit_day:
                return False
            problem = self._days.get(day, "")
            if problem == "":
                problem = self._days[day] = self._day(day)
            if problem:
                return False
        return True

    def _day(self, day: str) -> str | None:
        # Midday of the day stands for every clock time of it: the day is real or not,
        # and before 2000 or not, whatever the hour (the future was ruled out above).
        return time_problem(f"{day}T12:00:00Z", self._now)
