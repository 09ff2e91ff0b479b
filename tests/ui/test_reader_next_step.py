"""The reader's next step: one primary button for the activity to do next (quiz, then
scenario, then reflection), the others secondary, and a line saying which in words."""

from __future__ import annotations

import pytest

from desktop.services.reading import ModuleStatus
from desktop.ui.learning.next_step import SUGGESTED, suggest
from tests.ui.test_reading_journey import create_profile


def status(**changes) -> ModuleStatus:
    base = dict(module_id="m", title="M", summary="s", minutes=40, available=True)
    return ModuleStatus(**{**base, **changes})


@pytest.mark.parametrize(
    ("changes", "has_scenario", "step", "words"),
    [
        ({}, True, "quiz", "Next step: take the quiz"),
        ({"quiz_attempts": 1}, True, "quiz", "Next step: try the quiz again"),
        ({"quiz_passed": True, "quiz_attempts": 1}, True, "scenario", "play the scenario"),
        ({"quiz_passed": True}, False, "reflect", "reflect on what this module means"),
        ({"quiz_passed": True, "scenario_done": True}, True, "reflect", "reflect on"),
    ],
)
def test_the_next_step_follows_the_module_order(changes, has_scenario, step, words):
    suggestion = suggest(status(**changes), has_quiz=True, has_scenario=has_scenario)
    assert suggestion.step == step and words in suggestion.line


def test_a_module_without_a_quiz_suggests_the_scenario_first():
    assert suggest(status(), has_quiz=False, has_scenario=True).step == "scenario"


def test_the_reader_makes_the_next_step_its_one_primary_button(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("module:alpha")
    reader = window.reader_page
    qtbot.waitUntil(lambda: reader.next_line.text() != "")
    buttons = (reader.quiz_button, reader.scenario_button, reader.reflect_button)
    assert [b.primary for b in buttons] == [True, False, False]
    assert reader.next_line.text() == "Next step: take the quiz"
    # Said to assistive technology as well as by the filled button.
    assert reader.quiz_button.accessibleDescription() == SUGGESTED
    assert reader.scenario_button.accessibleDescription() == ""
