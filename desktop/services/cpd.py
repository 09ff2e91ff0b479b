"""CPD records: drafts from real learning, the registration-year check, exports and certificates.

The contract with the CPD screens is in ``brief/cpd-api.md``; the rules behind it:

- A draft made from modules only states what the log shows (type, title, dates,
  tracked time, the modules' standards, links to the evidence) and describes the
  activity in first-person sentences built from those facts, never from text
  written to the reader. "What I learnt" is filled only from the
  learner's own reflections, and only when they ask; "Impact" is always theirs to
  write. Prism never invents learning or time.
- Saving keeps the version it replaces (``cpd_record_history``), deleting keeps the
  deleted version, and importing never overwrites a newer edit.
- Exports are planned first (which records, a privacy check, warnings, a dated file
  name), then rendered; PDF bytes are made in ``desktop.ui.pdf`` from the HTML here.
"""

from __future__ import annotations

import builtins
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

from desktop.atomic_files import write_bytes_atomic
from desktop.cpd.form import CPD_TYPES
from desktop.cpd.formatting import format_date_uk, study_minutes
from desktop.cpd.records import CpdRecord, EvidenceLink
from desktop.cpd.registration_year import RegistrationYear, registration_year_for, uk_date
from desktop.cpd.requirements import YearCheck, check_year
from desktop.cpd.schema import CpdImportError
from desktop.services.context import ServiceContext
from desktop.store.clock import Clock, system_clock
from desktop.store.cpd_records import CpdRecordRepo, CpdRecordUnreadableError
from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.settings import SettingsRepo
from desktop.store.timestamps import shown_utc

if TYPE_CHECKING:
    from desktop.cpd.learning import CompletedModule, QuizResult
    from desktop.cpd.privacy import FieldFinding
    from desktop.services.certificates import Certificate
    from desktop.services.learning_log import Completion, LearningLog

__all__ = [
    "EXPORT_FORMATS",
    "CompletedModule",
    "CpdImportError",
    "CpdService",
    "ExportFormat",
    "ExportPlan",
    "create",
]

ExportFormat = Literal["text", "pdf", "csv", "json", "xapi"]
EXPORT_FORMATS: tuple[ExportFormat, ...] = get_args(ExportFormat)
FILE_EXTENSIONS: dict[str, str] = {
    "text": "txt",
    "pdf": "pdf",
    "csv": "csv",
    "json": "json",
    "xapi": "xapi.json",
}
FORMAT_LABELS: dict[str, str] = {
    "text": "Text to paste into the online form",
    "pdf": "PDF portfolio",
    "csv": "CSV spreadsheet",
    "json": "JSON (backup and import)",
    "xapi": "xAPI statements (for a learning record store)",
}

E_LEARNING = "E-learning"
DEFAULT_XAPI_HOME_PAGE = "https://prism.invalid"
REGISTRATION_NUMBER_KEY = "cpd.registration_number"
OUTSIDE_SAMPLE = 50  # records read to name in the "dated outside the year" warning
XAPI_HOME_PAGE_KEY = "xapi.home_page"
_URL = r"(?i)^https?://[^\s/]+(/\S*)?$"  # compiled (and cached) by re on first use


@dataclass(frozen=True)
class ExportPlan:
    """What an export will contain, before anything is written.

    `findings` lists, per record, details that may identify someone (empty when
    clean); `warnings` say what else to look at (drafts, records outside the year).
    `completions` are the modules completed in the period (the PDF appendix and the
    xAPI statements use them); `made_on` is when the plan was made.
    `include_failed_attempts`: the PDF's learning appendix lists quiz attempts that did
    not pass too (off by default: a learner's practice runs are theirs to share).
    """

    format: ExportFormat
    records: tuple[CpdRecord, ...]
    year: RegistrationYear | None
    suggested_name: str
    findings: tuple[tuple[CpdRecord, tuple[FieldFinding, ...]], ...]
    warnings: tuple[str, ...]
    profile_id: str = ""
    profile_name: str = ""
    made_on: date | datetime | None = None
    completions: tuple[CompletedModule, ...] = ()
    include_failed_attempts: bool = False

    @property
    def has_identifying_details(self) -> bool:
        """True when any finding is more than a plain date (those are often harmless)."""
        return any(not f.finding.is_soft for _, found in self.findings for f in found)


