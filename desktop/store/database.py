"""Opening and closing the progress log: one SQLite file per installation.

``open_database`` checks the file before it writes anything, so a damaged file or
one from a newer Prism is reported and left byte-for-byte as it was. (If a ``-wal``
file lies beside it, closing the connection lets SQLite fold the WAL's complete
pages into the file, or delete a WAL that holds none, as any clean close does:
no committed data is lost either way.) Before a
migration changes an existing file, a backup of it is taken (kind
``before-update``); if that backup cannot be made, the file is not migrated.
An up-to-date file is opened without importing the migrations (or sqlite-utils).

The full ``PRAGMA quick_check`` reads the whole file, so it costs in proportion to
years of use. It runs at open only when the last session may not have ended cleanly.
A clean close (``close_database``) leaves a marker, ``prism.db.clean``, holding the
file's size and modification time; opening removes it before anything is written. So
the check runs when the marker is missing (a crash, a kill, a power cut, or a file
from a Prism without markers) or does not match the file (something else changed it
while Prism was closed). Otherwise ``Database.checked_at_open`` is False and the caller
runs `quick_check_file` in the background after the window shows.
"""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from desktop.store.clock import Clock, system_clock
from desktop.store.connection import Database
from desktop.store.errors import DatabaseCorruptError, DatabaseUnavailableError, StoreError
from desktop.store.schema_version import SCHEMA_VERSION, check_schema_version


def open_database(
    path: Path, *, backup_folder: Path | None = None, clock: Clock | None = None
) -> Database:
    """Open (creating if needed) the progress file at ``path``, checked and migrated.

    Raises ``DatabaseCorruptError``, ``DatabaseTooNewError`` or
    ``DatabaseUnavailableError``; the file is not written to in the first two cases.
    ``backup_folder`` (default: ``backups`` beside the file) receives the backup
    taken before a migration; ``BackupError`` is raised if it cannot be written.
    """
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
    except (OSError, sqlite3.Error) as error:
        raise DatabaseUnavailableError(path, str(error)) from error
    try:
        # Each step reads before the next one writes: a bad file fails at quick_check.
        db.execute("PRAGMA busy_timeout = 5000")
        db.checked_at_open = False
        if _needs_check_at_open(path):
            _check_integrity(db, path)
            db.checked_at_open = True
        _mark_open(path)
        found = check_schema_version(db, path)
        _configure(db)
        if found < SCHEMA_VERSION:
            _migrate(db, path, found, backup_folder, clock)
    except sqlite3.DatabaseError as error:  # before StoreError: the connection's are both
        db.close()
        raise _opening_error(path, error) from error
    except StoreError:
        db.close()
        raise
    return db


def _opening_error(path: Path, error: sqlite3.DatabaseError) -> StoreError:
    """Why the file could not be opened: unavailable (locked, read-only) or damaged."""
    detail = getattr(error, "detail", "") or str(error)
    if isinstance(error, sqlite3.OperationalError):
        return DatabaseUnavailableError(path, detail)
    return DatabaseCorruptError(path, detail)


def open_memory_database() -> Database:
    """A fresh, migrated in-memory database, for tests and throwaway sessions."""
    from desktop.store.migrations import apply_migrations

    db = Database(memory=True)
    db.execute("PRAGMA foreign_keys = ON")
    apply_migrations(db)
    return db


def close_database(db: Database) -> None:
    """Close the connection; SQLite folds the WAL back into the main file. A clean
    close leaves the marker that lets the next open skip the full check."""
    path = db.path
    db.close()
    if path is not None:
        _mark_closed(path)


# --------------------------------------------------------------------------- #
# The clean-shutdown marker and the open-time check
# --------------------------------------------------------------------------- #


def clean_marker(path: Path) -> Path:
    """The marker a clean close leaves beside the file at ``path``."""
    return path.with_name(path.name + ".clean")


def _fingerprint(path: Path) -> str:
    """What a clean close saw: the file's size and modification time, and no WAL left."""
    stat = path.stat()
    wal = path.with_name(path.name + "-wal")
    wal_size = wal.stat().st_size if wal.exists() else 0
    return f"{stat.st_size} {stat.st_mtime_ns} {wal_size}"


def _needs_check_at_open(path: Path) -> bool:
    """Check now unless the last session closed this very file cleanly. A new, empty
    file needs none; a marker that cannot be read means check."""
    try:
        if not path.exists() or path.stat().st_size == 0:
            return False
        marker = clean_marker(path)
        if not marker.exists():
            return True
        return marker.read_text(encoding="ascii").strip() != _fingerprint(path)
    except (OSError, ValueError):
        return True


def _mark_open(path: Path) -> None:
    """Remove the marker before anything is written: until the next clean close, a
    crash leaves no marker and the next open checks."""
    # If it cannot be removed, it no longer matches the file once anything is written.
    with contextlib.suppress(OSError):
        clean_marker(path).unlink(missing_ok=True)


def _mark_closed(path: Path) -> None:
    with contextlib.suppress(OSError):  # without it the next open checks: slower, never wrong
        clean_marker(path).write_text(_fingerprint(path), encoding="ascii")


def quick_check_file(path: Path) -> list[str]:
    """``PRAGMA quick_check`` of the file at ``path`` on a connection of its own (so a
    worker thread may run it while the window works); [] when the file is sound, else
    the problems found (at most five). Never raises: an unreadable file is a problem."""
    try:
        connection = sqlite3.connect(path, timeout=5.0)
    except sqlite3.Error as error:
        return [str(error)]
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    except sqlite3.Error as error:
        return [str(error)]
    finally:
        connection.close()
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems[:5]


def _check_integrity(db: Database, path: Path) -> None:
    try:
        rows = db.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise  # locked, unreadable: the file may be fine, so not "corrupt"
    except sqlite3.DatabaseError as error:
        raise DatabaseCorruptError(path, str(error)) from error
    problems = [row[0] for row in rows]
    if problems != ["ok"]:
        raise DatabaseCorruptError(path, "; ".join(map(str, problems[:5])))


def _configure(db: Database) -> None:
    """Per-connection settings: enforced foreign keys, WAL, durable commits."""
    db.execute("PRAGMA foreign_keys = ON")
    db.enable_wal()
    db.execute("PRAGMA synchronous = FULL")


def _migrate(
    db: Database, path: Path, found: int, folder: Path | None, clock: Clock | None
) -> None:
    """Bring an older (or new, empty) file up to date, keeping a copy of one holding data."""
    from desktop.store.migrations import apply_migrations, pending_migrations

    # A new file has nothing to lose.
    if found > 0 and pending_migrations(db):
        from desktop.store.backup import backup_folder_for, write_backup

        write_backup(
            db, folder or backup_folder_for(path), "before-update", (clock or system_clock)()
        )
    apply_migrations(db)
