"""Shared look: reader stylesheets, the reader's current look, and small widget helpers.

Colours live in ``desktop.ui.theme``; widgets here refer to palette roles only, so
every helper works in the light, dark and high-contrast themes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QIcon, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStyle,
    QWidget,
)

READER_STYLESHEETS = {
    "light": "reader.css",
    "dark": "reader-dark.css",
    "high-contrast": "reader-high-contrast.css",
}
EXTRA_SPACING_STYLESHEET = "reader-extra-spacing.css"

# A widget whose font is a multiple of the application font carries this property,
# so a text-size change can rescale it (Qt keeps an explicitly set font as it is).
FONT_SCALE_PROPERTY = "prismFontScale"
FONT_BOLD_PROPERTY = "prismFontBold"  # False for a scaled font that is not bold

_PX = r"(?<![\w.#-])(\d+)px\b"  # compiled (and cached) by re on first use


@cache
def reader_css(
    assets: Path, theme: bool | str = False, text_size: int = 100, extra_spacing: bool = False
) -> str:
    """The reader stylesheet for a theme ("light", "dark", "high-contrast"; or a bool: dark?).

    Lengths in px (margins, spacing) grow with ``text_size`` so the page keeps its
    proportions at 200%; 1 px rules and borders stay thin. ``extra_spacing`` adds the
    dyslexia-friendly spacing rules after the theme's own.
    """
    if isinstance(theme, bool):
        theme = "dark" if theme else "light"
    styles = assets / "styles"
    sheet = styles / READER_STYLESHEETS.get(theme, "reader.css")
    if not sheet.is_file() and theme == "high-contrast":
        sheet = styles / READER_STYLESHEETS["dark"]
    css = sheet.read_text(encoding="utf-8") if sheet.is_file() else ""
    extra = styles / EXTRA_SPACING_STYLESHEET
    if extra_spacing and extra.is_file():
        css += "\n" + extra.read_text(encoding="utf-8")
    if text_size != 100:
        css = re.sub(_PX, lambda m: _scaled_px(int(m.group(1)), text_size), css)
    return css


def _scaled_px(value: int, percent: int) -> str:
    return f"{value}px" if value <= 1 else f"{round(value * percent / 100)}px"


def is_dark() -> bool:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


# --------------------------------------------------------------------------- #
# The reader's look: set by theme.Appearance, followed by every SafeBrowser
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class ReaderLook:
    """What the reader stylesheet depends on. ``theme=None``: light or dark from the palette."""

    theme: str | None = None
    text_size: int = 100
    extra_spacing: bool = False

    def css(self, assets: Path) -> str:
        theme = self.theme or ("dark" if is_dark() else "light")
        return reader_css(assets, theme, self.text_size, self.extra_spacing)


class _ReaderLookSignals(QObject):
    changed = Signal()


_look = ReaderLook()
_signals: _ReaderLookSignals | None = None


def reader_look() -> ReaderLook:
    return _look


def reader_look_signals() -> _ReaderLookSignals:
    """Emits ``changed`` after ``set_reader_look``; browsers re-render on it."""
    global _signals
    if _signals is None:
        _signals = _ReaderLookSignals()
    return _signals


def set_reader_look(look: ReaderLook) -> None:
    global _look
    if look != _look:
        _look = look
        reader_look_signals().changed.emit()


# --------------------------------------------------------------------------- #
# Widget helpers
# --------------------------------------------------------------------------- #


def heading(text: str, level: int = 1) -> QLabel:
    """A page or section heading whose size follows the user's text size."""
    label = QLabel(text)
    label.setProperty(FONT_SCALE_PROPERTY, 1.6 if level == 1 else 1.25)
    _apply_scaled_font(label)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def muted(text: str) -> QLabel:
    """Secondary text; its colour (PlaceholderText) still reads at 4.5:1 in every theme."""
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def error_text(label: QLabel) -> QLabel:
    """Show ``label`` in the theme's error colour (carried in the BrightText role)."""
    label.setForegroundRole(QPalette.ColorRole.BrightText)
    return label


def scale_font(widget: QWidget, scale: float, *, bold: bool = True) -> None:
    """Give ``widget`` the application font times ``scale``, now and after every
    text-size change (headings, tags and other steps of the type scale)."""
    widget.setProperty(FONT_SCALE_PROPERTY, scale)
    widget.setProperty(FONT_BOLD_PROPERTY, bold)
    _apply_scaled_font(widget)


def _apply_scaled_font(widget: QWidget) -> None:
    scale = widget.property(FONT_SCALE_PROPERTY)
    if not scale:
        return
    font = QFont(QApplication.font())
    if font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * float(scale))
    else:
        font.setPixelSize(round(font.pixelSize() * float(scale)))
    font.setBold(widget.property(FONT_BOLD_PROPERTY) is not False)
    widget.setFont(font)


def refresh_scaled_fonts() -> None:
    """Resize every heading after the application font changed."""
    # Walk the windows rather than QApplication.allWidgets(): under PySide6 6.12 the
    # latter crashed (a reference-count error) once widgets were being deleted.
    for window in QApplication.topLevelWidgets():
        for widget in [window, *window.findChildren(QWidget)]:
            if widget.property(FONT_SCALE_PROPERTY):
                _apply_scaled_font(widget)


# --------------------------------------------------------------------------- #
# Long choices that wrap (Qt's buttons, check boxes and radio buttons cannot)
# --------------------------------------------------------------------------- #


