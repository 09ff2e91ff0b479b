"""At 200% text in a 1280x720 window every page reflows: nothing scrolls sideways and
no list is cut to less than one item (WCAG 1.4.10). Found at 200%: the CPD page
scrolled sideways with Export and the Status column off-screen (its Standard 4 chips
sat in one row), and the home module list shrank to about 70 px, cutting its first item.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractScrollArea, QApplication

from desktop.ui.theme import appearance
from tests.ui.cpd_fakes import complete_module

pytestmark = pytest.mark.usefixtures("restore_look")


@pytest.fixture
def window(make_window, qtbot):
    window = make_window()
    profile = window.services.profiles.create("Priya")
    complete_module(window.services, profile.id, "alpha")
    window.open_profile(profile.id, privacy_note=False)
    appearance().apply(text_size=200)
    window.resize(1280, 720)
    qtbot.wait(50)
    return window


def _settle(qtbot) -> None:
    for _ in range(3):
        QApplication.processEvents()
    qtbot.wait(20)


def _sideways(window) -> list[str]:
    areas = [
        window.stack.currentWidget(),
        *window.stack.currentWidget().findChildren(QAbstractScrollArea),
    ]
    parent = window.stack.currentWidget().parentWidget()
    while parent is not None and parent is not window:
        if isinstance(parent, QAbstractScrollArea):
            areas.append(parent)
        parent = parent.parentWidget()
    return [
        f"{type(area).__name__} {area.accessibleName()!r} scrolls sideways by "
        f"{area.horizontalScrollBar().maximum()} px"
        for area in areas
        if isinstance(area, QAbstractScrollArea)
        and area.isVisible()
        and area.horizontalScrollBar().maximum() > 0
        and not area.inherits("QTextEdit")  # the reader wraps its text itself
    ]


@pytest.mark.parametrize("page", ["home", "cpd", "capabilities", "journal", "module:alpha"])
def test_nothing_scrolls_sideways_at_200_percent(window, qtbot, page) -> None:
    window.go(page)
    _settle(qtbot)
    assert window.width() <= 1280
    assert _sideways(window) == []


def test_the_home_module_list_shows_at_least_one_whole_item(window, qtbot) -> None:
    window.go("home")
    _settle(qtbot)
    home = window.home_page
    viewport = home.scroll.viewport()
    first = home.module_cards[0]
    assert first.height() > 0
    # A whole card fits the page at 200%: scrolled to, nothing of it is cut off.
    assert first.height() <= viewport.height() and first.width() <= viewport.width()
    home.scroll.ensureWidgetVisible(first, 0, 0)
    _settle(qtbot)
    top = first.mapTo(viewport, first.rect().topLeft()).y()
    assert top >= 0 and top + first.height() <= viewport.height()
