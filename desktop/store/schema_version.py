"""The schema version stamped in ``meta``, and the check that refuses a newer file.

Kept apart from ``migrations`` (which imports sqlite-utils) so that opening an
up-to-date file, which is every launch but the first after an update, reads one row
and imports nothing more.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from desktop.store.errors import DatabaseCorruptError, DatabaseTooNewError

SCHEMA_VERSION = 10
"""The highest schema version this code understands (= the last migration's number)."""


def stored_schema_version(db: Any) -> int:
    """The version stamped in the file; 0 for a new, empty file.

    ``db`` is a ``desktop.store.connection.Database`` or a ``sqlite_utils.Database``.
    """
    has_meta = db.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'"
    ).fetchone()
    if has_meta is None:
        return 0
    row = db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    if row is None:
        return 0
    return int(row[0])


def check_schema_version(db: Any, path: Path) -> int:
    """The file's schema version; refuses, before anything is written, a newer Prism's file."""
    try:
        found = stored_schema_version(db)
    except ValueError as error:
        raise DatabaseCorruptError(path, f"unreadable schema_version: {error}") from error
    if found > SCHEMA_VERSION:
        raise DatabaseTooNewError(path, found, SCHEMA_VERSION)
    return found
