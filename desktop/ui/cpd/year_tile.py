"""The home dashboard's CPD tile: this registration year in one line, and a way in.

"CPD 2025-26: 1 of 2 records · no peer reflection yet · 9 days left" tells a
practitioner at a glance whether renewal is on track, without opening the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from desktop.cpd.progress_text import days_left_text, peer_progress, records_progress
from desktop.services.startup import Services
from desktop.ui.design.components import Card
from desktop.ui.style import heading

if TYPE_CHECKING:
    from desktop.cpd.requirements import YearCheck


def tile_text(check: YearCheck) -> str:
    """ "CPD 2025-26: 1 of 2 records · no peer reflection yet · 9 days left"."""
    parts = [records_progress(check), peer_progress(check), days_left_text(check, True)]
    return f"CPD {check.year.label}: " + " · ".join(parts)


class CpdYearTile(Card):
    """Compact year status with an "Open CPD" button that emits navigate("cpd")."""

    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.cpd = services.cpd
        self.title = heading("CPD for your renewal", 3)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.open_button = QPushButton("Open &CPD records")
        self.open_button.setAccessibleName("Open CPD records")
        self.open_button.clicked.connect(lambda: self.navigate.emit("cpd"))
        layout = self.body
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addStretch(1)
        layout.addWidget(self.open_button, 0, Qt.AlignmentFlag.AlignLeft)

    def refresh(self, profile_id: str, check: YearCheck | None = None) -> None:
        """Show the year for ``profile_id``; ``check``: one already made (the home page's)."""
        text = tile_text(check if check is not None else self.cpd.year_check(profile_id))
        self.text.setText(text)
        self.setAccessibleName(text)
        self.open_button.setAccessibleDescription(text)
