"""Issue 21's pass over every screen: what a learner would notice, checked in real windows.

Screens line up with each other, each offers one main action that stands out (and its
destructive one in the error colour), nothing is clipped at 200% text, and empty or
important messages use the design system's empty state and callouts.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QWidget

from desktop.ui.design.components import Callout, EmptyState
from desktop.ui.design.tokens import ROLE_PROPERTY, Tone
from desktop.ui.shell.screenshot_dialogs import DIALOGS, open_dialog
from desktop.ui.theme import appearance


def open_home(window, qtbot, name: str = "Priya Chandrasekhar-Whitfield"):
    profile = window.services.profiles.create(name)
    window.open_profile(profile.id, privacy_note=False)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_page)
    return window.home_page


def left_edge(widget: QWidget) -> int:
    return widget.mapTo(widget.window(), QPoint(0, 0)).x()


def settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def roles(page: QWidget, role: str) -> list[str]:
    return [
        button.text()
        for button in page.findChildren(QPushButton)
        if button.isVisibleTo(page) and button.property(ROLE_PROPERTY) == role
    ]


def test_every_page_starts_where_home_starts(make_window, qtbot):
    window = make_window()
    home = open_home(window, qtbot)
    settle()
    edge = left_edge(home.greeting)
    titles = {
        "journal": lambda: window.journal_page.title,
        "capabilities": lambda: window.capabilities_page.title,
        "about": lambda: window.about_page.title,
        "glossary": lambda: window.glossary_page.title,
        "module:alpha": lambda: window.reader_page.title,
    }
    for target, title in titles.items():
        window.go(target)
        settle()
        assert left_edge(title()) == edge, target


@pytest.mark.parametrize(
    ("target", "primary", "destructive"),
    [
        ("journal", ["Start a new reflection"], []),
        ("cpd", ["Create from my &learning…"], ["&Delete"]),
        ("team-session", ["&Start the session"], []),
    ],
)
def test_each_screen_has_one_main_action_that_stands_out(
    make_window, qtbot, target, primary, destructive
):
    window = make_window()
    open_home(window, qtbot)
    window.go(target)
    settle()
    page = window.stack.currentWidget()
    assert roles(page, "primary") == primary
    assert roles(page, "destructive") == destructive


def test_deleting_a_profile_or_a_reflection_is_marked_destructive(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    assert window.journal_page.delete_button.property(ROLE_PROPERTY) == "destructive"
    dialog = open_dialog(window, "delete-profile")
    assert dialog.delete_button.property(ROLE_PROPERTY) == "destructive"
    dialog.close()
    window.lock()
    settle()
    assert window.profiles_page.open_button.property(ROLE_PROPERTY) == "primary"


def clipped_labels(dialog: QWidget) -> list[str]:
    """Labels whose words need more room than they were given (so some are cut off)."""
    out = []
    for label in dialog.findChildren(QLabel):
        if not label.isVisibleTo(dialog) or not label.text():
            continue
        if label.wordWrap():
            needed = label.heightForWidth(label.width())
            if needed > label.height() + 1:
                out.append(label.text())
        elif label.minimumSizeHint().width() > label.width() + 1:
            out.append(label.text())
    return out


@pytest.mark.parametrize(
    "name",
    [
        "colour",
        "rename",
        "packs",
        "consent",
        "protect",
        "restore",
        "recovery",
        "check-report",
        "changed-outside",
    ],
)
def test_no_dialog_words_are_cut_off_at_200_percent_text(make_window, qtbot, restore_look, name):
    window = make_window()
    open_home(window, qtbot)
    appearance().apply(text_size=200)
    dialog = open_dialog(window, name)
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    settle()
    assert clipped_labels(dialog) == []
    assert dialog.width() <= window.width() and dialog.height() <= window.height()
    dialog.close()


def test_the_backup_dates_fit_on_one_line_at_200_percent(make_window, qtbot, restore_look):
    window = make_window()
    open_home(window, qtbot)
    window.services.backups.back_up_now()
    appearance().apply(text_size=200)
    dialog = open_dialog(window, "restore")
    qtbot.addWidget(dialog)
    qtbot.waitExposed(dialog)
    settle()
    item = dialog.list.topLevelItem(0)
    needed = dialog.list.fontMetrics().horizontalAdvance(item.text(0))
    assert dialog.list.header().sectionSize(0) >= needed
    dialog.close()


def test_no_packs_is_an_empty_state_with_the_one_thing_to_do(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    dialog = open_dialog(window, "packs")
    qtbot.addWidget(dialog)
    assert isinstance(dialog.empty, EmptyState) and dialog.empty.isVisibleTo(dialog)
    assert dialog.empty.title.text() == "No course packs installed"
    assert dialog.empty.button.text() == "&Add pack…"
    assert not dialog.packs.isVisibleTo(dialog)
    assert not dialog.remove_button.isVisibleTo(dialog)
    dialog.close()


def test_the_passphrase_warning_and_the_sharing_details_are_callouts(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    protect = open_dialog(window, "protect")
    warnings = [c for c in protect.findChildren(Callout) if c.tone is Tone.WARNING]
    assert len(warnings) == 1 and "cannot be reset" in warnings[0].text.text()
    assert warnings[0].accessibleName().startswith("Warning: ")
    protect.close()
    consent = open_dialog(window, "consent")
    assert consent.details_box.tone is Tone.INFO
    assert "Never sent" in consent.details_box.accessibleDescription()
    consent.close()


def test_every_listed_dialog_opens_for_a_screenshot(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    for name in DIALOGS:
        dialog = open_dialog(window, name)
        assert dialog is not None and dialog.isVisible(), name
        dialog.close()
    assert open_dialog(window, "no-such-dialog") is None


def test_the_profile_list_keeps_three_rows_at_200_percent_on_a_small_laptop(
    make_window, qtbot, restore_look
):
    window = make_window()
    open_home(window, qtbot)
    window.resize(1366, 768)
    appearance().apply(text_size=200)
    window.lock()
    settle()
    page = window.profiles_page
    row = page.list.sizeHintForRow(0)
    assert page.list.height() >= 3 * row  # it once shrank to one row with a scroll bar


def test_the_new_person_box_has_room_for_a_name_at_200_percent(make_window, qtbot, restore_look):
    window = make_window()
    open_home(window, qtbot)
    window.resize(1366, 768)
    appearance().apply(text_size=200)
    window.go("team-session")
    settle()
    box = window.team_session_page.setup.new_name
    assert box.width() >= box.fontMetrics().horizontalAdvance(
        "Priya Chandra"
    )  # a name, not three letters


def test_what_a_choice_led_to_sits_under_the_situation_not_a_pane_away(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    window.resize(1366, 768)
    window.go("scenario:alpha")
    page = window.scenario_page
    page.choose(page.shown[0])
    settle()
    text = page.text
    words = text.document().size().height()
    # The situation box is as tall as its words (it once filled the page, mostly empty).
    assert text.height() <= words + 2 * text.fontMetrics().height()
    assert page.consequence.isVisible()
    assert page.consequence.geometry().top() - text.geometry().bottom() <= 16


def test_cpd_records_show_draft_or_ready_as_a_status_tag(make_window, qtbot):
    from desktop.ui.cpd.status_column import StatusTagDelegate

    window = make_window()
    open_home(window, qtbot)
    cpd = window.services.cpd
    cpd.save(cpd.new_blank(window.profile_id))
    window.go("cpd")
    settle()
    records = window.cpd_page.records
    column = records.columnCount() - 1
    assert records.headerItem().text(column) == "Status"
    assert isinstance(records.itemDelegateForColumn(column), StatusTagDelegate)
    item = records.topLevelItem(0)
    assert item.text(column) == "Draft"  # what a screen reader reads is unchanged
    tag = records.fontMetrics().horizontalAdvance("✎ Draft")
    assert records.header().sectionSize(column) >= tag  # the whole tag shows


# The screens seen last (issue 21): the team session's presenter view and summary, the
# start-up question, the database check and the standard message boxes.


def window_at_200_on_a_small_laptop(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    window.services.profiles.create("Asha Patel")
    window.resize(1366, 768)
    appearance().apply(text_size=200)
    settle()
    return window


def fully_in_view(widget: QWidget, window) -> bool:
    """Inside the window's page area now, with no scrolling."""
    area = window.stack
    top_left = widget.mapTo(area, QPoint(0, 0))
    return (
        widget.isVisible() and top_left.y() >= 0 and top_left.y() + widget.height() <= area.height()
    )


