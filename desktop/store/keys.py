"""Which profiles are protected, the keys of those unlocked now, and re-sealing their text.

- ``profile_keys`` (migration 5) holds one ``KeyRecord`` per protected profile: salt,
  scrypt cost and verifier. A profile with no row is unprotected and its text is plain.
- ``KeyRing`` holds, in memory only, the ``Sealer`` of each profile unlocked in this
  session. There is one ring per open database (``keyring_for(db)``), so every
  repository built on that database, wherever it is built, sees the same keys without
  any of them being threaded through constructors. Locking forgets them.
- ``SEALED_COLUMNS`` lists every column of free text a protected profile keeps sealed;
  ``seal_ledger.reseal_profile`` rewrites them all (adding, changing or removing a
  passphrase) inside the caller's transaction, so an interruption leaves the old state
  whole, and ``seal_ledger`` keeps the versions that catch an older value put back.

A repository asks the ring for ``sealer_for(profile_id)``: None for an unprotected
profile (store plain text), the sealer for an unlocked one, and ``ProfileLockedError``
for one that is protected and locked, so protected text is never written in the clear
or shown sealed.
"""

from __future__ import annotations

import builtins
import json
import sqlite3
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.errors import StoreError
from desktop.store.records import first_row
from desktop.store.sealing import (
    KdfParams,
    KeyRecord,
    SealedValueError,
    Sealer,
    is_sealed,
)

if TYPE_CHECKING:
    from desktop.store.connection import Database


class ProfileLockedError(StoreError):
    """A protected profile's text was asked for (or written) while the profile is locked."""

    def __init__(self, profile_id: str) -> None:
        super().__init__(
            "This profile is locked. Go to the list of profiles (File \u203a Switch "
            "learner), choose it and type its passphrase to open it again.",
            f"profile {profile_id!r} is protected and locked",
        )
        self.profile_id = profile_id


@dataclass(frozen=True)
class SealedColumn:
    """A column of free text: table, column, and how each value's context is formed.

    The context names the *logical* item (a reflection, a CPD record), not the table
    row, so a version moved into a history table still opens there.
    """

    table: str
    column: str
    kind: str
    item_column: str
    history: bool = False
    """An earlier-versions table: its values are old by design (never checked as current)."""

    @property
    def field(self) -> str:
        """The column as named in the associated data (the same in a history table)."""
        return self.column

    def context(self, profile_id: str, item_id: str) -> str:
        return seal_context(self.kind, profile_id, item_id)


REFLECTION = "reflection"
CPD_RECORD = "cpd-record"
CAPABILITY_NOTE = "capability-note"

SEALED_COLUMNS: tuple[SealedColumn, ...] = (
    SealedColumn("reflections", "text", REFLECTION, "id"),
    SealedColumn("reflection_history", "text", REFLECTION, "reflection_id", history=True),
    SealedColumn("cpd_records", "record_json", CPD_RECORD, "id"),
    SealedColumn("cpd_record_history", "record_json", CPD_RECORD, "record_id", history=True),
    SealedColumn("capability_ratings", "note", CAPABILITY_NOTE, "id"),
)
"""Every column that holds what a learner wrote. Team-session notes are the group's and
are not listed: they belong to the session, not to any one profile."""


def seal_context(kind: str, profile_id: str, item_id: str) -> str:
    """The associated data a value is sealed with, e.g. 'prism/reflection/<p>/<id>'."""
    return f"prism/{kind}/{profile_id}/{item_id}"


class KeyStore:
    """Reads and writes ``profile_keys``: the stored description of each profile's key."""

    def __init__(self, db: Database) -> None:
        self._db = db

    def get(self, profile_id: str) -> KeyRecord | None:
        row = first_row(self._db, "SELECT * FROM profile_keys WHERE profile_id = ?", [profile_id])
        return None if row is None else _record(row)

    def protected_ids(self) -> set[str]:
        return {row[0] for row in self._db.execute("SELECT profile_id FROM profile_keys")}

    def put(self, profile_id: str, record: KeyRecord) -> None:
        """Store (or replace) the record; the caller holds the transaction."""
        self._db.execute(
            "INSERT INTO profile_keys (profile_id, scheme, kdf_json, salt, verifier) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (profile_id) DO UPDATE SET "
            "scheme = excluded.scheme, kdf_json = excluded.kdf_json, salt = excluded.salt, "
            "verifier = excluded.verifier",
            [
                profile_id,
                record.scheme,
                json.dumps(record.kdf.to_dict(), sort_keys=True),
                record.salt,
                record.verifier,
            ],
        )

    def delete(self, profile_id: str) -> None:
        self._db.execute("DELETE FROM profile_keys WHERE profile_id = ?", [profile_id])


def key_descriptions(conn: sqlite3.Connection) -> dict[str, tuple[Any, ...]]:
    """Each protected profile's stored key description, by id, from any Prism file.

    Used to tell whether a backup holds the same protection as the file in use; a file
    from before passphrases existed has no ``profile_keys`` table and gives {}.
    """
    try:
        rows = conn.execute(
            "SELECT profile_id, scheme, kdf_json, salt, verifier FROM profile_keys"
        ).fetchall()
    except sqlite3.Error:
        return {}
    return {
        row[0]: tuple(bytes(v) if isinstance(v, memoryview) else v for v in row[1:]) for row in rows
    }


