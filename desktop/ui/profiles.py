"""Who is learning? Pick a profile (last used first) or create one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.profiles import ProfileError
from desktop.services.startup import Services
from desktop.ui.style import heading, muted


class ProfilePage(QWidget):
    chosen = Signal(str)  # profile id

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.filter = QLineEdit(placeholderText="Type to find your name")
        self.filter.setAccessibleName("Find a profile")
        self.filter.textChanged.connect(self._apply_filter)
        self.list = QListWidget()
        self.list.setAccessibleName("Profiles on this computer")
        self.list.itemActivated.connect(self._open_item)
        self.open_button = QPushButton("&Open profile")
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open_current)
        self.empty = muted(
            "No profiles yet. Create one below: it keeps your progress, "
            "reflections and CPD drafts separate from anyone else's."
        )
        self.name = QLineEdit(placeholderText="Your name as you want it shown")
        self.name.setMaxLength(60)
        self.name.returnPressed.connect(self._create)
        self.create_button = QPushButton("&Create profile")
        self.create_button.clicked.connect(self._create)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b00020")
        self.error.setAccessibleName("Profile message")

        column = QWidget()
        column.setMaximumWidth(560)
        layout = QVBoxLayout(column)
        layout.addWidget(heading("Who is learning?"))
        layout.addWidget(muted("Each person on this computer has their own profile."))
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.filter)
        row = QHBoxLayout()
        row.addWidget(find_label)
        row.addWidget(self.filter, 1)
        layout.addLayout(row)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignRight)
        layout.addSpacing(16)
        layout.addWidget(heading("New profile", 2))
        form = QFormLayout()
        name_label = QLabel("&Name:")
        name_label.setBuddy(self.name)
        form.addRow(name_label, self.name)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.create_button, 0, Qt.AlignmentFlag.AlignRight)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 3)
        outer.addStretch(1)

    def refresh(self) -> None:
        self.list.clear()
        self.error.clear()
        for profile in self.services.profiles.list():
            item = QListWidgetItem(profile.name)
            item.setData(Qt.ItemDataRole.UserRole, profile.id)
            self.list.addItem(item)
        has_any = self.list.count() > 0
        self.empty.setVisible(not has_any)
        self.filter.setVisible(has_any)
        self.open_button.setEnabled(has_any)
        if has_any:
            self.list.setCurrentRow(0)  # last used first, so preselected
            self.list.setFocus()
        else:
            self.name.setFocus()

    def _apply_filter(self, text: str) -> None:
        needle = text.strip().casefold()
        first_visible = None
        for row in range(self.list.count()):
            item = self.list.item(row)
            hidden = needle not in item.text().casefold()
            item.setHidden(hidden)
            if not hidden and first_visible is None:
                first_visible = item
        self.list.setCurrentItem(first_visible)

    def _open_item(self, item: QListWidgetItem) -> None:
        self.chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _open_current(self) -> None:
        item = self.list.currentItem()
        if item is not None and not item.isHidden():
            self._open_item(item)

    def _create(self) -> None:
        try:
            profile = self.services.profiles.create(self.name.text())
        except ProfileError as error:
            self.error.setText(str(error))
            self.name.setFocus()
            return
        self.name.clear()
        self.chosen.emit(profile.id)
