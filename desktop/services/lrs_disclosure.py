"""What organisation sync sends, in words a learner reads before agreeing (CLI and window)."""

from __future__ import annotations

WHAT_IS_SENT = (
    "What is sent to your organisation's learning record store, from the time you agree:\n"
    "  • modules you read to the end;\n"
    "  • quiz attempts, passed or failed, with the score;\n"
    "  • the option you chose at each step of a case scenario, and the ending you reached;\n"
    "  • team sessions you attended: the date, length, facilitator's name, and the other\n"
    "    attendees who also agreed (others are only counted)."
)
WITH_CPD = (
    "  • with CPD records included: each record you mark ready, as its type, hours, start\n"
    "    date, standards and whether it has a peer reflection. A record you edit is sent\n"
    "    again and the earlier version is marked void; drafts are never sent."
)
NEVER = (
    "Never sent: your reflections, notes, CPD titles and descriptions, or anything else\n"
    "you type. You are named by your profile's id, or by the organisation id you give."
)
WITHDRAW = (
    "You can stop at any time: nothing more is sent, and what is still waiting is dropped.\n"
    "Prism can also mark what was already sent as void (it cannot delete what the\n"
    "organisation's store holds)."
)


def disclosure(with_cpd: bool) -> str:
    lines = [WHAT_IS_SENT]
    if with_cpd:
        lines.append(WITH_CPD)
    lines += [NEVER, WITHDRAW]
    return "\n".join(lines)
