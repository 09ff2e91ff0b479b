"""Refresh sets: questions answered wrongly come back on later days at widening intervals.

Every question a learner has answered wrongly in any quiz attempt joins the queue,
due the next day. Each time it comes back and is answered rightly, the wait before
it comes back again widens: 1, then 3, then 7, then 14 days. A right answer at the
14-day step means it has stuck, and it leaves the queue; a wrong answer at any step
sends it back to one day. A new wrong answer in a later quiz brings a question back
even after it has left.

Days are UK calendar days (the learner's "tomorrow"). A set holds at most five
questions, the longest overdue first. Questions since removed from the course are
dropped from the queue; those in a module that fails to load just wait, so fixing
the module brings them back.
"""

from __future__ import annotations

import random
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from desktop.course.model import Course, Module, UnavailableModule
from desktop.cpd.registration_year import uk_date
from desktop.domain.quiz import Question
from desktop.domain.shuffle import option_order
from desktop.store.clock import Clock, system_clock
from desktop.store.refresh import RETIRED_DAY, RefreshItem, RefreshRepo
from desktop.store.timestamps import parse_utc

if TYPE_CHECKING:
    from desktop.domain.grading import Feedback
    from desktop.services.context import ServiceContext

__all__ = ["INTERVALS", "SET_SIZE", "RefreshQuestion", "RefreshService", "create"]

INTERVALS: tuple[int, ...] = (1, 3, 7, 14)
"""Days to wait before a question comes back, widening after each right answer."""

SET_SIZE = 5
"""The most questions offered in one refresh set."""


@dataclass(frozen=True)
class RefreshQuestion:
    """A question due for refresh, with the module it comes from."""

    module_id: str
    module_title: str
    question: Question
    due_day: date
    interval_days: int
    # Authored option indexes in display order: drawn afresh for each set, so a
    # question that comes back does not come back with its answer in the same place.
    order: tuple[int, ...] = field(default=())


