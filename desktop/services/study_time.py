"""Active study time per module and section, for CPD hours; idle spells are not counted.

The window reports each user input while a learner is studying (``activity``). The
time between two inputs counts when the gap is at most two minutes; a longer gap
counts nothing at all, not even its first two minutes, because nobody can tell when
in that gap the learner stopped. A learner can read a screen for a while without
touching anything, which is why the limit is two minutes rather than a few seconds.

A gap is credited to the context of the input that *opened* it: moving to another
section or module ends the spell in the old one, and the time up to that move was
spent there. Switching learner never credits the gap to anyone. ``leave`` ends a
spell when the learner moves away from studying (home page, closing the window).

Seconds are kept in memory and written by ``flush``, which the window calls on
page changes, on close and every 30 seconds, so a crash loses at most that much.
Time is filed under the UTC day it was spent (split at midnight), as the store keeps
it; queries by UK date treat a UTC day as that date, exact in winter and at most an
hour out at the ends of a summer range (registration years start and end in GMT).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from desktop.cpd.registration_year import RegistrationYear
from desktop.store.clock import Clock, as_utc, system_clock
from desktop.store.errors import RecordNotFoundError, StoreError
from desktop.store.progress import ProgressRepo

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext

__all__ = ["IDLE_LIMIT", "StudyContext", "StudyTimeService", "create"]

IDLE_LIMIT = timedelta(minutes=2)
"""The longest gap between two inputs that still counts as study."""


@dataclass(frozen=True)
class StudyContext:
    """Who is studying what: a profile, a module and a section anchor ('' for none)."""

    profile_id: str
    module_id: str
    section: str


_Key = tuple[str, str, str, str]  # (profile_id, module_id, section, UTC day)


class StudyTimeService:
    """Turns a stream of input moments into stored active study time, and sums it."""

    def __init__(self, progress: ProgressRepo, clock: Clock = system_clock) -> None:
        self._progress = progress
        self._clock = clock
        self._last: tuple[StudyContext, datetime] | None = None
        self._pending: dict[_Key, float] = defaultdict(float)

    # Recording ------------------------------------------------------------------------

    def activity(
        self, profile_id: str, module_id: str, section: str | None, at: datetime | None = None
    ) -> None:
        """Note one user input while studying ``module_id``/``section``."""
        moment = as_utc(at or self._clock())
        context = StudyContext(profile_id, module_id, section or "")
        self._close_gap(moment, same_profile=profile_id)
        self._last = (context, moment)

    def leave(self, at: datetime | None = None) -> None:
        """The learner has moved away from studying: end the spell at this moment."""
        if self._last is not None:
            self._close_gap(as_utc(at or self._clock()), same_profile=self._last[0].profile_id)
        self._last = None

    def flush(self) -> float:
        """Write the seconds not yet saved; returns how many were written.

        Idempotent: a second call writes nothing new. Time for a learner whose
        profile has since been deleted is dropped; on any other store error the
        unsaved time is kept for the next flush and the error is raised.
        """
        written = 0.0
        failure: StoreError | None = None
        for key in list(self._pending):
            seconds = self._pending[key]
            profile_id, module_id, section, day = key
            try:
                self._progress.add_study_time(profile_id, module_id, section, seconds, day=day)
            except RecordNotFoundError:
                pass  # the profile is gone, and its time with it
            except StoreError as error:
                failure = failure or error
                continue
            else:
                written += seconds
            del self._pending[key]
        if failure is not None:
            raise failure
        return written

    @property
    def unsaved_seconds(self) -> float:
        """Seconds counted but not yet written (for tests and the close-down path)."""
        return sum(self._pending.values())

    def _close_gap(self, moment: datetime, same_profile: str) -> None:
        """Credit the time since the last input to its context, if the gap counts."""
        if self._last is None:
            return
        context, since = self._last
        if context.profile_id != same_profile:
            return
        if timedelta(0) < moment - since <= IDLE_LIMIT:
            self._credit(context, since, moment)

    def _credit(self, context: StudyContext, start: datetime, end: datetime) -> None:
        """Add ``start``..``end`` to the pending totals, split at UTC midnights."""
        while start < end:
            midnight = datetime.combine(
                start.date() + timedelta(days=1), datetime.min.time(), start.tzinfo
            )
            stop = min(end, midnight)
            key = (context.profile_id, context.module_id, context.section, start.date().isoformat())
            self._pending[key] += (stop - start).total_seconds()
            start = stop

    # Queries (saved time plus time not yet flushed) -----------------------------------

    def module_seconds(self, profile_id: str, module_id: str) -> float:
        """All active time a learner has spent in one module."""
        saved = self._progress.study_seconds(profile_id, module_id)
        return saved + self._unsaved(profile_id, module_id=module_id)

    def section_seconds(self, profile_id: str, module_id: str) -> dict[str, float]:
        """Active time per section anchor of one module ('' = not in a section)."""
        totals = defaultdict(float, self._progress.study_seconds_by_section(profile_id, module_id))
        for (profile, module, section, _day), seconds in self._pending.items():
            if profile == profile_id and module == module_id:
                totals[section] += seconds
        return dict(totals)

    def total_seconds(self, profile_id: str, start: date, end: date) -> float:
        """Active time from ``start`` to ``end`` (both dates included)."""
        since, until = _day_range(start, end)
        saved = self._progress.study_seconds(profile_id, since_utc=since, until_utc=until)
        return saved + self._unsaved(profile_id, start=start, end=end)

    def year_seconds(self, profile_id: str, year: RegistrationYear | str | int) -> float:
        """Active time in a registration year (a RegistrationYear, "2025-26" or 2025)."""
        if isinstance(year, str):
            year = RegistrationYear.parse(year)
        elif isinstance(year, int):
            year = RegistrationYear.starting_in(year)
        return self.total_seconds(profile_id, year.start, year.end)

    def by_module(self, profile_id: str, start: date, end: date) -> dict[str, float]:
        """Active time per module id from ``start`` to ``end`` (both included)."""
        since, until = _day_range(start, end)
        totals = defaultdict(
            float, self._progress.study_seconds_by_module(profile_id, since, until)
        )
        for (profile, module, _section, day), seconds in self._pending.items():
            if profile == profile_id and start <= date.fromisoformat(day) <= end:
                totals[module] += seconds
        return dict(totals)

    def _unsaved(
        self,
        profile_id: str,
        module_id: str | None = None,
        start: date | None = None,
        end: date | None = None,
    ) -> float:
        total = 0.0
        for (profile, module, _section, day), seconds in self._pending.items():
            if profile != profile_id or (module_id is not None and module != module_id):
                continue
            when = date.fromisoformat(day)
            if (start is None or when >= start) and (end is None or when <= end):
                total += seconds
        return total


def _day_range(start: date, end: date) -> tuple[str, str | None]:
    """Store bounds for an inclusive date range: first day, and the day after the last."""
    after = None if end >= date.max else (end + timedelta(days=1)).isoformat()
    return start.isoformat(), after


def create(ctx: ServiceContext) -> StudyTimeService:
    """Build the service from the shared start-up context."""
    return StudyTimeService(ProgressRepo(ctx.db, ctx.clock), ctx.clock)
