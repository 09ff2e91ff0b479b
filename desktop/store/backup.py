"""Backup files of the progress log: make, list, check and restore them.

A backup is a complete SQLite file taken with SQLite's online backup API, so it is
consistent even while Prism is writing. The snapshot is checked in memory, then
written with ``desktop.atomic_files`` (temporary file, fsync, rename): a full disk
or a crash leaves either the whole backup or no backup, never half of one.

Backup files are named ``prism-<UTC time>-<kind>-n<sequence>.db`` (for example
``prism-2026-11-21T093005Z-daily-n42.db``), so the kind is visible to anyone who opens
the folder. The sequence number counts backups in the order this folder received them
(one more than the highest already there): it, not the clock, says which backup is
newest, so a clock that is years slow or fast cannot make a fresh backup look old or
an old one look fresh. Files from before the sequence (no ``-n``) count as older than
every numbered one and are ordered among themselves by time.

A file is checked and restored through a read-only, immutable SQLite connection
(``mode=ro&immutable=1``): checking a file never writes beside it (no journal, WAL or
shared-memory file), a file the user picked cannot be changed by looking at it, and
memory stays small however large the file is. A shared laptop after three years
holds about a million events in a file of some 550 MB; reading that into memory
twice over to restore it would be the moment a small laptop gives out.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.atomic_files import TargetExistsError, write_bytes_atomic
from desktop.atomic_files import _fsync_folder as fsync_folder
from desktop.store.errors import StoreError

if TYPE_CHECKING:
    from desktop.store.connection import Database

BACKUP_KINDS: dict[str, str] = {
    "daily": "Daily (automatic)",
    "manual": "Made by you",
    "before-update": "Before an update of Prism",
    "before-restore": "Before a restore",
    "before-repair": "Before a repair",
}
"""Every kind of backup, with the words the restore list shows for it."""

BACKUP_FOLDER_NAME = "backups"
"""Backups live in this folder beside the progress file."""

MAX_BACKUP_BYTES = 16 * 1024 * 1024 * 1024
"""A larger file is not a Prism backup: a team laptop with a million events holds
about 550 MB, so this leaves room for many years of a busy team."""

_NAME_RE = re.compile(
    r"^prism-(\d{4}-\d{2}-\d{2}T\d{6}Z)-("
    + "|".join(BACKUP_KINDS)
    + r")(?:-(\d+))?(?:-n(\d{1,9}))?\.db$"
)
_STAMP_FORMAT = "%Y-%m-%dT%H%M%SZ"
# atomic_files writes to ".<target name>.<random>.tmp" in the same folder.
_TEMPORARY_RE = re.compile(r"^\.prism-.*\.db\..*\.tmp$")


class BackupError(StoreError):
    """A backup could not be made, read or restored; the message says what to do."""


@dataclass(frozen=True)
class BackupFile:
    """One backup on disk: where it is, when it was taken (UTC), why, and its size."""

    path: Path
    created_utc: datetime
    kind: str
    size: int
    sequence: int = 0
    """Which backup this was in the folder's order (0: made before numbering began)."""

    @property
    def kind_label(self) -> str:
        return BACKUP_KINDS.get(self.kind, self.kind)


@dataclass(frozen=True)
class FileCheck:
    """What a look inside a database file found: usable, or the reason it is not."""

    ok: bool
    schema_version: int | None = None
    profiles: int | None = None
    problem: str = ""


# --------------------------------------------------------------------------- #
# Names
# --------------------------------------------------------------------------- #


def backup_folder_for(database: Path) -> Path:
    """The backups folder for the progress file at ``database``."""
    return database.parent / BACKUP_FOLDER_NAME


def backup_name(moment: datetime, kind: str, number: int = 1, sequence: int = 0) -> str:
    """The file name for a backup taken at ``moment``; ``number`` > 1 avoids a clash;
    ``sequence`` > 0 is its place in the folder's order (see the module doc)."""
    if kind not in BACKUP_KINDS:
        raise ValueError(f"unknown backup kind {kind!r}")
    stamp = _as_utc(moment).strftime(_STAMP_FORMAT)
    suffix = f"-{number}" if number > 1 else ""
    order = f"-n{sequence}" if sequence > 0 else ""
    return f"prism-{stamp}-{kind}{suffix}{order}.db"


