"""CPD records in the progress log: the whole record as JSON, earlier versions kept in history.

A record is stored as its versioned ``CpdRecord.to_dict()`` in ``record_json`` (so its
free text can later be encrypted as one value); ``status`` and ``start_date`` are copied
into plain columns only for sorting and the registration-year view. Whenever a stored
record is overwritten or deleted, the version that was there goes into
``cpd_record_history`` in the same transaction, so nothing a learner wrote is lost.
Events name the record by id only, never its text. For a passphrase-protected profile
``record_json`` is stored sealed (``desktop/store/keys.py``); the repository takes and
returns plain dicts either way and raises ``ProfileLockedError`` while it is locked.

The repository takes and returns those JSON-safe dicts, not ``CpdRecord`` objects: the
import layers keep ``desktop.store`` and ``desktop.cpd`` independent, so the CPD service
does the ``to_dict``/``from_dict`` mapping.
"""

from __future__ import annotations

import builtins
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError, RecordNotFoundError, StoreError
from desktop.store.events import EventLog
from desktop.store.keys import SEALED_COLUMNS, SealedColumn, SealedValueError
from desktop.store.records import first_row, missing_parent_means, new_id, to_json
from desktop.store.seal_ledger import ProfileSeal, sealed_profile

_RECORD = SEALED_COLUMNS[2]
_HISTORY = SEALED_COLUMNS[3]

if TYPE_CHECKING:
    from desktop.store.connection import Database
    from desktop.store.lrs_queue import LrsQueue

RecordData = dict[str, Any]
"""A record as ``CpdRecord.to_dict()`` gives it (JSON-safe, with a ``schema`` tag)."""

VERB_SAVED = "cpd-saved"
VERB_DELETED = "cpd-deleted"
VERB_RESTORED = "cpd-restored"

_TEXT_KEYS = ("id", "profile_id", "status", "created_utc", "updated_utc")
_STATUSES = ("draft", "ready")


class CpdRecordUnreadableError(StoreError):
    """A stored CPD record is not valid JSON (the file was damaged or edited by hand)."""

    def __init__(self, record_id: str, detail: str) -> None:
        super().__init__(
            "One of your CPD records could not be read from the progress file. It has been "
            "left as it was. Make a copy of your data folder and ask for help; do not "
            "delete the file.",
            f"cpd record {record_id!r}: {detail}",
        )
        self.record_id = record_id


@dataclass(frozen=True)
class CpdRecordVersion:
    """An earlier version of a record, as it was just before ``replaced_utc``."""

    data: RecordData
    replaced_utc: str


def object_id(record_id: str) -> str:
    """The event object for a record, e.g. ``cpd:0b6e...``."""
    return f"cpd:{record_id}"


