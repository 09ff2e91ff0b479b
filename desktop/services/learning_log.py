"""Facts about a learner's study from the progress log, for CPD drafts, exports and certificates.

One rule set in one place: when a module counts as completed, how much time was
tracked, which events become xAPI statements. Time is only ever what was measured:
the ``study_time`` rows, which the window fills with active time on the reader, quiz,
scenario and journal pages of a module (idle spells over two minutes left out).
Nothing is estimated from a module's stated length, and nothing is counted twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from desktop.course.model import Course, Module
from desktop.cpd.formatting import study_minutes
from desktop.cpd.learning import CompletedModule, LearningEvent, QuizResult
from desktop.cpd.registration_year import RegistrationYear, uk_date
from desktop.store.clock import Clock, as_utc
from desktop.store.events import Event, EventLookup
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.scenarios import ScenarioRepo
from desktop.store.timestamps import parse_utc

if TYPE_CHECKING:
    from desktop.store.connection import Database


NOT_READING = frozenset({"quiz", "scenario", "reflection"})
"""Study-time sections that are activities, not reading (the window files time under
these names on the quiz, scenario and journal pages; reading is filed by heading)."""


@dataclass(frozen=True)
class Completion:
    """The moment a module became completed, from the log (see `LearningLog.completions`)."""

    module_id: str
    event_id: str
    completed_utc: datetime
    content_version: str
    score_percent: float | None


class LearningLog:
    """Reads completions, tracked time, quiz results and learning events for one database."""

    def __init__(self, db: Database, course: Course, clock: Clock | None = None) -> None:
        self._course = course
        self._lookup = EventLookup(db)
        self._progress = ProgressRepo(db, clock)
        self._quizzes = QuizRepo(db, clock)
        self._scenarios = ScenarioRepo(db, clock)
        self._reflections = ReflectionRepo(db, clock)
        self._earliest: tuple[Any, dict[str, str | None]] | None = None

    # -- completion ---------------------------------------------------------------------

    def completions(self, profile_id: str) -> dict[str, Completion]:
        """Every module this profile has completed, by module id, including modules no
        longer in the course (so old certificates still verify).

        Completed = read to the end and, if the module has a quiz, passed. The moment
        is the later of the 'read' event and the first 'passed' event; the score is
        the best one reached by then, so later retakes never change a completion.
        A module that is not in the course counts as having a quiz if it was passed.

        Found with index seeks (`EventLookup`), a few per module, so the cost does not
        grow with the years of events the profile has logged.
        """
        lookup = self._lookup
        reads = [
            read
            for object_id in lookup.objects(profile_id, "read", "module:")
            if (read := _real(lookup.first(profile_id, "read", object_id))) is not None
        ]
        done: dict[str, Completion] = {}
        for read in sorted(reads, key=_event_order):  # in the order they were read
            module_id = read.object_id.partition(":")[2]
            module = self._course.module(module_id)
            first_pass = _real(lookup.first(profile_id, "passed", f"quiz:{module_id}"))
            has_quiz = module.quiz is not None if module is not None else first_pass is not None
            if not has_quiz:
                done[module_id] = _completion(module_id, read, None)
                continue
            if first_pass is None:
                continue
            last = max(read, first_pass, key=_event_order)
            scores = [
                score
                for e in lookup.until(profile_id, "passed", f"quiz:{module_id}", last.ts_utc)
                if _event_order(e) <= _event_order(last) and (score := _score(e)) is not None
            ]
            done[module_id] = _completion(module_id, last, max(scores, default=None))
        return done

    def completed_modules(self, profile_id: str) -> list[CompletedModule]:
        """Completed modules that are in the course, in course order."""
        done = self.completions(profile_id)
        reflections = self._reflections.list(profile_id)
        scenario_done = self._scenarios.completed_scenarios(profile_id)
        earliest = self._earliest_events(
            profile_id, [module for module in self._course.modules if module.id in done]
        )
        result = []
        for module in self._course.modules:
            completion = done.get(module.id)
            if completion is None:
                continue
            attempts = [a for a in self._quizzes.attempts(profile_id, module.id) if a.is_finished]
            best = max((a.score_percent or 0.0 for a in attempts), default=None)
            notes = sorted(
                (r for r in reflections if r.module_id == module.id and r.text.strip()),
                key=lambda r: (r.created_utc, r.id),
            )
            seconds = self.module_seconds(profile_id, module.id)
            result.append(
                CompletedModule(
                    module_id=module.id,
                    title=module.title,
                    first_activity=self._first_activity(
                        profile_id, module, completion, earliest[module.id]
                    ),
                    completed_on=uk_date(completion.completed_utc),
                    minutes=_whole_minutes(seconds),
                    quiz_score=best if module.quiz is not None else None,
                    standards=module.standards,
                    reflection_ids=tuple(r.id for r in notes),
                    completion_event_id=completion.event_id,
                    quiz_attempts=len(attempts),
                    scenario_completed=(
                        module.scenario is not None and module.scenario.id in scenario_done
                    ),
                    reading_seconds=self.reading_seconds(profile_id, module.id),
                    seconds=seconds,
                    estimated_minutes=module.minutes,
                    scenario_title=module.scenario.title if module.scenario else "",
                    outcomes=module.outcomes,
                )
            )
        return result

    def _earliest_events(self, profile_id: str, modules: list[Module]) -> dict[str, str | None]:
        """Each module's earliest event (``_activity_objects``), in one statement.

        Kept until anything is written to the database: "Create from my learning…" lists
        the completed modules and then drafts from them, and each asks for this, the one
        part of the list whose cost grows with the learner's history. Only event times
        are kept (nothing sealed), and any write on this connection or commit by another
        (``EventLookup.writes_seen``) reads them again.
        """
        groups = {module.id: _activity_objects(module) for module in modules}
        stamp = (profile_id, tuple(groups.items()), self._lookup.writes_seen())
        if self._earliest is not None and self._earliest[0] == stamp:
            return self._earliest[1]
        found = self._lookup.earliest_on_each(profile_id, groups)
        self._earliest = (stamp, found)
        return found

    # -- time -----------------------------------------------------------------------------

    def module_seconds(self, profile_id: str, module_id: str) -> float:
        """All active time tracked on one module (reading, quiz, scenario, reflection)."""
        return self._progress.study_seconds(profile_id, module_id)

    def reading_seconds(self, profile_id: str, module_id: str) -> float:
        """Active time on the module's text alone: not its quiz, scenario or reflections."""
        by_section = self._progress.study_seconds_by_section(profile_id, module_id)
        return sum(s for section, s in by_section.items() if section not in NOT_READING)

    def seconds_in(self, profile_id: str, year: RegistrationYear) -> float:
        """Active time tracked in a registration year (by UTC day, which around
        1 December, in GMT, is the UK day)."""
        return self._progress.study_seconds(
            profile_id,
            since_utc=year.start.isoformat(),
            until_utc=(year.end + timedelta(days=1)).isoformat(),
        )

    def _first_activity(
        self, profile_id: str, module: Module, completion: Completion, earliest: str | None
    ) -> date:
        """The first day anything happened on the module: its earliest event on the
        module, its quiz, its questions or its scenario (EARLIEST, from
        ``_activity_objects``), or its earliest tracked time."""
        real = parse_utc(earliest) if earliest is not None else None  # a damaged time: none
        moments = [as_utc(real)] if real is not None else []
        first = uk_date(min(moments, default=completion.completed_utc))
        days = self._progress.study_seconds_by_day(profile_id, module.id)
        from desktop.store.timestamps import parse_day

        real_days = [day for day in map(parse_day, days) if day is not None]
        if real_days:
            first = min(first, min(real_days))
        return first

    # -- results and statements -------------------------------------------------------------

    def quiz_results(
        self, profile_id: str, year: RegistrationYear | None = None
    ) -> list[QuizResult]:
        """Every finished quiz attempt (passed or not), oldest first; only the log of
        YEAR (give or take a day, for the UK day at either end) is read when given.
        Callers keep filtering by UK day (`desktop.cpd.learning.quiz_results_in`)."""
        results = []
        since, until = _period(year)
        # Newest first, as the log lists itself: results of one module on one day keep
        # that order through the callers' stable sort by day.
        events = self._lookup.of_verbs(
            profile_id, ("passed", "failed"), "quiz:", since, until, newest_first=True
        )
        for event in filter(_is_real, events):
            module_id = event.object_id.partition(":")[2]
            results.append(
                QuizResult(
                    module_id=module_id,
                    module_title=self.module_title(module_id),
                    finished_on=uk_date(_moment(event.ts_utc)),
                    score_percent=_score(event) or 0.0,
                    passed=event.verb == "passed",
                )
            )
        return sorted(results, key=lambda r: r.finished_on)

    def learning_events(
        self, profile_id: str, year: RegistrationYear | None = None, *, with_failed: bool = False
    ) -> list[LearningEvent]:
        """'read' events (module completed) and 'passed' events (quiz passed), oldest
        first; with ``with_failed``, failed quiz attempts too (the xAPI file sends them as
        "failed", as organisation sync does); with YEAR, only those of the log around that
        year (callers still filter by UK day)."""
        since, until = _period(year)
        quiz_verbs = ("passed", "failed") if with_failed else ("passed",)
        chosen = [
            *self._lookup.of_verbs(profile_id, ("read",), "module:", since, until),
            *self._lookup.of_verbs(profile_id, quiz_verbs, "quiz:", since, until),
        ]
        found = []
        for event in sorted(filter(_is_real, chosen), key=_event_order):
            module_id = event.object_id.partition(":")[2]
            verb = "completed" if event.verb == "read" else event.verb
            found.append(
                LearningEvent(
                    event_id=event.id,
                    verb=verb,  # type: ignore[arg-type]
                    module_id=module_id,
                    module_title=self.module_title(module_id),
                    timestamp_utc=_moment(event.ts_utc),
                    score_percent=_score(event) if verb != "completed" else None,
                    ts_utc=event.ts_utc,
                )
            )
        return found

    def module_title(self, module_id: str) -> str:
        """The module's title, or its id if it is no longer in the course."""
        module = self._course.module(module_id)
        return module.title if module is not None else module_id