def test_the_presenter_view_fits_a_small_laptop_at_200_percent(make_window, qtbot, restore_look):
    """The group's notes and Next stay on screen; the slide scrolls, not the page (the
    long set-up form, hidden behind it, used to make the whole page scroll)."""
    from desktop.ui.shell.screenshot_dialogs import open_team_session

    window = window_at_200_on_a_small_laptop(make_window, qtbot)
    assert open_team_session(window, ended=False)
    settle()
    presenter = window.team_session_page.presenter
    for part in (presenter.notes, presenter.next_button, presenter.confirm_button):
        assert fully_in_view(part, window), part.accessibleName() or part.text()


def test_the_session_summary_keeps_done_in_view_at_200_percent(make_window, qtbot, restore_look):
    from desktop.ui.shell.screenshot_dialogs import open_team_session

    window = window_at_200_on_a_small_laptop(make_window, qtbot)
    assert open_team_session(window, ended=True)
    settle()
    summary = window.team_session_page.summary
    assert window.team_session_page.stack.currentWidget() is summary
    assert fully_in_view(summary.done_button, window)
    assert summary.done_button.hasFocus()


def test_a_message_box_says_its_title_inside_the_box(qtbot):
    """Many desktops show a message box with no title bar, and a screen reader reads the
    box's words: the title must be among them, escaped like the detail."""
    from desktop.ui.dialogs import warning_box

    box = warning_box(None, "Changed outside Prism", "A profile called <b>Sam</b> was renamed.")
    qtbot.addWidget(box)
    words = QLabel(box.text()).text()
    assert "Changed outside Prism" in words
    assert "&lt;b&gt;Sam&lt;/b&gt;" in words  # shown as typed, never as bold
    assert box.accessibleName() == "Changed outside Prism"


