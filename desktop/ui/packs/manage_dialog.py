"""Manage packs: every installed pack with its version and origin; add, remove, restart."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.ui import dialogs
from desktop.ui.design.components import EmptyState
from desktop.ui.style import heading, muted

if TYPE_CHECKING:
    from desktop.services.startup import Services


class PackActions(Protocol):
    """What the dialog asks of the menu's actions (``menu.PackActions``), named here so
    the two modules do not import each other."""

    services: Services

    def add_pack(self, parent: QWidget) -> bool: ...

    def offer_restart(self, parent: QWidget, message: str) -> None: ...


EMPTY_TITLE = "No course packs installed"
EMPTY = (
    "A pack adds your organisation's own modules (its policy, devices and approved "
    "channels) beside the course. Choose Add pack… to install a .prismpack file your "
    "training team gave you."
)


class ManagePacksDialog(QDialog):
    def __init__(self, actions: PackActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.actions = actions
        self.setWindowTitle("Course packs")
        self.setMinimumSize(560, 360)
        # In the text's own units too, so the empty state's sentences fit at 200% text.
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(max(560, 40 * em), max(360, 22 * self.fontMetrics().lineSpacing()))
        self.packs = QListWidget()
        self.packs.setAccessibleName("Installed course packs")
        self.packs.setWordWrap(True)
        self.packs.currentItemChanged.connect(lambda *_: self._update_buttons())
        # Nothing installed: one empty state with the one thing to do, not an empty list.
        self.empty = EmptyState("▦", EMPTY_TITLE, EMPTY, "&Add pack…")
        self.empty.setAccessibleName(EMPTY_TITLE)
        self.empty.button.clicked.connect(lambda: self.actions.add_pack(self))
        self.trust = muted(
            "Verified means signed by a publisher in this computer's trusted list "
            "(trusted-publishers.yaml in the data folder). An unverified pack works the "
            "same: install it only if you trust whoever gave it to you."
        )
        self.trust.setWordWrap(True)
        self.note = muted("")
        self.note.setWordWrap(True)
        self.add_button = QPushButton("&Add pack…")
        self.add_button.clicked.connect(lambda: self.actions.add_pack(self))
        self.remove_button = QPushButton("&Remove pack…")
        self.remove_button.clicked.connect(self.remove_selected)
        close = QPushButton("&Close")
        close.clicked.connect(self.accept)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Course packs", 2))
        layout.addWidget(self.empty, 1)
        layout.addWidget(self.packs, 1)
        layout.addWidget(self.trust)
        layout.addWidget(self.note)
        row = QHBoxLayout()
        row.addWidget(self.add_button)
        row.addWidget(self.remove_button)
        row.addStretch(1)
        row.addWidget(close)
        layout.addLayout(row)

    def reload(self) -> None:
        self.packs.clear()
        for pack in self.actions.services.packs.installed():
            modules = len(pack.module_ids)
            replaces = f" · updates {len(pack.replaces)} course module(s)" if pack.replaces else ""
            text = (
                f"{pack.title} · version {pack.version}\n    {pack.origin} · "
                f"{modules} module{'s' if modules != 1 else ''}{replaces}"
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, pack.id)
            item.setData(Qt.ItemDataRole.UserRole + 1, pack.title)
            self.packs.addItem(item)
        has_packs = self.packs.count() > 0
        self.packs.setVisible(has_packs)
        self.empty.setVisible(not has_packs)
        # When empty, the empty state offers Add, and there is nothing to remove.
        self.add_button.setVisible(has_packs)
        self.remove_button.setVisible(has_packs)
        if has_packs:
            self.packs.setCurrentRow(0)
        if self.actions.services.packs.changed_since_start:
            self.note.setText("Changes show when Prism next opens.")
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.remove_button.setEnabled(self.packs.currentItem() is not None)

    def remove_selected(self) -> bool:
        from desktop.course.packs.archive import PackError

        item = self.packs.currentItem()
        if item is None:
            return False
        pack_id = item.data(Qt.ItemDataRole.UserRole)
        title = item.data(Qt.ItemDataRole.UserRole + 1)
        if not dialogs.ask_yes_no(
            self,
            "Remove this pack?",
            f"Remove '{title}'? Its modules leave the course when Prism next opens. Learners' "
            "progress, reflections and CPD records on them are kept, and come back if the "
            "pack is installed again.",
            yes="Remove",
        ):
            return False
        try:
            self.actions.services.packs.remove(pack_id)
        except (PackError, OSError) as error:
            dialogs.show_error(self, "Pack not removed", str(error))
            return False
        self.reload()
        self.actions.offer_restart(self, f"Removed '{title}'.")
        return True
