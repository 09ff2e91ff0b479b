"""Keyboard only: from an empty profile picker to a passed quiz, and every control on
the way reachable with Tab. Keys go to the window as a real keyboard's do; after the
window is shown nothing is clicked and none of its methods is called.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from desktop.services.preferences import PreferencesService
from desktop.ui.shell.shortcuts_page import ShortcutsDialog
from desktop.ui.shell.view_menu import (
    NavigationHistory,
    find_menu,
    install_back_forward,
    install_view_menu,
)
from desktop.ui.theme import reset_appearance
from tests.ui.a11y_sweep import focusable_widgets
from tests.ui.keyboard import Key, KeyboardUser, Mod


@pytest.fixture(autouse=True)
def _restore_look():
    yield
    reset_appearance()


def with_view_menu(window):
    """The View and Help additions, as the lead wires them (installed here until then)."""
    if getattr(window, "view_menu", None) is None:
        prefs = getattr(window.services, "preferences", None) or PreferencesService(
            window.services.db
        )
        window.view_menu = install_view_menu(
            window, window.menuBar(), prefs, lambda: window.profile_id
        )
    return window.view_menu


def answer_correctly(qtbot, keys: KeyboardUser, page) -> None:
    """Number keys for the right options (read from the question), Enter, Enter."""
    for index in sorted(page.question.correct_indexes):
        keys.press(Qt.Key(Key.Key_1 + page.options.order.index(index)))
    assert page.answer_button.isEnabled()
    keys.press(Key.Key_Return)  # answer
    qtbot.waitUntil(page.next_button.isVisible)
    keys.press(Key.Key_Return)  # next question (or the result)


def test_from_first_start_to_a_passed_quiz_by_keyboard_alone(make_window, qtbot):
    window = make_window()
    keys = KeyboardUser(qtbot, window)

    # Profile picker, no profiles yet: the name box has focus; type and press Enter.
    assert window.stack.currentWidget() is window.profiles_page
    keys.tab_to_named("Name:")
    keys.type("Priya Shah")
    keys.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    assert window.home_page.greeting.text() == "Welcome, Priya Shah"

    # Home: focus is on the first module's next step, "Start reading"; Enter opens it.
    first = window.home_page.module_cards[0]
    assert keys.focus is first.action
    assert first.action.text() == "&Start reading"
    keys.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)
    assert window.reader_page.title.text() == "Module Alpha"
    assert keys.focus is window.reader_page.browser  # ready to scroll with the arrow keys

    # Reader: Alt+Q is "Take the quiz".
    keys.press(Key.Key_Q, Mod.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.quiz_page)
    quiz = window.quiz_page
    assert quiz.progress_label.text() == "Question 1 of 10"

    for _ in range(10):
        answer_correctly(qtbot, keys, quiz)
    qtbot.waitUntil(lambda: quiz.result is not None)
    assert quiz.result.passed
    assert "✓ Passed: 10 of 10" in quiz.results.toPlainText()
    # Focus lands on the next thing to do, the summary's one primary button (the
    # scenario, once passed); recording the pass as CPD is a Tab away.
    assert keys.focus is quiz.scenario_button and quiz.scenario_button.primary
    assert keys.focus.isVisible()
    assert quiz.cpd_button.isVisible()

    # Back to the module with its mnemonic, then home with Ctrl+Home.
    keys.press(Key.Key_B, Mod.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)
    keys.press(Key.Key_Home, Mod.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    assert "Quiz passed" in window.home_page.module_cards[0].summary_text()


def test_switch_learner_and_text_size_keys_work_from_any_page(make_window, qtbot):
    window = make_window()
    view = with_view_menu(window)
    keys = KeyboardUser(qtbot, window)
    keys.tab_to_named("Name:")
    keys.type("Sam")
    keys.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    keys.press(Key.Key_Return)  # open the first module
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)

    base = QApplication.font().pointSizeF()
    keys.press(Key.Key_Equal, Mod.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(base * 1.15)
    keys.press(Key.Key_Minus, Mod.ControlModifier)
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    assert view.appearance.text_size == 100

    keys.press(Key.Key_L, Mod.ControlModifier)  # Switch learner
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.profiles_page)
    assert window.profile_id is None


def test_shortcuts_page_opens_from_the_keyboard_and_closes_with_escape(make_window, qtbot):
    window = make_window()
    view = with_view_menu(window)
    keys = KeyboardUser(qtbot, window)
    keys.press(Key.Key_Slash, Mod.ControlModifier)
    qtbot.waitUntil(lambda: view.shortcuts_dialog is not None and view.shortcuts_dialog.isVisible())
    dialog = view.shortcuts_dialog
    assert keys.focus is dialog.tree  # arrow keys read the list straight away
    keys.press(Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())


@pytest.mark.parametrize(
    "page",
    [
        "profiles",
        "home",
        "module:alpha",
        "quiz:alpha",  # question 1: check boxes
        "scenario:alpha",
    ],
)
def test_every_control_on_a_page_is_reachable_with_tab(make_window, qtbot, page):
    window = make_window()
    profile = window.services.profiles.create("Priya")
    if page == "profiles":
        window.show_profiles()
    else:
        window.open_profile(profile.id)
        window.go(page)
    keys = KeyboardUser(qtbot, window)
    current = window.stack.currentWidget()
    reachable = [w for w in focusable_widgets(current) if w.isEnabled()]
    visited = keys.tab_cycle()
    # Options in a button group are one Tab stop; the arrow keys move between them.
    for widget in list(visited):
        group = getattr(widget, "group", lambda: None)()
        if group is not None and len(group.buttons()) > 1:
            visited += keys.arrow_through(widget)
    missed = [w for w in reachable if w not in visited]
    assert not missed, f"The keyboard never reaches: {[type(w).__name__ for w in missed]}"


def test_back_and_forward_with_alt_arrows(make_window, qtbot):
    window = make_window()
    if getattr(window, "back_forward", None) is None:
        pytest.xfail("The lead wires install_back_forward into MainWindow (see the report)")
    keys = KeyboardUser(qtbot, window)
    keys.tab_to_named("Name:")
    keys.type("Priya")
    keys.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    keys.press(Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)
    keys.press(Key.Key_Left, Mod.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    keys.press(Key.Key_Right, Mod.AltModifier)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader_page)


def test_shortcuts_page_lists_the_window_keys_and_the_page_keys(make_window, qtbot, tmp_path):
    window = make_window()
    with_view_menu(window)
    dialog = ShortcutsDialog(window)
    qtbot.addWidget(dialog)
    rows = dialog.rows()
    by_action = {action: keys for _group, action, keys in rows}
    assert by_action["Switch learner"] == "Ctrl+L"
    assert by_action["Larger text"] == "Ctrl+= or Ctrl++"
    assert by_action["Smaller text"] == "Ctrl+-"
    assert by_action["Keyboard shortcuts"] == "Ctrl+/ or Shift+F1"
    groups = {group for group, _action, _keys in rows}
    assert {"File menu", "View menu", "Help menu", "Quiz", "Reading a module"} <= groups
    # Built from the live actions: a new menu item appears without touching the page.
    extra = QAction("Find in the course", window)
    extra.setShortcut(QKeySequence("Ctrl+F"))
    window.menuBar().actions()[0].menu().addAction(extra)
    assert ("File menu", "Find in the course", "Ctrl+F") in ShortcutsDialog(window).rows()
    dialog.resize(900, 700)
    dialog.show()
    folder = Path(os.environ.get("PRISM_SCREENSHOT_DIR", tmp_path))
    dialog.grab().save(str(folder / "shortcuts.png"))


def test_page_keys_listed_on_the_shortcuts_page_exist(make_window, qtbot):
    """The fixed entries must match real mnemonics, or the page would mislead."""
    window = make_window()
    window.open_profile(window.services.profiles.create("Priya").id)
    window.go("module:alpha")
    reader_keys = {
        b.text().split("&")[1][0].upper()
        for b in window.reader_page.findChildren(QPushButton)
        if "&" in b.text()
    }
    assert {"P", "N", "Q", "S"} <= reader_keys
    window.go("scenario:alpha")
    assert "&Continue" in window.scenario_page.continue_button.text()
    first_choice = window.scenario_page.choices.findChildren(QPushButton)[0]
    assert first_choice.shortcut().toString() == "Alt+1"
    window.show_profiles()
    find_labels = [
        label.text().replace("&", "") for label in window.profiles_page.findChildren(QLabel)
    ]
    assert "Find:" in find_labels


def test_navigation_history_behaves_like_a_browser():
    history = NavigationHistory()
    assert history.back() is None and not history.can_go_forward()
    for page in ("home", "module:alpha", "quiz:alpha"):
        history.visit(page)
    history.visit("quiz:alpha")  # the same page twice is one entry
    assert history.back() == "module:alpha"
    assert history.back() == "home"
    assert history.back() is None
    assert history.forward() == "module:alpha"
    history.visit("glossary")  # somewhere new drops the forward list
    assert not history.can_go_forward()
    assert history.back() == "module:alpha"
    history.clear()
    assert history.current is None and not history.can_go_back()


def test_back_forward_actions_follow_the_history(make_window, qtbot):
    window = make_window()
    visited = []
    go_menu = find_menu(window.menuBar(), "Go")
    nav = install_back_forward(window, go_menu, visited.append)
    assert go_menu.actions()[0] is nav.back_action
    assert nav.back_action.shortcuts()[0].toString() == "Alt+Left"
    for page in ("home", "module:alpha"):
        nav.record(page)
    assert nav.back_action.isEnabled() and not nav.forward_action.isEnabled()
    nav.back_action.trigger()
    assert visited == ["home"]
    assert nav.history.current == "home"  # going back is not recorded as a new visit
    nav.forward_action.trigger()
    assert visited == ["home", "module:alpha"]
    nav.clear()
    assert not nav.back_action.isEnabled()
