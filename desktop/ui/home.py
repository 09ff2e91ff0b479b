"""The home dashboard: continue where you left off, how the year is going, and every module.

A practitioner opening Prism at 9 pm needs three answers at a glance: where was I,
am I on track for renewal, and is anything waiting for me. The tiles answer those;
the module list below shows progress module by module.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.dashboard import Dashboard, format_study_time
from desktop.services.startup import Services
from desktop.ui.cpd_tile import CpdYearTile
from desktop.ui.list_rows import keep_rows_visible
from desktop.ui.style import heading, muted


class Tile(QFrame):
    """A framed box with a small heading, a line of text and an optional button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.title = heading(title, 3)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.note = muted("")
        self.note.setWordWrap(True)
        self.layout_ = QVBoxLayout(self)
        self.layout_.addWidget(self.title)
        self.layout_.addWidget(self.text)
        self.layout_.addWidget(self.note)
        self.layout_.addStretch(1)


class HomePage(QWidget):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dashboard: Dashboard | None = None
        self.greeting = heading("")
        self.course_title = muted(services.course.title)
        self.continue_button = QPushButton()
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        self._resume_target = ""

        self.study_tile = Tile("Active study time")
        self.study_tile.setAccessibleName("Active study time")
        self.cpd_tile = CpdYearTile(services)
        self.cpd_tile.navigate.connect(self.navigate)
        self.refresh_tile = Tile("Refresh")
        self.refresh_button = QPushButton("Start the &refresh")
        self.refresh_button.clicked.connect(lambda: self.navigate.emit("refresh"))
        self.refresh_tile.layout_.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        tiles = QGridLayout()
        tiles.addWidget(self.study_tile, 0, 0)
        tiles.addWidget(self.cpd_tile, 0, 1)
        tiles.addWidget(self.refresh_tile, 0, 2)
        for column in range(3):
            tiles.setColumnStretch(column, 1)

        self.modules = QListWidget()
        self.modules.setAccessibleName("Course modules and your progress")
        self.modules.setWordWrap(True)
        self.modules.setSpacing(2)
        keep_rows_visible(self.modules, 5)  # a whole module entry (title and 1-3 lines)
        self.modules.itemActivated.connect(self._open_item)
        self.open_button = QPushButton("&Open module")
        self.open_button.clicked.connect(lambda: self._open_item(self.modules.currentItem()))
        self.journal_button = QPushButton("Reflection &journal")
        self.journal_button.clicked.connect(lambda: self.navigate.emit("journal"))
        self.capabilities_button = QPushButton("Rate your digital &capabilities")
        self.capabilities_button.clicked.connect(lambda: self.navigate.emit("capabilities"))
        self.summary = muted("")

        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.course_title)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(6)
        layout.addLayout(tiles)
        layout.addWidget(heading("Modules", 2))
        layout.addWidget(self.summary)
        layout.addWidget(self.modules, 1)
        row = QHBoxLayout()
        row.addWidget(self.journal_button)
        row.addWidget(self.capabilities_button)
        row.addStretch(1)
        row.addWidget(self.open_button)
        layout.addLayout(row)

    def refresh(self, profile_id: str, profile_name: str) -> None:
        board = self.services.dashboard.summary(profile_id)
        self.dashboard = board
        self.greeting.setText(f"Welcome, {profile_name}")
        self._show_continue(board)
        self._show_study_time(board)
        self.cpd_tile.refresh(profile_id, board.cpd)
        self._show_refresh(board)
        self._show_modules(board)

    def _show_continue(self, board: Dashboard) -> None:
        resume = board.resume
        if resume is None:
            first = self.services.course.modules[0] if self.services.course.modules else None
            self._resume_target = f"module:{first.id}" if first else ""
            self.continue_button.setText(
                f"&Start the course: {first.title}" if first else "No modules available"
            )
        else:
            self._resume_target = f"module:{resume.module_id}"
            self._set_continue_text(resume.module_title, resume.section_title)
        self.continue_button.setEnabled(bool(self._resume_target))

    def _set_continue_text(self, module_title: str, section: str | None) -> None:
        where = f" — {section}" if section else ""
        self.continue_button.setText(f"&Continue where you left off: {module_title}{where}")

    def _show_study_time(self, board: Dashboard) -> None:
        year = format_study_time(board.study_seconds_year)
        self.study_tile.text.setText(f"{year} this registration year ({board.year.label})")
        earlier = board.study_seconds_all - board.study_seconds_year
        total = f"{format_study_time(board.study_seconds_all)} in all. " if earlier >= 60 else ""
        self.study_tile.note.setText(
            f"{total}Time counts while you read, answer or reflect; "
            "a pause of more than 2 minutes is left out."
        )
        self.study_tile.setAccessibleDescription(
            f"{self.study_tile.text.text()}. {self.study_tile.note.text()}"
        )

    def _show_refresh(self, board: Dashboard) -> None:
        due = board.refresh_due
        if due:
            shown = min(due, 5)
            self.refresh_tile.text.setText(
                f"{due} question{'s' if due != 1 else ''} you missed "
                f"{'are' if due != 1 else 'is'} ready to try again."
            )
            self.refresh_tile.note.setText(
                f"A refresh set takes {shown} at a time and about {shown} minutes."
            )
        else:
            self.refresh_tile.text.setText("Nothing to refresh today.")
            self.refresh_tile.note.setText(
                "Questions you answer wrongly come back here on later days, "
                "at growing intervals, until they stick."
            )
        self.refresh_button.setVisible(due > 0)
        self.refresh_tile.setAccessibleName(
            f"Refresh: {self.refresh_tile.text.text()} {self.refresh_tile.note.text()}"
        )

    def _show_modules(self, board: Dashboard) -> None:
        self.modules.clear()
        self.summary.setText(
            f"{board.modules_passed} of {board.modules_available} modules passed. "
            "Pick a module and press Enter to open it."
        )
        for number, status in enumerate(board.statuses, start=1):
            if status.available:
                quiz = f" · {status.quiz_summary}" if status.quiz_summary else ""
                details = f"{status.state}{quiz} · about {status.minutes} min · {status.summary}"
                text = f"{number}. {status.title}\n    {details}"
            else:
                text = f"{number}. {status.title}\n    Unavailable: {status.reason}"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, status.module_id)
            item.setToolTip(status.summary if status.available else status.reason)
            if not status.available:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.modules.addItem(item)
        self.modules.setCurrentRow(0)

    def _continue(self) -> None:
        if self._resume_target:
            self.navigate.emit(self._resume_target)

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is not None and item.flags() & Qt.ItemFlag.ItemIsEnabled:
            self.navigate.emit(f"module:{item.data(Qt.ItemDataRole.UserRole)}")
