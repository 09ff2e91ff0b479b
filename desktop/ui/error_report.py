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
from pathlib import Path
from types import TracebackType

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.logs import current_log_file, error_report, log_exception, safe_path
from desktop.services.backups import disk_problem
from desktop.ui.a11y import announce
from desktop.ui.style import heading, muted

MAX_DIALOGS = 3

ExceptHook = Callable[[type[BaseException], BaseException, TracebackType | None], object]


class ErrorDialog(QDialog):
    """'Something went wrong. Your work is saved.', a copyable report and where the log is."""

    def __init__(
        self,
        report: str,
        *,
        title: str,
        message: str,
        log_path: Path | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.more = 0
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.resize(600, 400)
        layout = QVBoxLayout(self)
        self.heading = heading(title, level=2)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.heading)
        layout.addWidget(self.message)

        report_label = QLabel("&Report (no text you wrote is in it):")
        self.report_view = QPlainTextEdit(report)
        self.report_view.setReadOnly(True)
        self.report_view.setTabChangesFocus(True)
        self.report_view.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_view.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.report_view.setAccessibleName("Error report")
        report_label.setBuddy(self.report_view)
        layout.addWidget(report_label)
        layout.addWidget(self.report_view, 1)

        where = (
            f"The details are also saved in the log file: {safe_path(log_path)}"
            if log_path is not None
            else "Prism could not write a log file, so copy the report if you need it."
        )
        self.log_label = muted(where)
        self.log_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.log_label)
        self.more_label = muted("")
        self.more_label.hide()
        layout.addWidget(self.more_label)

        buttons = QDialogButtonBox()
        self.copy_button = QPushButton("&Copy report")
        self.copy_button.setAccessibleName("Copy report")
        self.copy_button.setAutoDefault(False)
        self.close_button = QPushButton("C&lose")
        self.close_button.setAccessibleName("Close")
        self.close_button.setDefault(True)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.copy_button.clicked.connect(self.copy_report)
        self.close_button.clicked.connect(self.accept)
        layout.addWidget(buttons)
        self.close_button.setFocus()

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self.report)
        self.copy_button.setText("&Copied")
        announce(self.copy_button, "Report copied. You can paste it into an email or a form.")

    def count_another(self) -> None:
        """Another error happened while this dialog was open."""
        self.more += 1
        noun = "error" if self.more == 1 else "errors"
        self.more_label.setText(
            f"{self.more} more {noun} happened while this message was open. "
            "They are in the log file."
        )
        self.more_label.show()


def friendly_text(error: BaseException) -> tuple[str, str]:
    """(title, message) for the dialog; a full disk or read-only folder gets its own words."""
    problem = disk_problem(error)
    if problem is not None:
        return (
            "Prism could not save",
            f"Prism could not save your last change. {problem} "
            "Everything you saved before that is safe.",
        )
    return (
        "Something went wrong. Your work is saved.",
        "Prism saves each change as you make it, so nothing you did before this is lost, "
        "and you can carry on working. If this keeps happening, copy the report below and "
        "send it to whoever looks after Prism for you.",
    )


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
