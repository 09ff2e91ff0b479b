"""The backup dialogs: Restore from backup…, the database check's report, and the
start-up question when the progress file is damaged or from a newer Prism
(``choose_recovery``, see ``desktop.services.recovery``).

The File menu items that open them live in ``desktop.ui.backups.menu``; this module is
imported the first time one is used, not at launch.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.backups import BackupError, BackupInfo, CheckReport
from desktop.services.recovery import RecoveryChoice, StartProblem
from desktop.ui import dialogs
from desktop.ui.busy import busy_cursor
from desktop.ui.design.components import (
    ROLE_PROPERTY,
    Callout,
    RoleButton,
    TextScroll,
    page_layout,
    primary_button,
    secondary_button,
)
from desktop.ui.design.tokens import SPACE_M, SPACE_S, Tone
from desktop.ui.style import heading, muted

if TYPE_CHECKING:
    from desktop.services.backups import BackupService


def choose_backup_file(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for a backup file anywhere on disk (tests replace this function)."""
    name, _ = QFileDialog.getOpenFileName(
        parent, "Choose a Prism backup", str(folder), "Prism backups (*.db);;All files (*)"
    )
    return Path(name) if name else None


class RestoreDialog(QDialog):
    """Lists the backups with their dates, kinds and sizes; restores the chosen one."""

    def __init__(
        self,
        service: BackupService,
        on_restored: Callable[[str], None],
        parent: QWidget,
        before_restore: Callable[[], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._on_restored = on_restored
        self._before_restore = before_restore
        self.setWindowTitle("Restore from backup")
        self.setAccessibleName("Restore from backup")
        # Sized in the text's own units, so at 200% text the dates still fit on one line.
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(max(720, 56 * em), max(440, 24 * self.fontMetrics().lineSpacing()))
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Restore from a backup", level=2))
        self.intro = QLabel(
            "Choose the backup to go back to. Your progress as it is now is saved as a "
            "backup first, so you can change your mind later."
        )
        self.intro.setWordWrap(True)
        layout.addWidget(self.intro)

        self.list = QTreeWidget()
        self.list.setHeaderLabels(["Taken (UK time)", "Kind", "Size"])
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setAccessibleName("Backups, newest first")
        header = self.list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.empty = QLabel(
            "There are no backups yet. Prism makes one automatically the first time you "
            "open it each day, and you can make one now with File > Back up now. "
            "To restore a backup kept somewhere else, choose From a file."
        )
        self.empty.setWordWrap(True)
        layout.addWidget(self.list, 1)
        # Takes the list's room when there is no list, so the empty state sits at the top.
        layout.addWidget(self.empty, 1, Qt.AlignmentFlag.AlignTop)
        self.folder_label = muted(f"Backups are kept in {service.folder}")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)

        buttons = QDialogButtonBox()
        self.restore_button = primary_button("&Restore…")
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.file_button = QPushButton("From a &file…")
        self.file_button.setAccessibleName("Restore a backup from a file")
        self.close_button = QPushButton("&Cancel")
        self.close_button.setAccessibleName("Cancel")
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.file_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.close_button, QDialogButtonBox.ButtonRole.RejectRole)
        layout.addWidget(buttons)
        self.restore_button.clicked.connect(self.restore_selected)
        self.file_button.clicked.connect(self.restore_from_file)
        self.close_button.clicked.connect(self.reject)
        self.list.itemActivated.connect(lambda *_: self.restore_selected())
        self.list.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        self.backups = self._service.list_backups()
        for backup in self.backups:
            item = QTreeWidgetItem([backup.when_text, backup.kind_label, backup.size_text])
            item.setTextAlignment(2, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, Qt.ItemDataRole.UserRole, str(backup.path))
            self.list.addTopLevelItem(item)
        has_backups = bool(self.backups)
        self.list.setVisible(has_backups)
        self.empty.setVisible(not has_backups)
        if has_backups:
            self.list.setCurrentItem(self.list.topLevelItem(0))
            self.list.setFocus()
        else:
            self.file_button.setFocus()
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.restore_button.setEnabled(self.selected() is not None)
        self.restore_button.setDefault(self.selected() is not None)

    def selected(self) -> BackupInfo | None:
        item = self.list.currentItem()
        if item is None:
            return None
        index = self.list.indexOfTopLevelItem(item)
        return self.backups[index] if 0 <= index < len(self.backups) else None

    def restore_selected(self) -> None:
        backup = self.selected()
        if backup is not None:
            self._confirm_and_restore(backup.path, f"the backup from {backup.when_text}")

    def restore_from_file(self) -> None:
        path = choose_backup_file(self, self._service.folder)
        if path is None:
            return
        check = self._service.check_backup(path)
        if not check.ok:
            dialogs.show_error(self, "This file cannot be restored", check.problem)
            return
        self._confirm_and_restore(path, path.name)

    def _confirm_and_restore(self, path: Path, described: str) -> None:
        question = (
            f"Replace your current progress with {described}?\n\n"
            "Everything in Prism, for every profile, goes back to how it was then. Your "
            "progress as it is now is saved as a backup first, so you can undo this by "
            "restoring that copy."
        )
        if not dialogs.ask_yes_no(self, "Restore this backup?", question, yes="Restore"):
            return
        if self._before_restore is not None:
            self._before_restore()
        try:
            with busy_cursor():
                report = self._service.restore(path)
        except BackupError as error:
            dialogs.show_error(self, "The backup was not restored", error.message)
            self.refresh()
            return
        self.accept()
        self._on_restored(report.message())


# --------------------------------------------------------------------------- #
# Check report dialog
# --------------------------------------------------------------------------- #


