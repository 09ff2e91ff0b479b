"""`prism cpd ...`: list, export, import and certify CPD from the command line, without a window.

Exports go through the same CpdService as the app, so a file made here is the file
the app would make. Only `--format pdf` and `certificate` load Qt (offscreen), inside
their handlers; everything else stays Qt-free.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.clock import Clock, system_clock

if TYPE_CHECKING:
    from desktop.cpd.privacy import FieldFinding
    from desktop.cpd.records import CpdRecord
    from desktop.cpd.registration_year import RegistrationYear
    from desktop.services.cpd import CpdService, ExportPlan
    from desktop.store.profiles import Profile

CLOCK: Clock = system_clock
"""Where the commands read the time; tests replace it to make output reproducible."""

EXIT_OK = 0
EXIT_FAILED = 1  # could not do it: no such profile, nothing to export, file exists...
EXIT_USAGE = 2  # the command line itself is wrong (argparse uses 2 as well)

FORMATS = ("text", "pdf", "csv", "json", "xapi")
FORMAT_LABELS = {
    "text": "text to paste",
    "pdf": "PDF portfolio",
    "csv": "CSV",
    "json": "JSON",
    "xapi": "xAPI statements",
}

EXPORT_HELP = """\
Write CPD records to a file: paste-ready text in the order of Social Work England's
online form, a PDF portfolio (A4), CSV for spreadsheets, JSON (lossless; the app can
import it) or xAPI statements for a learning record store.

Files are named with today's date, e.g. prism-cpd-2025-26-2026-11-21.pdf. --out may
be a file or a folder; the default is the current folder. An existing file is never
replaced unless you pass --force, and a file is written whole or not at all.

Privacy check: before writing, every record is checked for details that could
identify someone (email addresses, phone numbers, postcodes, dates of birth, NHS
numbers, names after Mr, Mrs, Dr...). If any are found, nothing is written and each
finding is listed; edit the records in Prism, or pass --accept-privacy-risk to
write the file anyway. Plain dates are only mentioned, never blocked.

Exit status: 0 written; 1 not written (unknown profile, no records, privacy
findings, file exists, cannot write); 2 the command line is wrong.

Examples (--data-dir, if you need it, goes before "cpd"):
  prism cpd export --profile "Sam Taylor" --year 2025-26 --format pdf --out ~/Documents
  prism --data-dir /media/usb/prism cpd export --profile Sam --all --format csv
"""


class CommandError(Exception):
    """Stop the command with this message on stderr and this exit status."""

    def __init__(self, message: str, status: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


IMPORT_HELP = """\
Add CPD records from a JSON file that Prism exported (`prism cpd export --format json`,
or Export in the CPD page) to a profile on this computer: to move records from
another computer, or to bring back a backup.

The whole file is checked before anything is written: a file that is not a Prism
export, was made by a newer Prism, or has a damaged record is refused with what is
wrong, and nothing changes. Importing the same file twice changes nothing: a record
already here is updated only if the file's copy was edited later (the older version
is kept in its history). Records come in as they are; a record marked ready that
lacks a required field comes in as a draft.

