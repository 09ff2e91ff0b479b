"""Every focusable control on every screen has a name a screen reader can say.

The sweep (tests/ui/a11y_sweep.py) reads names through Qt's accessibility
interface, as Orca and NVDA do. Screens are visited in each state that shows
different controls (a quiz question, its feedback, the result...). New pages: add
a case to SCREENS, or call ``assert_all_named(window)`` after opening them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from desktop.ui.shortcuts_page import ShortcutsDialog
from desktop.ui.style import WrappingButton, wrapping_choice
from desktop.ui.theme import reset_appearance
from desktop.ui.welcome import WelcomeDialog
from tests.ui.a11y_sweep import accessible_name, assert_all_named, unnamed
from tests.ui.test_keyboard_journey import with_view_menu


@pytest.fixture(autouse=True)
def _restore_look():
    yield
    reset_appearance()


def test_the_sweep_finds_an_unnamed_control_and_accepts_qt_names(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    bare = QLineEdit()
    labelled = QLineEdit()
    label = QLabel("&Name:")
    label.setBuddy(labelled)
    named = QLineEdit()
    named.setAccessibleName("Search the course")
    button = QPushButton("&Open module")
    for widget in (bare, label, labelled, named, button):
        layout.addWidget(widget)
    qtbot.addWidget(page)
    page.show()
    assert accessible_name(labelled) == "Name:"  # a buddy label names its edit box
    assert accessible_name(button) == "Open module"  # button text, mnemonic removed
    problems = unnamed(page)
    assert len(problems) == 1 and problems[0].startswith("QLineEdit")
    with pytest.raises(AssertionError, match="QLineEdit"):
        assert_all_named(page)


def _profiles(window) -> None:
    window.show_profiles()


def _home(window) -> None:
    window.go("home")


def _reader(window) -> None:
    window.go("module:alpha")


def _quiz_question(window) -> None:
    window.go("quiz:alpha")


def _options(page) -> list:
    # quiz_page keeps check boxes out of its button group once fixed (see the report).
    return getattr(page, "option_buttons", None) or page.group.buttons()


def _quiz_feedback(window) -> None:
    window.go("quiz:alpha")
    page = window.quiz_page
    _options(page)[0].setChecked(True)
    page.submit()


def _quiz_result(window) -> None:
    window.go("quiz:alpha")
    page = window.quiz_page
    while page.question is not None:
        _options(page)[0].setChecked(True)
        page.submit()
        page.advance()


def _scenario_choice(window) -> None:
    window.go("scenario:alpha")


def _scenario_consequence(window) -> None:
    window.go("scenario:alpha")
    window.scenario_page.choose(0)


def _scenario_debrief(window) -> None:
    window.go("scenario:alpha")
    page = window.scenario_page
    while not page.session.node.is_ending:
        page.choose(0)
        page._show_node()


def _about(window) -> None:
    window.go("about")


def _glossary(window) -> None:
    window.go("glossary")


SCREENS: dict[str, Callable] = {
    "profiles": _profiles,
    "home": _home,
    "reader": _reader,
    "quiz question": _quiz_question,
    "quiz feedback": _quiz_feedback,
    "quiz result": _quiz_result,
    "scenario choice": _scenario_choice,
    "scenario consequence": _scenario_consequence,
    "scenario debrief": _scenario_debrief,
    "about": _about,
    "glossary": _glossary,
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_focusable_control_has_a_name(make_window, qtbot, screen):
    window = make_window()
    with_view_menu(window)
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id)
    SCREENS[screen](window)
    qtbot.wait(1)
    assert_all_named(window)


def test_the_first_run_profile_picker_is_named(make_window):
    window = make_window()  # no profiles yet: the empty state
    assert_all_named(window)


def test_shortcuts_dialog_and_welcome_are_named(make_window, qtbot):
    window = make_window()
    with_view_menu(window)
    shortcuts = ShortcutsDialog(window)
    qtbot.addWidget(shortcuts)
    shortcuts.show()
    assert_all_named(shortcuts)
    welcome = WelcomeDialog(window)
    qtbot.addWidget(welcome)
    welcome.show()
    for _ in range(3):
        assert_all_named(welcome)
        welcome.next()


def test_wrapping_choices_keep_their_names_and_keys(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    long_text = ("Reply in working hours and explain when the account is checked " * 3).strip()
    button = WrappingButton(f"&1. {long_text}")
    from PySide6.QtWidgets import QRadioButton

    radio = QRadioButton("&2.")
    radio.setAccessibleName(long_text)
    layout.addWidget(button)
    layout.addWidget(wrapping_choice(radio, long_text))
    qtbot.addWidget(page)
    page.resize(400, 400)
    page.show()
    assert_all_named(page)
    assert accessible_name(button) == f"1. {long_text}"
    assert button.label.height() > button.label.fontMetrics().height() * 2  # it wrapped
    assert button.width() <= 400
    label = page.findChildren(QLabel)[-1]
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert radio.isChecked()  # the text is part of the control, as a radio label is
