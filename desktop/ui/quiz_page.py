"""The quiz player: one question at a time, feedback after each, a review at the end.

Keys: 1-9 choose (or tick) an option, arrows move between options, Enter answers
and then moves on.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.grading import Feedback, OptionVerdict
from desktop.domain.quiz import MULTIPLE_ANSWER_RULE, Question
from desktop.services.quiz import QuizResult, QuizSession
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.browser import SafeBrowser
from desktop.ui.option_list import OptionList
from desktop.ui.reading_order import announce_feedback, focus_question, keep_focus_on
from desktop.ui.style import heading, muted

VERDICT_LABEL = {
    OptionVerdict.CHOSEN_RIGHT: "You chose this, and it is right.",
    OptionVerdict.CHOSEN_WRONG: "You chose this, but it is not right.",
    OptionVerdict.MISSED: "This was also right.",
}
MISSED_ONLY_ANSWER = "This is the right answer."
FEEDBACK_NAME = "Feedback on your answer"
RESULT_NAME = "Your quiz result and answers"


class QuizPage(QWidget):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.session: QuizSession | None = None
        self.profile_id: str | None = None
        self.question: Question | None = None
        self.result: QuizResult | None = None

        self.title = heading("")
        self.progress_label = muted("")
        self.progress = QProgressBar()
        self.progress.setTextVisible(False)
        self.progress.setMaximumHeight(8)
        self.progress.setAccessibleName("Quiz progress")
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
        self.next_button = QPushButton("&Next question")
        self.next_button.clicked.connect(self.advance)
        self.retake_button = QPushButton("&Retake the quiz")
        self.retake_button.clicked.connect(self.retake)
        self.back_button = QPushButton("&Back to the module")
        self.back_button.clicked.connect(self._back)
        self.cpd_button = QPushButton("Record this as &CPD…")
        self.cpd_button.setToolTip("Start a CPD record from this module, ready for your renewal")
        self.cpd_button.clicked.connect(self._record_cpd)
        self.cpd_button.setVisible(False)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.progress_label)
        layout.addWidget(self.progress)
        layout.addSpacing(8)
        layout.addWidget(self.prompt)
        layout.addWidget(self.rule)
        layout.addWidget(self.options)
        layout.addWidget(self.feedback, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        for button in (self.cpd_button, self.retake_button, self.answer_button, self.next_button):
            buttons.addWidget(button)
        layout.addLayout(buttons)

    # Flow ---------------------------------------------------------------------------

    def start(self, profile_id: str, module_id: str) -> None:
        self.profile_id = profile_id
        self.session = self.services.quizzes.start_or_resume(profile_id, module_id)
        module = self.services.course.module(module_id)
        self.title.setText(f"Quiz: {module.title if module else module_id}")
        self.result = None
        self._show_next(self.session.notice)

    def retake(self) -> None:
        if self.session is None or self.profile_id is None:
            return
        self.session = self.services.quizzes.start_new(self.profile_id, self.session.quiz.module_id)
        self.result = None
        self._show_next(None)

    def _show_next(self, notice: str | None) -> None:
        assert self.session is not None
        index = self.session.next_index
        if index is None:
            self._show_result(self.services.quizzes.finish(self.session))
            return
        self.question = self.session.questions[index]
        total = len(self.session.questions)
        self.progress_label.setText(f"Question {index + 1} of {total}")
        self.progress.setRange(0, total)
        self.progress.setValue(index)
        self.prompt.setText(self.question.prompt.strip())
        self.prompt.setVisible(True)
        several = self.question.allows_several
        self.rule.setText(MULTIPLE_ANSWER_RULE if several else "Choose one answer.")
        self.rule.setVisible(True)
        self.options.show_question(self.question)
        self.feedback.show_html(f"<p>{html.escape(notice)}</p>" if notice else "")
        self.feedback.setAccessibleName(FEEDBACK_NAME)
        self.answer_button.setVisible(True)
        self.answer_button.setEnabled(False)
        self.next_button.setVisible(False)
        self.retake_button.setVisible(False)
        self.cpd_button.setVisible(False)
        focus_question(self.prompt, f"Question {index + 1} of {total}", self.options.buttons)

    def _selection_changed(self) -> None:
        self.answer_button.setEnabled(bool(self.chosen()))

    def chosen(self) -> list[int]:
        return self.options.chosen()

    def submit(self) -> None:
        if self.session is None or self.question is None or not self.chosen():
            return
        feedback = self.services.quizzes.answer(self.session, self.question.id, self.chosen())
        answer = QApplication.focusWidget()
        self.options.lock()
        shown = feedback_html(self.question, feedback)
        self.feedback.show_html(shown)
        self.answer_button.setVisible(False)
        last = self.session.next_index is None
        self.next_button.setText("See your &result" if last else "&Next question")
        self.next_button.setVisible(True)
        # Focus stays on the answer (Enter or the button moves on); all is read out.
        keep_focus_on(answer if answer is not self.answer_button else self.next_button)
        announce_feedback(self, shown)

    def advance(self) -> None:
        self._show_next(None)

    def _show_result(self, result: QuizResult) -> None:
        self.result = result
        self.question = None
        total = len(self.session.questions) if self.session else 0
        self.progress.setValue(total)
        self.progress_label.setText("Quiz complete")
        self.prompt.setVisible(False)
        self.rule.setVisible(False)
        self.options.clear()
        self.feedback.show_html(result_html(result, self._history_line()))
        self.feedback.setAccessibleName(RESULT_NAME)
        self.answer_button.setVisible(False)
        self.next_button.setVisible(False)
        self.retake_button.setVisible(True)
        self.cpd_button.setVisible(result.passed)
        (self.cpd_button if result.passed else self.retake_button).setFocus()
        verdict = "passed" if result.passed else "not passed yet"
        announce(self, f"Quiz complete. You scored {result.score} percent: {verdict}.")

    def _record_cpd(self) -> None:
        if self.session is not None:
            self.navigate.emit(f"cpd:new-from:{self.session.quiz.module_id}")

    def _history_line(self) -> str:
        if self.session is None or self.profile_id is None:
            return ""
        history = self.services.quizzes.history(self.profile_id, self.session.quiz.module_id)
        if history.attempts < 2:
            return ""
        return (
            f"Attempts: {history.attempts}. Best score {history.best}%, latest {history.latest}%."
        )

    def _back(self) -> None:
        if self.session is not None:
            self.navigate.emit(f"module:{self.session.quiz.module_id}")

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


def feedback_html(question: Question, feedback: Feedback) -> str:
    parts = [f"<h3>{html.escape(feedback.headline)}</h3>"]
    for option in feedback.relevant:
        label = VERDICT_LABEL[option.verdict]
        if option.verdict is OptionVerdict.MISSED and not question.allows_several:
            label = MISSED_ONLY_ANSWER  # "also right" would suggest the choice was half right
        parts.append(
            f"<p><b>{html.escape(option.text)}</b><br>"
            f"<i>{html.escape(label)}</i> "
            f"{html.escape(option.feedback)}</p>"
        )
    parts.append(
        f"<p><small>Source: {html.escape(question.source.document_title)}, "
        f"section ‘{html.escape(question.source.section)}’</small></p>"
    )
    return "\n".join(parts)


def result_html(result: QuizResult, history: str) -> str:
    verdict = (
        "You passed."
        if result.passed
        else f"Not passed yet: the pass mark is {result.pass_mark}%. Review the answers below, "
        "look back at the module, and retake the quiz when you are ready."
    )
    parts = [f"<h2>You scored {result.score}%</h2><p>{html.escape(verdict)}</p>"]
    if history:
        parts.append(f"<p>{html.escape(history)}</p>")
    parts.append("<h3>Your answers</h3>")
    for number, (question, feedback) in enumerate(result.review, start=1):
        mark = "Right" if feedback.correct else "Not right"
        chosen = [o.text for o in feedback.options if o.verdict.name.startswith("CHOSEN")]
        parts.append(
            f"<p><b>{number}. {html.escape(question.prompt.strip())}</b><br>"
            f"{mark}. You chose: {html.escape('; '.join(chosen) or 'nothing')}.</p>"
        )
        parts.extend(
            f"<p style='margin-left: 24px'>{html.escape(o.text)}: {html.escape(o.feedback)}</p>"
            for o in feedback.relevant
        )
    return "\n".join(parts)
