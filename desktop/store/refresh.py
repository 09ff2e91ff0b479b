"""The refresh queue: questions a learner got wrong, each with the day it is next due.

Rules (when an item is added, how intervals widen, when it leaves) belong to
``desktop.services.refresh``; this module only reads and writes rows.

An item that has left the queue keeps its row with ``due_day`` set to
``RETIRED_DAY``. That is what makes syncing from quiz answers idempotent: a question
answered wrongly long ago is not queued again once it has been learned, yet a *new*
wrong answer (later than the row's ``updated_utc``) can bring it back.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError
from desktop.store.events import EventLog
from desktop.store.records import first_row, missing_parent_means

if TYPE_CHECKING:
    from collections.abc import Sequence

    from desktop.store.connection import Database

__all__ = ["RETIRED_DAY", "RefreshItem", "RefreshRepo"]

RETIRED_DAY = "9999-12-31"
"""The ``due_day`` of an item that has left the queue (it sorts after every real day)."""


@dataclass(frozen=True)
class RefreshItem:
    """One queued question; ``due_day`` is a 'YYYY-MM-DD' date or ``RETIRED_DAY``."""

    profile_id: str
    module_id: str
    question_id: str
    due_day: str
    interval_days: int
    correct_streak: int
    added_utc: str
    updated_utc: str

    @property
    def retired(self) -> bool:
        return self.due_day == RETIRED_DAY


class RefreshRepo:
    """Reads wrong quiz answers and keeps the ``refresh_items`` rows."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)

    def latest_wrong_answers(self, profile_id: str) -> dict[tuple[str, str], str]:
        """(module id, question id) -> when it was last answered wrongly in a quiz (UTC)."""
        rows = self._db.query(
            "SELECT a.module_id, q.question_id, max(q.answered_utc) AS last_wrong "
            "FROM quiz_attempts a JOIN quiz_answers q ON q.attempt_id = a.id "
            "WHERE a.profile_id = ? AND q.correct = 0 "
            "GROUP BY a.module_id, q.question_id",
            [profile_id],
        )
        return {(row["module_id"], row["question_id"]): row["last_wrong"] for row in rows}

    def items(self, profile_id: str) -> dict[tuple[str, str], RefreshItem]:
        """Every row for a learner, retired ones included, keyed by (module, question)."""
        rows = self._db.query("SELECT * FROM refresh_items WHERE profile_id = ?", [profile_id])
        return {(row["module_id"], row["question_id"]): _item(row) for row in rows}

    def item(self, profile_id: str, module_id: str, question_id: str) -> RefreshItem | None:
        row = first_row(
            self._db,
            "SELECT * FROM refresh_items WHERE profile_id = ? AND module_id = ? "
            "AND question_id = ?",
            [profile_id, module_id, question_id],
        )
        return None if row is None else _item(row)

    def due(self, profile_id: str, day: str) -> list[RefreshItem]:
        """Items due on or before ``day``, the longest overdue first."""
        rows = self._db.query(
            "SELECT * FROM refresh_items WHERE profile_id = ? AND due_day <= ? "
            "ORDER BY due_day, added_utc, module_id, question_id",
            [profile_id, min(day, _BEFORE_RETIRED)],
        )
        return [_item(row) for row in rows]

    def queue(self, profile_id: str, entries: Sequence[tuple[str, str, str]]) -> None:
        """Put questions in the queue at a one-day interval: (module, question, due day).

        A question already there (retired or not) starts again from one day.
        """
        for _, _, due_day in entries:
            _check_day(due_day)
        now = utc_now(self._clock)
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            for module_id, question_id, due_day in entries:
                self._db.execute(
                    "INSERT INTO refresh_items (profile_id, module_id, question_id, due_day, "
                    "interval_days, correct_streak, added_utc, updated_utc) "
                    "VALUES (?, ?, ?, ?, 1, 0, ?, ?) "
                    "ON CONFLICT (profile_id, module_id, question_id) DO UPDATE SET "
                    "due_day = excluded.due_day, interval_days = 1, correct_streak = 0, "
                    "updated_utc = excluded.updated_utc",
                    [profile_id, module_id, question_id, due_day, now, now],
                )

    def reschedule(
        self,
        profile_id: str,
        module_id: str,
        question_id: str,
        *,
        due_day: str,
        interval_days: int,
        correct_streak: int,
        response: Sequence[int],
        correct: bool,
        content_version: str | None = None,
    ) -> RefreshItem:
        """Record a refresh answer (logged as an 'answered' event) and its new schedule.

        ``due_day`` may be ``RETIRED_DAY`` to take the question out of the queue.
        """
        _check_day(due_day)
        if interval_days < 1 or correct_streak < 0:
            raise InvalidValueError("A refresh interval is at least one day.")
        now = utc_now(self._clock)
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO refresh_items (profile_id, module_id, question_id, due_day, "
                "interval_days, correct_streak, added_utc, updated_utc) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (profile_id, module_id, question_id) DO UPDATE SET "
                "due_day = excluded.due_day, interval_days = excluded.interval_days, "
                "correct_streak = excluded.correct_streak, updated_utc = excluded.updated_utc",
                [
                    profile_id,
                    module_id,
                    question_id,
                    due_day,
                    interval_days,
                    correct_streak,
                    now,
                    now,
                ],
            )
            self._events.append(
                profile_id,
                "answered",
                f"question:{module_id}/{question_id}",
                {"refresh": True, "response": list(response), "success": correct},
                content_version,
            )
        item = self.item(profile_id, module_id, question_id)
        assert item is not None
        return item

    def remove(self, profile_id: str, module_id: str, question_id: str) -> None:
        """Drop an item whose question is no longer in the course."""
        self._db.execute(
            "DELETE FROM refresh_items WHERE profile_id = ? AND module_id = ? AND question_id = ?",
            [profile_id, module_id, question_id],
        )


_BEFORE_RETIRED = "9999-12-30"


def _check_day(day: str) -> None:
    if len(day) != 10 or day[4] != "-" or day[7] != "-" or not day.replace("-", "").isdigit():
        raise InvalidValueError("A refresh day must be a date written as YYYY-MM-DD.")


def _item(row: dict[str, Any]) -> RefreshItem:
    return RefreshItem(
        profile_id=row["profile_id"],
        module_id=row["module_id"],
        question_id=row["question_id"],
        due_day=row["due_day"],
        interval_days=int(row["interval_days"]),
        correct_streak=int(row["correct_streak"]),
        added_utc=row["added_utc"],
        updated_utc=row["updated_utc"],
    )
