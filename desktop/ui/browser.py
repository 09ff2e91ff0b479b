"""A QTextBrowser that never fetches anything: only course figures load, links are
routed to the app, and text follows the user's font size."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QUrl, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.ui.style import is_dark, reader_css

FIGURE_WIDTH = 560
LINE_CHARACTERS = 80  # a comfortable reading measure; WCAG asks for no more than 80


class SafeBrowser(QTextBrowser):
    """Shows course HTML; emits `linkActivated` with the raw URL for the app to route."""

    linkActivated = Signal(QUrl)

    def __init__(self, assets: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._figures = (assets / "figures").resolve()
        self._assets = assets
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._route)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_measure()

    def _apply_measure(self) -> None:
        """Keep lines to a readable length by centring a capped text column."""
        measure = max(self.fontMetrics().averageCharWidth() * LINE_CHARACTERS, FIGURE_WIDTH + 16)
        side = max(24, (self.viewport().width() - measure) // 2)
        root = self.document().rootFrame()
        frame_format = root.frameFormat()
        if frame_format.leftMargin() != side:
            frame_format.setLeftMargin(side)
            frame_format.setRightMargin(side)
            root.setFrameFormat(frame_format)

    def show_html(self, html: str) -> None:
        self.document().setDefaultStyleSheet(reader_css(self._assets, is_dark()))
        self.setHtml(html)
        self._apply_measure()

    def _route(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment():
            self.scrollToAnchor(url.fragment())
            return
        self.linkActivated.emit(url)

    def loadResource(self, kind: int, url: QUrl) -> object:
        """Only figure:NAME from assets/figures; file:, http:, data: and the rest are refused."""
        if kind != QTextDocument.ResourceType.ImageResource.value or url.scheme() != "figure":
            return None
        name = url.path()
        path = (self._figures / name).resolve()
        if "/" in name or path.parent != self._figures or not path.is_file():
            return None
        if path.suffix == ".svg":
            return _render_svg(path)
        image = QImage(str(path))
        return None if image.isNull() else image


def _render_svg(path: Path) -> QImage | None:
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    width = FIGURE_WIDTH
    height = max(1, round(width * size.height() / max(1, size.width())))
    image = QImage(width, height, QImage.Format.Format_ARGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image
