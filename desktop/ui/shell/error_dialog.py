"""The error dialog: "Something went wrong. Your work is saved.", with a report to copy.

Loaded by ``desktop.ui.shell.error_report`` when the first error is shown, so a launch
without errors never sets up its widgets.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
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

from desktop.logs import safe_path
from desktop.services.backups import disk_problem
from desktop.store.storage_errors import StorageError
from desktop.ui.a11y import announce
from desktop.ui.style import heading, muted


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
    if isinstance(error, StorageError):
        # The store's own words: what failed and what to do. Never "your work is saved".
        return ("Prism could not save", error.message)
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
