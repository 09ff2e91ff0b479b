"""The CPD service: records with history, drafts from real learning, the year, exports, import."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils

from desktop.atomic_files import TargetExistsError
from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.cpd.records import CpdRecord, PeerReflection
from desktop.cpd.registration_year import RegistrationYear
from desktop.cpd.schema import CpdImportError
from desktop.domain import lrs_statements as xs
from desktop.services import lrs_config
from desktop.services.context import ServiceContext
from desktop.services.cpd import (
    DEFAULT_XAPI_HOME_PAGE,
    EXPORT_FORMATS,
    CpdService,
    create,
    sort_standards,
)
from desktop.store.database import open_memory_database
from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.lrs_queue import LrsQueue
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from tests.helpers.course_builder import write_course
from tests.unit.commands.cpd_demo import SteppingClock, take_quiz

YEAR = RegistrationYear.parse("2025-26")
START = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)


@dataclass
class World:
    """A test course, an in-memory database, a clock and one profile."""

    course: Course
    service: CpdService
    clock: SteppingClock
    profile_id: str
    progress: ProgressRepo
    quizzes: QuizRepo
    reflections: ReflectionRepo
    db: sqlite_utils.Database

    def read(self, module_id: str, *, seconds: float = 0) -> None:
        module = self.course.module(module_id)
        assert module is not None
        if seconds:
            self.progress.add_study_time(self.profile_id, module_id, "section-1", seconds)
        self.progress.mark_read(self.profile_id, module_id, module.content_hash)

    def quiz(self, module_id: str, score: float, seconds_per_answer: float = 40) -> None:
        module = self.course.module(module_id)
        assert module is not None and module.quiz is not None
        take_quiz(
            self.quizzes,
            self.clock,
            self.profile_id,
            module_id,
            module.quiz,
            score=score,
            seconds_per_answer=seconds_per_answer,
        )

    def record(self, **changes: object) -> CpdRecord:
        base = self.service.new_blank(self.profile_id, date(2026, 2, 1))
        filled = replace(
            base,
            title="Reading about digital exclusion",
            description="What I read and why.",
            learning="What I learnt.",
            impact="What changed.",
            minutes=45,
            standards=("4.4",),
        )
        return replace(filled, **changes)


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Course:
    """The two-module test course, written and loaded once (it is never changed)."""
    return load_course(write_course(tmp_path_factory.mktemp("course"))).course


@pytest.fixture
def world(course: Course, tmp_path: Path) -> Iterator[World]:
    db = open_memory_database()
    clock = SteppingClock(START)
    ctx = ServiceContext(course=course, db=db, data_dir=tmp_path, assets=tmp_path, clock=clock)
    profile = ProfileRepo(db, clock).create("Sam Taylor")
    yield World(
        course=course,
        service=create(ctx),
        clock=clock,
        profile_id=profile.id,
        progress=ProgressRepo(db, clock),
        quizzes=QuizRepo(db, clock),
        reflections=ReflectionRepo(db, clock),
        db=db,
    )
    db.close()


# -- records ----------------------------------------------------------------------------------


class TestRecords:
    def test_new_blank_is_an_unsaved_draft_dated_today(self, world: World) -> None:
        blank = world.service.new_blank(world.profile_id)
        assert blank.status == "draft" and blank.cpd_type == "E-learning"
        assert blank.start_date == date(2026, 1, 12)
        assert world.service.get(blank.id) is None

    def test_save_stores_and_edits_keep_history(self, world: World) -> None:
        saved = world.service.save(world.record())
        assert world.service.get(saved.id) == saved
        edited = world.service.save(replace(saved, title="Renamed"))
        assert edited.created_utc == saved.created_utc
        assert edited.updated_utc > saved.updated_utc
        assert [r.title for _, r in world.service.history(saved.id)] == [saved.title]

    def test_saving_an_unchanged_record_writes_nothing(self, world: World) -> None:
        saved = world.service.save(world.record())
        again = world.service.save(replace(saved, updated_utc=datetime(2030, 1, 1, tzinfo=UTC)))
        assert again == saved
        assert world.service.history(saved.id) == []

    def test_a_ready_record_that_loses_a_field_is_saved_as_a_draft(self, world: World) -> None:
        saved = world.service.save(world.record())
        assert world.service.mark_ready(saved.id) == []
        ready = world.service.get(saved.id)
        assert ready is not None and ready.is_ready
        stored = world.service.save(replace(ready, impact=" "))
        assert stored.status == "draft"

    def test_mark_ready_lists_what_is_missing_and_leaves_a_draft(self, world: World) -> None:
        saved = world.service.save(world.record(learning="", minutes=0))
        problems = world.service.mark_ready(saved.id)
        assert "Fill in ‘What I learnt’." in problems
        assert any("duration" in p for p in problems)
        stored = world.service.get(saved.id)
        assert stored is not None and stored.status == "draft"

    def test_mark_draft(self, world: World) -> None:
        saved = world.service.save(world.record())
        world.service.mark_ready(saved.id)
        world.service.mark_draft(saved.id)
        stored = world.service.get(saved.id)
        assert stored is not None and stored.status == "draft"

    def test_delete_then_restore_is_a_full_undo(self, world: World) -> None:
        saved = world.service.save(world.record())
        deleted = world.service.delete(saved.id)
        assert deleted == saved and world.service.get(saved.id) is None
        assert world.service.restore(deleted) == saved
        assert world.service.list(world.profile_id) == [saved]
        with pytest.raises(RecordNotFoundError):
            world.service.mark_ready("no-such-record")

    def test_list_by_year_uses_the_start_date(self, world: World) -> None:
        last_day = world.service.save(world.record(start_date=date(2026, 11, 30)))
        next_year = world.service.save(world.record(start_date=date(2026, 12, 1), title="Next"))
        world.service.save(world.record(start_date=None, title="Undated"))
        assert world.service.list(world.profile_id, YEAR) == [last_day]
        assert world.service.list(world.profile_id, YEAR.next()) == [next_year]
        assert len(world.service.list(world.profile_id)) == 3


# -- completed modules and drafts ---------------------------------------------------------------


class TestCompletedModules:
    def test_read_and_passed_is_completed_read_alone_is_not(self, world: World) -> None:
        world.read("alpha")
        world.quiz("alpha", 90)
        world.read("beta")
        world.quiz("beta", 50)
        done = world.service.completed_modules(world.profile_id)
        assert [m.module_id for m in done] == ["alpha"]
        assert done[0].quiz_score == 90 and done[0].standards == ("2.5", "4.6")

    def test_completed_on_is_the_day_the_last_condition_was_met(self, world: World) -> None:
        world.quiz("alpha", 85)
        world.clock.advance(days=3)
        world.read("alpha")
        (done,) = world.service.completed_modules(world.profile_id)
        assert done.first_activity == date(2026, 1, 12)
        assert done.completed_on == date(2026, 1, 15)

    def test_minutes_are_the_active_time_tracked_not_the_gaps_between_answers(
        self, world: World
    ) -> None:
        world.read("alpha", seconds=20 * 60)
        # Ten answers an hour apart add nothing: the window tracks active quiz time itself.
        world.quiz("alpha", 90, seconds_per_answer=3600)
        (done,) = world.service.completed_modules(world.profile_id)
        assert done.minutes == 20

    def test_nothing_tracked_means_zero_minutes_not_an_estimate(self, world: World) -> None:
        world.read("alpha")
        world.quiz("alpha", 90, seconds_per_answer=0)
        (done,) = world.service.completed_modules(world.profile_id)
        # Only the one-second ticks of the test clock were logged.
        assert done.minutes <= 1
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha"], include_reflections=False
        )
        assert draft.minutes == done.minutes

    def test_best_score_and_attempts(self, world: World) -> None:
        world.read("alpha")
        world.quiz("alpha", 60)
        world.quiz("alpha", 85)
        world.quiz("alpha", 95)
        (done,) = world.service.completed_modules(world.profile_id)
        assert done.quiz_score == 95 and done.quiz_attempts == 3


class TestDraftFromModules:
    def complete(self, world: World, *modules: str) -> None:
        for module_id in modules:
            world.read(module_id, seconds=600)
            world.quiz(module_id, 90)

    def test_one_module(self, world: World) -> None:
        self.complete(world, "alpha")
        world.reflections.create(world.profile_id, "alpha", "learned", "My own words.")
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha"], include_reflections=False
        )
        assert draft.cpd_type == "E-learning"
        assert draft.title == "Prism course: Module Alpha"
        assert draft.status == "draft" and world.service.get(draft.id) is None
        assert draft.start_date == date(2026, 1, 12) and draft.end_date is None
        assert draft.description.startswith(
            "I completed the Prism e-learning module ‘Module Alpha’ on 12 January 2026. "
            # Ten minutes of a module estimated at thirty is not reading it in full.
            "I read the module (10 minutes of active reading). "
            "I passed its quiz with a score of 90%.\n"
        )
        assert "The module covers" not in draft.description
        assert "The module set out to help me:\n- explain the idea" in draft.description
        assert draft.learning == "" and draft.impact == ""
        assert draft.standards == ("4.6", "2.5")
        kinds = [(link.kind, link.ref) for link in draft.evidence]
        assert ("module", "alpha") in kinds and ("quiz", "alpha/quiz") in kinds
        assert any(kind == "reflection" for kind, _ in kinds)
        assert all("My own words" not in link.label for link in draft.evidence)

    def test_scrolling_to_the_end_in_seconds_is_not_reading_in_full(self, world: World) -> None:
        world.read("alpha", seconds=14)  # "read" is set by reaching the end
        world.progress.add_study_time(world.profile_id, "alpha", "quiz", 100)
        world.quiz("alpha", 90)
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha"], include_reflections=False
        )
        assert "in full" not in draft.description
        assert "I read the module (under a minute of active reading)." in draft.description
        assert draft.minutes == 2  # 114 seconds tracked in all, to the nearest minute
        assert world.service.tracked_minutes(draft) == 2
        assert world.service.ready_concerns(draft) == ["This record gives only 2 minutes."]

    def test_half_the_estimate_read_is_reading_in_full(self, world: World) -> None:
        world.read("alpha", seconds=15 * 60)  # the module says 30 minutes
        world.quiz("alpha", 90)
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha"], include_reflections=False
        )
        assert "I read the module in full (15 minutes of active reading)." in draft.description

    def test_reflections_only_when_asked(self, world: World) -> None:
        self.complete(world, "alpha")
        world.reflections.create(world.profile_id, "alpha", "learned", "First thought.")
        world.reflections.create(world.profile_id, "alpha", "change", "Second thought.")
        world.reflections.create(world.profile_id, "beta", None, "About another module.")
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha"], include_reflections=True
        )
        assert draft.learning == "First thought.\n\nSecond thought."
        assert draft.impact == ""

    def test_several_modules(self, world: World) -> None:
        self.complete(world, "alpha")
        world.clock.advance(days=5)
        self.complete(world, "beta")
        world.reflections.create(world.profile_id, "beta", None, "Beta thought.")
        draft = world.service.draft_from_modules(
            world.profile_id, ["alpha", "beta"], include_reflections=True
        )
        assert draft.title == "Prism course: 2 modules on test course"
        assert draft.start_date == date(2026, 1, 12) and draft.end_date == date(2026, 1, 17)
        assert "From my reflections on ‘Module Beta’:\n\nBeta thought." in draft.learning
        singles = [
            world.service.draft_from_modules(world.profile_id, [m], include_reflections=False)
            for m in ("alpha", "beta")
        ]
        assert draft.minutes == sum(s.minutes for s in singles) > 0

    def test_refuses_modules_that_are_not_completed(self, world: World) -> None:
        world.read("alpha")
        with pytest.raises(ValueError, match="alpha"):
            world.service.draft_from_modules(world.profile_id, ["alpha"], include_reflections=False)
        with pytest.raises(ValueError):
            world.service.draft_from_modules(world.profile_id, [], include_reflections=False)

    def test_standards_put_standard_4_first_in_number_order(self) -> None:
        assert sort_standards({"5.1", "4.10", "2.5", "4.2", "3.10", "3.2"}) == (
            "4.2",
            "4.10",
            "2.5",
            "3.2",
            "3.10",
            "5.1",
        )


# -- the registration year ---------------------------------------------------------------------


class TestYear:
    def test_current_year_turns_on_1_december(self, world: World) -> None:
        assert world.service.current_year(date(2026, 11, 30)) == YEAR
        assert world.service.current_year(date(2026, 12, 1)) == YEAR.next()
        assert world.service.current_year() == YEAR  # the clock says 12 January 2026

    def test_year_check_counts_peer_reflection_and_warns_about_other_years(
        self, world: World
    ) -> None:
        world.service.save(world.record(title="One", start_date=date(2025, 12, 1), status="ready"))
        world.service.save(
            world.record(
                title="Two",
                status="ready",
                start_date=date(2026, 11, 30),
                standards=("4.1", "4.2"),
                peer=PeerReflection("My supervisor", date(2026, 11, 30), "We talked it over."),
            )
        )
        world.service.save(world.record(title="Outside", start_date=date(2025, 11, 30)))
        check = world.service.year_check(world.profile_id, YEAR, date(2026, 11, 1))
        assert check.count == 2 and check.peer_count == 1 and check.met
        assert check.standards_covered == ("4.1", "4.2", "4.4")
        assert check.days_to_deadline == 29
        assert any("Outside" in w and "outside 2025-26" in w for w in check.warnings)

    def test_identical_records_are_flagged(self, world: World) -> None:
        world.service.save(world.record(status="ready"))
        world.service.save(world.record(status="ready"))
        check = world.service.year_check(world.profile_id, YEAR, date(2026, 3, 1))
        assert check.distinct_count == 1 and not check.met
        assert any("appears 2 times" in w for w in check.warnings)

    def test_drafts_are_recorded_but_do_not_meet_the_year(self, world: World) -> None:
        from desktop.cpd.progress_text import peer_progress, records_progress

        world.service.save(world.record(title="Reading", status="ready"))
        peer = PeerReflection("The team", date(2026, 2, 1), "")  # a team session, unfinished
        world.service.save(world.record(title="Team session", peer=peer, learning=""))
        world.service.save(
            world.record(
                title="Supervision",
                peer=PeerReflection("My supervisor", date(2026, 2, 2), "We talked it over."),
            )
        )
        check = world.service.year_check(world.profile_id, YEAR, date(2026, 3, 1))
        assert check.count == 3 and check.draft_count == 2 and not check.met
        assert records_progress(check) == "3 recorded, 2 still drafts"
        assert peer_progress(check) == "peer reflection in a draft"
        supervision = next(r for r in world.service.list(world.profile_id) if r.peer.learning)
        assert world.service.mark_ready(supervision.id) == []
        check = world.service.year_check(world.profile_id, YEAR, date(2026, 3, 1))
        assert check.met and records_progress(check) == "3 recorded, 1 still a draft (2 ready ✓)"

    def test_study_minutes_count_only_that_year(self, world: World) -> None:
        world.clock.now = datetime(2025, 11, 30, 12, 0, tzinfo=UTC)
        world.read("alpha", seconds=600)
        world.clock.now = datetime(2025, 12, 1, 12, 0, tzinfo=UTC)
        world.read("beta", seconds=1200)
        assert world.service.study_minutes(world.profile_id, YEAR) == 20
        assert world.service.study_minutes(world.profile_id, YEAR.previous()) == 10


# -- exports -----------------------------------------------------------------------------------


class TestExports:
    def test_plan_reports_privacy_findings_and_warnings(self, world: World) -> None:
        clean = world.service.save(world.record(title="Clean"))
        risky = world.service.save(
            world.record(title="Risky", learning="Mrs Patel rang me on 07700 900123.")
        )
        world.service.save(world.record(title="Last year", start_date=date(2025, 6, 1)))
        plan = world.service.plan_export(world.profile_id, "pdf", YEAR, date(2026, 11, 21))
        assert [r.title for r in plan.records] == ["Clean", "Risky"]
        assert [record.id for record, _ in plan.findings] == [risky.id]
        kinds = {f.finding.kind for _, found in plan.findings for f in found}
        assert {"name", "phone"} <= kinds
        assert plan.has_identifying_details
        assert all(f.field_label == "What I learnt" for f in plan.findings[0][1])
        assert plan.suggested_name == "prism-cpd-2025-26-2026-11-21.pdf"
        assert any("Last year" in w for w in plan.warnings)
        assert any("still in draft" in w for w in plan.warnings)
        assert clean.id not in [r.id for r, _ in plan.findings]
        # The xAPI file holds none of the words, so it has nothing to warn about.
        world.service.save(replace(risky, status="ready"))
        xapi = world.service.plan_export(world.profile_id, "xapi", YEAR, date(2026, 11, 21))
        assert xapi.findings == () and not xapi.has_identifying_details
        text = world.service.render_export(world.profile_id, xapi).decode()
        assert "Patel" not in text and "07700" not in text and "Risky" not in text

    def test_plan_for_all_years_and_each_format_name(self, world: World) -> None:
        world.service.save(world.record())
        names = {
            fmt: world.service.plan_export(world.profile_id, fmt, None, date(2026, 3, 1))
            for fmt in EXPORT_FORMATS
        }
        assert names["text"].suggested_name == "prism-cpd-all-2026-03-01.txt"
        assert names["xapi"].suggested_name == "prism-cpd-all-2026-03-01.xapi.json"
        assert not names["csv"].findings
        with pytest.raises(ValueError):
            world.service.plan_export(world.profile_id, "docx", None)

    def test_csv_parses_and_hours_add_up(self, world: World) -> None:
        for minutes in (45, 90, 20):
            world.service.save(world.record(title=f"{minutes} minutes", minutes=minutes))
        plan = world.service.plan_export(world.profile_id, "csv", YEAR)
        data = world.service.render_export(world.profile_id, plan)
        assert isinstance(data, bytes)
        rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
        assert len(rows) == 3
        assert sum(float(r["Duration (hours)"]) for r in rows) == pytest.approx(155 / 60, 0.01)
        assert sum(int(r["Duration (minutes)"]) for r in rows) == 155

    def test_pdf_renders_to_html_with_an_appendix_of_modules_and_quizzes(
        self, world: World
    ) -> None:
        world.read("alpha")
        world.quiz("alpha", 90)
        world.read("beta")
        world.quiz("beta", 40)
        world.service.save(world.record())
        plan = world.service.plan_export(world.profile_id, "pdf", YEAR)
        html = world.service.render_export(world.profile_id, plan, registration_number="SW1")
        assert isinstance(html, str)
        appendix = html[html.index("Appendix: modules completed") :]
        # By default only passes are listed, and the appendix says one was left out.
        assert "Module Alpha" in appendix and "Passed" in appendix
        assert "Not passed" not in appendix and "1 attempt that did not pass" in appendix
        assert "SW1" in html
        everything = replace(plan, include_failed_attempts=True)
        html = world.service.render_export(world.profile_id, everything)
        appendix = html[html.index("Appendix: modules completed") :]
        assert "Module Beta" in appendix and "Not passed" in appendix

    def test_xapi_uses_event_ids_and_is_identical_when_sent_twice(self, world: World) -> None:
        world.read("alpha")
        world.quiz("alpha", 90)
        world.service.save(world.record(status="ready"))
        plan = world.service.plan_export(world.profile_id, "xapi", YEAR, date(2026, 3, 1))
        first = world.service.render_export(world.profile_id, plan)
        second = world.service.render_export(world.profile_id, plan)
        assert first == second
        statements = json.loads(first)
        verbs = [s["verb"]["display"]["en-GB"] for s in statements]
        assert verbs == ["completed", "passed", "completed"]
        event_ids = {
            xs.statement_id(f"event:{e.id}")
            for e in EventLog(world.db).for_profile(world.profile_id)
        }
        assert statements[0]["id"] in event_ids
        assert statements[1]["result"]["score"]["raw"] == 90
        actors = {json.dumps(s["actor"], sort_keys=True) for s in statements}
        assert actors == {
            json.dumps(
                {
                    "account": {"homePage": DEFAULT_XAPI_HOME_PAGE, "name": world.profile_id},
                    "objectType": "Agent",
                },
                sort_keys=True,
            )
        }

    def _xapi(self, world: World) -> list[dict]:
        plan = world.service.plan_export(world.profile_id, "xapi", None, date(2026, 3, 1))
        return json.loads(world.service.render_export(world.profile_id, plan))

    def test_xapi_an_edited_record_gets_a_new_statement_id(self, world: World) -> None:
        # A real LRS answers 409 to a statement id it holds with different content.
        saved = world.service.save(world.record(status="ready"))
        before = self._xapi(world)
        edited = world.service.save(replace(saved, minutes=90))
        after = self._xapi(world)
        assert len(before) == len(after) == 1
        assert before[0]["id"] != after[0]["id"]
        assert after[0]["result"]["duration"] == "PT1H30M"
        world.service.save(replace(edited, minutes=45))  # back to the first version
        assert self._xapi(world) == before

    def test_xapi_drafts_are_never_completed(self, world: World) -> None:
        draft = world.service.save(world.record(title="Half written"))
        assert draft.status == "draft"
        world.service.save(world.record(status="ready"))
        statements = self._xapi(world)
        assert [s["object"]["id"].endswith(draft.id) for s in statements] == [False]
        plan = world.service.plan_export(world.profile_id, "xapi", None, date(2026, 3, 1))
        assert any(
            "xAPI file leaves out 1 draft record: ‘Half written’" in w for w in plan.warnings
        )

    def test_xapi_failed_attempts_go_as_failed_with_their_score(self, world: World) -> None:
        world.quiz("alpha", 40)
        world.quiz("alpha", 90)
        statements = self._xapi(world)
        quiz = [s for s in statements if s["object"]["id"].endswith("/alpha/quiz")]
        assert [s["verb"]["id"].rsplit("/", 1)[1] for s in quiz] == ["failed", "passed"]
        assert quiz[0]["result"]["success"] is False
        assert quiz[0]["result"]["score"]["raw"] == 40

    def test_xapi_uses_the_organisations_home_page_and_id(
        self, world: World, tmp_path: Path
    ) -> None:
        world.service.set_xapi_home_page("https://old.example.org/")
        world.read("alpha")
        assert {s["actor"]["account"]["homePage"] for s in self._xapi(world)} == {
            "https://old.example.org/"
        }
        lrs_config.save(
            tmp_path,
            lrs_config.make(
                "https://lrs.example.org/xAPI/", "u", "p", "https://www.council.example"
            ),
        )
        LrsQueue(world.db).give_consent(world.profile_id, with_cpd=True, org_id="EMP-042")
        accounts = {json.dumps(s["actor"]["account"]) for s in self._xapi(world)}
        assert accounts == {
            json.dumps({"homePage": "https://www.council.example", "name": "EMP-042"})
        }

    def test_xapi_file_holds_the_statements_sync_sends(self, world: World, tmp_path: Path) -> None:
        """Same fact, same id, same content: an LRS given both ignores the second copy."""
        config = lrs_config.make("https://lrs.example.org/xAPI/", "u", "p", None)
        lrs_config.save(tmp_path, config)
        queue = LrsQueue(world.db)
        queue.give_consent(world.profile_id, with_cpd=True, org_id=None)
        world.read("alpha")
        world.quiz("alpha", 40)
        world.quiz("alpha", 90)
        saved = world.service.save(world.record(status="ready"))
        world.service.save(replace(saved, minutes=90))
        sent = {
            q.statement_id: xs.resolve(q.statement, config.home_page, {})
            for q in queue.waiting(500)
            if q.statement.get("verb", {}).get("display", {}).get("en-GB") != "voided"
        }
        current = {sid: s for sid, s in sent.items() if s["result"].get("duration") != "PT45M"}
        in_file = {s["id"]: s for s in self._xapi(world)}
        assert len(in_file) == 4
        assert in_file == current

    def test_xapi_home_page_setting(self, world: World) -> None:
        assert world.service.xapi_home_page() == "https://prism.invalid"
        world.service.set_xapi_home_page("https://lrs.example.org/")
        assert world.service.xapi_home_page() == "https://lrs.example.org/"
        with pytest.raises(InvalidValueError):
            world.service.set_xapi_home_page("not a web address")
        world.service.set_xapi_home_page(None)
        assert world.service.xapi_home_page() == DEFAULT_XAPI_HOME_PAGE

    def test_registration_number(self, world: World) -> None:
        assert world.service.registration_number(world.profile_id) is None
        world.service.set_registration_number(world.profile_id, "  SW123456 ")
        assert world.service.registration_number(world.profile_id) == "SW123456"
        world.service.set_registration_number(world.profile_id, None)
        assert world.service.registration_number(world.profile_id) is None

    def test_write_export_never_replaces_silently(self, world: World, tmp_path: Path) -> None:
        target = tmp_path / "out.txt"
        world.service.write_export(b"first", target)
        with pytest.raises(TargetExistsError):
            world.service.write_export(b"second", target)
        assert target.read_bytes() == b"first"
        world.service.write_export("second ✓", target, overwrite=True)
        assert target.read_text(encoding="utf-8") == "second ✓"


# -- import ---------------------------------------------------------------------------------


class TestImport:
    def export_json(self, world: World) -> str:
        plan = world.service.plan_export(world.profile_id, "json", None)
        data = world.service.render_export(world.profile_id, plan)
        assert isinstance(data, bytes)
        return data.decode("utf-8")

    def test_round_trip_into_another_profile_is_lossless(self, world: World) -> None:
        world.service.save(
            world.record(
                title="Zoë’s “café” supervision",
                peer=PeerReflection("Supervisor", date(2026, 2, 1), "Learnt — a lot."),
            )
        )
        text = self.export_json(world)
        other = ProfileRepo(world.db).create("Alex")
        assert world.service.import_json(other.id, text) == 1
        (original,) = world.service.list(world.profile_id)
        (copy,) = world.service.list(other.id)
        assert copy.id != original.id
        assert replace(copy, id=original.id, profile_id=original.profile_id) == original

    def test_importing_into_another_profile_twice_makes_one_copy(self, world: World) -> None:
        world.service.save(world.record())
        text = self.export_json(world)
        other = ProfileRepo(world.db).create("Alex")
        assert world.service.import_json(other.id, text) == 1
        assert world.service.import_json(other.id, text) == 0
        assert len(world.service.list(other.id)) == 1

    def test_reimporting_changes_nothing_and_never_undoes_newer_edits(self, world: World) -> None:
        saved = world.service.save(world.record())
        text = self.export_json(world)
        assert world.service.import_json(world.profile_id, text) == 0
        newer = world.service.save(replace(saved, title="Edited after the backup"))
        assert world.service.import_json(world.profile_id, text) == 0
        assert world.service.get(saved.id) == newer

    def test_a_newer_copy_updates_and_keeps_the_old_version(self, world: World) -> None:
        saved = world.service.save(world.record())
        document = json.loads(self.export_json(world))
        document["records"][0]["title"] = "Edited on the other computer"
        document["records"][0]["updated_utc"] = "2027-01-01T00:00:00Z"
        assert world.service.import_json(world.profile_id, json.dumps(document)) == 1
        stored = world.service.get(saved.id)
        assert stored is not None and stored.title == "Edited on the other computer"
        assert [r.title for _, r in world.service.history(saved.id)] == [saved.title]

    @pytest.mark.parametrize(
        "text",
        [
            "not json",
            '{"schema": "prism.cpd/9"}',
            '{"schema": "other/1"}',
            "[" * 100_000 + "]" * 100_000,
        ],
    )
    def test_bad_files_are_refused_with_a_clear_message(self, world: World, text: str) -> None:
        with pytest.raises(CpdImportError) as caught:
            world.service.import_json(world.profile_id, text)
        assert "Prism" in str(caught.value)
        assert world.service.list(world.profile_id) == []

    def test_one_bad_record_means_nothing_is_imported(self, world: World) -> None:
        world.service.save(world.record(title="First"))
        world.service.save(world.record(title="Second"))
        document = json.loads(self.export_json(world))
        document["records"][1]["minutes"] = "ninety"
        other = ProfileRepo(world.db).create("Alex")
        with pytest.raises(CpdImportError, match="Record 2"):
            world.service.import_json(other.id, json.dumps(document))
        assert world.service.list(other.id) == []


def test_damaged_records_are_found_among_those_a_year_would_show(world: World) -> None:
    """The CPD page asks for the damaged records of the year it shows (and the undated
    ones, which it shows with the current year): reading ten years of records to count
    them made the page take half a second at 10,000 records."""
    junk = "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, "
    junk += "created_utc, updated_utc) VALUES (?, ?, 'draft', ?, '{not json', "
    junk += "'2026-03-02T09:00:00.000Z', '2026-03-02T09:00:00.000Z')"
    world.db.execute(junk, ["this-year", world.profile_id, "2026-01-10"])
    world.db.execute(junk, ["years-ago", world.profile_id, "2019-05-01"])
    world.db.execute(junk, ["undated", world.profile_id, None])
    service = world.service
    assert sorted(service.unreadable(world.profile_id, YEAR)) == ["this-year", "undated"]
    assert sorted(service.unreadable(world.profile_id)) == ["this-year", "undated", "years-ago"]
    assert [r for r in service.list(world.profile_id, YEAR) if r.id == "this-year"] == []
