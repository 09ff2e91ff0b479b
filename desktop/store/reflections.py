"""The learner's written reflections: private free text, never copied into the event log.

For a passphrase-protected profile the text is stored sealed (``desktop/store/keys.py``):
every method takes and returns plain text, and raises ``ProfileLockedError`` while the
profile is locked.
"""

from __future__ import annotations

import builtins
import contextlib
import logging
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store import journal_index
from desktop.store.clock import Clock, utc_now
from desktop.store.errors import RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.keys import (
    REFLECTION,
    SealedValueError,
    keyring_for,
    open_value,
    seal_context,
    seal_value,
)
from desktop.store.records import first_row, missing_parent_means, new_id

if TYPE_CHECKING:
    from desktop.store.connection import Database
    from desktop.store.sealing import Sealer

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reflection:
    """One piece of reflective writing, optionally answering a module's prompt."""

    id: str
    profile_id: str
    module_id: str
    prompt_id: str | None
    text: str
    created_utc: str
    updated_utc: str


class ReflectionRepo:
    """Creates, autosaves, lists, searches and deletes reflections."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)
        self._keys = keyring_for(db)
        self._index_failed = False

    def create(
        self, profile_id: str, module_id: str, prompt_id: str | None, text: str
    ) -> Reflection:
        """A new reflection; logs 'reflected' with ids only, never the text."""
        now = utc_now(self._clock)
        reflection = Reflection(new_id(), profile_id, module_id, prompt_id, text, now, now)
        stored = self._seal(profile_id, reflection.id, text)
        try:
            self._insert_logged(reflection, stored)
        except sqlite3.DatabaseError:
            if self._db.conn.in_transaction or not self._set_aside_damaged_index():
                raise
            self._insert_logged(reflection, stored)  # once more, without the index
        return reflection

    def _insert_logged(self, reflection: Reflection, stored: str) -> None:
        profile_id, module_id = reflection.profile_id, reflection.module_id
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, "
                "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    reflection.id,
                    profile_id,
                    module_id,
                    reflection.prompt_id,
                    stored,
                    reflection.created_utc,
                    reflection.updated_utc,
                ],
            )
            self._events.append(
                profile_id,
                "reflected",
                f"module:{module_id}",
                {"reflection_id": reflection.id, "prompt_id": reflection.prompt_id},
            )

    def update(self, reflection_id: str, text: str) -> bool:
        """Autosave: write the text only if it changed. Returns True if it wrote."""
        owner = self._db.execute(
            "SELECT profile_id FROM reflections WHERE id = ?", [reflection_id]
        ).fetchone()
        if owner is None:
            raise RecordNotFoundError("reflection", reflection_id)
        # Sealing is deterministic, so "unchanged" can still be decided by the database.
        stored = self._seal(owner[0], reflection_id, text)
        cursor = self._write(
            "UPDATE reflections SET text = ?, updated_utc = ? WHERE id = ? AND text <> ?",
            [stored, utc_now(self._clock), reflection_id, stored],
        )
        if cursor.rowcount == 0 and self.get(reflection_id) is None:
            raise RecordNotFoundError("reflection", reflection_id)
        return cursor.rowcount == 1

    def get(self, reflection_id: str) -> Reflection | None:
        """The reflection with this id, or None."""
        row = first_row(self._db, "SELECT * FROM reflections WHERE id = ?", [reflection_id])
        if row is None:
            return None
        return self._reflection(row, self._keys.sealer_for(row["profile_id"]))

    def list(self, profile_id: str, module_id: str | None = None) -> builtins.list[Reflection]:
        """A learner's reflections, most recently edited first, optionally for one module."""
        sql = "SELECT * FROM reflections WHERE profile_id = ?"
        params = [profile_id]
        if module_id is not None:
            sql += " AND module_id = ?"
            params.append(module_id)
        sealer = self._keys.sealer_for(profile_id)
        rows = self._db.query(sql + " ORDER BY updated_utc DESC, rowid DESC", params)
        found = []
        for row in rows:
            # One value that does not open (moved from another row, or damaged) never
            # hides the others; ``unreadable`` names it, and ``get`` still raises for it.
            with contextlib.suppress(SealedValueError):
                found.append(self._reflection(row, sealer))
        return found

    def unreadable(self, profile_id: str) -> builtins.list[str]:
        """Ids of the profile's reflections whose text does not open (see ``list``)."""
        sealer = self._keys.sealer_for(profile_id)
        bad = []
        for row in self._db.query("SELECT * FROM reflections WHERE profile_id = ?", [profile_id]):
            try:
                self._reflection(row, sealer)
            except SealedValueError:
                bad.append(row["id"])
        return bad

    def writes_seen(self) -> tuple[int, int]:
        """Changes on this connection and commits by others (``PRAGMA data_version``):
        while both stay the same, nothing in the file can have changed, so a copy in
        memory needs no `version` query at all."""
        conn = self._db.conn
        return conn.total_changes, conn.execute("PRAGMA data_version").fetchone()[0]

    def version(self, profile_id: str) -> tuple[int, str | None, float]:
        """A cheap stamp of a learner's reflections (how many, newest edit, row ids):
        it changes whenever one is added, edited or deleted, so a copy held in memory
        knows when to read them again. Answered from the (profile, updated) index."""
        row = self._db.execute(
            "SELECT count(*), max(updated_utc), total(rowid) FROM reflections WHERE profile_id = ?",
            [profile_id],
        ).fetchone()
        return (row[0], row[1], row[2])

    def indexed_matches(self, profile_id: str, match: str) -> set[str] | None:
        """Ids of the learner's reflections matching an FTS5 ``match`` expression (built
        by ``journal_index.match_expression``), from the full-text index.

        None when the index cannot answer for this learner: their profile is protected
        (their text is never indexed), this SQLite has no FTS5, or the index is damaged
        (``prism check`` rebuilds it). The caller then searches its copy in memory.
        """
        if not match or self._keys.is_protected(profile_id):
            return None
        try:
            return journal_index.matching_ids(self._db, profile_id, match)
        except sqlite3.Error as error:
            # Never the query or any text: only that the index did not answer, once.
            if not self._index_failed:
                logger.warning("Journal search index unavailable (%s)", type(error).__name__)
                self._index_failed = True
            return None

    def search(self, profile_id: str, query: str) -> builtins.list[Reflection]:
        """Reflections containing ``query``, ignoring case in any alphabet; newest first."""
        # Filtering in Python: SQLite's LIKE folds ASCII only, and a learner has few rows.
        needle = query.strip().casefold()
        return [r for r in self.list(profile_id) if needle in r.text.casefold()]

    def delete(self, reflection_id: str) -> None:
        """Delete a reflection for good."""
        cursor = self._write("DELETE FROM reflections WHERE id = ?", [reflection_id])
        if cursor.rowcount == 0:
            raise RecordNotFoundError("reflection", reflection_id)

    def delete_if_blank(self, reflection_id: str) -> bool:
        """Delete a reflection only if its text is empty or whitespace; True if it did.

        The check and the delete are one statement, so text saved meanwhile is never lost.
        """
        row = self._db.execute(
            "SELECT profile_id, text FROM reflections WHERE id = ?", [reflection_id]
        ).fetchone()
        if row is None:
            return False
        sealer = self._keys.sealer_for(row[0])
        if sealer is not None:
            # Sealed text can only be judged here; deleting only if the stored value is
            # still the one judged keeps text saved meanwhile.
            text = open_value(sealer, row[1], seal_context(REFLECTION, row[0], reflection_id))
            if text.strip(" \t\n\r"):
                return False
            cursor = self._write(
                "DELETE FROM reflections WHERE id = ? AND text = ?", [reflection_id, row[1]]
            )
            return cursor.rowcount == 1
        # SQLite's trim() takes the characters to strip; these are the usual blanks.
        cursor = self._write(
            "DELETE FROM reflections WHERE id = ? AND trim(text, ' ' || char(9, 10, 13)) = ''",
            [reflection_id],
        )
        return cursor.rowcount == 1

    def restore(self, reflection: Reflection) -> None:
        """Put back a deleted reflection exactly as it was (Undo); logs nothing new.

        The 'reflected' event written when it was created is still in the log.
        """
        stored = self._seal(reflection.profile_id, reflection.id, reflection.text)
        with missing_parent_means("profile", reflection.profile_id):
            self._write(
                "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, "
                "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (id) DO NOTHING",  # a second Undo is harmless
                [
                    reflection.id,
                    reflection.profile_id,
                    reflection.module_id,
                    reflection.prompt_id,
                    stored,
                    reflection.created_utc,
                    reflection.updated_utc,
                ],
            )

    def _write(self, sql: str, params: builtins.list[Any]) -> sqlite3.Cursor:
        """One write to ``reflections``; see ``_set_aside_damaged_index``."""
        outside = not self._db.conn.in_transaction
        try:
            return self._db.execute(sql, params)
        except sqlite3.DatabaseError:
            if not outside or self._db.conn.in_transaction or not self._set_aside_damaged_index():
                raise
            return self._db.execute(sql, params)  # once more, without the index

    def _set_aside_damaged_index(self) -> bool:
        """After a failed write: True if the search index was at fault and is now set
        aside. Triggers on ``reflections`` also write the index, so a damaged or missing
        index makes every save fail, and a learner's words must never be lost to a
        search index: it is dropped (search works from memory) until ``prism check``
        makes it again. Called outside any transaction, so the write can be repeated."""
        if not journal_index.has_triggers(self._db) or journal_index.sound(self._db):
            return False  # the failure was not the index's doing
        logger.warning("Journal search index damaged; set aside until prism check")
        with self._db.atomic():
            journal_index.drop(self._db)
        return True

    def _seal(self, profile_id: str, reflection_id: str, text: str) -> str:
        sealer = self._keys.sealer_for(profile_id)
        return seal_value(sealer, text, seal_context(REFLECTION, profile_id, reflection_id))

    @staticmethod
    def _reflection(row: dict[str, Any], sealer: Sealer | None) -> Reflection:
        context = seal_context(REFLECTION, row["profile_id"], row["id"])
        return Reflection(
            id=row["id"],
            profile_id=row["profile_id"],
            module_id=row["module_id"],
            prompt_id=row["prompt_id"],
            text=open_value(sealer, row["text"], context),
            created_utc=row["created_utc"],
            updated_utc=row["updated_utc"],
        )