def backup_sequence(name: str) -> int:
    """The sequence number in a backup file name (0 for a file from before numbering)."""
    match = _NAME_RE.match(name)
    return int(match.group(4)) if match is not None and match.group(4) else 0


def next_sequence(folder: Path) -> int:
    """One more than the highest sequence number in ``folder`` (1 for the first)."""
    return 1 + max((backup.sequence for backup in list_backups(folder)), default=0)


def parse_backup_name(name: str) -> tuple[datetime, str] | None:
    """(UTC time, kind) from a backup file name, or None for any other file."""
    match = _NAME_RE.match(name)
    if match is None:
        return None
    # Read by position, not with strptime: the launch lists the backups every time, and
    # strptime's first use imports and compiles ~4 ms of locale machinery.
    stamp = match.group(1)  # YYYY-MM-DDTHHMMSSZ, digits checked by _NAME_RE
    fields = (stamp[0:4], stamp[5:7], stamp[8:10], stamp[11:13], stamp[13:15], stamp[15:17])
    try:
        moment = datetime(*(int(field) for field in fields), tzinfo=UTC)
    except ValueError:  # a name shaped like a backup's with no such moment: not one of ours
        return None
    return moment, match.group(2)


def list_backups(folder: Path) -> list[BackupFile]:
    """Every backup in ``folder``, newest first; other files are ignored."""
    found: list[tuple[BackupFile, int]] = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return []
    for path in entries:
        parsed = parse_backup_name(path.name)
        if parsed is None:
            continue
        try:
            stat = path.stat()
        except OSError:
            continue
        sequence = backup_sequence(path.name)
        backup = BackupFile(path, parsed[0], parsed[1], stat.st_size, sequence)
        found.append((backup, stat.st_mtime_ns))
    # The order they were made in, not the clock (see the module doc); for files from
    # before numbering, the time in the name, then the modification time within a second.
    found.sort(
        key=lambda pair: (pair[0].sequence, pair[0].created_utc, pair[1], pair[0].path.name),
        reverse=True,
    )
    return [backup for backup, _ in found]


def remove_stale_temporaries(folder: Path) -> int:
    """Delete temporary files a killed backup left behind (never a finished backup)."""
    removed = 0
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            if _TEMPORARY_RE.match(path.name) and path.is_file():
                with contextlib.suppress(OSError):
                    path.unlink()
                    removed += 1
    return removed


# --------------------------------------------------------------------------- #
# Making backups
# --------------------------------------------------------------------------- #


def snapshot(conn: sqlite3.Connection, *, verify: bool = True) -> bytes:
    """The whole database as the bytes of a rollback-journal SQLite file.

    Uses the online backup API, so the copy is one consistent moment even while
    other connections write. With ``verify`` (the default) a copy that fails
    ``integrity_check`` raises ``BackupError``; a copy taken before a repair is
    meant to keep the damaged state, so it skips the check.
    """
    memory = sqlite3.connect(":memory:")
    try:
        conn.backup(memory)
        rows = memory.execute("PRAGMA integrity_check").fetchall() if verify else [("ok",)]
        if [row[0] for row in rows] != ["ok"]:
            raise BackupError(
                "Prism could not make a sound copy of your progress because the progress "
                "file is damaged. Use File > Check database, or restore an earlier backup.",
                "; ".join(str(row[0]) for row in rows[:5]),
            )
        data = memory.serialize()
    finally:
        memory.close()
    return _rollback_journal_header(data)


