"""`prism check`, step four: times that are not real or lie ahead, and unreadable records.

A time such as ``2026-02-31T09:00:00Z`` (from an import that checked only its shape)
or ``9999-...`` (a forged or glitched clock) breaks pages that show it and wins every
merge. Each is set to the time of the check: a real, present moment, so the item shows
and sorts again and no longer beats honest edits. The text a learner wrote is never
touched. Events are append-only (a trigger refuses updates); the repair lifts that
trigger for the length of its own transaction and puts it back exactly as it was.

CPD records whose saved JSON cannot be read are reported and left exactly as they are
(the CPD page shows the others and says how many it could not read).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.store.clock import Clock, system_clock, utc_iso
from desktop.store.sealing import looks_like_token
from desktop.store.timestamps import TIMESTAMP_COLUMNS, time_problem

if TYPE_CHECKING:
    from desktop.store.connection import Database

_APPEND_ONLY_TRIGGER = "events_no_update"


@dataclass(frozen=True)
class BadTime:
    """One stored time that cannot be believed."""

    table: str
    column: str
    rowid: int
    problem: str


def bad_times(db: Database, clock: Clock | None = None) -> list[BadTime]:
    """Every stored time that is not real, before 2000, or more than a day ahead."""
    now = _now(clock)
    present = _columns(db)
    found = []
    for table, columns in TIMESTAMP_COLUMNS.items():
        for column in columns:
            if column not in present.get(table, ()):
                continue
            rows = db.execute(
                f'SELECT rowid, "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'
            )
            for rowid, value in rows:
                problem = time_problem(value, now)
                if problem:
                    found.append(BadTime(table, column, rowid, problem))
    return found


def repair_times(db: Database, bad: list[BadTime], clock: Clock | None = None) -> None:
    """Set each bad time to now, in one transaction (the caller made a safety copy)."""
    stamp = utc_iso(_now(clock))
    with db.atomic():
        trigger = None
        if any(item.table == "events" for item in bad):
            row = db.execute(
                "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ?",
                [_APPEND_ONLY_TRIGGER],
            ).fetchone()
            trigger = row[0] if row else None
            if trigger:
                db.execute(f"DROP TRIGGER {_APPEND_ONLY_TRIGGER}")
        for item in bad:
            db.execute(
                f'UPDATE "{item.table}" SET "{item.column}" = ? WHERE rowid = ?',
                [stamp, item.rowid],
            )
        if trigger:
            db.execute(trigger)


def describe(bad: list[BadTime]) -> str:
    """'3 dates (2 in reflections, 1 in the activity log) were not real dates or ...'."""
    kinds = Counter(item.problem for item in bad)
    tables = Counter(item.table.replace("_", " ") for item in bad)
    where = ", ".join(f"{count} in {table}" for table, count in sorted(tables.items()))
    what = []
    if kinds["is not a real date and time"]:
        what.append("not real dates")
    if kinds["is dated in the future"]:
        what.append("in the future")
    if kinds["is dated before 2000"]:
        what.append("before 2000")
    total = len(bad)
    return (
        f"{total} date{'s' if total != 1 else ''} ({where}) "
        f"{'were' if total != 1 else 'was'} {' or '.join(what)}."
    )


def unreadable_cpd_records(db: Database) -> list[str]:
    """Ids of unprotected CPD records whose saved JSON is not a record at all."""
    found = []
    for record_id, text in db.execute("SELECT id, record_json FROM cpd_records"):
        if isinstance(text, str) and looks_like_token(text):
            continue  # sealed: only its owner's key can open it
        try:
            value = json.loads(text)
        except (TypeError, ValueError, RecursionError):
            found.append(record_id)
            continue
        if not isinstance(value, dict):
            found.append(record_id)
    return found


def _now(clock: Clock | None) -> datetime:
    # Ahead of this computer's own clock: SQLite's triggers stamp some rows with it,
    # whatever clock Prism was given.
    return max((clock or system_clock)(), system_clock())


def _columns(db: Database) -> dict[str, set[str]]:
    tables = [row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    return {
        table: {row[1] for row in db.execute(f'PRAGMA table_info("{table}")')}
        for table in tables
        if table in TIMESTAMP_COLUMNS
    }