def _record(row: dict[str, Any]) -> KeyRecord:
    return KeyRecord(
        salt=bytes(row["salt"]),
        kdf=KdfParams.from_dict(json.loads(row["kdf_json"])),
        verifier=bytes(row["verifier"]),
        scheme=row["scheme"],
    )


class KeyRing:
    """The keys of the profiles unlocked in this session; nothing here is ever written."""

    def __init__(self, db: Database) -> None:
        # A weak proxy: the ring lives in a WeakKeyDictionary keyed by ``db``, and a
        # strong reference from the value would keep every database alive for ever.
        self._store = KeyStore(weakref.proxy(db))
        self._sealers: dict[str, Sealer] = {}

    # What is protected, what is open --------------------------------------------------

    def record(self, profile_id: str) -> KeyRecord | None:
        return self._store.get(profile_id)

    def is_protected(self, profile_id: str) -> bool:
        return self._store.get(profile_id) is not None

    def protected_ids(self) -> set[str]:
        return self._store.protected_ids()

    def is_unlocked(self, profile_id: str) -> bool:
        """Protected and its key is held now (and still matches the stored record)."""
        record = self._store.get(profile_id)
        return record is not None and self._matching(profile_id, record) is not None

    def is_locked(self, profile_id: str) -> bool:
        """Protected and not unlocked: its text can be neither read nor written."""
        record = self._store.get(profile_id)
        return record is not None and self._matching(profile_id, record) is None

    def unlocked_ids(self) -> builtins.list[str]:
        return [pid for pid, sealer in self._sealers.items() if not sealer.forgotten]

    # Holding and forgetting keys -------------------------------------------------------

    def add(self, profile_id: str, sealer: Sealer) -> None:
        previous = self._sealers.get(profile_id)
        if previous is not None and previous is not sealer:
            previous.forget()
        self._sealers[profile_id] = sealer

    def forget(self, profile_id: str) -> None:
        sealer = self._sealers.pop(profile_id, None)
        if sealer is not None:
            sealer.forget()

    def forget_all(self) -> None:
        for profile_id in list(self._sealers):
            self.forget(profile_id)

    # Used by the repositories ----------------------------------------------------------

    def sealer_for(self, profile_id: str) -> Sealer | None:
        """None for an unprotected profile; the key of an unlocked one; else ProfileLockedError."""
        record = self._store.get(profile_id)
        if record is None:
            return None
        sealer = self._matching(profile_id, record)
        if sealer is None:
            raise ProfileLockedError(profile_id)
        return sealer

    def _matching(self, profile_id: str, record: KeyRecord) -> Sealer | None:
        # A key kept from before a restore or an import may no longer fit the record.
        sealer = self._sealers.get(profile_id)
        if sealer is None or sealer.forgotten or sealer.verifier != record.verifier:
            return None
        return sealer


def seal_value(sealer: Sealer | None, text: str, context: str, version: int = 0) -> str:
    """What to store: ``text`` itself for an unprotected profile, else its token.

    Repositories write current values through ``seal_ledger.ProfileSeal``, which picks
    the version and keeps the ledger; this is for values outside any ledger.
    """
    return text if sealer is None else sealer.seal(text, context, version)


def open_value(sealer: Sealer | None, stored: str, context: str) -> str:
    """What the learner wrote, from a stored value.

    An unprotected profile's values are plain, whatever they look like (a learner may
    write "pe1:" themselves). A protected profile's values are tokens; a plain value
    there (none is written, but an old archive could hold one) is shown as it is.
    """
    if sealer is None or not is_sealed(stored):
        return stored
    return sealer.open(stored, context)


_RINGS: weakref.WeakKeyDictionary[Any, KeyRing] = weakref.WeakKeyDictionary()


def keyring_for(db: Database) -> KeyRing:
    """The one key ring of this open database (made on first use)."""
    ring = _RINGS.get(db)
    if ring is None:
        ring = KeyRing(db)
        _RINGS[db] = ring
    return ring


@contextmanager
def leaving_no_trace(db: Database) -> Iterator[None]:
    """Around a rewrite of plain text into sealed text: nothing of the old form stays.

    SQLite's secure delete overwrites freed space with zeros while the block runs; after
    it, the WAL (which still holds page images from before) is folded into the file and
    emptied. Run it outside any transaction.
    """
    previous = int(db.execute("PRAGMA secure_delete").fetchone()[0])
    db.execute("PRAGMA secure_delete = ON")
    try:
        yield
    finally:
        db.execute(f"PRAGMA secure_delete = {previous}")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")


__all__ = [
    "CAPABILITY_NOTE",
    "CPD_RECORD",
    "REFLECTION",
    "SEALED_COLUMNS",
    "KeyRing",
    "KeyStore",
    "ProfileLockedError",
    "SealedColumn",
    "SealedValueError",
    "keyring_for",
    "leaving_no_trace",
    "open_value",
    "seal_context",
    "seal_value",
]
