"""A wait cursor for work that blocks the window for a moment (a backup, a key, a PDF)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication


@contextmanager
def busy_cursor() -> Iterator[None]:
    """Show the wait cursor until the block ends, however it ends."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
