"""Home's section for modules from installed packs, apart from the course's own.

One heading, then each pack's name and origin ("from Northshire Council (verified)")
above its modules, so a learner always knows which text is national guidance and
which is their organisation's.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from desktop.course.model import PackInfo
from desktop.services.reading import ModuleStatus
from desktop.ui.style import heading


class PackModulesSection(QWidget):
    navigate = Signal(str)

    def __init__(self, packs: Sequence[PackInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.packs = tuple(packs)
        self.modules = QListWidget()
        self.modules.setAccessibleName("Modules from your organisation's course packs")
        self.modules.setWordWrap(True)
        self.modules.setSpacing(2)
        self.modules.itemActivated.connect(self._open_item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("From your organisation", 2))
        layout.addWidget(self.modules, 1)

    def owns(self, module_id: str) -> bool:
        return any(module_id in p.module_ids and module_id not in p.replaces for p in self.packs)

    def show_statuses(self, statuses: Sequence[ModuleStatus]) -> None:
        self.modules.clear()
        by_id = {s.module_id: s for s in statuses}
        for pack in self.packs:
            header = QListWidgetItem(f"{pack.title} · version {pack.version} · {pack.origin}")
            font = QFont(header.font())
            font.setBold(True)
            header.setFont(font)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a label: not selectable or openable
            header.setData(Qt.ItemDataRole.UserRole, "")
            self.modules.addItem(header)
            for module_id in pack.module_ids:
                status = by_id.get(module_id)
                if status is None or module_id in pack.replaces:
                    continue
                item = QListWidgetItem(f"{status.title}\n    {status.list_details}")
                item.setData(Qt.ItemDataRole.UserRole, module_id if status.available else "")
                item.setToolTip(status.summary if status.available else status.reason)
                if not status.available:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
                self.modules.addItem(item)
        self._fit_height()

    def _fit_height(self) -> None:
        """As tall as its rows (up to a third of a small screen): the course list keeps the rest."""
        rows = sum(max(self.modules.sizeHintForRow(i), 0) for i in range(self.modules.count()))
        spacing = 2 * self.modules.spacing() * self.modules.count()
        frame = 2 * self.modules.frameWidth() + 4
        self.modules.setFixedHeight(min(rows + spacing + frame, 240))

    def _open_item(self, item: QListWidgetItem | None) -> None:
        module_id = item.data(Qt.ItemDataRole.UserRole) if item is not None else ""
        if module_id:
            self.navigate.emit(f"module:{module_id}")
