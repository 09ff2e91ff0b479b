"""The description of a drafted CPD record: first-person sentences built only from facts.

A CPD record goes to the regulator in the learner's own voice, so a draft says only
what the progress log shows the learner did, in the first person: when they
completed a module, how long they actively read it, their quiz result, the scenario
they worked through. It never splices in text written *to* the learner (a module's
summary, "gives you a way to..."), and it says "I read the module in full" only
when the active reading time reached at least half the module's own estimate; a
learner who scrolled to the end in a few seconds gets "I read the module (n
minutes)" instead. The module's stated outcomes are listed as what it set out to
help with, in the first person, never as learning achieved.

Pure functions of ``CompletedModule`` values: no Qt, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from desktop.cpd.formatting import format_date_uk, study_minutes
from desktop.cpd.learning import CompletedModule, format_score

FULL_READING_SHARE = 0.5
"""Active reading time, as a share of the module's estimate, that counts as reading in full."""

# Second person in a module's outcomes ("rate your confidence") turned to first person
# for a record in the learner's voice. Outcomes are short verb phrases that use "you"
# as a subject ("before you send them"), never as an object, so "you" becomes "I".
_PERSON = {"your": "my", "yours": "mine", "yourself": "myself", "you": "I"}
_PERSON_PATTERN = re.compile(r"\b(" + "|".join(_PERSON) + r")\b", re.IGNORECASE)


def read_in_full(done: CompletedModule) -> bool:
    """True when active reading reached at least half the module's estimated time."""
    if done.estimated_minutes <= 0:
        return False
    return done.reading_seconds >= FULL_READING_SHARE * done.estimated_minutes * 60


def duration_words(minutes: int) -> str:
    """ "1 minute", "42 minutes", "1 hour", "2 hours 5 minutes": for sentences."""
    hours, rest = divmod(max(0, minutes), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'s' if hours != 1 else ''}")
    if rest or not hours:
        parts.append(f"{rest} minute{'s' if rest != 1 else ''}")
    return " ".join(parts)


def reading_sentence(done: CompletedModule) -> str:
    """ "I read the module in full (42 minutes of active reading)." or "I read the module
    (3 minutes of active reading)." """
    minutes = study_minutes(done.reading_seconds)
    spent = duration_words(minutes) if minutes > 0 else "under a minute"
    if done.reading_seconds <= 0:
        return "I opened the module's text, but Prism tracked no active reading time."
    if read_in_full(done):
        return f"I read the module in full ({spent} of active reading)."
    return f"I read the module ({spent} of active reading)."


def quiz_sentence(done: CompletedModule) -> str:
    """The quiz result as a sentence, or "" for a module without a quiz."""
    if done.quiz_score is None:
        return ""
    score = format_score(done.quiz_score)
    if done.quiz_attempts > 1:
        return (
            f"I passed its quiz, with a best score of {score} over {done.quiz_attempts} attempts."
        )
    return f"I passed its quiz with a score of {score}."


def first_person(outcome: str) -> str:
    """An outcome written to the reader, in the learner's own voice."""

    def swap(match: re.Match[str]) -> str:
        return _PERSON[match.group(0).lower()]

    return _PERSON_PATTERN.sub(swap, outcome.strip().rstrip("."))


def module_paragraph(done: CompletedModule) -> str:
    """What the learner did in one module, as a paragraph (outcomes as a list)."""
    sentences = [
        f"I completed the Prism e-learning module ‘{done.title}’ on "
        f"{format_date_uk(done.completed_on)}.",
        reading_sentence(done),
    ]
    if quiz := quiz_sentence(done):
        sentences.append(quiz)
    if done.scenario_completed and done.scenario_title:
        sentences.append(f"I worked through its case scenario, ‘{done.scenario_title}’.")
    lines = [" ".join(sentences)]
    if done.outcomes:
        lines.append("The module set out to help me:")
        lines += [f"- {first_person(outcome)}" for outcome in done.outcomes]
    return "\n".join(lines)


def describe(course_title: str, chosen: Sequence[CompletedModule]) -> str:
    """The whole description for a record made from ``chosen`` modules."""
    paragraphs = []
    if len(chosen) > 1:
        paragraphs.append(
            f"I completed {len(chosen)} modules of the Prism e-learning course ‘{course_title}’."
        )
    paragraphs += [module_paragraph(done) for done in chosen]
    return "\n\n".join(paragraphs)


VERY_SHORT_MINUTES = 10
"""A record of less time than this is unusual enough to check before it is marked ready."""


def time_concerns(record_minutes: int, tracked_minutes: int | None) -> list[str]:
    """What to confirm before marking a record ready, as sentences ([] when nothing).

    Not refusals: a learner may rightly add time spent away from Prism, or leave some
    out. But the time goes to the regulator, so a figure that differs from what Prism
    measured, or is very short, is worth a second look.
    """
    concerns = []
    if tracked_minutes is not None and tracked_minutes > 0 and record_minutes != tracked_minutes:
        claimed, tracked = duration_words(record_minutes), duration_words(tracked_minutes)
        if record_minutes < tracked_minutes:
            concerns.append(
                f"This record gives {claimed}, less than the {tracked} Prism tracked for "
                "these modules."
            )
        else:
            concerns.append(
                f"This record gives {claimed}, more than the {tracked} Prism tracked for "
                "these modules. Time you spent away from Prism can count, if you can "
                "account for it."
            )
    if 0 < record_minutes < VERY_SHORT_MINUTES:
        concerns.append(f"This record gives only {duration_words(record_minutes)}.")
    return concerns
