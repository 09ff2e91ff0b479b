"""The professional standards of a CPD record as one fully visible checklist.

It was a list box about one and a half rows tall inside the scrolling record. Now
the eight parts of standard 4 (the ones CPD is meant to show) are tick boxes with
their words, and every other standard is a small tick box by its number, wrapped
like words under its group's heading, so all of them are on show at once.

One Tab stop for the whole list (like a list box): the arrow keys move between the
standards and Space ticks one. The words of the standard with the focus are shown
under the list, and every box's accessible name is its number and words.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QCheckBox, QVBoxLayout, QWidget

from desktop.course.model import Standard
from desktop.cpd.requirements import STANDARD_4_PARTS
from desktop.ui.design.flow_layout import FlowLayout
from desktop.ui.design.tokens import SPACE_S, SPACE_XS
from desktop.ui.style import muted, wrapping_choice

_NEXT = (Qt.Key.Key_Right, Qt.Key.Key_Down)
_PREVIOUS = (Qt.Key.Key_Left, Qt.Key.Key_Up)
KEYS_HINT = "Arrow keys move between the standards; Space ticks one."


class StandardsPicker(QWidget):
    """Tick boxes for every standard; ``changed`` fires whenever one is ticked or cleared."""

    changed = Signal()

    def __init__(self, standards: Iterable[Standard], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._catalogue = {s.number: s for s in standards}
        self.boxes: dict[str, QCheckBox] = {}
        self._current = ""
        self.setAccessibleName("Professional standards")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_XS)
        self._layout = layout

        part4 = muted("Standard 4: the parts CPD is meant to show")
        layout.addWidget(part4)
        for number in STANDARD_4_PARTS:
            box = self._box(number, number)
            layout.addWidget(wrapping_choice(box, self._words(number)))

        groups: dict[str, list[str]] = {}
        for number, standard in self._catalogue.items():
            if number not in STANDARD_4_PARTS:
                groups.setdefault(standard.group, []).append(number)
        for group, numbers in groups.items():
            self._flow(f"{group}. {self._catalogue[numbers[0]].group_heading}", numbers)
        self._other: FlowLayout | None = None

        self.detail = muted("")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setAccessibleDescription("The words of the standard with the focus")
        layout.addSpacing(SPACE_XS)
        layout.addWidget(self.detail)
        self.detail.hide()  # shown while a standard has the focus (its words, for a number)
        self._set_current(STANDARD_4_PARTS[0])

    # Building -------------------------------------------------------------------------

    def _words(self, number: str) -> str:
        standard = self._catalogue.get(number)
        if standard is None:
            return ""  # not in this course's list (kept from an imported record)
        return standard.text or standard.group_heading

    def _box(self, number: str, text: str) -> QCheckBox:
        box = QCheckBox(text)
        name = f"{number} {self._words(number)}".rstrip()
        box.setAccessibleName(name)
        box.setToolTip(name)
        box.setAccessibleDescription(KEYS_HINT)
        box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        box.toggled.connect(self.changed)
        box.installEventFilter(self)
        self.boxes[number] = box
        return box

    def _flow(self, title: str, numbers: list[str]) -> FlowLayout:
        self._layout.addSpacing(SPACE_XS)
        self._layout.addWidget(muted(title))
        holder = QWidget()
        flow = FlowLayout(holder, spacing=SPACE_S)
        for number in numbers:
            flow.addWidget(self._box(number, number))
        self._layout.addWidget(holder)
        return flow

    def add_unknown(self, number: str) -> QCheckBox:
        """A standard kept from an import that the catalogue lacks (never dropped)."""
        if self._other is None:
            index = self._layout.indexOf(self.detail) - 1  # before the spacing and detail
            title = muted("Other standards in this record")
            holder = QWidget()
            self._other = FlowLayout(holder, spacing=SPACE_S)
            self._layout.insertWidget(index, title)
            self._layout.insertWidget(index + 1, holder)
        box = self._box(number, number)
        self._other.addWidget(box)
        return box

    # Keyboard: one Tab stop, arrows inside ---------------------------------------------

    def numbers(self) -> list[str]:
        """Every standard offered, in the order shown."""
        return list(self.boxes)

    def current_box(self) -> QCheckBox:
        return self.boxes[self._current]

    def _set_current(self, number: str) -> None:
        if self._current in self.boxes:
            self.boxes[self._current].setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._current = number
        box = self.boxes[number]
        box.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the list's one Tab stop
        self.setFocusProxy(box)
        words = self._words(number)
        self.detail.setText(f"{number}: {words}" if words else number)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QCheckBox):
            return False
        number = next((n for n, b in self.boxes.items() if b is watched), "")
        if event.type() == QEvent.Type.FocusIn and number:
            self._set_current(number)
            self.detail.show()
        elif event.type() == QEvent.Type.FocusOut:
            QTimer.singleShot(0, self._hide_detail_unless_inside)
        elif event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and number:
            order = self.numbers()
            step = 1 if event.key() in _NEXT else -1 if event.key() in _PREVIOUS else 0
            if event.key() == Qt.Key.Key_Home:
                target = order[0]
            elif event.key() == Qt.Key.Key_End:
                target = order[-1]
            elif step:
                target = order[max(0, min(len(order) - 1, order.index(number) + step))]
            else:
                return False
            self._set_current(target)
            self.boxes[target].setFocus(Qt.FocusReason.TabFocusReason)
            return True
        return False

    def _hide_detail_unless_inside(self) -> None:
        focus = QApplication.focusWidget() or self.window().focusWidget()
        if focus is None or not self.isAncestorOf(focus):
            self.detail.hide()

    # Value ------------------------------------------------------------------------------

    def value(self) -> tuple[str, ...]:
        return tuple(n for n, box in self.boxes.items() if box.isChecked())

    def set_value(self, wanted: Iterable[str]) -> None:
        wanted = [str(s) for s in wanted]
        for number in wanted:
            if number not in self.boxes:  # kept from an import, even if the catalogue lacks it
                self.add_unknown(number)
        for number, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(number in wanted)
            box.blockSignals(False)
        self.changed.emit()
