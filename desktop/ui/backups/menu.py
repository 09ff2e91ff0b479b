"""File menu items for backups: Back up now, Restore from backup…, Check database….

``install_backup_actions(window, file_menu, services)`` adds them above Quit and
returns a ``BackupActions`` object that owns the dialogs. A restore swaps the data
under the open window (same database connection, so no restart is needed):
``before_restore`` is called first, so the window can save anything still pending
(it then lands in the safety copy), and ``on_restored`` after; by default the
window goes back to the profile chooser, because the profile that was open may not
exist in the restored data.

The dialogs themselves (``desktop.ui.backups.actions``) are imported when first
opened: the launch builds three menu items and nothing more.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMainWindow, QMenu

from desktop.services.backups import BackupError, BackupInfo
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.busy import busy_cursor

if TYPE_CHECKING:
    from desktop.services.backups import BackupService
    from desktop.services.startup import Services
    from desktop.ui.backups.actions import CheckReportDialog, RestoreDialog


# --------------------------------------------------------------------------- #
# Restore dialog
# --------------------------------------------------------------------------- #


class BackupActions(QObject):
    """The three File menu actions and the dialogs they open."""

    def __init__(
        self,
        window: QMainWindow,
        file_menu: QMenu,
        service: BackupService,
        on_restored: Callable[[], None] | None = None,
        before_restore: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(window)
        self.window = window
        self.service = service
        self._on_restored = on_restored
        self._before_restore = before_restore
        self.restore_dialog: RestoreDialog | None = None
        self.check_dialog: CheckReportDialog | None = None

        self.back_up_action = QAction("&Back up now", window)
        self.restore_action = QAction("&Restore from backup…", window)
        self.check_action = QAction("Check &database…", window)
        self.back_up_action.setStatusTip("Save a copy of all your progress now")
        self.restore_action.setStatusTip("Go back to your progress as it was in a backup")
        self.check_action.setStatusTip("Look for problems in the progress file and repair them")
        self.back_up_action.triggered.connect(self.back_up_now)
        self.restore_action.triggered.connect(self.open_restore_dialog)
        self.check_action.triggered.connect(self.check_database)
        _insert_before_last_separator(
            file_menu, [self.back_up_action, self.restore_action, self.check_action]
        )

    def back_up_now(self) -> BackupInfo | None:
        try:
            with busy_cursor():
                backup = self.service.back_up_now()
        except BackupError as error:
            dialogs.show_error(self.window, "The backup was not saved", error.message)
            return None
        message = f"Backup saved ({backup.size_text}) in {backup.path.parent}."
        self.window.statusBar().showMessage(message)
        announce(self.window.statusBar(), message)
        dialogs.show_info(
            self.window,
            "Backup saved",
            f"A copy of all your progress is saved as:\n{backup.path}\n\n"
            "Prism keeps the backups you make until you delete them.",
        )
        return backup

    def open_restore_dialog(self) -> RestoreDialog:
        from desktop.ui.backups.actions import RestoreDialog

        self.restore_dialog = RestoreDialog(
            self.service, self._restored, self.window, self._before_restore
        )
        self.restore_dialog.open()
        return self.restore_dialog

    def check_database(self) -> CheckReportDialog:
        from desktop.ui.backups.actions import CheckReportDialog

        with busy_cursor():
            report = self.service.check_database()
        self.check_dialog = CheckReportDialog(report, self.window, self.open_restore_dialog)
        self.check_dialog.open()
        self.window.statusBar().showMessage(report.summary())
        return self.check_dialog

    def show_start_notices(self) -> None:
        """Show, once, what start-up did (recovery, or a failed automatic backup)."""
        notices = self.service.take_notices()
        if notices:
            text = " ".join(notices)
            self.window.statusBar().showMessage(text)
            announce(self.window.statusBar(), text)

    def _restored(self, message: str) -> None:
        if self._on_restored is not None:
            self._on_restored()
        else:
            show_profiles = getattr(self.window, "show_profiles", None)
            if callable(show_profiles):
                show_profiles()
        self.window.statusBar().showMessage(message)
        dialogs.show_info(
            self.window,
            "Backup restored",
            f"{message}\n\nPrism now shows the restored progress. Choose your profile to carry on.",
        )


def _insert_before_last_separator(menu: QMenu, actions: list[QAction]) -> None:
    """Put the actions in their own group just above the menu's last group (Quit)."""
    existing = menu.actions()
    separators = [a for a in existing if a.isSeparator()]
    if not separators:
        menu.addSeparator()
        menu.addActions(actions)
        return
    before = separators[-1]
    menu.insertActions(before, actions)
    menu.insertSeparator(actions[0])


def install_backup_actions(
    window: QMainWindow,
    file_menu: QMenu,
    services: Services,
    *,
    on_restored: Callable[[], None] | None = None,
    before_restore: Callable[[], None] | None = None,
) -> BackupActions:
    """Add Back up now, Restore from backup… and Check database… to ``file_menu``.

    What start-up has to tell the person (a recovery, a failed automatic backup) is
    shown in the status bar once the window's own start-up messages are up.
    """
    actions = BackupActions(window, file_menu, services.backups, on_restored, before_restore)
    QTimer.singleShot(0, actions, actions.show_start_notices)
    return actions
