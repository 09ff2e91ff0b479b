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
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from desktop.store import journal_index
from desktop.store.clock import Clock, utc_now
from desktop.store.errors import RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.keys import SEALED_COLUMNS, SealedValueError, keyring_for
from desktop.store.records import first_row, missing_parent_means, new_id
from desktop.store.seal_ledger import ProfileSeal, sealed_profile

if TYPE_CHECKING:
    from desktop.store.connection import Database

_TEXT = SEALED_COLUMNS[0]
"""reflections.text: each value is checked against the profile's ledger."""

logger = logging.getLogger(__name__)

_T = TypeVar("_T")


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
        self._index_failed = False

    def create(
        self, profile_id: str, module_id: str, prompt_id: str | None, text: str
    ) -> Reflection:
        """A new reflection; logs 'reflected' with ids only, never the text."""
        now = utc_now(self._clock)
        reflection = Reflection(new_id(), profile_id, module_id, prompt_id, text, now, now)
        seal = sealed_profile(self._db, profile_id)

        def insert() -> None:
            with self._db.atomic(), missing_parent_means("profile", profile_id):
                stored = seal.seal(_TEXT, reflection.id, text)
                self._db.execute(
                    "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, "
                    "created_utc, updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [reflection.id, profile_id, module_id, prompt_id, stored, now, now],
                )
                self._events.append(
                    profile_id,
                    "reflected",
                    f"module:{module_id}",
                    {"reflection_id": reflection.id, "prompt_id": prompt_id},
                )
                seal.flush()

        self._guarded(insert)
        return reflection

    def update(self, reflection_id: str, text: str) -> bool:
        """Autosave: write the text only if it changed. Returns True if it wrote."""
        owner = self._db.execute(
            "SELECT profile_id, text FROM reflections WHERE id = ?", [reflection_id]
        ).fetchone()
        if owner is None:
            raise RecordNotFoundError("reflection", reflection_id)
        seal = sealed_profile(self._db, owner[0])
        if not seal.protected:
            cursor = self._write(
                "UPDATE reflections SET text = ?, updated_utc = ? WHERE id = ? AND text <> ?",
                [text, utc_now(self._clock), reflection_id, text],
            )
            if cursor.rowcount == 0 and self.get(reflection_id) is None:
                raise RecordNotFoundError("reflection", reflection_id)
            return cursor.rowcount == 1
        # Each sealed write takes a new version, so "unchanged" is judged on the text;
        # a value that is not genuine is never written over (the page does not show it).
        seal.open(_TEXT, reflection_id, owner[1])
        if seal.same_text(_TEXT, reflection_id, owner[1], text):
            return False

        def rewrite() -> sqlite3.Cursor:
            with self._db.atomic():
                stored = seal.seal(_TEXT, reflection_id, text)
                cursor = self._db.execute(
                    "UPDATE reflections SET text = ?, updated_utc = ? WHERE id = ? AND text = ?",
                    [stored, utc_now(self._clock), reflection_id, owner[1]],
                )
                if cursor.rowcount == 1:
                    seal.flush()
            return cursor

        return self._guarded(rewrite).rowcount == 1

    def get(self, reflection_id: str) -> Reflection | None:
        """The reflection with this id, or None."""
        row = first_row(self._db, "SELECT * FROM reflections WHERE id = ?", [reflection_id])
        if row is None:
            return None
        return self._reflection(row, sealed_profile(self._db, row["profile_id"]))

    def list(self, profile_id: str, module_id: str | None = None) -> builtins.list[Reflection]:
        """A learner's reflections, most recently edited first, optionally for one module."""
        sql = "SELECT * FROM reflections WHERE profile_id = ?"
        params = [profile_id]
        if module_id is not None:
            sql += " AND module_id = ?"
            params.append(module_id)
        seal = sealed_profile(self._db, profile_id)
        rows = self._db.query(sql + " ORDER BY updated_utc DESC, rowid DESC", params)
        found = []
        for row in rows:
            # One value that does not open (moved from another row, or damaged) never
            # hides the others; ``unreadable`` names it, and ``get`` still raises for it.
            with contextlib.suppress(SealedValueError):
                found.append(self._reflection(row, seal))
        return found

    def unreadable(self, profile_id: str) -> builtins.list[str]:
        """Ids of the profile's reflections whose text does not open (see ``list``)."""
        seal = sealed_profile(self._db, profile_id)
        bad = []
        for row in self._db.query("SELECT * FROM reflections WHERE profile_id = ?", [profile_id]):
            try:
                self._reflection(row, seal)
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

    def search(self, profile_id: str, query: str) -> builtins.list[Reflection]:
        """Reflections containing ``query``, ignoring case in any alphabet; newest first."""
        # Filtering in Python: SQLite's LIKE folds ASCII only, and a learner has few rows.
        needle = query.strip().casefold()
        return [r for r in self.list(profile_id) if needle in r.text.casefold()]

    def indexed_matches(self, profile_id: str, match: str) -> set[str] | None:
        """Ids of the learner's reflections matching an FTS5 ``match`` expression (built
        by ``journal_index.match_expression``), from the full-text index.

        None when the index cannot answer for this learner: their profile is protected
        (their text is never indexed), this SQLite has no FTS5, or the index is damaged
        (``prism check`` rebuilds it). The caller then searches its copy in memory.
        """
        if not match or keyring_for(self._db).is_protected(profile_id):
            return None
        try:
            return journal_index.matching_ids(self._db, profile_id, match)
        except sqlite3.Error as error:
            # Never the query or any text: only that the index did not answer, once.
            if not self._index_failed:
                logger.warning("Journal search index unavailable (%s)", type(error).__name__)
                self._index_failed = True
            return None

    def delete(self, reflection_id: str) -> None:
        """Delete a reflection for good."""
        owner = self._db.execute(
            "SELECT profile_id FROM reflections WHERE id = ?", [reflection_id]
        ).fetchone()
        if owner is None:
            raise RecordNotFoundError("reflection", reflection_id)
        seal = sealed_profile(self._db, owner[0])

        def remove() -> None:
            with self._db.atomic():
                self._db.execute("DELETE FROM reflections WHERE id = ?", [reflection_id])
                seal.retire(_TEXT, reflection_id)
                seal.flush()

        self._guarded(remove)

    def delete_if_blank(self, reflection_id: str) -> bool:
        """Delete a reflection only if its text is empty or whitespace; True if it did.

        The check and the delete are one statement, so text saved meanwhile is never lost.
        """
        row = self._db.execute(
            "SELECT profile_id, text FROM reflections WHERE id = ?", [reflection_id]
        ).fetchone()
        if row is None:
            return False
        seal = sealed_profile(self._db, row[0])
        if seal.protected:
            # Sealed text can only be judged here; deleting only if the stored value is
            # still the one judged keeps text saved meanwhile.
            text = seal.open(_TEXT, reflection_id, row[1])
            if text.strip(" \t\n\r"):
                return False

            def remove_if_unchanged() -> sqlite3.Cursor:
                with self._db.atomic():
                    cursor = self._db.execute(
                        "DELETE FROM reflections WHERE id = ? AND text = ?",
                        [reflection_id, row[1]],
                    )
                    if cursor.rowcount == 1:
                        seal.retire(_TEXT, reflection_id)
                        seal.flush()
                return cursor

            return self._guarded(remove_if_unchanged).rowcount == 1
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
        seal = sealed_profile(self._db, reflection.profile_id)

        def put_back() -> None:
            with self._db.atomic(), missing_parent_means("profile", reflection.profile_id):
                stored = seal.seal(_TEXT, reflection.id, reflection.text)
                cursor = self._db.execute(
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
                if cursor.rowcount == 1:
                    seal.flush()

        self._guarded(put_back)

    def _write(self, sql: str, params: builtins.list[Any]) -> sqlite3.Cursor:
        """One write to ``reflections``; see ``_set_aside_damaged_index``."""
        return self._guarded(lambda: self._db.execute(sql, params))

    def _guarded(self, write: Callable[[], _T]) -> _T:
        """Run ``write`` (a statement, or a transaction of its own); if the search index
        made it fail, set the index aside and run it once more."""
        outside = not self._db.conn.in_transaction
        try:
            return write()
        except sqlite3.DatabaseError:
            if not outside or self._db.conn.in_transaction or not self._set_aside_damaged_index():
                raise
            return write()  # once more, without the index

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

    @staticmethod
    def _reflection(row: dict[str, Any], seal: ProfileSeal) -> Reflection:
        return Reflection(
            id=row["id"],
            profile_id=row["profile_id"],
            module_id=row["module_id"],
            prompt_id=row["prompt_id"],
            text=seal.open(_TEXT, row["id"], row["text"]),
            created_utc=row["created_utc"],
            updated_utc=row["updated_utc"],
        )
