"""A thousand profiles on one laptop: the list opens, finds by typing, moves by keys, and
each row says who it is (and whether it is protected) to a screen reader (issue 17).

The list is a model and a view (``desktop/ui/profiles/profile_list.py``): rows are made
and drawn only when they come into sight, so a big list opens as quickly as a small one.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication

from desktop.store.profiles import ProfileRepo, profile_name_key
from desktop.ui.profiles import picker

MANY = 1_000
PASSPHRASE = "correct horse battery staple"


def _name(n: int) -> str:
    return f"Colleague {n:04d}"


@pytest.fixture
def crowded_window(make_window):
    """A laptop with 1,000 profiles, the lowest numbers used most recently; one of them
    has a last-used time that is no real date (a damaged row), one is protected."""
    window = make_window()
    db = window.services.db
    now = datetime.now(UTC)
    rows = []
    for n in range(MANY):
        used = (now - timedelta(minutes=n + 1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
        if n == 5:
            used = "2026-02-31T09:00:00.000Z"  # matches the shape, names no day
        rows.append((str(uuid.uuid4()), _name(n), profile_name_key(_name(n)), used, used, used))
    with db.conn:
        db.conn.executemany(
            "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc, "
            "updated_utc) VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    protected = ProfileRepo(db).find_by_name(_name(2))
    window.services.passphrases.protect(protected.id, PASSPHRASE)
    window.show_profiles()
    QApplication.processEvents()
    return window


def _row_of(page, name: str) -> int:
    return next(row for row in range(page.list.count()) if page.list.item(row).text() == name)


def _spoken(page, row: int) -> str:
    """What a screen reader is told for that row of the list."""
    interface = QAccessible.queryAccessibleInterface(page.list)
    assert interface is not None
    cell = interface.child(row)
    assert cell is not None
    return cell.text(QAccessible.Text.Name)


def test_a_thousand_profiles_open_with_the_last_used_selected(crowded_window):
    page = crowded_window.profiles_page
    assert crowded_window.stack.currentWidget() is page
    assert page.list.count() == MANY
    assert page.list.currentItem().text() == _name(0)
    assert page.list.hasFocus()
    assert page.open_button.isEnabled()
    # Rows are made when they come into sight: far fewer than a thousand were formatted.
    drawn = {row for row, _role in page.list.profiles()._made}
    assert 0 in drawn and len(drawn) < 100


def test_typing_finds_a_profile_among_a_thousand_and_enter_opens_it(crowded_window, qtbot):
    page = crowded_window.profiles_page
    qtbot.keyClicks(page.list, "0777")  # typed into the list: goes to the search box
    assert page.filter.text() == "0777"
    shown = [page.list.item(r).text() for r in range(MANY) if not page.list.item(r).isHidden()]
    assert shown == [_name(777)]
    assert page.list.currentItem().text() == _name(777)
    wanted = ProfileRepo(crowded_window.services.db).find_by_name(_name(777)).id
    with qtbot.waitSignal(page.chosen) as opened:
        qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    assert opened.args == [wanted]


def test_keys_move_through_a_thousand_profiles(crowded_window, qtbot):
    page = crowded_window.profiles_page
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Down)
    assert page.list.currentItem().text() == _name(1)
    qtbot.keyClick(page.list, Qt.Key.Key_End)
    last = page.list.currentItem()
    assert last.row == MANY - 1
    assert last.text() in page.privacy_note.text()  # the actions follow the row
    qtbot.keyClick(page.list, Qt.Key.Key_Home)
    assert page.list.currentItem().text() == _name(0)
    qtbot.keyClick(page.list, Qt.Key.Key_PageDown)
    assert page.list.currentIndex().row() > 1  # a screenful down, not one row
    # Arrows typed in the search box move through what it found.
    qtbot.keyClicks(page.filter, "Colleague 001")
    found = [page.list.item(r).text() for r in range(MANY) if not page.list.item(r).isHidden()]
    assert found[:3] == [_name(1), _name(10), _name(11)]  # "0001" holds "001" too
    assert page.list.currentItem().text() == _name(1)
    qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    assert page.list.currentItem().text() == _name(10)


def test_each_row_tells_a_screen_reader_the_name_and_whether_it_is_protected(crowded_window):
    page = crowded_window.profiles_page
    protected = _spoken(page, _row_of(page, _name(2)))
    plain = _spoken(page, _row_of(page, _name(3)))
    assert protected.startswith(f"{_name(2)}, protected with a passphrase")
    assert plain.startswith(f"{_name(3)}, last used")
    assert "protected" not in plain
    # A row far below the screen is read out just the same.
    assert _spoken(page, _row_of(page, _name(998))).startswith(f"{_name(998)}, last used")
    assert page.list.item(_row_of(page, _name(2))).data(picker.PROTECTED_ROLE) is True


def test_a_profile_with_a_damaged_date_is_listed_and_marked_not_hidden(crowded_window):
    page = crowded_window.profiles_page
    row = _row_of(page, _name(5))
    assert not page.list.item(row).isHidden()
    assert "date unreadable" in str(page.list.item(row).data(picker.LAST_USED_ROLE))
    assert "date unreadable" in _spoken(page, row)
    assert page.list.count() == MANY  # one bad row never stops the rest