class CpdRecordRepo:
    """Saves, lists, deletes and restores CPD records; keeps every replaced version."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)

    @property
    def _lrs(self) -> LrsQueue:
        """Organisation sync's queue, loaded with the first save, not at launch."""
        from desktop.store.lrs_queue import LrsQueue

        return LrsQueue(self._db, self._clock)

    def save(self, data: Mapping[str, Any]) -> RecordData:
        """Insert or overwrite a record exactly as given (the caller sets its timestamps).

        The version it replaces, if any, goes to history in the same transaction. A
        record cannot move between profiles (``InvalidValueError``).
        """
        columns = _columns(data)
        record_id, profile_id = columns[0], columns[1]
        plain = columns[4]
        seal = sealed_profile(self._db, profile_id)
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            columns[4] = seal.seal(_RECORD, record_id, plain)
            previous = self._row(record_id)
            if previous is not None:
                if previous["profile_id"] != profile_id:
                    raise InvalidValueError(
                        "This CPD record belongs to another profile, so it cannot be saved "
                        "here. Make a copy of it instead."
                    )
                self._keep_in_history(previous)
                self._db.execute(
                    "UPDATE cpd_records SET status = ?, start_date = ?, record_json = ?, "
                    "created_utc = ?, updated_utc = ? WHERE id = ?",
                    [*columns[2:], record_id],
                )
            else:
                self._insert(columns)
            self._events.append(
                profile_id, VERB_SAVED, object_id(record_id), {"status": columns[2]}
            )
            self._lrs.queue_cpd_record(profile_id, dict(data))
            seal.flush()
        return _parse(record_id, plain)

    def get(self, record_id: str) -> RecordData | None:
        """The record with this id, or None."""
        row = self._row(record_id)
        return None if row is None else self._open_row(row)

    def list(
        self,
        profile_id: str,
        unreadable: builtins.list[str] | None = None,
        *,
        first_day: str | None = None,
        last_day: str | None = None,
        undated: bool = False,
    ) -> builtins.list[RecordData]:
        """A profile's records, newest date first (undated drafts first), then newest edit.

        ``first_day``/``last_day`` (ISO dates, inclusive): only records starting then,
        found through the (profile, start date) index, so a year's records cost the
        same however many years are stored; ``undated``: only records with no date.
        With ``unreadable``, a record that cannot be read (damaged JSON, a sealed value
        that does not open) is left out and its id added there, so one bad row never
        hides the others; without it, such a record raises.
        """
        where, params = _dated(profile_id, first_day, last_day, undated)
        rows = self._db.query(
            f"SELECT * FROM cpd_records WHERE {where} "
            "ORDER BY start_date IS NOT NULL, start_date DESC, updated_utc DESC, id",
            params,
        )
        seal = sealed_profile(self._db, profile_id)
        records = []
        for row in rows:
            try:
                records.append(self._parse_row(row["id"], row, seal))
            except (CpdRecordUnreadableError, SealedValueError):
                if unreadable is None:
                    raise
                unreadable.append(row["id"])
        return records

    def outside(
        self, profile_id: str, first_day: str, last_day: str, sample: int
    ) -> tuple[int, builtins.list[RecordData]]:
        """How many records start outside the days given (or have no date), and the
        SAMPLE oldest of them (undated last), to name in a warning. Each part is read
        in date order from the (profile, start date) index, so only SAMPLE are decoded."""
        count = self._db.execute(
            "SELECT count(*) FROM cpd_records WHERE profile_id = ? "
            "AND (start_date IS NULL OR start_date < ? OR start_date > ?)",
            [profile_id, first_day, last_day],
        ).fetchone()[0]
        parts = [
            ("start_date < ?", [first_day]),
            ("start_date > ?", [last_day]),
            ("start_date IS NULL", []),
        ]
        seal = sealed_profile(self._db, profile_id)
        found: builtins.list[RecordData] = []
        for condition, values in parts:
            if len(found) >= sample:
                break
            rows = self._db.query(
                f"SELECT * FROM cpd_records WHERE profile_id = ? AND {condition} "
                "ORDER BY start_date LIMIT ?",
                [profile_id, *values, sample - len(found)],
            )
            for row in rows:
                try:
                    found.append(self._parse_row(row["id"], row, seal))
                except (CpdRecordUnreadableError, SealedValueError):
                    continue  # named on the CPD page; never stops the year's check
        return count, found

    def first_start_date(self, profile_id: str) -> str | None:
        """The earliest start date of the profile's records (ISO), or None."""
        row = self._db.execute(
            "SELECT min(start_date) FROM cpd_records WHERE profile_id = ? "
            "AND start_date IS NOT NULL",
            [profile_id],
        ).fetchone()
        return row[0] if row else None

    def delete(self, record_id: str) -> RecordData:
        """Remove a record and return it (for Undo); the deleted version stays in history."""
        with self._db.atomic():
            row = self._row(record_id)
            if row is None:
                raise RecordNotFoundError("CPD record", record_id)
            seal = sealed_profile(self._db, row["profile_id"])
            # A locked profile raises here, before any change.
            deleted = self._parse_row(row["id"], row, seal)
            self._keep_in_history(row)
            self._db.execute("DELETE FROM cpd_records WHERE id = ?", [record_id])
            seal.retire(_RECORD, record_id)
            seal.flush()
            self._events.append(row["profile_id"], VERB_DELETED, object_id(record_id))
            self._lrs.retire_cpd_record(record_id)
        return deleted

    def restore(self, data: Mapping[str, Any]) -> RecordData:
        """Put a deleted record back as it was (Undo). If it exists again, it is saved over."""
        columns = _columns(data)
        record_id, profile_id = columns[0], columns[1]
        plain = columns[4]
        seal = sealed_profile(self._db, profile_id)
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            if self._row(record_id) is not None:
                return self.save(data)
            columns[4] = seal.seal(_RECORD, record_id, plain)
            self._insert(columns)
            self._events.append(profile_id, VERB_RESTORED, object_id(record_id))
            self._lrs.queue_cpd_record(profile_id, dict(data))
            seal.flush()
        return _parse(record_id, plain)

    def history(self, record_id: str) -> builtins.list[CpdRecordVersion]:
        """Earlier versions of a record (including a deleted one), newest first."""
        rows = self._db.query(
            "SELECT * FROM cpd_record_history WHERE record_id = ? "
            "ORDER BY replaced_utc DESC, rowid DESC",
            [record_id],
        )
        versions = []
        for row in rows:
            seal = sealed_profile(self._db, row["profile_id"])
            data = self._parse_row(row["record_id"], row, seal, spec=_HISTORY)
            versions.append(CpdRecordVersion(data, row["replaced_utc"]))
        return versions

    @staticmethod
    def _parse_row(
        record_id: str, row: dict[str, Any], seal: ProfileSeal, spec: SealedColumn = _RECORD
    ) -> RecordData:
        """The record a row holds (opened and checked when the profile is protected)."""
        opened = seal.open(spec, record_id, row["record_json"], current=not spec.history)
        return _parse(record_id, opened)

    def _open_row(self, row: dict[str, Any]) -> RecordData:
        return self._parse_row(row["id"], row, sealed_profile(self._db, row["profile_id"]))

    def _row(self, record_id: str) -> dict[str, Any] | None:
        return first_row(self._db, "SELECT * FROM cpd_records WHERE id = ?", [record_id])

    def _insert(self, columns: builtins.list[Any]) -> None:
        self._db.execute(
            "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, "
            "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
            columns,
        )

    def _keep_in_history(self, row: dict[str, Any]) -> None:
        self._db.execute(
            "INSERT INTO cpd_record_history (id, record_id, profile_id, record_json, "
            "replaced_utc) VALUES (?, ?, ?, ?, ?)",
            [new_id(), row["id"], row["profile_id"], row["record_json"], utc_now(self._clock)],
        )


