"""File > Add course pack… and File > Manage packs…, and installing from either.

``install_pack_actions(window, file_menu, services)`` adds the two items and returns
the ``PackActions`` that owns them. A pack's modules join the course when Prism next
opens, so after an install or removal the window offers to restart. The dialog module
is imported when first opened: the launch builds two menu items and nothing more.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMenu, QWidget

from desktop.ui import dialogs

if TYPE_CHECKING:
    from desktop.services.startup import Services
    from desktop.ui.packs.manage_dialog import ManagePacksDialog


def choose_pack_file(parent: QWidget) -> Path | None:
    name, _ = QFileDialog.getOpenFileName(
        parent, "Add course pack", str(Path.home()), "Prism course packs (*.prismpack)"
    )
    return Path(name) if name else None


def restart_prism(window: QMainWindow) -> None:
    """Start Prism again with the same arguments, then close this window (saving as usual)."""
    from PySide6.QtCore import QProcess

    if getattr(sys, "frozen", False):
        program, arguments = sys.executable, sys.argv[1:]
    else:
        program, arguments = sys.executable, ["-m", "desktop", *sys.argv[1:]]
    if QProcess.startDetached(program, arguments)[0]:
        window.close()
    else:
        dialogs.show_error(
            window, "Restart Prism", "Prism could not restart itself. Close it and open it again."
        )


class PackActions(QObject):
    """The two File menu items, the install flow and the Manage packs dialog."""

    def __init__(self, window: QMainWindow, file_menu: QMenu, services: Services) -> None:
        super().__init__(window)
        self.window = window
        self.services = services
        self.dialog: ManagePacksDialog | None = None
        # Replaceable, so tests can answer without a native file dialog or a new process.
        self.choose_file: Callable[[QWidget], Path | None] = choose_pack_file
        self.restart: Callable[[QMainWindow], None] = restart_prism
        self.add_action = QAction("Add course &pack…", window)
        self.add_action.setStatusTip("Install your organisation's own modules from a .prismpack")
        self.add_action.triggered.connect(lambda: self.add_pack(window))
        self.manage_action = QAction("&Manage packs…", window)
        self.manage_action.setStatusTip("See, update or remove installed course packs")
        self.manage_action.triggered.connect(self.open_manager)
        file_menu.addAction(self.add_action)
        file_menu.addAction(self.manage_action)

    def add_pack(self, parent: QWidget) -> bool:
        path = self.choose_file(parent)
        return path is not None and self.install(path, parent)

    def install(self, path: Path, parent: QWidget | None = None) -> bool:
        """Install ``path``, asking before a reinstall or downgrade; True when installed."""
        from desktop.course.packs.archive import PackError, PackNeedsForce

        parent = parent or self.window
        try:
            result = self.services.packs.install(path)
        except PackNeedsForce as error:
            if not dialogs.ask_yes_no(
                parent, "Install this pack anyway?", f"{error}.\n\nInstall it anyway?",
                yes="Install anyway",
            ):  # fmt: skip
                return False
            try:
                result = self.services.packs.install(path, force=True)
            except PackError as again:
                dialogs.show_error(parent, "Pack not installed", _refusal(path, again))
                return False
        except PackError as error:
            dialogs.show_error(parent, "Pack not installed", _refusal(path, error))
            return False
        except OSError as error:
            dialogs.show_error(
                parent,
                "Pack not installed",
                f"The pack could not be saved in your data folder: {error.strerror}. "
                "Check there is space on the disk.",
            )
            return False
        if self.dialog is not None:
            self.dialog.reload()
        self.offer_restart(parent, result.message)
        return True

    def offer_restart(self, parent: QWidget, message: str) -> None:
        if dialogs.ask_yes_no(
            parent,
            "Restart Prism?",
            f"{message}\n\nThe change shows when Prism next opens. Restart Prism now? "
            "Everything you have written is saved.",
            yes="Restart now",
            no="Later",
        ):
            self.restart(self.window)

    def open_manager(self) -> None:
        from desktop.ui.packs.manage_dialog import ManagePacksDialog

        if self.dialog is None:
            self.dialog = ManagePacksDialog(self, self.window)
        self.dialog.reload()
        self.dialog.show()
        self.dialog.raise_()
        self.dialog.activateWindow()


def _refusal(path: Path, error: Exception) -> str:
    return (
        f"{path.name} was not installed, and nothing was changed.\n\n{error}\n\n"
        "Ask whoever gave you the pack for a corrected copy."
    )


def install_pack_actions(window: QMainWindow, file_menu: QMenu, services: Services) -> PackActions:
    """Add File > Add course pack… and Manage packs…."""
    return PackActions(window, file_menu, services)
