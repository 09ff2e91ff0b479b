"""`prism profile ...`: list profiles, move one between laptops, write the team summary.

    prism profile list
    prism profile export NAME --out FILE [--force]
    prism profile import FILE
    prism profile team-summary --out FILE [--force]

The data folder is the usual one (``--data-dir`` before ``profile``, or
PRISM_DATA_DIR). Only `import` may create a progress file there: the others read,
and a folder without one is reported, never given an empty database. Imports of the
store and services wait inside the handlers so that every other `prism` command
starts as fast as before.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

OK, FAILED = 0, 1


def register(commands: argparse._SubParsersAction) -> None:
    """Add `prism profile` and its actions to the command line."""
    profile = commands.add_parser(
        "profile",
        help="list profiles, export or import one, or write the team summary",
        description="Work with the learner profiles on this computer.",
    )
    actions = profile.add_subparsers(dest="profile_action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="list the profiles, most recently used first")
    listing.set_defaults(handler=list_profiles)

    export = actions.add_parser("export", help="save one profile and all its data to a .prism file")
    export.add_argument("name", metavar="NAME", help="the profile's name (case does not matter)")
    export.add_argument("--out", required=True, metavar="FILE", help="the .prism file to write")
    export.add_argument("--force", action="store_true", help="replace FILE if it exists")
    export.set_defaults(handler=export_profile)

    imported = actions.add_parser(
        "import", help="add or update a profile from a .prism file made on another computer"
    )
    imported.add_argument("file", metavar="FILE", help="the .prism file to import")
    imported.set_defaults(handler=import_profile)

    summary = actions.add_parser(
        "team-summary",
        help="write a CSV of module completion for the profiles that agreed to be included",
    )
    summary.add_argument("--out", required=True, metavar="FILE", help="the CSV file to write")
    summary.add_argument("--force", action="store_true", help="replace FILE if it exists")
    summary.set_defaults(handler=team_summary)


class NoProgressFile(Exception):
    """A reading command found no progress file, and must not create one."""

    def __init__(self, data_dir: Path) -> None:
        super().__init__(str(data_dir))
        self.data_dir = data_dir


@contextmanager
def _database(args: argparse.Namespace, *, create: bool = False) -> Iterator[tuple[Any, Path]]:
    """The progress database of the chosen data folder, closed afterwards.

    Without ``create``, a missing file raises NoProgressFile rather than being made.
    """
    from desktop import paths
    from desktop.store.database import close_database, open_database

    data_dir = paths.user_data_dir(getattr(args, "data_dir", None))
    database = paths.database_path(data_dir)
    if not create and not database.exists():
        raise NoProgressFile(data_dir)
    db = open_database(database)
    try:
        yield db, data_dir
    finally:
        close_database(db)


def _fail(message: str) -> int:
    print(message, file=sys.stderr)
    return FAILED


def _no_progress(missing: NoProgressFile) -> int:
    return _fail(
        f"There is no Prism progress file in {missing.data_dir}, so there are no profiles "
        "there. Open Prism once to create one, or point --data-dir (before the command) at "
        "the folder that holds prism.db."
    )


def list_profiles(args: argparse.Namespace) -> int:
    from desktop.services.profiles import ProfileService
    from desktop.store.errors import StoreError
    from desktop.store.profiles import ProfileRepo

    try:
        with _database(args) as (db, data_dir):
            service = ProfileService(ProfileRepo(db))
            profiles = service.list()
            if not profiles:
                _say_no_profiles(data_dir)
                return OK
            width = max(len(profile.name) for profile in profiles)
            for profile in profiles:
                team = "  (in team summary)" if profile.include_in_team_summary else ""
                print(f"{profile.name:<{width}}  {service.last_used_text(profile)}{team}")
    except NoProgressFile as missing:
        _say_no_profiles(missing.data_dir)
    except StoreError as error:
        return _fail(str(error))
    return OK


def _say_no_profiles(data_dir: Path) -> None:
    print(
        f"There are no profiles in {data_dir} yet. Open Prism to create one, "
        "or import one with:  prism profile import FILE"
    )


def export_profile(args: argparse.Namespace) -> int:
    from desktop.atomic_files import TargetExistsError
    from desktop.services.archive import ArchiveError, ArchiveService
    from desktop.store.errors import StoreError
    from desktop.store.profiles import ProfileRepo

    out = Path(args.out).expanduser()
    try:
        with _database(args) as (db, data_dir):
            profile = ProfileRepo(db).find_by_name(args.name)
            if profile is None:
                names = ", ".join(p.name for p in ProfileRepo(db).list()[:10]) or "none yet"
                return _fail(
                    f"There is no profile called \u201c{args.name}\u201d. "
                    f"Profiles here: {names}. Check the spelling, or run: prism profile list"
                )
            written = ArchiveService(db, data_dir).export_profile(
                profile.id, out, overwrite=args.force
            )
    except TargetExistsError:
        return _fail(
            f"{out} already exists. Choose another file name, or add --force to replace it."
        )
    except NoProgressFile as missing:
        return _no_progress(missing)
    except (ArchiveError, StoreError) as error:
        return _fail(str(error))
    print(f"Exported \u201c{profile.name}\u201d to {written}")
    return OK


def import_profile(args: argparse.Namespace) -> int:
    from desktop.services.archive import ArchiveError, ArchiveService
    from desktop.store.errors import StoreError

    try:
        with _database(args, create=True) as (db, data_dir):  # a new laptop starts here
            service = ArchiveService(db, data_dir)
            service.passphrase_prompt = terminal_passphrase_prompt()
            report = service.import_archive(Path(args.file).expanduser())
    except (ArchiveError, StoreError) as error:
        message = str(error)
        if getattr(error, "wrong", None) is False and not sys.stdin.isatty():
            message += (
                " Run the command in a terminal, where Prism can ask for the passphrase "
                "without showing it."
            )
        return _fail(message)
    print(report.summary())
    for message in report.messages:
        print(message)
    return OK


def terminal_passphrase_prompt() -> Any:
    """Ask for a passphrase on the terminal without echoing it; None when there is none.

    A protected profile is changed only by its owner (issue 16), and a passphrase is
    never taken from the command line, where it would stay in the shell's history.
    """
    if not sys.stdin.isatty():
        return None

    def ask(name: str, why: str) -> str | None:
        import getpass

        print(why, file=sys.stderr)
        try:
            typed = getpass.getpass(f"Passphrase for \u201c{name}\u201d (Enter to cancel): ")
        except (EOFError, KeyboardInterrupt):
            return None
        return typed or None

    return ask


def team_summary(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.atomic_files import TargetExistsError
    from desktop.course.loader import CourseError, load_course
    from desktop.services.team_summary import TeamSummaryService
    from desktop.store.errors import StoreError

    out = Path(args.out).expanduser()
    try:
        loaded = load_course(paths.content_dir(args.content_dir), paths.assets_dir())
    except CourseError as error:
        return _fail(
            f"The course could not be read: {error}. Reinstall Prism, or point "
            "--content-dir at a valid course folder."
        )
    try:
        with _database(args) as (db, data_dir):
            from desktop.course.packs import load_installed_packs

            course, _ = load_installed_packs(loaded.course, loaded.problems, data_dir)
            service = TeamSummaryService(course, db)
            included = service.included_count()
            written = service.write_csv(out, overwrite=args.force)
    except TargetExistsError:
        return _fail(
            f"{out} already exists. Choose another file name, or add --force to replace it."
        )
    except NoProgressFile as missing:
        return _no_progress(missing)
    except StoreError as error:
        return _fail(str(error))
    except OSError as error:
        return _fail(
            f"Prism could not save {out} ({error.strerror or error}). Check the folder exists "
            "and that you may save files there, then try again."
        )
    if included == 0:
        print(
            f"Wrote {written} with no learners in it: nobody on this computer has agreed to "
            "be included yet. Each learner can turn this on in the profile list "
            "(\u201cInclude in team summary\u201d)."
        )
    else:
        print(
            f"Wrote {written}: {included} learner{'s' if included != 1 else ''} who agreed "
            "to be included."
        )
    return OK