def _activity_objects(module: Module) -> tuple[list[str], str]:
    """What counts as activity on a module: its own objects, and any object under its
    questions' prefix (for ``EventLookup.earliest_on_each``)."""
    objects = [f"module:{module.id}", f"quiz:{module.id}"]
    if module.scenario is not None:
        objects.append(f"scenario:{module.scenario.id}")
    return objects, f"question:{module.id}/"


def _period(year: RegistrationYear | None) -> tuple[str | None, str | None]:
    """UTC bounds a little wider than YEAR (a UK day starts up to an hour before its UTC
    day), so a caller's filter by UK day sees every event it could keep."""
    if year is None:
        return None, None
    return (year.start - timedelta(days=1)).isoformat(), (year.end + timedelta(days=2)).isoformat()


def _is_real(event: Event) -> bool:
    """True when the event's time is a real moment: one damaged row never stops a page.

    ``prism check`` repairs such a time; until then the event simply does not count.
    """
    return parse_utc(event.ts_utc) is not None


def _real(event: Event | None) -> Event | None:
    return event if event is not None and _is_real(event) else None


def _event_order(event: Event) -> tuple[str, str]:
    return (event.ts_utc, event.id)


def _moment(stamp: str) -> datetime:
    return as_utc(datetime.fromisoformat(stamp))


def _score(event: Event) -> float | None:
    value = (event.result or {}).get("score_percent")
    return float(value) if isinstance(value, int | float) else None


def _completion(module_id: str, event: Event, score: float | None) -> Completion:
    return Completion(
        module_id=module_id,
        event_id=event.id,
        completed_utc=_moment(event.ts_utc),
        content_version=event.content_version or "",
        score_percent=score,
    )


def _whole_minutes(seconds: float) -> int:
    """Whole minutes by the one rule everywhere (``desktop.cpd.formatting.study_minutes``)."""
    return study_minutes(seconds)
