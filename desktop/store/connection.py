"""The progress log's connection: the handful of calls every repository makes, on plain sqlite3.

Repositories only ever ``execute`` a statement, ``query`` rows as dicts, group writes
with ``atomic()`` and reach ``conn`` for ``executemany`` and backups. Those calls are
here, with sqlite-utils 4's transaction rules, so the app can open its database and
paint the home page without importing sqlite-utils, which costs ~85 ms of a launch
budget of ~300 ms (it pulls in click, pluggy and dateutil). Everything else (the
migrations, ``db["table"]`` and the rest of the sqlite-utils API) goes through
``utils``, a ``sqlite_utils.Database`` over the same connection, created the first
time it is asked for; unknown attributes are passed to it, so code and tests written
against sqlite-utils keep working.

The transaction rules match sqlite-utils 4 exactly, because both wrappers may share a
connection:
- ``execute`` commits a write at once unless a transaction is already open, and rolls
  back a failed statement's implicit transaction so it never captures later writes;
- ``atomic()`` is ``BEGIN`` ... ``COMMIT`` (``ROLLBACK`` on any exception), and a
  savepoint when nested.

Every ``sqlite3.Error`` leaves here as a ``storage_errors.StorageError`` with a message
a learner can act on (disk full, folder read-only, file in use), still an instance of
its sqlite3 class.
"""

from __future__ import annotations

import contextlib
import itertools
import re
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store.file_watch import FileWatch
from desktop.store.storage_errors import storage_error

if TYPE_CHECKING:
    import sqlite_utils

Params = Sequence[Any] | dict[str, Any] | None

_TRANSACTION_CONTROL = frozenset({"BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE"})
_NOT_QUERIES = _TRANSACTION_CONTROL | {"VACUUM", "ATTACH", "DETACH"}
# The first word of a statement, after any leading comments.
_FIRST_WORD = re.compile(r"(?:\s+|--[^\n]*(?:\n|$)|/\*.*?\*/)*(\w+)", re.DOTALL)
_savepoints = itertools.count(1)
# Statements that change the file: checked against a deleted or replaced file first.
_WRITES = frozenset({"INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER"})


def first_keyword(sql: str) -> str:
    """The statement's first keyword, upper-cased ("" when there is none)."""
    match = _FIRST_WORD.match(sql)
    return match.group(1).upper() if match else ""


class Database:
    """One SQLite connection with sqlite-utils' ``execute``/``query``/``atomic`` rules."""

    def __init__(self, path: Path | str | None = None, *, memory: bool = False) -> None:
        if (path is None) == (not memory):
            raise ValueError("give a path or memory=True, not both or neither")
        # The default (legacy) transaction handling, as sqlite-utils requires.
        self.conn = sqlite3.connect(":memory:" if memory else str(path))
        self.path: Path | None = None if memory else Path(path)  # type: ignore[arg-type]
        # False when `open_database` skipped the full check (the last session closed
        # cleanly): the window then runs it in the background.
        self.checked_at_open = True
        self._utils: sqlite_utils.Database | None = None
        # Which files this connection writes, to notice them deleted or replaced.
        self._watch = None if memory else FileWatch(Path(path))
        # sqlite-utils turns these on for every connection; triggers rely on the same.
        self.conn.execute("PRAGMA recursive_triggers = ON")

    # The calls repositories make ----------------------------------------------------

    def execute(self, sql: str, parameters: Params = None) -> sqlite3.Cursor:
        """Run one statement; a write outside a transaction is committed at once."""
        was_in_transaction = self.conn.in_transaction
        if not was_in_transaction and self._watch is not None and first_keyword(sql) in _WRITES:
            self._watch.check(self.conn)
        try:
            if parameters is None:
                cursor = self.conn.execute(sql)
            else:
                cursor = self.conn.execute(sql, parameters)
        except BaseException as error:
            if not was_in_transaction and self.conn.in_transaction:
                _quietly_roll_back(self.conn)
            if isinstance(error, sqlite3.Error):
                raise storage_error(error) from error
            raise
        if (
            not was_in_transaction
            and self.conn.in_transaction
            and cursor.description is None
            and first_keyword(sql) not in _TRANSACTION_CONTROL
        ):
            try:
                self.conn.execute("COMMIT")
            except sqlite3.Error as error:
                _quietly_roll_back(self.conn)
                raise storage_error(error) from error
        return cursor

    def query(self, sql: str, params: Params = None) -> Iterator[dict[str, Any]]:
        """Run a statement that returns rows; each row as a dict of column name to value.

        The statement runs now; rows are fetched as the result is iterated. A statement
        that cannot return rows raises ``ValueError`` before it runs.
        """
        if first_keyword(sql) in _NOT_QUERIES:
            raise ValueError("query() is for statements that return rows; use execute()")
        cursor = self.execute(sql, params)
        if cursor.description is None:
            raise ValueError("query() is for statements that return rows; use execute()")
        keys = [column[0] for column in cursor.description]
        return (dict(zip(keys, row, strict=True)) for row in cursor)

    @contextmanager
    def atomic(self) -> Iterator[Database]:
        """All writes inside commit together or not at all (a savepoint when nested)."""
        if self.conn.in_transaction:
            name = f"prism_{next(_savepoints)}"
            self._control(f"SAVEPOINT {name}")
            try:
                yield self
            except BaseException:
                # A RAISE(ROLLBACK) trigger may already have ended the transaction.
                if self.conn.in_transaction:
                    self._control(f"ROLLBACK TO SAVEPOINT {name}")
                    self._control(f"RELEASE SAVEPOINT {name}")
                raise
            self._control(f"RELEASE SAVEPOINT {name}")
            return
        if self._watch is not None:
            self._watch.check(self.conn)
        self._control("BEGIN")
        try:
            yield self
        except BaseException:
            _quietly_roll_back(self.conn)
            raise
        try:
            self.conn.execute("COMMIT")
        except BaseException as error:
            _quietly_roll_back(self.conn)
            if isinstance(error, sqlite3.Error):
                raise storage_error(error) from error
            raise

    def _control(self, sql: str) -> None:
        try:
            self.conn.execute(sql)
        except sqlite3.Error as error:
            raise storage_error(error) from error

    @property
    def journal_mode(self) -> str:
        return str(self.conn.execute("PRAGMA journal_mode").fetchone()[0])

    def enable_wal(self) -> None:
        """Switch the file to write-ahead logging (kept in the file once set)."""
        if self.journal_mode != "wal":
            self.conn.execute("PRAGMA journal_mode = wal")

    def close(self) -> None:
        self.conn.close()

    # Everything else: sqlite-utils, loaded when first needed --------------------------

    @property
    def utils(self) -> sqlite_utils.Database:
        """A ``sqlite_utils.Database`` over this same connection (imported on first use)."""
        if self._utils is None:
            import sqlite_utils

            self._utils = sqlite_utils.Database(self.conn, execute_plugins=False)
        return self._utils

    def __getitem__(self, table_name: str) -> Any:
        return self.utils[table_name]

    def __getattr__(self, name: str) -> Any:
        # Only reached for attributes this class lacks; private ones are never forwarded,
        # so a half-built instance cannot recurse into ``utils``.
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.utils, name)


def _quietly_roll_back(conn: sqlite3.Connection) -> None:
    """End a failed transaction; a rollback that fails too (disk gone) must not hide why."""
    with contextlib.suppress(sqlite3.Error):
        conn.rollback()
