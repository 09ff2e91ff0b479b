"""The CPD page: the registration-year tracker, the record list, delete and undo, the tile."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from desktop.cpd.records import CpdRecord, PeerReflection
from desktop.ui import dialogs
from desktop.ui.cpd.page import EMPTY_TEXT, EMPTY_TITLE, CpdPage
from desktop.ui.cpd.year_tile import CpdYearTile
from desktop.ui.design.tokens import Status, Tone
from tests.ui.cpd_fakes import (
    FakeCpdService,
    completed,
    make_services,
    with_fake_cpd,
)
from tests.ui.pages import cpd_page_with_a_record

PROFILE = "profile-1"


def record(**changes: object) -> CpdRecord:
    base = CpdRecord(
        id="r1",
        profile_id=PROFILE,
        cpd_type="E-learning",
        title="Communicating online",
        start_date=date(2026, 3, 14),
        description="I completed a module.",
        learning="Reply times.",
        impact="Clearer boundaries with families.",
        minutes=90,
        standards=("4.1",),
        status="ready",
    )
    return replace(base, **changes)  # type: ignore[arg-type]


@pytest.fixture
def fake(tmp_path):
    services = make_services(tmp_path)
    service = FakeCpdService(profile_names={PROFILE: "Priya"}, modules=[completed()])
    yield with_fake_cpd(services, service)
    services.close()


@pytest.fixture
def fake_page(qtbot, fake):
    page = CpdPage(fake)
    qtbot.addWidget(page)
    page.resize(1280, 800)
    page.show()
    return page


def show(page: CpdPage, *records: CpdRecord) -> CpdPage:
    for item in records:
        page.cpd.save(item)
    page.show_for(PROFILE, "Priya")
    return page


def test_an_empty_year_says_how_long_is_left_and_what_to_do(fake_page):
    page = show(fake_page)
    tracker = page.tracker
    assert tracker.year_range.text() == "1 December 2025 to 30 November 2026"
    assert tracker.days.text() == "9 days left"
    assert tracker.records.text() == "0 of 2 records"
    assert tracker.peer.text().startswith("Not yet")
    assert not any(chip.covered for chip in tracker.chips.values())
    assert "Add 2 more pieces of CPD" in tracker.advice.text()
    # Not met, as a warning whose title says so and whose text is what to do next.
    assert tracker.status.tone is Tone.WARNING
    assert tracker.status.accessibleName() == "Warning: Not met yet: what to do next"
    assert tracker.ready_tag.text() == "○ 0 ready" and not tracker.draft_tag.isVisibleTo(page)
    assert page.empty.isVisible()
    assert page.empty.title.text() == EMPTY_TITLE and page.empty.text.text() == EMPTY_TEXT
    assert not page.records.isVisible()
    assert not page.open_button.isEnabled() and not page.delete_button.isEnabled()
    assert page.draft_button.hasFocus()


def test_the_tracker_shows_peer_reflection_standards_and_duplicates(fake_page):
    peer = PeerReflection("my supervisor", date(2026, 3, 20), "We talked it through.")
    page = show(
        fake_page,
        record(id="a", peer=peer, standards=("4.1", "4.6", "2.5")),
        record(id="b"),
        record(id="c", title="Old reading", start_date=date(2025, 2, 1)),
    )
    tracker = page.tracker
    assert tracker.records.text() == "1 of 2 records"  # two identical records count once
    assert tracker.peer.text() == "Yes ✓"
    covered = {n for n, chip in tracker.chips.items() if chip.covered}
    assert covered == {"4.1", "4.6"}
    assert tracker.chips["4.1"].text() == "✓ 4.1"  # a tick, not only a colour
    assert tracker.chips["4.2"].text() == "○ 4.2"
    assert tracker.chips["4.2"].accessibleName() == "Standard 4.2: not covered yet"
    assert tracker.chips["4.1"].status is Status.COMPLETE  # drawn as a covered tag
    assert tracker.chips["4.2"].status is Status.NOT_STARTED
    assert "2 of 8 parts covered" in tracker.standards_text.text()
    advice = tracker.advice.text()
    assert "appears 2 times" in advice and "delete the copy" in advice
    assert "dated outside 2025-26" in advice and "‘Old reading’" in advice
    assert page.records.topLevelItemCount() == 2  # the 2024-25 record is not in this year


def test_a_met_year_says_so_in_a_success_callout_with_ready_and_draft_tags(fake_page):
    peer = PeerReflection("a health visitor", None, "Shared learning.")
    page = show(
        fake_page,
        record(id="a", peer=peer),
        record(id="b", title="Supervision notes"),
        record(id="c", title="Team talk", status="draft"),
    )
    tracker = page.tracker
    assert tracker.status.tone is Tone.SUCCESS
    assert tracker.status.accessibleName() == "Done: This year's minimum is met"
    assert tracker.ready_tag.text() == "✓ 2 ready" and tracker.ready_tag.status is Status.READY
    assert tracker.draft_tag.isVisibleTo(page) and tracker.draft_tag.text() == "✎ 1 draft"
    assert tracker.draft_tag.accessibleName() == "Status: 1 draft"
    # What still wants a look is listed under the met callout, not hidden by it.
    assert "still in draft" in tracker.advice.text()


def test_the_list_shows_each_record_in_plain_columns(fake_page):
    page = show(fake_page, record(status="draft", end_date=date(2026, 3, 15)))
    row = page.records.topLevelItem(0)
    assert [row.text(i) for i in range(6)] == [
        "14 March 2026 to 15 March 2026",
        "Communicating online",
        "E-learning",
        "1 h 30 min",
        "No",
        "Draft",
    ]


def test_records_can_be_opened_even_when_shown_before_the_page_is(qtbot, fake):
    hidden = CpdPage(fake)
    qtbot.addWidget(hidden)
    show(hidden, record())  # the main window calls show_for before switching to the page
    assert hidden.open_button.isEnabled() and hidden.delete_button.isEnabled()
    assert hidden.current_record().id == "r1"


def test_a_past_year_can_be_chosen(fake_page):
    page = show(
        fake_page, record(), record(id="old", title="Old reading", start_date=date(2025, 2, 1))
    )
    labels = [page.year_choice.itemText(i) for i in range(page.year_choice.count())]
    assert labels == ["2025-26 (this year)", "2024-25"]
    page.year_choice.setCurrentIndex(1)
    page.year_choice.activated.emit(1)
    assert page.tracker.days.text() == "Ended 30 November 2025"
    assert [
        page.records.topLevelItem(i).text(1) for i in range(page.records.topLevelItemCount())
    ] == ["Old reading"]


def test_a_record_without_a_date_is_never_hidden(fake_page):
    page = show(fake_page, record(start_date=None, title="Undated draft", status="draft"))
    assert page.records.topLevelItem(0).text(0) == "No date"


def test_enter_opens_the_chosen_record(qtbot, fake_page):
    page = show(fake_page, record())
    page.records.setFocus()
    qtbot.keyClick(page.records, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.editor
    assert page.editor.value("title") == "Communicating online"


def test_back_to_home_asks_the_window_to_go_home(qtbot, fake_page):
    page = show(fake_page)
    with qtbot.waitSignal(page.navigate) as signal:
        qtbot.mouseClick(page.home_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["home"]


def test_new_from_a_module_preselects_it(fake_page):
    page = show(fake_page)
    page.open_target("new-from:alpha")
    assert page.draft_dialog.chosen_module_ids() == ["alpha"]
    assert page.draft_dialog.create_button.isEnabled()


def test_new_from_an_unfinished_module_explains_why(fake_page, monkeypatch):
    said = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, text: said.append(text))
    page = show(fake_page)
    page.open_target("new-from:beta")
    assert "This module is not completed yet:\n‘Module Beta’" in said[0]
    assert page.draft_dialog.chosen_module_ids() == []


def test_the_empty_draft_dialog_offers_the_way_to_the_course(qtbot, fake, fake_page):
    fake.cpd._default_modules = []
    page = show(fake_page)
    page.create_from_learning()
    home = next(b for b in page.draft_dialog.buttons.buttons() if "home" in b.text())
    with qtbot.waitSignal(page.navigate) as signal:
        qtbot.mouseClick(home, Qt.MouseButton.LeftButton)
    assert signal.args == ["home"]


def test_clear_forgets_the_profile(fake_page):
    page = show(fake_page, record())
    page.clear()
    assert page.profile_id is None
    assert page.records.topLevelItemCount() == 0


def test_the_home_tile_sums_up_the_year(qtbot, fake):
    fake.cpd.save(record(status="draft"))
    tile = CpdYearTile(fake)
    qtbot.addWidget(tile)
    tile.refresh(PROFILE)
    # A draft is recorded but does not count towards the year.
    assert tile.text.text() == (
        "CPD 2025-26: 1 recorded, 1 still a draft · no peer reflection yet · 9 days left"
    )
    with qtbot.waitSignal(tile.navigate) as signal:
        qtbot.mouseClick(tile.open_button, Qt.MouseButton.LeftButton)
    assert signal.args == ["cpd"]


def test_an_unfinished_team_session_draft_does_not_tick_the_year(qtbot, fake):
    fake.cpd.save(record(id="a"))
    peer = PeerReflection("colleagues in my team", date(2026, 3, 1), "Shared learning.")
    fake.cpd.save(record(id="b", title="Team session", peer=peer, impact="", status="draft"))
    tile = CpdYearTile(fake)
    qtbot.addWidget(tile)
    tile.refresh(PROFILE)
    assert tile.text.text() == (
        "CPD 2025-26: 2 recorded, 1 still a draft · peer reflection in a draft · 9 days left"
    )
    assert "✓" not in tile.text.text()


def test_the_tile_on_the_last_day_and_when_met(qtbot, fake):
    peer = PeerReflection("a health visitor", None, "Shared learning.")
    fake.cpd.save(record(id="a", peer=peer))
    fake.cpd.save(record(id="b", title="Supervision notes"))
    fake.cpd.today = date(2026, 11, 30)
    tile = CpdYearTile(fake)
    qtbot.addWidget(tile)
    tile.refresh(PROFILE)
    assert tile.text.text() == (
        "CPD 2025-26: 2 of 2 records ✓ · peer reflection done ✓ · Last day today"
    )


# Delete and undo, through the real service -----------------------------------------------


@pytest.fixture
def real_page(qtbot, tmp_path):
    with cpd_page_with_a_record(
        qtbot, tmp_path, learning="Reply times.", impact="Clearer boundaries."
    ) as page:
        yield page


def test_delete_asks_first_and_can_be_undone(qtbot, real_page, monkeypatch):
    page = real_page
    asked = []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: asked.append(a[2]) or False)
    page.records.setFocus()
    qtbot.keyClick(page.records, Qt.Key.Key_Delete)
    assert asked and "Prism course: Module Alpha" in asked[0]
    assert len(page.cpd.list(page.profile_id)) == 1  # "Keep it" keeps it

    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: True)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert page.cpd.list(page.profile_id) == []
    assert page.undo_bar.isVisible()
    assert page.undo_text.text() == "Deleted ‘Prism course: Module Alpha’."
    assert page.empty.isVisible()
    assert page.tracker.records.text() == "0 of 2 records"

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    restored = page.cpd.list(page.profile_id)
    assert [r.learning for r in restored] == ["Reply times."]
    assert not page.undo_bar.isVisible()
    assert page.records.topLevelItem(0).text(1) == "Prism course: Module Alpha"
    assert page.tracker.records.text() == "1 recorded, 1 still a draft"


def test_an_unreadable_record_is_named_and_the_others_still_show(qtbot, real_page):
    """Issue 16, finding 4: one damaged record never hides the CPD page."""
    page = real_page
    page.services.context.db.execute(
        "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, created_utc, "
        "updated_utc) VALUES ('junk', ?, 'draft', NULL, '{not json', "
        "'2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z')",
        [page.profile_id],
    )
    page.refresh()
    assert page.records.topLevelItemCount() == 1
    assert page.unreadable_note.isVisible()
    assert page.unreadable_note.text().startswith("1 CPD record could not be read")
