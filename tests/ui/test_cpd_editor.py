"""From a finished module to a paste-ready CPD record, through the real CPD service."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QScrollBar,
    QWidget,
)

from desktop.cpd.export_text import field_texts
from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.requirements import STANDARD_4_PARTS
from desktop.ui.cpd.draft_dialog import CpdDraftDialog
from desktop.ui.cpd.editor import PREFILLED_NOTE
from desktop.ui.cpd.page import CpdPage
from tests.ui.cpd_fakes import complete_module, make_services

LEARNT = "How to set clear expectations about reply times when messaging families."
IMPACT = "I now explain my working hours at the first contact; one parent said it helped."


@pytest.fixture
def services(tmp_path):
    made = make_services(tmp_path)
    yield made
    made.close()


@pytest.fixture
def page(qtbot, services):
    profile = services.profiles.create("Priya")
    made = CpdPage(services)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    made.show_for(profile.id, profile.name)
    yield made
    made.close()  # saves what the editor holds while the database is still open


def draft_from_alpha(qtbot, page, *, reflections: bool = False):
    complete_module(page.services, page.profile_id, "alpha")
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    dialog = page.draft_dialog
    assert isinstance(dialog, CpdDraftDialog)
    dialog.set_checked("alpha")
    dialog.reflections.setChecked(reflections)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.editor
    return page.editor


def test_draft_from_a_finished_module_opens_the_editor_saved_and_marked(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    stored = page.services.cpd.get(editor.record.id)
    assert stored is not None  # saved at once: the drafting is never lost
    assert editor.value("title") == stored.title
    assert "Module Alpha" in editor.value("description")
    assert editor.value("learning") == ""  # Prism never invents learning
    assert editor.notes["title"].isVisibleTo(editor)
    assert editor.notes["title"].text() == PREFILLED_NOTE
    assert not editor.notes["learning"].isVisibleTo(editor)
    assert editor.prefilled_banner.isVisibleTo(editor)
    # The cursor waits in the first required field that still needs the person's words.
    assert editor.fields["learning"].isAncestorOf(QApplication.focusWidget())


def test_draft_dialog_leaves_reflections_off_and_create_needs_a_module(qtbot, page):
    complete_module(page.services, page.profile_id, "alpha")
    page.create_from_learning()
    dialog = page.draft_dialog
    assert not dialog.include_reflections()
    assert not dialog.create_button.isEnabled()
    dialog.set_checked("alpha")
    assert dialog.create_button.isEnabled()
    assert "Completed" in dialog.list.item(0).text()
    dialog.reject()
    assert page.stack.currentWidget() is page.list_view
    assert page.services.cpd.list(page.profile_id) == []


def test_draft_dialog_says_what_counts_as_completed_when_nothing_is(qtbot, page):
    page.create_from_learning()
    dialog = page.draft_dialog
    assert dialog.empty.isVisibleTo(dialog)
    assert "read it to the end and passed its quiz" in dialog.empty.text()
    assert not dialog.create_button.isVisibleTo(dialog)


def test_a_module_already_in_a_record_is_named_in_the_dialog(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    title = editor.record.title
    editor.close_editor()
    page.create_from_learning()
    assert f"Already in your record ‘{title}’" in page.draft_dialog.list.item(0).text()


def test_edit_copy_mark_ready_then_the_tracker_counts_it(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["learning"].edit, LEARNT)

    qtbot.mouseClick(editor.copy_buttons["learning"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == LEARNT
    assert editor.status.text().startswith("Copied ‘What I learnt’")

    qtbot.mouseClick(editor.ready_button, Qt.MouseButton.LeftButton)
    assert "Not ready yet" in editor.status.text()
    assert "Fill in ‘Impact on my practice and on the people I work with’." in (
        editor.checklist.text()
    )
    assert editor.fields["impact"].isAncestorOf(QApplication.focusWidget())
    assert not page.services.cpd.get(editor.record.id).is_ready

    qtbot.keyClicks(editor.fields["impact"].edit, IMPACT)
    assert "Every required field is filled in" in editor.checklist.text()
    qtbot.mouseClick(editor.ready_button, Qt.MouseButton.LeftButton)
    stored = page.services.cpd.get(editor.record.id)
    assert stored.is_ready and stored.learning == LEARNT and stored.impact == IMPACT
    assert "Ready to paste" in editor.state.text()

    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert page.stack.currentWidget() is page.list_view
    assert page.tracker.records.text() == "1 of 2 records"
    assert page.records.topLevelItem(0).text(5) == "Ready"


def test_every_copy_button_copies_exactly_the_export_text(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["learning"].edit, LEARNT)
    expected = dict(field_texts(editor.current_record()))
    for spec in FORM_FIELDS:
        if expected.get(spec.full_label):
            editor.copy_field(spec.key)
            assert QApplication.clipboard().text() == expected[spec.full_label], spec.key
    QApplication.clipboard().setText("left alone")
    assert editor.copy_field("impact") == ""  # an empty field copies nothing...
    assert QApplication.clipboard().text() == "left alone"
    assert "nothing to copy" in editor.status.text()  # ...and says so


def test_copy_all_fields_gives_every_field_in_form_order(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["learning"].edit, LEARNT)
    qtbot.mouseClick(editor.copy_all_button, Qt.MouseButton.LeftButton)
    text = QApplication.clipboard().text()
    labels = [label for label, _ in field_texts(editor.current_record())]
    positions = [text.index(f"{label}:\n") for label in labels]
    assert positions == sorted(positions)
    assert f"What I learnt:\n{LEARNT}" in text
    assert "Impact on my practice and on the people I work with:\n(not filled in)" in text


def test_ctrl_shift_c_copies_the_field_with_the_cursor(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    edit = editor.fields["learning"].edit
    qtbot.keyClicks(edit, LEARNT)
    edit.setFocus()
    qtbot.keyClick(
        edit, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert QApplication.clipboard().text() == LEARNT


def test_typing_is_saved_by_itself_without_leaving(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["learning"].edit, LEARNT)
    record_id = editor.record.id
    qtbot.waitUntil(lambda: page.services.cpd.get(record_id).learning == LEARNT)
    assert editor.status.text().startswith("Saved at")


def test_leaving_the_page_saves_at_once(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["impact"].edit, IMPACT)
    assert editor.has_unsaved_changes()
    page.hide()  # the main window switching to another page
    assert page.services.cpd.get(editor.record.id).impact == IMPACT


def test_a_blank_record_is_kept_only_once_something_is_typed(qtbot, page):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    assert editor.value("cpd_type") == "E-learning"
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert page.services.cpd.list(page.profile_id) == []
    assert page.empty.isVisible()

    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.fields["title"].edit, "Team reflection on boundaries")
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert [r.title for r in page.services.cpd.list(page.profile_id)] == [
        "Team reflection on boundaries"
    ]
    assert page.records.topLevelItem(0).text(1) == "Team reflection on boundaries"


def test_user_text_is_never_shown_as_markup(qtbot, page):
    qtbot.mouseClick(page.new_button, Qt.MouseButton.LeftButton)
    editor = page.editor
    qtbot.keyClicks(editor.fields["title"].edit, "<b>Bold</b> <img src='x'>")
    assert editor.title.textFormat() == Qt.TextFormat.PlainText
    assert editor.title.text() == "<b>Bold</b> <img src='x'>"


def test_peer_reflection_counts_once_its_learning_is_written(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    qtbot.keyClicks(editor.fields["peer_role"].edit, "my supervisor")
    editor.fields["peer_discussed_on"].check.setChecked(True)
    qtbot.keyClicks(editor.fields["peer_learning"].edit, "We agreed a script for late messages.")
    record = editor.current_record()
    assert record.has_peer_reflection
    assert record.peer.discussed_on == record.start_date  # the date starts at the activity's
    editor.close_editor()
    # Written, but in a draft: it meets the year once the record is ready.
    assert page.tracker.peer.text() == "In a draft: it counts once that record is marked ready"


def test_standards_list_part_4_first_and_keeps_the_module_ticks(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    picker = editor.fields["standards"].picker
    numbers = picker.numbers()
    assert numbers[:8] == list(STANDARD_4_PARTS)
    assert set(editor.value("standards")) == {"2.5", "4.6"}
    assert picker.boxes["2.5"].isChecked() and picker.boxes["4.6"].isChecked()
    qtbot.mouseClick(picker.boxes["4.1"], Qt.MouseButton.LeftButton)
    assert "4.1" in editor.value("standards")


def test_duration_and_evidence_can_be_changed(qtbot, page):
    editor = draft_from_alpha(qtbot, page)
    duration = editor.fields["duration"]
    duration.hours.setValue(1)
    duration.minutes.setValue(30)
    assert editor.current_record().minutes == 90
    evidence = editor.fields["evidence"]
    before = editor.value("evidence")
    assert len(evidence.remove_buttons) == len(before)  # one Remove per link, all on show
    qtbot.mouseClick(evidence.remove_buttons[0], Qt.MouseButton.LeftButton)
    assert editor.value("evidence") == before[1:]


def unnamed_controls(root: QWidget) -> list[str]:
    """Focusable, visible controls that a screen reader would announce without a name."""
    missing = []
    for widget in root.findChildren(QWidget):
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus or not widget.isVisibleTo(root):
            continue
        if isinstance(widget.parent(), QAbstractSpinBox | QComboBox):
            continue  # the line edit inside a spin box or combo box speaks through its owner
        if isinstance(widget, QScrollBar) or type(widget) is QWidget:
            continue
        interface = QAccessible.queryAccessibleInterface(widget)
        if interface is None or not interface.text(QAccessible.Text.Name).strip():
            missing.append(f"{type(widget).__name__} {widget.objectName()}")
    return missing


def test_every_focusable_control_has_an_accessible_name(qtbot, page):
    assert unnamed_controls(page) == []
    draft_from_alpha(qtbot, page)
    assert unnamed_controls(page.editor) == []


def test_tracked_time_shows_beside_the_duration_and_a_lower_claim_asks_first(
    qtbot, page, monkeypatch
):
    from desktop.ui import dialogs

    editor = draft_from_alpha(qtbot, page, reflections=False)
    duration = editor.fields["duration"]
    assert duration.tracked.isVisibleTo(editor)
    assert duration.tracked.text() == "Prism tracked 10 min of active study on these modules"
    assert editor.value("duration") == 10  # the draft's time is what was tracked
    editor.fields["learning"].set_value(LEARNT)
    editor.fields["impact"].set_value(IMPACT)
    duration.set_value(3)  # less than tracked, and very short
    asked: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_yes_no", lambda _parent, _title, text, **_kw: asked.append(text) or False
    )
    editor.toggle_ready()
    assert "less than the 10 minutes Prism tracked" in asked[0]
    assert "only 3 minutes" in asked[0]
    assert not page.services.cpd.get(editor.record.id).is_ready  # declined: still a draft
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a, **_kw: True)
    editor.toggle_ready()
    assert page.services.cpd.get(editor.record.id).is_ready


def test_a_record_matching_what_was_tracked_is_marked_ready_without_asking(
    qtbot, page, monkeypatch
):
    from desktop.ui import dialogs

    editor = draft_from_alpha(qtbot, page, reflections=False)
    editor.fields["learning"].set_value(LEARNT)
    editor.fields["impact"].set_value(IMPACT)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a, **_kw: pytest.fail("asked"))
    editor.toggle_ready()
    assert page.services.cpd.get(editor.record.id).is_ready
