"""The CPD record as a new user meets it (issue 21): sections with a summary beside
them, privacy warnings while typing, every standard on show, no scroll boxes inside
the scroll, and Tab in reading order. Real windows over real SQLite files; the shipped
course, so the standards list is the real one (50 standards)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QPlainTextEdit, QWidget

from desktop.ui.a11y import last_announcement
from desktop.ui.cpd.editor import SECTIONS
from desktop.ui.theme import appearance

pytestmark = pytest.mark.usefixtures("restore_look")

SHIPPED = Path(__file__).resolve().parents[2] / "content"


@pytest.fixture
def window(make_window, qtbot):
    window = make_window(SHIPPED)
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    window.resize(1366, 768)
    return window


def open_blank(window, qtbot, **changes):
    """A saved record open in the editor, as after "New record" and some typing."""
    cpd = window.services.cpd
    record = cpd.save(replace(cpd.new_blank(window.profile_id), **changes))
    window.go(f"cpd:record:{record.id}")
    editor = window.cpd_page.editor
    assert window.cpd_page.stack.currentWidget() is editor
    settle(qtbot)
    return editor


def settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def scroll_ancestors(widget: QWidget, stop: QWidget) -> list[QAbstractScrollArea]:
    found = []
    parent = widget.parentWidget()
    while parent is not None and parent is not stop:
        if isinstance(parent, QAbstractScrollArea):
            found.append(parent)
        parent = parent.parentWidget()
    return found


# Privacy while typing -------------------------------------------------------------------


def test_a_name_after_a_title_is_flagged_while_typing_without_exporting(window, qtbot):
    editor = open_blank(window, qtbot, title="Home visits")
    impact = editor.fields["impact"].edit
    note = editor.privacy_notes["impact"]
    assert not note.isVisibleTo(editor)
    impact.setFocus()
    qtbot.keyClicks(impact, "Mrs Jones visited the office")
    qtbot.waitUntil(lambda: note.isVisibleTo(editor), timeout=2000)
    assert "‘Mrs Jones’ may identify someone" in note.title.text()
    assert "Use a role instead" in note.text.text()
    assert note.accessibleName().startswith("Warning:")
    assert "Mrs Jones" in last_announcement(note)  # read out politely, focus stays put
    assert window.focusWidget() is impact
    assert impact.toPlainText() == "Mrs Jones visited the office"  # never changed...
    qtbot.keyClicks(impact, " again")  # ...and typing carries on
    assert impact.toPlainText().endswith("office again")
    assert QApplication.activeModalWidget() is None  # no dialog, no export needed
    assert "‘Mrs Jones’ in ‘Impact on my practice" in editor.summary.privacy.text()

    impact.selectAll()
    qtbot.keyClicks(impact, "The grandmother visited the office")
    qtbot.waitUntil(lambda: not note.isVisibleTo(editor), timeout=2000)
    assert not editor.summary.privacy.isVisibleTo(editor)


@pytest.mark.parametrize(
    ("key", "typed", "flagged"),
    [
        ("description", "Rang the family on 07700 900123 after the visit", "07700 900123"),
        ("learning", "Her date of birth is 14/03/2015, which I wrote down", "14/03/2015"),
        ("impact", "I visited the flat near LS6 2AB", "LS6 2AB"),
        ("peer_learning", "My supervisor jo.bloggs@example.org agreed", "jo.bloggs@example.org"),
        ("title", "Notes for NHS 943 476 5919", "943 476 5919"),
        ("peer_role", "Dr Patel, the GP", "Dr Patel"),
    ],
)
def test_each_kind_of_identifying_detail_is_flagged_next_to_its_field(
    window, qtbot, key, typed, flagged
):
    editor = open_blank(window, qtbot)
    edit = editor.fields[key].edit
    edit.setFocus()
    qtbot.keyClicks(edit, typed)
    note = editor.privacy_notes[key]
    qtbot.waitUntil(lambda: note.isVisibleTo(editor), timeout=2000)
    assert f"‘{flagged}’" in note.title.text()
    # Under its own field: between this field's box and the next field's label.
    block = editor.blocks[key]
    assert block.isAncestorOf(note)
    below = note.mapTo(block, note.rect().topLeft()).y()
    assert below > edit.mapTo(block, edit.rect().topLeft()).y()
    assert str(editor.value(key)) == typed


def test_a_record_opened_with_a_name_in_it_shows_the_warning_at_once(window, qtbot):
    editor = open_blank(window, qtbot, learning="Mr Hughes explained his routine.")
    note = editor.privacy_notes["learning"]
    assert note.isVisibleTo(editor)
    assert "‘Mr Hughes’" in note.title.text()


# Summary ----------------------------------------------------------------------------------


def test_the_summary_lists_what_is_missing_and_follows_the_typing(window, qtbot):
    editor = open_blank(window, qtbot, title="Team reflection")
    summary = editor.summary
    assert summary.isVisibleTo(editor)
    assert "Draft" in summary.tag.text()
    missing = summary.checklist.text()
    for label in ("Description and why it is relevant", "What I learnt", "Impact on my practice"):
        assert label in missing
    assert "Give the duration" in missing
    before = summary.progress.label.text()
    assert before.endswith("of 7 required fields")
    assert "What I learnt: empty" in summary.lengths.text()
    assert "Peer reflection: no" in summary.peer_tag.text()

    learning = editor.fields["learning"].edit
    learning.setFocus()
    qtbot.keyClicks(learning, "Boundaries online")
    assert "What I learnt" not in summary.checklist.text()
    assert "What I learnt: 17 characters, 2 words" in summary.lengths.text()
    assert summary.progress.label.text() != before

    peer = editor.fields["peer_learning"].edit
    peer.setFocus()
    qtbot.keyClicks(peer, "We agreed a script.")
    assert "Peer reflection: yes" in summary.peer_tag.text()


def test_the_summary_sits_beside_the_record_and_on_top_at_200_percent(window, qtbot):
    editor = open_blank(window, qtbot, title="Team reflection")
    form = editor.scroll.widget()
    assert editor.side.isVisible() and not form.isAncestorOf(editor.summary)
    side = editor.side.mapTo(editor, editor.side.rect().topLeft())
    fields = editor.scroll.mapTo(editor, editor.scroll.rect().topLeft())
    assert side.x() > fields.x() + editor.scroll.width() // 2  # to the right

    appearance().apply(text_size=200)
    settle(qtbot)
    assert not editor.side.isVisible()
    assert form.isAncestorOf(editor.summary) and editor.summary.isVisibleTo(editor)
    first_section = editor.sections[SECTIONS[0][0]]
    assert editor.summary.y() < first_section.y()  # read first, above the sections

    appearance().apply(text_size=100)
    settle(qtbot)
    assert editor.side.isVisible() and not form.isAncestorOf(editor.summary)


# Standards and scroll boxes ------------------------------------------------------------------


@pytest.mark.parametrize("size", [100, 200])
def test_every_standard_is_on_show_without_an_inner_scroll_at_1366x768(window, qtbot, size):
    appearance().apply(text_size=size)
    editor = open_blank(window, qtbot, standards=("4.2", "3.10"))
    picker = editor.fields["standards"].picker
    assert len(picker.boxes) == len(window.services.course.standards) == 50
    for number, box in picker.boxes.items():
        assert box.isVisibleTo(editor), number
        top_left = box.mapTo(picker, box.rect().topLeft())
        assert top_left.y() >= 0 and top_left.y() + box.height() <= picker.height(), number
        assert top_left.x() >= 0 and top_left.x() + box.width() <= picker.width(), number
        assert scroll_ancestors(box, editor) == [editor.scroll], number  # the one scroll
    assert picker.boxes["4.2"].isChecked() and picker.boxes["3.10"].isChecked()
    assert editor.scroll.horizontalScrollBar().maximum() == 0  # nothing sideways
    # The page around the editor does not scroll as well: one scroll, not two.
    for area in scroll_ancestors(editor, window):
        assert area.horizontalScrollBar().maximum() == 0
        assert area.verticalScrollBar().maximum() == 0


def test_answers_grow_with_their_text_instead_of_scrolling_inside(window, qtbot):
    editor = open_blank(window, qtbot)
    box = editor.fields["learning"].edit
    assert isinstance(box, QPlainTextEdit)
    empty_height = box.height()
    box.setFocus()
    for line in range(9):
        qtbot.keyClicks(box, f"Line {line} of what I learnt")
        qtbot.keyClick(box, Qt.Key.Key_Return)
    settle(qtbot)
    assert box.height() > empty_height
    assert box.verticalScrollBar().maximum() == 0  # every line on show
    # Every written answer in the record is shown whole (no box scrolls inside the page).
    for key in ("description", "learning", "impact", "peer_learning"):
        assert editor.fields[key].edit.verticalScrollBar().maximum() == 0, key


def test_the_standards_are_one_tab_stop_operated_with_arrows_and_space(window, qtbot):
    editor = open_blank(window, qtbot)
    picker = editor.fields["standards"].picker
    first = picker.boxes["4.1"]
    first.setFocus()
    assert "Use feedback" in first.accessibleName() and first.accessibleName().startswith("4.1")
    qtbot.keyClick(first, Qt.Key.Key_Down)
    assert window.focusWidget() is picker.boxes["4.2"]
    assert picker.detail.text().startswith("4.2: Use supervision")
    assert picker.detail.isVisibleTo(editor)  # a sighted keyboard user sees the words too
    qtbot.keyClick(picker.boxes["4.2"], Qt.Key.Key_Space)
    assert "4.2" in editor.value("standards")
    qtbot.keyClick(picker.boxes["4.2"], Qt.Key.Key_Tab)
    assert not picker.isAncestorOf(window.focusWidget())  # Tab leaves the list at once
    qtbot.waitUntil(lambda: not picker.detail.isVisibleTo(editor))


def test_tab_goes_through_the_record_in_reading_order(window, qtbot):
    editor = open_blank(window, qtbot, title="Team reflection")
    editor.fields["cpd_type"].edit.setFocus()
    owners: list[str] = []
    positions: list[int] = []
    form = editor.scroll.widget()
    for _ in range(80):
        focus = window.focusWidget()
        if not form.isAncestorOf(focus):
            break
        key = next(k for k, block in editor.blocks.items() if block.isAncestorOf(focus))
        if not owners or owners[-1] != key:
            owners.append(key)
        block = editor.blocks[key]
        positions.append(block.mapTo(form, block.rect().topLeft()).y())
        qtbot.keyClick(focus, Qt.Key.Key_Tab)
        QApplication.processEvents()
    reading = [key for _title, _text, keys in SECTIONS for key in keys]
    assert [k for k in owners if k != "evidence"] == [k for k in reading if k != "evidence"]
    assert positions == sorted(positions)  # never jumps back up the page
    # After the record, the actions.
    assert window.focusWidget() in (editor.back_button, editor.copy_all_button)
