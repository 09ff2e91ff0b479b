"""Issue 4: one learner's whole journey, driven offscreen through the real window.

Create a profile, read a module, fail its quiz and review the answers, retake and
pass, play the scenario to an ending, write a reflection, rate capabilities, quit,
reopen, and find everything where it was, with the dashboard saying so. Then turn
the finished module into a CPD record and see the dashboard count it.

The steps go through the widgets a learner uses: key presses and clicks on the
real controls, menu actions (triggered as the menu would) for moving between
areas. What is checked is what the learner would see: label texts, list rows and
the text of the quiz, scenario and journal views.

Two things cannot happen in test time, so they are simulated at the service edge:

- Active study time. The window's ActivityMonitor counts real seconds between real
  key presses. Twenty-five minutes of reading are fed to the study-time service
  instead (``services.study_time.activity(..., at=...)``), as the monitor would
  report them, spaced a minute apart and ending well before the test's real key
  presses, so the two never run together into one spell.
- Tomorrow. Refresh questions come back on a later day; the refresh service's
  ``today`` is moved forward a few days on the reopened window.
"""

from __future__ import annotations

import re
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from desktop.ui.shell.main_window import MainWindow
from tests.ui.test_quiz_and_scenario import answer_by_keys
from tests.ui.test_reading_journey import create_profile

SHIPPED_CAPABILITIES = (
    Path(__file__).resolve().parents[2] / "content" / "digital-capabilities" / "capabilities.yaml"
)
REFLECTION = (
    "Replying to a parent late at night felt kind, but it set an expectation I cannot keep. "
    "I will agree reply times at the first visit."
)
CAPABILITY_NOTE = "After the boundaries module"
STUDY_MINUTES = 25
QUESTIONS = 10  # the test course's quiz (tests/helpers/course_builder.py)


def click(qtbot, button) -> None:
    assert button.isVisible() and button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def menu_action(window: MainWindow, text: str) -> QAction:
    """The menu bar action with this text (mnemonic included), as a learner picks it."""
    for top in window.menuBar().actions():
        menu = top.menu()
        if menu is None:
            continue
        for action in menu.actions():
            if action.text() == text:
                return action
    raise AssertionError(f"no menu action {text!r}")


def choose_from_menu(window: MainWindow, text: str) -> None:
    action = menu_action(window, text)
    assert action.isEnabled()
    action.trigger()


def minutes_in(text: str) -> int:
    """'25 min this registration year' or '1 h 05 min ...' -> minutes."""
    found = re.match(r"(?:(\d+) h )?(\d+) min", text)
    assert found, text
    return int(found.group(1) or 0) * 60 + int(found.group(2))


def simulate_reading(window: MainWindow, module_id: str, section: str) -> None:
    """Twenty-five minutes of reading, reported as the activity monitor would (see top)."""
    start = datetime.now(UTC) - timedelta(minutes=STUDY_MINUTES + 15)
    for minute in range(STUDY_MINUTES + 1):
        window.services.study_time.activity(
            window.profile_id, module_id, section, at=start + timedelta(minutes=minute)
        )


def scenario_choice(qtbot, page, text: str):
    """The scenario's choice button whose words are ``text``, once it is on screen."""
    layout = page.choices.layout()
    buttons = [layout.itemAt(i).widget() for i in range(layout.count())]
    for button in buttons:
        if button is not None and button.accessibleName() == text:
            qtbot.waitUntil(button.isVisible)  # a layout shows new buttons on the next turn
            return button
    raise AssertionError(f"no choice {text!r} among {[b.accessibleName() for b in buttons]}")


@pytest.fixture
def course_with_capabilities(course_root: Path) -> Path:
    shutil.copy(SHIPPED_CAPABILITIES, course_root / "content" / "alpha")
    return course_root


