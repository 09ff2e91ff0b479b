"""A QTextBrowser that never fetches anything: only course figures load, links are
routed to the app, and text follows the user's text size, theme and spacing."""

from __future__ import annotations

import functools
from pathlib import Path

from PySide6.QtCore import QEvent, QRectF, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QColor, QImage, QPainter, QPalette, QTextDocument
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QTextBrowser, QWidget

from desktop.ui.learning.document_a11y import install_document_accessibility
from desktop.ui.learning.link_focus import paint_link_focus
from desktop.ui.style import reader_look, reader_look_signals

FIGURE_WIDTH = 560  # at 100% text; figures grow with the text size, within the column
MIN_FIGURE_WIDTH = 320
# About 75 characters a line: the comfortable measure for body text (WCAG 1.4.8 asks
# for no more than 80). Measured on ordinary English, not on the font's average
# character width, which counts capitals and wide letters and so gives 85-90 a line.
LINE_CHARACTERS = 75
MEASURE_SAMPLE = "Practitioners keep the same values online and offline, and think about who"
# Extra letter and word spacing (reader-extra-spacing.css) widens text by about a fifth
# (measured); the column widens with it, so a line still holds about 75 characters.
EXTRA_SPACING_WIDTH = 1.2
MIN_SIDE_MARGIN = 24
REFIT_DELAY_MS = 200


