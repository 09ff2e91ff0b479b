"""A fixed demo profile in a real data folder, for the CPD service, command and PDF tests.

Everything is fictional and reproducible: the clock is fixed, and uuid4 is replaced by
a counter while the demo is built, so ids, timestamps and therefore every export are
the same on every run. The profile has studied the two-module test course:

- alpha: opened, 25 minutes of reading, read to the end, quiz passed (90%) after
  answers 40 seconds apart, scenario played to its good ending, one reflection;
- beta: read to the end, quiz failed (60%), so not completed;
- three CPD records in 2025-26: one drafted from alpha (ready), a supervision with a
  peer reflection and non-ASCII text (ready), and a reading record (draft).
"""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.cpd.records import CpdRecord, PeerReflection
from desktop.cpd.registration_year import RegistrationYear
from desktop.domain.quiz import Quiz
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.store.database import close_database, open_database
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.scenarios import ScenarioRepo
from tests.helpers.course_builder import write_course

PROFILE_NAME = "Sam Taylor"
REGISTRATION_NUMBER = "SW000123"
YEAR = RegistrationYear.parse("2025-26")
STUDY_START = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
MADE_AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
REFLECTION_TEXT = (
    "I learnt to pause before replying to a message that arrives late at night, and to "
    "check whether my reply would be the same in daylight."
)


