"""Build everything the app needs from a content folder and a data folder.

Shared by the window and the command line, so both see the same course and store.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.course.model import Course, Problem
from desktop.course.outline import SectionIndex
from desktop.services import backups, cpd, refresh, study_time
from desktop.services.context import ServiceContext
from desktop.services.dashboard import DashboardService
from desktop.services.preferences import PreferencesService
from desktop.services.privacy_lock import PassphraseService
from desktop.services.profiles import ProfileService
from desktop.services.reading import ReadingService

if TYPE_CHECKING:
    from desktop.course.cache import CachedCourse
    from desktop.cpd.records import CpdRecord
    from desktop.services.archive import ArchiveService, PassphrasePrompt
    from desktop.services.capabilities import CapabilityService
    from desktop.services.journal import JournalService
    from desktop.services.packs import PackService
    from desktop.services.quiz import QuizService
    from desktop.services.recovery import ChooseRecovery
    from desktop.services.scenarios import ScenarioService
    from desktop.services.search import SearchService
    from desktop.services.team_sessions import TeamSessionService
    from desktop.services.team_summary import TeamSummaryService
    from desktop.store.connection import Database


class StartupError(Exception):
    """Prism cannot start; the message says what is wrong and what to do."""


@dataclass
class Services:
    """Every service, over one course and one open database.

    The fields are what the home page needs, built at start-up. The rest (quizzes,
    scenarios, journal, capabilities, search, team sessions, archive, team summary) are
    built, and their modules imported, the first time something asks for them: the
    launch budget has no room for code the first screen does not run.
    """

    context: ServiceContext  # the course, database and folders every service is built on
    problems: tuple[Problem, ...]
    profiles: ProfileService
    reading: ReadingService
    study_time: study_time.StudyTimeService
    refresh: refresh.RefreshService
    cpd: cpd.CpdService
    backups: backups.BackupService
    dashboard: DashboardService
    preferences: PreferencesService
    # Passphrases and locking. Every repository on ``db`` shares one key ring
    # (desktop/store/keys.py: keyring_for), so nothing else needs the keys passed in.
    passphrases: PassphraseService
    # Asked for a protected archive's passphrase on import; given to the archive
    # service whenever it is built (the window sets it before any import can start).
    archive_passphrase_prompt: PassphrasePrompt | None = field(default=None, repr=False)

    @property
    def course(self) -> Course:
        return self.context.course

    @property
    def assets(self) -> Path:
        return self.context.assets

    @property
    def data_dir(self) -> Path:
        return self.context.data_dir

    @property
    def db(self) -> Database:
        return self.context.db

    @cached_property
    def quizzes(self) -> QuizService:
        from desktop.services.quiz import QuizService
        from desktop.store.quiz import QuizRepo

        return QuizService(self.course, QuizRepo(self.db))

    @cached_property
    def scenarios(self) -> ScenarioService:
        from desktop.services.scenarios import ScenarioService
        from desktop.store.scenarios import ScenarioRepo

        return ScenarioService(self.course, ScenarioRepo(self.db))

    @cached_property
    def journal(self) -> JournalService:
        from desktop.services import journal

        return journal.create(self.context)

    @cached_property
    def capabilities(self) -> CapabilityService:
        from desktop.services import capabilities

        return capabilities.create(self.context)

    @cached_property
    def search(self) -> SearchService:
        from desktop.services import search

        return search.create(self.context)

    @cached_property
    def team_sessions(self) -> TeamSessionService:
        from desktop.services import team_sessions

        return team_sessions.create(self.context, self.cpd)

    def deliver_team_drafts(self, profile_id: str) -> list[CpdRecord]:
        """Give a profile being opened the drafts its team sessions still owe it.

        Asks the store first, so the usual answer (nothing owed) costs one query and
        never builds the team-session service.
        """
        from desktop.store.team_session_status import drafts_owed

        if not drafts_owed(self.db, profile_id):
            return []
        return self.team_sessions.deliver_pending(profile_id)

    @cached_property
    def archive(self) -> ArchiveService:
        from desktop.services import archive

        service = archive.create(self.context)
        if service.passphrase_prompt is None:
            service.passphrase_prompt = self.archive_passphrase_prompt
        return service

    @cached_property
    def packs(self) -> PackService:
        from desktop.services import packs

        return packs.create(self.context)

    @cached_property
    def team_summary(self) -> TeamSummaryService:
        from desktop.services import team_summary

        return team_summary.create(self.context)

    def close(self) -> None:
        """Close the database cleanly (checkpointing the WAL)."""
        from desktop.store.database import close_database

        close_database(self.db)


def start_services(
    content: Path,
    assets: Path,
    data_dir: Path,
    choose_recovery: ChooseRecovery | None = None,
    cache_dir: Path | None = None,
    *,
    defer_backup: bool = False,
) -> Services:
    """Load the course, open (or recover) the database and build every service.

    ``choose_recovery`` is asked what to do when the database is damaged or from a
    newer Prism (restore the newest good backup, start empty, or quit); without it
    such a file stops start-up with a plain message, and is never changed.
    ``cache_dir``, when given, keeps the parsed course between launches
    (``desktop.course.cache``); without it the course is read afresh each time.
    ``defer_backup``: leave today's automatic backup to the window, which streams it
    in the background after its first paint (`desktop.ui.shell.after_start`).
    """
    loaded = _load_course(content, assets, cache_dir, data_dir)
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
    sections = SectionIndex(loaded.sections)
    reading = ReadingService(
        loaded.course, ProgressRepo(db), events, quiz_repo, scenario_repo, sections, cache_dir
    )
    ctx = ServiceContext(
        course=loaded.course, db=db, data_dir=data_dir, assets=assets, sections=sections
    )
    study, refreshes, records = study_time.create(ctx), refresh.create(ctx), cpd.create(ctx)
    services = Services(
        context=ctx,
        problems=loaded.problems,
        profiles=ProfileService(ProfileRepo(db)),
        reading=reading,
        study_time=study,
        refresh=refreshes,
        cpd=records,
        backups=backups.create(ctx),
        dashboard=DashboardService(reading, study, refreshes, records),
        preferences=PreferencesService(db),
        passphrases=PassphraseService(db),
    )
    # Today's backup (unless the window takes it later), and what recovery did.
    services.backups.start_up(
        opened.report.message() if opened.report is not None else None,
        take_backup=not defer_backup,
    )
    return services


def _load_course(
    content: Path, assets: Path, cache_dir: Path | None, data_dir: Path | None = None
) -> CachedCourse:
    """The course (with the data folder's packs) from the cache when nothing has changed,
    else read (and cached)."""
    from desktop.course import cache

    key = ""
    if cache_dir is not None:
        key = cache.fingerprint(content.resolve(), assets.resolve(), data_dir)
        found = cache.read(cache_dir, key)
        if found is not None:
            return found
    from desktop.course.loader import CourseError, load_course

    try:
        # The word count is for authors (prism content check); it would only slow the launch.
        loaded = load_course(content, assets, authoring_checks=False)
    except CourseError as error:
        raise StartupError(
            f"The course could not be read: {error}.\n"
            "Reinstall Prism, or point --content-dir at a valid course folder."
        ) from None
    from desktop.course.packs import load_installed_packs

    course, problems = load_installed_packs(loaded.course, loaded.problems, data_dir)
    if cache_dir is None:
        return cache.CachedCourse(course, problems, {})
    # Rendered now, once, so the launches after this one render nothing.
    sections = SectionIndex()
    for module in course.modules:
        sections.sections(module)
    fresh = cache.CachedCourse(course, problems, sections.known())
    cache.write(cache_dir, key, fresh)
    return fresh
