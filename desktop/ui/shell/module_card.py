"""A module on the home page as a card: number and title, status tag, progress through
its steps, time and best score, and the one next thing to do.

What to do next is worked out here from the module's status (plain rules, tested in
``tests/ui/test_home_dashboard.py``): start reading, carry on reading, take the quiz,
play the scenario, or look back over a finished module.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.services.reading import ModuleStatus
from desktop.ui.design.components import (
    Card,
    ProgressWithText,
    StatusTag,
    secondary_button,
)
from desktop.ui.design.tokens import STATUS_WORDS, Status
from desktop.ui.style import heading, muted


@dataclass(frozen=True)
class NextStep:
    """The card's action: its words and where it goes."""

    text: str
    target: str


def module_state(status: ModuleStatus, has_scenario: bool) -> Status:
    """The tag a module shows."""
    if not status.available:
        return Status.UNAVAILABLE
    if not status.started and status.quiz_attempts == 0:
        return Status.NOT_STARTED
    if status.quiz_passed and status.read and (status.scenario_done or not has_scenario):
        return Status.COMPLETE
    if status.quiz_passed:
        return Status.PASSED
    return Status.IN_PROGRESS


def steps_done(status: ModuleStatus, has_scenario: bool) -> tuple[int, int]:
    """(done, total) of the module's steps: read, pass the quiz, and play the scenario."""
    steps = [status.read, status.quiz_passed]
    if has_scenario:
        steps.append(status.scenario_done)
    return sum(steps), len(steps)


def next_step(status: ModuleStatus, has_scenario: bool) -> NextStep | None:
    """What the learner would do next in this module, or None if it cannot be opened."""
    if not status.available:
        return None
    mid = status.module_id
    if not status.started:
        return NextStep("&Start reading", f"module:{mid}")
    if not status.read:
        return NextStep("&Continue reading", f"module:{mid}")
    if not status.quiz_passed:
        again = status.quiz_attempts > 0
        return NextStep("&Try the quiz again" if again else "&Take the quiz", f"quiz:{mid}")
    if has_scenario and not status.scenario_done:
        return NextStep("&Play the scenario", f"scenario:{mid}")
    return NextStep("&Look back over it", f"module:{mid}")


class ModuleCard(Card):
    """One module; ``navigate`` carries the target of its action ("quiz:<id>", …)."""

    navigate = Signal(str)

    def __init__(self, kicker: str, status: ModuleStatus, has_scenario: bool) -> None:
        """``kicker``: the small line above the title, "Module 3" or the pack's name."""
        super().__init__(name=f"{kicker}: {status.title}")
        self.module_id = status.module_id
        self.status = status
        self.state = module_state(status, has_scenario)
        self.step = next_step(status, has_scenario)

        self.number = muted(kicker)
        self.title = heading(status.title, 3)
        self.tag = StatusTag(self.state)
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(self.number, 1)
        top.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.body.addLayout(top)
        self.body.addWidget(self.title)

        self.summary = QLabel(status.summary if status.available else status.reason)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.summary)

        self.progress = ProgressWithText()
        done, total = steps_done(status, has_scenario)
        self.progress.set_progress(done, total, f"{done} of {total} steps")
        self.body.addWidget(self.progress)  # parented first: shown alone it is a window
        self.progress.setVisible(status.available)

        self.meta = muted(self._meta_text())
        self.body.addWidget(self.meta)
        self.body.addStretch(1)

        self.action: QWidget | None = None
        if self.step is not None:
            button = secondary_button(self.step.text)
            button.setAccessibleName(f"{button.text().replace('&', '')}: {status.title}")
            button.clicked.connect(lambda: self.navigate.emit(self.step.target))
            self.body.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.action = button
        self.setAccessibleDescription(self.summary_text())

    def _meta_text(self) -> str:
        if not self.status.available:
            return "Fix the module's files, then run prism content check."
        parts = [f"About {self.status.minutes} min"]
        if self.status.quiz_summary:
            parts.append(self.status.quiz_summary)
        return " · ".join(parts)

    def summary_text(self) -> str:
        """The card in one line, as a screen reader's description and for tests:
        "Quiz passed · 2 of 3 steps · About 40 min · best quiz score 100% (2 attempts)"."""
        parts = [STATUS_WORDS[self.state]]
        if self.status.available:
            parts.append(self.progress.label.text())
        parts.append(self.meta.text())
        return " · ".join(parts)
