"""The search dialog, driven by keyboard as a learner would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible

from desktop.course.loader import load_course
from desktop.services.search import SearchHit, SearchService
from desktop.ui.a11y import last_announcement
from desktop.ui.learning.search_dialog import SearchDialog, marked_html

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def search() -> SearchService:
    service = SearchService(load_course(ROOT / "content", ROOT / "assets").course)
    service.prepare()
    return service


@pytest.fixture
def dialog(qtbot, search: SearchService) -> SearchDialog:
    dialog = SearchDialog(search, debounce_ms=10)
    qtbot.addWidget(dialog)
    dialog.present()
    qtbot.waitExposed(dialog)
    return dialog


def type_query(qtbot, dialog: SearchDialog, text: str) -> None:
    qtbot.keyClicks(dialog.field, text)
    qtbot.waitUntil(lambda: not dialog._timer.isActive())


def test_opens_ready_to_type_and_says_what_to_do(dialog: SearchDialog) -> None:
    assert dialog.field.hasFocus()
    assert "search every module and the glossary" in dialog.message
    assert dialog.results.count() == 0


def test_results_appear_as_you_type_with_the_section_and_module(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "dual relationsh")
    assert dialog.results.count() > 1
    first = dialog.results.item(0).text()
    assert first.startswith("Dual relationships, Professional boundaries online:")
    assert dialog.message.endswith("press Enter to open it.")
    assert dialog.results.currentRow() == 0


def test_down_and_enter_open_the_chosen_result_and_close(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "dual relationship")
    targets = [hit.target for hit in dialog.hits]
    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.field, Qt.Key.Key_Up)
    assert dialog.results.currentRow() == 1
    with qtbot.waitSignal(dialog.navigate) as signal:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    assert signal.args == [targets[1]]
    assert not dialog.isVisible()


def test_enter_before_the_pause_still_searches_and_opens_the_best(qtbot, search) -> None:
    dialog = SearchDialog(search, debounce_ms=60_000)
    qtbot.addWidget(dialog)
    dialog.present()
    qtbot.keyClicks(dialog.field, "closed groups")
    assert dialog.results.count() == 0  # still waiting for the typing pause
    with qtbot.waitSignal(dialog.navigate) as signal:
        qtbot.keyClick(dialog.field, Qt.Key.Key_Enter)
    assert signal.args == [search.search("closed groups")[0].target]


def test_double_click_opens_a_glossary_term(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "toxic disinhibition")
    row = next(i for i, hit in enumerate(dialog.hits) if hit.kind == "glossary")
    item = dialog.results.item(row)
    dialog.results.scrollToItem(item)
    rect = dialog.results.visualItemRect(item)
    viewport = dialog.results.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert dialog.isVisible()  # one click only chooses
    with qtbot.waitSignal(dialog.navigate) as signal:
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert signal.args == ["glossary:toxic-disinhibition"]


def test_no_matches_says_what_to_try(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "zzyzx")
    assert dialog.message == "No matches for ‘zzyzx’. Try a shorter word."
    assert dialog.results.count() == 0
    with qtbot.assertNotEmitted(dialog.navigate):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Return)
    dialog.field.clear()
    dialog.run_search()
    assert "search every module" in dialog.message


def test_escape_closes_without_going_anywhere(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "boundaries")
    with qtbot.assertNotEmitted(dialog.navigate):
        qtbot.keyClick(dialog.field, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_the_count_is_announced(qtbot, dialog) -> None:
    type_query(qtbot, dialog, "village")
    said = last_announcement(dialog)
    assert said in {"1 result.", f"{len(dialog.hits)} results."}
    assert dialog.accessibleDescription() != said  # announced, not left on the dialog


def test_every_focusable_control_has_an_accessible_name(dialog) -> None:
    for widget in (dialog.field, dialog.results):
        interface = QAccessible.queryAccessibleInterface(widget)
        assert interface.text(QAccessible.Text.Name)


def test_course_text_is_escaped_before_matches_are_marked() -> None:
    hit = SearchHit("section", "module:m#a", "M", "S", "<i>x</i> & boundary", ((11, 19),))
    assert marked_html(hit.snippet, hit.spans) == "&lt;i&gt;x&lt;/i&gt; &amp; <b>boundary</b>"
    assert marked_html("abc", ((2, 9), (0, 1), (0, 1))) == "<b>a</b>bc"


def test_the_search_index_waits_for_a_pause_not_a_page_opening(make_window, qtbot) -> None:
    # Building the index takes a moment on the window's thread: it must not land inside
    # opening a page while the learner moves about, only after they pause.
    from desktop.ui.shell import main_window

    window = make_window()
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    module_id = window.services.course.modules[0].id
    step = main_window.SEARCH_INDEX_DELAY_MS // 3
    for target in [f"module:{module_id}", "home"] * 3:  # twice the delay, moving about
        window.go(target)
        qtbot.wait(step)
        assert not window.services.search.ready
    qtbot.waitUntil(
        lambda: window.services.search.ready, timeout=3 * main_window.SEARCH_INDEX_DELAY_MS
    )
