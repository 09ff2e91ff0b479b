"""Every component on one page, for ``docs/design.md`` and for looking at a theme
(``prism --screenshot FILE.png --page design [--theme dark]``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop.ui.design.components import (
    Callout,
    Card,
    EmptyState,
    ProgressWithText,
    SectionHeader,
    StatusTag,
    destructive_button,
    primary_button,
    secondary_button,
)
from desktop.ui.design.tokens import SPACE_L, SPACE_S, SPACE_XL, Status, Tone
from desktop.ui.style import heading


class ComponentGallery(QWidget):
    """Tags, buttons, progress, callouts, a card and an empty state, in the theme in use."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Prism's components")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_L)
        layout.setSpacing(SPACE_S)
        layout.addWidget(heading("Prism's components"))

        layout.addWidget(SectionHeader("Status tags", "Words first, a symbol, then colour."))
        tags = QHBoxLayout()
        for status in Status:
            tags.addWidget(StatusTag(status))
        tags.addStretch(1)
        layout.addLayout(tags)

        layout.addWidget(SectionHeader("Buttons", "One primary action per screen or card."))
        buttons = QHBoxLayout()
        buttons.addWidget(primary_button("Take the quiz"))
        buttons.addWidget(secondary_button("Reflect on this module"))
        buttons.addWidget(destructive_button("Delete this record…"))
        disabled = primary_button("Saving…")
        disabled.setEnabled(False)
        buttons.addWidget(disabled)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        layout.addWidget(SectionHeader("Callouts and progress"))
        grid = QGridLayout()
        grid.setHorizontalSpacing(SPACE_L)
        grid.setVerticalSpacing(SPACE_S)
        messages = [
            (Tone.INFO, "Your answers are saved as you go", "Close Prism whenever you like."),
            (Tone.SUCCESS, "Quiz passed: 10 of 12", "The pass mark is 8 of 12."),
            (Tone.WARNING, "One record is still a draft", "Drafts do not count for the year."),
            (Tone.ERROR, "The record could not be saved", "The disk is full. Free space."),
        ]
        for index, (tone, title, text) in enumerate(messages):
            grid.addWidget(Callout(tone, title, text), index // 2, index % 2)
        layout.addLayout(grid)
        bars = QHBoxLayout()
        for done, total, words in ((0, 3, "0 of 3 steps"), (2, 3, "2 of 3 steps"), (3, 3, "Done")):
            progress = ProgressWithText()
            progress.set_progress(done, total, words)
            bars.addWidget(progress, 1)
        layout.addLayout(bars)

        row = QHBoxLayout()
        card = Card(name="A card")
        card.body.addWidget(QLabel("Module 3"))
        card.body.addWidget(heading("Online disinhibition", 3))
        card.body.addWidget(StatusTag(Status.IN_PROGRESS))
        card.body.addWidget(secondary_button("Continue reading"), 0, Qt.AlignmentFlag.AlignLeft)
        card.body.addStretch(1)
        row.addWidget(card, 1)
        empty = EmptyState("✎", "No reflections yet", "What you write is saved as you type.")
        empty_card = Card(name="An empty state")
        empty_card.body.addWidget(empty)
        row.addWidget(empty_card, 1)
        layout.addLayout(row, 1)
