"""The team summary a training lead collects from a shared laptop, as a CSV file.

One row per profile whose learner agreed to be included (off by default): the name,
how many modules are completed, whether each module's quiz is passed, and the day
of the latest activity. Nothing a learner wrote (reflections, notes, CPD text) and no
scores or answers go in: the lead sees completion, not performance detail.

A passphrase-protected profile's consent flag could be switched on by anyone with the
file, and the summary runs with no key held, so it cannot check the flag's seal. Such a
profile is therefore shown only from what it *published* itself while unlocked, with
its consent verified (``store.seal_ledger.publish_summary``: at unlock, at each change
of its settings, and when it is locked): switching the flag on by hand adds nothing.
While the profile is unlocked in this session, its live progress is shown instead,
after checking its settings' seal. The flag switched *off* by hand is respected (it can
only leave someone out). What stays open: someone who writes a whole published entry by
hand can still add a protected learner; the owner is told, and it is removed, at their
next unlock. See "What a passphrase protects" in the README.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, replace
from datetime import date, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.atomic_files import write_bytes_atomic
from desktop.course.model import Course
from desktop.cpd.export_csv import safe_cell
from desktop.store.keys import keyring_for
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.seal_ledger import published_summaries, settings_trusted

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
    from desktop.store.connection import Database

YES, NO = "Yes", "No"
NO_QUIZ = "No quiz"


@dataclass(frozen=True)
class TeamSummaryRow:
    """One learner's line: completion per module and the day they were last active."""

    profile_name: str
    modules_completed: int
    quiz_passed: tuple[bool | None, ...]  # per course module, in order; None: no quiz
    last_active: date | None


class TeamSummaryService:
    """Builds the consenting profiles' summary; writes it atomically as UTF-8 CSV."""

    def __init__(self, course: Course, db: Database, tz: tzinfo | None = None) -> None:
        self._course = course
        self._profiles = ProfileRepo(db)
        self._progress = ProgressRepo(db)
        self._quizzes = QuizRepo(db)
        self._db = db
        self._tz = tz  # None: the computer's own zone, so "last active" is a local day

    def included_count(self) -> int:
        """How many profiles agreed to be in the summary (0: the file would be empty)."""
        return len(self._included())

    def _included(self) -> list[tuple[Profile, set[str], set[str], str | None]]:
        """(profile, modules read, quizzes passed, last activity) of each included one."""
        ring = keyring_for(self._db)
        protected = ring.protected_ids()
        published = published_summaries(self._db) if protected else {}
        last_activity = self._profiles.last_activity()
        out = []
        for profile in self._profiles.included_in_team_summary():
            if profile.id not in protected:
                facts = (
                    self._progress.read_modules(profile.id),
                    self._quizzes.modules_passed(profile.id),
                    last_activity.get(profile.id),
                )
            elif ring.is_unlocked(profile.id):
                sealer = ring.sealer_for(profile.id)
                if sealer is None or not settings_trusted(self._db, profile.id, sealer):
                    continue  # consent not the owner's own: left out
                facts = (
                    self._progress.read_modules(profile.id),
                    self._quizzes.modules_passed(profile.id),
                    last_activity.get(profile.id),
                )
            elif profile.id in published:
                entry = published[profile.id]
                profile = replace(profile, name=entry.name)  # not a name changed by hand
                facts = (set(entry.read), set(entry.passed), entry.last_active)
            else:
                continue  # a flag nobody can vouch for now
            out.append((profile, *facts))
        return out

    def rows(self) -> list[TeamSummaryRow]:
        """The summary rows, by name; only profiles that agreed to be included."""
        modules = self._course.modules
        rows = []
        for profile, read, passed, stamp in self._included():
            quiz_passed = tuple(
                None if module.quiz is None else module.id in passed for module in modules
            )
            completed = sum(
                1
                for module, quiz in zip(modules, quiz_passed, strict=True)
                if module.id in read and quiz is not False
            )
            rows.append(
                TeamSummaryRow(profile.name, completed, quiz_passed, self._local_day(stamp))
            )
        return rows

    def header(self) -> list[str]:
        titles = [f"Quiz passed: {module.title}" for module in self._course.modules]
        return ["Profile", "Modules completed", "Modules in course", *titles, "Last active"]

    def csv_bytes(self) -> bytes:
        """The CSV (header first) as UTF-8 with a byte-order mark, which Excel needs."""
        out = io.StringIO(newline="")
        writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
        writer.writerow(self.header())
        total = len(self._course.modules)
        for row in self.rows():
            writer.writerow(
                [
                    safe_cell(row.profile_name),
                    row.modules_completed,
                    total,
                    *(NO_QUIZ if p is None else YES if p else NO for p in row.quiz_passed),
                    row.last_active.isoformat() if row.last_active else "",
                ]
            )
        return out.getvalue().encode("utf-8-sig")

    def write_csv(self, path: Path, *, overwrite: bool = False) -> Path:
        """Write the CSV atomically; raises ``TargetExistsError`` rather than overwrite."""
        return write_bytes_atomic(Path(path), self.csv_bytes(), overwrite=overwrite)

    def _local_day(self, stamp: str | None) -> date | None:
        if not stamp:
            return None
        from desktop.store.timestamps import parse_utc

        moment = parse_utc(stamp)
        return None if moment is None else moment.astimezone(self._tz).date()


def create(ctx: ServiceContext) -> TeamSummaryService:
    """Build the service from the shared start-up context."""
    return TeamSummaryService(ctx.course, ctx.db)
