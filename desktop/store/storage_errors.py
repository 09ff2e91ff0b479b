"""SQLite's errors, turned into ``StoreError``s whose message a learner can act on.

Every statement the store runs goes through ``connection.Database``, which passes any
``sqlite3.Error`` to ``storage_error`` here. The result is a ``StorageError`` (so the
window and the command line show its plain message, and never claim that work was
saved) that is *also* an instance of the original sqlite3 class, so the store's own
``except sqlite3.IntegrityError`` (a taken profile name, say) keeps working.

The message is chosen by SQLite's error name (``SQLITE_FULL``, ``SQLITE_READONLY``...),
not by its English text; the original text stays in ``detail`` for the log.
"""

from __future__ import annotations

import sqlite3

from desktop.store.errors import StoreError

_FULL = (
    "Prism could not save because the disk is full. Free some space (empty the "
    "recycle bin, or delete files you no longer need); what you typed stays on "
    "screen and is saved as soon as there is room."
)
_READ_ONLY = (
    "Prism could not save because its data folder cannot be written to (it is "
    "read-only, or on a drive that was removed). Check the folder and the drive; "
    "what you typed stays on screen and is saved as soon as writing works again."
)
_BUSY = (
    "Prism could not save because its progress file is in use by another copy of "
    "Prism. Close the other copy; what you typed is saved as soon as it is free."
)
_DAMAGED = (
    "Prism could not read or save its progress file because the file is damaged. "
    "Nothing more has been written. Run File > Check database (or prism check), or "
    "restore a backup."
)
_IO = (
    "Prism could not save because the disk did not accept the write (the drive may "
    "have been removed, or be failing). Check the drive; what you typed stays on "
    "screen and is saved as soon as writing works again."
)
_CONFLICT = (
    "Prism could not save this change because it conflicts with something already "
    "saved. Go back, check what is there and try once more."
)
_OTHER = (
    "Prism could not save this change to its progress file. Nothing else was lost. "
    "Try again; if it keeps happening, restart Prism."
)

_BY_NAME = {
    "SQLITE_FULL": ("full", _FULL),
    "SQLITE_READONLY": ("read-only", _READ_ONLY),
    "SQLITE_PERM": ("read-only", _READ_ONLY),
    "SQLITE_CANTOPEN": ("read-only", _READ_ONLY),
    "SQLITE_BUSY": ("busy", _BUSY),
    "SQLITE_LOCKED": ("busy", _BUSY),
    "SQLITE_CORRUPT": ("damaged", _DAMAGED),
    "SQLITE_NOTADB": ("damaged", _DAMAGED),
    "SQLITE_IOERR": ("io", _IO),
    "SQLITE_CONSTRAINT": ("conflict", _CONFLICT),
}


class StorageError(StoreError):
    """Reading or writing the progress file failed; ``kind`` says why in one word.

    ``kind`` is one of full, read-only, busy, damaged, io, conflict, other.
    """

    kind: str = "other"


class _StorageOperationalError(StorageError, sqlite3.OperationalError):
    pass


class _StorageIntegrityError(StorageError, sqlite3.IntegrityError):
    pass


class _StorageDatabaseError(StorageError, sqlite3.DatabaseError):
    pass


class _StorageProgrammingError(StorageError, sqlite3.ProgrammingError):
    pass


class _StorageOtherError(StorageError, sqlite3.Error):
    pass


# Most specific first: IntegrityError and OperationalError are DatabaseErrors.
_CLASSES: tuple[tuple[type[sqlite3.Error], type[StorageError]], ...] = (
    (sqlite3.IntegrityError, _StorageIntegrityError),
    (sqlite3.OperationalError, _StorageOperationalError),
    (sqlite3.ProgrammingError, _StorageProgrammingError),
    (sqlite3.DatabaseError, _StorageDatabaseError),
    (sqlite3.Error, _StorageOtherError),
)


def storage_error(error: sqlite3.Error) -> sqlite3.Error:
    """``error`` as a ``StorageError`` of the same sqlite3 class (itself if already one)."""
    if isinstance(error, StorageError):
        return error
    name = getattr(error, "sqlite_errorname", "") or ""
    # Extended codes (SQLITE_IOERR_WRITE, SQLITE_READONLY_DBMOVED...) share the base name.
    base = "_".join(name.split("_")[:2])
    kind, message = _BY_NAME.get(base, _by_text(error))
    cls = next(wrapper for original, wrapper in _CLASSES if isinstance(error, original))
    made = cls(message, f"{type(error).__name__}: {error} ({name or 'no code'})")
    made.kind = kind
    made.sqlite_errorcode = getattr(error, "sqlite_errorcode", None)
    made.sqlite_errorname = name
    return made


def _by_text(error: sqlite3.Error) -> tuple[str, str]:
    # Errors raised by the sqlite3 module itself carry no SQLite code.
    text = str(error).lower()
    if "closed" in text:
        return "other", _OTHER
    if "full" in text:
        return "full", _FULL
    if "readonly" in text or "read-only" in text:
        return "read-only", _READ_ONLY
    if "locked" in text or "busy" in text:
        return "busy", _BUSY
    if isinstance(error, sqlite3.IntegrityError):
        return "conflict", _CONFLICT
    return "other", _OTHER
