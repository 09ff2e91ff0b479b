"""Team sessions: a facilitator leads colleagues through a module on one shared laptop.

The facilitator sets a session up (title, date, their name and role, a module's
discussion prompts and/or its case scenario, the attendees), drives a projector view,
records the group's notes and scenario decisions, and ends the session. Ending it
gives every attendee a *draft* CPD record of type "Peer discussion or team reflection"
pre-filled with what the session shows: topic, date, duration, the facilitator's role
and the group's notes, clearly labelled as the group's. What each person learnt and
the impact on their practice are left empty: Prism never writes those for anyone.

Delivery is a separate step so protected profiles can be served later: ``end`` writes
drafts for every attendee whose profile can be written now, and
``deliver_pending(profile_id)`` (called whenever a profile is opened or unlocked) writes
any that are still owed. A draft's id is derived from the session and the profile, so
delivering twice never makes two records, and a draft the attendee has since edited
or deleted is never touched again.
"""

from __future__ import annotations

import csv
import html
import io
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.atomic_files import write_bytes_atomic
from desktop.course.model import Course, Module, ReflectionPrompt
from desktop.cpd.export_csv import safe_cell
from desktop.cpd.formatting import format_date_uk, format_minutes, study_minutes
from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection
from desktop.cpd.registration_year import UK_TIMEZONE, uk_date
from desktop.domain.scenario import Choice, Node, Scenario, Step, compare_with_recommended
from desktop.services.cpd import CpdService, sort_standards
from desktop.store.clock import Clock, as_utc, system_clock
from desktop.store.errors import RecordNotFoundError
from desktop.store.team_sessions import (
    AttendeeRow,
    ChoiceRow,
    SessionEndedError,
    TeamSessionRepo,
    TeamSessionRow,
)

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
    from desktop.store.connection import Database

PEER_REFLECTION_TYPE = "Peer discussion or team reflection"
"""The CPD type (one of ``desktop.cpd.form.CPD_TYPES``) of every team-session draft."""

MAX_TITLE_LENGTH = 200
MAX_NAME_LENGTH = 100
MAX_ROLE_LENGTH = 100
MAX_MINUTES = 12 * 60
"""The longest duration a session may claim; a session left open overnight must be corrected."""

GROUP_NOTES_HEADING = "Group discussion notes (the whole group's shared notes from the session)"
NO_GROUP_NOTES = "(No group notes were recorded.)"
ENDING_LABELS = {"good": "A good outcome", "mixed": "A mixed outcome", "poor": "A poor outcome"}

# Drafts get an id made from the session and the profile, so a draft is made once only.
_DRAFT_NAMESPACE = uuid.UUID("5b0f7a52-3c1e-4d35-9a37-0c2b8f6e4d11")

CSV_HEADER = (
    "Session",
    "Date",
    "Facilitator",
    "Facilitator's role",
    "Topic",
    "Started",
    "Ended",
    "Duration (minutes)",
    "Attendee",
    "CPD draft",
)
DRAFT_CREATED = "Created"
DRAFT_WAITING = "Waiting: given when the profile is next opened"
DRAFT_NOT_YET = "Not yet: the session has not ended"


class TeamSessionError(ValueError):
    """Something the facilitator asked cannot be done; the message says what to do."""


@dataclass(frozen=True)
class Topic:
    """A module a session can work through: its discussion prompts and its case scenario."""

    module_id: str
    title: str
    prompt_count: int
    scenario_id: str | None
    scenario_title: str | None


@dataclass(frozen=True)
class Attendee:
    """Someone at the session; ``delivered`` once their draft CPD record has been written."""

    profile_id: str
    name: str
    record_id: str | None

    @property
    def delivered(self) -> bool:
        return self.record_id is not None


@dataclass(frozen=True)
class GroupChoice:
    """One decision the group made in the case scenario (``choice_index`` counts from 0)."""

    step: int
    node_id: str
    choice_index: int
    notes: str


