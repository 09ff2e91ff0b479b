"""Team sessions in the progress log: the session, who attended, and the group's choices.

A team session belongs to the installation (a facilitator runs it on a shared laptop),
not to one profile. Attendees are profiles; an attendee's row leaves with their profile
(ON DELETE CASCADE). ``delivered_record_id`` is NULL until the attendee's draft CPD
record has been written, which is what lets a protected profile receive its draft
later, when it is next unlocked. Rows hold no CPD text: the drafts are ordinary
``cpd_records`` made by the service layer.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError, RecordNotFoundError, StoreError
from desktop.store.records import first_row, missing_parent_means, new_id
from desktop.store.team_session_status import ACTIVE, ENDED

if TYPE_CHECKING:
    from desktop.store.connection import Database


class SessionEndedError(StoreError):
    """An ended session was asked to change (attendees, choices)."""

    def __init__(self) -> None:
        super().__init__(
            "This team session has already ended, so it cannot be changed. "
            "Start a new session to meet again."
        )


@dataclass(frozen=True)
class TeamSessionRow:
    """A session as stored; dates are ISO text, times UTC ISO text (see ``clock``)."""

    id: str
    title: str
    session_date: str
    facilitator_name: str
    facilitator_role: str
    module_id: str | None
    scenario_id: str | None
    include_prompts: bool
    started_utc: str
    ended_utc: str | None
    duration_minutes: int | None
    discussion_notes: str
    status: str

    @property
    def is_active(self) -> bool:
        return self.status == ACTIVE


@dataclass(frozen=True)
class AttendeeRow:
    """One attendee: the profile, its current name, and the draft it received (if any)."""

    session_id: str
    profile_id: str
    name: str
    added_utc: str
    delivered_record_id: str | None


@dataclass(frozen=True)
class ChoiceRow:
    """A decision the group made at one step of the scenario (``step`` counts from 1)."""

    session_id: str
    step: int
    node_id: str
    choice_index: int
    notes: str
    chosen_utc: str


class TeamSessionRepo:
    """Creates sessions, keeps their attendees and choices, and marks drafts delivered."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    # Sessions -------------------------------------------------------------------------

    def create(
        self,
        *,
        title: str,
        session_date: str,
        facilitator_name: str,
        facilitator_role: str,
        module_id: str | None,
        scenario_id: str | None,
        include_prompts: bool,
    ) -> TeamSessionRow:
        """A new, active session starting now (the caller has checked the values)."""
        session_id = new_id()
        self._db.execute(
            "INSERT INTO team_sessions (id, title, session_date, facilitator_name, "
            "facilitator_role, module_id, scenario_id, include_prompts, started_utc, "
            "ended_utc, duration_minutes, discussion_notes, status) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, '', ?)",
            [
                session_id,
                title,
                session_date,
                facilitator_name,
                facilitator_role,
                module_id,
                scenario_id,
                int(include_prompts),
                utc_now(self._clock),
                ACTIVE,
            ],
        )
        return self.require(session_id)

    def get(self, session_id: str) -> TeamSessionRow | None:
        row = first_row(self._db, "SELECT * FROM team_sessions WHERE id = ?", [session_id])
        return None if row is None else _session(row)

    def require(self, session_id: str) -> TeamSessionRow:
        found = self.get(session_id)
        if found is None:
            raise RecordNotFoundError("team session", session_id)
        return found

    def active(self) -> builtins.list[TeamSessionRow]:
        """Sessions not yet ended, newest first."""
        rows = self._db.query(
            "SELECT * FROM team_sessions WHERE status = ? ORDER BY started_utc DESC, id",
            [ACTIVE],
        )
        return [_session(row) for row in rows]

    def ended(self, limit: int | None = None) -> builtins.list[TeamSessionRow]:
        """Ended sessions, most recent first."""
        sql = "SELECT * FROM team_sessions WHERE status = ? ORDER BY ended_utc DESC, id"
        params: list[Any] = [ENDED]
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_session(row) for row in self._db.query(sql, params)]

    def set_notes(self, session_id: str, text: str) -> None:
        """Replace the group's discussion notes (kept after the session ends, for its record)."""
        cursor = self._db.execute(
            "UPDATE team_sessions SET discussion_notes = ? WHERE id = ?", [text, session_id]
        )
        if cursor.rowcount == 0:
            raise RecordNotFoundError("team session", session_id)

    def finish(self, session_id: str, duration_minutes: int) -> bool:
        """Mark an active session ended now; False (and no change) if it had already ended."""
        if duration_minutes < 1:
            raise InvalidValueError("A session lasts at least one minute.")
        ended = utc_now(self._clock)
        with self._db.atomic():
            cursor = self._db.execute(
                "UPDATE team_sessions SET status = ?, ended_utc = ?, duration_minutes = ? "
                "WHERE id = ? AND status = ?",
                [ENDED, ended, duration_minutes, session_id, ACTIVE],
            )
            if cursor.rowcount == 0:
                self.require(session_id)  # a missing session is an error; an ended one is not
                return False
            # Organisation sync: attendance goes for the attendees who opted in.
            row = first_row(self._db, "SELECT * FROM team_sessions WHERE id = ?", [session_id])
            attendees = [a.profile_id for a in self.attendees(session_id)]
            from desktop.store.lrs_queue import LrsQueue  # loaded when a session ends

            LrsQueue(self._db, self._clock).queue_team_session(dict(row or {}), attendees, ended)
        return True

    def delete(self, session_id: str) -> None:
        """Remove a session with its attendees and choices (drafts already made stay)."""
        cursor = self._db.execute("DELETE FROM team_sessions WHERE id = ?", [session_id])
        if cursor.rowcount == 0:
            raise RecordNotFoundError("team session", session_id)

    # Attendees ------------------------------------------------------------------------

    def add_attendee(self, session_id: str, profile_id: str) -> bool:
        """Add a profile to an active session; False if it was already there."""
        self._require_active(session_id)
        with missing_parent_means("profile", profile_id):
            cursor = self._db.execute(
                "INSERT INTO team_session_attendees (session_id, profile_id, added_utc, "
                "delivered_record_id) VALUES (?, ?, ?, NULL) "
                "ON CONFLICT (session_id, profile_id) DO NOTHING",
                [session_id, profile_id, utc_now(self._clock)],
            )
        return cursor.rowcount > 0

    def remove_attendee(self, session_id: str, profile_id: str) -> bool:
        """Take a profile off an active session's list; False if it was not on it."""
        self._require_active(session_id)
        cursor = self._db.execute(
            "DELETE FROM team_session_attendees WHERE session_id = ? AND profile_id = ?",
            [session_id, profile_id],
        )
        return cursor.rowcount > 0

    def attendees(self, session_id: str) -> builtins.list[AttendeeRow]:
        """The session's attendees, by name."""
        rows = self._db.query(
            "SELECT a.*, p.name FROM team_session_attendees a "
            "JOIN profiles p ON p.id = a.profile_id WHERE a.session_id = ? "
            "ORDER BY p.name_key, p.id",
            [session_id],
        )
        return [_attendee(row) for row in rows]

    def undelivered_for(self, profile_id: str) -> builtins.list[TeamSessionRow]:
        """Ended sessions whose draft this profile has not yet received, oldest first."""
        rows = self._db.query(
            "SELECT s.* FROM team_sessions s JOIN team_session_attendees a "
            "ON a.session_id = s.id WHERE a.profile_id = ? AND a.delivered_record_id IS NULL "
            "AND s.status = ? ORDER BY s.ended_utc, s.id",
            [profile_id, ENDED],
        )
        return [_session(row) for row in rows]

    def mark_delivered(self, session_id: str, profile_id: str, record_id: str) -> bool:
        """Note the draft an attendee received; False if already noted (nothing changes)."""
        cursor = self._db.execute(
            "UPDATE team_session_attendees SET delivered_record_id = ? "
            "WHERE session_id = ? AND profile_id = ? AND delivered_record_id IS NULL",
            [record_id, session_id, profile_id],
        )
        return cursor.rowcount > 0

    # The group's scenario choices -------------------------------------------------------

    def add_choice(
        self, session_id: str, node_id: str, choice_index: int, notes: str = ""
    ) -> ChoiceRow:
        """Record the group's next decision (step = one more than the last)."""
        if choice_index < 0:
            raise InvalidValueError("A choice is numbered from 0.")
        with self._db.atomic():
            self._require_active(session_id)
            row = self._db.execute(
                "SELECT coalesce(max(step), 0) FROM team_session_choices WHERE session_id = ?",
                [session_id],
            ).fetchone()
            step = int(row[0]) + 1
            now = utc_now(self._clock)
            self._db.execute(
                "INSERT INTO team_session_choices (session_id, step, node_id, choice_index, "
                "notes, chosen_utc) VALUES (?, ?, ?, ?, ?, ?)",
                [session_id, step, node_id, choice_index, notes, now],
            )
        return ChoiceRow(session_id, step, node_id, choice_index, notes, now)

    def choices(self, session_id: str) -> builtins.list[ChoiceRow]:
        """The group's decisions in the order they were made."""
        rows = self._db.query(
            "SELECT * FROM team_session_choices WHERE session_id = ? ORDER BY step",
            [session_id],
        )
        return [_choice(row) for row in rows]

    def set_choice_notes(self, session_id: str, step: int, notes: str) -> None:
        """Replace the notes on one decision (allowed after the end: it is the group's record)."""
        cursor = self._db.execute(
            "UPDATE team_session_choices SET notes = ? WHERE session_id = ? AND step = ?",
            [notes, session_id, step],
        )
        if cursor.rowcount == 0:
            raise RecordNotFoundError("decision", f"{session_id}/{step}")

    def remove_last_choice(self, session_id: str) -> ChoiceRow | None:
        """Take back the latest decision (the group changed its mind); None if there is none."""
        with self._db.atomic():
            self._require_active(session_id)
            last = first_row(
                self._db,
                "SELECT * FROM team_session_choices WHERE session_id = ? "
                "ORDER BY step DESC LIMIT 1",
                [session_id],
            )
            if last is None:
                return None
            self._db.execute(
                "DELETE FROM team_session_choices WHERE session_id = ? AND step = ?",
                [session_id, last["step"]],
            )
        return _choice(last)

    def _require_active(self, session_id: str) -> TeamSessionRow:
        session = self.require(session_id)
        if not session.is_active:
            raise SessionEndedError()
        return session


def _session(row: dict[str, Any]) -> TeamSessionRow:
    return TeamSessionRow(
        id=row["id"],
        title=row["title"],
        session_date=row["session_date"],
        facilitator_name=row["facilitator_name"],
        facilitator_role=row["facilitator_role"],
        module_id=row["module_id"],
        scenario_id=row["scenario_id"],
        include_prompts=bool(row["include_prompts"]),
        started_utc=row["started_utc"],
        ended_utc=row["ended_utc"],
        duration_minutes=row["duration_minutes"],
        discussion_notes=row["discussion_notes"],
        status=row["status"],
    )


def _attendee(row: dict[str, Any]) -> AttendeeRow:
    return AttendeeRow(
        session_id=row["session_id"],
        profile_id=row["profile_id"],
        name=row["name"],
        added_utc=row["added_utc"],
        delivered_record_id=row["delivered_record_id"],
    )


def _choice(row: dict[str, Any]) -> ChoiceRow:
    return ChoiceRow(
        session_id=row["session_id"],
        step=int(row["step"]),
        node_id=row["node_id"],
        choice_index=int(row["choice_index"]),
        notes=row["notes"],
        chosen_utc=row["chosen_utc"],
    )
