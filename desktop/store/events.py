"""The append-only learning log: who did what to which object, and when.

Each event has a uuid, so an xAPI export can be sent twice without duplicates.
Events never hold personal free text (reflection or note text): only ids, choices
and scores. The database refuses updates and deletes (triggers); events leave
only with their profile.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError
from desktop.store.log_event import Event
from desktop.store.records import from_json, missing_parent_means, new_id, to_json

if TYPE_CHECKING:
    from desktop.store.connection import Database


class EventLog:
    """Appends to and reads the ``events`` table."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    def append(
        self,
        profile_id: str,
        verb: str,
        object_id: str,
        result: dict[str, Any] | None = None,
        content_version: str | None = None,
    ) -> Event:
        """Record one event now; joins the caller's transaction if one is open."""
        if not verb or not object_id:
            raise InvalidValueError("An event needs a verb and an object.")
        event = Event(
            new_id(), utc_now(self._clock), profile_id, verb, object_id, result, content_version
        )
        with missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO events (id, ts_utc, profile_id, verb, object_id, result_json, "
                "content_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    event.id,
                    event.ts_utc,
                    profile_id,
                    verb,
                    object_id,
                    None if result is None else to_json(result),
                    content_version,
                ],
            )
            # Organisation sync: queued with the event, or not at all (no consent).
            from desktop.store.lrs_queue import LrsQueue  # first event: not at launch

            LrsQueue(self._db, self._clock).queue_event(event)
        return event

    def for_profile(
        self,
        profile_id: str,
        verb: str | None = None,
        limit: int | None = None,
        since_utc: str | None = None,
    ) -> list[Event]:
        """A profile's events, newest first, optionally one verb and from a time on."""
        sql = "SELECT * FROM events WHERE profile_id = ?"
        params: list[Any] = [profile_id]
        if verb is not None:
            sql += " AND verb = ?"
            params.append(verb)
        if since_utc is not None:
            sql += " AND ts_utc >= ?"
            params.append(since_utc)
        sql += " ORDER BY ts_utc DESC, rowid DESC"
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        return [_event(row) for row in self._db.query(sql, params)]


def _event(row: dict[str, Any]) -> Event:
    return Event(
        id=row["id"],
        ts_utc=row["ts_utc"],
        profile_id=row["profile_id"],
        verb=row["verb"],
        object_id=row["object_id"],
        result=from_json(row["result_json"]),
        content_version=row["content_version"],
    )


