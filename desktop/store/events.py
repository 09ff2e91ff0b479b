"""The append-only learning log: who did what to which object, and when.

Each event has a uuid, so an xAPI export can be sent twice without duplicates.
Events never hold personal free text (reflection or note text): only ids, choices
and scores. The database refuses updates and deletes (triggers); events leave
only with their profile.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import InvalidValueError
from desktop.store.log_event import Event
from desktop.store.lrs_queue import LrsQueue
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
