"""Focus and speech order for the quiz and the scenario: the question (or the
situation) is read first, then the options; after an answer the whole feedback is
read and focus stays where the learner is.

Kept apart from the pages so their layout and look can change without touching the
order a screen reader follows (docs/accessibility.md, 2.4.3 and 4.1.3).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui.a11y import announce
from desktop.ui.design.components import paint_focus_ring
from desktop.ui.design.tokens import RADIUS_SMALL


class _FocusMark(QObject):
    """Draws a focus ring round a focused label (labels draw none of their own; WCAG
    2.4.7): the kit's ring, in the focus colour of every other focus ring.

    It was once the selection colours filled behind the whole question, which read as
    text selected by accident rather than as where the keyboard is.
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not isinstance(watched, QLabel):
            return False
        kind = event.type()
        if kind in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            watched.update()
        elif kind == QEvent.Type.Paint and watched.hasFocus():
            watched.paintEvent(event)  # the label's own text first, then the ring over it
            paint_focus_ring(watched, RADIUS_SMALL)
            return True
        return False


def focus_question(prompt: QLabel, position: str, options: Sequence[QWidget] = ()) -> None:
    """Give the question focus, named "Question 2 of 10. <the question>", so it is read
    before the options below it; Tab then goes through ``options`` in order (they are
    made after the rest of the page, so Qt would put them last)."""
    if prompt.focusPolicy() == Qt.FocusPolicy.NoFocus:
        prompt.installEventFilter(_FocusMark(prompt))
        prompt.setContentsMargins(6, 4, 6, 4)  # room for the ring inside the label
    prompt.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    previous: QWidget = prompt
    for option in options:
        QWidget.setTabOrder(previous, option)
        previous = option
    prompt.setAccessibleName(f"{position}. {prompt.text()}")
    prompt.setFocus(Qt.FocusReason.OtherFocusReason)


def focus_situation(
    situation: QWidget, position: str, html: str, choices: Sequence[QWidget] = ()
) -> None:
    """Focus the situation's text, described by its words, before the ``choices``
    (which Tab reaches next, in order)."""
    situation.setAccessibleName(f"{position}: the situation")
    situation.setAccessibleDescription(plain_text(html))
    previous = situation
    for choice in choices:
        QWidget.setTabOrder(previous, choice)
        previous = choice
    situation.setFocus(Qt.FocusReason.OtherFocusReason)


def announce_feedback(widget: QWidget, html: str) -> None:
    """Read all of the feedback (not only "Correct"), without moving focus."""
    announce(widget, plain_text(html))


def plain_text(html: str) -> str:
    """The words of ``html`` as one line, as a screen reader would say them."""
    return " ".join(QTextDocumentFragment.fromHtml(html).toPlainText().split())


def keep_focus_on(widget: QObject | None) -> None:
    """Put focus back on ``widget`` if it can still take it (an answer just locked)."""
    if isinstance(widget, QWidget) and widget.isVisible() and widget.isEnabled():
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