def write_backup(
    db: Database | sqlite3.Connection,
    folder: Path,
    kind: str,
    moment: datetime,
    *,
    verify: bool = True,
) -> BackupFile:
    """Take a backup of ``db`` into ``folder`` now; never replaces an existing file.

    Raises ``BackupError`` with a plain message when the disk is full, the folder is
    read-only or the database cannot be copied; nothing is left half-written.
    """
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    try:
        data = snapshot(conn, verify=verify)
    except sqlite3.Error as error:
        raise _copy_failed(error) from error
    try:
        folder.mkdir(parents=True, exist_ok=True)
        sequence = next_sequence(folder)
        for number in range(1, 1000):
            path = folder / backup_name(moment, kind, number, sequence)
            try:
                write_bytes_atomic(path, data)
            except TargetExistsError:
                continue
            created = _as_utc(moment).replace(microsecond=0)
            return BackupFile(path, created, kind, len(data), sequence)
    except OSError as error:
        raise _save_failed(folder, error) from error
    raise BackupError(f"Prism could not find a free backup file name in {folder}.")


# --------------------------------------------------------------------------- #
# Streaming a backup to disk (the daily backup, in a worker thread)
# --------------------------------------------------------------------------- #


def _save_failed(folder: Path, error: OSError) -> BackupError:
    """The plain message for a backup that could not be written into ``folder``."""
    return BackupError(
        f"Prism could not save a backup in {folder}. "
        + (disk_problem(error) or f"The system said: {error.strerror}."),
        _os_detail(error),
    )


PAGES_PER_STEP = 1024
"""Pages copied per step of a streamed backup (4 MiB at SQLite's default page size):
small enough that memory stays flat and writers on the main connection are held up
for a moment at most, large enough that a big file is copied in few steps."""


def stream_backup(
    database: Path,
    folder: Path,
    kind: str,
    moment: datetime,
    *,
    pages_per_step: int = PAGES_PER_STEP,
) -> BackupFile:
    """Copy the database file at ``database`` into ``folder`` in steps, then check the
    copy on disk; never holds the whole file in memory.

    Runs on connections of its own, so a worker thread may call it while the window
    uses the main connection. The online backup API copies ``pages_per_step`` pages at
    a time into a temporary file beside the backups (restarting by itself if another
    connection writes in between, so the copy is one consistent moment); the copy is
    switched to a rollback journal, ``integrity_check`` is run on the file as written,
    it is synced and only then renamed to its backup name. A failure at any point
    leaves no backup file, only a temporary one that `remove_stale_temporaries` clears.
    Raises ``BackupError`` with a plain message.
    """
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(
            prefix=f".{backup_name(moment, kind)}.", suffix=".tmp", dir=folder
        )
        os.close(handle)
    except OSError as error:
        raise _save_failed(folder, error) from error
    temporary_path = Path(temporary)
    try:
        _copy_in_steps(database, temporary_path, pages_per_step)
        _check_copy_on_disk(temporary_path)
        return _publish(temporary_path, folder, kind, moment)
    finally:
        with contextlib.suppress(OSError):
            temporary_path.unlink(missing_ok=True)


def _copy_in_steps(database: Path, target: Path, pages_per_step: int) -> None:
    try:
        source = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as error:
        raise BackupError(
            "Prism could not open your progress to back it up.", type(error).__name__
        ) from error
    try:
        copy = sqlite3.connect(target)
        try:
            source.backup(copy, pages=pages_per_step)
            # The source is in WAL mode; a backup is a plain file anyone can open.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
    except sqlite3.Error as error:
        raise _copy_failed(error) from error
    finally:
        source.close()


def _copy_failed(error: sqlite3.Error) -> BackupError:
    return BackupError(
        "Prism could not copy your progress for a backup. "
        + (disk_problem(error) or "Close other copies of Prism and try again."),
        type(error).__name__,
    )


def _check_copy_on_disk(path: Path) -> None:
    """``integrity_check`` of the backup as written (what a restore would read)."""
    try:
        copy = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)
        try:
            rows = copy.execute("PRAGMA integrity_check").fetchall()
        finally:
            copy.close()
    except sqlite3.Error as error:
        rows = [(str(error),)]
    if [row[0] for row in rows] != ["ok"]:
        raise BackupError(
            "Prism could not make a sound copy of your progress because the progress "
            "file is damaged. Use File > Check database, or restore an earlier backup.",
            "; ".join(str(row[0]) for row in rows[:5]),
        )