class SteppingClock:
    """A settable clock that moves on one second per reading, so every event is ordered."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)


@dataclass
class Demo:
    """The built demo: where it lives, and handles to look inside it."""

    root: Path
    content: Path
    data_dir: Path
    service: CpdService
    clock: SteppingClock
    profile_id: str
    records: tuple[CpdRecord, ...]
    close: Callable[[], None]
    course: Course

    def cli_args(self) -> list[str]:
        """The global options that point `prism` at this demo."""
        return ["--data-dir", str(self.data_dir), "--content-dir", str(self.content)]


def counting_uuid4() -> Callable[[], uuid.UUID]:
    """A uuid4 stand-in that returns version-4 UUIDs 1, 2, 3... in turn."""
    counter = iter(range(1, 1_000_000))
    return lambda: uuid.UUID(int=next(counter), version=4)


def build_demo(root: Path, monkeypatch: pytest.MonkeyPatch) -> Demo:
    """Write the course, fill a progress file and return an open service over it."""
    monkeypatch.setattr(uuid, "uuid4", counting_uuid4())
    course_root = root / "course"
    content = write_course(course_root)
    course = load_course(content).course
    data_dir = root / "data"
    db = open_database(data_dir / "prism.db")
    clock = SteppingClock(STUDY_START)
    ctx = ServiceContext(course=course, db=db, data_dir=data_dir, assets=root, clock=clock)
    service = CpdService(ctx)

    profile = ProfileRepo(db, clock).create(PROFILE_NAME)
    service.set_registration_number(profile.id, REGISTRATION_NUMBER)
    events = EventLog(db, clock)
    progress = ProgressRepo(db, clock)
    quizzes = QuizRepo(db, clock)
    scenarios = ScenarioRepo(db, clock)

    alpha = course.module("alpha")
    beta = course.module("beta")
    assert alpha is not None and alpha.quiz is not None and alpha.scenario is not None
    assert beta is not None and beta.quiz is not None

    events.append(profile.id, "opened", "module:alpha", content_version=alpha.content_hash)
    progress.add_study_time(profile.id, "alpha", "section-1", 1500)
    clock.advance(minutes=25)
    progress.mark_read(profile.id, "alpha", alpha.content_hash)
    take_quiz(quizzes, clock, profile.id, "alpha", alpha.quiz, score=90.0)
    run = scenarios.start_run(profile.id, "alpha", alpha.scenario.id, alpha.scenario.content_hash)
    for node, choice in (("one", 0), ("two", 0), ("three", 0)):
        clock.advance(seconds=30)
        scenarios.record_choice(run.id, node, choice)
    scenarios.finish_run(run.id, "good-end")
    ReflectionRepo(db, clock).create(profile.id, "alpha", "learned", REFLECTION_TEXT)

    clock.advance(days=2)
    events.append(profile.id, "opened", "module:beta", content_version=beta.content_hash)
    progress.mark_read(profile.id, "beta", beta.content_hash)
    take_quiz(quizzes, clock, profile.id, "beta", beta.quiz, score=60.0)

    clock.advance(days=1)
    drafted = service.draft_from_modules(profile.id, ["alpha"], include_reflections=True)
    first = service.save(
        replace(
            drafted,
            description=drafted.description
            + "\n\nI message families by text most days, so this applies to my work.",
            impact="I now tell families at the first visit when I will reply to messages.",
        )
    )
    assert service.mark_ready(first.id) == []
    supervision = service.save(
        CpdRecord(
            id=str(uuid.uuid4()),
            profile_id=profile.id,
            cpd_type="Supervision",
            title="Reflecting on a home visit in supervision",
            start_date=date(2026, 2, 3),
            description="I took a difficult home visit to supervision to look at my approach.",
            learning="Slowing down and saying back what I heard lowers the temperature.",
            impact="On the next visit the family and I agreed the plan together.",
            peer=PeerReflection(
                peer_role="My supervisor, a registered social worker",
                discussed_on=date(2026, 2, 3),
                learning="Zoë’s team uses a “pause and check” habit — I have adopted it.",
            ),
            minutes=60,
            standards=("4.2", "4.8"),
            status="draft",
        )
    )
    assert service.mark_ready(supervision.id) == []
    reading = service.save(
        CpdRecord(
            id=str(uuid.uuid4()),
            profile_id=profile.id,
            cpd_type="Reading",
            title="Digital exclusion: naïve assumptions about access",
            start_date=date(2026, 3, 2),
            end_date=date(2026, 3, 6),
            description="I read a briefing on digital exclusion (résumé in my notes).",
            learning="Families without data often miss appointment messages.",
            impact="",
            minutes=45,
            standards=("1.5", "4.4"),
        )
    )
    records = tuple(
        r for r in (service.get(first.id), service.get(supervision.id), service.get(reading.id))
    )
    assert all(r is not None for r in records)

    def close() -> None:
        close_database(db)

    return Demo(
        root=root,
        content=content,
        data_dir=data_dir,
        service=service,
        clock=clock,
        profile_id=profile.id,
        records=records,  # type: ignore[arg-type]
        close=close,
        course=course,
    )


def copy_demo(template: Demo, root: Path) -> Demo:
    """A fresh copy of a built (and closed) demo's data folder, with its own open service.

    Building the demo takes most of a second (every commit is flushed to disc), so a
    test module builds it once and each test works on a copy.
    """
    data_dir = root / "data"
    shutil.copytree(template.data_dir, data_dir)
    db = open_database(data_dir / "prism.db")
    clock = SteppingClock(template.clock.now)
    ctx = ServiceContext(course=template.course, db=db, data_dir=data_dir, assets=root, clock=clock)

    def close() -> None:
        close_database(db)

    return replace(
        template,
        root=root,
        data_dir=data_dir,
        service=CpdService(ctx),
        clock=clock,
        close=close,
    )


def take_quiz(
    quizzes: QuizRepo,
    clock: SteppingClock,
    profile_id: str,
    module_id: str,
    quiz: Quiz,
    *,
    score: float,
    seconds_per_answer: float = 40,
) -> None:
    """One finished attempt, each answer `seconds_per_answer` after the last."""
    questions = [q.id for q in quiz.questions]
    attempt = quizzes.start_attempt(profile_id, module_id, quiz.content_hash, questions)
    for question in questions:
        clock.advance(seconds=seconds_per_answer)
        quizzes.record_answer(attempt.id, question, [0], True)
    quizzes.finish_attempt(attempt.id, score, score >= 80)


def fixed_clock(moment: datetime = MADE_AT) -> Callable[[], datetime]:
    """A clock that always says `moment` (the commands read it for 'made on')."""
    return lambda: moment


GOLDEN_DIR = Path(__file__).resolve().parents[2] / "golden" / "cpd-service"
UPDATE_GOLDEN = os.environ.get("PRISM_UPDATE_GOLDEN") == "1"


def check_golden(name: str, data: bytes) -> None:
    """Compare `data` with tests/golden/cpd-service/<name> byte for byte.

    With PRISM_UPDATE_GOLDEN=1 the file is rewritten instead; read the diff before
    keeping it.
    """
    path = GOLDEN_DIR / name
    if UPDATE_GOLDEN:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return
    assert path.exists(), f"Golden file {path} is missing: run with PRISM_UPDATE_GOLDEN=1."
    assert data == path.read_bytes(), (
        f"{name} differs from its golden file. If the change is intended, rerun with "
        "PRISM_UPDATE_GOLDEN=1 and review the diff."
    )
