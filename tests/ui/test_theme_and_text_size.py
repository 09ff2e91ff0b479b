"""Themes, text size and extra spacing on a real window: what changes, what is remembered,
and that nothing is clipped or overlapping at 200% text or at QT_SCALE_FACTOR=2.

Screenshots go to $PRISM_SCREENSHOT_DIR when it is set (for looking at them), else
to the test's temporary folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QCheckBox,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.services.preferences import PreferencesService
from desktop.services.startup import start_services
from desktop.ui import style
from desktop.ui.learning.browser import LINE_CHARACTERS
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.theme import THEME_COLOURS, Theme, appearance, reset_appearance, resolve_theme
from tests.ui.layout_checks import layout_problems, pages_that_do_not_fit
from tests.ui.test_keyboard_journey import with_view_menu

ROOT = Path(__file__).resolve().parents[2]
PAGES = ["home", "module:alpha", "quiz:alpha", "scenario:alpha", "about", "glossary"]


@pytest.fixture(autouse=True)
def _restore_look():
    yield
    reset_appearance()


@pytest.fixture
def styled_course(course_root: Path) -> Path:
    """The test course with the real reader stylesheets, so the reader is themed."""
    shutil.copytree(paths.assets_dir() / "styles", course_root / "assets" / "styles")
    return course_root


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("PRISM_SCREENSHOT_DIR", tmp_path / "shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def settle(qtbot) -> None:
    """Let queued font, layout and re-render events run (no timing is asserted)."""
    for _ in range(3):
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)
        qtbot.wait(1)


def open_as(window, name: str) -> str:
    profile = window.services.profiles.find(name) or window.services.profiles.create(name)
    window.open_profile(profile.id)
    if getattr(window, "view_menu", None) is not None and not _lead_wired(window):
        window.view_menu.apply_profile(profile.id)
    return profile.id


def _lead_wired(window) -> bool:
    # Once main_window.py applies preferences itself in open_profile, do not do it twice.
    import inspect

    return "apply_profile" in inspect.getsource(type(window).open_profile)


def show_page(window, page: str) -> None:
    if page == "profiles":
        window.show_profiles()
    else:
        window.go(page)


# --------------------------------------------------------------------------- #
# What the settings change
# --------------------------------------------------------------------------- #


def test_resolving_the_system_theme():
    dark, light, unknown = Qt.ColorScheme.Dark, Qt.ColorScheme.Light, Qt.ColorScheme.Unknown
    high = Qt.ContrastPreference.HighContrast
    assert resolve_theme(Theme.SYSTEM, dark) is Theme.DARK
    assert resolve_theme(Theme.SYSTEM, light) is Theme.LIGHT
    assert resolve_theme(Theme.SYSTEM, unknown) is Theme.LIGHT
    assert resolve_theme(Theme.SYSTEM, light, high) is Theme.HIGH_CONTRAST
    assert resolve_theme(Theme.LIGHT, dark, high) is Theme.LIGHT  # a choice wins


def test_text_size_changes_every_font_and_is_kept_per_profile(make_window, qtbot, styled_course):
    window = make_window()
    view = with_view_menu(window)
    base = QApplication.font().pointSizeF()
    open_as(window, "Priya")
    heading = window.home_page.greeting
    assert heading.font().pointSizeF() == pytest.approx(base * 1.6)

    for _ in range(10):  # past the top step: stays at 200%
        view.larger_action.trigger()
    settle(qtbot)
    assert view.appearance.text_size == 200
    assert not view.larger_action.isEnabled()
    assert QApplication.font().pointSizeF() == pytest.approx(base * 2)
    assert heading.font().pointSizeF() == pytest.approx(base * 2 * 1.6)
    window.go("module:alpha")
    browser = window.reader_page.browser
    assert browser.font().pointSizeF() == pytest.approx(base * 2)
    assert browser.document().defaultFont().pointSizeF() == pytest.approx(base * 2)

    window.show_profiles()
    assert view.appearance.text_size == 100  # the profile list: the machine's look
    open_as(window, "Sam")  # never chose: the machine's look, never Priya's
    assert view.appearance.text_size == 100
    assert QApplication.font().pointSizeF() == pytest.approx(base)
    view.reset_action.trigger()
    window.show_profiles()
    open_as(window, "Priya")
    assert view.appearance.text_size == 200
    assert (
        PreferencesService(window.services.db)
        .load(window.services.profiles.find("Sam").id)
        .text_size
        == 100
    )


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_theme_menu_recolours_the_window_and_the_reader(make_window, qtbot, styled_course, theme):
    window = make_window()
    view = with_view_menu(window)
    open_as(window, "Priya")
    window.go("module:alpha")
    view.theme_actions[theme].trigger()
    settle(qtbot)
    colours = THEME_COLOURS[theme]
    palette = QApplication.palette()
    assert palette.color(QPalette.ColorRole.Window) == QColor(colours.window)
    assert palette.color(QPalette.ColorRole.Base) == QColor(colours.base)
    css = window.reader_page.browser.document().defaultStyleSheet()
    assert css == style.reader_css(styled_course / "assets", str(theme), 100, False)
    assert view.theme_actions[theme].isChecked()
    profile_id = window.profile_id
    assert PreferencesService(window.services.db).load(profile_id).theme == str(theme)


def test_the_system_theme_follows_the_desktop_as_it_changes(make_window, qtbot):
    window = make_window()
    with_view_menu(window)
    look = appearance()
    look.apply(theme=Theme.SYSTEM)
    hints = QApplication.styleHints()
    try:
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert look.theme is Theme.DARK
        assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(
            THEME_COLOURS[Theme.DARK].window
        )
        hints.accessibility().contrastPreferenceChanged.emit(Qt.ContrastPreference.HighContrast)
        assert look.theme is Theme.HIGH_CONTRAST
        look.apply(theme=Theme.LIGHT)  # an explicit choice is kept whatever the desktop does
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Dark)
        assert look.theme is Theme.LIGHT
    finally:
        hints.accessibility().contrastPreferenceChanged.emit(Qt.ContrastPreference.NoPreference)
        hints.colorSchemeChanged.emit(Qt.ColorScheme.Unknown)


def test_extra_spacing_opens_up_the_reader(make_window, qtbot, styled_course):
    window = make_window()
    view = with_view_menu(window)
    open_as(window, "Priya")
    window.go("module:alpha")
    browser = window.reader_page.browser
    settle(qtbot)
    plain_height = browser.document().size().height()
    plain_measure = browser.measure()
    view.spacing_action.trigger()
    settle(qtbot)
    assert view.spacing_action.isChecked()
    assert "letter-spacing" in browser.document().defaultStyleSheet()
    assert browser.document().size().height() > plain_height * 1.15
    assert browser.measure() > plain_measure  # wider column, same characters a line
    view.spacing_action.trigger()
    settle(qtbot)
    assert "letter-spacing" not in browser.document().defaultStyleSheet()


def characters_per_line(browser) -> float:
    """Average characters on full lines of paragraphs three or more lines long."""
    lengths = []
    block = browser.document().begin()
    while block.isValid():
        layout = block.layout()
        if layout.lineCount() >= 3:
            lengths += [layout.lineAt(i).textLength() for i in range(layout.lineCount() - 1)]
        block = block.next()
    assert lengths, "no paragraph long enough to measure"
    return sum(lengths) / len(lengths)


@pytest.mark.parametrize("size", [100, 150, 200])
@pytest.mark.parametrize("spacing", [False, True])
def test_reader_lines_hold_about_75_characters(make_window, qtbot, styled_course, size, spacing):
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    appearance().apply(text_size=size, extra_spacing=spacing)
    window.go("module:alpha")
    settle(qtbot)
    browser = window.reader_page.browser
    average = characters_per_line(browser)
    if browser.measure() < browser.viewport().width() - 48:
        assert LINE_CHARACTERS - 12 <= average <= LINE_CHARACTERS + 3
    else:  # the window is narrower than the measure: the text fills it, shorter lines
        assert average <= LINE_CHARACTERS + 3
    assert browser.horizontalScrollBar().maximum() == 0  # figures fit the column too


def test_focus_ring_is_drawn_in_the_theme_focus_colour(make_window, qtbot, styled_course):
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    for theme in (Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST):
        appearance().apply(theme=theme)
        button = window.home_page.continue_button
        button.setFocus(Qt.FocusReason.TabFocusReason)
        settle(qtbot)
        image = button.grab().toImage()
        edge = {image.pixelColor(x, image.height() // 2).name() for x in range(3)}
        assert THEME_COLOURS[theme].focus in edge, f"{theme}: no focus ring at the edge"
        window.home_page.journal_button.setFocus()
        settle(qtbot)
        unfocused = button.grab().toImage()
        assert unfocused.pixelColor(0, unfocused.height() // 2).name() not in {
            THEME_COLOURS[theme].focus
        }


def test_check_boxes_and_radio_buttons_grow_with_the_text(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    box, radio = QCheckBox("Tick"), QRadioButton("Choose")
    layout.addWidget(box)
    layout.addWidget(radio)
    qtbot.addWidget(page)
    appearance().apply(text_size=100)
    small = page.style().pixelMetric(page.style().PixelMetric.PM_IndicatorWidth)
    appearance().apply(text_size=200)
    large = page.style().pixelMetric(page.style().PixelMetric.PM_IndicatorWidth)
    assert large == pytest.approx(small * 2, abs=1)


# --------------------------------------------------------------------------- #
# Nothing clipped or overlapping
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("theme", [Theme.LIGHT, Theme.DARK, Theme.HIGH_CONTRAST])
def test_no_clipped_or_overlapping_text_at_200_percent(
    make_window, qtbot, styled_course, shots, theme
):
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    appearance().apply(theme=theme, text_size=200)
    problems = []
    for page in PAGES:
        show_page(window, page)
        settle(qtbot)
        problems += [f"{page}: {problem}" for problem in layout_problems(window)]
        name = page.replace(":", "-")
        assert window.grab().save(str(shots / f"200-{theme}-{name}.png"))
    assert not problems, "\n".join(problems)


def test_every_page_fits_a_1280_by_800_window_at_200_percent(make_window, qtbot, styled_course):
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    appearance().apply(text_size=200)
    settle(qtbot)
    problems = pages_that_do_not_fit(window)
    assert not problems, "\n".join(problems)


def test_profile_picker_is_not_clipped_at_200_percent(make_window, qtbot, styled_course, shots):
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    window.show_profiles()
    appearance().apply(text_size=200)
    settle(qtbot)
    window.grab().save(str(shots / "200-profiles.png"))
    assert not layout_problems(window)


def test_no_clipped_or_overlapping_text_at_scale_factor_2(tmp_path, shots):
    """QT_SCALE_FACTOR must be set before Qt starts: check in a fresh process."""
    picture = shots / "scale-factor-2-reader.png"
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-m", "tests.ui.layout_checks", str(picture)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    image = QImage(str(picture))
    assert (image.width(), image.height()) == (2560, 1600)  # really drawn at twice the size


def test_shipped_course_reflows_at_200_percent(qtbot, tmp_path, shots):
    """The shipped course has quiz options and choices up to 280 characters long."""
    services = start_services(ROOT / "content", ROOT / "assets", tmp_path / "data")
    window = MainWindow(services)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert not services.problems, "the shipped course must load cleanly"
    with_view_menu(window)
    open_as(window, "Priya")
    appearance().apply(theme=Theme.LIGHT, text_size=200)
    problems = []
    for page in ["module:identity-prism", "quiz:online-proximity", "scenario:online-proximity"]:
        window.resize(1280, 800)
        window.go(page)
        if page.startswith("quiz"):  # question 7 has the longest option
            quiz = window.quiz_page
            while quiz.question is not None and quiz.question.id != "op-7":
                qtbot.keyClick(quiz, Qt.Key.Key_1)
                qtbot.keyClick(quiz, Qt.Key.Key_Return)
                qtbot.keyClick(quiz, Qt.Key.Key_Return)
                settle(qtbot)
        settle(qtbot)
        problems += [f"{page}: {problem}" for problem in layout_problems(window)]
        window.grab().save(str(shots / f"shipped-200-{page.replace(':', '-')}.png"))
    window.close()
    services.close()
    assert not problems, "\n".join(problems)


def test_controls_are_at_least_24_pixels_high(make_window, qtbot, styled_course):
    """WCAG 2.5.8 Target Size (Minimum), at 100% text where targets are smallest."""
    window = make_window()
    with_view_menu(window)
    open_as(window, "Priya")
    small = []
    for page in PAGES:
        show_page(window, page)
        settle(qtbot)
        for control in window.findChildren(QAbstractButton) + window.findChildren(QLineEdit):
            if control.isVisible() and control.height() < 24:
                small.append(f"{page}: {type(control).__name__} {control.text()[:30]!r}")
    assert not small, "\n".join(small)