def test_a_whole_learner_journey_survives_a_restart(
    make_window, qtbot, course_with_capabilities, monkeypatch
):
    window = make_window()

    # --- A new learner -----------------------------------------------------------------
    create_profile(qtbot, window, "Priya")
    home = window.home_page
    assert window.stack.currentWidget() is home
    assert home.continue_button.text() == "&Start the course: Module Alpha"
    assert "Not started" in home.module_cards[0].summary_text()

    # --- Read the module to the end ----------------------------------------------------
    click(qtbot, home.continue_button)
    reader = window.reader_page
    assert window.stack.currentWidget() is reader
    assert reader.title.text() == "Module Alpha"
    bar = reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    simulate_reading(window, "alpha", reader.current_anchor() or "")
    for _ in range(50):  # Page Down to the end, as a reader does
        if bar.value() == bar.maximum():
            break
        qtbot.keyClick(reader.browser, Qt.Key.Key_PageDown)
    assert bar.value() == bar.maximum()  # the learner has reached the end

    # --- The quiz: fail, review, retake, pass ------------------------------------------
    click(qtbot, reader.quiz_button)
    quiz = window.quiz_page
    assert window.stack.currentWidget() is quiz
    assert quiz.progress_label.text() == f"Question 1 of {QUESTIONS}"
    for _ in range(QUESTIONS):
        answer_by_keys(qtbot, quiz, right=False)
    review = quiz.results.toPlainText()
    assert f"✗ Not passed yet: 0 of {QUESTIONS}" in review
    assert f"0 of {QUESTIONS} right (0%). The pass mark is 80%" in review
    # Every question is reviewed with what was chosen, the right one, and the feedback.
    assert review.count("✗ Not right") == QUESTIONS
    assert review.count("Your answer: ") == QUESTIONS
    assert "‘Wrong answer’ — This is wrong because..." in review
    assert "‘False’ — Not so: the module says otherwise." in review
    assert not quiz.cpd_button.isVisible()  # nothing to record yet

    click(qtbot, quiz.retake_button)
    assert quiz.progress_label.text() == f"Question 1 of {QUESTIONS}"
    for _ in range(QUESTIONS):
        answer_by_keys(qtbot, quiz, right=True)
    result = quiz.results.toPlainText()
    assert f"✓ Passed: {QUESTIONS} of {QUESTIONS}" in result
    assert "Attempts: 2. Best score 100%, latest 100%." in result
    assert quiz.cpd_button.isVisible()

    # --- The scenario, to an ending, with the debrief -----------------------------------
    click(qtbot, quiz.back_button)
    assert window.stack.currentWidget() is reader
    click(qtbot, reader.scenario_button)
    scenario = window.scenario_page
    assert scenario.step_label.text().startswith("Decision 1")
    for choice in ("Wait", "Check policy", "Use own phone"):
        click(qtbot, scenario_choice(qtbot, scenario, choice))
        assert scenario.consequence.title.text().endswith(f"You chose: {choice}")
        click(qtbot, scenario.continue_button)
    debrief = scenario.text.toPlainText()
    assert scenario.step_label.text() == "Debrief"
    assert scenario.debrief.ending.title.text().endswith("A mixed outcome")
    assert "2 of your 3 choices matched the recommended one." in scenario.debrief.ending.text.text()
    # Mine beside theirs: the two paths' third decisions, in two cards side by side.
    assert "Use own phone" in scenario.debrief.yours.lines()[2]
    assert "Reply at work" in scenario.debrief.recommended.lines()[2]
    assert "The recommended path keeps boundaries clear." in debrief

    # --- A reflection, autosaved ---------------------------------------------------------
    click(qtbot, scenario.back_button)
    click(qtbot, reader.reflect_button)
    journal = window.journal_page
    assert window.stack.currentWidget() is journal
    assert journal.module_title.text() == "Module Alpha"
    assert journal.prompt_label.text() == "What did you learn?"
    assert journal.editor.hasFocus()
    qtbot.keyClicks(journal.editor, REFLECTION)
    qtbot.waitUntil(lambda: journal.status.text().startswith("Saved at"))

    # --- Capabilities rated and saved ----------------------------------------------------
    choose_from_menu(window, "Digital &capabilities")
    capabilities = window.capabilities_page
    assert window.stack.currentWidget() is capabilities
    first, second = capabilities.rows[0], capabilities.rows[1]
    assert first.meaning.text() == "Not rated yet"
    qtbot.keyClick(first.group.button(1), Qt.Key.Key_4)
    qtbot.keyClicks(first.note, CAPABILITY_NOTE)
    qtbot.keyClick(second.group.button(1), Qt.Key.Key_2)
    rated_meaning = first.meaning.text()
    assert rated_meaning != "Not rated yet"
    click(qtbot, capabilities.save_button)
    assert capabilities.status.text().startswith("Ratings saved on")

    # --- Home, before quitting ----------------------------------------------------------
    choose_from_menu(window, "&Home")
    assert home.module_cards[0].summary_text().startswith("Complete · 3 of 3 steps")
    # The quiz history is on the home page after a restart, not only inside the quiz.
    assert "best quiz score 100% (2 attempts)" in home.module_cards[0].summary_text()

    # --- Quit, and open Prism again over the same data -----------------------------------
    choose_from_menu(window, "&Quit")
    assert not window.isVisible()
    again = make_window()
    picker = again.profiles_page
    assert picker.list.currentItem().text() == "Priya"  # listed, and preselected
    qtbot.keyClick(picker.list, Qt.Key.Key_Return)
    home = again.home_page
    assert again.stack.currentWidget() is home
    assert home.greeting.text() == "Welcome, Priya"

    # The dashboard shows the journey.
    assert home.continue_button.text().startswith("&Continue where you left off: Module Alpha")
    first, second = home.module_cards[0], home.module_cards[1]
    assert first.accessibleName() == "Module 1: Module Alpha"
    assert first.summary_text().startswith("Complete · 3 of 3 steps")
    # The quiz history is on the home page after a restart, not only inside the quiz.
    assert "best quiz score 100% (2 attempts)" in first.summary_text()
    assert second.summary_text().startswith("Not started · 0 of")
    assert home.summary.text().startswith("1 of 2 modules passed.")
    study = home.study_tile.text.text()
    assert STUDY_MINUTES <= minutes_in(study) < STUDY_MINUTES + 5
    assert "this registration year" in study
    # All of it is in this year, so the tile does not repeat the same figure "in all".
    assert "in all" not in home.study_tile.note.text()
    cpd_tile = home.cpd_tile.text.text()
    assert re.match(r"CPD \d{4}-\d\d: 0 of 2 records · no peer reflection yet", cpd_tile)
    # Wrong answers come back on later days, not the same day.
    assert home.refresh_tile.text.text() == "Nothing to refresh today."
    assert not home.refresh_button.isVisible()
    later = again.services.refresh.today() + timedelta(days=2)
    monkeypatch.setattr(again.services.refresh, "today", lambda: later)
    choose_from_menu(again, "&Home")
    assert home.refresh_tile.text.text() == (
        f"{QUESTIONS} questions you missed are ready to try again."
    )
    assert home.refresh_tile.note.text() == "A refresh set takes 5 at a time and about 5 minutes."
    assert home.refresh_button.isVisible()
    click(qtbot, home.refresh_button)
    assert again.stack.currentWidget() is again.refresh_page
    assert again.refresh_page.progress_label.text() == "Question 1 of 5"
    assert again.refresh_page.module_label.text() == "From “Module Alpha”"
    click(qtbot, again.refresh_page.home_button)

    # The journal still has the reflection.
    choose_from_menu(again, "Reflection &journal")
    journal = again.journal_page
    assert again.stack.currentWidget() is journal
    heading_row = journal.tree.topLevelItem(0)
    assert heading_row.text(0) == "Module Alpha (1)"
    assert REFLECTION[:40] in heading_row.child(0).text(0)
    assert journal.editor.toPlainText() == REFLECTION
    assert journal.prompt_label.text() == "What did you learn?"

    # Capabilities show the saved ratings.
    choose_from_menu(again, "Digital &capabilities")
    capabilities = again.capabilities_page
    first, second = capabilities.rows[0], capabilities.rows[1]
    assert first.group.checkedButton().text() == "4"
    assert first.meaning.text() == rated_meaning
    assert first.note.text() == CAPABILITY_NOTE
    assert second.group.checkedButton().text() == "2"
    assert capabilities.rows[2].meaning.text() == "Not rated yet"
    assert capabilities.status.text().endswith("(1 saved assessment).")
    click(qtbot, capabilities.table_button)
    table = capabilities.table
    assert capabilities.view_stack.currentWidget() is table
    assert table.item(0, 0).text() == first.capability.title
    assert table.item(0, 1).text() == "4"
    assert table.item(1, 1).text() == "2"

    # The quiz history has both attempts: a third one says so at its end.
    choose_from_menu(again, "&Home")
    # A finished module's card offers to look back over it; Enter on it opens the module.
    qtbot.keyClick(home.module_cards[0].action, Qt.Key.Key_Return)
    reader = again.reader_page
    assert reader.title.text() == "Module Alpha"
    click(qtbot, reader.quiz_button)
    quiz = again.quiz_page
    assert quiz.progress_label.text() == f"Question 1 of {QUESTIONS}"  # a new attempt
    for number in range(QUESTIONS):
        answer_by_keys(qtbot, quiz, right=number >= 2)  # two wrong: 80%, a bare pass
    result = quiz.results.toPlainText()
    assert f"✓ Passed: 8 of {QUESTIONS}" in result and "(80%)" in result
    assert "Attempts: 3. Best score 100%, latest 80%." in result

    # --- CPD: record the finished module --------------------------------------------------
    click(qtbot, quiz.cpd_button)
    cpd = again.cpd_page
    assert again.stack.currentWidget() is cpd
    dialog = cpd.draft_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.list.item(0).text().startswith("Module Alpha")
    assert dialog.chosen_module_ids() == ["alpha"]  # the module the quiz was for
    assert dialog.reflections_note.text() == "You wrote 1 reflection for the chosen modules."
    click(qtbot, dialog.reflections)  # bring my reflection into "What I learnt"
    click(qtbot, dialog.create_button)
    editor = cpd.editor
    assert cpd.stack.currentWidget() is editor
    assert editor.fields["title"].value() == "Prism course: Module Alpha"
    assert REFLECTION in editor.fields["learning"].value()
    assert editor.fields["duration"].value() >= STUDY_MINUTES  # tracked time, not a guess
    click(qtbot, editor.back_button)
    rows = [cpd.records.topLevelItem(i) for i in range(cpd.records.topLevelItemCount())]
    assert [row.text(1) for row in rows] == ["Prism course: Module Alpha"]
    assert rows[0].text(5) == "Draft"
    assert cpd.tracker.records.text() == "1 recorded, 1 still a draft"  # drafts do not count

    click(qtbot, cpd.home_button)
    assert again.stack.currentWidget() is home
    assert re.match(r"CPD \d{4}-\d\d: 1 recorded, 1 still a draft · ", home.cpd_tile.text.text())
    QApplication.processEvents()
