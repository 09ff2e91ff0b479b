"""A date field that is one Tab stop, like every other field.

``QDateEdit`` spends Tab on its own sections: Tab moves day, month, year, and only
the third press leaves the field (Shift+Tab likewise), and while it shows its special
value ("Choose a date") Tab does nothing at all. A keyboard user met three stops
where one field stood, and could be stuck on an empty date. Here Tab and Shift+Tab
leave the field at once; the sections are still reached with the arrow keys, Left and
Right, or by typing the separators, as in the rest of the desktop.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDateEdit, QWidget


class DateEdit(QDateEdit):
    """A ``QDateEdit`` whose Tab and Shift+Tab move focus to the next or previous field."""

    def focusNextPrevChild(self, next: bool) -> bool:
        # Skip QDateTimeEdit's section stepping: straight to QWidget's focus chain.
        return QWidget.focusNextPrevChild(self, next)
