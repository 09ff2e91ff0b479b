"""Save a team session's attendance sheet for the training lead, as PDF or CSV.

The sheet's content comes from ``TeamSessionService`` (HTML for the PDF, CSV bytes);
this module asks where to save, never replaces a file without asking, writes it
atomically and says where it went. The file dialog (the kit's ``choose_save_path``) is
a name in this module, so tests replace it here and never open a real one.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from PySide6.QtWidgets import QWidget

from desktop.atomic_files import TargetExistsError
from desktop.services.team_sessions import TeamSession, TeamSessionService
from desktop.ui import dialogs
from desktop.ui.dialogs import choose_save_path, documents_folder

SheetFormat = Literal["pdf", "csv"]
FILTERS: dict[str, str] = {"pdf": "PDF files (*.pdf)", "csv": "CSV spreadsheets (*.csv)"}


def sheet_bytes(service: TeamSessionService, session: TeamSession, fmt: SheetFormat) -> bytes:
    """The attendance sheet in ``fmt``: a printable A4 PDF, or a CSV row per attendee."""
    if fmt == "csv":
        return service.attendance_csv(session.id)
    from desktop.ui.pdf import html_to_pdf  # loaded only when a PDF is made

    return html_to_pdf(service.attendance_html(session.id), f"Attendance: {session.title}")


def save_attendance(
    parent: QWidget, service: TeamSessionService, session: TeamSession, fmt: SheetFormat
) -> Path | None:
    """Ask where, confirm replacing, write atomically and confirm; the path, or None."""
    kind = "PDF" if fmt == "pdf" else "CSV"
    suggested = documents_folder() / service.attendance_file_name(session, fmt)
    path = choose_save_path(parent, f"Save the attendance sheet ({kind})", suggested, FILTERS[fmt])
    if path is None:
        return None
    if path.suffix.casefold() != f".{fmt}":
        path = path.with_name(path.name + f".{fmt}")
    overwrite = False
    if path.exists():
        if not _ask_replace(parent, path):
            return None
        overwrite = True
    data = sheet_bytes(service, session, fmt)
    while True:
        try:
            written = service.write_file(data, path, overwrite=overwrite)
        except TargetExistsError:
            # Another program made the file after we checked: ask again, never overwrite.
            if not _ask_replace(parent, path):
                return None
            overwrite = True
            continue
        except OSError as error:
            dialogs.show_error(
                parent,
                "Could not save the attendance sheet",
                "Prism could not save the file here:\n"
                f"{path}\n({error.strerror or error})\n\n"
                "Choose another folder, such as Documents, and try again.",
            )
            return None
        dialogs.show_info(
            parent,
            "Attendance sheet saved",
            f"The attendance sheet ({kind}) is saved as:\n{written}",
        )
        return written


def _ask_replace(parent: QWidget, path: Path) -> bool:
    return dialogs.ask_yes_no(
        parent,
        "Replace the existing file?",
        f"A file with this name already exists:\n{path}\n\nReplace it with this one?",
        yes="Replace",
        no="Cancel",
    )