def _publish(temporary: Path, folder: Path, kind: str, moment: datetime) -> BackupFile:
    """Sync the checked copy and give it its backup name, never replacing a file."""
    try:
        with open(temporary, "rb+") as stream:
            os.fsync(stream.fileno())
        size = temporary.stat().st_size
        for number in range(1, 1000):
            path = folder / backup_name(moment, kind, number)
            try:
                os.link(temporary, path)  # fails if the name is taken: never replaces
            except FileExistsError:
                continue
            except OSError:  # no hard links here (some network or FAT drives)
                if path.exists():
                    continue
                os.replace(temporary, path)
            fsync_folder(folder)
            return BackupFile(path, _as_utc(moment).replace(microsecond=0), kind, size)
    except OSError as error:
        raise _save_failed(folder, error) from error
    raise BackupError(f"Prism could not find a free backup file name in {folder}.")


# --------------------------------------------------------------------------- #
# Reading, checking and restoring
# --------------------------------------------------------------------------- #


def read_database_file(path: Path) -> sqlite3.Connection:
    """A read-only connection to the database in ``path``; the file is only read.

    Raises ``BackupError`` if the file cannot be read or is not a usable
    Prism progress file. The caller closes the connection.
    """
    return _read_checked(path)[0]


def _read_checked(path: Path) -> tuple[sqlite3.Connection, FileCheck]:
    try:
        size = path.stat().st_size
        if size > MAX_BACKUP_BYTES:
            raise BackupError(
                f"{path.name} is {size // (1024 * 1024)} MB, far larger than any Prism "
                "backup, so it is not one. Choose a file from Prism's backups folder."
            )
        with path.open("rb"):
            pass  # a clear message now for a file we may not read, not a vague one later
    except OSError as error:
        raise BackupError(
            f"Prism could not read {path}. "
            + (disk_problem(error) or f"The system said: {error.strerror}."),
            _os_detail(error),
        ) from error
    if size == 0:
        raise BackupError(f"{path.name} is empty, so it holds no progress to restore.")
    try:
        source = _open_immutable(path)
    except sqlite3.Error as error:
        raise BackupError(_not_a_backup(path), type(error).__name__) from error
    try:
        check = _check_connection(source)
    except sqlite3.Error as error:
        source.close()
        raise BackupError(_not_a_backup(path), type(error).__name__) from error
    if not check.ok:
        source.close()
        raise BackupError(check.problem)
    return source, check


def _open_immutable(path: Path) -> sqlite3.Connection:
    # immutable=1: no locks, and SQLite never looks for or creates -wal, -shm or
    # -journal files, so a WAL-mode file is read as its main file alone (the pages a
    # backup holds). The URI form quotes any character a file name may contain.
    uri = path.resolve().as_uri() + "?mode=ro&immutable=1"
    return sqlite3.connect(uri, uri=True)


def check_file(path: Path) -> FileCheck:
    """Whether ``path`` is a sound Prism progress file this version can open."""
    try:
        memory, check = _read_checked(path)
    except BackupError as error:
        return FileCheck(False, problem=error.message)
    memory.close()
    return check


def restore_into(db: Database, backup: Path) -> FileCheck:
    """Replace everything in the open database ``db`` with the contents of ``backup``.

    The backup API copies the file in one write transaction, so a crash midway
    leaves the old contents (WAL makes it atomic). A backup from an older Prism is
    then brought up to date with the usual migrations.
    """
    from desktop.store.migrations import apply_migrations

    source, check = _read_checked(backup)
    try:
        source.backup(db.conn)
        apply_migrations(db)
    except sqlite3.Error as error:
        raise BackupError(
            "Prism could not restore the backup. "
            + (disk_problem(error) or "Close other copies of Prism and try again."),
            type(error).__name__,
        ) from error
    finally:
        source.close()
    return check


def has_profiles(db: Database | sqlite3.Connection) -> bool:
    """True when the database holds at least one learner profile."""
    conn = db if isinstance(db, sqlite3.Connection) else db.conn
    return conn.execute("SELECT EXISTS (SELECT 1 FROM profiles)").fetchone()[0] == 1


