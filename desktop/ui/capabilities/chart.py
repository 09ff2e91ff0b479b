"""A dot plot of capability self-ratings over time, drawn with QPainter.

One row per capability on a 1-5 scale: a hollow dot at the first rating, a filled
dot at the latest, a line between them, small dots for the sessions in between, and
the change written at the end of the row. Colours come only from the palette, so dark
and high-contrast themes work. The same facts are given as text by ``describe`` (the
widget's accessible description) and by the page's table view.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QWidget

from desktop.cpd.formatting import MONTHS
from desktop.services.capabilities import CapabilityHistory, CapabilitySeries

SHORT_MONTHS = tuple(name[:3] for name in MONTHS)  # "Jan": English in any locale
EMPTY_TITLE = "No ratings saved yet"
EMPTY_TEXT = (
    "Rate yourself against each capability and choose Save ratings. Your chart starts "
    "with your first save; rate again later to see how you have changed."
)


@dataclass(frozen=True)
class ChartColours:
    """The palette roles the chart draws with (no colour is ever hard-coded)."""

    text: QColor
    quiet: QColor
    accent: QColor
    grid: QColor
    stripe: QColor

    @classmethod
    def of(cls, palette: QPalette) -> ChartColours:
        role = QPalette.ColorRole
        return cls(
            text=palette.color(role.WindowText),
            quiet=palette.color(role.PlaceholderText),
            accent=palette.color(role.Highlight),
            grid=palette.color(role.Mid),
            stripe=palette.color(role.AlternateBase),
        )


def short_date(day: date) -> str:
    """'3 Mar 2026': month names spelt here so they stay English in any locale."""
    return f"{day.day} {SHORT_MONTHS[day.month - 1]} {day.year}"


def change_text(series: CapabilitySeries) -> str:
    """'+2', '−1', 'same' or '' (rated fewer than twice)."""
    change = series.change
    if change is None:
        return ""
    if change == 0:
        return "same"
    return f"+{change}" if change > 0 else f"−{-change}"


def describe(history: CapabilityHistory | None) -> str:
    """The chart in words, for screen readers."""
    if history is None or history.empty:
        return "No ratings saved yet."
    sessions = history.sessions
    first, latest = short_date(sessions[0].day), short_date(sessions[-1].day)
    if len(sessions) == 1:
        intro = f"Your ratings from 1 to 5, saved on {first}."
    else:
        intro = (
            f"Your ratings from 1 to 5 in {len(sessions)} saved assessments, "
            f"from {first} to {latest}."
        )
    parts = [intro]
    for series in history.series:
        rated = series.rated
        title = series.capability.title
        if not rated:
            parts.append(f"{title}: not rated.")
        elif len(rated) == 1:
            parts.append(f"{title}: {rated[0]}.")
        else:
            change = series.change or 0
            moved = (
                "no change" if change == 0 else f"{'up' if change > 0 else 'down'} {abs(change)}"
            )
            parts.append(f"{title}: {series.first} first, {series.latest} latest, {moved}.")
    return " ".join(parts)


class CapabilityChart(QWidget):
    """Shows each capability's rating from the first saved session to the latest."""

    PAD = 8

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._history: CapabilityHistory | None = None
        # Focusable, so a screen-reader user can reach it and hear the description.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Chart of your capability ratings over time")
        self.setAccessibleDescription(describe(None))

    # Data ----------------------------------------------------------------------------

    @property
    def history(self) -> CapabilityHistory | None:
        return self._history

    def set_history(self, history: CapabilityHistory | None) -> None:
        self._history = history
        self.setAccessibleDescription(describe(history))
        self.setToolTip("" if history is None or history.empty else describe(history))
        self.updateGeometry()
        self.update()

    # Size ----------------------------------------------------------------------------

    def _row_min(self) -> int:
        return 2 * self.fontMetrics().lineSpacing() + 4

    def _chrome(self) -> int:
        """Height of everything that is not a row: legend, two axes, the scale caption."""
        return 4 * self.fontMetrics().lineSpacing() + 5 * self.PAD

    def sizeHint(self) -> QSize:
        rows = len(self._history.series) if self._history else 14
        return QSize(560, self._chrome() + rows * self._row_min())

    def minimumSizeHint(self) -> QSize:
        rows = len(self._history.series) if self._history and not self._history.empty else 4
        return QSize(360, self._chrome() + rows * self._row_min())

    # Drawing -------------------------------------------------------------------------

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        if self._history is None or self._history.empty:
            self._paint_empty(painter, palette)
        else:
            self._paint_chart(painter, palette, self._history)
        if self.hasFocus():
            pen = QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()

    def _paint_empty(self, painter: QPainter, palette: QPalette) -> None:
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        area = self.rect().adjusted(4 * self.PAD, 4 * self.PAD, -4 * self.PAD, -4 * self.PAD)
        painter.drawText(
            area,
            int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
            f"{EMPTY_TITLE}.\n\n{EMPTY_TEXT}",
        )

    def _paint_chart(
        self, painter: QPainter, palette: QPalette, history: CapabilityHistory
    ) -> None:
        metrics = QFontMetrics(self.font())
        line = metrics.lineSpacing()
        pad = self.PAD
        width, height = self.width(), self.height()
        colours = ChartColours.of(palette)
        text, quiet = colours.text, colours.quiet

        # Wide enough for its heading too: sized for "same" alone, "Change" ran into the 5.
        change_w = max(metrics.horizontalAdvance(w) for w in ("same", "Change")) + 2 * pad
        name_w = int(min(max(width * 0.36, 140), 280))
        x0 = pad + name_w + 2 * pad
        x1 = width - pad - change_w - pad
        radius = max(4.0, line * 0.32)

        def x_of(rating: int) -> float:
            return x0 + radius + (rating - 1) * (x1 - x0 - 2 * radius) / 4

        # Legend.
        sessions = history.sessions
        top = pad
        self._paint_legend(painter, metrics, QPointF(pad, top), history, radius, colours)

        # Axis labels above the rows.
        axis_top = top + line + pad
        painter.setPen(text)
        for rating in range(1, 6):
            painter.drawText(
                QRectF(x_of(rating) - 20, axis_top, 40, line),
                int(Qt.AlignmentFlag.AlignCenter),
                str(rating),
            )
        painter.drawText(
            QRect(width - pad - change_w, int(axis_top), change_w, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "Change" if len(sessions) > 1 else "",
        )

        rows = history.series
        rows_top = axis_top + line + pad // 2
        footer = 2 * line + pad
        row_h = max(self._row_min(), (height - rows_top - footer - pad) / max(1, len(rows)))
        rows_bottom = rows_top + row_h * len(rows)

        # Grid lines through every row, then each row.
        for index in range(len(rows)):
            y = rows_top + index * row_h
            if index % 2 == 0:
                painter.fillRect(QRectF(0, y, width, row_h), colours.stripe)
        painter.setPen(QPen(colours.grid, 1))
        for rating in range(1, 6):
            painter.drawLine(QPointF(x_of(rating), rows_top), QPointF(x_of(rating), rows_bottom))
        for index, series in enumerate(rows):
            y = rows_top + index * row_h
            self._paint_row(
                painter,
                metrics,
                series,
                QRectF(pad, y, name_w, row_h),
                y + row_h / 2,
                x_of,
                radius,
                colours,
            )
            painter.setPen(text)
            painter.drawText(
                QRectF(width - pad - change_w, y, change_w, row_h),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                change_text(series),
            )

        # Axis labels below, and what the ends of the scale mean.
        painter.setPen(text)
        for rating in range(1, 6):
            painter.drawText(
                QRectF(x_of(rating) - 20, rows_bottom + pad // 2, 40, line),
                int(Qt.AlignmentFlag.AlignCenter),
                str(rating),
            )
        painter.setPen(quiet)
        caption_y = rows_bottom + pad // 2 + line
        painter.drawText(
            QRectF(x0, caption_y, (x1 - x0) / 2, line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            "← less confident",
        )
        painter.drawText(
            QRectF(x0 + (x1 - x0) / 2, caption_y, (x1 - x0) / 2, line),
            int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
            "more confident →",
        )

    def _paint_legend(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        at: QPointF,
        history: CapabilityHistory,
        radius: float,
        colours: ChartColours,
    ) -> None:
        sessions = history.sessions
        line = metrics.lineSpacing()
        x, cy = at.x(), at.y() + line / 2
        if len(sessions) == 1:
            entries = [("latest", f"Your ratings, {short_date(sessions[0].day)}")]
        else:
            entries = [
                ("first", f"First, {short_date(sessions[0].day)}"),
                ("latest", f"Latest, {short_date(sessions[-1].day)}"),
            ]
            if len(sessions) > 2:
                entries.append(("between", f"{len(sessions) - 2} in between"))
        for kind, label in entries:
            _dot(painter, kind, QPointF(x + radius, cy), radius, colours)
            x += 2 * radius + 6
            painter.setPen(colours.text)
            painter.drawText(
                QRectF(x, at.y(), metrics.horizontalAdvance(label) + 2, line),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                label,
            )
            x += metrics.horizontalAdvance(label) + 3 * self.PAD

    def _paint_row(
        self,
        painter: QPainter,
        metrics: QFontMetrics,
        series: CapabilitySeries,
        name_rect: QRectF,
        cy: float,
        x_of: Callable[[int], float],
        radius: float,
        colours: ChartColours,
    ) -> None:
        painter.setPen(colours.text)
        name = _fit_two_lines(metrics, series.capability.title, int(name_rect.width()))
        painter.drawText(
            name_rect,
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            name,
        )
        rated = series.rated
        if not rated:
            painter.setPen(colours.quiet)
            painter.drawText(
                QRectF(
                    x_of(1) - radius, cy - metrics.lineSpacing() / 2, 200, metrics.lineSpacing()
                ),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                "not rated yet",
            )
            return
        first, latest = rated[0], rated[-1]
        if len(rated) > 1 and first != latest:
            pen = QPen(colours.accent, max(2.0, radius / 2))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawLine(QPointF(x_of(first), cy), QPointF(x_of(latest), cy))
        for middle in rated[1:-1]:
            _dot(painter, "between", QPointF(x_of(middle), cy), radius, colours)
        if len(rated) > 1:
            # When nothing changed, the first-rating ring sits around the latest dot.
            ring = radius + 3 if first == latest else radius
            _dot(painter, "first", QPointF(x_of(first), cy), ring, colours)
        _dot(painter, "latest", QPointF(x_of(latest), cy), radius, colours)


def _dot(
    painter: QPainter, kind: str, centre: QPointF, radius: float, colours: ChartColours
) -> None:
    """First rating: a hollow ring; latest: a filled dot; in between: a small quiet dot."""
    if kind == "first":
        painter.setPen(QPen(colours.text, 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius, radius)
    elif kind == "between":
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colours.quiet)
        painter.drawEllipse(centre, radius * 0.55, radius * 0.55)
    else:
        painter.setPen(QPen(colours.text, 1.5))
        painter.setBrush(colours.accent)
        painter.drawEllipse(centre, radius, radius)
    painter.setBrush(Qt.BrushStyle.NoBrush)


def _fit_two_lines(metrics: QFontMetrics, text: str, width: int) -> str:
    """Wrap a name onto at most two lines of ``width``, eliding the second if needed."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance(f"{first} {words[0]}".strip()) <= width:
        first = f"{first} {words.pop(0)}".strip()
    if not first:  # one very long word
        return metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)
    if not words:
        return first
    second = metrics.elidedText(" ".join(words), Qt.TextElideMode.ElideRight, width)
    return f"{first}\n{second}"