@dataclass(frozen=True)
class TeamSession:
    """A session as the screens show it; dates are UK dates, times are UTC."""

    id: str
    title: str
    session_date: date
    facilitator_name: str
    facilitator_role: str
    module_id: str | None
    module_title: str
    scenario_id: str | None
    scenario_title: str | None
    include_prompts: bool
    started_utc: datetime
    ended_utc: datetime | None
    duration_minutes: int | None
    discussion_notes: str

    @property
    def is_active(self) -> bool:
        return self.ended_utc is None

    @property
    def facilitator(self) -> str:
        """ "Jo Bloggs, practice educator", or the name alone when no role was given."""
        if self.facilitator_role:
            return f"{self.facilitator_name}, {self.facilitator_role}"
        return self.facilitator_name

    @property
    def topic(self) -> str:
        """What the group worked through, in a line."""
        parts = []
        if self.include_prompts:
            parts.append("discussion prompts")
        if self.scenario_title:
            parts.append(f"the case scenario ‘{self.scenario_title}’")
        if not parts:
            return self.module_title
        return f"{self.module_title}: {' and '.join(parts)}"


@dataclass(frozen=True)
class ScenarioState:
    """Where the group is in the case scenario: its decisions so far and the current point."""

    scenario: Scenario
    choices: tuple[GroupChoice, ...]
    node: Node

    @property
    def finished(self) -> bool:
        return self.node.is_ending

    @property
    def decision_number(self) -> int:
        """The number of the decision now in front of the group (1 for the first)."""
        return len(self.choices) + 1

    def choice_made(self, choice: GroupChoice) -> Choice:
        return self.scenario.node(choice.node_id).choices[choice.choice_index]


@dataclass(frozen=True)
class GroupDebrief:
    """The ending the group reached, its path beside the recommended one, and the debrief."""

    ending: Node
    steps: tuple[Step, ...]
    notes: tuple[str, ...]  # the group's notes on each decision, in step order
    matched: int
    text: str

    @property
    def ending_label(self) -> str:
        value = self.ending.ending.value if self.ending.ending else ""
        return ENDING_LABELS.get(value, "The outcome")


@dataclass(frozen=True)
class EndResult:
    """What ending a session did: drafts written now, and who is still waiting for theirs."""

    session: TeamSession
    created: tuple[Attendee, ...]
    waiting: tuple[Attendee, ...]
    already_ended: bool = False


