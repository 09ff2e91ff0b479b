"""Every dialog the app shows goes through here, so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


def ask_yes_no(
    parent: QWidget | None, title: str, text: str, *, yes: str = "Yes", no: str = "Cancel"
) -> bool:
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.information(parent, title, text)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_fatal(parent: QWidget | None, title: str, text: str) -> None:
    QMessageBox.critical(parent, title, text)


def choose_save_path(
    parent: QWidget | None, title: str, suggested: Path, filter_: str
) -> Path | None:
    """Ask where to save; None if the person cancels. Prism asks about replacing itself.

    Each room imports this into its own module, so a test replaces it there and never
    opens a real file dialog.
    """
    name, _ = QFileDialog.getSaveFileName(
        parent, title, str(suggested), filter_, options=QFileDialog.Option.DontConfirmOverwrite
    )
    return Path(name) if name else None


def documents_folder() -> Path:
    """The person's Documents folder (their home folder if the system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()
