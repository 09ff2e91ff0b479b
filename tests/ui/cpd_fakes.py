"""A small in-memory stand-in for `CpdService`, following /work/brief/cpd-api.md exactly.

The CPD screens were built while the real service was being written. This fake
keeps the same method names, arguments and return types, and leans on the pure
`desktop.cpd` package for every rule (year check, privacy scan, exports), so a
screen that works against it works against the real service too. Tests that
need a fixed "today" or a set of completed modules without studying use it.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Literal

from desktop.atomic_files import write_bytes_atomic
from desktop.cpd.export_csv import export_csv_bytes
from desktop.cpd.export_json import export_json, load_json
from desktop.cpd.export_text import export_text
from desktop.cpd.export_xapi import export_xapi
from desktop.cpd.form import CPD_TYPES
from desktop.cpd.portfolio_html import portfolio_html
from desktop.cpd.privacy import FieldFinding, scan_record
from desktop.cpd.records import CpdRecord, EvidenceLink
from desktop.cpd.registration_year import RegistrationYear, registration_year_for
from desktop.cpd.requirements import YearCheck, check_year
from desktop.services.startup import Services, start_services
from tests.helpers.course_builder import write_course

ExportFormat = Literal["text", "pdf", "csv", "json", "xapi"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = ("text", "pdf", "csv", "json", "xapi")
_EXTENSIONS = {"text": "txt", "pdf": "pdf", "csv": "csv", "json": "json", "xapi": "json"}

FAKE_TODAY = date(2026, 11, 21)


@dataclass(frozen=True)
class CompletedModule:
    module_id: str
    title: str
    first_activity: date
    completed_on: date
    minutes: int
    quiz_score: float | None
    standards: tuple[str, ...]
    reflection_ids: tuple[str, ...]


@dataclass(frozen=True)
class ExportPlan:
    format: ExportFormat
    records: tuple[CpdRecord, ...]
    year: RegistrationYear | None
    suggested_name: str
    findings: tuple[tuple[CpdRecord, tuple[FieldFinding, ...]], ...]
    warnings: tuple[str, ...]


@dataclass(frozen=True)
class Certificate:
    profile_name: str
    module_id: str
    module_title: str
    completed_on: date
    minutes: int
    score_percent: float | None
    code: str


def completed(
    module_id: str = "alpha",
    title: str = "Module Alpha",
    *,
    on: date = date(2026, 11, 18),
    minutes: int = 95,
    score: float | None = 90.0,
    standards: tuple[str, ...] = ("2.5", "4.6"),
    reflections: tuple[str, ...] = (),
) -> CompletedModule:
    """A completed module for the fake, with sensible defaults."""
    return CompletedModule(
        module_id=module_id,
        title=title,
        first_activity=on - timedelta(days=2),
        completed_on=on,
        minutes=minutes,
        quiz_score=score,
        standards=standards,
        reflection_ids=reflections,
    )


class FakeCpdService:
    """Records in a dict; `today` is fixed; everything else follows the contract."""

    def __init__(
        self,
        *,
        today: date = FAKE_TODAY,
        profile_names: dict[str, str] | None = None,
        modules: Sequence[CompletedModule] = (),
        reflections: dict[str, str] | None = None,
    ) -> None:
        self.today = today
        self.profile_names = profile_names or {}
        self.modules: dict[str, list[CompletedModule]] = {}
        self._default_modules = list(modules)
        self.reflections = reflections or {}
        self.records: dict[str, CpdRecord] = {}
        self.numbers: dict[str, str] = {}
        self.saves = 0
        self.written: list[Path] = []

    # records ------------------------------------------------------------------------
    def list(self, profile_id: str, year: RegistrationYear | None = None) -> list[CpdRecord]:
        mine = [r for r in self.records.values() if r.profile_id == profile_id]
        if year is not None:
            mine = [r for r in mine if r.start_date is not None and year.contains(r.start_date)]
        return sorted(mine, key=lambda r: (r.start_date or date.min, r.updated_utc), reverse=True)

    def unreadable(self, profile_id: str, year: RegistrationYear | None = None) -> list[str]:
        return []  # a fake holds only readable records

    def undated(self, profile_id: str) -> list[CpdRecord]:
        return [r for r in self.list(profile_id) if r.start_date is None]

    def first_start_date(self, profile_id: str) -> date | None:
        return min((r.start_date for r in self.list(profile_id) if r.start_date), default=None)

    def get(self, record_id: str) -> CpdRecord | None:
        return self.records.get(record_id)

    def new_blank(self, profile_id: str, today: date | None = None) -> CpdRecord:
        return CpdRecord(
            id=str(uuid.uuid4()),
            profile_id=profile_id,
            cpd_type=CPD_TYPES[0],
            title="",
            start_date=today or self.today,
        )

    def save(self, record: CpdRecord) -> CpdRecord:
        self.saves += 1
        stored = replace(record, updated_utc=datetime.now(UTC))
        self.records[record.id] = stored
        return stored

    def delete(self, record_id: str) -> CpdRecord:
        return self.records.pop(record_id)

    def restore(self, record: CpdRecord) -> CpdRecord:
        self.records[record.id] = record
        return record

    def mark_ready(self, record_id: str) -> list[str]:
        record = self.records[record_id]
        problems = record.problems()
        if not problems:
            self.save(replace(record, status="ready"))
        return problems

    def mark_draft(self, record_id: str) -> None:
        self.save(replace(self.records[record_id], status="draft"))

    def tracked_minutes(self, record: CpdRecord) -> int | None:
        modules = {link.ref for link in record.evidence if link.kind == "module"}
        known = [m for m in self.completed_modules(record.profile_id) if m.module_id in modules]
        return sum(m.minutes for m in known) if known else None

    def ready_concerns(self, record: CpdRecord) -> list[str]:
        from desktop.cpd.drafting import time_concerns

        return time_concerns(record.minutes, self.tracked_minutes(record))

    # drafting -----------------------------------------------------------------------
    def completed_modules(self, profile_id: str) -> list[CompletedModule]:
        return list(self.modules.get(profile_id, self._default_modules))

    def draft_from_modules(
        self, profile_id: str, module_ids: Sequence[str], *, include_reflections: bool
    ) -> CpdRecord:
        chosen = [m for m in self.completed_modules(profile_id) if m.module_id in module_ids]
        if not chosen:
            raise ValueError("Choose at least one completed module.")
        titles = [m.title for m in chosen]
        learning = ""
        if include_reflections:
            texts = [self.reflections[r] for m in chosen for r in m.reflection_ids]
            learning = "\n\n".join(t for t in texts if t)
        start = min(m.first_activity for m in chosen)
        end = max(m.completed_on for m in chosen)
        standards = sorted({s for m in chosen for s in m.standards})
        return CpdRecord(
            id=str(uuid.uuid4()),
            profile_id=profile_id,
            cpd_type="E-learning",
            title=" and ".join(titles),
            start_date=start,
            end_date=end if end != start else None,
            description=(
                f"I completed the Prism e-learning module{'s' if len(titles) > 1 else ''} "
                + ", ".join(f"‘{t}’" for t in titles)
                + "."
            ),
            learning=learning,
            minutes=sum(m.minutes for m in chosen),
            standards=tuple(standards),
            evidence=tuple(EvidenceLink("module", m.module_id, m.title) for m in chosen),
        )

    # the registration year ----------------------------------------------------------
    def current_year(self, today: date | None = None) -> RegistrationYear:
        return registration_year_for(today or self.today)

    def year_check(
        self, profile_id: str, year: RegistrationYear | None = None, today: date | None = None
    ) -> YearCheck:
        day = today or self.today
        return check_year(self.list(profile_id), year or self.current_year(day), day)

    def study_minutes(self, profile_id: str, year: RegistrationYear) -> int:
        return sum(
            m.minutes for m in self.completed_modules(profile_id) if year.contains(m.completed_on)
        )

    # exports ------------------------------------------------------------------------
    def plan_export(
        self,
        profile_id: str,
        fmt: ExportFormat,
        year: RegistrationYear | None,
        today: date | None = None,
    ) -> ExportPlan:
        day = today or self.today
        records = tuple(self.list(profile_id, year))
        findings = tuple((r, tuple(found)) for r in records if (found := scan_record(r)))
        warnings: list[str] = []
        drafts = [r for r in records if not r.is_ready]
        if drafts:
            warnings.append(
                f"{len(drafts)} of these records {'is' if len(drafts) == 1 else 'are'} "
                "still a draft."
            )
        label = year.label if year else "all-years"
        return ExportPlan(
            format=fmt,
            records=records,
            year=year,
            suggested_name=f"prism-cpd-{label}-{day.isoformat()}.{_EXTENSIONS[fmt]}",
            findings=findings,
            warnings=tuple(warnings),
        )

    def render_export(
        self, profile_id: str, plan: ExportPlan, *, registration_number: str | None = None
    ) -> bytes | str:
        name = self.profile_names.get(profile_id, "Learner")
        args = (plan.records, name, plan.year, self.today, registration_number)
        if plan.format == "pdf":
            return portfolio_html(*args)
        if plan.format == "csv":
            return export_csv_bytes(*args)
        maker = {"text": export_text, "json": export_json, "xapi": export_xapi}[plan.format]
        return maker(*args).encode("utf-8")

    def write_export(self, data: bytes, path: Path, *, overwrite: bool = False) -> Path:
        written = write_bytes_atomic(path, data, overwrite=overwrite)
        self.written.append(written)
        return written

    def import_json(self, profile_id: str, text: str) -> int:
        loaded = load_json(text)
        for record in loaded.records:
            self.records[record.id] = replace(record, profile_id=profile_id)
        return len(loaded.records)

    # certificates -------------------------------------------------------------------
    def certificate(self, profile_id: str, module_id: str) -> Certificate | None:
        module = next(
            (m for m in self.completed_modules(profile_id) if m.module_id == module_id), None
        )
        if module is None:
            return None
        digest = hashlib.sha256(f"{profile_id}/{module_id}".encode()).hexdigest().upper()
        code = f"PRISM-{digest[:4]}-{digest[4:8]}-{digest[8:12]}"
        return Certificate(
            profile_name=self.profile_names.get(profile_id, "Learner"),
            module_id=module_id,
            module_title=module.title,
            completed_on=module.completed_on,
            minutes=module.minutes,
            score_percent=module.quiz_score,
            code=code,
        )

    def verify(self, code: str) -> Certificate | None:
        wanted = code.strip().upper()
        for profile_id in {*self.modules, *self.profile_names}:
            for module in self.completed_modules(profile_id):
                found = self.certificate(profile_id, module.module_id)
                if found is not None and found.code == wanted:
                    return found
        return None

    # settings -----------------------------------------------------------------------
    def registration_number(self, profile_id: str) -> str | None:
        return self.numbers.get(profile_id)

    def set_registration_number(self, profile_id: str, number: str | None) -> None:
        if number:
            self.numbers[profile_id] = number
        else:
            self.numbers.pop(profile_id, None)

    def xapi_home_page(self) -> str:
        return "https://prism.invalid"


def make_services(folder: Path) -> Services:
    """Real services over the small test course, with data kept in `folder`."""
    write_course(folder / "course")
    return start_services(
        folder / "course" / "content", folder / "course" / "assets", folder / "data"
    )


def with_fake_cpd(services: Services, fake: FakeCpdService) -> Services:
    """The same services with the CPD service swapped for the fake (fixed today)."""
    services.cpd = fake  # type: ignore[assignment]
    return services


def complete_module(services: Services, profile_id: str, module_id: str) -> None:
    """Finish a module through the real services: ten minutes of active reading tracked,
    read to the end, then pass its quiz."""
    start = datetime.now(UTC) - timedelta(minutes=30)
    for step in range(21):
        services.study_time.activity(
            profile_id, module_id, "", at=start + timedelta(seconds=30 * step)
        )
    services.study_time.flush()
    services.reading.mark_read(profile_id, module_id)
    session = services.quizzes.start_new(profile_id, module_id)
    for question in session.questions:
        services.quizzes.answer(session, question.id, sorted(question.correct_indexes))
    services.quizzes.finish(session)
