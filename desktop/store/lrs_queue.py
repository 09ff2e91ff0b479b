"""Organisation sync in the store: learners' consent and the durable statement queue.

A learner who opted in (a row in ``lrs_consent``) has each piece of learning turned
into an xAPI statement and queued in the same transaction that records it
(``queue_event``, called by ``EventLog.append``; CPD records and team sessions are
queued by their repositories, which hold the facts). No consent, no row: nothing is
queued, and nothing can be sent. The sender (``desktop.services.lrs_sync``) reads
``waiting`` in order and marks statements sent only once the LRS confirmed them.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError
from desktop.store.records import first_row, from_json, missing_parent_means, to_json

if TYPE_CHECKING:
    from types import ModuleType

    from desktop.store.connection import Database
    from desktop.store.log_event import Event


def _xs() -> ModuleType:
    """The statement builders, imported when a statement is first made (they need uuid and
    hashlib, which a launch never loads: see tests/ui/test_lean_launch.py)."""
    from desktop.domain import lrs_statements

    return lrs_statements


@dataclass(frozen=True)
class Consent:
    profile_id: str
    with_cpd: bool
    org_id: str | None
    given_utc: str


@dataclass(frozen=True)
class Queued:
    seq: int
    statement_id: str
    profile_id: str
    subject: str
    statement: dict[str, Any]
    tries: int


@dataclass(frozen=True)
class QueueCounts:
    waiting: int
    held: int
    sent: int
    last_sent_utc: str | None
    last_error: str | None


class LrsQueue:
    """Consent rows and the queue of statements waiting for the organisation's LRS."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    # Consent ---------------------------------------------------------------------------

    def consent(self, profile_id: str) -> Consent | None:
        row = first_row(self._db, "SELECT * FROM lrs_consent WHERE profile_id = ?", [profile_id])
        if row is None:
            return None
        return Consent(row["profile_id"], bool(row["with_cpd"]), row["org_id"], row["given_utc"])

    def give_consent(self, profile_id: str, *, with_cpd: bool, org_id: str | None) -> Consent:
        """Opt this profile in (or change what it agreed to); only learning from now on."""
        org = (org_id or "").strip() or None
        if org is not None and len(org) > 200:
            raise InvalidValueError("An organisation id is at most 200 characters.")
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO lrs_consent (profile_id, with_cpd, org_id, given_utc) "
                "VALUES (?, ?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET "
                "with_cpd = excluded.with_cpd, org_id = excluded.org_id",
                [profile_id, int(with_cpd), org, utc_now(self._clock)],
            )
            if not with_cpd:  # CPD statements not yet sent stay on this machine
                self._db.execute(
                    "DELETE FROM lrs_queue WHERE profile_id = ? AND sent_utc IS NULL "
                    "AND subject LIKE 'cpd:%'",
                    [profile_id],
                )
            _owner_changed(self._db, profile_id)
        consent = self.consent(profile_id)
        assert consent is not None
        return consent

    def withdraw_consent(self, profile_id: str, *, void_sent: bool = False) -> int:
        """Opt out: nothing more is queued and the learning still waiting is dropped.

        With ``void_sent`` a voiding statement is queued for each statement already sent
        (the LRS keeps them, marked void). Returns the number of voiding statements queued.
        """
        with self._db.atomic():
            ids: list[str] = []
            if void_sent:  # sent, or offered to the LRS and perhaps taken
                rows = self._db.query(
                    "SELECT statement_id FROM lrs_queue WHERE profile_id = ? "
                    "AND (sent_utc IS NOT NULL OR tries > 0) AND subject NOT LIKE 'void:%' "
                    "AND held = 0 ORDER BY seq",
                    [profile_id],
                )
                ids = [row["statement_id"] for row in rows]
            # Waiting learning is dropped; waiting voids (corrections of what was sent) stay.
            self._db.execute(
                "DELETE FROM lrs_queue WHERE profile_id = ? AND sent_utc IS NULL "
                "AND subject NOT LIKE 'void:%'",
                [profile_id],
            )
            self._db.execute("DELETE FROM lrs_consent WHERE profile_id = ?", [profile_id])
            _owner_changed(self._db, profile_id)
            for voided in ids:
                self._void(profile_id, voided)
        return len(ids)

    def consenting(self, profile_ids: Iterable[str]) -> dict[str, Consent]:
        wanted = list(dict.fromkeys(profile_ids))
        if not wanted:
            return {}
        marks = ",".join("?" for _ in wanted)
        rows = self._db.query(f"SELECT * FROM lrs_consent WHERE profile_id IN ({marks})", wanted)
        return {
            row["profile_id"]: Consent(
                row["profile_id"], bool(row["with_cpd"]), row["org_id"], row["given_utc"]
            )
            for row in rows
        }

    # Queueing (inside the caller's transaction) ----------------------------------------

    def queue_event(self, event: Event) -> None:
        """Queue the statement for a log event, if the learner opted in and it is learning."""
        if self.consent(event.profile_id) is None:
            return
        statement = _statement_for_event(event)
        if statement is None:
            return
        self._enqueue(event.profile_id, f"event:{event.id}", statement)

    def queue_cpd_record(self, profile_id: str, record: dict[str, Any]) -> None:
        """Queue the current version of a CPD record, voiding the version sent before.

        Only with CPD consent. A draft is never "completed": saving a ready record back
        as a draft voids what was sent. An edit that changes nothing sent queues nothing.
        """
        consent = self.consent(profile_id)
        if consent is None or not consent.with_cpd:
            return
        record_id = str(record["id"])
        subject = f"cpd:{record_id}"
        new = None
        if record.get("status") == "ready":
            xs = _xs()
            ts = xs.cpd_timestamp(record, utc_now(self._clock))
            new = xs.cpd_completed(record_id, profile_id, xs.cpd_facts(record), ts)
        previous = self._latest(subject)
        if previous is not None and new is not None and previous["statement_id"] == new["id"]:
            return
        if previous is not None:
            self._retire(previous)
        if new is not None:
            self._enqueue(profile_id, subject, new)

    def retire_cpd_record(self, record_id: str) -> None:
        """A deleted record: void what was sent for it (or drop it if never tried)."""
        previous = self._latest(f"cpd:{record_id}")
        if previous is not None:
            self._retire(previous)

    def queue_team_session(
        self, session: dict[str, Any], attendee_ids: Sequence[str], ended_utc: str
    ) -> None:
        """A statement for each consenting attendee of an ended team session."""
        consents = self.consenting(attendee_ids)
        members = [pid for pid in attendee_ids if pid in consents]
        for pid in members:
            statement = _xs().team_session_attended(
                session["id"],
                pid,
                facilitator_name=session["facilitator_name"],
                module_id=session.get("module_id"),
                scenario_id=session.get("scenario_id"),
                minutes=int(session.get("duration_minutes") or 0),
                attendees=members,
                attendee_count=len(attendee_ids),
                ts=ended_utc,
            )
            self._enqueue(pid, f"team-session:{session['id']}", statement)

    # The sender's side --------------------------------------------------------------------

    def waiting(self, limit: int = 50) -> builtins.list[Queued]:
        """Statements not yet confirmed by the LRS and not held, oldest first."""
        rows = self._db.query(
            "SELECT * FROM lrs_queue WHERE sent_utc IS NULL AND held = 0 ORDER BY seq LIMIT ?",
            [limit],
        )
        return [_queued(row) for row in rows]

    def mark_sent(self, statement_ids: Sequence[str]) -> None:
        if not statement_ids:
            return
        now = utc_now(self._clock)
        with self._db.atomic():
            for sid in statement_ids:
                self._db.execute(
                    "UPDATE lrs_queue SET sent_utc = ?, last_error = NULL "
                    "WHERE statement_id = ? AND sent_utc IS NULL",
                    [now, sid],
                )

    def mark_tried(self, statement_ids: Sequence[str], error: str | None) -> None:
        """Count a try (the LRS may or may not have it), with the error if there was one."""
        with self._db.atomic():
            for sid in statement_ids:
                self._db.execute(
                    "UPDATE lrs_queue SET tries = tries + 1, last_error = ? WHERE statement_id = ?",
                    [error, sid],
                )

    def note_error(self, statement_ids: Sequence[str], error: str) -> None:
        """Remember why these could not be sent (shown by status); they stay waiting."""
        with self._db.atomic():
            for sid in statement_ids:
                self._db.execute(
                    "UPDATE lrs_queue SET last_error = ? WHERE statement_id = ?", [error, sid]
                )

    def hold(self, statement_id: str, reason: str) -> None:
        """The LRS refused this statement for good: keep it, stop retrying, show why."""
        self._db.execute(
            "UPDATE lrs_queue SET held = 1, last_error = ? WHERE statement_id = ?",
            [reason, statement_id],
        )

    def release_held(self) -> int:
        """Offer held statements again (after the organisation fixed its LRS)."""
        cursor = self._db.execute(
            "UPDATE lrs_queue SET held = 0 WHERE held = 1 AND sent_utc IS NULL"
        )
        return cursor.rowcount

    def counts(self) -> QueueCounts:
        row = first_row(
            self._db,
            "SELECT "
            "SUM(sent_utc IS NULL AND held = 0) AS waiting, "
            "SUM(sent_utc IS NULL AND held = 1) AS held, "
            "SUM(sent_utc IS NOT NULL) AS sent, MAX(sent_utc) AS last_sent FROM lrs_queue",
        )
        error = first_row(
            self._db,
            "SELECT last_error FROM lrs_queue WHERE sent_utc IS NULL AND last_error IS NOT NULL "
            "ORDER BY held DESC, seq LIMIT 1",
        )
        row = row or {}
        return QueueCounts(
            int(row.get("waiting") or 0),
            int(row.get("held") or 0),
            int(row.get("sent") or 0),
            row.get("last_sent"),
            None if error is None else error["last_error"],
        )

    def held(self) -> builtins.list[tuple[str, str]]:
        rows = self._db.query(
            "SELECT statement_id, last_error FROM lrs_queue WHERE held = 1 AND sent_utc IS NULL "
            "ORDER BY seq"
        )
        return [(row["statement_id"], row["last_error"] or "") for row in rows]

    # Internals ----------------------------------------------------------------------------

    def _enqueue(self, profile_id: str, subject: str, statement: dict[str, Any]) -> None:
        # INSERT OR IGNORE: the same fact queued twice (an import, a retry) is one statement.
        self._db.execute(
            "INSERT OR IGNORE INTO lrs_queue (statement_id, profile_id, subject, "
            "statement_json, queued_utc) VALUES (?, ?, ?, ?, ?)",
            [statement["id"], profile_id, subject, to_json(statement), utc_now(self._clock)],
        )

    def _latest(self, subject: str) -> dict[str, Any] | None:
        return first_row(
            self._db,
            "SELECT * FROM lrs_queue WHERE subject = ? ORDER BY seq DESC LIMIT 1",
            [subject],
        )

    def _retire(self, row: dict[str, Any]) -> None:
        """Void a statement the LRS may hold; one never offered to it is simply dropped."""
        if row["sent_utc"] is None and row["tries"] == 0:
            self._db.execute("DELETE FROM lrs_queue WHERE seq = ?", [row["seq"]])
            return
        self._void(row["profile_id"], row["statement_id"])
        # The old version is replaced: stop offering it if it never got through.
        self._db.execute(
            "UPDATE lrs_queue SET held = 1, last_error = 'replaced by a newer version' "
            "WHERE seq = ? AND sent_utc IS NULL",
            [row["seq"]],
        )
        self._db.execute(
            "UPDATE lrs_queue SET subject = subject || ':replaced' WHERE seq = ?", [row["seq"]]
        )

    def _void(self, profile_id: str, voided_id: str) -> None:
        statement = _xs().voiding(voided_id, profile_id, utc_now(self._clock))
        self._enqueue(profile_id, f"void:{voided_id}", statement)


