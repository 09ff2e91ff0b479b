"""Where a learner is in each module, which modules they have read, and study time.

Study time is kept as one row per (profile, module, section, UTC day) so it can be
summed over any date range later, such as a registration year for CPD.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, system_clock, utc_day, utc_iso
from desktop.store.errors import InvalidValueError
from desktop.store.events import EventLog
from desktop.store.records import first_row, missing_parent_means

if TYPE_CHECKING:
    from desktop.store.connection import Database


@dataclass(frozen=True)
class Position:
    """The reading position in one module: section anchor and scroll fraction 0..1."""

    profile_id: str
    module_id: str
    anchor: str | None
    scroll: float
    updated_utc: str


class ProgressRepo:
    """Reading positions ("continue where you left off"), read modules and study time."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock or system_clock
        self._events = EventLog(db, clock)

    def save_position(
        self, profile_id: str, module_id: str, anchor: str | None, scroll: float
    ) -> Position:
        """Remember the position in a module; ``scroll`` is clamped to 0..1."""
        if math.isnan(scroll):
            raise InvalidValueError("The scroll position must be a number between 0 and 1.")
        position = Position(
            profile_id, module_id, anchor, min(1.0, max(0.0, scroll)), utc_iso(self._clock())
        )
        with missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO positions (profile_id, module_id, anchor, scroll, updated_utc) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id, module_id) DO UPDATE SET "
                "anchor = excluded.anchor, scroll = excluded.scroll, "
                "updated_utc = excluded.updated_utc",
                [profile_id, module_id, anchor, position.scroll, position.updated_utc],
            )
        return position

    def position(self, profile_id: str, module_id: str) -> Position | None:
        """The saved position in one module, or None if it was never opened."""
        return self._first(
            "SELECT * FROM positions WHERE profile_id = ? AND module_id = ?",
            [profile_id, module_id],
        )

    def last_position(self, profile_id: str) -> Position | None:
        """The most recently saved position across modules: where to resume."""
        return self._first(
            "SELECT * FROM positions WHERE profile_id = ? "
            "ORDER BY updated_utc DESC, rowid DESC LIMIT 1",
            [profile_id],
        )

    def mark_read(
        self, profile_id: str, module_id: str, content_version: str | None = None
    ) -> bool:
        """Record that the learner reached the end of a module (logs 'read' the first time).

        Returns True if this is the first time, False if it was already read.
        """
        moment = utc_iso(self._clock())
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            cursor = self._db.execute(
                "INSERT INTO modules_read (profile_id, module_id, read_utc) VALUES (?, ?, ?) "
                "ON CONFLICT (profile_id, module_id) DO NOTHING",
                [profile_id, module_id, moment],
            )
            first_time = cursor.rowcount == 1
            if first_time:
                self._events.append(
                    profile_id, "read", f"module:{module_id}", content_version=content_version
                )
        return first_time

    def read_modules(self, profile_id: str) -> set[str]:
        """Ids of the modules this learner has read to the end."""
        rows = self._db.query(
            "SELECT module_id FROM modules_read WHERE profile_id = ?", [profile_id]
        )
        return {row["module_id"] for row in rows}

    def add_study_time(
        self,
        profile_id: str,
        module_id: str,
        section_anchor: str | None,
        seconds: float,
        *,
        day: str | None = None,
    ) -> None:
        """Add active study time to a UTC day's total for this module section.

        ``day`` ('YYYY-MM-DD', UTC) defaults to today; the study-time service passes
        the day the time was spent, which differs from today only across midnight.
        """
        if not seconds >= 0:
            raise InvalidValueError("Study time cannot be negative.")
        if day is not None and not _is_iso_day(day):
            raise InvalidValueError("A study day must be a date written as YYYY-MM-DD.")
        if seconds == 0:
            return
        with missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO study_time (profile_id, module_id, section, day, seconds) "
                "VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, section, day) DO UPDATE SET "
                "seconds = seconds + excluded.seconds",
                [
                    profile_id,
                    module_id,
                    section_anchor or "",
                    day or utc_day(self._clock()),
                    seconds,
                ],
            )

    def study_seconds(
        self,
        profile_id: str,
        module_id: str | None = None,
        since_utc: str | None = None,
        until_utc: str | None = None,
    ) -> float:
        """Total active study time, optionally for one module and a range of UTC days.

        ``since_utc`` is inclusive and ``until_utc`` exclusive; only their date part
        ('YYYY-MM-DD') counts, because time is kept per day.
        """
        where, params = self._study_filter(profile_id, module_id, since_utc, until_utc)
        row = self._db.execute(
            f"SELECT total(seconds) FROM study_time WHERE {where}", params
        ).fetchone()
        return float(row[0])

    def study_seconds_by_day(
        self,
        profile_id: str,
        module_id: str | None = None,
        since_utc: str | None = None,
        until_utc: str | None = None,
    ) -> dict[str, float]:
        """Study time per UTC day ('YYYY-MM-DD' -> seconds), oldest day first."""
        return self._study_seconds_by("day", profile_id, module_id, since_utc, until_utc)

    def study_seconds_by_module(
        self, profile_id: str, since_utc: str | None = None, until_utc: str | None = None
    ) -> dict[str, float]:
        """Study time per module ('module id' -> seconds) over a range of UTC days."""
        return self._study_seconds_by("module_id", profile_id, None, since_utc, until_utc)

    def study_seconds_by_section(
        self,
        profile_id: str,
        module_id: str,
        since_utc: str | None = None,
        until_utc: str | None = None,
    ) -> dict[str, float]:
        """Study time per section of one module ('anchor' -> seconds; '' = no section)."""
        return self._study_seconds_by("section", profile_id, module_id, since_utc, until_utc)

    def _study_seconds_by(
        self,
        column: str,
        profile_id: str,
        module_id: str | None,
        since_utc: str | None,
        until_utc: str | None,
    ) -> dict[str, float]:
        assert column in {"day", "module_id", "section"}  # a column name, never user text
        where, params = self._study_filter(profile_id, module_id, since_utc, until_utc)
        rows = self._db.query(
            f"SELECT {column} AS key, total(seconds) AS seconds FROM study_time "
            f"WHERE {where} GROUP BY {column} ORDER BY {column}",
            params,
        )
        return {row["key"]: row["seconds"] for row in rows}

    @staticmethod
    def _study_filter(
        profile_id: str, module_id: str | None, since_utc: str | None, until_utc: str | None
    ) -> tuple[str, list[Any]]:
        clauses, params = ["profile_id = ?"], [profile_id]
        if module_id is not None:
            clauses.append("module_id = ?")
            params.append(module_id)
        if since_utc is not None:
            clauses.append("day >= ?")
            params.append(since_utc[:10])
        if until_utc is not None:
            clauses.append("day < ?")
            params.append(until_utc[:10])
        return " AND ".join(clauses), params

    def _first(self, sql: str, params: list[Any]) -> Position | None:
        row = first_row(self._db, sql, params)
        if row is None:
            return None
        return Position(
            row["profile_id"], row["module_id"], row["anchor"], row["scroll"], row["updated_utc"]
        )


def _is_iso_day(text: str) -> bool:
    """True for a real calendar date written 'YYYY-MM-DD'."""
    try:
        return len(text) == 10 and date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False
