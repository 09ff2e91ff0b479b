"""The components every screen is built from: card, status tag, progress bar with text,
callout, section header, empty state, and the three button roles.

They paint themselves from the palette and ``tokens`` at paint time, so a theme change
(which repaints every widget) restyles them with no signal to follow, and they use no
style sheets, so Prism's style keeps drawing focus rings and borders on what is inside
them. Each is named for assistive technology by what it shows.
"""

from __future__ import annotations

from typing import ClassVar

from PySide6.QtCore import QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QStyle,
    QStyleOptionButton,
    QStyleOptionFocusRect,
    QStylePainter,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.design.tokens import (
    CALLOUT_BAR,
    RADIUS_CARD,
    RADIUS_SMALL,
    ROLE_PROPERTY,
    SPACE_L,
    SPACE_M,
    SPACE_S,
    SPACE_XL,
    SPACE_XS,
    STATUS_SYMBOLS,
    STATUS_TONES,
    STATUS_WORDS,
    TONE_SYMBOLS,
    TYPE_SMALL,
    Status,
    Tone,
    ToneColours,
    tone_colours,
)
from desktop.ui.style import heading, muted, scale_font


def _theme_name() -> str:
    from desktop.ui.theme import appearance

    return str(appearance().theme)


def _tone(tone: Tone) -> ToneColours:
    return tone_colours(_theme_name(), tone)


def _control_border() -> QColor:
    from desktop.ui.theme import appearance

    return QColor(appearance().colours.control_border)


class Card(QFrame):
    """A rounded panel on the base colour with a 3:1 border; ``body`` is its layout.

    ``with_body=False``: no layout, for a card that places and paints its own parts
    (Qt asks a widget's layout, not the widget, for its height at a width).
    """

    def __init__(
        self, parent: QWidget | None = None, *, name: str = "", with_body: bool = True
    ) -> None:
        super().__init__(parent)
        if with_body:
            self.body = QVBoxLayout(self)
            self.body.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
            self.body.setSpacing(SPACE_S)
        if name:
            self.setAccessibleName(name)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(_control_border(), 1))
        painter.setBrush(self.palette().color(QPalette.ColorRole.Base))
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.drawRoundedRect(rect, RADIUS_CARD, RADIUS_CARD)


class StatusTag(QLabel):
    """A status in words with a symbol, on its tone's colour: "✓ Quiz passed".

    Colour is never the only signal: the words say it, and the symbol repeats it for
    those who scan by shape. The accessible name is the words.
    """

    def __init__(self, status: Status = Status.NOT_STARTED, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)
        self.setContentsMargins(SPACE_S, SPACE_XS // 2, SPACE_S, SPACE_XS // 2)
        scale_font(self, TYPE_SMALL, bold=False)
        self.status = status
        self.set_status(status)

    def set_status(self, status: Status, words: str | None = None) -> None:
        """Show ``status``; ``words`` replace its usual words (e.g. "Refresh due: 3")."""
        self.status = status
        said = words or STATUS_WORDS[status]
        self.setText(f"{STATUS_SYMBOLS[status]} {said}")
        self.setAccessibleName(f"Status: {said}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_pill(painter, QRectF(self.rect()), self.contentsRect(), self.status, self.text())


def paint_pill(
    painter: QPainter, rect: QRectF, text_rect: QRect | QRectF, status: Status, text: str
) -> None:
    """A status tag's pill and words, for ``StatusTag`` and for widgets that draw one."""
    colours = _tone(STATUS_TONES[status])
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(colours.border), 1))
    painter.setBrush(QColor(colours.fill))
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), RADIUS_SMALL, RADIUS_SMALL)
    painter.setPen(QColor(colours.text))
    painter.drawText(text_rect, int(Qt.AlignmentFlag.AlignCenter), text)
    painter.restore()


