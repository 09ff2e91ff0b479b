"""A 2 px focus ring around the link Tab has selected in the course text.

QTextBrowser marks it with a 1 px dotted outline in the text colour, which the
viewport clips at the top edge: not the 2 px ring in the theme's focus colour that
every other control has (WCAG 2.4.7, 1.4.11). The ring is drawn line by line around
the link's text, kept inside the viewport so it is never cut off.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QTextBrowser

RING = 2  # px, as theme.FOCUS_RING_WIDTH


def link_rects(browser: QTextBrowser) -> list[QRect]:
    """The selected link's text, one rectangle per line, in viewport coordinates."""
    cursor = browser.textCursor()
    if not cursor.hasSelection() or not cursor.charFormat().isAnchor():
        return []
    start, end = cursor.selectionStart(), cursor.selectionEnd()
    probe = QTextCursor(browser.document())
    lines: dict[int, QRect] = {}
    for position in range(start, end + 1):
        probe.setPosition(position)
        rect = browser.cursorRect(probe)
        key = rect.top()
        lines[key] = lines[key].united(rect) if key in lines else rect
    return [lines[top] for top in sorted(lines) if lines[top].width() > 1]


def paint_link_focus(browser: QTextBrowser, colour: str) -> None:
    """Draw the ring on the browser's viewport (call from paintEvent, after Qt's paint)."""
    if not browser.hasFocus():
        return
    rects = link_rects(browser)
    if not rects:
        return
    bounds = browser.viewport().rect().adjusted(RING // 2, RING // 2, -RING, -RING)
    painter = QPainter(browser.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(QColor(colour), RING))
    for rect in rects:
        ring = rect.adjusted(-RING - 1, -1, RING + 1, 1).intersected(bounds)
        if not ring.isEmpty():
            painter.drawRoundedRect(QRectF(ring), 3, 3)
    painter.end()
