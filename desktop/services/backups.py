"""Automatic and manual backups of the progress log, restore, and the database check.

Backups live in ``<data folder>/backups`` (see ``desktop.store.backup`` for how they
are made and why they are always complete). This service holds the rules:

- one automatic backup on the first start of each day (UK calendar day), skipped
  while there is no profile, since an empty file has nothing to lose;
- automatic (daily) backups are thinned to 7 daily, 4 weekly and 12 monthly
  (``backups_to_keep``); backups a person asked for, and the copies taken before
  an update, a restore or a repair, are never deleted by Prism;
- a restore first saves the current file as a backup, so it can be undone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from desktop.store.backup import (
    BackupError,
    BackupFile,
    FileCheck,
    backup_folder_for,
    check_file,
    disk_problem,
    has_profiles,
    list_backups,
    parse_backup_name,
    remove_stale_temporaries,
    restore_into,
    write_backup,
)

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
    from desktop.services.recovery import RecoveryReport
    from desktop.store.clock import Clock
    from desktop.store.connection import Database
    from desktop.store.integrity import CheckReport

__all__ = [
    "BackupError",
    "BackupInfo",
    "BackupService",
    "CheckReport",
    "FileCheck",
    "RestoreReport",
    "backups_in",
    "backups_to_keep",
    "create",
    "describe_size",
    "disk_problem",
    "uk_time_text",
]

UK_TIMEZONE = ZoneInfo("Europe/London")
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


@dataclass(frozen=True)
class BackupInfo:
    """A backup as the restore list shows it."""

    path: Path
    created_utc: datetime
    kind: str
    kind_label: str
    size: int

    @property
    def when_text(self) -> str:
        """'Friday 21 November 2026, 09:30' in UK time."""
        return uk_time_text(self.created_utc)

    @property
    def size_text(self) -> str:
        return describe_size(self.size)

    @classmethod
    def of(cls, file: BackupFile) -> BackupInfo:
        return cls(file.path, file.created_utc, file.kind, file.kind_label, file.size)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did: where the data came from, and where the old data went."""

    restored_from: Path
    safety_copy: BackupInfo
    profiles: int

    def message(self) -> str:
        return (
            f"Your progress has been restored from {describe_backup(self.restored_from)}. "
            f"Your progress as it was before the restore is kept as a backup from "
            f"{self.safety_copy.when_text}, so you can go back to it with Restore from backup."
        )


# --------------------------------------------------------------------------- #
# Pure rules
# --------------------------------------------------------------------------- #


def uk_day(moment: datetime) -> date:
    """The UK calendar day of a UTC moment (GMT or BST as the date requires)."""
    return moment.astimezone(UK_TIMEZONE).date()


def uk_time_text(moment: datetime) -> str:
    """'Friday 21 November 2026, 09:30' for a UTC moment, in UK time."""
    local = moment.astimezone(UK_TIMEZONE)
    return f"{local:%A} {local.day} {local:%B %Y}, {local:%H:%M}"


def describe_backup(path: Path) -> str:
    """'the backup from Friday 21 November 2026, 09:30', or the file name if not one of ours."""
    parsed = parse_backup_name(path.name)
    if parsed is None:
        return path.name
    return f"the backup from {uk_time_text(parsed[0])}"


def describe_size(size: int) -> str:
    """'812 bytes', '48 KB', '1.4 MB': sizes for people."""
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 * 1024:
        return f"{round(size / 1024)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


def backups_to_keep(
    moments: Iterable[datetime],
    *,
    daily: int = KEEP_DAILY,
    weekly: int = KEEP_WEEKLY,
    monthly: int = KEEP_MONTHLY,
) -> set[datetime]:
    """Which automatic backups to keep: the newest of each of the last ``daily`` days
    that have a backup, of the last ``weekly`` ISO weeks and of the last ``monthly``
    months (UK calendar). One backup can count for a day, a week and a month.

    Counting days *that have a backup* (as restic's --keep-daily does), not calendar
    days, means someone who studies once a week still keeps seven restore points.
    """
    ordered = sorted(set(moments), reverse=True)
    keep: set[datetime] = set()

    def day(m: datetime) -> object:
        return uk_day(m)

    def week(m: datetime) -> object:
        return uk_day(m).isocalendar()[:2]

    def month(m: datetime) -> object:
        d = uk_day(m)
        return (d.year, d.month)

    for count, bucket_of in ((daily, day), (weekly, week), (monthly, month)):
        seen: set[object] = set()
        for moment in ordered:
            bucket = bucket_of(moment)
            if bucket in seen:
                continue
            if len(seen) >= count:
                break
            seen.add(bucket)
            keep.add(moment)
    return keep


def daily_backup_due(existing: Sequence[datetime], now: datetime) -> bool:
    """True when no automatic backup was taken on today's UK calendar day."""
    today = uk_day(now)
    return all(uk_day(moment) != today for moment in existing)


# --------------------------------------------------------------------------- #
# The service
# --------------------------------------------------------------------------- #


