"""PDF output with Qt alone: QTextDocument lays out the HTML, QPdfWriter writes A4 pages.

Qt's own printing puts page numbers where it likes, so the pages are painted one by
one here with a footer ("Page i of n") drawn on each. The HTML comes from Qt-free
code (the CPD service and ``desktop.services.certificates``), so what a PDF says is
tested without a display; this module only decides how it looks on paper. The same
painting can go to images, for previews and for checking the layout by eye.

Works from the command line too: if no Qt application exists yet, one is created
(offscreen unless ``QT_QPA_PLATFORM`` says otherwise), because fonts need one.

Text is laid out without ligatures, so text copied, searched or extracted from the PDF
reads "office", not "o\ufb03ce" (a single ligature code point that search boxes and
screen readers do not match). Each PDF names its title, author and language (en-GB).
"""

from __future__ import annotations

import os
from dataclasses import replace
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QFont,
    QGuiApplication,
    QImage,
    QPageLayout,
    QPageSize,
    QPainter,
    QPdfWriter,
    QPen,
    QTextDocument,
)

from desktop.pdf_metadata import with_language
from desktop.services.certificates import Certificate, certificate_html

if TYPE_CHECKING:
    from PySide6.QtGui import QPaintDevice

    from desktop.services.cpd import CpdService, ExportPlan

RESOLUTION_DPI = 300
MARGIN_MM = 18.0
FOOTER_MM = 10.0
BODY_POINT_SIZE = 10.5
FOOTER_POINT_SIZE = 8.0
MM_PER_INCH = 25.4
# A4 in millimetres, for images (the PDF writer knows A4 itself).
A4_MM = (210.0, 297.0)
# OpenType features switched off: standard and contextual ligatures ("fi", "ffl"...).
NO_LIGATURES = ("liga", "clig")

