"""The question/answer/feedback cycle shared by the quiz and the refresh set.

Both pages show one question at a time: a progress line and bar, the prompt, the
rule ("Choose one answer." or the multiple-answer rule), the option list, a
feedback pane, and Answer and Next buttons. Keys are the same on both: 1-9 choose
(or tick) an option, arrows move, Enter answers and then moves on. This base class
writes that cycle once; each page keeps what is its own (the quiz's session,
result, retake and CPD button; the refresh set's module line, due set and summary)
and decides where focus goes and what is announced, since those differ.

A base class rather than a widget the pages contain, so the controls stay direct
children of the page: the tab order, the accessible tree a screen reader walks and
the names tests reach (``page.options``, ``page.answer_button``) are unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
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
from desktop.domain.quiz import MULTIPLE_ANSWER_RULE, Question
from desktop.services.startup import Services
from desktop.ui.learning.browser import SafeBrowser
from desktop.ui.learning.option_list import OptionList
from desktop.ui.style import muted

__all__ = ["FEEDBACK_NAME", "ONE_ANSWER_RULE", "QuestionPage"]

FEEDBACK_NAME = "Feedback on your answer"
ONE_ANSWER_RULE = "Choose one answer."
NEXT_QUESTION = "&Next question"


class QuestionPage(QWidget):
    """A page that plays questions one at a time; subclasses say what Answer and Next do."""

    def __init__(self, services: Services, progress_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.progress_label = muted("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName(progress_name)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.rule = muted("")
        self.options = OptionList()
        self.options.changed.connect(self._selection_changed)
        self.feedback = SafeBrowser(services.assets)
        self.feedback.setAccessibleName(FEEDBACK_NAME)
        self.answer_button = QPushButton("&Answer")
        self.answer_button.clicked.connect(self.submit)
        self.next_button = QPushButton(NEXT_QUESTION)
        self.next_button.clicked.connect(self.advance)

    def lay_out(
        self,
        title: QWidget,
        leave: QPushButton,
        *,
        above_prompt: Sequence[QWidget] = (),
        buttons: Sequence[QPushButton] = (),
    ) -> None:
        """Title, progress, the question and its feedback, then a row of buttons: the way
        out (``leave``) on the left, the page's own ``buttons``, then Answer and Next.

        The order widgets are added in is their tab order, so it is fixed here."""
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addSpacing(8)
        for widget in above_prompt:
            layout.addWidget(widget)
        layout.addWidget(self.prompt)
        layout.addWidget(self.rule)
        layout.addWidget(self.options)
        layout.addWidget(self.feedback, 1)
        row = QHBoxLayout()
        row.addWidget(leave)
        row.addStretch(1)
        for button in (*buttons, self.answer_button, self.next_button):
            row.addWidget(button)
        layout.addLayout(row)

    # The cycle ----------------------------------------------------------------------

    def show_question(
        self, question: Question, order: Sequence[int] | None, index: int, total: int
    ) -> str:
        """Show question ``index`` (from 0) of ``total``, options in ``order``, nothing
        chosen yet; returns its position in words ("Question 2 of 10") for the page to
        focus or announce."""
        position = f"Question {index + 1} of {total}"
        self.progress_label.setText(position)
        self.progress.setRange(0, total)
        self.progress.setValue(index)
        self.prompt.setText(question.prompt.strip())
        self.prompt.setVisible(True)
        several = question.allows_several
        self.rule.setText(MULTIPLE_ANSWER_RULE if several else ONE_ANSWER_RULE)
        self.rule.setVisible(True)
        self.options.show_question(question, order)
        self.answer_button.setVisible(True)
        self.answer_button.setEnabled(False)
        self.next_button.setVisible(False)
        return position

    def show_answered(
        self, question: Question, feedback: Feedback, shown: str, *, last: bool, last_text: str
    ) -> None:
        """The answer is in: lock and mark the options, show ``shown`` (feedback HTML), and
        offer Next (or ``last_text`` after the last question)."""
        self.options.lock()
        self.options.mark(question, feedback)
        self.feedback.show_html(shown)
        self.answer_button.setVisible(False)
        self.next_button.setText(last_text if last else NEXT_QUESTION)
        self.next_button.setVisible(True)

    def hide_question(self) -> None:
        """No question on show (a result, a summary or an empty set): only the pane stays."""
        self.options.clear()
        self.prompt.setVisible(False)
        self.rule.setVisible(False)
        self.answer_button.setVisible(False)
        self.next_button.setVisible(False)

    def chosen(self) -> list[int]:
        """Authored indexes of the options chosen so far."""
        return self.options.chosen()

    def _selection_changed(self) -> None:
        self.answer_button.setEnabled(bool(self.chosen()))

    def submit(self) -> None:
        """Grade what is chosen and show the feedback (each page's own service)."""
        raise NotImplementedError

    def advance(self) -> None:
        """Move on to the next question, or to the end."""
        raise NotImplementedError

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
