"""The feedback after an answer, as a callout sized to what it says.

It replaced a reading pane that filled the page under the options whatever it held,
so a two-line "Correct" sat at the top of a large empty box. A ``VerdictCallout`` is
a design-system callout (tone fill, coloured bar, border) whose title carries its own
icon and words ("✓ Correct", "✗ Not quite"), so right and wrong differ by colour,
icon and words at once; under the title, the explanation as rich text. Its height
follows its text. Screen readers get it announced by the page (``reading_order``),
and it is named and described here, so it can also be found and read later.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent, QTextDocumentFragment
from PySide6.QtWidgets import QWidget

from desktop.ui.design.components import Callout, paint_focus_ring
from desktop.ui.design.tokens import RADIUS_SMALL, Tone
from desktop.ui.style import scale_font

__all__ = ["VerdictCallout", "plain"]


def plain(html: str) -> str:
    """The text of ``html`` with its paragraphs on lines of their own."""
    return QTextDocumentFragment.fromHtml(html).toPlainText().strip()


class VerdictCallout(Callout):
    """A callout whose title is given whole (icon included) and whose text is HTML."""

    _name = ""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(Tone.INFO, "", "", parent)
        self._name = name
        scale_font(self.title, 1.1)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setOpenExternalLinks(False)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setAccessibleName(name)
        # Tab reaches it after the options, so the feedback can be read again at will
        # (it is announced once, when the answer is given).
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.hide()

    def set_message(self, title: str, text: str = "", tone: Tone | None = None) -> None:
        if tone is not None:
            self.tone = tone
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setText(title)
        self.title.setVisible(bool(title))
        self.text.setText(text)
        self.text.setVisible(bool(text))
        # The name says what the box is; the description reads it whole.
        self.setAccessibleName(self._name or title)
        self.setAccessibleDescription(self.toPlainText())
        self.update()

    def show_verdict(self, tone: Tone, title: str, html: str = "") -> None:
        """Show ``title`` and ``html`` in ``tone``."""
        self.set_message(title, html, tone)
        self.setVisible(bool(title or html))

    def clear(self) -> None:
        self.set_message("", "")
        self.hide()

    def set_name(self, name: str) -> None:
        self._name = name
        self.setAccessibleName(name)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self.hasFocus():  # a callout draws no focus ring of its own (WCAG 2.4.7)
            paint_focus_ring(self, RADIUS_SMALL)

    def toPlainText(self) -> str:
        """What the box says, as a screen reader would read it."""
        parts = [self.title.text()] if self.title.text() else []
        if self.text.text():
            parts.append(plain(self.text.text()))
        return "\n".join(parts)