def _statement_for_event(event: Event) -> dict[str, Any] | None:
    """The statement a log event stands for, or None for events that are not sent."""
    xs = _xs()
    result = event.result or {}
    kind, _, rest = event.object_id.partition(":")
    if event.verb == "read" and kind == "module":
        return xs.module_completed(event.id, event.profile_id, rest, event.ts_utc)
    if event.verb in ("passed", "failed") and kind == "quiz":
        return xs.quiz_finished(
            event.id,
            event.profile_id,
            rest,
            event.ts_utc,
            float(result.get("score_percent", 0.0)),
            event.verb == "passed",
        )
    if event.verb == "chose" and kind == "scenario":
        return xs.scenario_choice(
            event.id,
            event.profile_id,
            rest,
            str(result.get("node_id", "")),
            int(result.get("choice_index", 0)),
            event.ts_utc,
        )
    if event.verb == "completed" and kind == "scenario":
        return xs.scenario_completed(
            event.id, event.profile_id, rest, str(result.get("ending", "")), event.ts_utc
        )
    return None


def _queued(row: dict[str, Any]) -> Queued:
    return Queued(
        row["seq"],
        row["statement_id"],
        row["profile_id"],
        row["subject"],
        from_json(row["statement_json"]),
        row["tries"],
    )


def _owner_changed(db: Database, profile_id: str) -> None:
    """Consent is one of the profile's own settings: record it with its seal."""
    from desktop.store.seal_ledger import seal_settings

    seal_settings(db, profile_id)
