"""The home dashboard's figures in one call, so the page never runs its own queries.

Everything here reads small indexed tables (reading positions, study time per day,
quiz attempts, CPD records), never the event log, so the dashboard stays fast however
long a learner's history grows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop.cpd.registration_year import RegistrationYear
from desktop.cpd.requirements import YearCheck
from desktop.services.cpd import CpdService
from desktop.services.reading import ModuleStatus, ReadingService, ResumePoint
from desktop.services.refresh import RefreshService
from desktop.services.study_time import StudyTimeService


@dataclass(frozen=True)
class Dashboard:
    """What the home page shows for one learner."""

    resume: ResumePoint | None
    statuses: tuple[ModuleStatus, ...]
    year: RegistrationYear
    study_seconds_year: float
    study_seconds_all: float
    cpd: YearCheck
    refresh_due: int

    @property
    def modules_passed(self) -> int:
        return sum(1 for s in self.statuses if s.quiz_passed)

    @property
    def modules_available(self) -> int:
        return sum(1 for s in self.statuses if s.available)


class DashboardService:
    """Composes the reading, study-time, refresh and CPD services for the home page."""

    def __init__(
        self,
        reading: ReadingService,
        study_time: StudyTimeService,
        refresh: RefreshService,
        cpd: CpdService,
    ) -> None:
        self._reading = reading
        self._study_time = study_time
        self._refresh = refresh
        self._cpd = cpd

    def summary(self, profile_id: str, today: date | None = None) -> Dashboard:
        year = self._cpd.current_year(today)
        return Dashboard(
            resume=self._reading.resume(profile_id),
            statuses=tuple(self._reading.statuses(profile_id)),
            year=year,
            study_seconds_year=self._study_time.year_seconds(profile_id, year),
            study_seconds_all=self._study_time.total_seconds(
                profile_id, date(2000, 1, 1), date(9999, 12, 31)
            ),
            cpd=self._cpd.year_check(profile_id, year, today),
            refresh_due=self._refresh.due_count(profile_id, today),
        )
