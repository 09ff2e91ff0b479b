"""The end of a quiz or a refresh set: a summary card, then one small card per question.

Each question is a ``ReviewItem``: its verdict (icon, words and colour), the question,
and two or three short lines (your answer, the right answer, why). Items take focus,
so Tab walks the review one question at a time (the page scrolls to each), and each
is named for what it is ("Question 3, not right") and described by its lines, so a
screen reader reads it whole. Kept apart from the pages so the quiz's results and the
refresh set's summary look alike.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPaintEvent, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.design.components import Card, ProgressWithText, SectionHeader, paint_focus_ring
from desktop.ui.design.flow_layout import FlowLayout
from desktop.ui.design.tokens import RADIUS_CARD, SPACE_M, SPACE_S, Tone
from desktop.ui.learning.answer_feedback import VerdictCallout
from desktop.ui.learning.quiz_feedback import RIGHT_ICON, WRONG_ICON
from desktop.ui.style import muted

__all__ = ["ReviewItem", "ReviewList", "SummaryCard"]


def _label(text: str, *, bold: bool = False) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    if bold:
        font = label.font()
        font.setBold(True)
        label.setFont(font)
    return label


class ReviewItem(Card):
    """One question looked back on: the verdict, the question, and its short lines."""

    def __init__(
        self,
        number: int,
        prompt: str,
        correct: bool,
        lines: Sequence[str],
        notes: Sequence[str] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        from desktop.ui.learning.option_list import mark_colour

        self.correct = correct
        self.body.setContentsMargins(SPACE_M, SPACE_M, SPACE_M, SPACE_M)
        self.body.setSpacing(SPACE_S // 2)
        word = "Right" if correct else "Not right"
        self.verdict = _label(f"{RIGHT_ICON if correct else WRONG_ICON} {word}", bold=True)
        palette = self.verdict.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(mark_colour(correct)))
        self.verdict.setPalette(palette)
        self.prompt = _label(f"{number}. {prompt}", bold=True)
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.prompt)
        # What was answered reads at full strength; why, in the quieter colour under it.
        self.lines = [_label(line) for line in lines if line]
        for note in notes:
            label = muted(note)
            label.setTextFormat(Qt.TextFormat.PlainText)
            self.lines.append(label)
        for label in self.lines:
            self.body.addWidget(label)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(f"Question {number}, {word.lower()}")
        self.setAccessibleDescription(" ".join([prompt, *(x.text() for x in self.lines)]))

    def text(self) -> str:
        return "\n".join(
            label.text() for label in (self.verdict, self.prompt, *self.lines) if label.text()
        )

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # a card draws no focus ring of its own (WCAG 2.4.7)
            paint_focus_ring(self, RADIUS_CARD)


class ReviewList(QWidget):
    """A section header (with room for a button beside it) and a column of review items."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.header = SectionHeader(title)
        self.header_row = QHBoxLayout()
        self.header_row.setContentsMargins(0, 0, 0, 0)
        self.header_row.addWidget(self.header, 1)
        self.empty = muted("")
        self.empty.setVisible(False)
        self.items: list[ReviewItem] = []
        self._items = QVBoxLayout()
        self._items.setContentsMargins(0, 0, 0, 0)
        self._items.setSpacing(SPACE_S)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_S)
        layout.addLayout(self.header_row)
        layout.addWidget(self.empty)
        layout.addLayout(self._items)

    def set_items(self, items: Sequence[ReviewItem], empty_text: str = "") -> None:
        for item in self.items:
            item.hide()
            item.deleteLater()
        self.items = list(items)
        previous: QWidget | None = None
        for item in self.items:
            self._items.addWidget(item)
            if previous is not None:
                QWidget.setTabOrder(previous, item)
            previous = item
        self.empty.setText(empty_text)
        self.empty.setVisible(not self.items and bool(empty_text))

    def text(self) -> str:
        parts = [self.header.title.text()]
        if self.empty.isVisibleTo(self):
            parts.append(self.empty.text())
        parts += [item.text() for item in self.items]
        return "\n".join(parts)


class SummaryCard(Card):
    """The verdict (a callout), a score bar with words, and lines on what comes next."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, name=name)
        self.verdict = VerdictCallout(name)
        self.score = ProgressWithText()
        self.lines = QVBoxLayout()
        self.lines.setSpacing(SPACE_S // 2)
        # The buttons wrap onto a second line rather than widen the page at 200% text.
        actions = QWidget()
        self.actions = FlowLayout(actions, spacing=SPACE_S)
        self.body.setSpacing(SPACE_M)
        self.body.addWidget(self.verdict)
        self.body.addWidget(self.score)
        self.body.addLayout(self.lines)
        self.body.addWidget(actions)
        self._lines: list[QLabel] = []

    def show_summary(
        self, tone: Tone, title: str, detail: str, done: int, total: int, lines: Sequence[str]
    ) -> None:
        self.verdict.show_verdict(tone, title, f"<p>{html.escape(detail)}</p>" if detail else "")
        self.score.set_progress(done, total, f"{done} of {total} right")
        for label in self._lines:
            label.hide()
            label.deleteLater()
        self._lines = [_label(line) for line in lines if line]
        for label in self._lines:
            self.lines.addWidget(label)

    def text(self) -> str:
        return "\n".join(
            [self.verdict.toPlainText(), self.score.label.text()]
            + [label.text() for label in self._lines]
        )