def _dated(
    profile_id: str, first_day: str | None, last_day: str | None, undated: bool
) -> tuple[str, builtins.list[Any]]:
    where, params = "profile_id = ?", [profile_id]
    if undated:
        return where + " AND start_date IS NULL", params
    if first_day is not None:
        where += " AND start_date >= ?"
        params.append(first_day)
    if last_day is not None:
        where += " AND start_date <= ?"
        params.append(last_day)
    return where, params


def _columns(data: Mapping[str, Any]) -> builtins.list[Any]:
    """The row for a record dict: id, profile, status, start date, JSON, created, updated."""
    for key in _TEXT_KEYS:
        if not isinstance(data.get(key), str) or not data[key]:
            raise InvalidValueError(f"A CPD record needs ‘{key}’ as text to be saved.")
    if data["status"] not in _STATUSES:
        raise InvalidValueError("A CPD record's status must be ‘draft’ or ‘ready’.")
    start = data.get("start_date")
    if start is not None and not isinstance(start, str):
        raise InvalidValueError("A CPD record's start date must be ISO text or empty.")
    return [
        data["id"],
        data["profile_id"],
        data["status"],
        start,
        to_json(dict(data)),
        data["created_utc"],
        data["updated_utc"],
    ]


def _parse(record_id: str, text: str) -> RecordData:
    try:
        value = json.loads(text)
    except ValueError as error:
        raise CpdRecordUnreadableError(record_id, str(error)) from error
    if not isinstance(value, dict):
        raise CpdRecordUnreadableError(record_id, "record_json is not an object")
    return value
