"""Every control a keyboard can reach has a name a screen reader speaks, and lies on
the 1366x768 screen (the window fits the screen it opens on), on the real bus."""

from __future__ import annotations

import pytest

from tests.atspi.conftest import showing, walk
from tests.atspi.test_fit_on_bus import off_screen

SCREENS = (
    "home",
    "module:identity-prism",
    "quiz:identity-prism",
    "scenario:identity-prism",
    "journal",
    "capabilities",
    "cpd",
    "glossary",
)


@pytest.mark.parametrize("page", SCREENS)
def test_every_focusable_object_is_named_and_on_screen(prism_on_bus, page: str) -> None:
    prism_on_bus.command(f"go {page}")
    tree = prism_on_bus.tree()
    assert off_screen(tree) == []
    unnamed = [
        (node["role"], node.get("extents"))
        for node in walk(tree)
        if "focusable" in node["states"]
        and showing(node)
        and not node["name"].strip()
        and node["role"] not in {"table cell", "list item", "tree item"}  # read by content
    ]
    assert unnamed == []
