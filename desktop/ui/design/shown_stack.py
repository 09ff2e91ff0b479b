"""A stacked widget sized by the page it shows: see ``ShownPageStack``."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QStackedWidget, QWidget


class ShownPageStack(QStackedWidget):
    """A stack sized by the page it shows, not by its tallest page.

    Qt sizes a stacked widget for its largest page, shown or not. At 200% text the CPD
    record list's height made the window's page scroll around the record editor, which
    has a scroll of its own (two scroll bars, one inside the other), and the team
    session's long set-up form did the same to the presenter view. Sized by the page on
    show, a page with its own scroll fills the window and that scroll is the only one.
    """

    def _shown(self) -> QWidget | None:
        return self.currentWidget()

    def sizeHint(self) -> QSize:
        shown = self._shown()
        return shown.sizeHint() if shown is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        shown = self._shown()
        return shown.minimumSizeHint() if shown is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        shown = self._shown()
        return shown.hasHeightForWidth() if shown is not None else super().hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        shown = self._shown()
        return shown.heightForWidth(width) if shown is not None else super().heightForWidth(width)
