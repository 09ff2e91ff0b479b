"""The reader's next step: of its activities (quiz, scenario, reflection), the one to do
next is the primary button and the others stay secondary, with a line saying why.

The rule follows the module's own order, as the home card's does: pass the quiz, then
play the scenario, then reflect. Colour is not the only signal: the line beside the
buttons names the step, and the primary button's accessible description says it is
the suggested next step.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.services.reading import ModuleStatus
from desktop.ui.design.components import RoleButton
from desktop.ui.design.tokens import ROLE_PROPERTY

SUGGESTED = "Suggested next step"


class StepButton(RoleButton):
    """A button that is primary when it is the next step and secondary otherwise."""

    def __init__(self, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, "secondary", parent)

    @property
    def primary(self) -> bool:
        return self.property(ROLE_PROPERTY) == "primary"

    def set_primary(self, primary: bool) -> None:
        self.setProperty(ROLE_PROPERTY, "primary" if primary else "secondary")
        self.setAccessibleDescription(SUGGESTED if primary else "")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self.primary:
            super().paintEvent(event)
        else:
            QPushButton.paintEvent(self, event)


@dataclass(frozen=True)
class Suggestion:
    """Which activity comes next ("quiz", "scenario" or "reflect") and the line saying so."""

    step: str
    line: str


def suggest(status: ModuleStatus | None, has_quiz: bool, has_scenario: bool) -> Suggestion:
    """The next activity in this module for a learner whose progress is ``status``."""
    if status is not None and has_quiz and not status.quiz_passed:
        again = status.quiz_attempts > 0
        return Suggestion(
            "quiz",
            "Next step: try the quiz again" if again else "Next step: take the quiz",
        )
    if status is not None and has_scenario and not status.scenario_done:
        return Suggestion("scenario", "Next step: play the scenario")
    return Suggestion("reflect", "Next step: reflect on what this module means for your work")