class EventLookup:
    """Answers about a profile's log from the index, never by reading the whole log.

    The ``events_profile_verb_object`` index (profile, verb, object, time) turns "the
    first 'read' of each module" into a few index seeks per module, however many
    years of events the profile holds: the distinct objects of a verb are found by
    skipping from one to the next (``min(object_id) > previous``), and each one's first
    moment by ``min(ts_utc)``. Questions bounded by time (a registration year) use
    ``events_profile_ts`` and read only that period.
    """

    def __init__(self, db: Database) -> None:
        self._db = db

    def verbs(self, profile_id: str) -> list[str]:
        """Every verb this profile's log holds, in order."""
        return self._skip(
            "SELECT min(verb) FROM events WHERE profile_id = ? AND verb > ?", [profile_id]
        )

    def objects(self, profile_id: str, verb: str, prefix: str) -> list[str]:
        """The distinct objects starting with PREFIX that VERB was logged on, in order."""
        upper = _after_prefix(prefix)
        return self._skip(
            "SELECT min(object_id) FROM events WHERE profile_id = ? AND verb = ? "
            "AND object_id > ? AND object_id < ?",
            [profile_id, verb],
            start=prefix,
            upper=upper,
            include_start=True,
        )

    def first(self, profile_id: str, verb: str, object_id: str) -> Event | None:
        """The earliest event of VERB on OBJECT_ID (ties broken by id, as the log sorts)."""
        moment = self.earliest(profile_id, verb, object_id)
        if moment is None:
            return None
        # The few events of that very moment; the smallest id in Python (an ORDER BY id
        # here can lead the planner to walk the whole id index instead).
        rows = self._db.query(
            "SELECT * FROM events WHERE profile_id = ? AND verb = ? AND object_id = ? "
            "AND ts_utc = ?",
            [profile_id, verb, object_id, moment],
        )
        return min((_event(row) for row in rows), key=lambda e: e.id, default=None)

    def earliest(self, profile_id: str, verb: str, object_id: str) -> str | None:
        """The time of the earliest event of VERB on OBJECT_ID, or None."""
        row = self._db.execute(
            "SELECT min(ts_utc) FROM events WHERE profile_id = ? AND verb = ? AND object_id = ?",
            [profile_id, verb, object_id],
        ).fetchone()
        return row[0] if row else None

    def writes_seen(self) -> tuple[int, int]:
        """Changes on this connection and commits by others (``PRAGMA data_version``):
        while both stay the same, no event can have been added."""
        conn = self._db.conn
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def earliest_on(self, profile_id: str, objects: list[str], prefix: str) -> str | None:
        """The time of the earliest event, of any verb, on any of OBJECTS or on any object
        starting with PREFIX; None when there is none (see ``earliest_on_each``)."""
        return self.earliest_on_each(profile_id, {"": (objects, prefix)})[""]

    def earliest_on_each(
        self, profile_id: str, groups: dict[str, tuple[list[str], str]]
    ) -> dict[str, str | None]:
        """For each named group (its exact OBJECTS, its object PREFIX), the time of the
        earliest event of any verb on any of them, or None.

        One statement for every group: the learner's verbs are found once by skipping
        through the index (not once per group: that walk was repeated per module and grew
        with the log); then for each verb and group each exact object, and each distinct
        object under the prefix (skipped through the same way), is one ``min(ts_utc)``
        seek.
        """
        if not groups:
            return {}
        sql = """
        WITH RECURSIVE
        verbs(v) AS (
            SELECT min(verb) FROM events WHERE profile_id = :p
            UNION ALL
            SELECT (SELECT min(verb) FROM events WHERE profile_id = :p AND verb > v)
            FROM verbs WHERE v IS NOT NULL
        ),
        grp(g, lo, hi, exact) AS (
            SELECT key, json_extract(value, '$[0]'), json_extract(value, '$[1]'),
                   json_extract(value, '$[2]')
            FROM json_each(:groups)
        ),
        under(g, hi, v, o) AS (
            SELECT g, hi, v, (SELECT min(object_id) FROM events WHERE profile_id = :p
                              AND verb = v AND object_id >= lo AND object_id < hi)
            FROM verbs, grp WHERE v IS NOT NULL
            UNION ALL
            SELECT g, hi, v, (SELECT min(object_id) FROM events WHERE profile_id = :p
                              AND verb = v AND object_id > o AND object_id < hi)
            FROM under WHERE o IS NOT NULL
        ),
        wanted(g, v, o) AS (
            SELECT g, v, o FROM under WHERE o IS NOT NULL
            UNION ALL
            SELECT grp.g, verbs.v, exact.value FROM grp, verbs, json_each(grp.exact) AS exact
            WHERE verbs.v IS NOT NULL
        )
        SELECT g, min((SELECT min(ts_utc) FROM events
                       WHERE profile_id = :p AND verb = wanted.v AND object_id = wanted.o))
        FROM wanted GROUP BY g
        """
        found: dict[str, str | None] = dict.fromkeys(groups)
        payload = {
            name: [prefix, _after_prefix(prefix), json.dumps(objects)]
            for name, (objects, prefix) in groups.items()
        }
        rows = self._db.execute(sql, {"p": profile_id, "groups": json.dumps(payload)})
        for name, moment in rows.fetchall():
            found[name] = moment
        return found

    def until(self, profile_id: str, verb: str, object_id: str, until_utc: str) -> list[Event]:
        """Events of VERB on OBJECT_ID at or before UNTIL_UTC, oldest first."""
        rows = self._db.query(
            "SELECT * FROM events WHERE profile_id = ? AND verb = ? AND object_id = ? "
            "AND ts_utc <= ? ORDER BY ts_utc, id",
            [profile_id, verb, object_id, until_utc],
        )
        return [_event(row) for row in rows]

    def of_verbs(
        self,
        profile_id: str,
        verbs: tuple[str, ...],
        prefix: str,
        since_utc: str | None = None,
        until_utc: str | None = None,
        *,
        newest_first: bool = False,
    ) -> list[Event]:
        """Events of VERBS on objects starting with PREFIX, oldest first (or newest first,
        as `EventLog.for_profile` lists them); bounded in time
        when SINCE_UTC / UNTIL_UTC (exclusive) are given, else every one of them."""
        marks = ", ".join("?" for _ in verbs)
        # Bounded in time: the unary + keeps the planner on (profile, time), so only the
        # period is read; unbounded: the (profile, verb, object) index finds them.
        plus = "+" if since_utc is not None or until_utc is not None else ""
        sql = (
            f"SELECT * FROM events WHERE profile_id = ? AND {plus}verb IN ({marks}) "
            f"AND {plus}object_id >= ? AND {plus}object_id < ?"
        )
        params: list[Any] = [profile_id, *verbs, prefix, _after_prefix(prefix)]
        if since_utc is not None:
            sql += " AND ts_utc >= ?"
            params.append(since_utc)
        if until_utc is not None:
            sql += " AND ts_utc < ?"
            params.append(until_utc)
        order = " ORDER BY ts_utc DESC, rowid DESC" if newest_first else " ORDER BY ts_utc, id"
        rows = self._db.query(sql + order, params)
        return [_event(row) for row in rows]

    def _skip(
        self,
        sql: str,
        params: list[Any],
        *,
        start: str = "",
        upper: str | None = None,
        include_start: bool = False,
    ) -> list[str]:
        found: list[str] = []
        if include_start and upper is not None:
            row = self._db.execute(
                sql.replace("> ?", ">= ?", 1), [*params, start, upper]
            ).fetchone()
            if row is None or row[0] is None:
                return found
            found.append(row[0])
        previous = found[-1] if found else start
        while True:
            args = [*params, previous] + ([upper] if upper is not None else [])
            row = self._db.execute(sql, args).fetchone()
            if row is None or row[0] is None:
                return found
            found.append(row[0])
            previous = row[0]


def _after_prefix(prefix: str) -> str:
    """The smallest text greater than every text starting with PREFIX (non-empty)."""
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)