class ProgressBar(QProgressBar):
    """A slim bar: a 3:1 outlined track and a fill in the highlight colour.

    Still a QProgressBar, so assistive technology reads its role and value.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextVisible(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        return QSize(120, max(8, self.fontMetrics().height() // 2))

    def minimumSizeHint(self) -> QSize:
        return QSize(40, self.sizeHint().height())

    def paintEvent(self, event: QPaintEvent) -> None:
        span = self.maximum() - self.minimum()
        share = (self.value() - self.minimum()) / span if span > 0 else 0.0
        paint_bar(QPainter(self), QRectF(self.rect()), share, self.palette())


def paint_focus_ring(widget: QWidget, radius: float) -> None:
    """Draw a focus ring round ``widget`` from its paint event: 2 px in the theme's focus
    colour, inside its edge. For widgets that draw none of their own (a card, a callout,
    a label that takes focus so it is read first; WCAG 2.4.7)."""
    from desktop.ui.theme import THEME_COLOURS, appearance  # the theme imports the kit

    painter = QPainter(widget)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setPen(QPen(QColor(THEME_COLOURS[appearance().theme].focus), 2))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRoundedRect(QRectF(widget.rect()).adjusted(1, 1, -1, -1), radius, radius)
    painter.end()


def paint_bar(painter: QPainter, rect: QRectF, share: float, palette: QPalette) -> None:
    """A progress bar's outlined track and its fill (``share`` from 0 to 1)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    track = rect.adjusted(0.5, 0.5, -0.5, -0.5)
    radius = min(RADIUS_SMALL, track.height() / 2)
    painter.setPen(QPen(_control_border(), 1))
    painter.setBrush(palette.color(QPalette.ColorRole.Base))
    painter.drawRoundedRect(track, radius, radius)
    if share > 0:
        fill = QRectF(track)
        fill.setWidth(max(track.height(), track.width() * min(1.0, share)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(fill, radius, radius)
    painter.restore()


class ProgressWithText(QWidget):
    """A progress bar with its meaning in words beside it: "2 of 3 steps"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.bar = ProgressBar()
        self.label = muted("")
        self.label.setWordWrap(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(SPACE_S)
        row.addWidget(self.bar, 1)
        row.addWidget(self.label, 0)

    def set_progress(self, done: int, total: int, text: str) -> None:
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, max(total, 1)))
        self.label.setText(text)
        self.bar.setAccessibleName(text)


class Callout(QFrame):
    """A message box in a tone (information, success, warning, error): symbol, title, text.

    Drawn with the tone's fill and a coloured bar on the leading edge; the title starts
    with the tone's word for screen readers ("Warning: …").
    """

    _WORDS: ClassVar[dict[Tone, str]] = {
        Tone.NEUTRAL: "Note",
        Tone.INFO: "Information",
        Tone.SUCCESS: "Done",
        Tone.WARNING: "Warning",
        Tone.ERROR: "Error",
    }

    def __init__(
        self, tone: Tone, title: str, text: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tone = tone
        self.title = QLabel()
        self.title.setWordWrap(True)
        scale_font(self.title, 1.0)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_L + CALLOUT_BAR, SPACE_M, SPACE_L, SPACE_M)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        self.set_message(title, text)

    def set_message(self, title: str, text: str = "", tone: Tone | None = None) -> None:
        if tone is not None:
            self.tone = tone
        self.title.setText(f"{TONE_SYMBOLS[self.tone]}  {title}")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setText(text)
        self.text.setVisible(bool(text))
        self.setAccessibleName(f"{self._WORDS[self.tone]}: {title}")
        self.setAccessibleDescription(text)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        colours = _tone(self.tone)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(QPen(QColor(colours.border), 1))
        painter.setBrush(QColor(colours.fill))
        painter.drawRoundedRect(rect, RADIUS_SMALL, RADIUS_SMALL)
        bar = QRectF(rect.left(), rect.top(), CALLOUT_BAR, rect.height())
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(colours.border))
        painter.drawRoundedRect(bar, RADIUS_SMALL / 2, RADIUS_SMALL / 2)


class TextScroll(QScrollArea):
    """A dialog's explanations in a frameless area that scrolls when the screen is short.

    At 200% text on a 1366x768 screen a dialog's paragraphs can be taller than the
    screen; Qt then squeezes every label and the words overlap. Inside this area they
    keep their full height and scroll instead, while the fields and buttons around it
    stay on screen. At ordinary sizes it asks for all its words, so nothing scrolls.
    """

    def __init__(self, *widgets: QWidget, name: str, parent: QWidget | None = None) -> None:
        """``name``: what a screen reader calls the area (it is a Tab stop, so the words
        can be scrolled from the keyboard)."""
        super().__init__(parent)
        self.setAccessibleName(name)
        body = QWidget()
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            self.body.addWidget(widget)
        self.body.addStretch(1)  # spare room goes below the words, not between them
        self.setWidget(body)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.viewport().setAutoFillBackground(False)
        body.setAutoFillBackground(False)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:
        body = self.widget()
        width = max(body.sizeHint().width(), self.fontMetrics().averageCharWidth() * 60)
        height = body.heightForWidth(width) if body.hasHeightForWidth() else -1
        return QSize(width, height if height > 0 else body.sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 20, 4 * self.fontMetrics().height())


def page_layout(page: QWidget) -> QVBoxLayout:
    """A page's outer layout, inset as the home page is (24 px at the sides, 16 above
    and below), so every screen lines up with every other."""
    layout = QVBoxLayout(page)
    layout.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
    return layout


class SectionHeader(QWidget):
    """A section's heading with an optional line under it saying what the section is for."""

    def __init__(self, title: str, description: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.title = heading(title, 2)
        self.description = muted(description)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, SPACE_S, 0, 0)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(self.title)
        layout.addWidget(self.description)
        # Only once it has a parent: shown before, the label opened as a window of its own
        # (and took the activation from the main window).
        self.description.setVisible(bool(description))


class EmptyState(QWidget):
    """What an empty page says: a symbol, a title, a sentence and one action."""

    def __init__(
        self,
        symbol: str,
        title: str,
        text: str,
        action: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.symbol = QLabel(symbol)
        self.symbol.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.symbol.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        scale_font(self.symbol, 2.5, bold=False)
        self.symbol.setAccessibleName("")
        self.title = heading(title, 2)
        self.title.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.text = muted(text)
        self.text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.button = primary_button(action) if action else None
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_S)
        layout.addStretch(1)
        layout.addWidget(self.symbol)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        if self.button is not None:
            layout.addSpacing(SPACE_S)
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(2)


class RoleButton(QPushButton):
    """A push button in a role: "primary" (filled in the highlight colour) or
    "destructive" (its words in the error colour). Secondary buttons are plain
    QPushButtons. Colours are read from the application palette at paint time, so
    the button follows every theme change."""

    def __init__(self, text: str, role: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setProperty(ROLE_PROPERTY, role)
        self.setAutoDefault(True)  # Enter presses it when focused, as Space does

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.property(ROLE_PROPERTY) not in ("primary", "destructive"):
            super().paintEvent(event)  # a role can be stepped down to a plain button
            return
        painter = QStylePainter(self)
        option = QStyleOptionButton()
        self.initStyleOption(option)
        app = QApplication.palette()
        group = QPalette.ColorGroup.Active if self.isEnabled() else QPalette.ColorGroup.Disabled
        if self.property(ROLE_PROPERTY) == "destructive":
            option.palette.setColor(
                QPalette.ColorRole.ButtonText, app.color(group, QPalette.ColorRole.BrightText)
            )
            painter.drawControl(QStyle.ControlElement.CE_PushButton, option)
            return
        # Fusion paints a button as a gradient lighter than its colour, which takes
        # the words below 4.5:1 on the highlight colour: a primary button is one flat
        # fill instead (darker while pressed), with the style's label and focus ring.
        fill = app.color(group, QPalette.ColorRole.Highlight)
        if not self.isEnabled():
            fill = app.color(group, QPalette.ColorRole.Button)
        elif self.isDown():
            fill = fill.darker(120)
        words = app.color(group, QPalette.ColorRole.HighlightedText)
        if not self.isEnabled():
            words = app.color(group, QPalette.ColorRole.ButtonText)
        option.palette.setColor(QPalette.ColorRole.ButtonText, words)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        edge = fill.darker(130) if self.isEnabled() else words  # a disabled one keeps an edge
        painter.setPen(QPen(edge, 1))
        painter.setBrush(fill)
        painter.drawRoundedRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
        painter.drawControl(QStyle.ControlElement.CE_PushButtonLabel, option)
        if self.hasFocus():
            ring = QStyleOptionFocusRect()
            ring.initFrom(self)
            painter.drawPrimitive(QStyle.PrimitiveElement.PE_FrameFocusRect, ring)
            # The ring is close to the fill's colour: a second, inner ring in the
            # words' colour shows focus against the fill.
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(words, 2))
            painter.drawRoundedRect(QRectF(self.rect()).adjusted(3, 3, -3, -3), 2, 2)


def primary_button(text: str, parent: QWidget | None = None) -> RoleButton:
    """The one main action of a screen or card."""
    return RoleButton(text, "primary", parent)


def destructive_button(text: str, parent: QWidget | None = None) -> RoleButton:
    """An action that deletes or discards (always behind a confirmation)."""
    return RoleButton(text, "destructive", parent)


def secondary_button(text: str, parent: QWidget | None = None) -> QPushButton:
    """Any other action. Enter presses it when focused, as Space does."""
    button = QPushButton(text, parent)
    button.setAutoDefault(True)
    return button
