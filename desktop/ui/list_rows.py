"""Lists keep room for their rows at every text size.

At 200% text on a 1366x768 screen the home page's module list was squeezed to about
70 px, less than its first item (WCAG 1.4.10: no clipped content). The list now asks
for a few lines of its own font, updated when the text size changes, and the page
around it scrolls instead.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractItemView


class _KeepRows(QObject):
    def __init__(self, view: QAbstractItemView, lines: int) -> None:
        super().__init__(view)
        self._lines = lines
        self._apply(view)

    def _apply(self, view: QAbstractItemView) -> None:
        frame = 2 * view.frameWidth()
        view.setMinimumHeight(view.fontMetrics().lineSpacing() * self._lines + frame + 8)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FontChange and isinstance(watched, QAbstractItemView):
            self._apply(watched)
        return False


def keep_rows_visible(view: QAbstractItemView, lines: int) -> None:
    """Keep at least ``lines`` lines of ``view``'s text visible, at any text size."""
    view.installEventFilter(_KeepRows(view, lines))
