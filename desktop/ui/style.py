"""Shared look: reader stylesheets and small widget helpers."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget


@cache
def reader_css(assets: Path, dark: bool) -> str:
    name = "reader-dark.css" if dark else "reader.css"
    path = assets / "styles" / name
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def is_dark() -> bool:
    palette = QApplication.palette()
    return palette.color(QPalette.ColorRole.Window).lightness() < 128


def heading(text: str, level: int = 1) -> QLabel:
    """A page or section heading whose size follows the user's font size."""
    label = QLabel(text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * (1.6 if level == 1 else 1.25))
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    label.setAccessibleName(text)
    return label


def muted(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setForegroundRole(QPalette.ColorRole.PlaceholderText)
    return label


def clear_layout_widgets(widget: QWidget) -> None:
    layout = widget.layout()
    while layout is not None and layout.count():
        item = layout.takeAt(0)
        if item.widget() is not None:
            item.widget().hide()  # deletion waits for the event loop; hide at once
            item.widget().deleteLater()
