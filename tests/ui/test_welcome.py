"""The first-run welcome: three short steps, keyboard operable, shown once per data folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from desktop.services.preferences import PreferencesService
from desktop.ui.shell.welcome import STEPS, show_welcome_if_first_run
from desktop.ui.theme import Theme, appearance, reset_appearance
from tests.ui.a11y_sweep import assert_all_named
from tests.ui.keyboard import Key, KeyboardUser, Mod
from tests.ui.layout_checks import clipped, overlapping


@pytest.fixture(autouse=True)
def _restore_look():
    yield
    reset_appearance()


@pytest.fixture
def first_run(make_window, qtbot):
    window = make_window()
    prefs = PreferencesService(window.services.db)
    dialog = show_welcome_if_first_run(window, prefs)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    return window, prefs, dialog


def test_three_steps_cover_profiles_privacy_and_cpd():
    assert len(STEPS) == 3
    profiles, privacy, cpd = (" ".join(step.paragraphs) for step in STEPS)
    assert "profile" in profiles and "Switch learner" in profiles
    assert "never connects to the internet" in privacy and "passphrase" in privacy
    # Passphrases exist: the step must not say they are still to come.
    assert "later version" not in privacy and "Passphrase…" in privacy
    assert "CPD" in cpd and "30 November" in cpd
    for step in STEPS:
        assert sum(len(p.split()) for p in step.paragraphs) < 80, "keep each step short"


def test_shown_once_per_data_folder_even_when_skipped(first_run, qtbot):
    window, prefs, dialog = first_run
    finished = []
    dialog.finished.connect(finished.append)
    keys = KeyboardUser(qtbot, window)
    keys.press(Key.Key_Escape)  # Skip
    qtbot.waitUntil(lambda: finished == [QDialog.DialogCode.Rejected.value])
    assert prefs.welcome_seen()
    assert show_welcome_if_first_run(window, prefs) is None
    assert show_welcome_if_first_run(window, PreferencesService(window.services.db)) is None


def test_enter_goes_through_the_steps_and_alt_b_goes_back(first_run, qtbot):
    window, _prefs, dialog = first_run
    finished = []
    dialog.finished.connect(finished.append)
    keys = KeyboardUser(qtbot, window)
    assert dialog.step_label.text() == "Step 1 of 3"
    assert keys.focus is dialog.next_button
    assert not dialog.back_button.isEnabled()
    keys.press(Key.Key_Return)
    assert dialog.step_label.text() == "Step 2 of 3"
    assert "Step 2 of 3" in dialog.accessibleDescription()  # a screen reader hears the step
    keys.press(Key.Key_B, Mod.AltModifier)
    qtbot.waitUntil(lambda: dialog.step_label.text() == "Step 1 of 3")
    keys.tab_to(lambda w: w is dialog.next_button)
    keys.press(Key.Key_Return)
    keys.press(Key.Key_Return)
    assert dialog.step_label.text() == "Step 3 of 3"
    assert dialog.start_button.isVisible() and not dialog.next_button.isVisible()
    assert keys.focus is dialog.start_button
    keys.press(Key.Key_Return)  # Get started
    qtbot.waitUntil(lambda: finished == [QDialog.DialogCode.Accepted.value])
    assert window.stack.currentWidget() is window.profiles_page  # then pick a profile


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
@pytest.mark.parametrize("size", [100, 200])
def test_every_step_reads_without_clipping(make_window, qtbot, tmp_path, theme, size):
    window = make_window()
    appearance().apply(theme=theme, text_size=size)  # the welcome opens at the size in use
    dialog = show_welcome_if_first_run(window, PreferencesService(window.services.db))
    qtbot.waitExposed(dialog)
    folder = Path(os.environ.get("PRISM_SCREENSHOT_DIR", tmp_path))
    for index in range(len(STEPS)):
        qtbot.wait(1)
        assert_all_named(dialog)
        assert not clipped(dialog) + overlapping(dialog)
        dialog.grab().save(str(folder / f"welcome-{theme}-{size}-step{index + 1}.png"))
        dialog.next()
