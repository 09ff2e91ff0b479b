"""Automatic and manual backups of the progress log, restore, and the database check.

Backups live in ``<data folder>/backups`` (see ``desktop.store.backup`` for how they
are made and why they are always complete). This service holds the rules:

- one automatic backup on the first start of each day (UK calendar day), skipped
  while there is no profile, since an empty file has nothing to lose;
- automatic (daily) backups are thinned to 7 daily, 4 weekly and 12 monthly
  (``backups_to_keep``), always keeping the 7 made last whatever the clock says
  (``paths_to_keep``); "newest" means made last, never the latest time on a clock
  that may have been wrong; backups a person asked for, and the copies taken before
  an update, a restore or a repair, are never deleted by Prism;
- a restore first saves the current file as a backup, so it can be undone.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
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
    sequence: int = 0
    in_future: bool = False
    """Dated more than a day after now: made while the clock was wrong (never preferred)."""

    @property
    def when_text(self) -> str:
        """'Friday 21 November 2026, 09:30' in UK time (flagged if dated in the future)."""
        text = uk_time_text(self.created_utc)
        if self.in_future:
            return f"{text} (dated in the future: the clock was wrong when it was made)"
        return text

    @property
    def size_text(self) -> str:
        return describe_size(self.size)

    @classmethod
    def of(cls, file: BackupFile, now: datetime | None = None) -> BackupInfo:
        return cls(
            file.path,
            file.created_utc,
            file.kind,
            file.kind_label,
            file.size,
            file.sequence,
            dated_in_future(file, now),
        )


def dated_in_future(file: BackupFile, now: datetime | None = None) -> bool:
    """Whether the backup's time is more than a day after ``now`` (default: the clock)."""
    from datetime import UTC, timedelta

    current = now or datetime.now(UTC)
    return file.created_utc > current + timedelta(days=1)


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


def paths_to_keep(daily: Sequence[BackupFile], now: datetime) -> set[Path]:
    """The automatic backups pruning keeps, whatever the clock says.

    ``daily`` is newest first in the order the backups were made (their sequence). The
    newest ``KEEP_DAILY`` made are always kept, so a clock that is years slow can never
    make a fresh backup look old enough to delete. The calendar rule
    (``backups_to_keep``) then keeps older restore points by day, week and month, but
    only among backups whose time is believable: one dated in the future (a clock that
    jumped ahead) would otherwise hold the newest month for years.
    """
    keep = {backup.path for backup in daily[:KEEP_DAILY]}
    believable = [b for b in daily if not dated_in_future(b, now)]
    by_time = backups_to_keep(b.created_utc for b in believable)
    keep |= {b.path for b in believable if b.created_utc in by_time}
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
        keep = paths_to_keep(daily, self._clock())
        removed = []
        for backup in daily:
            if backup.path not in keep:
                try:
                    backup.path.unlink()
                except OSError:
                    continue  # tried again at the next start; never worth an error
                removed.append(backup.path)
        return removed

    # Start-up -------------------------------------------------------------------

    def start_up(self, recovery_message: str | None = None, *, take_backup: bool = True) -> None:
        """Run at each start: take the daily backup and remember what to tell the user.

        ``recovery_message`` is what start-up's recovery did (``RecoveryReport.message``),
        passed as text so this module does not import ``recovery``, which imports it.
        Never raises: a failed automatic backup must not stop Prism from opening, so
        it becomes a notice instead (see ``take_notices``). ``take_backup=False``: the
        window takes it after its first paint, in the background
        (`back_up_if_due_in_steps`).
        """
        if recovery_message is not None:
            self._notices.append(recovery_message)
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
        """Every backup, newest (last made) first; one dated in the future is flagged."""
        return backups_in(self.folder, self._clock())

    def check_backup(self, path: Path) -> FileCheck:
        """Whether ``path`` is a sound backup this version of Prism can restore."""
        return check_file(path)

    def newest_good_backup(self) -> BackupInfo | None:
        """The newest backup that is sound and not from a newer Prism, or None."""
        return newest_good_backup(self.folder, self._clock())

    def restore(
        self,
        backup: BackupInfo | Path,
        passphrases: Mapping[str, str] | None = None,
    ) -> RestoreReport:
        """Replace the progress with ``backup``'s, after saving the current progress.

        Raises BackupError (and changes nothing) if the backup is unusable or the
        safety copy cannot be written, and ``ProtectionWouldWeakenError`` when the
        backup would remove or roll back a profile's passphrase protection and that
        profile is neither unlocked now nor given (by id) in ``passphrases``.
        """
        path = backup.path if isinstance(backup, BackupInfo) else Path(backup)
        check = check_file(path)
        if not check.ok:
            raise BackupError(check.problem)
        self._check_protection_kept(path, passphrases or {})
        # verify=False: the current file is copied as it is, even if it is the reason
        # for the restore; the copy is what makes the restore reversible.
        safety = write_backup(self._db, self.folder, "before-restore", self._clock(), verify=False)
        restore_into(self._db, path)
        return RestoreReport(path, BackupInfo.of(safety), check.profiles or 0)

    def weakened_protection(self, path: Path) -> list[tuple[str, str]]:
        """(profile id, name) of each protected profile ``path`` would unprotect or roll
        back to another passphrase: restoring it would expose or reopen old text."""
        from desktop.store.backup import read_database_file
        from desktop.store.keys import key_descriptions
        from desktop.store.profiles import ProfileRepo

        source = read_database_file(path)
        try:
            then = key_descriptions(source)
        finally:
            source.close()
        now = key_descriptions(self._db.conn)
        names = {p.id: p.name for p in ProfileRepo(self._db).list()}
        return [
            (profile_id, names.get(profile_id, profile_id))
            for profile_id in sorted(now)
            if then.get(profile_id) != now[profile_id]
        ]

    def _check_protection_kept(self, path: Path, passphrases: Mapping[str, str]) -> None:
        from desktop.store.keys import KeyStore, keyring_for
        from desktop.store.sealing import unlock

        ring, store = keyring_for(self._db), KeyStore(self._db)
        missing = []
        for profile_id, name in self.weakened_protection(path):
            if ring.is_unlocked(profile_id):
                continue
            typed = passphrases.get(profile_id)
            record = store.get(profile_id)
            if typed is None or record is None or unlock(record, typed) is None:
                missing.append((profile_id, name))
        if missing:
            raise ProtectionWouldWeakenError(missing)

    def reseal_backups(self, profile_id: str) -> ResealReport:
        """Protect ``profile_id``'s text in every backup made before it was protected.

        Offered when a passphrase is first set; the profile must be unlocked (its key
        is needed to seal). Backups that cannot be read or written are named in the
        report and left as they were.
        """
        from desktop.store.backup_reseal import reseal_backup_file
        from desktop.store.keys import KeyStore, keyring_for

        ring = keyring_for(self._db)
        sealer = ring.sealer_for(profile_id) if ring.is_unlocked(profile_id) else None
        record = KeyStore(self._db).get(profile_id)
        if sealer is None or record is None:
            raise BackupError(
                "Open the profile with its passphrase first, then protect its backups."
            )
        sealed, failed = 0, []
        for backup in list_backups(self.folder):
            try:
                sealed += reseal_backup_file(backup.path, profile_id, sealer, record)
            except (BackupError, OSError, sqlite3.Error):
                failed.append(backup.path.name)
        return ResealReport(sealed, tuple(failed))

    # Checking -------------------------------------------------------------------

    def check_database(self) -> CheckReport:
        """Check the open database and repair what is safe to repair (see integrity.py)."""

        def safety_copy() -> Path:
            return write_backup(
                self._db, self.folder, "before-repair", self._clock(), verify=False
            ).path

        from desktop.store.integrity import check_and_repair  # only Check database needs it

        return check_and_repair(self._db, safety_copy, self._clock)


