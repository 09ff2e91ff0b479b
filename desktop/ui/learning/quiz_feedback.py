"""What a learner reads after answering and after finishing a quiz.

Right and wrong are told apart three ways at once, so no one depends on colour:
an icon (✓ or ✗), words ("Correct", "Not quite", "Right answer", "Your answer,
not right") and a colour: the callout's tone (design tokens) on the page, the reader
stylesheet's ``verdict-*``/``mark-*`` classes where the HTML is shown in a browser.
Options are listed in the order the attempt showed them. The results' summary and
per-question cards are widgets (``quiz_results``); this module gives them their words.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from desktop.domain.grading import Feedback, OptionFeedback, OptionVerdict
from desktop.domain.quiz import Question

RIGHT_ICON, WRONG_ICON = "✓", "✗"

# Per option after answering: (icon, words, is it a right option).
OPTION_MARK: dict[OptionVerdict, tuple[str, str, bool]] = {
    OptionVerdict.CHOSEN_RIGHT: (RIGHT_ICON, "Your answer: right", True),
    OptionVerdict.CHOSEN_WRONG: (WRONG_ICON, "Your answer: not right", False),
    OptionVerdict.MISSED: (RIGHT_ICON, "Also right: you did not choose it", True),
    OptionVerdict.LEFT_OUT: (WRONG_ICON, "Not right", False),
}
MISSED_ONLY_ANSWER = "The right answer"  # one-answer questions: "also right" would mislead


def option_mark(question: Question, option: OptionFeedback) -> tuple[str, str, bool]:
    """(icon, words, right?) shown beside one option once the question is answered."""
    icon, words, right = OPTION_MARK[option.verdict]
    if option.verdict is OptionVerdict.MISSED and not question.allows_several:
        words = MISSED_ONLY_ANSWER
    return icon, words, right


def in_shown_order(
    options: Iterable[OptionFeedback], order: Sequence[int] | None
) -> list[OptionFeedback]:
    """``options`` (by authored index) in the order the learner saw them."""
    chosen = list(options)
    if order is None:
        return chosen
    place = {authored: position for position, authored in enumerate(order)}
    return sorted(chosen, key=lambda o: place.get(o.index, o.index))


def verdict_box(right: bool, title: str, body: str = "") -> str:
    """A coloured, bordered box whose title starts with ✓ or ✗ (``body`` is HTML)."""
    kind = "right" if right else "wrong"
    icon = RIGHT_ICON if right else WRONG_ICON
    return (
        f'<table class="verdict verdict-{kind}" width="100%" cellpadding="8" cellspacing="0" '
        f'border="1"><tr><td><p class="verdict-title"><b>{icon} {html.escape(title)}</b></p>'
        f"{body}</td></tr></table>"
    )


def _mark(icon: str, words: str, right: bool) -> str:
    kind = "right" if right else "wrong"
    return f'<span class="mark-{kind}"><b>{icon} {html.escape(words)}</b></span>'


def feedback_html(
    question: Question, feedback: Feedback, order: Sequence[int] | None = None
) -> str:
    """After one answer: the verdict box, then each option worth reading, marked (what
    a screen reader is told; the page shows the same words in a callout)."""
    return (
        verdict_box(feedback.correct, feedback.headline)
        + "\n"
        + explanation_html(question, feedback, order)
    )


def verdict_title(feedback: Feedback) -> str:
    """ "✓ Correct" or "✗ Not quite": the feedback callout's title."""
    return f"{RIGHT_ICON if feedback.correct else WRONG_ICON} {feedback.headline}"


def explanation_html(
    question: Question, feedback: Feedback, order: Sequence[int] | None = None
) -> str:
    """Each option worth reading (chosen, or right and missed), marked, with why; then
    the source. Plain tags only, so a label can show it as well as a browser."""
    parts = []
    for option in in_shown_order(feedback.relevant, order):
        icon, words, right = option_mark(question, option)
        parts.append(
            f"<p>{_mark(icon, words, right)}<br><b>{html.escape(option.text)}</b><br>"
            f"{html.escape(option.feedback)}</p>"
        )
    parts.append(
        f"<p><small>Source: {html.escape(question.source.document_title)}, "
        f"section ‘{html.escape(question.source.section)}’</small></p>"
    )
    return "\n".join(parts)


def review_lines(question: Question, feedback: Feedback, order: Sequence[int] | None) -> list[str]:
    """One question of the results review, short: (what was chosen and the right answer
    when it was not chosen; why: the explanation of each option chosen or missed)."""
    options = in_shown_order(feedback.options, order)
    chosen = [o for o in options if o.verdict.name.startswith("CHOSEN")]
    correct = [
        o for o in options if o.verdict in (OptionVerdict.CHOSEN_RIGHT, OptionVerdict.MISSED)
    ]
    lines = ["Your answer: " + ("; ".join(o.text for o in chosen) or "none given")]
    if not feedback.correct:
        label = "The right answers" if len(correct) > 1 else "The right answer"
        lines.append(f"{label}: " + "; ".join(o.text for o in correct))
    why = [
        f"‘{o.text.strip().rstrip('.')}’ — {o.feedback}"
        for o in options
        if o.verdict is not OptionVerdict.LEFT_OUT
    ]
    return lines, why


def score_line(right: int, total: int, score: int, pass_mark: int, needed: int) -> str:
    """ "7 of 10 right (70%). The pass mark is 80%: 8 of 10." """
    return (
        f"{right} of {total} right ({score}%). The pass mark is {pass_mark}%: {needed} of {total}."
    )
