"""On a 1366x768 laptop screen every control is on the screen (Xvfb is 1366x768), at
200% text here; at 100% with the name check (test_names_on_bus.py), one walk a screen."""

from __future__ import annotations

import pytest

from tests.atspi.bus import SCREEN
from tests.atspi.conftest import showing, walk


def _scrolls_up_and_down(node: dict) -> bool:
    """A scroll area (a filler to AT-SPI) shows a vertical scroll bar among its parts."""
    for child in node["children"]:
        for part in [child, *child["children"]]:
            extents = part.get("extents") or [0, 0, 0, 0]
            if part["role"] == "scroll bar" and showing(part) and extents[3] > extents[2]:
                return True
    return False


def _with_scrolling(node: dict, scrolled: bool = False):
    """(node, inside a vertically scrolling page) for every node under ``node``."""
    yield node, scrolled
    inside = scrolled or node["role"] == "scroll pane" or _scrolls_up_and_down(node)
    for child in node["children"]:
        yield from _with_scrolling(child, inside)


def off_screen(tree: dict) -> list[str]:
    """Focusable controls not on the screen. Below the fold of a page that scrolls
    up and down is allowed (scrolling reaches them); sideways never is."""
    width, height = SCREEN
    found = []
    for node, scrolled in _with_scrolling(tree):
        if "focusable" not in node["states"] or not showing(node) or not node.get("extents"):
            continue
        if node["role"] in {"table cell", "list item", "tree item", "menu item"}:
            continue  # rows of a scrolled list: their list is what must be on screen
        x, y, w, h = node["extents"]
        if x < 0 or x + w > width or (not scrolled and (y < 0 or y + h > height)):
            found.append(f"{node['role']} {node['name'][:40]!r} at {node['extents']}")
    return found


@pytest.mark.parametrize("page", ("home", "module:identity-prism", "quiz:identity-prism", "cpd"))
def test_every_control_is_on_screen_at_200_percent_text(prism_on_bus, page: str) -> None:
    prism_on_bus.command("text-size 200")
    try:
        prism_on_bus.command(f"go {page}")
        tree = prism_on_bus.tree()
        assert off_screen(tree) == []
        lists = [n for n in walk(tree) if n["role"] == "list" and showing(n)]
        for listed in lists:  # a list cut to a sliver hides its first item
            items = [c for c in listed["children"] if c["role"] == "list item"]
            if items and listed.get("extents"):
                assert listed["extents"][3] >= items[0]["extents"][3], listed["name"]
    finally:
        prism_on_bus.command("text-size 100")