class RefreshService:
    """Keeps the refresh queue in step with quiz answers and runs refresh sets."""

    def __init__(
        self,
        course: Course,
        repo: RefreshRepo,
        clock: Clock = system_clock,
        rng: random.Random | None = None,
    ) -> None:
        self._course = course
        self._repo = repo
        self._clock = clock
        self._rng = rng or random.Random()  # injected so tests can seed it

    def today(self) -> date:
        """Today's UK date by the service's clock."""
        return uk_date(self._clock())

    def sync(self, profile_id: str) -> int:
        """Queue wrong quiz answers not queued since; returns how many were (re)queued.

        Each is due the UK day after it was answered wrongly, so a learner who
        comes back days later finds it already due. Idempotent and cheap: one
        grouped read of wrong answers and one of the queue.
        """
        items = self._repo.items(profile_id)
        fresh = []
        for key, last_wrong in sorted(self._repo.latest_wrong_answers(profile_id).items()):
            item = items.get(key)
            if item is not None and last_wrong <= item.updated_utc:
                continue
            if self._question(*key) is None:
                continue  # gone from the course, or its module does not load right now
            moment = parse_utc(last_wrong)
            if moment is None:
                continue  # a damaged time (prism check repairs it) schedules nothing
            missed_on = uk_date(moment)
            fresh.append((*key, (missed_on + timedelta(days=INTERVALS[0])).isoformat()))
        if fresh:
            self._repo.queue(profile_id, fresh)
        return len(fresh)

    def due(self, profile_id: str, today: date | None = None) -> list[RefreshQuestion]:
        """Today's refresh set: up to five due questions, the longest overdue first."""
        return self._due(profile_id, today, limit=SET_SIZE)

    def due_count(self, profile_id: str, today: date | None = None) -> int:
        """How many questions are due today (a set offers at most five of them)."""
        return len(self._due(profile_id, today, limit=None))

    def answer(
        self,
        profile_id: str,
        module_id: str,
        question_id: str,
        chosen: Collection[int],
        today: date | None = None,
    ) -> Feedback:
        """Grade a refresh answer and reschedule the question; returns what to show."""
        module = self._course.module(module_id)
        question = self._question(module_id, question_id)
        if module is None or module.quiz is None or question is None:
            raise KeyError(f"question '{question_id}' is not in module '{module_id}'")
        from desktop.domain.grading import grade  # answering, not the home page's count

        feedback = grade(question, chosen)
        day = today or self.today()
        item = self._repo.item(profile_id, module_id, question_id)
        queued = item is not None and not item.retired
        if feedback.correct:
            if not queued:
                return feedback  # nothing to move on; it was not waiting to be refreshed
            assert item is not None
            due_day, interval, streak = _after_right(item, day)
        else:
            due_day, interval, streak = (day + timedelta(days=INTERVALS[0])).isoformat(), 1, 0
        self._repo.reschedule(
            profile_id,
            module_id,
            question_id,
            due_day=due_day,
            interval_days=interval,
            correct_streak=streak,
            response=sorted(chosen),
            correct=feedback.correct,
            content_version=module.quiz.content_hash,
        )
        return feedback

    def practise_now(self, profile_id: str, module_id: str, question_ids: Collection[str]) -> int:
        """Make these questions (just missed in a quiz) due today; returns how many.

        They join the refresh queue as any missed question does, only due at once, so
        "Practise what I missed" opens a set of them; answered rightly they then come
        back at the usual widening intervals.
        """
        self.sync(profile_id)
        day = self.today().isoformat()
        entries = [(module_id, q, day) for q in question_ids if self._question(module_id, q)]
        if entries:
            self._repo.queue(profile_id, entries)
        return len(entries)

    def comes_back_on(self, profile_id: str, module_id: str, question_id: str) -> date | None:
        """The day a question is next due, or None if it is not (or no longer) queued."""
        item = self._repo.item(profile_id, module_id, question_id)
        if item is None or item.retired:
            return None
        return date.fromisoformat(item.due_day)

    # Helpers --------------------------------------------------------------------------

    def _due(self, profile_id: str, today: date | None, limit: int | None) -> list[RefreshQuestion]:
        day = today or self.today()
        self.sync(profile_id)
        found = []
        for item in self._repo.due(profile_id, day.isoformat()):
            question = self._question(item.module_id, item.question_id)
            if question is None:
                if not self._waiting_for_fix(item.module_id):
                    self._repo.remove(profile_id, item.module_id, item.question_id)
                continue
            module = self._course.module(item.module_id)
            assert module is not None
            found.append(
                RefreshQuestion(
                    item.module_id,
                    module.title,
                    question,
                    date.fromisoformat(item.due_day),
                    item.interval_days,
                    option_order(question, self._rng),
                )
            )
            if limit is not None and len(found) >= limit:
                break
        return found

    def _question(self, module_id: str, question_id: str) -> Question | None:
        module: Module | None = self._course.module(module_id)
        if module is None or module.quiz is None:
            return None
        return module.quiz.question(question_id)

    def _waiting_for_fix(self, module_id: str) -> bool:
        """True if the module is listed but could not be loaded this time."""
        return any(
            isinstance(entry, UnavailableModule) and entry.id == module_id
            for entry in self._course.entries
        )


def _after_right(item: RefreshItem, day: date) -> tuple[str, int, int]:
    """The next (due day, interval, streak) after a right answer: wider, or retired."""
    streak = item.correct_streak + 1
    wider = [days for days in INTERVALS if days > item.interval_days]
    if not wider:
        return RETIRED_DAY, item.interval_days, streak
    return (day + timedelta(days=wider[0])).isoformat(), wider[0], streak


def create(ctx: ServiceContext) -> RefreshService:
    """Build the service from the shared start-up context."""
    return RefreshService(ctx.course, RefreshRepo(ctx.db, ctx.clock), ctx.clock)
