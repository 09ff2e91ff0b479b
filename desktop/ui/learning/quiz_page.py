"""The quiz player: one question at a time, feedback after each, a review at the end.

Keys: 1-9 choose (or tick) an option, arrows move between options, Enter answers
and then moves on. The feedback is a callout under the options; the end is a summary
card with the next step and a card per question (``quiz_results``).
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QApplication, QWidget

from desktop.domain.quiz import Question
from desktop.services.quiz import QuizResult, QuizSession
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.design.components import secondary_button
from desktop.ui.design.tokens import Tone
from desktop.ui.learning.next_step import StepButton, suggest
from desktop.ui.learning.question_page import FEEDBACK_NAME, QuestionPage
from desktop.ui.learning.quiz_feedback import explanation_html, feedback_html
from desktop.ui.learning.quiz_results import QuizResults
from desktop.ui.learning.reading_order import announce_feedback, focus_question, keep_focus_on
from desktop.ui.style import heading

__all__ = ["FEEDBACK_NAME", "RESULT_NAME", "QuizPage"]

RESULT_NAME = "Your quiz result and answers"


class QuizPage(QuestionPage):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(services, "Quiz progress", parent)
        self.session: QuizSession | None = None
        self.profile_id: str | None = None
        self.question: Question | None = None
        self.result: QuizResult | None = None

        self.title = heading("")
        self.retake_button = StepButton("&Retake the quiz")
        self.retake_button.clicked.connect(self.retake)
        self.scenario_button = StepButton("Play the &scenario")
        self.scenario_button.clicked.connect(lambda: self._go_on("scenario"))
        self.reflect_button = StepButton("Reflect on &this module")
        self.reflect_button.clicked.connect(lambda: self._go_on("journal"))
        self.back_button = secondary_button("&Back to the module")
        self.back_button.clicked.connect(self._back)
        self.cpd_button = secondary_button("Record this as &CPD…")
        self.cpd_button.setToolTip("Start a CPD record from this module, ready for your renewal")
        self.cpd_button.clicked.connect(self._record_cpd)
        self.cpd_button.setVisible(False)
        # On the results: only the wrong answers, and a practice set of them now.
        self.mistakes_button = secondary_button("Review my &mistakes")
        self.mistakes_button.setCheckable(True)
        self.mistakes_button.toggled.connect(self._show_mistakes)
        self.mistakes_button.setVisible(False)
        self.practise_button = secondary_button("&Practise what I missed")
        self.practise_button.setToolTip(
            "Answer the questions you missed again now; they also come back in later "
            "refresh sets until they stick"
        )
        self.practise_button.clicked.connect(self.practise_missed)
        self.practise_button.setVisible(False)
        self.results = QuizResults(
            RESULT_NAME,
            retake=self.retake_button,
            scenario=self.scenario_button,
            reflect=self.reflect_button,
            others=(self.practise_button, self.cpd_button),
            mistakes=self.mistakes_button,
        )
        self.results.setVisible(False)

        self.lay_out(self.title, self.back_button, below=(self.results,))

    # Flow ---------------------------------------------------------------------------

    def start(self, profile_id: str, module_id: str) -> None:
        self.profile_id = profile_id
        self.session = self.services.quizzes.start_or_resume(profile_id, module_id)
        module = self.services.course.module(module_id)
        self.title.setText(f"Quiz: {module.title if module else module_id}")
        self.result = None
        self._hide_result_buttons()
        self._show_next(self.session.notice)

    def retake(self) -> None:
        if self.session is None or self.profile_id is None:
            return
        self.session = self.services.quizzes.start_new(self.profile_id, self.session.quiz.module_id)
        self.result = None
        self._hide_result_buttons()
        self._show_next(None)

    def _hide_result_buttons(self) -> None:
        self.results.setVisible(False)
        self.mistakes_button.setVisible(False)
        self.practise_button.setVisible(False)

    def _show_next(self, notice: str | None) -> None:
        assert self.session is not None
        index = self.session.next_index
        if index is None:
            self._show_result(self.services.quizzes.finish(self.session))
            return
        self.question = question = self.session.questions[index]
        total = len(self.session.questions)
        position = self.show_question(question, self.session.order(question), index, total)
        if notice:  # e.g. the quiz changed since this attempt began
            self.feedback.show_verdict(Tone.INFO, f"i  {notice}")
        self.feedback.set_name(FEEDBACK_NAME)
        self.results.setVisible(False)
        focus_question(self.prompt, position, self.options.buttons)

    def submit(self) -> None:
        if self.session is None or self.question is None or not self.chosen():
            return
        feedback = self.services.quizzes.answer(self.session, self.question.id, self.chosen())
        answer = QApplication.focusWidget()  # before the options lock and lose focus
        order = self.session.order(self.question)
        shown = explanation_html(self.question, feedback, order)
        last = self.session.next_index is None
        self.show_answered(self.question, feedback, shown, last=last, last_text="See your &result")
        # Focus stays on the answer (Enter or the button moves on); all is read out.
        keep_focus_on(answer if answer is not self.answer_button else self.next_button)
        announce_feedback(self, feedback_html(self.question, feedback, order))

    def advance(self) -> None:
        self._show_next(None)

    def _show_result(self, result: QuizResult) -> None:
        self.result = result
        self.question = None
        total = len(self.session.questions) if self.session else 0
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(total)
        self.progress_label.setText("Quiz complete")
        self.hide_question()
        missed = bool(result.mistakes)
        self.mistakes_button.blockSignals(True)
        self.mistakes_button.setChecked(False)
        self.mistakes_button.blockSignals(False)
        self.mistakes_button.setText("Review my &mistakes")
        step, has_scenario = self._next_step()
        self.results.show_result(result, self._history_line(), step, has_scenario)
        self.results.show_review(result, mistakes_only=False)
        self.results.setVisible(True)
        self.mistakes_button.setVisible(missed)
        self.practise_button.setVisible(missed)
        self.cpd_button.setVisible(result.passed)
        self.scroll.verticalScrollBar().setValue(0)
        primary = next(b for b in self.results.steps.values() if b.primary and b.isVisibleTo(self))
        primary.setFocus()
        verdict = "passed" if result.passed else "not passed yet"
        announce(
            self,
            f"Quiz complete: {result.right} of {result.total} right, {result.score} percent. "
            f"The pass mark is {result.pass_mark} percent: {verdict}.",
        )

    def _next_step(self) -> tuple[str, bool]:
        """The step the results suggest (the reader's rule), and whether there is a scenario."""
        if self.session is None or self.profile_id is None:
            return "quiz", False
        module_id = self.session.quiz.module_id
        module = self.services.course.module(module_id)
        has_scenario = module is not None and module.scenario is not None
        statuses = self.services.reading.statuses(self.profile_id)
        status = next((s for s in statuses if s.module_id == module_id), None)
        if self.result is not None and not self.result.passed:
            return "quiz", has_scenario
        return suggest(status, True, has_scenario).step, has_scenario

    def _show_mistakes(self, only: bool) -> None:
        self.mistakes_button.setText("Show &all my answers" if only else "Review my &mistakes")
        if self.result is not None:
            self.results.show_review(self.result, mistakes_only=only)
        count = len(self.result.mistakes) if self.result else 0
        announce(self, f"Showing your {count} mistakes." if only else "Showing all your answers.")

    def practise_missed(self) -> None:
        """Put the questions just missed in today's refresh set, and open it."""
        if self.result is None or self.session is None or self.profile_id is None:
            return
        missed = [question.id for question, _ in self.result.mistakes]
        self.services.refresh.practise_now(self.profile_id, self.session.quiz.module_id, missed)
        self.navigate.emit("refresh")

    def _go_on(self, kind: str) -> None:
        if self.session is not None:
            self.navigate.emit(f"{kind}:{self.session.quiz.module_id}")

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
