"""Unexpected errors: log them, tell the person kindly, and keep Prism running.

``install_error_handler`` replaces ``sys.excepthook`` and ``threading.excepthook``.
Each unexpected exception is written to the log (scrubbed: see ``desktop.logs``)
and shown in a small, non-blocking dialog with a report the person can copy. The
app is not closed: every change is committed as it is made, so nothing is lost.

Storm guard: one dialog at a time (errors while it is open are counted on it), the
same error (same type and place) is shown once per session, and after
``MAX_DIALOGS`` dialogs further errors go to the log only.
"""

from __future__ import annotations

import sys
import threading
import traceback
from collections.abc import Callable
from types import TracebackType
from typing import TYPE_CHECKING

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from desktop.logs import current_log_file, error_report, log_exception

if TYPE_CHECKING:
    from desktop.ui.shell.error_dialog import ErrorDialog

MAX_DIALOGS = 3

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ErrorReporter(QObject):
    """Logs unexpected exceptions and shows them, one calm dialog at a time."""

    # Errors from other threads travel here, so the dialog is built on the GUI thread.
    _from_thread = Signal(object, object, object)

    def __init__(self, window: QWidget | None = None) -> None:
        super().__init__()
        self.window = window
        self.dialog: ErrorDialog | None = None
        self.dialogs_shown = 0
        self.errors_seen = 0
        self._shown_signatures: set[tuple[str, str, int]] = set()
        self._handling = False
        self._previous_hook: ExceptHook | None = None
        self._previous_thread_hook: Callable[[threading.ExceptHookArgs], object] | None = None
        self._from_thread.connect(self.handle)

    # Hooks ----------------------------------------------------------------------

    def install(self) -> ErrorReporter:
        self._previous_hook = sys.excepthook
        self._previous_thread_hook = threading.excepthook
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        if sys.excepthook == self.handle and self._previous_hook is not None:
            sys.excepthook = self._previous_hook
        if threading.excepthook == self._handle_thread and self._previous_thread_hook:
            threading.excepthook = self._previous_thread_hook

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        if args.exc_value is None or args.exc_type is SystemExit:
            return
        self._from_thread.emit(args.exc_type, args.exc_value, args.exc_traceback)

    # Handling -------------------------------------------------------------------

    def handle(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        """Log the exception and, unless the storm guard says not, show the dialog."""
        if issubclass(kind, KeyboardInterrupt | SystemExit):
            (self._previous_hook or sys.__excepthook__)(kind, error, tb)
            return
        if self._handling:  # an error while reporting an error: do not recurse
            sys.__excepthook__(kind, error, tb)
            return
        self._handling = True
        try:
            self.errors_seen += 1
            log_exception(kind, error, tb)
            self._show(kind, error, tb)
        except Exception:
            # The reporter itself failed; say so on stderr and let the app carry on.
            sys.__excepthook__(kind, error, tb)
        finally:
            self._handling = False

    def _show(
        self, kind: type[BaseException], error: BaseException, tb: TracebackType | None
    ) -> None:
        if self.dialog is not None and self.dialog.isVisible():
            self.dialog.count_another()
            return
        signature = _signature(kind, tb)
        if signature in self._shown_signatures or self.dialogs_shown >= MAX_DIALOGS:
            return
        self._shown_signatures.add(signature)
        self.dialogs_shown += 1
        # The dialog's module loads here, not at launch; if even that fails, handle()
        # falls back to printing the error.
        from desktop.ui.shell.error_dialog import ErrorDialog, friendly_text

        title, message = friendly_text(error)
        extra = {"Qt for Python": pyside_version}
        self.dialog = ErrorDialog(
            error_report(kind, error, tb, extra),
            title=title,
            message=message,
            log_path=current_log_file(),
            parent=self.window,
        )
        self.dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog.destroyed.connect(self._forget_dialog)
        # open(), not exec(): the dialog must not start a nested event loop inside
        # whatever slot just failed.
        self.dialog.open()

    def _forget_dialog(self) -> None:
        self.dialog = None


def _signature(kind: type[BaseException], tb: TracebackType | None) -> tuple[str, str, int]:
    frames = traceback.extract_tb(tb)
    if not frames:
        return (kind.__qualname__, "", 0)
    last = frames[-1]
    return (kind.__qualname__, last.filename, last.lineno or 0)


def install_error_handler(window: QWidget | None = None) -> ErrorReporter:
    """Install the hooks; keep the returned reporter alive (set ``.window`` later)."""
    return ErrorReporter(window).install()
