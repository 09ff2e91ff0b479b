"""The answer options of one question, shared by the quiz and the refresh set.

One widget so both players behave the same way: each option is a radio button (one
answer) or a check box (several) with its text wrapped beside it, numbered for the
keys 1-9, and named for screen readers by its full text. Radio buttons share an
exclusive group; check boxes stay out of any group, because Qt makes a group a single
Tab stop and the arrow keys would then skip the other boxes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.quiz import Question
from desktop.ui.style import wrapping_choice

# Keys that would change a locked answer: Space ticks, arrows move the radio choice.
_CHANGING_KEYS = {
    Qt.Key.Key_Space,
    Qt.Key.Key_Select,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
}


class OptionList(QWidget):
    """The options of the question on show; ``changed`` fires when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QAbstractButton] = []
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_question(self, question: Question) -> None:
        """Replace the options with ``question``'s, none chosen."""
        self.clear()
        several = question.allows_several
        for index, option in enumerate(question.options):
            # The short label carries the mnemonic; the text beside it wraps (options run
            # to a few hundred characters) and stays readable after answering.
            label = f"&{index + 1}." if index < 9 else f"{index + 1}."
            button: QAbstractButton = QCheckBox(label) if several else QRadioButton(label)
            button.setAccessibleName(option.text)
            button.toggled.connect(self.changed)
            if not several:
                self.group.addButton(button, index)
            self.buttons.append(button)
            self._layout.addWidget(wrapping_choice(button, option.text))

    def clear(self) -> None:
        for button in self.buttons:
            if button.group() is not None:
                self.group.removeButton(button)
            row = button.parentWidget()
            row.hide()
            row.deleteLater()
        self.buttons = []

    def chosen(self) -> list[int]:
        """The indexes of the options chosen, in order."""
        return [i for i, b in enumerate(self.buttons) if b.isChecked()]

    def lock(self) -> None:
        """No more changes: the answer has been given.

        The options stay enabled (a disabled one cannot keep focus, and focus must stay
        on the answer while the feedback is read) but ignore clicks, Space and arrows.
        """
        for button in self.buttons:
            button.setProperty("answered", True)
            button.installEventFilter(self)

    def locked(self) -> bool:
        return bool(self.buttons) and bool(self.buttons[0].property("answered"))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched in self.buttons and watched.property("answered"):
            kind = event.type()
            if kind in (
                QEvent.Type.MouseButtonPress,
                QEvent.Type.MouseButtonRelease,
                QEvent.Type.MouseButtonDblClick,
            ):
                return True
            if kind == QEvent.Type.KeyPress and event.key() in _CHANGING_KEYS:
                return True
        return super().eventFilter(watched, event)

    def press_number(self, key: int) -> bool:
        """Keys 1-9 choose (or for check boxes toggle) that option; True if one was used."""
        if not Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return False
        index = key - Qt.Key.Key_1
        if index >= len(self.buttons) or self.locked():
            return bool(self.buttons)
        button = self.buttons[index]
        button.setChecked(not button.isChecked() if isinstance(button, QCheckBox) else True)
        button.setFocus()
        return True
