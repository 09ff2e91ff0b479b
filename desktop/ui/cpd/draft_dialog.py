"""Create CPD record from my learning: pick finished modules, and Prism drafts the record.

Prism fills in only what it knows (type, dates, time, standards, evidence). It
never invents learning: "What I learnt" starts from the person's own
reflections only when they tick the box, which is off by default.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.records import CpdRecord
from desktop.ui.style import heading, muted

if TYPE_CHECKING:
    from desktop.services.cpd import CompletedModule

REFLECTIONS_CHECKBOX = "Start ‘What I learnt’ from my &reflections (you can edit it)"
EMPTY_TEXT = (
    "You have not completed a module yet. A module counts as completed when you have read "
    "it to the end and passed its quiz (a module without a quiz counts once it is read).\n\n"
    "Open a module from the course home, read to the end, then take its quiz. Come back "
    "here afterwards and Prism will draft the record for you."
)


def module_details(module: CompletedModule) -> str:
    """ "Completed 18 November 2026 · 1 h 35 min · quiz score 90%"."""
    parts = [f"Completed {format_date_uk(module.completed_on)}", format_minutes(module.minutes)]
    if module.quiz_score is not None:
        parts.append(f"quiz score {round(module.quiz_score)}%")
    return " · ".join(parts)


class CpdDraftDialog(QDialog):
    """Choose completed modules; `chosen_module_ids()` and `include_reflections()` on accept."""

    def __init__(
        self,
        modules: Sequence[CompletedModule],
        records: Sequence[CpdRecord] = (),
        preselected: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Create CPD record from my learning")
        self.modules = list(modules)
        used = _records_by_module(records)

        self.list = QListWidget()
        self.list.setAccessibleName("Completed modules")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 10)
        for module in self.modules:
            text = f"{module.title}\n    {module_details(module)}"
            if module.module_id in used:
                text += f"\n    Already in your record ‘{used[module.module_id]}’"
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, module.module_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            checked = module.module_id in preselected
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.list.itemChanged.connect(self._update)
        self.reflections = QCheckBox(REFLECTIONS_CHECKBOX)
        self.reflections.setAccessibleName(REFLECTIONS_CHECKBOX.replace("&", ""))
        self.reflections.setChecked(False)
        self.reflections_note = muted("")
        self.empty = muted(EMPTY_TEXT)
        self.go_home = False  # set when the person asks to go and study instead

        self.buttons = QDialogButtonBox()
        self.create_button = QPushButton("&Create draft")
        self.create_button.setDefault(True)
        self.buttons.addButton(self.create_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setText("Cancel")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Create a CPD record from my learning", 2))
        if self.modules:
            layout.addWidget(
                muted(
                    "Tick the modules this record is about (Space ticks or unticks one). "
                    "Prism fills in the type, dates, time spent, standards and evidence. "
                    "You then write, in your own words, what you learnt and how it changes "
                    "your practice."
                )
            )
            layout.addWidget(self.list, 1)
            layout.addWidget(self.reflections)
            layout.addWidget(self.reflections_note)
        else:
            layout.addWidget(self.empty, 1)
            self.list.hide()
            self.reflections.hide()
            self.reflections_note.hide()
            self.create_button.hide()
            cancel.setText("Close")
            home = QPushButton("Go to the course &home")
            home.setDefault(True)
            home.clicked.connect(self._go_home)
            self.buttons.addButton(home, QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(self.buttons)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())
        if self.modules:
            self.list.setCurrentRow(0)
            self.list.setFocus()
        self._update()

    def _update(self) -> None:
        ids = self.chosen_module_ids()
        self.create_button.setEnabled(bool(ids))
        chosen = [m for m in self.modules if m.module_id in ids]
        with_reflections = sum(len(m.reflection_ids) for m in chosen)
        if not chosen:
            note = "Tick at least one module to create a draft."
        elif with_reflections:
            plural = "reflection" if with_reflections == 1 else "reflections"
            note = f"You wrote {with_reflections} {plural} for the chosen modules."
        else:
            note = "You have not written reflections for the chosen modules, so this starts empty."
        self.reflections_note.setText(note)

    def _go_home(self) -> None:
        self.go_home = True
        self.reject()

    def chosen_module_ids(self) -> list[str]:
        return [
            item.data(Qt.ItemDataRole.UserRole)
            for item in (self.list.item(i) for i in range(self.list.count()))
            if item.checkState() == Qt.CheckState.Checked
        ]

    def set_checked(self, module_id: str, checked: bool = True) -> None:
        for item in (self.list.item(i) for i in range(self.list.count())):
            if item.data(Qt.ItemDataRole.UserRole) == module_id:
                item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def include_reflections(self) -> bool:
        return self.reflections.isChecked()


def _records_by_module(records: Sequence[CpdRecord]) -> dict[str, str]:
    """Module id -> title of a record that already links it, so people avoid duplicates."""
    used: dict[str, str] = {}
    for record in records:
        for link in record.evidence:
            if link.kind == "module":
                used.setdefault(link.ref, record.title.strip() or "Untitled")
    return used