def test_the_start_up_question_offers_the_backup_as_the_main_action(make_window, qtbot):
    window = make_window()
    open_home(window, qtbot)
    window.services.backups.back_up_now()
    dialog = open_dialog(window, "recovery")
    qtbot.addWidget(dialog)
    assert roles(dialog, "primary") == ["&Restore the backup"]
    assert dialog.restore_button.isDefault()
    kept = dialog.findChild(Callout)
    assert kept.tone is Tone.INFO and "nothing is deleted" in kept.text.text()
    dialog.close()


def test_the_check_report_leads_with_its_outcome_in_its_tone(make_window, qtbot):
    from desktop.store.integrity import CheckReport
    from desktop.ui.backups.actions import CheckReportDialog

    window = make_window()
    open_home(window, qtbot)
    damaged = CheckReportDialog(
        CheckReport(found=("a",), not_fixed=("a",)), window, open_restore=lambda: None
    )
    qtbot.addWidget(damaged)
    assert damaged.outcome.tone is Tone.ERROR
    assert roles(damaged, "primary") == ["&Restore from backup…"]
    healthy = CheckReportDialog(CheckReport(), window, open_restore=lambda: None)
    qtbot.addWidget(healthy)
    assert healthy.outcome.tone is Tone.SUCCESS
    assert roles(healthy, "primary") == ["&Close"]
