"""Sealing a newly protected profile's text inside the backups made before it was protected.

Setting a passphrase seals the text in the progress file, but every backup made
before then still holds it in the clear, for up to a year (daily backups) or for ever
(those a person made). ``reseal_backup_file`` rewrites one backup so that profile is
protected there too, with the same key record: the backup is read into memory,
changed, vacuumed (so no freed page keeps the old words) and written back atomically.
A backup where the profile is absent, already protected, or from a Prism too old to
know passphrases is left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from desktop.atomic_files import write_bytes_atomic
from desktop.store.backup import read_database_file
from desktop.store.connection import Database
from desktop.store.keys import KeyStore
from desktop.store.seal_ledger import reseal_profile
from desktop.store.sealing import KeyRecord, Sealer


def reseal_backup_file(path: Path, profile_id: str, sealer: Sealer, record: KeyRecord) -> bool:
    """Seal ``profile_id``'s plain text in the backup at ``path``; True if it changed.

    Raises ``BackupError`` (unreadable backup) or ``OSError`` (cannot write it back).
    """
    source = read_database_file(path)
    try:
        data = source.serialize()
    finally:
        source.close()
    db = Database(memory=True)
    try:
        db.conn.deserialize(data)
        try:
            present = db.execute("SELECT 1 FROM profiles WHERE id = ?", [profile_id]).fetchone()
            protected = KeyStore(db).get(profile_id) is not None
        except sqlite3.Error:
            return False  # from before passphrases: Prism would migrate it on restore
        if present is None or protected:
            return False
        with db.atomic():
            KeyStore(db).put(profile_id, record)
            reseal_profile(db, profile_id, None, sealer)
        db.execute("VACUUM")
        changed = db.conn.serialize()
    finally:
        db.close()
    write_bytes_atomic(path, changed, overwrite=True)
    return True
