"""Open the progress file at start-up, and recover when it cannot be opened.

A damaged file, or one saved by a newer Prism, must never crash the start or be
deleted. Recovery is two steps so the app can ask the person in between:

1. ``diagnose(data_dir)`` opens the file; if it is damaged or too new, it returns a
   ``StartProblem`` explaining what happened in plain words, where the file will be
   kept, and the newest good backup to offer. Nothing has been changed yet.
2. ``recover(problem, choice)`` moves the file aside (``prism.db`` becomes
   ``prism.db.damaged-<UTC time>`` or ``prism.db.newer-<UTC time>``, with its
   ``-wal`` and ``-shm`` files) and then restores the backup or starts an empty file.

``open_for_start(data_dir, choose)`` runs both, asking ``choose`` (a dialog in the
app) in between. Choosing QUIT, or giving no ``choose``, changes nothing and raises
``RecoveryDeclined`` with the explanation; a full or read-only disk raises
``RecoveryError`` (its base class) after putting everything back as it was.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop import paths
from desktop.services.backups import BackupInfo, describe_backup, newest_good_backup
from desktop.store.backup import backup_folder_for
from desktop.store.clock import Clock, system_clock

if TYPE_CHECKING:
    from desktop.store.connection import Database

ProblemKind = Literal["damaged", "too-new"]


class RecoveryChoice(Enum):
    """What the person chose when the progress file could not be opened."""

    RESTORE_BACKUP = "restore"
    START_EMPTY = "start-empty"
    QUIT = "quit"


class RecoveryError(Exception):
    """Start-up cannot go on; the message says why, and that nothing was lost."""


class RecoveryDeclined(RecoveryError):
    """The person chose to quit (or nobody could be asked); nothing was changed."""


@dataclass(frozen=True)
class StartProblem:
    """Why the progress file could not be opened, and what can be done about it."""

    kind: ProblemKind
    database: Path
    set_aside_as: Path
    backup: BackupInfo | None
    what_happened: str
    options: str
    detail: str = ""

    @property
    def explanation(self) -> str:
        """What happened, what happens to the file, and what can be done: for the dialog."""
        return f"{self.what_happened}\n\n{self.keep_note}\n\n{self.options}"

    @property
    def keep_note(self) -> str:
        """That carrying on deletes nothing, and where the file will be kept."""
        return (
            f"If you carry on, Prism will keep the file as {self.set_aside_as.name} in "
            f"{self.database.parent}, so nothing is deleted."
        )

    @property
    def declined_message(self) -> str:
        """For when nobody chose to carry on: nothing changed, and how to carry on."""
        return (
            f"{self.what_happened}\n\nTo carry on, open Prism and choose what to do, or "
            "see your backups with:  prism restore --list"
        )

    @property
    def title(self) -> str:
        if self.kind == "too-new":
            return "Your progress file is from a newer Prism"
        return "Your progress file is damaged"


@dataclass(frozen=True)
class RecoveryReport:
    """What recovery did, for a notice once the window is open."""

    problem: StartProblem
    choice: RecoveryChoice
    moved_to: Path
    restored_from: Path | None

    def message(self) -> str:
        kept = f"The old file is kept as {self.moved_to.name} in {self.moved_to.parent}."
        if self.restored_from is not None:
            restored = describe_backup(self.restored_from)
            return f"Prism restored your progress from {restored}. {kept}"
        return f"Prism started with an empty progress file. {kept}"


@dataclass(frozen=True)
class StartOpen:
    """The open database, and what recovery did to get it (None when nothing was wrong)."""

    db: Database
    report: RecoveryReport | None = None


ChooseRecovery = Callable[[StartProblem], RecoveryChoice]


def diagnose(data_dir: Path, clock: Clock = system_clock) -> Database | StartProblem:
    """Open the progress file, or say why it cannot be opened (changing nothing).

    ``DatabaseUnavailableError`` (locked, no permission, disk full) is raised as it
    is: moving a file aside does not help with those, and the message says what does.
    """
    from desktop.store.database import open_database
    from desktop.store.errors import DatabaseCorruptError, DatabaseTooNewError

    path = paths.database_path(data_dir)
    if path.is_file() and path.stat().st_size == 0:
        # SQLite would quietly treat an empty file as a new database. Prism never
        # leaves one behind, so an empty prism.db means something went wrong.
        return describe_problem("damaged", path, clock, "zero-length file")
    try:
        return open_database(path, clock=clock)
    except DatabaseCorruptError as error:
        return describe_problem("damaged", path, clock, error.detail)
    except DatabaseTooNewError as error:
        return describe_problem("too-new", path, clock, error.detail, error.found, error.supported)


def recover(
    problem: StartProblem,
    choice: RecoveryChoice,
    clock: Clock = system_clock,
    backup: Path | None = None,
) -> StartOpen:
    """Move the file aside, then restore ``backup`` (default: the one offered) or start empty.

    Raises ``RecoveryDeclined`` for QUIT. If the disk refuses (full, read-only), the
    file is put back where it was and ``RecoveryError`` says what to do: a failed
    recovery never leaves the person with an empty start and their file elsewhere.
    """
    from desktop.store.backup import install_backup
    from desktop.store.database import open_database
    from desktop.store.errors import StoreError

    if choice is RecoveryChoice.QUIT:
        raise RecoveryDeclined(problem.declined_message)
    source = backup or (problem.backup.path if problem.backup else None)
    if choice is RecoveryChoice.RESTORE_BACKUP and source is None:
        raise ValueError("there is no backup to restore")
    try:
        moved_to = set_aside(problem.database, problem.set_aside_as)
    except OSError as error:
        raise RecoveryError(_could_not("move the file aside", error)) from error
    try:
        if choice is RecoveryChoice.RESTORE_BACKUP and source is not None:
            install_backup(source, problem.database)
        db = open_database(problem.database, clock=clock)
    except (OSError, StoreError) as error:
        _put_back(moved_to, problem.database)
        reason = error.message if isinstance(error, StoreError) else None
        raise RecoveryError(_could_not("set up the new progress file", error, reason)) from error
    restored_from = source if choice is RecoveryChoice.RESTORE_BACKUP else None
    return StartOpen(db, RecoveryReport(problem, choice, moved_to, restored_from))


def _could_not(action: str, error: BaseException, reason: str | None = None) -> str:
    from desktop.store.backup import disk_problem

    why = reason or disk_problem(error) or "The system refused to change the file."
    return (
        f"Prism could not {action}. {why}\n\nYour progress file is still where it was, "
        "unchanged. Fix the problem, then open Prism again."
    )


def _put_back(moved_to: Path, database: Path) -> None:
    """Undo ``set_aside``: remove what was written in its place, restore the original."""
    for suffix in ("", "-wal", "-shm"):
        with contextlib.suppress(OSError):
            database.with_name(database.name + suffix).unlink()
    for suffix in ("-wal", "-shm", ""):
        kept = moved_to.with_name(moved_to.name + suffix)
        if kept.exists():
            with contextlib.suppress(OSError):
                os.replace(kept, database.with_name(database.name + suffix))


def open_for_start(
    data_dir: Path, choose: ChooseRecovery | None = None, clock: Clock = system_clock
) -> StartOpen:
    """Open the progress file; if it is damaged or too new, ask ``choose`` what to do."""
    found = diagnose(data_dir, clock)
    if not isinstance(found, StartProblem):
        return StartOpen(found)
    if choose is None:
        raise RecoveryDeclined(found.declined_message)
    return recover(found, choose(found), clock)


def set_aside(database: Path, target: Path) -> Path:
    """Rename ``database`` (and its -wal and -shm files) to ``target``; never overwrites.

    The -wal and -shm files go first: a WAL file left beside a *new* prism.db would
    be replayed into it. If ``target`` is taken, ``-2``, ``-3``... is added.
    """
    target = _free_name(target)
    for suffix in ("-wal", "-shm"):
        companion = database.with_name(database.name + suffix)
        if companion.exists():
            os.replace(companion, target.with_name(target.name + suffix))
    os.replace(database, target)
    with contextlib.suppress(OSError):
        _fsync_folder(database.parent)
    return target


def _free_name(target: Path) -> Path:
    candidate, number = target, 2
    while any(
        candidate.with_name(candidate.name + suffix).exists() for suffix in ("", "-wal", "-shm")
    ):
        candidate = target.with_name(f"{target.name}-{number}")
        number += 1
    return candidate


def _fsync_folder(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def describe_problem(
    kind: ProblemKind,
    path: Path,
    clock: Clock,
    detail: str,
    found: int = 0,
    supported: int = 0,
) -> StartProblem:
    """What to tell the person about the progress file at PATH, changing nothing (the
    start-up question's words; `prism --screenshot --page dialog:recovery` shows them)."""
    stamp = clock().strftime("%Y-%m-%dT%H%M%SZ")
    label = "damaged" if kind == "damaged" else "newer"
    aside = _free_name(path.with_name(f"{path.name}.{label}-{stamp}"))
    backup = newest_good_backup(backup_folder_for(path))
    if backup is not None:
        options = (
            f"The newest backup Prism can use is from {backup.when_text}. Restoring it "
            "brings back your progress as it was then. Or start with an empty progress file."
        )
    else:
        options = "There is no backup to restore, so Prism can start with an empty progress file."
    if kind == "damaged":
        what = (
            "Prism cannot read your progress file because it is damaged. This can happen "
            "after a power cut, a full disk or a faulty USB stick. Prism has not changed it."
        )
    else:
        what = (
            "Your progress file was saved by a newer version of Prism "
            f"(data version {found}; this version reads up to {supported}), so this version "
            "cannot open it safely. Prism has not changed it. The best fix is to install the "
            "latest Prism, which will open it as it is."
        )
    return StartProblem(kind, path, aside, backup, what, options, detail)
