"""Screen-reader announcements for changes that happen without a focus move."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtWidgets import QWidget

# Kept on the widget (not its accessible description, which a screen reader reads as
# part of the widget every time) so tests and the presenter can see what was said.
ANNOUNCEMENT_PROPERTY = "prismAnnouncement"


def announce(widget: QWidget, message: str) -> None:
    """Ask assistive technology to read ``message`` politely: after what it is saying,
    without moving focus and without changing the widget's name or description.

    Qt 6.8+ has announcement events (AT-SPI "object:announcement"); older Qt has only
    the description, so there the message is put in it, as before.
    """
    widget.setProperty(ANNOUNCEMENT_PROPERTY, message)
    event_class = getattr(QtGui, "QAccessibleAnnouncementEvent", None)
    if event_class is None:
        widget.setAccessibleDescription(message)
        return
    if QtGui.QAccessible.isActive():
        event = event_class(widget, message)
        event.setPoliteness(QtGui.QAccessible.AnnouncementPoliteness.Polite)
        QtGui.QAccessible.updateAccessibility(event)


def last_announcement(widget: QWidget) -> str:
    """What ``announce`` last asked to be read for ``widget`` ("" if nothing)."""
    return str(widget.property(ANNOUNCEMENT_PROPERTY) or "")
