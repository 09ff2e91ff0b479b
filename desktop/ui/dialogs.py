"""Every dialog the app shows goes through here, so tests can answer them."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QFileDialog,
    QGridLayout,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QWidget,
)

MESSAGE_LINE_CHARACTERS = 50
DIALOG_LINE_CHARACTERS = 60
DIALOG_FRAME_ALLOWANCE = 40  # a title bar and borders, which resize() leaves out


def message_box(
    icon: QMessageBox.Icon, parent: QWidget | None, title: str, text: str
) -> QMessageBox:
    """A message box with its title as a bold first line and the detail under it.

    Many desktops show a message box with no title bar (macOS always, some Linux window
    managers), and a screen reader reads the box's words, not its frame: a box that put
    the title only in the frame lost it. Both parts are escaped, so a profile's name
    with a ``<`` in it is shown as typed, never as markup.
    """
    import html  # here, not at the top: it loads html.entities, which launch never needs

    box = QMessageBox(parent)
    box.setIcon(icon)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.RichText)
    detail = html.escape(text).replace("\n", "<br>")
    box.setText(f"<p><b>{html.escape(title)}</b></p><p>{detail}</p>")
    box.setAccessibleName(title)
    box.setAccessibleDescription(text)
    grid = box.layout()
    if isinstance(grid, QGridLayout):
        # Qt keeps a message box narrow whatever the text size: at 200% that made a
        # tall column of a few words a line. A spacer under everything widens the box
        # to about 50 characters a line at any size; the words wrap within it.
        width = box.fontMetrics().averageCharWidth() * MESSAGE_LINE_CHARACTERS
        spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
        grid.addItem(spacer, grid.rowCount(), 0, 1, grid.columnCount())
    return box


def fit_dialog(dialog: QWidget, width: int) -> None:
    """Size DIALOG to WIDTH (wider at large text sizes) and the height it asks for, but
    never larger than the window it belongs to (or the screen, before there is one),
    less room for a frame: at 200% text a long report then scrolls inside itself
    instead of leaving the screen."""
    owner = dialog.parentWidget().window() if dialog.parentWidget() is not None else None
    room = owner.size() if owner is not None else dialog.screen().availableGeometry().size()
    # Wider with larger text (about 60 characters a line), within the window.
    width = max(width, dialog.fontMetrics().averageCharWidth() * DIALOG_LINE_CHARACTERS)
    width = min(width, room.width() - DIALOG_FRAME_ALLOWANCE)
    height = min(dialog.sizeHint().height(), room.height() - DIALOG_FRAME_ALLOWANCE)
    dialog.resize(width, max(1, height))


def ask_yes_no(
    parent: QWidget | None, title: str, text: str, *, yes: str = "Yes", no: str = "Cancel"
) -> bool:
    box = message_box(QMessageBox.Icon.Question, parent, title, text)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(yes_button)
    box.exec()
    return box.clickedButton() is yes_button


def show_info(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Information, parent, title, text).exec()


def warning_box(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """The warning ``show_error`` shows, built but not shown (screenshots show it too)."""
    return message_box(QMessageBox.Icon.Warning, parent, title, text)


def show_error(parent: QWidget | None, title: str, text: str) -> None:
    warning_box(parent, title, text).exec()


def show_fatal(parent: QWidget | None, title: str, text: str) -> None:
    message_box(QMessageBox.Icon.Critical, parent, title, text).exec()


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
