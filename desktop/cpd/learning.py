"""What Prism's own log says a learner did: modules completed, quiz results, logged events.

These values carry facts from the progress log into the exports (the PDF
appendix, xAPI statements) without the exports knowing about the store. The
CPD service builds them; nothing here reads a database.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from desktop.cpd.registration_year import RegistrationYear


@dataclass(frozen=True)
class CompletedModule:
    """A module the learner can claim as CPD: read to the end, and its quiz passed if it has one.

    `minutes` is tracked active time (reading, quiz and scenario steps), rounded up;
    it is 0 when nothing was tracked, never an estimate. `completion_event_id` is the
    log event that completed the module (the later of 'read' and the first pass).
    """

    module_id: str
    title: str
    first_activity: date
    completed_on: date
    minutes: int
    quiz_score: float | None
    standards: tuple[str, ...]
    reflection_ids: tuple[str, ...]
    completion_event_id: str = ""
    quiz_attempts: int = 0
    scenario_completed: bool = False
    # Facts a draft is written from (see desktop.cpd.drafting): active time tracked on
    # the module's text alone, the module's own estimate of its length, its scenario's
    # title and its stated learning outcomes.
    reading_seconds: float = 0.0
    seconds: float = 0.0  # all active time tracked on the module, unrounded
    estimated_minutes: int = 0
    scenario_title: str = ""
    outcomes: tuple[str, ...] = ()


@dataclass(frozen=True)
class QuizResult:
    """One finished quiz attempt: when, which module, the score and whether it passed."""

    module_id: str
    module_title: str
    finished_on: date
    score_percent: float
    passed: bool


LearningVerb = Literal["completed", "passed", "failed"]


@dataclass(frozen=True)
class LearningEvent:
    """A logged event worth an xAPI statement: a module read to the end, a quiz passed or failed.

    `event_id` is the log's UUID, so the statement keeps the same id however often
    it is exported. `ts_utc` is the log's own timestamp text, so the file's statement
    carries exactly the timestamp organisation sync sends for the same event.
    """

    event_id: str
    verb: LearningVerb
    module_id: str
    module_title: str
    timestamp_utc: datetime
    score_percent: float | None = None
    ts_utc: str = ""


def completions_in(
    completions: Iterable[CompletedModule], year: RegistrationYear | None
) -> tuple[CompletedModule, ...]:
    """Modules completed in `year` (all when None), in the order they were completed."""
    chosen = [c for c in completions if year is None or year.contains(c.completed_on)]
    return tuple(sorted(chosen, key=lambda c: (c.completed_on, c.title.casefold(), c.module_id)))


def quiz_results_in(
    results: Iterable[QuizResult], year: RegistrationYear | None
) -> tuple[QuizResult, ...]:
    """Quiz results from `year` (all when None), oldest first."""
    chosen = [r for r in results if year is None or year.contains(r.finished_on)]
    return tuple(sorted(chosen, key=lambda r: (r.finished_on, r.module_title.casefold())))


def format_score(score_percent: float | None) -> str:
    """ "91%", "87.5%", or "" when there is no score."""
    if score_percent is None:
        return ""
    text = f"{score_percent:.1f}".rstrip("0").rstrip(".")
    return f"{text}%"
