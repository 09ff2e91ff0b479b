"""Self-ratings against the capabilities (1-5 with an optional note), saved as sessions.

A session is one sitting in which the learner rates several capabilities; the
history of sessions shows how their confidence changed over time. Notes are free text:
for a passphrase-protected profile they are stored sealed (``desktop/store/keys.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError
from desktop.store.events import EventLog
from desktop.store.keys import SEALED_COLUMNS, SealedValueError
from desktop.store.records import missing_parent_means, new_id
from desktop.store.seal_ledger import sealed_profile

_NOTE = SEALED_COLUMNS[4]

UNREADABLE_NOTE = (
    "[Prism cannot show this note: it was changed outside Prism. Nothing was overwritten.]"
)
"""Shown in place of a note that is not genuine, so the rest of the history still shows."""

if TYPE_CHECKING:
    from desktop.store.connection import Database


@dataclass(frozen=True)
class RatingSession:
    """One sitting: ``ratings`` maps capability_id to (rating 1-5, note)."""

    session_id: str
    profile_id: str
    rated_utc: str
    ratings: Mapping[str, tuple[int, str]]

    @property
    def day(self) -> str:
        """The UTC date of the session, 'YYYY-MM-DD'."""
        return self.rated_utc[:10]


class CapabilityRepo:
    """Saves rating sessions and reads a learner's history of them."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)

    def rate(self, profile_id: str, ratings: Mapping[str, tuple[int, str]]) -> RatingSession:
        """Save one dated set of ratings together; logs 'rated' without the notes."""
        if not ratings:
            raise InvalidValueError("Rate at least one capability before saving.")
        for rating, _note in ratings.values():
            if isinstance(rating, bool) or rating not in range(1, 6):
                raise InvalidValueError("Each rating must be a whole number from 1 to 5.")
        session = RatingSession(new_id(), profile_id, utc_now(self._clock), dict(ratings))
        seal = sealed_profile(self._db, profile_id)
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            for capability_id, (rating, note) in ratings.items():
                row_id = new_id()
                self._db.execute(
                    "INSERT INTO capability_ratings (id, session_id, profile_id, "
                    "capability_id, rating, note, rated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [
                        row_id,
                        session.session_id,
                        profile_id,
                        capability_id,
                        rating,
                        seal.seal(_NOTE, row_id, note or ""),
                        session.rated_utc,
                    ],
                )
            self._events.append(
                profile_id,
                "rated",
                "capabilities",
                {
                    "session_id": session.session_id,
                    "ratings": {key: value[0] for key, value in ratings.items()},
                },
            )
            seal.flush()
        return session

    def history(self, profile_id: str) -> list[RatingSession]:
        """Every rating session, oldest first."""
        seal = sealed_profile(self._db, profile_id)
        rows = self._db.query(
            "SELECT id, session_id, capability_id, rating, note, rated_utc "
            "FROM capability_ratings WHERE profile_id = ? ORDER BY rated_utc, rowid",
            [profile_id],
        )
        grouped: dict[str, tuple[str, dict[str, tuple[int, str]]]] = {}
        for row in rows:
            _rated_utc, ratings = grouped.setdefault(row["session_id"], (row["rated_utc"], {}))
            try:
                note = seal.open(_NOTE, row["id"], row["note"])
            except SealedValueError:
                note = UNREADABLE_NOTE  # one bad note never hides the rest
            ratings[row["capability_id"]] = (row["rating"], note)
        return [
            RatingSession(session_id, profile_id, rated_utc, ratings)
            for session_id, (rated_utc, ratings) in grouped.items()
        ]

    def latest(self, profile_id: str) -> RatingSession | None:
        """The most recent rating session, or None if the learner has not rated yet."""
        history = self.history(profile_id)
        return history[-1] if history else None
