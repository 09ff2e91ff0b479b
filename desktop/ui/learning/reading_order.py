"""Focus and speech order for the quiz and the scenario: the question (or the
situation) is read first, then the options; after an answer the whole feedback is
read and focus stays where the learner is.

Kept apart from the pages so their layout and look can change without touching the
order a screen reader follows (docs/accessibility.md, 2.4.3 and 4.1.3).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPalette, QTextDocumentFragment
from PySide6.QtWidgets import QLabel, QWidget

from desktop.ui.a11y import announce


class _FocusMark(QObject):
    """Shows a label's focus as the selection colours (labels draw no focus ring of
    their own; WCAG 2.4.7): highlight behind, highlighted text, 4.5:1 in every theme."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if isinstance(watched, QLabel) and event.type() in (
            QEvent.Type.FocusIn,
            QEvent.Type.FocusOut,
        ):
            focused = event.type() == QEvent.Type.FocusIn
            watched.setAutoFillBackground(focused)
            watched.setBackgroundRole(
                QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Window
            )
            watched.setForegroundRole(
                QPalette.ColorRole.HighlightedText if focused else QPalette.ColorRole.WindowText
            )
        return False


def focus_question(prompt: QLabel, position: str, options: Sequence[QWidget] = ()) -> None:
    """Give the question focus, named "Question 2 of 10. <the question>", so it is read
    before the options below it; Tab then goes through ``options`` in order (they are
    made after the rest of the page, so Qt would put them last)."""
    if prompt.focusPolicy() == Qt.FocusPolicy.NoFocus:
        prompt.installEventFilter(_FocusMark(prompt))
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
