"""The home page as a learning dashboard: a card per module with its status in words,
its progress, and the one next thing to do, in every theme and at 200% text."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from desktop.services.reading import ModuleStatus
from desktop.ui.design.tokens import STATUS_TONES, Status, tone_colours
from desktop.ui.shell.module_card import module_state, next_step, steps_done
from desktop.ui.theme import THEME_COLOURS, Theme, appearance, reset_appearance


@pytest.fixture(autouse=True)
def _fresh_look() -> Iterator[None]:
    yield
    reset_appearance()


def status(**changes) -> ModuleStatus:
    base = dict(module_id="m", title="M", summary="s", minutes=40, available=True)
    return ModuleStatus(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "state", "words", "target"),
    [
        ({}, Status.NOT_STARTED, "&Start reading", "module:m"),
        ({"started": True}, Status.IN_PROGRESS, "&Continue reading", "module:m"),
        ({"started": True, "read": True}, Status.IN_PROGRESS, "&Take the quiz", "quiz:m"),
        (
            {"started": True, "read": True, "quiz_attempts": 1, "best_score": 40.0},
            Status.IN_PROGRESS,
            "&Try the quiz again",
            "quiz:m",
        ),
        (
            {"started": True, "read": True, "quiz_passed": True},
            Status.PASSED,
            "&Play the scenario",
            "scenario:m",
        ),
        (
            {"started": True, "read": True, "quiz_passed": True, "scenario_done": True},
            Status.COMPLETE,
            "&Look back over it",
            "module:m",
        ),
    ],
)
def test_each_card_says_where_you_are_and_offers_the_next_step(changes, state, words, target):
    module = status(**changes)
    assert module_state(module, has_scenario=True) is state
    step = next_step(module, has_scenario=True)
    assert (step.text, step.target) == (words, target)


def test_a_module_without_a_scenario_is_complete_once_read_and_passed():
    module = status(started=True, read=True, quiz_passed=True)
    assert module_state(module, has_scenario=False) is Status.COMPLETE
    assert steps_done(module, has_scenario=False) == (2, 2)
    assert next_step(module, has_scenario=False).target == "module:m"


def test_an_unavailable_module_has_no_action():
    module = status(available=False, reason="quiz.yaml: line 1: bad")
    assert module_state(module, has_scenario=True) is Status.UNAVAILABLE
    assert next_step(module, has_scenario=True) is None


def open_home(window, qtbot):
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    return window.home_page


def test_home_shows_a_card_per_module_and_its_action_opens_it(make_window, qtbot):
    window = make_window()
    home = open_home(window, qtbot)
    assert [c.accessibleName() for c in home.module_cards] == [
        "Module 1: Module Alpha",
        "Module 2: Module Beta",
    ]
    first = home.module_cards[0]
    assert first.tag_text == "○ Not started"
    # What the card paints (tag, steps) is in what a screen reader is told.
    assert first.accessibleDescription().startswith("Not started · 0 of 3 steps")
    # The action's spoken name starts with its visible words (WCAG 2.5.3).
    assert first.action.accessibleName() == "Start reading: Module Alpha"
    # Focus starts on it, and Enter (not only Space) presses it.
    assert QApplication.focusWidget() is first.action
    qtbot.keyClick(first.action, Qt.Key.Key_Return)
    assert window.stack.currentWidget() is window.reader_page
    assert window.reader_page.title.text() == "Module Alpha"


def test_coming_back_home_shows_each_module_once(make_window, qtbot):
    # Each visit rebuilds the cards; until Qt deletes the old ones they must not stay
    # on the page, laid out and painted under the new ones.
    from desktop.ui.shell.module_card import ModuleCard

    window = make_window()
    home = open_home(window, qtbot)
    profile = window.services.profiles.find("Priya")
    for _ in range(3):
        home.refresh(profile.id, profile.name)
    home.module_cards  # noqa: B018 - builds the cards still pending
    QApplication.processEvents()  # shows the new cards; deletes nothing yet
    shown = [c for c in home.findChildren(ModuleCard) if c.isVisibleTo(home)]
    assert sorted(c.accessibleName() for c in shown) == [
        "Module 1: Module Alpha",
        "Module 2: Module Beta",
    ]


def test_a_course_with_no_module_says_so_on_home(make_window, qtbot, tmp_path):
    # The empty state is built only when it is needed (never at a normal launch).
    from tests.helpers.course_builder import write_course

    window = make_window(write_course(tmp_path / "empty", module_ids=()))
    home = open_home(window, qtbot)
    assert home.empty is not None and home.empty.isVisible()
    assert home.empty.title.text() == "No modules to show"
    assert "prism content check" in home.empty.text.text()
    assert not home.cards.isVisible() and home.module_cards == []


def test_a_small_course_does_not_also_say_there_are_no_modules(make_window, qtbot):
    # Two modules, both built at once: "No modules to show" once appeared under them.
    home = open_home(make_window(), qtbot)
    assert len(home.module_cards) == 2
    assert home.empty is None or not home.empty.isVisible()


def test_tab_goes_through_the_cards_in_reading_order(make_window, qtbot):
    window = make_window()
    home = open_home(window, qtbot)
    actions = [card.action for card in home.module_cards]
    actions[0].setFocus()
    qtbot.keyClick(actions[0], Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is actions[1]


def fits_without_sideways_scrolling(home) -> bool:
    viewport = home.scroll.viewport()
    for card in home.module_cards:
        right = card.mapTo(viewport, card.rect().topRight()).x()
        if right > viewport.width():
            return False
    return not home.scroll.horizontalScrollBar().isVisible()


def test_cards_reflow_to_one_column_at_200_percent_on_a_small_laptop(make_window, qtbot):
    window = make_window()
    window.resize(1366, 768)
    home = open_home(window, qtbot)
    first, second = home.module_cards[:2]
    qtbot.waitUntil(lambda: home.cards.columns == 2 and first.y() == second.y())
    assert second.x() > first.x()  # side by side at 100%
    appearance().apply(text_size=200)
    qtbot.waitUntil(lambda: home.cards.columns == 1 and second.y() > first.y())
    assert second.x() == first.x()
    assert fits_without_sideways_scrolling(home)
    # The tag follows the text size too, and the title clears the taller tag.
    assert first.tag_font().pointSizeF() > 0.8 * QApplication.font().pointSizeF()
    assert first.title_rect().top() >= first.tag_rect().bottom()


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_the_main_button_and_tags_take_the_theme_in_use(make_window, qtbot, theme):
    window = make_window()
    home = open_home(window, qtbot)
    appearance().apply(theme=theme)
    qtbot.wait(10)
    button: QPushButton = home.continue_button
    button.clearFocus()
    image = button.grab().toImage()
    middle = image.pixelColor(image.width() // 2, 2).name()
    assert middle == THEME_COLOURS[theme].highlight, f"{theme}: primary fill {middle}"
    card = home.module_cards[0]
    picture = card.grab().toImage()
    tag = card.tag_rect()
    fill = picture.pixelColor(int(tag.right()) - 3, int(tag.center().y())).name()
    assert fill == tone_colours(str(theme), STATUS_TONES[Status.NOT_STARTED]).fill
