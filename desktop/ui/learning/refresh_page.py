"""The refresh set: a few questions missed before, one at a time, then when each returns.

It plays like the quiz (keys 1-9 choose, arrows move, Enter answers and moves on,
feedback explains each option) but nothing is scored: the point is to check that
what was missed has stuck. The feedback is a callout under the options; the summary
is a card (how many were right) over a card per question saying when it comes back;
with nothing due, an empty state with one way on.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from desktop.domain.grading import Feedback
from desktop.services.refresh import RefreshQuestion
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.design.components import EmptyState, secondary_button
from desktop.ui.design.tokens import SPACE_L, Tone
from desktop.ui.learning.question_page import QuestionPage
from desktop.ui.learning.quiz_feedback import RIGHT_ICON, explanation_html, feedback_html
from desktop.ui.learning.reading_order import plain_text
from desktop.ui.learning.review_list import ReviewItem, ReviewList, SummaryCard
from desktop.ui.style import heading, muted

__all__ = ["EMPTY_TEXT", "EMPTY_TITLE", "RefreshPage", "comes_back_text", "summary_items"]

EMPTY_TITLE = "Nothing to refresh today"
EMPTY_TEXT = (
    "Questions you answer wrongly in a module quiz come back here on later days, so you "
    "can check they have stuck. Take a quiz, or come back tomorrow."
)


def _day(day: date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


def comes_back_text(back_on: date | None, today: date) -> str:
    """When a question returns, in words: 'Comes back tomorrow (Tuesday 3 March)'."""
    if back_on is None:
        return "Learned: it will not come back unless you miss it in a quiz again."
    if back_on <= today:
        return "Comes back later today."
    if back_on == today + timedelta(days=1):
        return f"Comes back tomorrow ({_day(back_on)})."
    return f"Comes back in {(back_on - today).days} days ({_day(back_on)})."


SUMMARY_NOTE = "Questions you get right come back less often; one you miss comes back tomorrow."
SUMMARY_NAME = "Your refresh set"


def summary_items(
    answered: list[tuple[RefreshQuestion, Feedback, date | None]], today: date
) -> list[ReviewItem]:
    """A card per question answered: its module, and when it comes back."""
    return [
        ReviewItem(
            number,
            item.question.prompt.strip(),
            feedback.correct,
            [f"From “{item.module_title}”", comes_back_text(back_on, today)],
        )
        for number, (item, feedback, back_on) in enumerate(answered, start=1)
    ]


class RefreshPage(QuestionPage):
    """Plays today's refresh set for one learner."""

    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, "Refresh progress", parent)
        self.profile_id: str | None = None
        self.questions: list[RefreshQuestion] = []
        self.index = 0
        self.current: RefreshQuestion | None = None
        self.answered: list[tuple[RefreshQuestion, Feedback, date | None]] = []
        self._today = date.today()

        self.title = heading("Refresh what you missed")
        self.module_label = muted("")
        self.home_button = secondary_button("&Home")
        self.home_button.clicked.connect(lambda: self.navigate.emit("home"))
        # Nothing due: a symbol, what this page is for, and one way on (home).
        self.empty = EmptyState("↻", EMPTY_TITLE, EMPTY_TEXT, "Back to your &modules")
        self.empty.text.setWordWrap(True)
        assert self.empty.button is not None
        self.empty.button.clicked.connect(lambda: self.navigate.emit("home"))
        self.summary = SummaryCard(SUMMARY_NAME)
        self.review = ReviewList("When each question comes back")
        self.summary.setVisible(False)
        self.review.setVisible(False)
        self.lay_out(
            self.title,
            self.home_button,
            above_prompt=(self.module_label,),
            below=(self.empty, self.summary, self.review),
        )
        self.summary.body.setContentsMargins(SPACE_L, SPACE_L, SPACE_L, SPACE_L)
        self.clear()

    # Flow ---------------------------------------------------------------------------

    def start(self, profile_id: str) -> bool:
        """Load today's set for this learner; False (and a clear message) if none is due."""
        self.profile_id = profile_id
        self._today = self.services.refresh.today()
        self.questions = self.services.refresh.due(profile_id, self._today)
        self.answered = []
        self.index = 0
        if not self.questions:
            self._show_empty()
            return False
        self._show_question()
        return True

    def clear(self) -> None:
        """Forget the learner and the set (switching learner)."""
        self.profile_id = None
        self.questions = []
        self.answered = []
        self.index = 0
        self._show_empty()

    def _show_empty(self) -> None:
        self.current = None
        self.hide_question()
        self.progress_label.setText("")
        self.progress.setVisible(False)
        self.module_label.setVisible(False)
        self.summary.setVisible(False)
        self.review.setVisible(False)
        self.empty.setVisible(True)
        self.home_button.setVisible(False)  # the empty state's one action says it
        assert self.empty.button is not None
        self.empty.button.setFocus()
        announce(self, f"{EMPTY_TITLE}. {EMPTY_TEXT}")

    def _show_question(self) -> None:
        self.current = item = self.questions[self.index]
        self.progress.setVisible(True)
        self.module_label.setText(f"From “{item.module_title}”")
        self.module_label.setVisible(True)
        self.empty.setVisible(False)
        self.summary.setVisible(False)
        self.review.setVisible(False)
        self.home_button.setVisible(True)
        position = self.show_question(
            item.question, item.order or None, self.index, len(self.questions)
        )
        self.setFocus()
        announce(self, f"{position}. {self.prompt.text()}")

    def submit(self) -> None:
        """Grade the chosen options, show the feedback, and reschedule the question."""
        if self.profile_id is None or self.current is None or not self.chosen():
            return
        item = self.current
        refresh = self.services.refresh
        feedback = refresh.answer(
            self.profile_id, item.module_id, item.question.id, self.chosen(), today=self._today
        )
        back_on = refresh.comes_back_on(self.profile_id, item.module_id, item.question.id)
        self.answered.append((item, feedback, back_on))
        when = comes_back_text(back_on, self._today)
        shown = f"<p><b>{html.escape(when)}</b></p>"
        shown += explanation_html(item.question, feedback, item.order or None)
        last = self.index + 1 >= len(self.questions)
        self.show_answered(item.question, feedback, shown, last=last, last_text="See your &summary")
        self.next_button.setFocus()
        # All of it is read out, as in the quiz: the verdict, when it returns, and why.
        said = plain_text(feedback_html(item.question, feedback, item.order or None))
        announce(self, f"{feedback.headline}. {when} {said}")

    def advance(self) -> None:
        """Move to the next question, or to the summary after the last."""
        if self.current is None:
            return
        self.index += 1
        if self.index < len(self.questions):
            self._show_question()
        else:
            self._show_summary()

    def _show_summary(self) -> None:
        self.current = None
        self.hide_question()
        total = len(self.questions)
        self.progress.setValue(total)
        self.progress_label.setText("Refresh set complete")
        self.module_label.setVisible(False)
        right = sum(1 for _, feedback, _ in self.answered if feedback.correct)
        tone = Tone.SUCCESS if right == total else Tone.INFO
        self.summary.show_summary(
            tone,
            f"{RIGHT_ICON if right == total else '↻'} You answered {right} of {total} right",
            SUMMARY_NOTE,
            right,
            total,
            [],
        )
        self.review.set_items(summary_items(self.answered, self._today))
        self.summary.setVisible(True)
        self.review.setVisible(True)
        self.scroll.verticalScrollBar().setValue(0)
        self.home_button.setFocus()
        announce(self, f"Refresh set complete. You answered {right} of {total} right.")
