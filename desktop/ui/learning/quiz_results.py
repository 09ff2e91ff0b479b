"""A finished quiz: a summary card, then the answers one card per question.

The summary card says passed or not yet against the pass mark (a callout in its tone,
with icon and words), the score as a bar with words, the best score so far, and what
to do next, with the next step as the card's one primary button: retake the quiz when
not passed; play the scenario, or reflect, once passed (the reader's own rule,
``next_step.suggest``). Under it, the review: each question's verdict, your answer,
the right answer and why, which "Review my mistakes" narrows to the wrong ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from PySide6.QtWidgets import QPushButton, QVBoxLayout, QWidget

from desktop.domain.grading import Feedback
from desktop.domain.quiz import Question
from desktop.services.quiz import QuizResult
from desktop.ui.design.tokens import SPACE_L, Tone
from desktop.ui.learning.next_step import StepButton
from desktop.ui.learning.quiz_feedback import RIGHT_ICON, WRONG_ICON, review_lines, score_line
from desktop.ui.learning.review_list import ReviewItem, ReviewList, SummaryCard

__all__ = ["NOT_PASSED_ADVICE", "QuizResults", "review_items"]

NOT_PASSED_ADVICE = (
    "What next: look at the answers below, go back to the module for the parts you "
    "missed, and retake the quiz when you are ready."
)
NEXT_WORDS = {
    "scenario": "What next: play the scenario, to practise this in a case.",
    "reflect": "What next: reflect on what this module means for your work.",
    "quiz": NOT_PASSED_ADVICE,
}


def review_items(
    review: Sequence[tuple[Question, Feedback]],
    orders: dict[str, tuple[int, ...]],
    *,
    mistakes_only: bool = False,
) -> list[ReviewItem]:
    """A card for each question answered (only the wrong ones if ``mistakes_only``)."""
    items = []
    for number, (question, feedback) in enumerate(review, start=1):
        if mistakes_only and feedback.correct:
            continue
        lines, why = review_lines(question, feedback, orders.get(question.id))
        items.append(ReviewItem(number, question.prompt.strip(), feedback.correct, lines, why))
    return items


class QuizResults(QWidget):
    """The summary card and the review; the page owns the buttons placed in them."""

    def __init__(
        self,
        name: str,
        *,
        retake: StepButton,
        scenario: StepButton,
        reflect: StepButton,
        others: Sequence[QPushButton],
        mistakes: QPushButton,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setAccessibleName(name)
        self.summary = SummaryCard("Your quiz result")
        self.steps = {"quiz": retake, "scenario": scenario, "reflect": reflect}
        self._others = tuple(others)
        for button in (retake, scenario, reflect, *others):
            self.summary.actions.addWidget(button)
        self.review = ReviewList("Your answers")
        self.review.header_row.addWidget(mistakes)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_L)
        layout.addWidget(self.summary)
        layout.addWidget(self.review)

    def show_result(self, result: QuizResult, history: str, step: str, has_scenario: bool) -> None:
        """Fill the summary; ``step`` ("quiz", "scenario" or "reflect") is the primary one."""
        if result.passed:
            tone, title = Tone.SUCCESS, f"{RIGHT_ICON} Passed: {result.right} of {result.total}"
        else:
            # Amber, not red: not yet passed is a step on the way, said calmly.
            tone = Tone.WARNING
            title = f"{WRONG_ICON} Not passed yet: {result.right} of {result.total}"
        line = score_line(result.right, result.total, result.score, result.pass_mark, result.needed)
        self.summary.show_summary(
            tone, title, line, result.right, result.total, [history, NEXT_WORDS[step]]
        )
        for name, button in self.steps.items():
            button.set_primary(name == step)
        # The primary step first, in place and in Tab order; the rest as they were.
        order = [self.steps[step], *(b for n, b in self.steps.items() if n != step)]
        order += self._others
        actions = self.summary.actions
        for button in order:
            actions.removeWidget(button)
        for button in order:
            actions.addWidget(button)
        for before, after in pairwise(order):
            QWidget.setTabOrder(before, after)
        self.steps["scenario"].setVisible(has_scenario and result.passed)
        self.steps["reflect"].setVisible(result.passed)

    def show_review(self, result: QuizResult, mistakes_only: bool) -> None:
        self.review.header.title.setText("Your mistakes" if mistakes_only else "Your answers")
        self.review.set_items(
            review_items(result.review, result.orders, mistakes_only=mistakes_only),
            "None: every answer was right." if mistakes_only else "",
        )

    def toPlainText(self) -> str:
        """Everything the results say, in reading order."""
        return self.summary.text() + "\n" + self.review.text()