class SafeBrowser(QTextBrowser):
    """Shows course HTML; emits `linkActivated` with the raw URL for the app to route."""

    linkActivated = Signal(QUrl)
    # Installed packs' figures folders, searched after assets/figures (set at start-up
    # when packs are installed; pack figures are checked for scripts and links on install).
    pack_figure_folders: tuple[Path, ...] = ()
    # Tab moved the selection to another link in the text (QTextBrowser itself says
    # nothing: no cursorPositionChanged), so the link can take accessible focus.
    linkFocusMoved = Signal()

    def __init__(self, assets: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._figures = (assets / "figures").resolve()
        self._assets = assets
        self._html = ""
        self._figures_drawn_at: int | None = None  # the width figures were last drawn at
        # The margins either side of the text column (_apply_measure) are the browser's
        # own, outside its viewport: filled as the page is, so the column does not show.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        self._refit = QTimer(self, singleShot=True, interval=REFIT_DELAY_MS)
        self._refit.timeout.connect(self._restyle)
        # A new look arrives with a new application font, whose change events are
        # still queued: re-render after them, so figures are sized with the new font.
        self._restyle_soon = QTimer(self, singleShot=True, interval=0)
        self._restyle_soon.timeout.connect(self._restyle)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.anchorClicked.connect(self._route)
        reader_look_signals().changed.connect(self._restyle_soon.start)
        # Screen readers get the text as headings, paragraphs, links and figures.
        install_document_accessibility(lambda widget: isinstance(widget, SafeBrowser))

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        from desktop.ui.theme import THEME_COLOURS, appearance  # theme imports this module's peers

        paint_link_focus(self, THEME_COLOURS[appearance().theme].focus)

    def focusNextPrevChild(self, next: bool) -> bool:
        moved = super().focusNextPrevChild(next)
        self.viewport().update()  # the ring moves with the link
        self.linkFocusMoved.emit()
        return moved

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._apply_measure()
        self._refit_figures_later()

    def _figures_need_redrawing(self) -> bool:
        # 24 px of slack: a scroll bar coming or going must not cause a redraw.
        drawn = self._figures_drawn_at
        return drawn is not None and abs(self.figure_width() - drawn) > 24

    def _refit_figures_later(self) -> None:
        """Redraw figures (debounced) when the column they must fit changed noticeably."""
        if self._figures_need_redrawing():
            self._refit.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        # A page filled while hidden drew its figures for a guessed width: redraw now,
        # before the first paint, rather than after the resize delay.
        if self._figures_need_redrawing():
            self._refit.stop()
            self._restyle()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_measure()
            self._refit_figures_later()

    def measure(self) -> int:
        """The width of the text column in pixels: about LINE_CHARACTERS characters."""
        sample = self.fontMetrics().horizontalAdvance(MEASURE_SAMPLE)
        width = sample * LINE_CHARACTERS / len(MEASURE_SAMPLE)
        if reader_look().extra_spacing:
            width *= EXTRA_SPACING_WIDTH
        return round(width)

    def _apply_measure(self) -> None:
        """Keep lines to a readable length: a column about LINE_CHARACTERS wide, centred
        by margins outside the viewport, and the text wrapped at the column's width.

        Margins on the document's root frame did the same, but a new page then had to
        be laid out twice (once as parsed, once with its margins), which was half of
        opening a module. Now the column's width changes only with the window or the
        text size, and a new page is laid out once.
        """
        # Room for the scroll bar is kept whether it shows or not: it comes and goes
        # without a resize event, and the column must never be wider than the viewport.
        total = self.contentsRect().width() - self.verticalScrollBar().sizeHint().width()
        side = max(MIN_SIDE_MARGIN, (total - self.measure()) // 2)
        margins = self.viewportMargins()
        if margins.left() != side or margins.right() != side:
            self.setViewportMargins(side, 0, side, 0)
            # The viewport's new width does not reach the text by itself.
            self.document().setTextWidth(self.viewport().width())

    def show_html(self, html: str) -> None:
        self._html = html
        self._figures_drawn_at = None
        self.document().setDefaultStyleSheet(reader_look().css(self._assets))
        self.setHtml(html)
        self._apply_measure()

    @Slot()
    def _restyle(self) -> None:
        """Re-render with the new look (a default stylesheet applies only when parsing)."""
        if not self._html:
            return
        self._refit.stop()
        self._restyle_soon.stop()
        bar = self.verticalScrollBar()
        fraction = bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0
        self.show_html(self._html)

        def restore() -> None:
            if bar.maximum() > 0:
                bar.setValue(round(fraction * bar.maximum()))

        restore()
        QTimer.singleShot(0, self, restore)  # the range settles once layout has run

    def _route(self, url: QUrl) -> None:
        if url.scheme() == "" and url.hasFragment():
            self.scrollToAnchor(url.fragment())
            return
        self.linkActivated.emit(url)

    def figure_width(self) -> int:
        """Figures grow with the text size, but stay within the text column."""
        wanted = round(FIGURE_WIDTH * reader_look().text_size / 100)
        column = min(self.measure(), self.viewport().width())
        return max(MIN_FIGURE_WIDTH, min(wanted, column - 16))

    def loadResource(self, kind: int, url: QUrl) -> object:
        """Only figure:NAME from assets/figures; file:, http:, data: and the rest are refused."""
        if kind != QTextDocument.ResourceType.ImageResource.value or url.scheme() != "figure":
            return None
        name = url.path()
        path = (self._figures / name).resolve()
        for folder in self.pack_figure_folders:
            if path.is_file():
                break
            path = (folder / name).resolve()
        if "/" in name or path.parent not in (self._figures, *self.pack_figure_folders):
            return None
        if not path.is_file():
            return None
        if path.suffix == ".svg":
            self._figures_drawn_at = self.figure_width()
            try:
                changed = path.stat().st_mtime_ns
            except OSError:
                return None
            return _drawn_figure(
                str(path), changed, self._figures_drawn_at, self.devicePixelRatioF()
            )
        image = QImage(str(path))
        return None if image.isNull() else image


@functools.lru_cache(maxsize=16)
def _drawn_figure(path: str, changed: int, width: int, pixel_ratio: float) -> QImage | None:
    """A figure drawn once per file version, width and screen density, then reused.

    Drawing an SVG costs a few milliseconds of every module open, each time the module
    is opened, for a picture that only changes with the course. ``changed`` (the
    file's modification time) is in the key so an edited figure is drawn afresh. A
    QImage is shared, not copied, when a document takes it. At most 16 are kept
    (about 1 MB each).
    """
    return _render_svg(Path(path), width, pixel_ratio)


def _render_svg(path: Path, width: int = FIGURE_WIDTH, pixel_ratio: float = 1.0) -> QImage | None:
    """The figure drawn at ``width`` logical pixels, sharp on high-density screens."""
    renderer = QSvgRenderer(str(path))
    if not renderer.isValid():
        return None
    size = renderer.defaultSize()
    height = max(1, round(width * size.height() / max(1, size.width())))
    image = QImage(
        round(width * pixel_ratio), round(height * pixel_ratio), QImage.Format.Format_ARGB32
    )
    image.setDevicePixelRatio(pixel_ratio)
    image.fill(QColor("white"))  # figures are drawn for paper; a white card in every theme
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, width, height))
    painter.end()
    return image
