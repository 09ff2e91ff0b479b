"""What a learner sees of the quiz and refresh pages' shape (issue 21).

A new user found a large empty box under a short answer: the feedback pane filled
the page whatever it held, and the results were one long scroll of text. Now the
feedback is a callout as tall as its words, the results a summary card and a card
per question with the right answer, and the whole quiz runs from the keyboard.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from desktop.ui.design.tokens import Tone
from desktop.ui.theme import Theme, appearance
from tests.ui.a11y_sweep import accessible_name
from tests.ui.keyboard import Key, KeyboardUser

pytestmark = pytest.mark.usefixtures("restore_look")


@pytest.fixture
def window(make_window, qtbot):
    window = make_window()
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def _wrong(question) -> int:
    return next(i for i, option in enumerate(question.options) if not option.correct)


def answer_the_rest_rightly(quiz) -> None:
    """Answer every question left with its right options, to the results."""
    while quiz.question is not None:
        for index in sorted(quiz.question.correct_indexes):
            quiz.options.button_for(index).setChecked(True)
        quiz.submit()
        quiz.advance()


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def test_no_empty_box_under_a_question_and_the_feedback_is_as_tall_as_its_words(
    window, qtbot
) -> None:
    window.go("quiz:alpha")
    quiz = window.quiz_page
    _settle()
    # Before answering there is no feedback box at all, empty or not.
    assert not quiz.feedback.isVisible()
    quiz.options.button_for(_wrong(quiz.question)).setChecked(True)
    quiz.submit()
    _settle()
    box = quiz.feedback
    assert box.isVisible()
    assert box.tone is Tone.ERROR and box.toPlainText().startswith("✗ Not quite")
    # The box ends where its words end: its height is what its layout needs at its
    # width, not the rest of the page.
    needed = box.layout().totalHeightForWidth(box.width())
    assert abs(box.height() - needed) <= 2, (box.height(), needed)
    assert box.height() < quiz.scroll.viewport().height() * 0.6
    # It sits straight under the options.
    options_bottom = quiz.options.mapTo(quiz.reading, quiz.options.rect().bottomLeft()).y()
    box_top = box.mapTo(quiz.reading, box.rect().topLeft()).y()
    assert 0 <= box_top - options_bottom <= 40


def test_right_and_wrong_feedback_differ_by_colour_icon_and_words(window, qtbot) -> None:
    window.go("quiz:alpha")
    quiz = window.quiz_page
    for right in (True, False):
        question = quiz.question
        chosen = sorted(question.correct_indexes) if right else [_wrong(question)]
        for index in chosen:
            quiz.options.button_for(index).setChecked(True)
        quiz.submit()
        box = quiz.feedback
        assert box.tone is (Tone.SUCCESS if right else Tone.ERROR)
        title = box.title.text()
        assert title == ("✓ Correct" if right else "✗ Not quite")
        assert accessible_name(box) == "Feedback on your answer"
        assert title in box.accessibleDescription()
        quiz.advance()


def test_the_results_review_each_question_with_the_right_answer(window, qtbot) -> None:
    window.go("quiz:alpha")
    quiz = window.quiz_page
    asked = []
    while quiz.question is not None:
        question = quiz.question
        asked.append(question)
        quiz.options.button_for(_wrong(question)).setChecked(True)
        quiz.submit()
        quiz.advance()
    _settle()
    results = quiz.results
    assert results.isVisible() and not quiz.feedback.isVisible()
    summary = results.summary.text()
    assert "✗ Not passed yet: 0 of 10" in summary and "The pass mark is 80%" in summary
    assert results.summary.verdict.tone is Tone.WARNING
    assert quiz.retake_button.primary and quiz.retake_button.hasFocus()
    items = results.review.items
    assert len(items) == len(asked) == 10
    for item, question in zip(items, asked, strict=True):
        assert not item.correct and item.isVisible()
        text = item.text()
        assert question.prompt.strip() in text
        right = [o.text for o in question.options if o.correct]
        label = "The right answers" if len(right) > 1 else "The right answer"
        assert any(line.startswith(f"{label}: ") for line in text.splitlines())
        for option in right:
            assert option in text
        assert accessible_name(item).endswith("not right")


def test_a_passed_quiz_offers_the_scenario_first(window, qtbot) -> None:
    window.go("quiz:alpha")
    quiz = window.quiz_page
    answer_the_rest_rightly(quiz)
    _settle()
    assert quiz.results.summary.verdict.tone is Tone.SUCCESS
    assert "Best score" not in quiz.results.summary.text()  # first attempt: no history
    assert quiz.scenario_button.primary and quiz.scenario_button.hasFocus()
    assert not quiz.retake_button.primary and quiz.cpd_button.isVisible()
    with qtbot.waitSignal(quiz.navigate) as signal:
        qtbot.keyClick(quiz.scenario_button, Qt.Key.Key_Space)
    assert signal.args == ["scenario:alpha"]


def test_keyboard_alone_from_the_first_question_to_each_review_card(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("quiz:alpha")
    quiz = window.quiz_page
    qtbot.wait(20)
    while quiz.question is not None:
        assert keys.focus is quiz.prompt
        keys.press(Key.Key_Tab)  # to the first option, shown as a focused card
        assert keys.focus is quiz.options.buttons[0]
        wanted = sorted(quiz.question.correct_indexes)[:1] or [0]
        keys.press(Qt.Key(Key.Key_1 + quiz.options.order.index(wanted[0])))
        keys.press(Key.Key_Return)  # answer
        qtbot.waitUntil(quiz.next_button.isVisible)
        assert quiz.feedback.isVisible()
        # Tab after the last option reaches the feedback, to read it again, then Next.
        keys.tab_to(lambda w: w is quiz.feedback, limit=len(quiz.options.buttons) + 1)
        assert accessible_name(keys.focus) == "Feedback on your answer"
        assert quiz.feedback.toPlainText()[:20] in keys.focus.accessibleDescription()
        keys.press(Key.Key_Tab)
        assert keys.focus is quiz.next_button
        keys.press(Key.Key_Return)  # next, or the result after the last
        qtbot.wait(10)
    assert quiz.results.isVisible()
    # Tab walks the review one card at a time; the page scrolls to each.
    cards = quiz.results.review.items
    keys.tab_to(lambda w: w is cards[0])
    viewport = quiz.scroll.viewport()
    for number, card in enumerate(cards, start=1):
        assert keys.focus is card
        assert accessible_name(card).startswith(f"Question {number}, ")
        top = card.mapTo(viewport, card.rect().topLeft()).y()
        assert top >= -1 and top + min(card.height(), viewport.height()) <= viewport.height() + 1
        keys.press(Key.Key_Tab)


@pytest.mark.parametrize("theme", list(Theme))
def test_quiz_fits_a_small_laptop_at_200_percent_in_every_theme(window, qtbot, theme) -> None:
    appearance().apply(theme=theme, text_size=200)
    window.go("quiz:alpha")
    quiz = window.quiz_page
    quiz.options.button_for(_wrong(quiz.question)).setChecked(True)
    quiz.submit()
    _settle()
    # No sideways scrolling: the column fits the window and the bar never shows.
    assert quiz.reading.width() <= quiz.scroll.viewport().width()
    assert not quiz.scroll.horizontalScrollBar().isVisible()
    assert quiz.feedback.isVisible() and quiz.next_button.isVisible()
    assert quiz.next_button.mapTo(window, quiz.next_button.rect().bottomRight()).x() <= 1366
    # The results of a pass with mistakes carry the most buttons: they wrap, not widen.
    quiz.advance()  # the first question stays wrong; the rest are answered rightly
    answer_the_rest_rightly(quiz)
    _settle()
    assert quiz.result is not None and quiz.result.passed and quiz.result.mistakes
    viewport = quiz.scroll.viewport()
    assert quiz.reading.width() <= viewport.width()
    for button in (quiz.scenario_button, quiz.cpd_button, quiz.practise_button):
        assert button.isVisible()
        right = button.mapTo(viewport, button.rect().topRight()).x()
        assert right <= viewport.width(), (button.text(), right, viewport.width())


def test_refresh_with_nothing_due_is_an_empty_state_not_an_empty_pane(window, qtbot) -> None:
    window.go("refresh")
    page = window.refresh_page
    _settle()
    assert page.empty.isVisible()
    assert page.empty.symbol.text() and page.empty.title.text() == "Nothing to refresh today"
    assert not page.feedback.isVisible() and not page.summary.isVisible()
    assert page.empty.button.hasFocus()
    with qtbot.waitSignal(page.navigate) as signal:
        qtbot.keyClick(page.empty.button, Qt.Key.Key_Return)
    assert signal.args == ["home"]