Exit status: 0 imported (or nothing new); 1 refused (no such profile, unreadable or
invalid file); 2 the command line is wrong.
"""
MAX_IMPORT_BYTES = 64 * 1024 * 1024  # years of records are a few MB; more is not an export


def register(commands: argparse._SubParsersAction) -> None:
    """Add `prism cpd list|export|import|certificate`."""
    cpd = commands.add_parser(
        "cpd",
        help="list, export, import and certify your CPD",
        description="Your CPD records and certificates, without opening the window.",
    )
    actions = cpd.add_subparsers(dest="cpd_command", metavar="ACTION", required=True)

    listing = actions.add_parser(
        "list",
        help="show a profile's CPD records and how the registration year stands",
        description=(
            "Show a profile's CPD records and, for one registration year (this year unless "
            "you say), whether it meets Social Work England's minimum: at least 2 pieces "
            "of CPD, one with a peer reflection."
        ),
    )
    _profile_option(listing)
    _year_options(listing, required=False)
    listing.set_defaults(handler=list_command)

    export = actions.add_parser(
        "export",
        help="write CPD records to a text, PDF, CSV, JSON or xAPI file",
        description=EXPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    _profile_option(export)
    _year_options(export, required=True)
    export.add_argument(
        "--format", dest="export_format", choices=FORMATS, required=True, help="the file type"
    )
    export.add_argument(
        "--out", metavar="PATH", help="the file, or a folder for a dated file (default: here)"
    )
    export.add_argument("--force", action="store_true", help="replace the file if it exists")
    export.add_argument(
        "--accept-privacy-risk",
        action="store_true",
        help="write even if the privacy check finds details that could identify someone",
    )
    export.add_argument(
        "--with-failed-attempts",
        action="store_true",
        help=(
            "pdf: list quiz attempts that did not pass too (left out unless asked); "
            "an xAPI file always holds them, as 'failed'"
        ),
    )
    export.set_defaults(handler=export_command)

    imported = actions.add_parser(
        "import",
        help="add CPD records from a JSON file Prism exported",
        description=IMPORT_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    imported.add_argument("file", metavar="FILE", help="the .json file to import")
    _profile_option(imported, "whose records they become")
    imported.set_defaults(handler=import_command)

    certificate = actions.add_parser(
        "certificate",
        help="save the PDF certificate for a completed module, or list what you can certify",
        description=(
            "Save a one-page PDF certificate for a module you have completed (read to the "
            "end, and its quiz passed if it has one), with a verification code that "
            "`prism verify` checks. Without --module, list the completed modules and codes."
        ),
    )
    _profile_option(certificate)
    certificate.add_argument("--module", metavar="ID", help="the module's id, e.g. boundaries")
    certificate.add_argument(
        "--out", metavar="PATH", help="the file, or a folder for a dated file (default: here)"
    )
    certificate.add_argument("--force", action="store_true", help="replace the file if it exists")
    certificate.set_defaults(handler=certificate_command)


def _profile_option(parser: argparse.ArgumentParser, help_text: str = "whose records") -> None:
    # dest differs from the top-level --profile (which opens the window on a profile).
    parser.add_argument(
        "--profile", dest="cpd_profile", metavar="NAME", required=True, help=help_text
    )


def _year_options(parser: argparse.ArgumentParser, *, required: bool) -> None:
    years = parser.add_mutually_exclusive_group(required=required)
    years.add_argument(
        "--year",
        metavar="YYYY-YY",
        help="a registration year, e.g. 2025-26 (1 December 2025 to 30 November 2026)",
    )
    years.add_argument(
        "--all", dest="all_years", action="store_true", help="every record, from all years"
    )


# -- handlers -----------------------------------------------------------------------------------


def list_command(args: argparse.Namespace) -> int:
    """Print the records (one line each) and the year's state."""
    return _run(_list, args)


def export_command(args: argparse.Namespace) -> int:
    """Plan, check, render and write one export."""
    return _run(_export, args)


def import_command(args: argparse.Namespace) -> int:
    """Check the whole file, then add or update its records in one transaction."""
    return _run(_import, args)


def certificate_command(args: argparse.Namespace) -> int:
    """Save one certificate, or list the modules that have one."""
    return _run(_certificate, args)


