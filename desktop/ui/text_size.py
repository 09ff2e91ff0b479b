"""Text size, 100% to 200% of the system font, and the extra-spacing reading mode.

The size is applied to the application font, so every widget, menu and dialog
follows it; headings made by ``style.heading`` keep their proportion; the reader
(QTextBrowser) takes its font from the widget, and its stylesheet scales its
spacing (``style.reader_css``). Extra spacing widens line, paragraph, letter and
word spacing in the reader (WCAG 1.4.12 Text Spacing values or more), and slightly
shortens the measure so lines stay about 75 characters.

The steps and the remembering (per profile) live in ``desktop.services.preferences``;
``theme.Appearance`` calls ``apply_text_size`` together with the theme.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from desktop.services.preferences import (
    DEFAULT_TEXT_SIZE,
    TEXT_SIZES,
    larger_text_size,
    smaller_text_size,
)
from desktop.ui import style

__all__ = [
    "DEFAULT_TEXT_SIZE",
    "TEXT_SIZES",
    "apply_text_size",
    "larger_text_size",
    "scaled_font",
    "smaller_text_size",
    "text_size_label",
]


def scaled_font(base: QFont, percent: int) -> QFont:
    """``base`` at ``percent`` of its size (point or pixel sized, whichever it uses)."""
    font = QFont(base)
    if base.pointSizeF() > 0:
        font.setPointSizeF(base.pointSizeF() * percent / 100)
    else:
        font.setPixelSize(max(1, round(base.pixelSize() * percent / 100)))
    return font


def apply_text_size(app: QApplication, base: QFont, percent: int) -> None:
    """Set the application font to ``percent`` of ``base`` and rescale the headings."""
    font = scaled_font(base, percent)
    if app.font() != font:
        app.setFont(font)
    style.refresh_scaled_fonts()


def text_size_label(percent: int) -> str:
    """How the size reads in menus and messages: "Text size 150%"."""
    return f"Text size {percent}%"
