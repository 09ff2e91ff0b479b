"""`prism backup`, `prism restore [FILE] [--list]` and `prism check`: backups without a window.

They use the same services as the File menu, on the data folder chosen with
``--data-dir`` (or ``PRISM_DATA_DIR``). A damaged progress file is never opened for
writing: ``backup`` and ``check`` explain and stop; ``restore`` moves it aside,
exactly as the app does at start-up, and puts the chosen backup in its place.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.store.database import close_database

if TYPE_CHECKING:
    from desktop.services.backups import BackupService


def register(commands: argparse._SubParsersAction) -> None:
    backup = commands.add_parser("backup", help="save a backup of your progress now")
    backup.set_defaults(handler=run_backup)

    restore = commands.add_parser(
        "restore",
        help="restore your progress from a backup",
        description="Restore your progress from a backup. Your progress as it is now is "
        "saved as a backup first, so a restore can be undone.",
    )
    restore.add_argument(
        "file",
        nargs="?",
        help="a backup: its number or name from --list, or the path of a backup file",
    )
    restore.add_argument("--list", action="store_true", help="list the backups, newest first")
    restore.add_argument("--yes", action="store_true", help="restore without asking first")
    restore.set_defaults(handler=run_restore)

    check = commands.add_parser(
        "check", help="check your progress file and repair what can be repaired safely"
    )
    check.set_defaults(handler=run_check)


# --------------------------------------------------------------------------- #
# Handlers
# --------------------------------------------------------------------------- #


def run_backup(args: argparse.Namespace) -> int:
    from desktop.services.backups import BackupError

    data_dir = _data_dir(args)
    if not _database_exists(data_dir):
        return 1
    opened = _open(data_dir)
    if opened is None:
        return 1
    service, db = opened
    try:
        backup = service.back_up_now()
    except BackupError as error:
        print(error.message, file=sys.stderr)
        return 1
    finally:
        close_database(db)
    print(f"Saved a backup of your progress ({backup.size_text}):\n  {backup.path}")
    return 0


def run_restore(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.services.backups import BackupError, BackupService, backups_in
    from desktop.store.backup import backup_folder_for, check_file
    from desktop.store.clock import system_clock

    data_dir = _data_dir(args)
    database = paths.database_path(data_dir)
    folder = backup_folder_for(database)
    listing = backups_in(folder)
    if args.list or not args.file:
        _print_list(listing, folder)
        if not args.file and not args.list:
            print("\nTo restore one:  prism restore NUMBER  (or a backup's name or path)")
        return 0
    path = _resolve(args.file, listing, folder)
    if path is None:
        print(
            f"There is no backup called {args.file!r}. See the list with:  prism restore --list",
            file=sys.stderr,
        )
        return 1
    check = check_file(path)
    if not check.ok:
        print(check.problem, file=sys.stderr)
        return 1
    if not args.yes and not _confirm(path):
        print("Nothing was changed.")
        return 1
    from desktop.services.recovery import RecoveryChoice, StartProblem, diagnose, recover

    try:
        found = diagnose(data_dir, system_clock)
        if isinstance(found, StartProblem):
            opened = recover(found, RecoveryChoice.RESTORE_BACKUP, system_clock, backup=path)
            close_database(opened.db)
            print(opened.report.message() if opened.report else "Restored.")
            return 0
        service = BackupService(found, database, system_clock)
        try:
            report = service.restore(path, _passphrases_for(service, path))
        finally:
            close_database(found)
    except BackupError as error:
        print(error.message, file=sys.stderr)
        return 1
    print(report.message())
    return 0


def run_check(args: argparse.Namespace) -> int:
    data_dir = _data_dir(args)
    if not _database_exists(data_dir):
        return 1
    opened = _open(data_dir)
    if opened is None:
        return 1
    service, db = opened
    try:
        report = service.check_database()
    finally:
        close_database(db)
    print(report.summary())
    for title, items in (
        ("Checked", report.checked),
        ("Found", report.found),
        ("Repaired", report.fixed),
        ("Still needs you", report.not_fixed),
    ):
        if items:
            print(f"\n{title}:")
            for item in items:
                print(f"  - {item}")
    if report.safety_copy is not None:
        print(f"\nA copy of the file from before the repair: {report.safety_copy}")
    return 0 if report.ok else 1


# --------------------------------------------------------------------------- #
# Helpers
# --------------------------------------------------------------------------- #


def _data_dir(args: argparse.Namespace) -> Path:
    from desktop import paths

    return paths.user_data_dir(getattr(args, "data_dir", None))


def _database_exists(data_dir: Path) -> bool:
    from desktop import paths

    path = paths.database_path(data_dir)
    if path.exists():
        return True
    print(
        f"There is no progress file at {path} yet, so there is nothing to back up or check. "
        "Use --data-dir if your progress is kept somewhere else.",
        file=sys.stderr,
    )
    return False


def _passphrases_for(service: Any, path: Path) -> dict[str, str]:
    """The passphrases a restore needs (issue 16: a backup never silently weakens a
    profile's protection), asked on the terminal without echo; none without a terminal,
    so the restore is refused with the reason."""
    weakened = service.weakened_protection(path)
    if not weakened or not sys.stdin.isatty():
        if weakened:
            print(
                "This backup would remove or roll back the passphrase protection of "
                + ", ".join(f"\u201c{name}\u201d" for _id, name in weakened)
                + ". Run the command in a terminal to type the passphrase.",
                file=sys.stderr,
            )
        return {}
    import getpass

    typed = {}
    for profile_id, name in weakened:
        try:
            typed[profile_id] = getpass.getpass(f"Passphrase for \u201c{name}\u201d: ")
        except (EOFError, KeyboardInterrupt):
            break
    return typed


def _open(data_dir: Path) -> tuple[BackupService, object] | None:
    """The backup service on the open database, or None (with the reason printed)."""
    from desktop import paths
    from desktop.services.backups import BackupService
    from desktop.services.recovery import StartProblem, diagnose
    from desktop.store.clock import system_clock
    from desktop.store.errors import StoreError

    try:
        found = diagnose(data_dir, system_clock)
    except StoreError as error:
        print(error.message, file=sys.stderr)
        return None
    if isinstance(found, StartProblem):
        print(found.declined_message, file=sys.stderr)
        return None
    return BackupService(found, paths.database_path(data_dir), system_clock), found


def _print_list(listing: list, folder: Path) -> None:
    if not listing:
        print(f"There are no backups in {folder} yet. Make one with:  prism backup")
        return
    print(f"Backups in {folder}, newest first:")
    width = len(str(len(listing)))
    for number, backup in enumerate(listing, start=1):
        print(
            f"  {number:>{width}}  {backup.when_text:<34} {backup.kind_label:<26} "
            f"{backup.size_text:>9}  {backup.path.name}"
        )


def _resolve(choice: str, listing: list, folder: Path) -> Path | None:
    if choice.isdigit() and 1 <= int(choice) <= len(listing):
        return listing[int(choice) - 1].path
    given = Path(choice).expanduser()
    if given.is_file():
        return given.resolve()
    if (folder / choice).is_file():
        return folder / choice
    return None


def _confirm(path: Path) -> bool:
    if not sys.stdin.isatty():
        print(
            "Restoring replaces your current progress (a backup of it is saved first). "
            "Add --yes to restore without being asked.",
            file=sys.stderr,
        )
        return False
    answer = input(
        f"Replace your current progress with {path.name}? "
        "Your progress as it is now is saved as a backup first. [y/N] "
    )
    return answer.strip().lower() in {"y", "yes"}
