"""The question/answer/feedback cycle shared by the quiz and the refresh set.

Both pages show one question at a time: a progress line and bar heading a centred
reading column, the prompt, the rule ("Choose one answer." or the multiple-answer
rule), the options as cards, the feedback as a callout sized to its words (hidden
until there is some), and Answer and Next as the one primary button. Keys are the
same on both: 1-9 choose (or tick) an option, arrows move, Enter answers and then
moves on. This base class
writes that cycle once; each page keeps what is its own (the quiz's session,
result, retake and CPD button; the refresh set's module line, due set and summary)
and decides where focus goes and what is announced, since those differ.

A base class rather than a widget the pages contain, so the controls stay the page's
own: the tab order, the accessible tree a screen reader walks and the names tests
reach (``page.options``, ``page.answer_button``) are the same on both pages. The
column scrolls (a long explanation, the results), the title, progress and buttons
do not.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.grading import Feedback
from desktop.domain.quiz import MULTIPLE_ANSWER_RULE, Question
from desktop.services.startup import Services
from desktop.ui.design.components import ProgressBar, primary_button
from desktop.ui.design.tokens import SPACE_L, SPACE_M, SPACE_S, TYPE_TITLE, Tone
from desktop.ui.learning.answer_feedback import VerdictCallout
from desktop.ui.learning.option_list import OptionList
from desktop.ui.learning.quiz_feedback import verdict_title
from desktop.ui.style import muted, scale_font

__all__ = ["FEEDBACK_NAME", "ONE_ANSWER_RULE", "QuestionPage", "ReadingColumn"]

FEEDBACK_NAME = "Feedback on your answer"
ONE_ANSWER_RULE = "Choose one answer."
NEXT_QUESTION = "&Next question"
COLUMN_EM = 60  # the question column's widest, in widths of "M": about 80 characters a line


class ReadingColumn(QWidget):
    """A column of at most ``COLUMN_EM`` ems, centred in whatever width it is given.

    The question, its options and the feedback read as one narrow page (as GOV.UK's
    two-thirds column) rather than lines stretched across a wide window."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.column = QWidget()
        self.body = QVBoxLayout(self.column)
        self.body.setContentsMargins(0, 0, 0, 0)
        self.body.setSpacing(SPACE_M)
        outer = QHBoxLayout(self)
        outer.setContentsMargins(SPACE_S, 0, SPACE_S, 0)
        outer.addStretch(1)
        outer.addWidget(self.column, 100)
        outer.addStretch(1)
        self._fit()

    def _fit(self) -> None:
        self.column.setMaximumWidth(self.fontMetrics().horizontalAdvance("M") * COLUMN_EM)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


class QuestionPage(QWidget):
    """A page that plays questions one at a time; subclasses say what Answer and Next do."""

    def __init__(self, services: Services, progress_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.progress_label = muted("")
        self.progress_label.setWordWrap(False)
        self.progress = ProgressBar()
        self.progress.setAccessibleName(progress_name)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setTextFormat(Qt.TextFormat.PlainText)
        scale_font(self.prompt, TYPE_TITLE)
        self.rule = muted("")
        self.options = OptionList()
        self.options.changed.connect(self._selection_changed)
        # Sized to what it says, straight under the options: no pane left empty.
        self.feedback = VerdictCallout(FEEDBACK_NAME)
        self.answer_button = primary_button("&Answer")
        self.answer_button.clicked.connect(self.submit)
        self.next_button = primary_button(NEXT_QUESTION)
        self.next_button.clicked.connect(self.advance)
        self.reading = ReadingColumn()
        self.scroll = QScrollArea()
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def lay_out(
        self,
        title: QWidget,
        leave: QPushButton,
        *,
        above_prompt: Sequence[QWidget] = (),
        below: Sequence[QWidget] = (),
        buttons: Sequence[QPushButton] = (),
    ) -> None:
        """Title and progress, then a scrolling reading column (``above_prompt``, the
        question, its options, the feedback and ``below``: the page's results or empty
        state), then a row of buttons: the way out (``leave``) on the left, the page's
        own ``buttons``, then Answer and Next, the one primary action at a time.

        The order widgets are added in is their tab order, so it is fixed here."""
        layout = QVBoxLayout(self)
        layout.setSpacing(SPACE_S)
        layout.addWidget(title)
        # Progress heads the question column, outside the scrolling, so it stays in view.
        progress = ReadingColumn()
        progress_row = QHBoxLayout()
        progress_row.setContentsMargins(0, 0, 0, 0)
        progress_row.setSpacing(SPACE_M)
        progress_row.addWidget(self.progress_label, 0)
        progress_row.addWidget(self.progress, 1)
        progress.body.addLayout(progress_row)
        layout.addWidget(progress)
        column = self.reading.body
        column.addSpacing(SPACE_S)
        for widget in above_prompt:
            column.addWidget(widget)
        column.addWidget(self.prompt)
        column.addWidget(self.rule)
        column.addWidget(self.options)
        column.addWidget(self.feedback)
        for widget in below:
            column.addWidget(widget)
        column.addStretch(1)
        self.scroll.setWidget(self.reading)
        layout.addWidget(self.scroll, 1)
        row = QHBoxLayout()
        row.setContentsMargins(0, SPACE_S, 0, 0)
        row.addWidget(leave)
        row.addStretch(1)
        for button in (*buttons, self.answer_button, self.next_button):
            row.addWidget(button)
        layout.addLayout(row)
        layout.setContentsMargins(SPACE_L, SPACE_M, SPACE_L, SPACE_M)

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
        self.options.setVisible(True)
        self.feedback.clear()
        self.scroll.verticalScrollBar().setValue(0)
        self.answer_button.setVisible(True)
        self.answer_button.setEnabled(False)
        self.next_button.setVisible(False)
        return position

    def show_answered(
        self, question: Question, feedback: Feedback, shown: str, *, last: bool, last_text: str
    ) -> None:
        """The answer is in: lock and mark the options, show the verdict and ``shown``
        (the explanation's HTML) in a callout of its tone, and offer Next (or
        ``last_text`` after the last question)."""
        self.options.lock()
        self.options.mark(question, feedback)
        self.progress.setValue(min(self.progress.value() + 1, self.progress.maximum()))
        tone = Tone.SUCCESS if feedback.correct else Tone.ERROR
        self.feedback.show_verdict(tone, verdict_title(feedback), shown)
        # Tab: the options, then the feedback, then Next.
        if self.options.buttons:
            QWidget.setTabOrder(self.options.buttons[-1], self.feedback)
        QWidget.setTabOrder(self.feedback, self.next_button)
        self.scroll.ensureWidgetVisible(self.feedback, 0, SPACE_L)
        self.answer_button.setVisible(False)
        self.next_button.setText(last_text if last else NEXT_QUESTION)
        self.next_button.setVisible(True)

    def hide_question(self) -> None:
        """No question on show (a result, a summary or an empty set)."""
        self.options.clear()
        self.feedback.clear()
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
