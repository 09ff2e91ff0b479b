"""Export profile…, Import profile… and Team summary…: the file choices, progress and results.

The flows are functions, not dialogs of their own: each asks where (a file dialog),
checks before it changes anything, shows progress for long work, and ends with a
message that says what happened. File dialogs are module-level functions so tests
replace them; every message box goes through ``desktop.ui.dialogs``.

``install_profile_actions`` adds the three actions to a window's File menu.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog, QWidget

from desktop.atomic_files import TargetExistsError
from desktop.services.archive import (
    FILE_SUFFIX,
    ArchiveError,
    ArchiveService,
    ImportReport,
)
from desktop.services.profiles import format_day
from desktop.services.team_summary import TeamSummaryService
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.dialogs import choose_save_path as choose_export_path
from desktop.ui.dialogs import documents_folder

if TYPE_CHECKING:
    from desktop.services.startup import Services

ARCHIVE_FILTER = f"Prism profile archives (*{FILE_SUFFIX})"
CSV_FILTER = "CSV files (*.csv)"
_SHOW_PROGRESS_AFTER_MS = 300


# Module-level (with choose_export_path and documents_folder, imported from the kit) so
# tests can replace them: a test never opens a real file dialog.
def choose_import_path(parent: QWidget | None, start: Path) -> Path | None:
    """Ask which archive to import; None if the person cancels."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Import a profile", str(start), f"{ARCHIVE_FILTER};;All files (*)"
    )
    return Path(name) if name else None


def archive_service(services: Services) -> ArchiveService:
    """The start-up's archive service, or one made here until start-up provides it."""
    found = getattr(services, "archive", None)
    if found is not None:
        return found
    return ArchiveService(services.db, services.data_dir)  # type: ignore[arg-type]


def team_summary_service(services: Services) -> TeamSummaryService:
    found = getattr(services, "team_summary", None)
    if found is not None:
        return found
    return TeamSummaryService(services.course, services.db)  # type: ignore[arg-type]


@contextmanager
def progress_for(parent: QWidget | None, label: str) -> Iterator[Callable[[int, int], None]]:
    """A progress dialog that appears only if the work takes a while; yields the updater.

    The work runs on this (the GUI) thread, because the database connection belongs
    to it; the dialog is window-modal, so nothing else can start meanwhile.
    """
    dialog = QProgressDialog(label, "", 0, 0, parent)
    dialog.setWindowTitle("Please wait")
    dialog.setCancelButton(None)  # the work is one transaction: stopping half-way is not offered
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(_SHOW_PROGRESS_AFTER_MS)
    dialog.setAutoClose(False)
    dialog.setAccessibleName(label)

    def update(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, max(total, 1)))
        QApplication.processEvents()

    try:
        yield update
    finally:
        dialog.reset()
        dialog.close()
        dialog.deleteLater()


def _with_suffix(path: Path, suffix: str) -> Path:
    return path if path.suffix else path.with_name(path.name + suffix)


def _ask_replace(parent: QWidget | None, path: Path) -> bool:
    return dialogs.ask_yes_no(
        parent,
        "Replace the existing file?",
        f"A file with this name already exists:\n{path}\n\nReplace it with this one?",
        yes="Replace",
        no="Cancel",
    )


def export_profile_flow(
    parent: QWidget | None, services: Services, profile_id: str, profile_name: str
) -> Path | None:
    """Ask where, then save the profile as a .prism file; the path written, or None."""
    service = archive_service(services)
    suggested = documents_folder() / service.suggested_file_name(profile_name)
    path = choose_export_path(parent, f"Export {profile_name}'s profile", suggested, ARCHIVE_FILTER)
    if path is None:
        return None
    path = _with_suffix(path, FILE_SUFFIX)
    overwrite = path.exists()
    if overwrite and not _ask_replace(parent, path):
        return None
    while True:
        try:
            with progress_for(parent, f"Saving {profile_name}'s profile…") as update:
                written = service.export_profile(
                    profile_id, path, overwrite=overwrite, progress=update
                )
            break
        except TargetExistsError:
            # Another program made the file after we checked: ask, never overwrite silently.
            if not _ask_replace(parent, path):
                return None
            overwrite = True
        except ArchiveError as error:
            dialogs.show_error(parent, "Could not export the profile", str(error))
            return None
    message = (
        f"Saved {profile_name}'s profile to:\n{written}\n\n"
        "To use it on another computer, copy this file there, open Prism and choose "
        "Import profile… under the list of profiles. The file holds reflections and CPD "
        "records, so keep it somewhere private and delete it when you no longer need it."
    )
    if parent is not None:
        announce(parent, f"Saved {profile_name}'s profile.")
    dialogs.show_info(parent, "Profile exported", message)
    return written


