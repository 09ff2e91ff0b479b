"""Live changes are spoken politely, leave focus alone, and do not stick to the window."""

from __future__ import annotations

from tests.atspi.conftest import walk


def _frame(tree: dict) -> dict:
    return next(n for n in walk(tree) if n["role"] == "frame")


def test_a_text_size_change_is_announced_without_rewriting_the_window(prism_on_bus) -> None:
    prism_on_bus.command("go home")
    before = prism_on_bus.command("key Down")  # something in the window has focus
    events = prism_on_bus.events(
        "view larger", "object:announcement", "object:state-changed:focused"
    )
    try:
        spoken = [e["data"] for e in events if e["type"].startswith("object:announcement")]
        assert any("115" in said for said in spoken), events
        assert not [e for e in events if e["type"].endswith("focused") and e["detail"] == 1]
        frame = _frame(prism_on_bus.tree())
        assert "Text size" not in frame["description"]
        after = prism_on_bus.command("ready")
        assert after["focus_name"] == before["focus_name"]
    finally:
        prism_on_bus.command("view reset_text_size")
