"""A plain-text box that grows with what is typed, so a form has one scroll, not many.

A fixed-height QPlainTextEdit inside a scrolling page is a scroll box inside a scroll:
the text is read through a slot and the wheel scrolls the wrong thing. This box is as
tall as its text (at least ``min_lines``), and only past ``max_lines`` does it scroll
itself, so a very long answer never pushes the rest of the form out of reach.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, QSizeF, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFrame, QPlainTextEdit, QSizePolicy, QWidget


class GrowingTextEdit(QPlainTextEdit):
    def __init__(
        self, min_lines: int = 3, max_lines: int = 16, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.min_lines = min_lines
        self.max_lines = max_lines
        self.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _lines(self) -> int:
        # Counted from the font, block by block: QPlainTextEdit lays out only what is on
        # screen, so its own line counts are wrong for text below the visible part.
        width = self.viewport().width() - round(self.document().documentMargin() * 2)
        if width <= 0:
            return self.max_lines
        metrics = self.fontMetrics()
        flags = int(Qt.TextFlag.TextWordWrap | Qt.TextFlag.TextWrapAnywhere)
        spacing = max(1, metrics.lineSpacing())
        lines = 0
        block = self.document().begin()
        while block.isValid():
            text = block.text()
            if text:
                rect = metrics.boundingRect(QRect(0, 0, width, 1_000_000), flags, text)
                lines += max(1, round(rect.height() / spacing))
            else:
                lines += 1
            if lines >= self.max_lines:
                break
            block = block.next()
        return lines

    def _fit(self, _size: QSizeF | None = None) -> None:
        lines = min(max(self._lines(), self.min_lines), self.max_lines)
        frame = self.frameWidth() * 2 if self.frameShape() != QFrame.Shape.NoFrame else 0
        margins = self.contentsMargins()
        height = (
            lines * self.fontMetrics().lineSpacing()
            + round(self.document().documentMargin() * 2)
            + frame
            + margins.top()
            + margins.bottom()
            + 2
        )
        if height != self.height() or self.minimumHeight() != height:
            self.setFixedHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._fit()  # the text wraps differently at a new width

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()  # the text size changed: the line height did too
