"""Work that waits until the window is up: the file check and today's backup.

Both cost in proportion to the size of the progress file (years of use on a shared
laptop), so neither may hold up the first window. Once the window has painted, one
worker thread

- runs ``PRAGMA quick_check`` on a connection of its own, when the open skipped it
  (the last session closed cleanly: see ``desktop.store.database``), and
- streams today's automatic backup to disk in steps and checks the copy there
  (`BackupService.back_up_if_due_in_steps`), when one is due.

Neither blocks: the window goes on drawing and answering. What they find is shown in
the status bar and announced to assistive technology; damage found points to File ›
Check database, as the menu item does. The thread is a daemon: quitting never waits
for it, and a backup cut short leaves only a temporary file the next start clears.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from desktop.ui.a11y import announce

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from desktop.services.startup import Services

DAMAGE_NOTICE = (
    "Prism found damage in your progress file while checking it in the background. "
    "Use File › Check database to repair it, or restore a backup."
)


class AfterStart(QObject):
    """Starts the background work after the window's first paint; reports back on the
    window's thread. ``finished`` carries the notices (empty when all was well)."""

    finished = Signal(list)

    def __init__(
        self,
        window: QMainWindow,
        services: Services,
        *,
        take_backup: bool = True,
        on_finished: Callable[[list[str]], None] | None = None,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._services = services
        self._take_backup = take_backup
        self._started = False
        self.thread: threading.Thread | None = None
        self.finished.connect(on_finished or self._show)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not self._started and event.type() == QEvent.Type.Paint:
            self._started = True
            self._window.removeEventFilter(self)
            QTimer.singleShot(0, self, self.start)  # once this paint is on screen
        return False

    def start(self) -> None:
        """Start the worker now (the first paint calls this; tests may too)."""
        self._started = True
        if self.thread is not None:
            return
        db = self._services.db
        check = not db.checked_at_open and db.path is not None
        if not check and not self._take_backup:
            return
        self.thread = threading.Thread(
            target=self._work, args=(check,), name="prism-after-start", daemon=True
        )
        self.thread.start()

    def _work(self, check: bool) -> None:
        notices: list[str] = []
        if check:
            from desktop.store.database import quick_check_file

            path = self._services.db.path
            if path is not None and quick_check_file(path):
                notices.append(DAMAGE_NOTICE)
        if self._take_backup and not notices:  # never copy a file found damaged
            from desktop.store.backup import BackupError

            try:
                self._services.backups.back_up_if_due_in_steps()
            except BackupError as error:
                notices.append("Prism could not make today's automatic backup. " + error.message)
            except Exception as error:  # a worker must report, never die silently
                notices.append(
                    f"Prism could not make today's automatic backup ({type(error).__name__})."
                )
        self.finished.emit(notices)

    def _show(self, notices: list[str]) -> None:
        if not notices:
            return
        text = " ".join(notices)
        self._window.statusBar().showMessage(text)
        announce(self._window.statusBar(), text)


def start_after_first_paint(
    window: QMainWindow, services: Services, *, take_backup: bool = True
) -> AfterStart:
    """Install the after-start work on ``window``; keep the result referenced."""
    return AfterStart(window, services, take_backup=take_backup)
