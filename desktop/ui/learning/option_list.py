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

from PySide6.QtCore import QEvent, QObject, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QFrame,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.grading import Feedback
from desktop.domain.quiz import Question
from desktop.ui.design.tokens import RADIUS_CARD, SPACE_M, SPACE_S
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


def mark_colour(right: bool) -> str:
    """The colour of a right (or wrong) mark in the theme in use."""
    return MARK_COLOURS[appearance().theme][0 if right else 1]


class OptionCard(QFrame):
    """One option as a large target: a bordered card holding the button and its text.

    A click anywhere on it chooses the option; the border thickens in the highlight
    colour when the option is chosen and shows the focus colour while its button has
    focus, so the choice and the focus can be seen from across the room.
    """

    def __init__(self, button: QAbstractButton, row: QWidget) -> None:
        super().__init__()
        self.button = button
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_M, SPACE_S, SPACE_M, SPACE_S)
        layout.addWidget(row)
        button.toggled.connect(self.update)
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            self.update()
        return False

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and not self.button.property("answered"):
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mouseReleaseEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        from desktop.ui.theme import THEME_COLOURS

        colours = THEME_COLOURS[appearance().theme]
        chosen = self.button.isChecked()
        focused = self.button.hasFocus()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        edge = QColor(colours.control_border)
        width = 1
        if chosen:
            edge, width = self.palette().color(QPalette.ColorRole.Highlight), 2
        if focused:
            edge, width = QColor(colours.focus), 2
        painter.setPen(QPen(edge, width))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        inset = width / 2
        rect = QRectF(self.rect()).adjusted(inset, inset, -inset, -inset)
        painter.drawRoundedRect(rect, RADIUS_CARD, RADIUS_CARD)


class OptionList(QWidget):
    """The options of the question on show; ``changed`` fires when the choice changes."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.group = QButtonGroup(self)
        self.buttons: list[QAbstractButton] = []  # in display order
        self.order: tuple[int, ...] = ()  # authored index of each button, in display order
        self.marks: list[QLabel] = []  # "✓ Right answer" / "✗ Not right", once answered
        self.cards: list[OptionCard] = []  # in display order
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(SPACE_S)

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
            card = OptionCard(button, row)
            self.cards.append(card)
            self._layout.addWidget(card)

    def clear(self) -> None:
        for button in self.buttons:
            if button.group() is not None:
                self.group.removeButton(button)
        for card in self.cards:
            card.hide()
            card.deleteLater()
        self.cards = []
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
