"""Build everything the app needs from a content folder and a data folder.

Shared by the window and the command line, so both see the same course and store.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.course.loader import CourseError, load_course
from desktop.course.model import Course, Problem
from desktop.services import (
    archive,
    backups,
    capabilities,
    cpd,
    journal,
    refresh,
    search,
    study_time,
    team_sessions,
    team_summary,
)
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DashboardService
from desktop.services.preferences import PreferencesService
from desktop.services.privacy_lock import PassphraseService
from desktop.services.profiles import ProfileService
from desktop.services.quiz import QuizService
from desktop.services.reading import ReadingService
from desktop.services.scenarios import ScenarioService

if TYPE_CHECKING:
    from desktop.services.recovery import ChooseRecovery


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
    dashboard: DashboardService
    team_sessions: team_sessions.TeamSessionService
    archive: archive.ArchiveService
    team_summary: team_summary.TeamSummaryService
    preferences: PreferencesService
    # Passphrases and locking. Every repository on ``db`` shares one key ring
    # (desktop/store/keys.py: keyring_for), so nothing else needs the keys passed in.
    passphrases: PassphraseService

    def close(self) -> None:
        """Close the database cleanly (checkpointing the WAL)."""
        from desktop.store.database import close_database

        close_database(self.db)  # type: ignore[arg-type]


def start_services(
    content: Path, assets: Path, data_dir: Path, choose_recovery: ChooseRecovery | None = None
) -> Services:
    """Load the course, open (or recover) the database and build every service.

    ``choose_recovery`` is asked what to do when the database is damaged or from a
    newer Prism (restore the newest good backup, start empty, or quit); without it
    such a file stops start-up with a plain message, and is never changed.
    """
    try:
        # The word count is for authors (prism content check); it would only slow the launch.
        loaded = load_course(content, assets, authoring_checks=False)
    except CourseError as error:
        raise StartupError(
            f"The course could not be read: {error}.\n"
            "Reinstall Prism, or point --content-dir at a valid course folder."
        ) from None
    from desktop.services.recovery import RecoveryError, open_for_start
    from desktop.store.errors import StoreError
    from desktop.store.events import EventLog
    from desktop.store.profiles import ProfileRepo
    from desktop.store.progress import ProgressRepo
    from desktop.store.quiz import QuizRepo
    from desktop.store.scenarios import ScenarioRepo

    try:
        opened = open_for_start(data_dir, choose_recovery)
    except (RecoveryError, StoreError) as error:
        raise StartupError(str(error)) from None
    except OSError as error:
        raise StartupError(
            f"Prism cannot use its data folder {data_dir}: {error.strerror}.\n"
            "Check the folder exists and you may write to it, or choose another with --data-dir."
        ) from None
    db = opened.db
    events = EventLog(db)
    quiz_repo, scenario_repo = QuizRepo(db), ScenarioRepo(db)
    reading = ReadingService(loaded.course, ProgressRepo(db), events, quiz_repo, scenario_repo)
    ctx = ServiceContext(course=loaded.course, db=db, data_dir=data_dir, assets=assets)
    study, refreshes, records = study_time.create(ctx), refresh.create(ctx), cpd.create(ctx)
    services = Services(
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
        study_time=study,
        refresh=refreshes,
        cpd=records,
        backups=backups.create(ctx),
        dashboard=DashboardService(reading, study, refreshes, records),
        team_sessions=team_sessions.create(ctx, records),
        archive=archive.create(ctx),
        team_summary=team_summary.create(ctx),
        preferences=PreferencesService(db),
        passphrases=PassphraseService(db),
    )
    services.backups.start_up(opened.report)  # today's backup, and what recovery did
    return services
