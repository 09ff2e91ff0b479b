"""The refresh set: a few questions missed before, one at a time, then when each returns.

It plays like the quiz (keys 1-9 choose, arrows move, Enter answers and moves on,
feedback explains each option) but nothing is scored: the point is to check that
what was missed has stuck. The summary says when each question comes back.
"""

from __future__ import annotations

import html
from datetime import date, timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.grading import Feedback
from desktop.domain.quiz import MULTIPLE_ANSWER_RULE
from desktop.services.refresh import RefreshQuestion
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.learning.browser import SafeBrowser
from desktop.ui.learning.option_list import OptionList
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


class RefreshPage(QWidget):
    """Plays today's refresh set for one learner."""

    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.profile_id: str | None = None
        self.questions: list[RefreshQuestion] = []
        self.index = 0
        self.current: RefreshQuestion | None = None
        self.answered: list[tuple[RefreshQuestion, Feedback, date | None]] = []
        self._today = date.today()

        self.title = heading("Refresh what you missed")
        self.progress_label = muted("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Refresh progress")
        self.module_label = muted("")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.rule = muted("")
        self.options = OptionList()
        self.options.changed.connect(self._selection_changed)
        self.feedback = SafeBrowser(services.assets)
        self.feedback.setAccessibleName("Feedback on your answer")
        self.home_button = QPushButton("&Home")
        self.home_button.clicked.connect(lambda: self.navigate.emit("home"))
        self.answer_button = QPushButton("&Answer")
        self.answer_button.clicked.connect(self.submit)
        self.next_button = QPushButton("&Next question")
        self.next_button.clicked.connect(self.advance)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addSpacing(8)
        layout.addWidget(self.module_label)
        layout.addWidget(self.prompt)
        layout.addWidget(self.rule)
        layout.addWidget(self.options)
        layout.addWidget(self.feedback, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.home_button)
        buttons.addStretch(1)
        buttons.addWidget(self.answer_button)
        buttons.addWidget(self.next_button)
        layout.addLayout(buttons)
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
        self.options.clear()
        self.progress_label.setText("")
        self.progress.setVisible(False)
        self.module_label.setVisible(False)
        self.prompt.setVisible(False)
        self.rule.setVisible(False)
        self.feedback.show_html(
            f"<h2>{html.escape(EMPTY_TITLE)}</h2><p>{html.escape(EMPTY_TEXT)}</p>"
        )
        self.answer_button.setVisible(False)
        self.next_button.setVisible(False)
        self.home_button.setFocus()
        announce(self, f"{EMPTY_TITLE}. {EMPTY_TEXT}")

    def _show_question(self) -> None:
        self.current = question = self.questions[self.index]
        total = len(self.questions)
        self.progress_label.setText(f"Question {self.index + 1} of {total}")
        self.progress.setRange(0, total)
        self.progress.setValue(self.index)
        self.progress.setVisible(True)
        self.module_label.setText(f"From “{question.module_title}”")
        self.module_label.setVisible(True)
        prompt = question.question.prompt.strip()
        self.prompt.setText(prompt)
        self.prompt.setVisible(True)
        several = question.question.allows_several
        self.rule.setText(MULTIPLE_ANSWER_RULE if several else "Choose one answer.")
        self.rule.setVisible(True)
        self.options.show_question(question.question, question.order or None)
        self.feedback.show_html("")
        self.answer_button.setVisible(True)
        self.answer_button.setEnabled(False)
        self.next_button.setVisible(False)
        self.setFocus()
        announce(self, f"Question {self.index + 1} of {total}. {prompt}")

    def _selection_changed(self) -> None:
        self.answer_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[int]:
        return self.options.chosen()

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
        self.options.lock()
        self.options.mark(item.question, feedback)
        when = comes_back_text(back_on, self._today)
        self.feedback.show_html(
            feedback_html(item.question, feedback, item.order or None)
            + f"<p><b>{html.escape(when)}</b></p>"
        )
        self.answer_button.setVisible(False)
        last = self.index + 1 >= len(self.questions)
        self.next_button.setText("See your &summary" if last else "&Next question")
        self.next_button.setVisible(True)
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
        self.options.clear()
        total = len(self.questions)
        self.progress.setValue(total)
        self.progress_label.setText("Refresh set complete")
        self.module_label.setVisible(False)
        self.prompt.setVisible(False)
        self.rule.setVisible(False)
        self.feedback.show_html(summary_html(self.answered, self._today))
        self.answer_button.setVisible(False)
        self.next_button.setVisible(False)
        self.home_button.setFocus()
        right = sum(1 for _, feedback, _ in self.answered if feedback.correct)
        announce(self, f"Refresh set complete. You answered {right} of {total} right.")

    # Keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.answer_button.isVisible() and self.options.press_number(key):
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.answer_button.isVisible() and self.answer_button.isEnabled():
                self.submit()
            elif self.next_button.isVisible():
                self.advance()
            return
        super().keyPressEvent(event)