def mnemonic_html(text: str) -> str:
    """Qt's "&1. Text" as rich text with the mnemonic letter underlined ("&&" is "&")."""
    from html import escape  # html.entities is ~1 ms the home page does not need

    parts = text.split("&&")
    out = []
    for part in parts:
        before, marker, after = part.partition("&")
        if marker and after:
            out.append(f"{escape(before)}<u>{escape(after[0])}</u>{escape(after[1:])}")
        else:
            out.append(escape(part.replace("&", "")))
    return "&amp;".join(out)


def plain_mnemonic_text(text: str) -> str:
    """ "&1. Text" without its mnemonic marker, as a screen reader should say it."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


class _LabelFollowsButton(QObject):
    """Clicking the label clicks the button; the label greys out with the button."""

    def __init__(self, button: QAbstractButton, label: QLabel) -> None:
        super().__init__(label)
        self._button, self._label = button, label
        label.installEventFilter(self)
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._label and event.type() == QEvent.Type.MouseButtonRelease:
            if self._button.isEnabled() and event.button() == Qt.MouseButton.LeftButton:
                self._button.click()
                self._button.setFocus(Qt.FocusReason.MouseFocusReason)
                return True
        elif watched is self._button and event.type() == QEvent.Type.EnabledChange:
            self._label.setEnabled(self._button.isEnabled())
        return False


def wrapping_choice(button: QAbstractButton, text: str) -> QWidget:
    """A check box or radio button with ``text`` beside it, wrapped to the width available.

    Keep the button's own text short (its mnemonic, "&1."); its accessible name
    should be the full ``text`` (set it on the button). Returns the row to add to a
    layout; the button's ``parentWidget()`` is that row, so delete the row to remove it.
    """
    row = QWidget()
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setBuddy(button)  # tells assistive technology the label describes the button
    layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
    layout.addWidget(label, 1)
    _LabelFollowsButton(button, label)
    label.setEnabled(button.isEnabled())
    return row


class WrappingButton(QPushButton):
    """A push button whose text wraps to its width, for long choices ("&1. Reply at once...").

    The mnemonic works as on any button (Alt+1), and the accessible name is the text
    without the "&". Qt's QPushButton draws its text on one line, however long.
    """

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.label = QLabel(mnemonic_html(text))
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.label.setForegroundRole(QPalette.ColorRole.ButtonText)
        layout = QHBoxLayout(self)
        margin = self.style().pixelMetric(QStyle.PixelMetric.PM_ButtonMargin)
        layout.setContentsMargins(margin, margin // 2 + 2, margin, margin // 2 + 2)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setShortcut(QKeySequence.mnemonic(text))
        self.setAccessibleName(plain_mnemonic_text(text))

    def sizeHint(self) -> QSize:
        # As wide as the text on one line (a wrapped QLabel guesses a narrower width).
        margins = self.layout().contentsMargins()
        text = plain_mnemonic_text(self.accessibleName())
        width = self.label.fontMetrics().horizontalAdvance(text) + margins.left() + margins.right()
        return QSize(width + 2, self.heightForWidth(width + 2))

    def minimumSizeHint(self) -> QSize:
        return self.layout().minimumSize()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.layout().totalHeightForWidth(width)


# --------------------------------------------------------------------------- #
# Icons: simple line drawings in assets/icons, coloured from the palette
# --------------------------------------------------------------------------- #

ICON_SIZES = (16, 24, 32, 48)


@cache
def _icon_svg(assets: Path, name: str) -> bytes:
    path = assets / "icons" / f"{name}.svg"
    return path.read_bytes() if path.is_file() else b""


def themed_icon(assets: Path, name: str) -> QIcon:
    """``assets/icons/NAME.svg`` drawn in the palette's button text colour (grey when disabled).

    The SVGs draw with ``currentColor``; Qt's SVG renderer has no CSS colour context,
    so the colour is written in before rendering. An unknown name gives an empty icon.
    """
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtSvg import QSvgRenderer

    svg = _icon_svg(assets, name)
    icon = QIcon()
    if not svg:
        return icon
    palette = QApplication.palette()
    ratio = QApplication.instance().devicePixelRatio() if QApplication.instance() else 1.0
    colours = {
        QIcon.Mode.Normal: palette.color(QPalette.ColorRole.ButtonText),
        QIcon.Mode.Disabled: palette.color(
            QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText
        ),
    }
    for mode, colour in colours.items():
        renderer = QSvgRenderer(QByteArray(svg.replace(b"currentColor", colour.name().encode())))
        for size in ICON_SIZES:
            pixmap = QPixmap(round(size * ratio), round(size * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(QColor(0, 0, 0, 0))
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, size, size))
            painter.end()
            icon.addPixmap(pixmap, mode)
    return icon


class _IconBinding(QObject):
    """Re-colours one button's or action's icon whenever the theme changes."""

    def __init__(self, target: QObject, assets: Path, name: str) -> None:
        super().__init__(target)
        self._target, self._assets, self._name = target, assets, name
        reader_look_signals().changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        self._target.setIcon(themed_icon(self._assets, self._name))


def bind_icon(target: QObject, assets: Path, name: str) -> None:
    """Give a button or action its icon now and again after every theme change."""
    _IconBinding(target, assets, name)


def clear_layout_widgets(widget: QWidget) -> None:
    layout = widget.layout()
    while layout is not None and layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # deletion waits for the event loop; hide at once
            item.widget().deleteLater()
