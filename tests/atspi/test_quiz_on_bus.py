"""At each quiz question Orca's focus is on the question itself: named, visible."""

from __future__ import annotations

from tests.atspi.conftest import showing, walk


def _focused(tree: dict) -> list[dict]:
    return [
        n
        for n in walk(tree)
        if "focused" in n["states"] and n["role"] not in {"frame", "filler", "application"}
    ]


def test_focus_is_on_the_question_at_each_question(prism_on_bus) -> None:
    prism_on_bus.command("go quiz:identity-prism")
    for number in (1, 2):
        focused = _focused(prism_on_bus.tree())
        assert len(focused) == 1, [(n["role"], n["name"][:40]) for n in focused]
        question = focused[0]
        assert question["name"].startswith(f"Question {number} of ")
        assert showing(question)
        prism_on_bus.command("answer")
        after = _focused(prism_on_bus.tree())
        assert [n["role"] for n in after] in (["radio button"], ["check box"])
        prism_on_bus.command("go-next-question")
