"""Every control a keyboard can reach has a name a screen reader speaks, on the real bus."""

from __future__ import annotations

import pytest

from tests.atspi.conftest import showing, walk

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
def test_every_focusable_object_has_a_name(prism_on_bus, page: str) -> None:
    prism_on_bus.command(f"go {page}")
    unnamed = [
        (node["role"], node.get("extents"))
        for node in walk(prism_on_bus.tree())
        if "focusable" in node["states"]
        and showing(node)
        and not node["name"].strip()
        and node["role"] not in {"table cell", "list item", "tree item"}  # read by content
    ]
    assert unnamed == []
