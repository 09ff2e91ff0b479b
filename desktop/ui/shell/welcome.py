"""The first-run welcome: three short steps on profiles, privacy and CPD.

Shown once per data folder (an app-wide setting, not a per-person one), before
anyone picks a profile. Keyboard: Enter goes on, Esc skips, Alt+B goes back.
Each step change is announced, and the step's text is the dialog's description,
so a screen reader reads the whole step without hunting for it.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.preferences import PreferencesService
from desktop.ui.a11y import announce
from desktop.ui.style import heading, muted


@dataclass(frozen=True)
class WelcomeStep:
    title: str
    paragraphs: tuple[str, ...]


STEPS = (
    WelcomeStep(
        "Everyone has their own profile",
        (
            "Each person who uses Prism on this computer makes a profile with their name. "
            "Your progress, reflections and CPD drafts belong to your profile and nobody "
            "else's.",
            "On a shared laptop, pick your own name each time, and choose File, Switch "
            "learner (Ctrl+L) when you finish, so the next person starts from their own page.",
        ),
    ),
    WelcomeStep(
        "Your work stays on this computer",
        (
            "Prism never connects to the internet. Everything you do is kept in one file "
            "in your user folder on this computer. A web link in the course opens in your "
            "browser only after you say yes.",
            "Anyone who can sign in to this computer account can open a profile without a "
            "passphrase. On a shared computer, protect yours with one: Passphrase… on the "
            "profile list, or the offer on your home page.",
        ),
    ),
    WelcomeStep(
        "Learning becomes CPD",
        (
            "As you study, Prism helps you turn what you learned, and what it changed in "
            "your practice, into CPD records for your Social Work England renewal.",
            "Your registration year ends on 30 November. Prism keeps your drafts and shows "
            "what is still needed; you then add the records to your Social Work England "
            "online account.",
        ),
    ),
)


class WelcomeDialog(QDialog):
    """Three steps with Back, Next, Skip and Get started."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Welcome to Prism")
        self.index = 0
        self.step_label = muted("")
        self.title = heading("")
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.PlainText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.skip_button = QPushButton("&Skip")
        self.skip_button.setAccessibleDescription("Close the welcome and go to the profiles")
        self.back_button = QPushButton("&Back")
        self.next_button = QPushButton("&Next")
        self.start_button = QPushButton("&Get started")
        for button in (self.skip_button, self.back_button, self.next_button, self.start_button):
            button.setAutoDefault(True)  # Enter presses the focused button, as in any dialog
        self.skip_button.clicked.connect(self.reject)
        self.back_button.clicked.connect(self.back)
        self.next_button.clicked.connect(self.next)
        self.start_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        pad = self.fontMetrics().height()  # margins that grow with the text size
        layout.setContentsMargins(pad * 2, pad * 3 // 2, pad * 2, pad * 3 // 2)
        layout.setSpacing(pad * 3 // 4)
        layout.addWidget(self.step_label)
        layout.addWidget(self.title)
        layout.addWidget(self.body, 1)
        row = QHBoxLayout()
        row.addWidget(self.skip_button)
        row.addStretch(1)
        row.addWidget(self.back_button)
        row.addWidget(self.next_button)
        row.addWidget(self.start_button)
        layout.addLayout(row)
        metrics = self.fontMetrics()
        # About 60 characters a line, and room for the longest step without scrolling.
        self.body.setMinimumWidth(metrics.averageCharWidth() * 64)
        self.setMinimumHeight(metrics.height() * 18)
        self._show_step()

    def _show_step(self) -> None:
        step = STEPS[self.index]
        last = self.index == len(STEPS) - 1
        position = f"Step {self.index + 1} of {len(STEPS)}"
        self.step_label.setText(position)
        self.title.setText(step.title)
        self.title.setAccessibleName(step.title)
        self.body.setText("\n\n".join(step.paragraphs))
        self.back_button.setEnabled(self.index > 0)
        self.next_button.setVisible(not last)
        self.start_button.setVisible(last)
        focus = self.start_button if last else self.next_button
        focus.setDefault(True)
        focus.setFocus()
        self.setAccessibleDescription(f"{position}. {step.title}. " + " ".join(step.paragraphs))
        announce(self, f"{position}: {step.title}. " + " ".join(step.paragraphs))

    def next(self) -> None:
        if self.index < len(STEPS) - 1:
            self.index += 1
            self._show_step()

    def back(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show_step()


def show_welcome_if_first_run(parent: QWidget, prefs: PreferencesService) -> WelcomeDialog | None:
    """Open the welcome over ``parent`` the first time Prism runs with this data folder.

    It counts as seen as soon as it is shown, however it is closed, so it never
    comes back to interrupt someone who chose to skip it. Not blocking: returns the
    open dialog (or None when it has been seen before).
    """
    if prefs.welcome_seen():
        return None
    prefs.mark_welcome_seen()
    dialog = WelcomeDialog(parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    return dialog
