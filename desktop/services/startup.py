"""Build everything the app needs from a content folder and a data folder.

Shared by the window and the command line, so both see the same course and store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop import paths
from desktop.course.loader import CourseError, load_course
from desktop.course.model import Course, Problem
from desktop.services import backups, capabilities, cpd, journal, refresh, search, study_time
from desktop.services.context import ServiceContext
from desktop.services.profiles import ProfileService
from desktop.services.quiz import QuizService
from desktop.services.reading import ReadingService
from desktop.services.scenarios import ScenarioService


class StartupError(Exception):
    """Prism cannot start; the message says what is wrong and what to do."""


@dataclass
class Services:
    course: Course
    problems: tuple[Problem, ...]
    assets: Path
    data_dir: Path
    db: object
    profiles: ProfileService
    reading: ReadingService
    quizzes: QuizService
    scenarios: ScenarioService
    journal: journal.JournalService
    capabilities: capabilities.CapabilityService
    search: search.SearchService
    study_time: study_time.StudyTimeService
    refresh: refresh.RefreshService
    cpd: cpd.CpdService
    backups: backups.BackupService

    def close(self) -> None:
        """Close the database cleanly (checkpointing the WAL)."""
        from desktop.store.database import close_database

        close_database(self.db)  # type: ignore[arg-type]


def start_services(content: Path, assets: Path, data_dir: Path) -> Services:
    try:
        loaded = load_course(content, assets)
    except CourseError as error:
        raise StartupError(
            f"The course could not be read: {error}.\n"
            "Reinstall Prism, or point --content-dir at a valid course folder."
        ) from None
    from desktop.store.database import open_database
    from desktop.store.errors import StoreError
    from desktop.store.events import EventLog
    from desktop.store.profiles import ProfileRepo
    from desktop.store.progress import ProgressRepo
    from desktop.store.quiz import QuizRepo
    from desktop.store.scenarios import ScenarioRepo

    try:
        db = open_database(paths.database_path(data_dir))
    except StoreError as error:
        raise StartupError(str(error)) from None
    except OSError as error:
        raise StartupError(
            f"Prism cannot use its data folder {data_dir}: {error.strerror}.\n"
            "Check the folder exists and you may write to it, or choose another with --data-dir."
        ) from None
    events = EventLog(db)
    quiz_repo, scenario_repo = QuizRepo(db), ScenarioRepo(db)
    reading = ReadingService(loaded.course, ProgressRepo(db), events, quiz_repo, scenario_repo)
    ctx = ServiceContext(course=loaded.course, db=db, data_dir=data_dir, assets=assets)
    return Services(
        course=loaded.course,
        problems=loaded.problems,
        assets=assets,
        data_dir=data_dir,
        db=db,
        profiles=ProfileService(ProfileRepo(db)),
        reading=reading,
        quizzes=QuizService(loaded.course, quiz_repo),
        scenarios=ScenarioService(loaded.course, scenario_repo),
        journal=journal.create(ctx),
        capabilities=capabilities.create(ctx),
        search=search.create(ctx),
        study_time=study_time.create(ctx),
        refresh=refresh.create(ctx),
        cpd=cpd.create(ctx),
        backups=backups.create(ctx),
    )
