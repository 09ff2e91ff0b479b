"""Every shipped module, quiz and scenario opens in the window and can be finished."""

from pathlib import Path

import pytest

from desktop.services.startup import start_services
from desktop.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    services = start_services(ROOT / "content", ROOT / "assets", tmp_path_factory.mktemp("data"))
    yield services
    services.close()


@pytest.fixture
def window(qtbot, shipped):
    window = MainWindow(shipped)
    qtbot.addWidget(window)
    window.show()
    profile = shipped.profiles.find("Reviewer") or shipped.profiles.create("Reviewer")
    window.open_profile(profile.id)
    return window


def module_ids():
    from desktop.course.loader import load_course

    return [m.id for m in load_course(ROOT / "content", ROOT / "assets").course.modules]


def test_all_eight_modules_are_available(shipped):
    assert len(shipped.course.modules) == 8
    assert len(shipped.course.glossary) >= 25


@pytest.mark.parametrize("module_id", module_ids())
def test_module_quiz_and_scenario_open_and_finish(window, qtbot, module_id):
    window.go(f"module:{module_id}")
    reader = window.reader_page
    assert reader.title.text() == window.services.course.module(module_id).title
    assert reader.toc.topLevelItemCount() >= 3
    text = reader.browser.toPlainText()
    assert "Key points" in text and "<" not in text.split("\n")[0]

    window.go(f"quiz:{module_id}")
    quiz = window.quiz_page
    while quiz.question is not None:
        for index in sorted(quiz.question.correct_indexes):
            quiz.options.button_for(index).setChecked(True)
        quiz.submit()
        quiz.advance()
    assert quiz.result.passed and quiz.result.score == 100

    window.go(f"scenario:{module_id}")
    scenario = window.scenario_page
    while not scenario.session.node.is_ending:
        node = scenario.session.node
        scenario.choose(next(i for i, c in enumerate(node.choices) if c.recommended))
    scenario._show_node()
    assert scenario.debrief.ending.title.text().endswith("A good outcome")
    assert "choices the way the recommended path does" in scenario.debrief.ending.text.text()


def test_about_and_glossary_pages(window):
    window.go("about")
    about = window.about_page.browser.toPlainText()
    assert "draft" in about.lower() and "last reviewed" in about
    window.go("glossary")
    assert "Online proximity" in window.glossary_page.browser.toPlainText()
