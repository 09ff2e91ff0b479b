"""Noticing the progress file or its WAL deleted or replaced under a running Prism.

SQLite keeps writing to the files it opened. If someone deletes ``prism.db-wal`` while
Prism runs (a clean-up tool, a sync client, a colleague), every later change goes into
a file no longer in any folder: acknowledged, and lost at the next crash. If the whole
``prism.db`` is replaced, Prism writes into the old, deleted one.

``FileWatch.check`` runs before each write (one or two ``stat`` calls, a few
microseconds). It compares the files with the ones this connection opened:

- WAL gone or replaced: everything committed so far is checkpointed from the open
  (deleted) WAL into ``prism.db``, a fresh WAL is started, and the write is refused
  once with a ``StorageError`` saying what happened; nothing is lost, and the next
  try saves normally (the journal retries by itself);
- ``prism.db`` gone or replaced: nothing more can be saved safely; every write is
  refused with a message saying to close Prism and open it again.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sqlite3
from pathlib import Path

from desktop.store.storage_errors import StorageError

logger = logging.getLogger(__name__)

_Identity = tuple[int, int]


class FileReplacedError(StorageError):
    """The progress file or its WAL was deleted or replaced while Prism was running."""

    kind = "replaced"


def _identity(path: Path) -> _Identity | None:
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino


class FileWatch:
    """The identity of the database file and its WAL, as this connection opened them."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.wal = Path(f"{path}-wal")
        self._database = _identity(path)
        self._wal: _Identity | None = None
        self._lost = False

    def check(self, conn: sqlite3.Connection) -> None:
        """Raise ``FileReplacedError`` if a file this connection writes was taken away."""
        if self._lost:
            raise self._database_gone()
        database = _identity(self.path)
        if self._database is None:
            self._database = database  # created by this connection's first statement
        elif database != self._database:
            self._lost = True
            logger.error("The progress file was deleted or replaced while Prism ran")
            raise self._database_gone()
        wal = _identity(self.wal)
        if self._wal is None:
            self._wal = wal  # the WAL appears with the first write
            return
        if wal != self._wal:
            self._rebuild_wal(conn)
            raise FileReplacedError(
                f"The journal file beside your progress file ({self.wal.name}) was deleted "
                "or replaced while Prism was running. Prism has written everything you "
                "saved into the progress file itself and started a new journal, so nothing "
                "is lost; your last change is saved at the next try.",
                f"wal identity {self._wal} became {wal}",
            )

    def _rebuild_wal(self, conn: sqlite3.Connection) -> None:
        logger.warning("The WAL was deleted or replaced while Prism ran; rebuilding it")
        with contextlib.suppress(sqlite3.Error):
            # From the open (deleted) WAL into prism.db, then a fresh WAL file.
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA journal_mode = WAL")
        self._wal = _identity(self.wal)

    def _database_gone(self) -> FileReplacedError:
        return FileReplacedError(
            f"Your progress file ({self.path}) was deleted, moved or replaced while Prism "
            "was running, so Prism cannot save any more changes safely. Copy any text you "
            "typed, close Prism and open it again.",
            "database identity changed",
        )
