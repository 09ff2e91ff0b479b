"""What a keyboard and screen-reader user meets in the quiz, the scenario and the
window's buttons: focus order, what is read, Enter and mnemonics.

Found with Orca's view of the real window (issue 20): each new question put focus on
the privacy banner, then on an unnamed filler; checking an answer said only "Correct"
and sent focus to "Next question"; the results pane was still "Feedback on your
answer"; the scenario read "Decision 1" and jumped to choice 1; Enter did nothing on
"Reflect on this module"; Alt+G met "Got it" before the Go menu; Alt+C did not reach
"See how it ended".
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu

from desktop.ui.a11y import last_announcement
from tests.ui.a11y_sweep import accessible_name
from tests.ui.keyboard import Key, KeyboardUser, Mod

pytestmark = pytest.mark.usefixtures("restore_look")


@pytest.fixture
def window(make_window, qtbot):
    window = make_window()
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id)  # with the one-time privacy note, as a learner meets it
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    return window


def _settle(qtbot) -> None:
    qtbot.wait(20)


def test_each_question_is_read_first_then_the_options(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("quiz:alpha")
    quiz = window.quiz_page
    for number in (1, 2):
        _settle(qtbot)
        focus = keys.focus
        assert focus is quiz.prompt, keys.focus_name()
        assert focus.isVisible()
        name = accessible_name(focus)
        assert name.startswith(f"Question {number} of ")
        assert quiz.question.prompt.strip() in name
        # Tab goes on to the options, in order.
        keys.press(Key.Key_Tab)
        assert keys.focus is quiz.options.buttons[0]
        right = sorted(quiz.question.correct_indexes)
        for index in right:  # the number of the place it is shown in (options are shuffled)
            keys.press(Qt.Key(Key.Key_1 + quiz.options.order.index(index)))
        chosen = keys.focus
        keys.press(Key.Key_Return)
        qtbot.waitUntil(quiz.next_button.isVisible)
        # Focus stays on the answer; all the feedback is read, not only the verdict.
        assert keys.focus is chosen
        said = last_announcement(quiz)
        option = quiz.question.options[right[-1]]
        assert option.feedback.split(".")[0] in said
        assert len(said) > len("Correct") + 20
        # The answer cannot be changed any more, by keys or mouse.
        keys.press(Key.Key_Space)
        keys.press(Key.Key_Down)
        assert sorted(quiz.options.chosen()) == right
        keys.press(Key.Key_Return)  # moves on


def test_the_results_pane_is_named_for_what_it_is(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("quiz:alpha")
    quiz = window.quiz_page
    assert accessible_name(quiz.feedback) == "Feedback on your answer"
    while quiz.result is None:
        keys.press(Qt.Key(Key.Key_1 + min(quiz.question.correct_indexes)))
        keys.press(Key.Key_Return)
        qtbot.waitUntil(quiz.next_button.isVisible)
        keys.press(Key.Key_Return)
    # The results are a pane of their own, named for what they are; the feedback box
    # is gone from view rather than left holding "Feedback on your answer".
    assert quiz.results.isVisible() and not quiz.feedback.isVisible()
    assert "result" in accessible_name(quiz.results).lower()
    assert "Feedback on your answer" not in accessible_name(quiz.results)


def test_a_decision_reads_the_situation_before_the_choices(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("scenario:alpha")
    page = window.scenario_page
    _settle(qtbot)
    assert keys.focus is page.text
    assert accessible_name(page.text).startswith("Decision 1")
    node_words = page.session.node.text.split()[:6]
    description = page.text.accessibleDescription()
    assert " ".join(node_words).strip("*_") in description.replace("*", "")


def test_enter_and_space_press_the_focused_button_outside_dialogs(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    for key in (Key.Key_Return, Key.Key_Enter, Key.Key_Space):
        window.go("module:alpha")
        reflect = window.reader_page.reflect_button
        keys.tab_to(lambda widget, target=reflect: widget is target)
        keys.press(key)
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.journal_page)


def test_enter_on_a_quiz_button_presses_that_button(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("quiz:alpha")
    back = window.quiz_page.back_button
    keys.tab_to(lambda widget: widget is back)
    keys.press(Key.Key_Return)  # not "answer" or "next question": the focused button
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)


def _mnemonic(text: str) -> str | None:
    index = text.replace("&&", "").find("&")
    return text.replace("&&", "")[index + 1].lower() if index >= 0 else None


def _clashes(window) -> list[str]:
    menus = {_mnemonic(a.text()) for a in window.menuBar().actions() if a.isVisible()}
    clashes = []
    for button in window.findChildren(QAbstractButton):
        letter = _mnemonic(button.text())
        if button.isVisible() and letter in menus:
            clashes.append(f"{button.text()!r} takes Alt+{letter.upper()} from a menu")
    return clashes


def test_no_button_takes_a_menus_alt_key(window, qtbot) -> None:
    assert window.privacy_notice.isVisible()
    assert _clashes(window) == []
    for page in ("module:alpha", "quiz:alpha", "scenario:alpha", "journal", "cpd"):
        window.go(page)
        _settle(qtbot)
        assert _clashes(window) == [], page


def test_alt_g_opens_the_go_menu_while_the_privacy_note_shows(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    assert window.privacy_notice.isVisible()
    keys.press(Key.Key_G, Mod.AltModifier)
    qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
    QApplication.activePopupWidget().close()


def test_alt_c_continues_to_the_ending_of_a_scenario(window, qtbot) -> None:
    keys = KeyboardUser(qtbot, window)
    window.go("scenario:alpha")
    page = window.scenario_page
    for _ in range(10):
        page.choose(0)
        _settle(qtbot)
        last = page.session.node.is_ending
        assert "how it ended" in page.continue_button.text() or not last
        with qtbot.waitSignal(page.continue_button.clicked, timeout=500):
            keys.press(Key.Key_C, Mod.AltModifier)  # Continue, and at the end as well
        _settle(qtbot)
        if last:
            break
    assert page.step_label.text() == "Debrief"


def test_status_text_is_not_a_focus_trap(window) -> None:
    # A quiz prompt takes focus to be read, but only on the quiz page.
    assert window.home_page.findChildren(QLabel)
    assert all(
        label.focusPolicy() == Qt.FocusPolicy.NoFocus
        for label in window.home_page.findChildren(QLabel)
        if not label.buddy()
    )


def test_the_focused_question_shows_a_focus_mark(window, qtbot) -> None:
    window.go("quiz:alpha")
    quiz = window.quiz_page
    _settle(qtbot)
    assert QApplication.focusWidget() is quiz.prompt

    def colours() -> set[str]:
        # Along the top edge, clear of the rounded corners: where the ring is drawn.
        image = quiz.prompt.grab().toImage()
        return {image.pixelColor(x, 1).name() for x in range(8, image.width() - 8, 7)}

    from desktop.ui.theme import THEME_COLOURS, appearance

    highlight = QColor(THEME_COLOURS[appearance().theme].focus).name()
    assert colours() == {highlight}  # a ring in the focus colour while it has focus
    KeyboardUser(qtbot, window).press(Key.Key_Tab)
    assert highlight not in colours()  # and plain again when focus moves on