class BackupService:
    """Makes, lists, restores and prunes backups, and checks the open database."""

    def __init__(
        self, db: Database, database_path: Path, clock: Clock, folder: Path | None = None
    ) -> None:
        self._db = db
        self.database_path = database_path
        self.folder = folder or backup_folder_for(database_path)
        self._clock = clock
        self._notices: list[str] = []

    # Making backups -------------------------------------------------------------

    def back_up_now(self) -> BackupInfo:
        """A backup the person asked for; kept until they delete it. Raises BackupError."""
        return BackupInfo.of(write_backup(self._db, self.folder, "manual", self._clock()))

    def back_up_if_due(self) -> BackupInfo | None:
        """Today's automatic backup, if none was taken today; then old ones are thinned.

        Returns the new backup, or None when none was due. Raises BackupError.
        """
        remove_stale_temporaries(self.folder)
        if not has_profiles(self._db):
            return None
        daily = [b.created_utc for b in list_backups(self.folder) if b.kind == "daily"]
        if not daily_backup_due(daily, self._clock()):
            return None
        made = write_backup(self._db, self.folder, "daily", self._clock())
        self.prune()
        return BackupInfo.of(made)

    def back_up_if_due_in_steps(self) -> BackupInfo | None:
        """Today's automatic backup, like `back_up_if_due`, but streamed to disk in steps
        and checked there (`desktop.store.backup.stream_backup`).

        Safe on a worker thread: it uses connections of its own, never the window's,
        so the window draws and answers while a large file is copied. Raises BackupError.
        """
        from desktop.store.backup import stream_backup

        remove_stale_temporaries(self.folder)
        if not _file_has_profiles(self.database_path):
            return None
        daily = [b.created_utc for b in list_backups(self.folder) if b.kind == "daily"]
        if not daily_backup_due(daily, self._clock()):
            return None
        made = stream_backup(self.database_path, self.folder, "daily", self._clock())
        self.prune()
        return BackupInfo.of(made)

    def prune(self) -> list[Path]:
        """Delete automatic backups the retention rule does not keep; returns them."""
        daily = [b for b in list_backups(self.folder) if b.kind == "daily"]
        keep = backups_to_keep(b.created_utc for b in daily)
        removed = []
        for backup in daily:
            if backup.created_utc not in keep:
                try:
                    backup.path.unlink()
                except OSError:
                    continue  # tried again at the next start; never worth an error
                removed.append(backup.path)
        return removed

    # Start-up -------------------------------------------------------------------

    def start_up(self, recovery: RecoveryReport | None = None, *, take_backup: bool = True) -> None:
        """Run at each start: take the daily backup and remember what to tell the user.

        Never raises: a failed automatic backup must not stop Prism from opening, so
        it becomes a notice instead (see ``take_notices``). ``take_backup=False``: the
        window takes it after its first paint, in the background
        (`back_up_if_due_in_steps`).
        """
        if recovery is not None:
            self._notices.append(recovery.message())
        if not take_backup:
            return
        try:
            self.back_up_if_due()
        except BackupError as error:
            self._notices.append("Prism could not make today's automatic backup. " + error.message)

    def take_notices(self) -> list[str]:
        """Messages from start-up for the window to show once; cleared when taken."""
        notices, self._notices = self._notices, []
        return notices

    # Listing and restoring ------------------------------------------------------

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first."""
        return backups_in(self.folder)

    def check_backup(self, path: Path) -> FileCheck:
        """Whether ``path`` is a sound backup this version of Prism can restore."""
        return check_file(path)

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that is sound and not from a newer Prism, or None."""
        return newest_good_backup(self.folder)

    def restore(self, backup: BackupInfo | Path) -> RestoreReport:
        """Replace the progress with ``backup``'s, after saving the current progress.

        Raises BackupError (and changes nothing) if the backup is unusable or the
        safety copy cannot be written.
        """
        path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
        check = check_file(path)
        if not check.ok:
            raise BackupError(check.problem)
        # verify=False: the current file is copied as it is, even if it is the reason
        # for the restore; the copy is what makes the restore reversible.
        safety = write_backup(self._db, self.folder, "before-restore", self._clock(), verify=False)
        restore_into(self._db, path)
        return RestoreReport(path, BackupInfo.of(safety), check.profiles or 0)

    # Checking -------------------------------------------------------------------

    def check_database(self) -> CheckReport:
        """Check the open database and repair what is safe to repair (see integrity.py)."""

        def safety_copy() -> Path:
            return write_backup(
                self._db, self.folder, "before-repair", self._clock(), verify=False
            ).path

        from desktop.store.integrity import check_and_repair  # only Check database needs it

        return check_and_repair(self._db, safety_copy, self._clock)


def _file_has_profiles(database: Path) -> bool:
    """`has_profiles`, asked on a read-only connection of its own (any thread)."""
    import sqlite3

    try:
        connection = sqlite3.connect(f"{database.as_uri()}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error:
        return False
    try:
        return has_profiles(connection)
    except sqlite3.Error:
        return False
    finally:
        connection.close()


def backups_in(folder: Path) -> list[BackupInfo]:
    """Every backup in ``folder``, newest first."""
    return [BackupInfo.of(b) for b in list_backups(folder)]


def newest_good_backup(folder: Path) -> BackupInfo | None:
    """The newest backup in ``folder`` that this version of Prism can restore."""
    for backup in list_backups(folder):
        if check_file(backup.path).ok:
            return BackupInfo.of(backup)
    return None


def create(ctx: ServiceContext) -> BackupService:
    """Build the service from the shared start-up context."""
    from desktop import paths

    return BackupService(ctx.db, paths.database_path(ctx.data_dir), ctx.clock)


def __getattr__(name: str) -> object:
    # ``CheckReport`` is part of this module's interface, but its module is imported
    # only when the report is first wanted (a launch never checks the database).
    if name == "CheckReport":
        from desktop.store.integrity import CheckReport

        return CheckReport
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