class TeamSessionService:
    """Runs team sessions and hands each attendee a draft peer-reflection CPD record.

    ``is_locked(profile_id)`` says whether a profile cannot be written to now (a
    passphrase-protected profile that is not unlocked); such profiles receive their
    drafts through ``deliver_pending`` once unlocked. By default no profile is locked.
    """

    def __init__(
        self,
        course: Course,
        db: Database,
        cpd: CpdService,
        clock: Clock | None = None,
        *,
        is_locked: Callable[[str], bool] | None = None,
    ) -> None:
        self._course = course
        self._db = db
        self._cpd = cpd
        self._clock: Clock = clock or system_clock
        self._repo = TeamSessionRepo(db, self._clock)
        self._is_locked = is_locked or (lambda _profile_id: False)

    # -- setting up ---------------------------------------------------------------------------

    def topics(self) -> list[Topic]:
        """Modules with discussion prompts or a case scenario, in course order."""
        topics = []
        for module in self._course.modules:
            scenario = module.scenario
            if not module.reflection_prompts and scenario is None:
                continue
            topics.append(
                Topic(
                    module.id,
                    module.title,
                    len(module.reflection_prompts),
                    scenario.id if scenario else None,
                    scenario.title if scenario else None,
                )
            )
        return topics

    def today(self) -> date:
        """Today's date in the UK, the default date of a new session."""
        return uk_date(self._clock())

    def start(
        self,
        *,
        title: str,
        session_date: date,
        facilitator_name: str,
        facilitator_role: str,
        module_id: str,
        use_prompts: bool = True,
        use_scenario: bool = True,
        attendee_ids: Iterable[str] = (),
    ) -> TeamSession:
        """Check the set-up and start the session now, with its first attendees.

        Raises ``TeamSessionError`` naming the first thing to fix. Only one session runs
        at a time, so a forgotten one is found and ended (or discarded) first.
        """
        clean_title = _clean(title)
        name = _clean(facilitator_name)
        role = _clean(facilitator_role)
        if not clean_title:
            raise TeamSessionError(
                "Give the session a title, for example ‘Boundaries on messaging apps’."
            )
        if len(clean_title) > MAX_TITLE_LENGTH:
            raise TeamSessionError(
                f"Session titles can be up to {MAX_TITLE_LENGTH} characters. Please shorten it."
            )
        if not name:
            raise TeamSessionError("Type the facilitator's name: it goes on the attendance sheet.")
        if len(name) > MAX_NAME_LENGTH or len(role) > MAX_ROLE_LENGTH:
            raise TeamSessionError(
                f"The facilitator's name and role can be up to {MAX_NAME_LENGTH} characters "
                "each. Please shorten them."
            )
        module = self._course.module(module_id)
        if module is None:
            raise TeamSessionError(
                "That module is not available in this course. Choose another module."
            )
        use_prompts = use_prompts and bool(module.reflection_prompts)
        scenario = module.scenario if use_scenario else None
        if not use_prompts and scenario is None:
            raise TeamSessionError(
                "Choose what the group will work through: the discussion prompts, "
                "the case scenario, or both."
            )
        running = self._repo.active()
        if running:
            raise TeamSessionError(
                f"The session ‘{running[0].title}’ is still running. "
                "Resume it and end it, or discard it, before starting another."
            )
        with self._db.atomic():
            row = self._repo.create(
                title=clean_title,
                session_date=session_date.isoformat(),
                facilitator_name=name,
                facilitator_role=role,
                module_id=module.id,
                scenario_id=scenario.id if scenario else None,
                include_prompts=use_prompts,
            )
            for profile_id in dict.fromkeys(attendee_ids):
                self._add(row.id, profile_id)
        return self._session(row)

    def active(self) -> TeamSession | None:
        """The session in progress (started, not yet ended), if any."""
        running = self._repo.active()
        return self._session(running[0]) if running else None

    def get(self, session_id: str) -> TeamSession | None:
        row = self._repo.get(session_id)
        return None if row is None else self._session(row)

    def recent(self, limit: int = 10) -> list[TeamSession]:
        """Ended sessions, most recent first (for the attendance sheets)."""
        return [self._session(row) for row in self._repo.ended(limit)]

    def discard(self, session_id: str) -> None:
        """Throw away a session that has not ended (the screen confirms first)."""
        session = self._require(session_id)
        if not session.is_active:
            raise TeamSessionError(
                "This session has ended and its drafts were handed out, so it is kept "
                "for the attendance sheet."
            )
        self._repo.delete(session_id)

    # -- attendees ----------------------------------------------------------------------------

    def attendees(self, session_id: str) -> list[Attendee]:
        """The session's attendees by name (a deleted profile is no longer listed)."""
        return [_attendee(row) for row in self._repo.attendees(session_id)]

    def add_attendee(self, session_id: str, profile_id: str) -> bool:
        """Add someone to a running session; False if they were already on the list."""
        return self._add(session_id, profile_id)

    def remove_attendee(self, session_id: str, profile_id: str) -> bool:
        """Take someone off a running session's list; False if they were not on it."""
        try:
            return self._repo.remove_attendee(session_id, profile_id)
        except SessionEndedError as error:
            raise TeamSessionError(str(error)) from None

    def _add(self, session_id: str, profile_id: str) -> bool:
        try:
            return self._repo.add_attendee(session_id, profile_id)
        except SessionEndedError as error:
            raise TeamSessionError(str(error)) from None
        except RecordNotFoundError:
            raise TeamSessionError(
                "That profile is no longer on this computer (it may have just been "
                "deleted). Refresh the list and choose again."
            ) from None

    # -- during the session -------------------------------------------------------------------

    def set_notes(self, session_id: str, text: str) -> None:
        """Save the group's discussion notes (called as they are typed)."""
        self._repo.set_notes(session_id, text)

    def prompts(self, session: TeamSession) -> tuple[ReflectionPrompt, ...]:
        """The module's reflection prompts, used as the group's discussion prompts."""
        module = self._module(session)
        if module is None or not session.include_prompts:
            return ()
        return module.reflection_prompts

    def scenario_state(self, session_or_id: TeamSession | str) -> ScenarioState | None:
        """The group's progress through the case scenario; None if the session has none."""
        session = self._as_session(session_or_id)
        scenario = self._scenario(session)
        if scenario is None:
            return None
        choices = self._valid_choices(scenario, self._repo.choices(session.id))
        node = scenario.node(scenario.start)
        for choice in choices:
            node = scenario.node(node.choices[choice.choice_index].next)
        return ScenarioState(scenario, tuple(choices), node)

    def choose(self, session_id: str, choice_index: int, notes: str = "") -> Choice:
        """Record the group's decision at the current point of the scenario."""
        state = self.scenario_state(session_id)
        if state is None:
            raise TeamSessionError("This session has no case scenario to choose in.")
        if state.finished:
            raise TeamSessionError(
                "The scenario has reached its ending. Take back the last decision to change it."
            )
        if not 0 <= choice_index < len(state.node.choices):
            raise TeamSessionError(
                f"Choose a number from 1 to {len(state.node.choices)} for this decision."
            )
        try:
            self._repo.add_choice(session_id, state.node.id, choice_index, notes)
        except SessionEndedError as error:
            raise TeamSessionError(str(error)) from None
        return state.node.choices[choice_index]

    def set_choice_notes(self, session_id: str, step: int, notes: str) -> None:
        """Save the group's notes on one decision."""
        self._repo.set_choice_notes(session_id, step, notes)

    def undo_last_choice(self, session_id: str) -> GroupChoice | None:
        """Take back the group's latest decision (its notes go with it); None if none."""
        try:
            row = self._repo.remove_last_choice(session_id)
        except SessionEndedError as error:
            raise TeamSessionError(str(error)) from None
        return None if row is None else _group_choice(row)

    def debrief(self, session_or_id: TeamSession | str) -> GroupDebrief | None:
        """The ending and the path compared with the recommended one; None before the end."""
        state = self.scenario_state(session_or_id)
        if state is None or not state.finished:
            return None
        taken = [(c.node_id, c.choice_index) for c in state.choices]
        steps = tuple(compare_with_recommended(state.scenario, taken))
        return GroupDebrief(
            ending=state.node,
            steps=steps,
            notes=tuple(c.notes for c in state.choices),
            matched=sum(s.matched for s in steps),
            text=state.scenario.debrief,
        )

    def elapsed_minutes(self, session_or_id: TeamSession | str) -> int:
        """Minutes since the session started, to the nearest minute (1 to ``MAX_MINUTES``).

        Nearest, not rounded up: a session that ran for an hour and a few seconds is an hour.
        """
        session = self._as_session(session_or_id)
        end = session.ended_utc or as_utc(self._clock())
        seconds = (end - session.started_utc).total_seconds()
        return max(1, min(MAX_MINUTES, study_minutes(seconds)))

    # -- ending and delivering ----------------------------------------------------------------

    def end(self, session_id: str, minutes: int | None = None) -> EndResult:
        """End the session and give every attendee a draft peer-reflection CPD record.

        ``minutes`` is the duration the facilitator confirmed (default: the time since
        the start). Profiles that cannot be written now (protected and locked) are left
        waiting for ``deliver_pending``. Ending an ended session creates nothing more.
        """
        session = self._require(session_id)
        if not session.is_active:
            return EndResult(session, (), self._waiting(session.id), already_ended=True)
        duration = self.elapsed_minutes(session) if minutes is None else minutes
        if not 1 <= duration <= MAX_MINUTES:
            raise TeamSessionError(
                f"Give the session's length in minutes, from 1 to {MAX_MINUTES}."
            )
        created: list[Attendee] = []
        with self._db.atomic():
            if not self._repo.finish(session_id, duration):
                return EndResult(session, (), self._waiting(session.id), already_ended=True)
            ended = self._require(session_id)
            for attendee in self.attendees(session_id):
                if self._is_locked(attendee.profile_id):
                    continue
                record = self._deliver(ended, attendee.profile_id)
                if record is not None:
                    created.append(Attendee(attendee.profile_id, attendee.name, record.id))
        return EndResult(self._require(session_id), tuple(created), self._waiting(session_id))

    def deliver_pending(self, profile_id: str) -> list[CpdRecord]:
        """Write any session drafts this profile is still owed; [] when nothing is waiting.

        Call it whenever a profile is opened (and, for a protected profile, once it is
        unlocked). It is cheap when everything has been delivered: one indexed query.
        """
        if self._is_locked(profile_id):
            return []
        delivered = []
        for row in self._repo.undelivered_for(profile_id):
            with self._db.atomic():
                record = self._deliver(self._session(row), profile_id)
            if record is not None:
                delivered.append(record)
        return delivered

    def _deliver(self, session: TeamSession, profile_id: str) -> CpdRecord | None:
        """Save one attendee's draft (unless it exists already) and note it as delivered."""
        draft = self.draft_for(session, profile_id)
        existing = self._cpd.get(draft.id)
        if existing is None:
            try:
                existing = self._cpd.save(draft)
            except RecordNotFoundError:
                return None  # the profile was deleted meanwhile: nothing to give
        self._repo.mark_delivered(session.id, profile_id, existing.id)
        return existing

    def _waiting(self, session_id: str) -> tuple[Attendee, ...]:
        return tuple(a for a in self.attendees(session_id) if not a.delivered)

    # -- the draft ----------------------------------------------------------------------------

    def draft_id(self, session_id: str, profile_id: str) -> str:
        """The id of the draft this attendee gets from this session (the same every time)."""
        return str(uuid.uuid5(_DRAFT_NAMESPACE, f"{session_id}/{profile_id}"))

    def draft_for(self, session: TeamSession, profile_id: str) -> CpdRecord:
        """The unsaved draft for one attendee: what the session shows, and nothing invented.

        "What I learnt", "Impact" and the learning from the discussion are left empty for
        the attendee; the group's notes go in the description, labelled as the group's.
        """
        module = self._module(session)
        scenario = self._scenario(session)
        standards: set[str] = set(module.standards) if module else set()
        evidence: list[EvidenceLink] = []
        if module is not None:
            evidence.append(EvidenceLink("module", module.id, module.title))
        if scenario is not None:
            standards.update(scenario.standards)
            evidence.append(EvidenceLink("scenario", scenario.id, scenario.title))
        now = self._clock()
        return CpdRecord(
            id=self.draft_id(session.id, profile_id),
            profile_id=profile_id,
            cpd_type=PEER_REFLECTION_TYPE,
            title=session.title,
            start_date=session.session_date,
            description=self.summary_text(session),
            learning="",
            impact="",
            peer=PeerReflection(
                peer_role=peer_role(session.facilitator_role),
                discussed_on=session.session_date,
                learning="",
            ),
            minutes=session.duration_minutes or self.elapsed_minutes(session),
            standards=sort_standards(standards),
            evidence=tuple(evidence),
            status="draft",
            created_utc=now,
            updated_utc=now,
        )

    def summary_text(self, session: TeamSession) -> str:
        """The group discussion summary that opens each attendee's draft description."""
        led_by = session.facilitator_name
        if session.facilitator_role:
            led_by += f" ({session.facilitator_role})"
        lines = [
            f"Team session ‘{session.title}’ on {format_date_uk(session.session_date)}, "
            f"led by {led_by}.",
        ]
        worked = []
        if session.include_prompts and self.prompts(session):
            worked.append("its discussion prompts")
        if session.scenario_title:
            worked.append(f"its case scenario ‘{session.scenario_title}’")
        if worked:
            lines.append(
                f"We worked through the Prism module ‘{session.module_title}’: "
                f"{' and '.join(worked)}."
            )
        lines += ["", f"{GROUP_NOTES_HEADING}:", session.discussion_notes.strip() or NO_GROUP_NOTES]
        state = self.scenario_state(session)
        if state is not None and state.choices:
            lines += ["", "Decisions the group made in the case scenario:"]
            recommended = {
                s.node_id: s
                for s in compare_with_recommended(
                    state.scenario, [(c.node_id, c.choice_index) for c in state.choices]
                )
            }
            for choice in state.choices:
                made = state.choice_made(choice)
                step = recommended.get(choice.node_id)
                if step is not None and step.matched:
                    verdict = "the recommended choice"
                elif step is not None and step.recommended is not None:
                    verdict = f"the recommended choice was ‘{step.recommended.text}’"
                else:
                    verdict = ""
                line = f"{choice.step}. The group chose ‘{made.text}’"
                line += f" ({verdict})." if verdict else "."
                if choice.notes.strip():
                    line += f" Group notes: {choice.notes.strip()}"
                lines.append(line)
            if state.finished and state.node.ending is not None:
                lines.append(f"Outcome: {ENDING_LABELS.get(state.node.ending.value, 'ended')}.")
        return "\n".join(lines)

    # -- the attendance sheet -----------------------------------------------------------------

    def attendance_csv(self, session_id: str) -> bytes:
        """One row per attendee with the session's details, UTF-8 with a byte-order mark."""
        session = self._require(session_id)
        out = io.StringIO(newline="")
        writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
        writer.writerow(CSV_HEADER)
        started, ended = self._local_times(session)
        for attendee in self.attendees(session_id):
            writer.writerow(
                [
                    safe_cell(session.title),
                    session.session_date.isoformat(),
                    safe_cell(session.facilitator_name),
                    safe_cell(session.facilitator_role),
                    safe_cell(session.topic),
                    started,
                    ended,
                    session.duration_minutes or "",
                    safe_cell(attendee.name),
                    _draft_state(session, attendee),
                ]
            )
        return out.getvalue().encode("utf-8-sig")

    def attendance_html(self, session_id: str) -> str:
        """The attendance sheet as Qt rich text, for the PDF (a signature column to print)."""
        session = self._require(session_id)
        attendees = self.attendees(session_id)
        started, ended = self._local_times(session)
        when = f"{format_date_uk(session.session_date)}"
        if ended:
            when += f", {started} to {ended} (UK time)"
        elif started:
            when += f", from {started} (UK time)"
        details = [
            ("Date", when),
            ("Facilitator", session.facilitator),
            ("Topic", session.topic),
            (
                "Duration",
                format_minutes(session.duration_minutes)
                if session.duration_minutes
                else "Not ended yet",
            ),
            ("Attendees", str(len(attendees))),
        ]
        detail_rows = "".join(
            f"<tr><th align='left' width='25%'>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>"
            for k, v in details
        )
        people = (
            "".join(
                f"<tr><td>{n}</td><td>{html.escape(a.name)}</td>"
                f"<td>{html.escape(_draft_state(session, a))}</td><td>&nbsp;</td></tr>"
                for n, a in enumerate(attendees, start=1)
            )
            or "<tr><td colspan='4'>Nobody was added to this session.</td></tr>"
        )
        return (
            f"<h1>Attendance sheet</h1><h2>{html.escape(session.title)}</h2>"
            f"<table cellpadding='4' cellspacing='0' width='100%'>{detail_rows}</table>"
            "<h3>Attendees</h3>"
            "<table border='1' cellpadding='10' cellspacing='0' width='100%' "
            "style='border-collapse: collapse'>"
            "<tr><th width='6%'>#</th><th align='left' width='34%'>Name</th>"
            "<th align='left' width='30%'>CPD draft</th>"
            "<th align='left' width='30%'>Signature</th></tr>"
            f"{people}</table>"
            "<p>Each attendee has a draft CPD record of this session in their Prism profile, "
            "to complete with their own learning and its impact on their practice.</p>"
        )

    def attendance_file_name(self, session: TeamSession, extension: str) -> str:
        """A suggested file name, e.g. "attendance-2026-03-04-boundaries-online.csv"."""
        slug = "".join(c if c.isalnum() else "-" for c in session.title.casefold())
        slug = "-".join(part for part in slug.split("-") if part)[:40].strip("-")
        stem = f"attendance-{session.session_date.isoformat()}" + (f"-{slug}" if slug else "")
        return f"{stem}.{extension}"

    def write_file(self, data: bytes, path: Path, *, overwrite: bool = False) -> Path:
        """Write an attendance sheet atomically; ``TargetExistsError`` rather than overwrite."""
        return write_bytes_atomic(Path(path), data, overwrite=overwrite)

    # -- helpers ------------------------------------------------------------------------------

    def _require(self, session_id: str) -> TeamSession:
        session = self.get(session_id)
        if session is None:
            raise TeamSessionError(
                "Prism could not find this team session. It may have been discarded. "
                "Go back and start or choose a session again."
            )
        return session

    def _as_session(self, session_or_id: TeamSession | str) -> TeamSession:
        if isinstance(session_or_id, TeamSession):
            return session_or_id
        return self._require(session_or_id)

    def _module(self, session: TeamSession) -> Module | None:
        return self._course.module(session.module_id) if session.module_id else None

    def _scenario(self, session: TeamSession) -> Scenario | None:
        module = self._module(session)
        if module is None or module.scenario is None or not session.scenario_id:
            return None
        return module.scenario if module.scenario.id == session.scenario_id else None

    @staticmethod
    def _valid_choices(scenario: Scenario, rows: Iterable[ChoiceRow]) -> list[GroupChoice]:
        """The recorded decisions that still follow the scenario as it is now.

        If the course was updated since, the path is followed as far as it still fits.
        """
        valid = []
        node_id = scenario.start
        for row in rows:
            node = scenario.nodes.get(node_id)
            if (
                node is None
                or row.node_id != node_id
                or not 0 <= row.choice_index < len(node.choices)
            ):
                break
            valid.append(_group_choice(row))
            node_id = node.choices[row.choice_index].next
        return valid

    def _session(self, row: TeamSessionRow) -> TeamSession:
        module = self._course.module(row.module_id) if row.module_id else None
        scenario = module.scenario if module is not None else None
        scenario_title = None
        if row.scenario_id:
            scenario_title = (
                scenario.title if scenario and scenario.id == row.scenario_id else (row.scenario_id)
            )
        return TeamSession(
            id=row.id,
            title=row.title,
            session_date=date.fromisoformat(row.session_date),
            facilitator_name=row.facilitator_name,
            facilitator_role=row.facilitator_role,
            module_id=row.module_id,
            module_title=module.title if module else (row.module_id or "Open discussion"),
            scenario_id=row.scenario_id,
            scenario_title=scenario_title,
            include_prompts=row.include_prompts,
            started_utc=_moment(row.started_utc),
            ended_utc=_moment(row.ended_utc) if row.ended_utc else None,
            duration_minutes=row.duration_minutes,
            discussion_notes=row.discussion_notes,
        )

    @staticmethod
    def _local_times(session: TeamSession) -> tuple[str, str]:
        def clock_time(moment: datetime | None) -> str:
            return moment.astimezone(UK_TIMEZONE).strftime("%H:%M") if moment else ""

        return clock_time(session.started_utc), clock_time(session.ended_utc)


