"""On a 1366x768 laptop screen every control is on the screen (Xvfb is 1366x768)."""

from __future__ import annotations

import pytest

from tests.atspi.bus import SCREEN
from tests.atspi.conftest import showing, walk

PAGES = (
    "home",
    "module:identity-prism",
    "quiz:identity-prism",
    "scenario:identity-prism",
    "journal",
    "cpd",
)


def _off_screen(tree: dict) -> list[str]:
    width, height = SCREEN
    found = []
    for node in walk(tree):
        if "focusable" not in node["states"] or not showing(node) or not node.get("extents"):
            continue
        if node["role"] in {"table cell", "list item", "tree item", "menu item"}:
            continue  # rows of a scrolled list: their list is what must be on screen
        x, y, w, h = node["extents"]
        if x < 0 or y < 0 or x + w > width or y + h > height:
            found.append(f"{node['role']} {node['name'][:40]!r} at {node['extents']}")
    return found


@pytest.mark.parametrize("page", PAGES)
def test_every_control_is_on_a_1366_by_768_screen(prism_on_bus, page: str) -> None:
    prism_on_bus.command(f"go {page}")
    assert _off_screen(prism_on_bus.tree()) == []
