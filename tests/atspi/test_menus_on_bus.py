"""On the real bus, the View menu's themes are radio items (one checked) and "Extra
spacing" a check item that says whether it is on: Qt alone exposes all of them as
plain menu items, which Orca reads without "radio" or "check"."""

from __future__ import annotations

from tests.atspi.conftest import walk


def _items(prism_on_bus, *titles: str) -> dict[str, dict]:
    """The showing items once the menus ``titles`` are open, each from the one before
    (a submenu is reached through its parent, as a user reaches it)."""
    for title in titles:
        prism_on_bus.command(f"popup-menu {title}")
    try:
        tree = prism_on_bus.tree()
    finally:
        prism_on_bus.command("close-menus")
    return {node["name"]: node for node in walk(tree) if "showing" in node["states"]}


def test_theme_items_are_radio_items_with_one_checked(prism_on_bus) -> None:
    items = _items(prism_on_bus, "&View", "&Theme")
    names = ("Follow the system", "Light", "Dark", "High contrast")
    themes = [items[name] for name in names if name in items]
    assert len(themes) == len(names), sorted(items)
    assert {node["role"] for node in themes} == {"radio button"}
    assert sum("checked" in node["states"] for node in themes) == 1


def test_extra_spacing_is_a_check_item_that_says_when_it_is_on(prism_on_bus) -> None:
    name = "Extra spacing for reading"
    item = _items(prism_on_bus, "&View")[name]
    assert item["role"] == "check box"
    assert "checkable" in item["states"]
    assert "checked" not in item["states"]
    prism_on_bus.command("trigger spacing_action")
    try:
        assert "checked" in _items(prism_on_bus, "&View")[name]["states"]
    finally:
        prism_on_bus.command("trigger spacing_action")