def peer_role(facilitator_role: str) -> str:
    """The peer-reflection "peer's role" for a team session: the facilitator's role.

    The form asks for the peer's role, not their name (the name is in the description).
    """
    role = _clean(facilitator_role)
    return f"Team session facilitator ({role})" if role else "Team session facilitator"


def _draft_state(session: TeamSession, attendee: Attendee) -> str:
    if session.is_active:
        return DRAFT_NOT_YET
    return DRAFT_CREATED if attendee.delivered else DRAFT_WAITING


def _attendee(row: AttendeeRow) -> Attendee:
    return Attendee(row.profile_id, row.name, row.delivered_record_id)


def _group_choice(row: ChoiceRow) -> GroupChoice:
    return GroupChoice(row.step, row.node_id, row.choice_index, row.notes)


def _clean(text: str) -> str:
    return " ".join(text.split())


def _moment(text: str) -> datetime:
    from desktop.store.timestamps import shown_utc

    return shown_utc(text)


def create(ctx: ServiceContext, cpd: CpdService | None = None) -> TeamSessionService:
    """Build the service from the shared start-up context (and the CPD service, if built).

    A passphrase-protected profile that is locked gets its draft when it is next unlocked.
    """
    from desktop.store.keys import keyring_for

    return TeamSessionService(
        ctx.course,
        ctx.db,
        cpd or CpdService(ctx),
        ctx.clock,
        is_locked=keyring_for(ctx.db).is_locked,
    )


__all__ = [
    "PEER_REFLECTION_TYPE",
    "Attendee",
    "EndResult",
    "GroupChoice",
    "GroupDebrief",
    "ScenarioState",
    "TeamSession",
    "TeamSessionError",
    "TeamSessionService",
    "Topic",
    "create",
    "peer_role",
]
