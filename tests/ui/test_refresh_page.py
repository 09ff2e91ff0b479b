"""A refresh set played by keyboard: questions, feedback, the summary, the empty state."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QWidget

from desktop.services.startup import Services
from desktop.store.quiz import QuizRepo
from desktop.ui.learning.refresh_page import RefreshPage
from tests.ui.pages import shown


@pytest.fixture
def page(qtbot, services: Services) -> RefreshPage:
    return shown(qtbot, RefreshPage(services))


def miss(services: Services, profile_id: str, module_id: str, count: int) -> None:
    """Answer the first ``count`` questions of a quiz wrongly, two days ago."""
    two_days_ago = datetime.now(UTC) - timedelta(days=2)
    module = services.course.module(module_id)
    assert module is not None and module.quiz is not None
    quiz = module.quiz
    repo = QuizRepo(services.db, lambda: two_days_ago)
    attempt = repo.start_attempt(
        profile_id, module_id, quiz.content_hash, [q.id for q in quiz.questions]
    )
    for question in quiz.questions[:count]:
        wrong = next(i for i, option in enumerate(question.options) if not option.correct)
        repo.record_answer(attempt.id, question.id, [wrong], False)


def press_options(qtbot, page: RefreshPage, right: bool) -> None:
    question = page.current.question
    wanted = (
        sorted(question.correct_indexes)
        if right
        else [next(i for i, o in enumerate(question.options) if not o.correct)]
    )
    for index in wanted:  # the key of the place the option is shown in
        qtbot.keyClick(page, getattr(Qt.Key, f"Key_{page.options.order.index(index) + 1}"))


def test_nothing_due_says_so_and_offers_home(qtbot, page, services) -> None:
    sam = services.profiles.create("Sam")
    assert page.start(sam.id) is False
    assert page.empty.isVisible() and not page.feedback.isVisible()
    text = f"{page.empty.title.text()} {page.empty.text.text()}"
    assert "Nothing to refresh today" in text and "Take a quiz" in text
    assert not page.answer_button.isVisible()
    # One way on, and it has focus.
    assert page.empty.button.hasFocus() and not page.home_button.isVisible()
    with qtbot.waitSignal(page.navigate) as signal:
        qtbot.keyClick(page.empty.button, Qt.Key.Key_Space)
    assert signal.args == ["home"]


def test_a_set_played_by_keys_ends_with_when_each_comes_back(qtbot, page, services) -> None:
    sam = services.profiles.create("Sam")
    miss(services, sam.id, "alpha", 2)
    miss(services, sam.id, "beta", 1)
    assert page.start(sam.id) is True
    assert page.progress_label.text() == "Question 1 of 3"
    assert page.module_label.text() == "From “Module Alpha”"

    press_options(qtbot, page, right=True)
    qtbot.keyClick(page, Qt.Key.Key_Return)  # answer
    feedback = page.feedback.toPlainText()
    assert "✓ Correct" in feedback and "✓ Your answer: right" in feedback
    assert "Comes back in 3 days" in feedback
    assert page.next_button.isVisible() and page.next_button.hasFocus()
    qtbot.keyClick(page, Qt.Key.Key_Return)  # next question

    assert page.progress_label.text() == "Question 2 of 3"
    assert not page.answer_button.isEnabled()
    qtbot.keyClick(page, Qt.Key.Key_Return)  # nothing chosen yet: Enter does nothing
    assert page.progress_label.text() == "Question 2 of 3"
    press_options(qtbot, page, right=False)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert "Not quite" in page.feedback.toPlainText()
    assert "Comes back tomorrow" in page.feedback.toPlainText()
    qtbot.keyClick(page, Qt.Key.Key_Return)

    press_options(qtbot, page, right=False)
    qtbot.keyClick(page, Qt.Key.Key_Return)
    assert page.next_button.text() == "See your &summary"
    qtbot.keyClick(page, Qt.Key.Key_Return)

    summary = page.summary.text() + "\n" + page.review.text()
    assert "You answered 1 of 3 right" in summary
    assert summary.count("Comes back tomorrow") == 2
    assert "Module Beta" in summary
    assert page.progress_label.text() == "Refresh set complete"
    assert page.home_button.hasFocus()
    # The answers were saved: tomorrow's set holds the two missed questions.
    tomorrow = services.refresh.today() + timedelta(days=1)
    assert len(services.refresh.due(sam.id, tomorrow)) == 2


def test_a_set_holds_at_most_five_questions(page, services) -> None:
    sam = services.profiles.create("Sam")
    miss(services, sam.id, "alpha", 7)
    assert page.start(sam.id)
    assert page.progress_label.text() == "Question 1 of 5"


def test_clear_forgets_the_learner(page, services) -> None:
    sam = services.profiles.create("Sam")
    miss(services, sam.id, "alpha", 2)
    page.start(sam.id)
    page.clear()
    assert page.profile_id is None and page.current is None
    assert page.empty.isVisible() and page.empty.title.text() == "Nothing to refresh today"
    page.submit()  # nothing happens without a learner


def test_every_focusable_control_has_an_accessible_name(qtbot, page, services) -> None:
    sam = services.profiles.create("Sam")
    miss(services, sam.id, "alpha", 2)
    page.start(sam.id)
    qtbot.waitUntil(lambda: all(button.isVisible() for button in page.options.buttons))
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.isVisible() and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]
    assert len(focusable) > 4
    for widget in focusable:
        name = QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name)
        assert name, widget