class CheckReportDialog(QDialog):
    """What 'Check database' looked at, found, fixed and could not fix.

    The outcome first, as a callout in its tone (healthy, repaired, or needs you), then
    the detail under plain headings in an area that scrolls at 200% text, then one main
    action: Restore from backup when something could not be repaired, else Close.
    """

    def __init__(
        self,
        report: CheckReport,
        parent: QWidget,
        open_restore: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle("Database check")
        self.setAccessibleName("Database check")
        layout = page_layout(self)  # the inset every page and dialog of the kit uses
        layout.setSpacing(SPACE_M)
        layout.addWidget(heading("Database check", level=2))
        tone = Tone.SUCCESS if report.ok else Tone.ERROR
        self.outcome = Callout(tone, report.summary())
        self.summary = self.outcome.title
        layout.addWidget(self.outcome)
        self.sections: dict[str, QLabel] = {}
        details: list[QWidget] = []
        self._section(details, "checked", "What Prism checked", report.checked)
        self._section(details, "found", "What it found", report.found or ("Nothing wrong.",))
        if report.found:
            self._section(details, "fixed", "What it repaired", report.fixed or ("Nothing.",))
        if report.not_fixed:
            self._section(details, "not_fixed", "What still needs you", report.not_fixed)
        if report.safety_copy is not None:
            copy = muted(
                "Before changing anything, Prism saved a copy of the file as it was: "
                f"{report.safety_copy}"
            )
            copy.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            details.append(copy)
        if report.clean:
            details.append(muted("You can run this check again at any time; it is safe."))
        layout.addWidget(TextScroll(*details, name="What the check did"), 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button: QPushButton | None = None
        needs_restore = not report.ok and open_restore is not None
        self.close_button = (secondary_button if needs_restore else primary_button)("&Close")
        self.close_button.setAccessibleName("Close")
        self.close_button.clicked.connect(self.accept)
        buttons.addWidget(self.close_button)
        if needs_restore:
            self.restore_button = primary_button("&Restore from backup…")
            self.restore_button.setAccessibleName("Restore from backup")
            self.restore_button.clicked.connect(self.accept)
            self.restore_button.clicked.connect(open_restore)
            buttons.addWidget(self.restore_button)
        layout.addLayout(buttons)
        self.close_button.setDefault(True)  # Enter closes: restoring is a choice to make
        self.close_button.setFocus()
        dialogs.fit_dialog(self, 620)

    def _section(self, into: list[QWidget], key: str, title: str, items: tuple[str, ...]) -> None:
        title_label = heading(title, level=3)
        if into:  # air between one section and the next
            title_label.setContentsMargins(0, SPACE_S, 0, 0)
        into.append(title_label)
        text = "\n".join(f"\u2022 {item}" for item in items)
        label = QLabel(text)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName(f"{title}: {' '.join(items)}")
        into.append(label)
        self.sections[key] = label


# --------------------------------------------------------------------------- #
# The actions
# --------------------------------------------------------------------------- #


# --------------------------------------------------------------------------- #
# Start-up question
# --------------------------------------------------------------------------- #


class RecoveryDialog(QDialog):
    """The start-up question when the progress file is damaged or from a newer Prism.

    What happened and what can be done, then a note that carrying on deletes nothing,
    then the choices with the safest one (the backup, else Quit) as the main action.
    Shown before the window exists, so it stands on its own.
    """

    def __init__(self, problem: StartProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choice = RecoveryChoice.QUIT
        self.setWindowTitle(problem.title)
        self.setAccessibleName(problem.title)
        layout = page_layout(self)  # the inset every page and dialog of the kit uses
        layout.setSpacing(SPACE_M)
        layout.addWidget(heading(problem.title, level=2))
        self.explanation = QLabel(f"{problem.what_happened}\n\n{problem.options}")
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.PlainText)
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kept = Callout(Tone.INFO, "Nothing is deleted", problem.keep_note)
        self.kept.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(TextScroll(self.explanation, self.kept, name=problem.title), 1)

        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = self._button(buttons, "&Quit, change nothing", RecoveryChoice.QUIT)
        self.empty_button = self._button(
            buttons, "&Start with empty progress", RecoveryChoice.START_EMPTY
        )
        self.restore_button: QPushButton | None = None
        if problem.backup is not None:
            self.restore_button = self._button(
                buttons, "&Restore the backup", RecoveryChoice.RESTORE_BACKUP
            )
        layout.addLayout(buttons)
        default = self.restore_button or self.quit_button
        default.setProperty(ROLE_PROPERTY, "primary")
        default.setDefault(True)
        default.setFocus()
        dialogs.fit_dialog(self, 600)

    def _button(self, row: QHBoxLayout, text: str, choice: RecoveryChoice) -> QPushButton:
        button = RoleButton(text, "secondary")  # the default one is made primary above
        button.setAccessibleName(text.replace("&", ""))
        button.setAutoDefault(False)
        button.clicked.connect(lambda: self._choose(choice))
        row.addWidget(button)
        return button

    def _choose(self, choice: RecoveryChoice) -> None:
        self.choice = choice
        self.done(0 if choice is RecoveryChoice.QUIT else 1)

    def reject(self) -> None:  # Escape or closing the window means Quit: change nothing
        self.choice = RecoveryChoice.QUIT
        super().reject()


def choose_recovery(problem: StartProblem, parent: QWidget | None = None) -> RecoveryChoice:
    """Ask what to do about a damaged or too-new progress file (a ``ChooseRecovery``)."""
    dialog = RecoveryDialog(problem, parent)
    dialog.exec()
    return dialog.choice