def import_profile_flow(parent: QWidget | None, services: Services) -> ImportReport | None:
    """Ask for a .prism file, check it, confirm, then merge it; the report, or None."""
    path = choose_import_path(parent, documents_folder())
    if path is None:
        return None
    service = archive_service(services)
    try:
        with progress_for(parent, f"Checking {path.name}…") as update:
            summary = service.inspect(path, progress=update)
    except ArchiveError as error:
        dialogs.show_error(parent, "Could not import the profile", str(error))
        return None
    exported = _readable_time(summary.created_utc)
    here = services.profiles.get(summary.profile_id)
    if here is not None:
        what = (
            f"This computer already has this profile (\u201c{here.name}\u201d). Importing "
            "adds the work done on the other computer. Nothing is lost: where the same "
            "item was changed on both, the newer change is kept and the older one is "
            "saved in its history."
        )
    else:
        what = "It will be added as a new profile on this computer."
    holds = f"{summary.items:,} saved items" if summary.items else "no saved work yet"
    question = (
        f"{path.name} holds the profile \u201c{summary.profile_name}\u201d ({holds}), "
        f"exported {exported}.\n\n{what}"
    )
    if not dialogs.ask_yes_no(parent, "Import this profile?", question, yes="Import"):
        return None
    try:
        with progress_for(parent, f"Importing \u201c{summary.profile_name}\u201d…") as update:
            report = service.import_archive(path, progress=update)
    except ArchiveError as error:
        dialogs.show_error(parent, "Could not import the profile", str(error))
        return None
    text = "\n\n".join([report.summary(), *report.messages])
    if parent is not None:
        announce(parent, report.summary())
    dialogs.show_info(parent, "Profile imported", text)
    return report


def team_summary_flow(parent: QWidget | None, services: Services) -> Path | None:
    """Save the team summary CSV for the learners who agreed; the path, or None."""
    service = team_summary_service(services)
    included = service.included_count()
    if included == 0:
        dialogs.show_info(
            parent,
            "Nobody has agreed yet",
            "The team summary lists only learners who agreed to be included, and nobody "
            "on this computer has yet.\n\nEach learner can tick \u201cInclude in the team "
            "summary\u201d under their name in the profile list (File \u203a Switch learner).",
        )
        return None
    suggested = documents_folder() / f"prism-team-summary-{datetime.now().date().isoformat()}.csv"
    path = choose_export_path(parent, "Save the team summary", suggested, CSV_FILTER)
    if path is None:
        return None
    path = _with_suffix(path, ".csv")
    overwrite = path.exists()
    if overwrite and not _ask_replace(parent, path):
        return None
    try:
        written = service.write_csv(path, overwrite=overwrite)
    except TargetExistsError:
        if not _ask_replace(parent, path):
            return None
        written = service.write_csv(path, overwrite=True)
    except OSError as error:
        dialogs.show_error(
            parent,
            "Could not save the team summary",
            f"Prism could not save the file here:\n{path}\n({error.strerror or error})\n\n"
            "Choose another folder, such as Documents, and try again.",
        )
        return None
    people = f"{included} learner{'s' if included != 1 else ''}"
    dialogs.show_info(
        parent,
        "Team summary saved",
        f"Saved module completion and quiz passes for {people} to:\n{written}\n\n"
        "It holds no reflections, notes or answers.",
    )
    return written


def _readable_time(stamp: str) -> str:
    try:
        moment = datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone()
    except ValueError:
        return "at an unknown time"
    return f"on {format_day(moment.date())} at {moment.strftime('%H:%M')}"
