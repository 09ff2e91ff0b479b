"""What organisation sync sends, in words a learner reads before agreeing (CLI and window).

Each entry is one paragraph without line breaks: the window wraps it to its width, the
command line with ``textwrap``.
"""

from __future__ import annotations

import textwrap

INTRO = "What is sent to your organisation's learning record store, from the time you agree:"
ACTIVITY = (
    "• modules you read to the end;",
    "• quiz attempts, passed or failed, with the score;",
    "• the option you chose at each step of a case scenario, and the ending you reached;",
    "• team sessions you attended: the date, length, the facilitator's name, and the other "
    "attendees who also agreed (the others are only counted).",
)
WITH_CPD = (
    "• with CPD records included: each record you mark ready, as its type, hours, start "
    "date, standards and whether it has a peer reflection. A record you edit is sent again "
    "and the earlier version is marked void; drafts are never sent."
)
NEVER = (
    "Never sent: your reflections, notes, CPD titles and descriptions, or anything else you "
    "type. You are named by your profile's id, or by the organisation id you give."
)
WITHDRAW = (
    "You can stop at any time: nothing more is sent, and what is still waiting is dropped. "
    "Prism can also mark what was already sent as void; it cannot delete what the "
    "organisation's store already holds."
)


def paragraphs(with_cpd: bool) -> list[str]:
    items = [INTRO, *ACTIVITY]
    if with_cpd:
        items.append(WITH_CPD)
    return [*items, NEVER, WITHDRAW]


def disclosure(with_cpd: bool, width: int | None = None) -> str:
    """The text, one paragraph a line, or wrapped to ``width`` columns for a terminal."""
    items = paragraphs(with_cpd)
    if width is None:
        return "\n".join(items)
    return "\n".join(
        textwrap.fill(item, width, subsequent_indent="  " if item.startswith("•") else "")
        for item in items
    )