def install_backup(backup: Path, target: Path) -> None:
    """Write the contents of ``backup`` as a new database file at ``target`` (absent).

    Used at start-up after a damaged file has been moved aside. The pages are copied
    file to file with the online backup API, never held in memory all at once, into
    a temporary file that is synced and then renamed: a crash leaves no half file.
    """
    source = read_database_file(backup)
    temp = target.with_name(f".{target.name}.installing")
    try:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()
        copy = sqlite3.connect(temp)
        try:
            source.backup(copy)
            # A rollback-journal file, like every backup: Prism switches it to WAL
            # when it opens it, and no -wal file is left beside it here.
            copy.execute("PRAGMA journal_mode = DELETE")
        finally:
            copy.close()
        with temp.open("rb+") as stream:
            os.fsync(stream.fileno())
        if target.exists():
            raise TargetExistsError(f"{target} already exists.")
        os.replace(temp, target)
        fsync_folder(target.parent)
    except (OSError, sqlite3.Error) as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        strerror = getattr(error, "strerror", None) or str(error)
        raise BackupError(
            f"Prism could not write {target}. "
            + (disk_problem(error) or f"The system said: {strerror}."),
            _os_detail(error) if isinstance(error, OSError) else type(error).__name__,
        ) from error
    finally:
        source.close()


# --------------------------------------------------------------------------- #
# Plain words for a full disk or a read-only folder
# --------------------------------------------------------------------------- #

_FULL = "The disk is full: free some space (empty the bin, delete large files), then try again."
_READ_ONLY = (
    "The folder is read-only, or you are not allowed to save there: check the disk is not "
    "write-protected (a locked USB stick, for example), or choose another data folder "
    "with --data-dir."
)


def disk_problem(error: BaseException) -> str | None:
    """A plain sentence for a full disk or a read-only folder, else None."""
    if isinstance(error, OSError):
        if error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
            return _FULL
        if error.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return _READ_ONLY
        return None
    if isinstance(error, sqlite3.Error):
        text = str(error).lower()
        if "disk is full" in text or "database or disk is full" in text:
            return _FULL
        if "readonly" in text or "read-only" in text:
            return _READ_ONLY
    return None


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def _check_connection(conn: sqlite3.Connection) -> FileCheck:
    from desktop.store.schema_version import SCHEMA_VERSION

    rows = conn.execute("PRAGMA integrity_check").fetchall()
    problems = [str(row[0]) for row in rows]
    if problems != ["ok"]:
        return FileCheck(
            False,
            problem="This file is damaged, so Prism cannot restore it. Choose another backup.",
        )
    tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    if not {"meta", "profiles"} <= tables:
        return FileCheck(
            False,
            problem="This file is a database, but not Prism progress. Choose a Prism backup.",
        )
    row = conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
    try:
        version = int(row[0]) if row is not None else 0
    except (TypeError, ValueError):
        version = 0
    if version < 1:
        return FileCheck(
            False,
            problem="This file is not a complete Prism progress file. Choose another backup.",
        )
    if version > SCHEMA_VERSION:
        return FileCheck(
            False,
            schema_version=version,
            problem=(
                "This backup was made by a newer version of Prism, so this version cannot "
                "use it. Install the latest Prism to restore it."
            ),
        )
    profiles = conn.execute("SELECT count(*) FROM profiles").fetchone()[0]
    return FileCheck(True, schema_version=version, profiles=int(profiles))


def _rollback_journal_header(data: bytes) -> bytes:
    """Mark the file as a rollback-journal database (header bytes 18-19 = 1).

    A WAL-mode header makes SQLite look for -wal/-shm files beside the file, which
    an in-memory copy cannot have and a backup should not grow; the pages are the
    same either way. Opened by Prism, the file is switched back to WAL.
    """
    if len(data) >= 100 and data[:16] == b"SQLite format 3\x00" and data[18:20] == b"\x02\x02":
        return data[:18] + b"\x01\x01" + data[20:]
    return data


def _not_a_backup(path: Path) -> str:
    return (
        f"{path.name} is not a Prism backup, or it is damaged. "
        "Choose a file from Prism's backups folder."
    )


def _os_detail(error: OSError) -> str:
    # Never the file name (it may say who the file is about): the error code only.
    return errno.errorcode.get(error.errno or 0, "OSError")


def _as_utc(moment: datetime) -> datetime:
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
