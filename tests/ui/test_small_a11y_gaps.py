"""The smaller gaps issue 20 found on the accessibility bus, each checked as a keyboard
or screen-reader user meets it: standard 4 chips whose meaning only a mouse could read,
a date field that swallowed three Tab presses, View menu items that did not say they
were radio or check items, a profile-name error not tied to its field, and a profile
row wider than its list at 200% text.
"""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDateEdit, QLineEdit, QVBoxLayout, QWidget

from desktop.cpd.form import FORM_FIELDS
from desktop.ui.cpd.editor import _DateField
from desktop.ui.cpd.year_panel import StandardChip, YearTracker
from desktop.ui.team.session_page import TeamSessionPage
from desktop.ui.theme import appearance
from tests.ui.keyboard import Key, KeyboardUser


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


# (1) Standard 4 chips ------------------------------------------------------------------


def test_tab_reaches_each_standard_chip_and_its_meaning_is_spoken(make_window, qtbot) -> None:
    window = make_window()
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    window.go("cpd")
    _settle(qtbot)
    chips = [c for c in window.findChildren(StandardChip) if c.isVisible()]
    assert len(chips) >= 2
    keys = KeyboardUser(qtbot, window)
    reached = keys.tab_to(lambda w: isinstance(w, StandardChip), limit=80)
    assert reached is chips[0]
    keys.press(Key.Key_Tab)
    assert keys.focus is chips[1]  # each chip is its own stop, in order
    for chip in chips:
        # What the tooltip says (the standard's words) is what a screen reader hears.
        words = chip.toolTip()
        assert chip.number in words and chip.words in words
        described = QAccessible.queryAccessibleInterface(chip).text(QAccessible.Text.Description)
        assert words in described
    # And a sighted keyboard user sees it while the chip has focus, with a focus ring.
    words_shown = window.findChild(YearTracker).chip_words
    assert words_shown.isVisible()
    assert words_shown.text() == chips[1].toolTip()
    plain = chips[0].grab().toImage()
    ringed = chips[1].grab().toImage()
    focus = QColor(QApplication.style().colours.focus)
    assert ringed.pixelColor(1, ringed.height() // 2) == focus
    assert plain.pixelColor(1, plain.height() // 2) != focus
    keys.tab_to(lambda w: not isinstance(w, StandardChip))
    assert not words_shown.isVisible()


# (2) One Tab stop per date field --------------------------------------------------------


def _one_tab_leaves(qtbot, date_edit: QDateEdit, window: QWidget) -> None:
    date_edit.setFocus()
    _settle(qtbot)
    assert QApplication.focusWidget() is date_edit
    QTest.keyClick(window.windowHandle(), Key.Key_Tab)
    assert QApplication.focusWidget() is not date_edit, "Tab stayed in the date field"
    QTest.keyClick(window.windowHandle(), Key.Key_Backtab)
    assert QApplication.focusWidget() is date_edit
    QTest.keyClick(window.windowHandle(), Key.Key_Backtab)
    assert QApplication.focusWidget() is not date_edit, "Shift+Tab stayed in the date field"


@pytest.mark.parametrize("optional", [None, "Has a date"])
@pytest.mark.parametrize("empty", [False, True])
def test_a_cpd_date_field_is_one_tab_stop(qtbot, optional, empty) -> None:
    spec = next(f for f in FORM_FIELDS if f.kind == "date")
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.addWidget(QLineEdit())
    field = _DateField(spec, optional, lambda: date(2026, 3, 4))
    field.set_value(None if empty else date(2026, 3, 4))
    if field.check is not None:
        field.check.setChecked(True)
    layout.addWidget(field)
    layout.addWidget(QLineEdit())
    qtbot.addWidget(holder)
    holder.show()
    qtbot.waitExposed(holder)
    holder.activateWindow()
    _one_tab_leaves(qtbot, field.edit, holder)


def test_the_team_session_date_is_one_tab_stop(qtbot, services) -> None:
    view = TeamSessionPage(services)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    dates = [d for d in view.findChildren(QDateEdit) if d.isVisible()]
    assert dates
    for date_edit in dates:
        _one_tab_leaves(qtbot, date_edit, view)


# (3) View menu: radio items and a check item ---------------------------------------------


def _menu_items(menu) -> dict[str, QAccessible]:
    iface = QAccessible.queryAccessibleInterface(menu)
    items = {}
    for i in range(iface.childCount()):
        child = iface.child(i)
        items[child.text(QAccessible.Text.Name).replace("&", "")] = child
    return items


@pytest.mark.usefixtures("restore_look")
def test_theme_items_are_radio_items_and_extra_spacing_a_check_item(make_window, qtbot) -> None:
    window = make_window()
    view = window.view_menu
    themes = view.theme_group
    assert themes.isExclusive()
    assert all(action.isCheckable() for action in themes.actions())
    assert sum(action.isChecked() for action in themes.actions()) == 1
    theme_menu = themes.actions()[0].associatedObjects()
    menu = next(m for m in theme_menu if m.inherits("QMenu"))
    items = _menu_items(menu)
    assert len(items) == len(themes.actions())
    for action in themes.actions():
        item = items[action.text().replace("&", "")]
        assert item.role() == QAccessible.Role.RadioButton
        assert bool(item.state().checked) == action.isChecked()

    spacing = view.spacing_action
    assert spacing.isCheckable()
    item = _menu_items(view.menu)[spacing.text().replace("&", "")]
    assert item.role() == QAccessible.Role.CheckBox
    assert item.state().checkable
    for on in (True, False):
        spacing.setChecked(on)
        assert bool(item.state().checked) is on


# (4) The profile-name error belongs to the field ------------------------------------------


def test_the_profile_name_error_is_heard_with_the_name_field(make_window, qtbot) -> None:
    window = make_window()
    window.show_profiles()
    picker = window.profiles_page
    window.services.profiles.create("Priya")
    picker.refresh()
    picker.name.setText("priya")
    QTest.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    message = picker.error.text()
    assert message
    described = QAccessible.queryAccessibleInterface(picker.name).text(QAccessible.Text.Description)
    assert message in described
    # Typing a new name clears the error from the field as well as from the page.
    picker.name.setText("Priya Shah")
    QTest.mouseClick(picker.create_button, Qt.MouseButton.LeftButton)
    picker.refresh()
    assert message not in picker.name.accessibleDescription()


# (5) 200% text: profile rows fit their list -----------------------------------------------


@pytest.mark.usefixtures("restore_look")
def test_at_200_percent_a_profile_row_is_no_wider_than_its_list(make_window, qtbot) -> None:
    window = make_window()
    for name in ("Priya", "Sam Patel", "Alexandra Montgomery-Featherstonehaugh"):
        window.services.profiles.create(name)
    window.show_profiles()
    picker = window.profiles_page
    picker.refresh()
    window.resize(1280, 720)
    listing = picker.list
    widths = set()
    # The list's width follows the text size (a column of about 90 characters), so
    # each change of size narrows or widens it under rows already laid out.
    for size in (200, 100, 200, 150, 100):
        appearance().apply(text_size=size)
        _settle(qtbot)
        assert listing.isVisible()
        widths.add(listing.viewport().width())
        for row in range(listing.count()):
            rect = listing.visualItemRect(listing.item(row))
            assert rect.width() <= listing.viewport().width(), (size, rect, listing.viewport())
        assert listing.horizontalScrollBar().maximum() == 0
    assert len(widths) > 1


def test_every_date_field_in_the_app_is_the_one_stop_kind() -> None:
    from pathlib import Path

    import desktop.ui

    root = Path(desktop.ui.__file__).parent
    plain = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "date_edit.py"
        and ("QDateEdit(" in path.read_text() or "QDateTimeEdit(" in path.read_text())
    ]
    assert plain == []
