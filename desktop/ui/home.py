"""The course home: continue where you left off, and every module with its progress."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.startup import Services
from desktop.ui.style import heading, muted


class HomePage(QWidget):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.greeting = heading("")
        self.course_title = muted(services.course.title)
        self.continue_button = QPushButton()
        self.continue_button.clicked.connect(self._continue)
        self._resume_target = ""
        self.modules = QListWidget()
        self.modules.setAccessibleName("Course modules and your progress")
        self.modules.setWordWrap(True)
        self.modules.setSpacing(2)
        self.modules.itemActivated.connect(self._open_item)
        self.open_button = QPushButton("&Open module")
        self.open_button.clicked.connect(lambda: self._open_item(self.modules.currentItem()))
        self.summary = muted("")

        layout = QVBoxLayout(self)
        layout.addWidget(self.greeting)
        layout.addWidget(self.course_title)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(heading("Modules", 2))
        layout.addWidget(self.summary)
        layout.addWidget(self.modules, 1)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.open_button)
        layout.addLayout(row)

    def refresh(self, profile_id: str, profile_name: str) -> None:
        self.greeting.setText(f"Welcome, {profile_name}")
        resume = self.services.reading.resume(profile_id)
        if resume is None:
            first = self.services.course.modules[0] if self.services.course.modules else None
            self._resume_target = f"module:{first.id}" if first else ""
            self.continue_button.setText(
                f"&Start the course: {first.title}" if first else "No modules available"
            )
        else:
            self._resume_target = f"module:{resume.module_id}"
            where = f" — {resume.section_title}" if resume.section_title else ""
            self.continue_button.setText(
                f"&Continue where you left off: {resume.module_title}{where}"
            )
        self.continue_button.setEnabled(bool(self._resume_target))
        self.modules.clear()
        statuses = self.services.reading.statuses(profile_id)
        done = sum(1 for s in statuses if s.quiz_passed)
        self.summary.setText(
            f"{done} of {len(statuses)} modules passed. Pick a module and press Enter to open it."
        )
        for number, status in enumerate(statuses, start=1):
            if status.available:
                details = f"{status.state} · about {status.minutes} min · {status.summary}"
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
