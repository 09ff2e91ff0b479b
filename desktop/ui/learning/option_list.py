"""The answer options of one question, shared by the quiz and the refresh set.

One widget so both players behave the same way: each option is a radio button (one
answer) or a check box (several) with its text wrapped beside it, numbered for the
keys 1-9 in the order shown (which may be a shuffled order: ``chosen`` always answers
in authored indexes), and named for screen readers by its full text. Radio buttons share an
exclusive group; check boxes stay out of any group, because Qt makes a group a single
Tab stop and the arrow keys would then skip the other boxes.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.grading import Feedback
from desktop.domain.quiz import Question
from desktop.ui.style import wrapping_choice
from desktop.ui.theme import Theme, appearance

# Keys that would change a locked answer: Space ticks, arrows move the radio choice.
_CHANGING_KEYS = {
    Qt.Key.Key_Space,
    Qt.Key.Key_Select,
    Qt.Key.Key_Up,
    Qt.Key.Key_Down,
    Qt.Key.Key_Left,
    Qt.Key.Key_Right,
}

# Right and wrong marks beside the options, per theme: the reader stylesheets' mark
# colours, each at least 4.5:1 on the theme's window and base (tests/ui/test_contrast.py).
MARK_COLOURS: dict[Theme, tuple[str, str]] = {
    Theme.LIGHT: ("#14532d", "#8c1d18"),
    Theme.DARK: ("#a8e6b5", "#ffb4ab"),
    Theme.HIGH_CONTRAST: ("#7dff7d", "#ff8080"),
}


class OptionList(QWidget):
    """The options of the question on show; ``changed`` fires when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QAbstractButton] = []  # in display order
        self.order: tuple[int, ...] = ()  # authored index of each button, in display order
        self.marks: list[QLabel] = []  # "✓ Right answer" / "✗ Not right", once answered
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def show_question(self, question: Question, order: Sequence[int] | None = None) -> None:
        """Replace the options with ``question``'s, none chosen, shown in ``order``.

        ``order`` lists authored indexes in display order (authored order if None).
        """
        self.clear()
        several = question.allows_several
        self.order = tuple(order) if order is not None else tuple(range(len(question.options)))
        for index, authored in enumerate(self.order):
            option = question.options[authored]
            # The short label carries the mnemonic; the text beside it wraps (options run
            # to a few hundred characters) and stays readable after answering.
            label = f"&{index + 1}." if index < 9 else f"{index + 1}."
            button: QAbstractButton = QCheckBox(label) if several else QRadioButton(label)
            button.setAccessibleName(option.text)
            button.toggled.connect(self.changed)
            if not several:
                self.group.addButton(button, index)
            self.buttons.append(button)
            row = wrapping_choice(button, option.text)
            mark = QLabel()
            mark.setTextFormat(Qt.TextFormat.PlainText)
            mark.hide()
            row.layout().addWidget(mark, 0, Qt.AlignmentFlag.AlignTop)  # a column of its own
            self.marks.append(mark)
            self._layout.addWidget(row)

    def clear(self) -> None:
        for button in self.buttons:
            if button.group() is not None:
                self.group.removeButton(button)
            row = button.parentWidget()
            row.hide()
            row.deleteLater()
        self.buttons = []
        self.order = ()
        self.marks = []

    def chosen(self) -> list[int]:
        """The authored indexes of the options chosen, in authored order."""
        return sorted(self.order[i] for i, b in enumerate(self.buttons) if b.isChecked())

    def button_for(self, authored: int) -> QAbstractButton:
        """The button showing the option authored at ``authored``."""
        return self.buttons[self.order.index(authored)]

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

    def mark(self, question: Question, feedback: Feedback) -> None:
        """Mark every option right or wrong, by icon, words and colour, after answering."""
        from desktop.ui.learning.quiz_feedback import option_mark

        right_colour, wrong_colour = MARK_COLOURS[appearance().theme]
        by_index = {o.index: o for o in feedback.options}
        for position, authored in enumerate(self.order):
            icon, words, right = option_mark(question, by_index[authored])
            mark = self.marks[position]
            mark.setText(f"{icon} {words}")
            palette = mark.palette()
            palette.setColor(
                QPalette.ColorRole.WindowText, QColor(right_colour if right else wrong_colour)
            )
            mark.setPalette(palette)
            mark.setAccessibleName(f"{words}: {question.options[authored].text}")
            mark.show()

    def press_number(self, key: int) -> bool:
        """Keys 1-9 choose (or toggle) the option shown in that place; True if one was used."""
        if not Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            return False
        index = key - Qt.Key.Key_1
        if index >= len(self.buttons) or self.locked():
            return bool(self.buttons)
        button = self.buttons[index]
        button.setChecked(not button.isChecked() if isinstance(button, QCheckBox) else True)
        button.setFocus()
        return True