def _run(action: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    try:
        return action(args)
    except CommandError as error:
        print(error.message, file=sys.stderr)
        return error.status
    except Exception as error:
        from desktop.store.errors import StoreError

        if not isinstance(error, StoreError):  # e.g. a protected profile still locked
            raise
        print(str(error), file=sys.stderr)
        return EXIT_FAILED


def _list(args: argparse.Namespace) -> int:
    from desktop.cpd.formatting import format_date_uk, format_minutes
    from desktop.cpd.presentation import year_heading
    from desktop.cpd.progress_text import peer_progress, records_progress

    with open_cpd_service(args) as service:
        profile = find_profile(service, args.cpd_profile)
        year = None if args.all_years else _parse_year(args.year, service)
        records = service.list(profile.id, year)
        print(f"CPD records for {profile.name}: {year_heading(year)}")
        print()
        bad = service.unreadable(profile.id, year)
        if not records and not bad:
            print("No records yet. Add one in Prism: open CPD, then New record.")
        if bad:
            # Named, never hidden: a record damaged or put back from an older copy.
            print(
                f"{_count(len(bad), 'record')} could not be read: changed or damaged outside "
                "Prism (perhaps put back from an older copy). Nothing was overwritten; "
                "restore a recent backup to get it back.",
                file=sys.stderr,
            )
        for record in sorted(records, key=lambda r: (r.start_date is None, r.start_date)):
            day = format_date_uk(record.start_date) if record.start_date else "no date"
            peer = "peer" if record.has_peer_reflection else "    "
            title = record.title.strip() or "Untitled"
            print(f"{day:<18} {record.status:<5}  {record.hours_display:>11}  {peer}  {title}")
        if year is None:
            total = sum(max(0, r.minutes) for r in records)
            print(f"\n{_count(len(records), 'record')}, {format_minutes(total)} in total.")
            return EXIT_OK
        check = service.year_check(profile.id, year, _today())
        print()
        # Only records marked ready meet the year; drafts are listed but not counted.
        print(f"{records_progress(check)}, {peer_progress(check)}.")
        print(
            f"{_count(check.distinct_count, 'different piece')} of CPD marked ready "
            f"(at least {check.rules.min_records} needed), "
            f"{check.peer_count} with a peer reflection "
            f"(at least {check.rules.min_peer_records} needed), "
            f"{format_minutes(check.total_minutes)} in total."
        )
        covered = ", ".join(check.standards_covered) or "none yet"
        missing = ", ".join(check.standards_missing) or "none"
        print(f"Parts of standard 4 covered: {covered}. Not yet covered: {missing}.")
        if check.days_to_deadline >= 0:
            print(
                f"{_count(check.days_to_deadline, 'day')} until the deadline, "
                f"{format_date_uk(year.deadline)}."
            )
        print("This year meets the minimum." if check.met else "This year does not meet it yet.")
        for line in (*check.shortfalls, *check.warnings):
            print(f"- {line}")
    return EXIT_OK


def _export(args: argparse.Namespace) -> int:
    with open_cpd_service(args) as service:
        profile = find_profile(service, args.cpd_profile)
        year = None if args.all_years else _parse_year(args.year, service)
        plan = service.plan_export(profile.id, args.export_format, year)
        if args.with_failed_attempts:
            plan = replace(plan, include_failed_attempts=True)
        if not plan.records and not (plan.format == "xapi" and plan.completions):
            where = f"dated in {year.label}" if year is not None else "at all"
            hint = (
                "Choose another --year, or use --all."
                if year is not None
                else "Add a record in Prism first."
            )
            raise CommandError(f"{profile.name} has no CPD records {where}. {hint}")
        path = _target(args.out, plan.suggested_name)
        _refuse_existing(path, args.force)
        _check_privacy(plan, accept=args.accept_privacy_risk)
        for warning in plan.warnings:
            print(f"Warning: {warning}", file=sys.stderr)
        number = service.registration_number(profile.id)
        if plan.format == "pdf":
            data = _portfolio_pdf(service, profile.id, plan, number)
        else:
            rendered = service.render_export(profile.id, plan, registration_number=number)
            data = rendered.encode("utf-8") if isinstance(rendered, str) else rendered
        written = _write(service, data, path, args.force)
    # The xAPI file holds ready records only (a draft is not finished learning).
    shown = [r for r in plan.records if r.is_ready] if plan.format == "xapi" else plan.records
    what = _count(len(shown), "CPD record")
    period = plan.year.label if plan.year is not None else "all years"
    print(f"Saved {what} ({period}, {FORMAT_LABELS[plan.format]}) to:", file=sys.stderr)
    print(written)
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from desktop.cpd.schema import CpdImportError

    path = Path(args.file).expanduser()
    text = _read_import(path)  # before the database: a wrong path changes nothing
    with open_cpd_service(args) as service:
        profile = find_profile(service, args.cpd_profile)
        try:
            changed = service.import_json(profile.id, text)
        except CpdImportError as error:
            message = str(error)
            if "Nothing was" not in message:
                message += " Nothing was changed."
            raise CommandError(f"{path} was not imported. {message}") from None
        total = len(service.list(profile.id))
    if changed == 0:
        print(
            f"Nothing new in {path}: {profile.name}'s records already hold everything in it "
            "(records edited here later were kept)."
        )
    else:
        print(
            f"Imported {_count(changed, 'CPD record')} into {profile.name}'s records "
            f"(added or updated); {profile.name} now has {_count(total, 'record')}."
        )
    return EXIT_OK


def _read_import(path: Path) -> str:
    """The file's text, or CommandError saying plainly why it cannot be read."""
    try:
        if path.is_dir():
            raise CommandError(f"{path} is a folder. Give the .json file Prism exported.")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise CommandError(
                f"{path} is too large to be a Prism CPD export "
                f"(over {MAX_IMPORT_BYTES // (1024 * 1024)} MB). Nothing was changed."
            )
        data = path.read_bytes()
    except FileNotFoundError:
        raise CommandError(f"There is no file {path}. Check the name and folder.") from None
    except OSError as error:
        raise CommandError(f"Prism could not read {path}: {error.strerror or error}.") from None
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CommandError(
            f"{path} is not a Prism CPD export: it is not UTF-8 text. Choose the .json file "
            "that Prism exported. Nothing was changed."
        ) from None


def _certificate(args: argparse.Namespace) -> int:
    from desktop.cpd.formatting import format_date_uk

    with open_cpd_service(args) as service:
        profile = find_profile(service, args.cpd_profile)
        if not args.module:
            certificates = service.certificates(profile.id)
            if not certificates:
                print(
                    f"{profile.name} has not completed a module yet. A module is completed "
                    "when you have read it to the end and passed its quiz."
                )
            for cert in certificates:
                print(
                    f"{cert.module_id:<28} {format_date_uk(cert.completed_on):<18} {cert.code}"
                    f"  {cert.module_title}"
                )
            return EXIT_OK
        certificate = service.certificate(profile.id, args.module)
        if certificate is None:
            done = ", ".join(c.module_id for c in service.certificates(profile.id)) or "none yet"
            raise CommandError(
                f"{profile.name} has not completed a module with the id ‘{args.module}’, so "
                "there is no certificate for it. Read the module to the end and pass its "
                f"quiz first. Completed modules: {done}."
            )
        path = _target(args.out, certificate.suggested_name)
        _refuse_existing(path, args.force)
        _use_offscreen_qt()
        from desktop.ui.pdf import certificate_pdf

        written = _write(service, certificate_pdf(certificate), path, args.force)
    print(f"Saved the certificate for ‘{certificate.module_title}’ to:", file=sys.stderr)
    print(written)
    return EXIT_OK


# -- shared steps -------------------------------------------------------------------------------


@contextmanager
def open_cpd_service(args: argparse.Namespace) -> Iterator[CpdService]:
    """The CPD service over the user's data folder and course; the database is closed after.

    Refuses (CommandError) rather than create an empty progress file where none exists.
    """
    from desktop import paths
    from desktop.course.loader import CourseError, load_course
    from desktop.services.context import ServiceContext
    from desktop.services.cpd import CpdService
    from desktop.store.database import close_database, open_database
    from desktop.store.errors import StoreError

    data_dir = paths.user_data_dir(getattr(args, "data_dir", None))
    database = paths.database_path(data_dir)
    if not database.exists():
        raise CommandError(
            f"There is no Prism progress file in {data_dir}. Open Prism once to create a "
            "profile, or point --data-dir (before the command) at the folder that holds "
            "prism.db."
        )
    content_override = getattr(args, "content_dir", None)
    content = paths.content_dir(content_override)
    # A course given with --content-dir finds its figures beside it, as `content check` does.
    assets = None if content_override else paths.assets_dir()
    try:
        loaded = load_course(content, assets)
    except CourseError as error:
        raise CommandError(
            f"The course could not be read: {error}. Reinstall Prism, or point --content-dir "
            "at a valid course folder."
        ) from None
    from desktop.course.packs import load_installed_packs

    # The data folder's content packs are part of its course: drafts and certificates
    # for pack modules work as for the course's own.
    course, _ = load_installed_packs(loaded.course, loaded.problems, data_dir)
    try:
        db = open_database(database)
    except StoreError as error:
        raise CommandError(error.message) from None
    try:
        ctx = ServiceContext(
            course=course,
            db=db,
            data_dir=data_dir,
            assets=assets or paths.assets_dir(),
            clock=CLOCK,
        )
        yield CpdService(ctx)
    finally:
        close_database(db)


def find_profile(service: CpdService, name: str) -> Profile:
    """The profile called `name` (case and extra spaces do not matter), or CommandError."""
    profile = service.find_profile(name)
    if profile is None:
        names = ", ".join(f"‘{p.name}’" for p in service.profiles()) or "none yet"
        raise CommandError(
            f"There is no profile called ‘{name}’ on this computer. Profiles here: {names}. "
            "Check the spelling, or use --data-dir if your data is in another folder."
        )
    _unlock_if_protected(service, profile)
    return profile


def _unlock_if_protected(service: CpdService, profile: Profile) -> None:
    """A passphrase-protected profile's text needs its passphrase, asked at the terminal."""
    import getpass

    from desktop.services.privacy_lock import PassphraseError, PassphraseService

    passphrases = PassphraseService(service._ctx.db)
    if not passphrases.is_locked(profile.id):
        return
    if not sys.stdin.isatty():
        raise CommandError(
            f"The profile ‘{profile.name}’ is protected with a passphrase, and this command "
            "cannot ask for it here (no terminal). Run it in a terminal, or export from Prism."
        )
    try:
        notices = passphrases.unlock(
            profile.id, getpass.getpass(f"Passphrase for {profile.name}: ")
        )
    except PassphraseError as error:
        raise CommandError(str(error)) from None
    for notice in notices:  # changed outside Prism: said before anything else
        print(f"Warning: {notice}", file=sys.stderr)


def _parse_year(label: str | None, service: CpdService) -> RegistrationYear:
    from desktop.cpd.registration_year import RegistrationYear, RegistrationYearError

    if label is None:
        return service.current_year(_today())
    try:
        return RegistrationYear.parse(label)
    except RegistrationYearError as error:
        raise CommandError(str(error), EXIT_USAGE) from None


def _today() -> date:
    from desktop.cpd.registration_year import uk_date

    return uk_date(CLOCK())


def _check_privacy(plan: ExportPlan, *, accept: bool) -> None:
    """Refuse to write when a record may identify someone, unless the user accepts the risk."""
    hard = [
        (record, finding)
        for record, found in plan.findings
        for finding in found
        if not finding.finding.is_soft
    ]
    soft = [
        (record, finding)
        for record, found in plan.findings
        for finding in found
        if finding.finding.is_soft
    ]
    for record, finding in soft:
        print(f"Note: {_finding_line(record, finding)}", file=sys.stderr)
    if not hard:
        return
    lines = [
        f"The privacy check found {_count(len(hard), 'detail')} that could identify someone:",
        *(f"- {_finding_line(record, finding)}" for record, finding in hard),
    ]
    if accept:
        print("\n".join(["Warning: " + lines[0], *lines[1:]]), file=sys.stderr)
        print("Writing anyway, because you passed --accept-privacy-risk.", file=sys.stderr)
        return
    lines.append(
        "Nothing was written. Edit these records in Prism to remove the details, or pass "
        "--accept-privacy-risk to write the file anyway."
    )
    raise CommandError("\n".join(lines))


def _finding_line(record: CpdRecord, finding: FieldFinding) -> str:
    title = record.title.strip() or "Untitled"
    return (
        f"‘{title}’, {finding.field_label}: “{finding.finding.matched}”. "
        f"{finding.finding.explanation}"
    )


def _target(out: str | None, suggested: str) -> Path:
    """--out as a file, or the suggested name inside --out (or the current folder)."""
    if not out:
        return Path.cwd() / suggested
    path = Path(out).expanduser()
    if path.is_dir() or out.endswith(("/", os.sep)):
        return path / suggested
    return path


def _refuse_existing(path: Path, force: bool) -> None:
    """Stop before any work is done if the target is taken (the atomic write checks again)."""
    if path.is_dir():
        raise CommandError(f"{path} is a folder. Give a file name with --out.")
    if path.exists() and not force:
        raise CommandError(
            f"{path} already exists, so nothing was written. Pass --force to replace it, "
            "or choose another name with --out."
        )


def _write(service: CpdService, data: bytes, path: Path, force: bool) -> Path:
    from desktop.atomic_files import TargetExistsError

    try:
        return service.write_export(data, path, overwrite=force)
    except TargetExistsError:
        raise CommandError(
            f"{path} appeared while Prism was writing, so it was left alone. Pass --force "
            "to replace it, or choose another name with --out."
        ) from None
    except OSError as error:
        reason = error.strerror or str(error)
        raise CommandError(
            f"Prism could not write {path}: {reason}. Check that the folder exists and that "
            "you may save files there, or choose another place with --out. Nothing was written."
        ) from None


def _use_offscreen_qt() -> None:
    # The command line has no window: render with Qt's offscreen platform unless told otherwise.
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def _portfolio_pdf(
    service: CpdService, profile_id: str, plan: ExportPlan, number: str | None
) -> bytes:
    _use_offscreen_qt()
    from desktop.ui.pdf import portfolio_pdf

    return portfolio_pdf(service, profile_id, plan, number)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