class CpdService:
    """Everything the CPD screens and `prism cpd` do, over one database and course."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx
        self._clock: Clock = ctx.clock or system_clock
        self._records = CpdRecordRepo(ctx.db, self._clock)
        self._profiles = ProfileRepo(ctx.db, self._clock)
        self._settings = SettingsRepo(ctx.db)
        self._reflections = ReflectionRepo(ctx.db, self._clock)

    # What is only needed to draft, export or certify is imported on first use: the
    # home page's year check needs none of it, and together it costs the launch ~25 ms.
    @cached_property
    def _log(self) -> LearningLog:
        from desktop.services.learning_log import LearningLog

        return LearningLog(self._ctx.db, self._ctx.course, self._clock)

    # -- records --------------------------------------------------------------------------

    def list(
        self, profile_id: str, year: RegistrationYear | None = None
    ) -> builtins.list[CpdRecord]:
        """A profile's records, newest first (undated drafts at the top); one year or all.

        A year's records are chosen in SQL, so ten years of records cost one year's. A
        record that cannot be read is left out (``unreadable`` names it), so one damaged
        row never hides the rest of the page.
        """
        if year is None:
            return self._readable(profile_id)[0]
        records, _unreadable = self._readable(
            profile_id, first_day=year.start.isoformat(), last_day=year.end.isoformat()
        )
        return [r for r in records if r.start_date is not None and year.contains(r.start_date)]

    def unreadable(
        self, profile_id: str, year: RegistrationYear | None = None
    ) -> builtins.list[str]:
        """The ids of the profile's records that cannot be read (for the page to mark):
        of ``year`` and the undated ones when given (only those rows are read, so ten
        years of records cost one year's), of every record otherwise."""
        if year is None:
            return self._readable(profile_id)[1]
        days = {"first_day": year.start.isoformat(), "last_day": year.end.isoformat()}
        return self._readable(profile_id, **days)[1] + self._readable(profile_id, undated=True)[1]

    def _readable(
        self, profile_id: str, **chosen: Any
    ) -> tuple[builtins.list[CpdRecord], builtins.list[str]]:
        """Records (``chosen``: the store's day filters) and the ids that cannot be read."""
        unreadable: builtins.list[str] = []
        records = []
        for data in self._records.list(profile_id, unreadable, **chosen):
            try:
                records.append(_from_data(data))
            except CpdRecordUnreadableError as error:
                unreadable.append(error.record_id)
        return records, unreadable

    def undated(self, profile_id: str) -> builtins.list[CpdRecord]:
        """Records with no date (they belong to no year), newest edit first."""
        return self._readable(profile_id, undated=True)[0]

    def first_start_date(self, profile_id: str) -> date | None:
        """The earliest date any of the profile's records starts on, or None."""
        found = self._records.first_start_date(profile_id)
        try:
            return date.fromisoformat(found) if found else None
        except ValueError:
            return None

    def get(self, record_id: str) -> CpdRecord | None:
        """The record with this id, or None."""
        data = self._records.get(record_id)
        return None if data is None else _from_data(data)

    def new_blank(self, profile_id: str, today: date | None = None) -> CpdRecord:
        """An unsaved, empty draft dated today, of the first CPD type."""
        now = self._clock()
        return CpdRecord(
            id=_new_record_id(),
            profile_id=profile_id,
            cpd_type=CPD_TYPES[0],
            title="",
            start_date=today or uk_date(now),
            status="draft",
            created_utc=now,
            updated_utc=now,
        )

    def save(self, record: CpdRecord) -> CpdRecord:
        """Insert or update in one transaction; returns the stored value.

        The previous version goes to history. Saving what is already stored changes
        nothing. The creation time is set on the first save and kept after. A record
        marked ready that no longer passes its checks is saved as a draft, so "ready"
        always means ready to submit.
        """
        stored = self.get(record.id)
        if stored is not None and _same_content(stored, record):
            return stored
        status = record.status if record.is_ready and not record.problems() else "draft"
        now = self._clock()
        # A record is created when it is first saved; after that its creation time is kept.
        created = stored.created_utc if stored is not None else now
        saved = replace(record, status=status, created_utc=created, updated_utc=now)
        return _from_data(self._records.save(saved.to_dict()))

    def delete(self, record_id: str) -> CpdRecord:
        """Delete a record and return it, so the screen can offer Undo (see `restore`)."""
        return _from_data(self._records.delete(record_id))

    def restore(self, record: CpdRecord) -> CpdRecord:
        """Undo a delete: the record comes back exactly as it was."""
        return _from_data(self._records.restore(record.to_dict()))

    def mark_ready(self, record_id: str) -> builtins.list[str]:
        """Mark a record ready to submit; returns [] or the problems that stop it."""
        record = self._require(record_id)
        problems = record.problems()
        if not problems and not record.is_ready:
            self.save(replace(record, status="ready"))
        return problems

    def tracked_minutes(self, record: CpdRecord) -> int | None:
        """Active time Prism tracked on the modules a record links to; None if it links none."""
        modules = {link.ref for link in record.evidence if link.kind == "module"}
        if not modules:
            return None
        seconds = sum(self._log.module_seconds(record.profile_id, m) for m in modules)
        return study_minutes(seconds)

    def ready_concerns(self, record: CpdRecord) -> builtins.list[str]:
        """What to confirm before marking ``record`` ready: its time against what was tracked."""
        from desktop.cpd.drafting import time_concerns

        return time_concerns(record.minutes, self.tracked_minutes(record))

    def mark_draft(self, record_id: str) -> None:
        """Put a record back into draft."""
        record = self._require(record_id)
        if record.is_ready:
            self.save(replace(record, status="draft"))

    def history(self, record_id: str) -> builtins.list[tuple[str, CpdRecord]]:
        """Earlier versions of a record as (replaced UTC time, record), newest first."""
        return [(v.replaced_utc, _from_data(v.data)) for v in self._records.history(record_id)]

    # -- drafting from learning ---------------------------------------------------------------

    def completed_modules(self, profile_id: str) -> builtins.list[CompletedModule]:
        """Modules read to the end with their quiz passed (or read, if no quiz), course order."""
        return self._log.completed_modules(profile_id)

    def draft_from_modules(
        self, profile_id: str, module_ids: Sequence[str], *, include_reflections: bool
    ) -> CpdRecord:
        """An unsaved draft describing the chosen completed modules.

        Type, title, dates, tracked minutes, standards (4.x first) and evidence links
        come from the log and the course; the description is first-person sentences
        built from those facts (``desktop.cpd.drafting``). "What I learnt" holds the
        learner's own reflections only when `include_reflections` is True; "Impact" is
        left for them. Raises ValueError naming any module that is not completed.
        """
        if not module_ids:
            raise ValueError("Choose at least one completed module to make a CPD record from.")
        completed = {m.module_id: m for m in self.completed_modules(profile_id)}
        missing = [m for m in module_ids if m not in completed]
        if missing:
            raise ValueError(
                "These modules are not completed yet, so they cannot go into a CPD record: "
                f"{', '.join(missing)}. Read each module to the end and pass its quiz first."
            )
        chosen = [completed[m] for m in dict.fromkeys(module_ids)]
        start = min(m.first_activity for m in chosen)
        end = max(m.completed_on for m in chosen)
        now = self._clock()
        return CpdRecord(
            id=_new_record_id(),
            profile_id=profile_id,
            cpd_type=E_LEARNING,
            title=self._draft_title(chosen),
            start_date=start,
            end_date=end if end != start else None,
            description=self._draft_description(chosen),
            learning=self._draft_learning(profile_id, chosen) if include_reflections else "",
            impact="",
            minutes=study_minutes(sum(m.seconds for m in chosen)),
            standards=sort_standards({s for m in chosen for s in m.standards}),
            evidence=self._draft_evidence(profile_id, chosen),
            status="draft",
            created_utc=now,
            updated_utc=now,
        )

    def _draft_title(self, chosen: Sequence[CompletedModule]) -> str:
        if len(chosen) == 1:
            return f"Prism course: {chosen[0].title}"
        return f"Prism course: {len(chosen)} modules on {_lower_first(self._ctx.course.title)}"

    def _draft_description(self, chosen: Sequence[CompletedModule]) -> str:
        from desktop.cpd.drafting import describe

        return describe(self._ctx.course.title, chosen)

    def _draft_learning(self, profile_id: str, chosen: Sequence[CompletedModule]) -> str:
        texts = {r.id: r.text.strip() for r in self._reflections.list(profile_id)}
        parts = []
        for done in chosen:
            mine = [texts[i] for i in done.reflection_ids if texts.get(i)]
            if not mine:
                continue
            if len(chosen) > 1:
                parts.append(f"From my reflections on ‘{done.title}’:")
            parts += mine
        return "\n\n".join(parts)

    def _draft_evidence(
        self, profile_id: str, chosen: Sequence[CompletedModule]
    ) -> tuple[EvidenceLink, ...]:
        written = {r.id: r for r in self._reflections.list(profile_id)}
        links: list[EvidenceLink] = []
        from desktop.cpd.learning import format_score

        for done in chosen:
            module = self._ctx.course.module(done.module_id)
            links.append(EvidenceLink("module", done.module_id, done.title))
            if done.quiz_score is not None:
                links.append(
                    EvidenceLink(
                        "quiz",
                        f"{done.module_id}/quiz",
                        f"{done.title}: quiz passed, best score {format_score(done.quiz_score)}",
                    )
                )
            if done.scenario_completed and module is not None and module.scenario is not None:
                links.append(EvidenceLink("scenario", module.scenario.id, module.scenario.title))
            for reflection_id in done.reflection_ids:
                note = written.get(reflection_id)
                if note is None:
                    continue
                # The label never quotes the reflection: exports show it to others.
                day = format_date_uk(uk_date(shown_utc(note.created_utc)))
                links.append(
                    EvidenceLink(
                        "reflection", reflection_id, f"Reflection on ‘{done.title}’, {day}"
                    )
                )
        return tuple(links)

    # -- the registration year -----------------------------------------------------------------

    def current_year(self, today: date | None = None) -> RegistrationYear:
        """The registration year today (UK date) falls in."""
        return registration_year_for(today or self._clock())

    def year_check(
        self,
        profile_id: str,
        year: RegistrationYear | None = None,
        today: date | None = None,
    ) -> YearCheck:
        """Records in the year, peer reflection, standard 4 coverage, days left, warnings."""
        day = today or uk_date(self._clock())
        year = year or self.current_year(day)
        # Only the year's records are read, plus a few of the others to name in the
        # "dated outside" warning: the check costs the same after ten years of records.
        count, sample = self._records.outside(
            profile_id, year.start.isoformat(), year.end.isoformat(), OUTSIDE_SAMPLE
        )
        outside = (count, [_from_data(d) for d in sample])
        return check_year(self.list(profile_id, year), year, day, outside=outside)

    def study_minutes(self, profile_id: str, year: RegistrationYear) -> int:
        """Tracked active study time in that year (reading, quiz and scenario steps)."""
        return study_minutes(self._log.seconds_in(profile_id, year))

    # -- exports --------------------------------------------------------------------------------

    def plan_export(
        self,
        profile_id: str,
        fmt: ExportFormat,
        year: RegistrationYear | None,
        today: date | None = None,
    ) -> ExportPlan:
        """Choose the records, run the privacy check and gather warnings; writes nothing."""
        if fmt not in EXPORT_FORMATS:
            raise ValueError(
                f"‘{fmt}’ is not an export format. Choose one of: {', '.join(EXPORT_FORMATS)}."
            )
        name = self._profile_name(profile_id)
        made_on: date | datetime = today if today is not None else self._clock()
        day = uk_date(made_on)
        from desktop.cpd.presentation import select_records
        from desktop.cpd.privacy import scan_record

        if year is not None:  # the year's records only, chosen in SQL
            chosen = select_records(self.list(profile_id, year), year)
            warnings = self.year_check(profile_id, year, day).warnings
        else:
            everything = self.list(profile_id)
            chosen = select_records(everything, year)
            warnings = self._export_warnings(everything, chosen, year, day)
        if fmt == "xapi" and (drafts := [r for r in chosen if not r.is_ready]):
            # A learning record store reads every statement as a claim of finished
            # learning, so the file holds ready records only (see cpd/export_xapi.py).
            them = "it" if len(drafts) == 1 else "them"
            warnings = (
                *warnings,
                f"The xAPI file leaves out {_count(len(drafts), 'draft record')}: "
                f"{_titles(drafts)}. Mark {them} ready to include {them}.",
            )
        # The xAPI file carries none of the words (see cpd/export_xapi.py), so there is
        # nothing in it for the privacy check to find.
        findings = tuple(
            (record, tuple(found))
            for record in (chosen if fmt != "xapi" else ())
            if (found := scan_record(record))
        )
        from desktop.cpd.learning import completions_in

        completions = completions_in(self.completed_modules(profile_id), year)
        label = year.label if year is not None else "all"
        return ExportPlan(
            format=fmt,
            records=chosen,
            year=year,
            suggested_name=f"prism-cpd-{label}-{day.isoformat()}.{FILE_EXTENSIONS[fmt]}",
            findings=findings,
            warnings=warnings,
            profile_id=profile_id,
            profile_name=name,
            made_on=made_on,
            completions=completions,
        )

    @staticmethod
    def _export_warnings(
        everything: Sequence[CpdRecord],
        chosen: Sequence[CpdRecord],
        year: RegistrationYear | None,
        today: date,
    ) -> tuple[str, ...]:
        if year is not None:
            return check_year(everything, year, today).warnings
        warnings = []
        drafts = [r for r in chosen if not r.is_ready]
        if drafts:
            warnings.append(
                f"{_count(len(drafts), 'record')} {'is' if len(drafts) == 1 else 'are'} still "
                f"in draft: {_titles(drafts)}."
            )
        undated = [r for r in chosen if r.start_date is None]
        if undated:
            warnings.append(
                f"{_count(len(undated), 'record')} {'has' if len(undated) == 1 else 'have'} no "
                f"date, so {'it counts' if len(undated) == 1 else 'they count'} towards no "
                f"registration year: {_titles(undated)}."
            )
        return tuple(warnings)

    def render_export(
        self, profile_id: str, plan: ExportPlan, *, registration_number: str | None = None
    ) -> bytes | str:
        """The file's bytes for text, CSV, JSON and xAPI; for "pdf" the portfolio HTML."""
        name = plan.profile_name or self._profile_name(profile_id)
        made_on = plan.made_on if plan.made_on is not None else self._clock()
        number = registration_number
        args = (plan.records, name, plan.year, made_on, number)
        # Each writer is imported when its format is first asked for: none is needed
        # to open the app, and together they cost a launch ~15 ms.
        if plan.format == "text":
            from desktop.cpd.export_text import export_text

            return export_text(*args).encode("utf-8")
        if plan.format == "csv":
            from desktop.cpd.export_csv import export_csv_bytes

            return export_csv_bytes(*args)
        if plan.format == "json":
            from desktop.cpd.export_json import export_json

            return export_json(*args).encode("utf-8")
        if plan.format == "xapi":
            from desktop.cpd.export_xapi import export_xapi_statements

            return export_xapi_statements(
                plan.records,
                self._log.learning_events(profile_id, plan.year, with_failed=True),
                profile_id,
                plan.year,
                made_on,
                home_page=self.xapi_home_page(),
                account_names=self._xapi_account_names(profile_id),
            ).encode("utf-8")
        if plan.format == "pdf":
            from desktop.cpd.portfolio_html import portfolio_html

            return portfolio_html(
                *args,
                completions=plan.completions,
                quiz_results=self.quiz_results(profile_id, plan.year),
                include_failed_attempts=plan.include_failed_attempts,
            )
        raise ValueError(f"‘{plan.format}’ is not an export format.")

    def quiz_results(
        self, profile_id: str, year: RegistrationYear | None = None
    ) -> builtins.list[QuizResult]:
        """Finished quiz attempts (passed or not) in the year, or all; oldest first."""
        from desktop.cpd.learning import quiz_results_in

        return list(quiz_results_in(self._log.quiz_results(profile_id, year), year))

    def write_export(self, data: bytes | str, path: Path, *, overwrite: bool = False) -> Path:
        """Write atomically; raises TargetExistsError rather than replace a file silently."""
        payload = data.encode("utf-8") if isinstance(data, str) else data
        return write_bytes_atomic(Path(path), payload, overwrite=overwrite)

    def import_json(self, profile_id: str, text: str) -> int:
        """Add or update records from a JSON export; returns how many were added or updated.

        Records join this profile. A stored record is updated only if the file's copy
        was edited later (its old version goes to history), so importing an old
        backup never undoes newer work. A record whose id belongs to another profile
        comes in as a copy with a new id. The whole file is checked before anything is
        written, and it is written in one transaction: on any error nothing changes.
        """
        from desktop.cpd.export_json import load_json

        self._profile_name(profile_id)
        try:
            document = load_json(text)
        except RecursionError:
            # json.loads gives up on absurdly deep nesting; say so rather than crash.
            raise CpdImportError(
                "This file is not a Prism CPD export: its contents are nested far too deeply. "
                "Choose a file that Prism exported as JSON."
            ) from None
        seen: dict[str, int] = {}
        for number, record in enumerate(document.records, start=1):
            if record.id in seen:
                raise CpdImportError(
                    f"Record {number} has the same id as record {seen[record.id]}, so this "
                    "file has been changed by hand or is damaged. Nothing was imported."
                )
            seen[record.id] = number
        changed = 0
        with self._ctx.db.atomic():
            for record in document.records:
                incoming = replace(record, profile_id=profile_id)
                stored = self.get(record.id)
                if stored is not None and stored.profile_id != profile_id:
                    # The same copy each time, so importing the file again finds it.
                    incoming = replace(incoming, id=_copy_id(record.id, profile_id))
                    stored = self.get(incoming.id)
                    if stored is not None and stored.profile_id != profile_id:
                        incoming, stored = replace(incoming, id=_new_record_id()), None
                # Keep the stored record when the file's copy is the same or older.
                if stored is not None and incoming.updated_utc <= stored.updated_utc:
                    continue
                if incoming.is_ready and incoming.problems():
                    incoming = replace(incoming, status="draft")
                self._records.save(incoming.to_dict())
                changed += 1
        return changed

    # -- certificates --------------------------------------------------------------------------

    def certificate(self, profile_id: str, module_id: str) -> Certificate | None:
        """The certificate for a completed module, or None if it is not completed."""
        completion = self._log.completions(profile_id).get(module_id)
        if completion is None:
            return None
        return self._certificate(profile_id, completion)

    def certificates(self, profile_id: str) -> builtins.list[Certificate]:
        """Certificates for every module this profile has completed, oldest first."""
        done = sorted(self._log.completions(profile_id).values(), key=lambda c: c.completed_utc)
        return [self._certificate(profile_id, c) for c in done]

    def verify(self, code: str) -> Certificate | None:
        """The certificate whose code this is, searched in every profile on this computer.

        None when nothing matches (or the text cannot be a code). Typing slips in
        case, spaces, dashes and O/0, I/1 are forgiven.
        """
        from desktop.services.certificates import normalise_code

        wanted = normalise_code(code)
        if wanted is None:
            return None
        for profile in self._profiles.list():
            for completion in self._log.completions(profile.id).values():
                if self._code(profile.id, completion) == wanted:
                    return self._certificate(profile.id, completion)
        return None

    def _certificate(self, profile_id: str, completion: Completion) -> Certificate:
        from desktop.services.certificates import Certificate

        return Certificate(
            profile_name=self._profile_name(profile_id),
            module_id=completion.module_id,
            module_title=self._log.module_title(completion.module_id),
            completed_on=uk_date(completion.completed_utc),
            minutes=self._module_minutes(profile_id, completion.module_id),
            score_percent=completion.score_percent,
            code=self._code(profile_id, completion),
            profile_id=profile_id,
            completion_event_id=completion.event_id,
        )

    def _module_minutes(self, profile_id: str, module_id: str) -> int:
        return study_minutes(self._log.module_seconds(profile_id, module_id))

    @staticmethod
    def _code(profile_id: str, completion: Completion) -> str:
        from desktop.services.certificates import verification_code

        return verification_code(
            profile_id=profile_id,
            module_id=completion.module_id,
            content_version=completion.content_version,
            event_id=completion.event_id,
            completed_on=uk_date(completion.completed_utc),
            score_percent=completion.score_percent,
        )

    # -- settings used by exports ---------------------------------------------------------------

    def registration_number(self, profile_id: str) -> str | None:
        """The profile's Social Work England registration number, if they gave one."""
        value = self._settings.get(REGISTRATION_NUMBER_KEY, profile_id=profile_id)
        return (value.strip() or None) if value else None

    def set_registration_number(self, profile_id: str, number: str | None) -> None:
        """Remember (or, with None or blank, forget) the registration number."""
        self._settings.set(REGISTRATION_NUMBER_KEY, (number or "").strip(), profile_id)

    def xapi_home_page(self) -> str:
        """The actor account's home page in xAPI statements.

        The organisation's, when organisation sync is configured (``lrs.json``), so the
        file and sync send identical statements; else this computer's setting; else a
        placeholder. A settings file Prism refuses to read counts as not configured.
        """
        from desktop.services import lrs_config

        try:
            config = lrs_config.load(self._ctx.data_dir)
        except lrs_config.LrsConfigError:
            config = None
        if config is not None:
            return config.home_page
        value = self._settings.get(XAPI_HOME_PAGE_KEY)
        return value or DEFAULT_XAPI_HOME_PAGE

    def _xapi_account_names(self, profile_id: str) -> dict[str, str]:
        """The learner's organisation id as their account name, if they gave one for sync."""
        from desktop.store.lrs_queue import LrsQueue

        consent = LrsQueue(self._ctx.db, self._clock).consent(profile_id)
        return {profile_id: consent.org_id} if consent and consent.org_id else {}

    def set_xapi_home_page(self, url: str | None) -> None:
        """Set the xAPI home page (an http or https address); None or blank resets it."""
        text = (url or "").strip()
        if text and not re.match(_URL, text):
            raise InvalidValueError(
                f"‘{text}’ is not a web address. Give one that starts with https://, such as "
                "your organisation's learning record store, or leave it blank for the default."
            )
        self._settings.set(XAPI_HOME_PAGE_KEY, text)

    # -- profiles (for the command line) ------------------------------------------------------

    def find_profile(self, name: str) -> Profile | None:
        """The profile with this name, ignoring case and extra spaces, or None."""
        return self._profiles.find_by_name(name)

    def profiles(self) -> builtins.list[Profile]:
        """Every profile on this computer, most recently used first."""
        return self._profiles.list()

    # -- helpers ----------------------------------------------------------------------------------

    def _require(self, record_id: str) -> CpdRecord:
        record = self.get(record_id)
        if record is None:
            raise RecordNotFoundError("CPD record", record_id)
        return record

    def _profile_name(self, profile_id: str) -> str:
        profile = self._profiles.get(profile_id)
        if profile is None:
            raise RecordNotFoundError("profile", profile_id)
        return profile.name


def create(ctx: ServiceContext) -> CpdService:
    """Build the service from the shared start-up context."""
    return CpdService(ctx)


def sort_standards(standards: Sequence[str] | set[str]) -> tuple[str, ...]:
    """Standards with the parts of standard 4 first, each group in numeric order."""

    def key(number: str) -> tuple[bool, tuple[int, ...], str]:
        parts = tuple(int(p) for p in re.findall(r"\d+", number))
        return (not number.startswith("4."), parts, number)

    return tuple(sorted({s.strip() for s in standards if s.strip()}, key=key))


def _from_data(data: dict[str, object]) -> CpdRecord:
    try:
        return CpdRecord.from_dict(data)
    except CpdImportError as error:
        raise CpdRecordUnreadableError(str(data.get("id", "")), str(error)) from error


def _same_content(a: CpdRecord, b: CpdRecord) -> bool:
    """Equal apart from when they were last saved."""
    return replace(a, updated_utc=b.updated_utc) == b


def _lower_first(text: str) -> str:
    """ "Digital professionalism" -> "digital professionalism"; "GDPR basics" stays."""
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _titles(records: Sequence[CpdRecord]) -> str:
    return ", ".join(f"‘{r.title.strip() or 'Untitled'}’" for r in records)


def _new_record_id() -> str:
    """A record id: a uuid4 in its usual 36-character form."""
    import uuid  # imported when a record is first made, not at launch

    return str(uuid.uuid4())


def _copy_id(record_id: str, profile_id: str) -> str:
    """The id of a record's copy in another profile: always the same for the same pair."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"prism:cpd-copy:{profile_id}:{record_id}"))


def __getattr__(name: str) -> object:
    # ``CompletedModule`` is part of this module's interface, but the learning module
    # is imported only when drafting or exporting needs it (the home page never does).
    if name == "CompletedModule":
        from desktop.cpd.learning import CompletedModule

        return CompletedModule
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