_application: QGuiApplication | None = None


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one (for the command line)."""
    global _application
    existing = QGuiApplication.instance()
    if existing is not None:
        if not isinstance(existing, QGuiApplication):
            raise RuntimeError("Making a PDF needs a QGuiApplication, not a QCoreApplication.")
        return existing
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    _application = QGuiApplication(["prism"])
    return _application


def html_to_pdf(
    html: str, title: str, *, author: str = "Prism", page_numbers: bool = True
) -> bytes:
    """An A4 PDF of Qt rich text, with the title and "Page i of n" at the foot of each page."""
    ensure_gui_application()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    # 1.4 holds all this uses (/Lang, DisplayDocTitle); named so a new Qt default cannot move it.
    writer.setPdfVersion(QPdfWriter.PdfVersion.PdfVersion_1_4)
    writer.setTitle(title)
    writer.setAuthor(author)
    writer.setCreator("Prism")
    writer.setResolution(RESOLUTION_DPI)
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(
        QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM), QPageLayout.Unit.Millimeter
    )
    area = QRectF(writer.pageLayout().paintRectPixels(RESOLUTION_DPI))
    document = _layout(html, writer, area.width(), _body_height(area.height(), RESOLUTION_DPI))
    painter = QPainter(writer)
    try:
        count = document.pageCount()
        for index in range(count):
            if index:
                writer.newPage()
            _paint_page(painter, document, index, count, title, area, page_numbers)
    finally:
        painter.end()  # finishes the PDF
    buffer.close()
    return with_language(bytes(data.data()))  # Qt cannot write the catalog's /Lang


def html_to_images(
    html: str, title: str, *, dpi: int = 96, page_numbers: bool = True
) -> list[QImage]:
    """The same pages as `html_to_pdf`, as white A4 images (for previews and checks)."""
    ensure_gui_application()
    dots_per_metre = round(dpi / MM_PER_INCH * 1000)
    width = round(A4_MM[0] / MM_PER_INCH * dpi)
    height = round(A4_MM[1] / MM_PER_INCH * dpi)
    margin = MARGIN_MM / MM_PER_INCH * dpi
    area = QRectF(0, 0, width - 2 * margin, height - 2 * margin)

    def blank() -> QImage:
        image = QImage(width, height, QImage.Format.Format_RGB32)
        image.setDotsPerMeterX(dots_per_metre)
        image.setDotsPerMeterY(dots_per_metre)
        image.fill(Qt.GlobalColor.white)
        return image

    probe = blank()
    document = _layout(html, probe, area.width(), _body_height(area.height(), dpi))
    images = []
    count = document.pageCount()
    for index in range(count):
        image = blank()
        painter = QPainter(image)
        try:
            painter.translate(margin, margin)
            _paint_page(painter, document, index, count, title, area, page_numbers)
        finally:
            painter.end()
        images.append(image)
    return images


def portfolio_pdf(
    service: CpdService,
    profile_id: str,
    plan: ExportPlan,
    registration_number: str | None,
) -> bytes:
    """The CPD portfolio for an export plan: cover, summary, a page per record, appendices."""
    html = service.render_export(
        profile_id, replace(plan, format="pdf"), registration_number=registration_number
    )
    if not isinstance(html, str):
        raise TypeError("The CPD service should give the portfolio as HTML text.")
    name = plan.profile_name.strip()
    title = f"CPD portfolio: {name}" if name else "CPD portfolio"
    return html_to_pdf(html, title, author=name or "Prism")


def certificate_pdf(certificate: Certificate) -> bytes:
    """A one-page certificate of completion with its verification code."""
    return html_to_pdf(
        certificate_html(certificate),
        f"Prism certificate of completion: {certificate.code}",
        page_numbers=False,
    )


def _body_height(page_height: float, dpi: float) -> float:
    """What is left of the printable height once the footer has its strip."""
    return page_height - FOOTER_MM / MM_PER_INCH * dpi


def _layout(html: str, device: QPaintDevice, width: float, height: float) -> QTextDocument:
    document = QTextDocument()
    font = QFont(document.defaultFont())
    font.setPointSizeF(BODY_POINT_SIZE)
    # Every format in the document (headings, bold, tables) and the footer inherit this.
    for feature in NO_LIGATURES:
        font.setFeature(QFont.Tag(feature), 0)
    document.setDefaultFont(font)
    document.setDocumentMargin(0)
    # Measure text with the printer's metrics, or line breaks differ from what is drawn.
    document.documentLayout().setPaintDevice(device)
    document.setHtml(html)
    document.setPageSize(QSizeF(width, height))
    return document


def _paint_page(
    painter: QPainter,
    document: QTextDocument,
    index: int,
    count: int,
    title: str,
    area: QRectF,
    page_numbers: bool,
) -> None:
    """Draw page `index` of the laid-out document, then its footer, inside `area`."""
    body = document.pageSize().height()
    page = QRectF(0, index * body, area.width(), body)
    painter.save()
    painter.translate(0, -index * body)
    # drawContents paints whole blocks, so a heading pushed onto the next page by a page
    # break would also be painted, out of sight, below this one: clip it away.
    painter.setClipRect(page)
    document.drawContents(painter, page)
    painter.restore()

    painter.save()
    font = QFont(document.defaultFont())
    font.setPointSizeF(FOOTER_POINT_SIZE)
    painter.setFont(font)
    footer = QRectF(0, body, area.width(), area.height() - body)
    rule = QPen(Qt.GlobalColor.black)
    rule.setWidthF(max(1.0, painter.device().logicalDpiX() / 150))
    painter.setPen(rule)
    gap = footer.height() * 0.3
    painter.drawLine(footer.topLeft().toPoint(), footer.topRight().toPoint())
    text_box = footer.adjusted(0, gap, 0, 0)
    flags = Qt.AlignmentFlag.AlignTop
    painter.drawText(text_box, flags | Qt.AlignmentFlag.AlignLeft, title)
    if page_numbers:
        painter.drawText(
            text_box, flags | Qt.AlignmentFlag.AlignRight, f"Page {index + 1} of {count}"
        )
    painter.restore()
