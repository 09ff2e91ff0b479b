"""The refresh set: a few questions missed before, one at a time, then when each returns.

It plays like the quiz (keys 1-9 choose, arrows move, Enter answers and moves on,
feedback explains each option) but nothing is scored: the point is to check that
what was missed has stuck. The summary says when each question comes back.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from desktop.domain.grading import Feedback
from desktop.services.refresh import RefreshQuestion
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.learning.question_page import QuestionPage
from desktop.ui.learning.quiz_feedback import feedback_html
from desktop.ui.style import heading, muted

__all__ = ["EMPTY_TEXT", "EMPTY_TITLE", "RefreshPage", "comes_back_text", "summary_html"]

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


def summary_html(answered: list[tuple[RefreshQuestion, Feedback, date | None]], today: date) -> str:
    """The end of a set: how many were right, and when each question comes back."""
    right = sum(1 for _, feedback, _ in answered if feedback.correct)
    parts = [
        f"<h2>You answered {right} of {len(answered)} right</h2>",
        "<p>Questions you get right come back less often; one you miss comes back tomorrow.</p>",
    ]
    for number, (item, feedback, back_on) in enumerate(answered, start=1):
        mark = "Right" if feedback.correct else "Not right"
        parts.append(
            f"<p><b>{number}. {html.escape(item.question.prompt.strip())}</b><br>"
            f"<i>{html.escape(item.module_title)}</i><br>"
            f"{mark}. {html.escape(comes_back_text(back_on, today))}</p>"
        )
    return "\n".join(parts)


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
        self.home_button = QPushButton("&Home")
        self.home_button.clicked.connect(lambda: self.navigate.emit("home"))
        self.lay_out(self.title, self.home_button, above_prompt=(self.module_label,))
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
        self.feedback.show_html(
            f"<h2>{html.escape(EMPTY_TITLE)}</h2><p>{html.escape(EMPTY_TEXT)}</p>"
        )
        self.home_button.setFocus()
        announce(self, f"{EMPTY_TITLE}. {EMPTY_TEXT}")

    def _show_question(self) -> None:
        self.current = item = self.questions[self.index]
        self.progress.setVisible(True)
        self.module_label.setText(f"From “{item.module_title}”")
        self.module_label.setVisible(True)
        position = self.show_question(
            item.question, item.order or None, self.index, len(self.questions)
        )
        self.feedback.show_html("")
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
        shown = feedback_html(item.question, feedback, item.order or None)
        shown += f"<p><b>{html.escape(when)}</b></p>"
        last = self.index + 1 >= len(self.questions)
        self.show_answered(item.question, feedback, shown, last=last, last_text="See your &summary")
        self.next_button.setFocus()
        announce(self, f"{feedback.headline}. {when}")

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
        self.feedback.show_html(summary_html(self.answered, self._today))
        self.home_button.setFocus()
        right = sum(1 for _, feedback, _ in self.answered if feedback.correct)
        announce(self, f"Refresh set complete. You answered {right} of {total} right.")
