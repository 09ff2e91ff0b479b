"""Screen-reader announcements for changes that happen without a focus move."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, message: str) -> None:
    """Ask assistive technology to read `message` (announcement events need Qt 6.8+)."""
    widget.setAccessibleDescription(message)
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is not None and QtGui.QAccessible.isActive():
        QtGui.QAccessible.updateAccessibility(event_class(widget, message))
