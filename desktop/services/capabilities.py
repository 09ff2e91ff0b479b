"""Digital capability self-assessment: rate the 14 capabilities 1-5 and see change over time.

Each save is a dated session (a snapshot of every capability the learner rated that
time), so the history shows how confidence moved. The chart and its text alternative
both read ``series``: one row per capability with its rating in each session.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from desktop.course.model import Capability, Course
from desktop.store.capabilities import CapabilityRepo, RatingSession
from desktop.store.errors import InvalidValueError

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext

# Used only if the course's capabilities.yaml gives no scale (the loader reports that).
DEFAULT_SCALE: dict[int, str] = {
    1: "Not yet confident",
    2: "Starting out",
    3: "Confident in everyday situations",
    4: "Confident in complex situations",
    5: "Could support others",
}

MAX_NOTE_LENGTH = 1000


@dataclass(frozen=True)
class CurrentRating:
    """The learner's most recent rating of one capability, and when it was given."""

    rating: int
    note: str
    day: date


@dataclass(frozen=True)
class SessionSummary:
    """One saved assessment, for the chart's dates and the history table's columns."""

    session_id: str
    day: date  # local calendar day of the save
    rated: datetime  # timezone-aware, UTC


@dataclass(frozen=True)
class CapabilitySeries:
    """One capability's ratings across sessions: ``ratings[i]`` belongs to session ``i``.

    ``None`` where the capability was not rated in that session.
    """

    capability: Capability
    ratings: tuple[int | None, ...]

    @property
    def rated(self) -> tuple[int, ...]:
        return tuple(r for r in self.ratings if r is not None)

    @property
    def first(self) -> int | None:
        return self.rated[0] if self.rated else None

    @property
    def latest(self) -> int | None:
        return self.rated[-1] if self.rated else None

    @property
    def change(self) -> int | None:
        """Latest minus first rating; None if rated fewer than twice."""
        rated = self.rated
        return rated[-1] - rated[0] if len(rated) >= 2 else None


@dataclass(frozen=True)
class CapabilityHistory:
    """Everything the chart needs: the sessions (oldest first) and a series per capability."""

    sessions: tuple[SessionSummary, ...]
    series: tuple[CapabilitySeries, ...]

    @property
    def empty(self) -> bool:
        return not self.sessions


class CapabilityService:
    """Rating the course's capabilities and reading the learner's history; no Qt."""

    def __init__(self, course: Course, repo: CapabilityRepo) -> None:
        self._course = course
        self._repo = repo

    def capabilities(self) -> tuple[Capability, ...]:
        """The capabilities in the course's order (14 in the shipped course)."""
        return self._course.capabilities

    def scale(self) -> dict[int, str]:
        """The words for each point 1-5, e.g. 3: 'Confident in everyday situations'."""
        scale = self._course.capability_scale
        return {n: scale.get(n, DEFAULT_SCALE[n]) for n in range(1, 6)}

    def sessions(self, profile_id: str) -> list[RatingSession]:
        """Every saved assessment, oldest first."""
        return self._repo.history(profile_id)

    def latest(self, profile_id: str) -> dict[str, CurrentRating]:
        """For each capability ever rated, its most recent rating and note."""
        current: dict[str, CurrentRating] = {}
        for session in self._repo.history(profile_id):  # oldest first: later ones win
            day = local_day(session.rated_utc)
            for capability_id, (rating, note) in session.ratings.items():
                current[capability_id] = CurrentRating(rating, note, day)
        return current

    def rate(self, profile_id: str, ratings: Mapping[str, tuple[int, str]]) -> RatingSession:
        """Save one dated assessment; ``ratings`` maps capability id to (1-5, note).

        Capabilities left out are simply not rated this time. Raises
        ``InvalidValueError`` (message for the learner) for no ratings, a rating
        outside 1-5 or a capability the course does not have.
        """
        known = {c.id for c in self.capabilities()}
        unknown = sorted(set(ratings) - known)
        if unknown:
            raise InvalidValueError(
                "Some ratings are for capabilities this course does not list "
                f"({', '.join(unknown)}). Reopen the self-assessment and rate again."
            )
        cleaned = {
            cap: (rating, note.strip()[:MAX_NOTE_LENGTH]) for cap, (rating, note) in ratings.items()
        }
        return self._repo.rate(profile_id, cleaned)

    def history(self, profile_id: str) -> CapabilityHistory:
        """Sessions oldest first and, per capability in course order, its rating in each."""
        saved = self._repo.history(profile_id)
        sessions = tuple(
            SessionSummary(s.session_id, local_day(s.rated_utc), parse_utc(s.rated_utc))
            for s in saved
        )
        series = tuple(
            CapabilitySeries(cap, tuple(_rating_in(s, cap.id) for s in saved))
            for cap in self.capabilities()
        )
        return CapabilityHistory(sessions, series)


def _rating_in(session: RatingSession, capability_id: str) -> int | None:
    value = session.ratings.get(capability_id)
    return value[0] if value is not None else None


def parse_utc(stamp: str) -> datetime:
    """A stored timestamp as an aware datetime; one that is not real never stops the page."""
    from desktop.store.timestamps import shown_utc

    return shown_utc(stamp)


def local_day(stamp: str) -> date:
    """The calendar day, on this computer's clock, of a stored UTC timestamp."""
    return parse_utc(stamp).astimezone().date()


def create(ctx: ServiceContext) -> CapabilityService:
    """Build the service from the shared start-up context."""
    return CapabilityService(ctx.course, CapabilityRepo(ctx.db, ctx.clock))
