"""The capability self-assessment as a learner uses it: rate by keyboard, save dated
assessments, see the change, and never lose changes by accident."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget

from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.capabilities.page import CapabilitiesPage
from tests.ui.a11y_sweep import accessible_name
from tests.ui.pages import shown

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "digital-capabilities"


@pytest.fixture
def course_root(course_root: Path) -> Path:
    """The test course, with the shipped capability list in its first module."""
    shutil.copy(SHIPPED / "capabilities.yaml", course_root / "content" / "alpha")
    return course_root


@pytest.fixture
def profile_id(services: Services) -> str:
    return services.profiles.create("Priya").id


@pytest.fixture
def page(qtbot, services: Services) -> CapabilitiesPage:
    return shown(qtbot, CapabilitiesPage(services))


def highlight_pixels(page: CapabilitiesPage) -> int:
    """How many pixels of the chart are drawn in the palette's highlight colour."""
    image = page.chart.grab().toImage()
    colour = page.chart.palette().color(QPalette.ColorRole.Highlight).rgb()
    return sum(
        1
        for y in range(0, image.height(), 2)
        for x in range(0, image.width(), 2)
        if image.pixel(x, y) == colour
    )


def test_before_any_rating_the_page_says_what_to_do(
    page: CapabilitiesPage, profile_id: str
) -> None:
    page.show_for(profile_id)
    assert len(page.rows) == 14
    assert all(row.rating is None for row in page.rows)
    assert page.rows[0].meaning.text() == "Not rated yet"
    assert page.chart.history is not None and page.chart.history.empty
    assert "No ratings saved yet" in page.chart.accessibleDescription()
    # The empty state stands in for the empty chart, with its one action: start rating.
    assert page.view_stack.currentWidget() is page.empty
    assert page.empty.title.text() == "No ratings saved yet"
    page.empty.button.click()
    assert page.focusWidget() is page.rows[0].group.buttons()[0]
    assert highlight_pixels(page) == 0
    assert page.status.text().startswith("Not rated yet")


def test_rate_with_number_keys_add_a_note_and_save(
    qtbot, page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id)
    first = page.rows[0]
    assert first.group.button(1).hasFocus()  # the page starts at the first rating
    qtbot.keyClick(first.group.button(1), Qt.Key.Key_4)
    assert first.rating == 4
    assert first.meaning.text() == "Confident, including in complex situations"
    qtbot.keyClicks(first.note, "After the boundaries module")
    second = page.rows[1]
    qtbot.keyClick(second.group.button(1), Qt.Key.Key_2)
    assert page.revert_button.isEnabled()
    assert "not saved" in page.status.text()

    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    [session] = services.capabilities.sessions(profile_id)
    assert session.ratings == {
        "relationships-boundaries": (4, "After the boundaries module"),
        "online-risk": (2, ""),
    }
    assert page.status.text().startswith("Ratings saved on ")
    assert "12 capabilities not rated this time" in page.status.text()
    assert not page.has_unsaved_changes()
    assert highlight_pixels(page) > 0  # the latest ratings are drawn
    assert "Relationships and boundaries: 4." in page.chart.accessibleDescription()


def test_ratings_come_back_prefilled_and_a_second_save_shows_the_change(
    qtbot, page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    services.capabilities.rate(profile_id, {"online-risk": (2, "unsure")})
    page.show_for(profile_id)
    risk = page.rows[1]
    assert risk.rating == 2 and risk.note.text() == "unsure"

    qtbot.keyClick(risk.group.button(2), Qt.Key.Key_3)
    assert risk.meaning.text().endswith("(was 2)")
    page.save()
    history = services.capabilities.history(profile_id)
    assert len(history.sessions) == 2
    assert page.table.columnCount() == 4  # capability, two dates, change
    assert page.table.horizontalHeaderItem(3).text() == "Change"
    assert page.table.item(1, 3).text() == "+1"
    assert "2 first, 3 latest, up 1" in page.chart.accessibleDescription()


def test_arrow_keys_move_between_ratings(qtbot, page: CapabilitiesPage, profile_id: str) -> None:
    page.show_for(profile_id)
    row = page.rows[0]
    qtbot.keyClick(row.group.button(1), Qt.Key.Key_3)
    qtbot.keyClick(row.group.button(3), Qt.Key.Key_Right)
    assert row.rating == 4


def test_saving_with_nothing_rated_explains_and_stores_nothing(
    page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id)
    page.save()
    assert "at least one capability" in page.status.text()
    assert services.capabilities.sessions(profile_id) == []


def test_leaving_with_unsaved_changes_asks_first(
    qtbot, page: CapabilitiesPage, profile_id: str, monkeypatch
) -> None:
    page.show_for(profile_id)
    assert page.confirm_leave() is True  # nothing changed: no question
    qtbot.keyClick(page.rows[0].group.button(1), Qt.Key.Key_5)
    answers = iter([False, True])
    asked: list[str] = []

    def answer(_parent, title, _text, **kwargs) -> bool:
        asked.append(f"{title}|{kwargs['yes']}|{kwargs['no']}")
        return next(answers)

    monkeypatch.setattr(dialogs, "ask_yes_no", answer)
    assert page.confirm_leave() is False  # Stay
    assert page.rows[0].rating == 5
    assert page.confirm_leave() is True  # Leave without saving
    assert page.rows[0].rating is None
    assert asked[0] == "Leave without saving your ratings?|Leave without saving|Stay"


def test_undo_changes_restores_the_last_saved_ratings(
    qtbot, page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    services.capabilities.rate(profile_id, {"online-risk": (2, "unsure")})
    page.show_for(profile_id)
    qtbot.keyClick(page.rows[1].group.button(2), Qt.Key.Key_5)
    page.rows[1].note.setText("changed my mind")
    qtbot.mouseClick(page.revert_button, Qt.MouseButton.LeftButton)
    assert page.rows[1].rating == 2 and page.rows[1].note.text() == "unsure"
    assert not page.has_unsaved_changes()


def test_the_chart_can_be_read_as_a_table(
    qtbot, page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    services.capabilities.rate(profile_id, {"online-risk": (2, "")})
    page.show_for(profile_id)
    qtbot.keyClick(page.table_button, Qt.Key.Key_Space)
    assert page.view_stack.currentWidget() is page.table
    assert page.table.rowCount() == 14
    assert page.table.item(1, 0).text() == "Online risk"
    assert page.table.item(1, 1).text() == "2"
    assert page.table.item(0, 1).text() == "–"  # not rated
    qtbot.keyClick(page.table_button, Qt.Key.Key_Space)
    assert page.view_stack.currentWidget() is page.chart


def test_clear_leaves_no_ratings_or_notes_on_screen(
    page: CapabilitiesPage, services: Services, profile_id: str
) -> None:
    services.capabilities.rate(profile_id, {"online-risk": (2, "a private note")})
    page.show_for(profile_id)
    page.clear()
    assert all(row.rating is None and row.note.text() == "" for row in page.rows)
    assert page.chart.history is None and page.table.rowCount() == 0
    assert "private" not in page.chart.accessibleDescription()


def test_every_control_has_an_accessible_name(page: CapabilitiesPage, profile_id: str) -> None:
    page.show_for(profile_id)
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(page)
    ]
    assert len(focusable) > 14 * 6
    # What a screen reader hears: an explicit name, or a button's own text.
    assert [type(w).__name__ for w in focusable if not accessible_name(w)] == []