@dataclass(frozen=True)
class ResealReport:
    """What protecting a profile's backups did, and what it cannot reach."""

    sealed: int
    failed: tuple[str, ...]

    def message(self) -> str:
        done = (
            f"Protected this profile's text in {self.sealed} earlier "
            f"backup{'s' if self.sealed != 1 else ''}."
        )
        if self.failed:
            done += (
                f" {len(self.failed)} could not be changed ({', '.join(self.failed[:3])}); "
                "delete them if they are no longer needed."
            )
        return done + (
            " Copies Prism does not manage are not changed: profile exports (.prism files) "
            "and CPD exports you saved, and copies of the data folder on other drives."
        )


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


class ProtectionWouldWeakenError(BackupError):
    """The backup would remove or roll back passphrase protection; ``profiles`` need it."""

    def __init__(self, profiles: list[tuple[str, str]]) -> None:
        names = ", ".join(f"\u201c{name}\u201d" for _id, name in profiles)
        super().__init__(
            f"This backup was made before {names} had {'its' if len(profiles) == 1 else 'their'} "
            "current passphrase, so restoring it would remove that protection or bring "
            "back an old passphrase, and show text that is protected now. Prism has not "
            "changed anything. Open the profile with its passphrase first (or type it "
            "when asked), then restore again.",
            "restore would weaken protection",
        )
        self.profiles = profiles


def backups_in(folder: Path, now: datetime | None = None) -> list[BackupInfo]:
    """Every backup in ``folder``, newest (last made) first."""
    return [BackupInfo.of(b, now) for b in list_backups(folder)]


def newest_good_backup(folder: Path, now: datetime | None = None) -> BackupInfo | None:
    """The last-made backup in ``folder`` that this version of Prism can restore.

    "Last made" is the folder's own order, not the clock. A backup dated in the future
    is offered only when no other is sound: it was made while the clock was wrong and
    may be missing later work.
    """
    later: list[BackupFile] = []
    for backup in list_backups(folder):
        if dated_in_future(backup, now):
            later.append(backup)
            continue
        if check_file(backup.path).ok:
            return BackupInfo.of(backup, now)
    for backup in later:
        if check_file(backup.path).ok:
            return BackupInfo.of(backup, now)
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
