"""What a learner reads after answering and after finishing a quiz, as reader HTML.

Right and wrong are told apart three ways at once, so no one depends on colour:
an icon (✓ or ✗), words ("Correct", "Not quite", "Right answer", "Your answer,
not right") and a colour from the reader stylesheet of the theme in use
(``verdict-right``/``verdict-wrong`` boxes, ``mark-right``/``mark-wrong`` marks;
assets/styles/reader*.css, contrast checked in tests/ui/test_contrast.py).
Options are listed in the order the attempt showed them.
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
    """After one answer: the verdict box, then each option worth reading, marked."""
    parts = [verdict_box(feedback.correct, feedback.headline)]
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


def score_line(right: int, total: int, score: int, pass_mark: int, needed: int) -> str:
    """ "7 of 10 right (70%). The pass mark is 80%: 8 of 10." """
    return (
        f"{right} of {total} right ({score}%). The pass mark is {pass_mark}%: {needed} of {total}."
    )


def result_html(
    *,
    right: int,
    total: int,
    score: int,
    pass_mark: int,
    needed: int,
    passed: bool,
    review: Sequence[tuple[Question, Feedback]],
    orders: dict[str, tuple[int, ...]],
    history: str = "",
    mistakes_only: bool = False,
) -> str:
    """The results page: the verdict, "n of N" with the pass mark, and a per-question review.

    ``mistakes_only`` keeps only the questions answered wrongly ("Review my mistakes").
    """
    line = html.escape(score_line(right, total, score, pass_mark, needed))
    if passed:
        verdict = verdict_box(True, f"Passed: {right} of {total}", f"<p>{line}</p>")
    else:
        advice = (
            "Look at the answers below, go back to the module for the parts you missed, "
            "and retake the quiz when you are ready."
        )
        verdict = verdict_box(
            False, f"Not passed yet: {right} of {total}", f"<p>{line}</p><p>{advice}</p>"
        )
    parts = [verdict]
    if history:
        parts.append(f"<p>{html.escape(history)}</p>")
    shown = [
        (number, question, feedback)
        for number, (question, feedback) in enumerate(review, start=1)
        if not (mistakes_only and feedback.correct)
    ]
    if mistakes_only:
        parts.append("<h3>Your mistakes</h3>")
        if not shown:
            parts.append("<p>None: every answer was right.</p>")
    else:
        parts.append("<h3>Your answers</h3>")
    for number, question, feedback in shown:
        parts.append(_review_item(number, question, feedback, orders.get(question.id)))
    return "\n".join(parts)


def _review_item(
    number: int, question: Question, feedback: Feedback, order: Sequence[int] | None
) -> str:
    icon, word = (RIGHT_ICON, "Right") if feedback.correct else (WRONG_ICON, "Not right")
    options = in_shown_order(feedback.options, order)
    chosen = [o for o in options if o.verdict.name.startswith("CHOSEN")]
    correct = [
        o for o in options if o.verdict in (OptionVerdict.CHOSEN_RIGHT, OptionVerdict.MISSED)
    ]
    lines = [
        f"<p><b>{number}. {html.escape(question.prompt.strip())}</b><br>"
        f"{_mark(icon, word, feedback.correct)}</p>",
        "<ul>",
        f"<li>Your answer: {html.escape('; '.join(o.text for o in chosen) or 'none given')}</li>",
    ]
    if not feedback.correct:
        label = "The right answers" if len(correct) > 1 else "The right answer"
        lines.append(f"<li>{label}: {html.escape('; '.join(o.text for o in correct))}</li>")
    # Why: the feedback on what was chosen, and on the right options not chosen.
    lines += [
        f"<li>‘{html.escape(o.text.strip().rstrip('.'))}’ — {html.escape(o.feedback)}</li>"
        for o in options
        if o.verdict is not OptionVerdict.LEFT_OUT
    ]
    lines.append("</ul>")
    return "\n".join(lines)
