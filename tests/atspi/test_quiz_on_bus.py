"""At each quiz question Orca's focus is on the question itself: named, visible."""

from __future__ import annotations

import time

from tests.atspi.conftest import showing, walk


def _focused(tree: dict) -> list[dict]:
    return [
        n
        for n in walk(tree)
        if "focused" in n["states"] and n["role"] not in {"frame", "filler", "application"}
    ]


def _focused_once_settled(bus, wanted, seconds: float = 5.0) -> list[dict]:
    """What has focus once the bridge has caught up: a busy machine can take longer
    than the driver's settling pause to send the focus event over the bus."""
    deadline = time.monotonic() + seconds
    while True:
        found = _focused(bus.tree())
        if wanted(found) or time.monotonic() > deadline:
            return found
        time.sleep(0.2)


def test_focus_is_on_the_question_at_each_question(prism_on_bus) -> None:
    prism_on_bus.command("go quiz:identity-prism")
    for number in (1, 2):
        focused = _focused_once_settled(prism_on_bus, lambda found: len(found) == 1)
        assert len(focused) == 1, [(n["role"], n["name"][:40]) for n in focused]
        question = focused[0]
        assert question["name"].startswith(f"Question {number} of ")
        assert showing(question)
        prism_on_bus.command("answer")
        after = _focused_once_settled(
            prism_on_bus,
            lambda found: [n["role"] for n in found] in (["radio button"], ["check box"]),
        )
        assert [n["role"] for n in after] in (["radio button"], ["check box"])
        prism_on_bus.command("go-next-question")
