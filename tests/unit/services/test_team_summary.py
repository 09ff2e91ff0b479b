"""The team summary: only learners who agreed, completion and quiz passes, no free text."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.atomic_files import TargetExistsError
from desktop.services.team_summary import TeamSummaryService
from desktop.store.database import open_memory_database
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from tests.unit.store.fakes import FakeClock

from .archive_helpers import build_course, fill_profile


@pytest.fixture
def course(tmp_path):
    return build_course(tmp_path / "course")


@pytest.fixture
def db():
    database = open_memory_database()
    yield database
    database.close()


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read it as UTF-8
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_only_learners_who_agreed_are_included_with_no_free_text(db, course):
    clock = FakeClock(datetime(2026, 3, 2, 23, 30, tzinfo=UTC))
    sam = fill_profile(db, course, clock, name="Sam Patel")  # agreed, read alpha, passed it
    ProfileRepo(db, clock).create("Alex")  # never agreed
    service = TeamSummaryService(course, db, tz=timezone(timedelta(hours=1)))

    rows = read_csv(service.csv_bytes())

    assert rows[0] == [
        "Profile",
        "Modules completed",
        "Modules in course",
        "Quiz passed: Module Alpha",
        "Quiz passed: Module Beta",
        "Last active",
    ]
    # Last activity was after 23:00 UTC, which is the next day one hour east.
    assert rows[1:] == [["Sam Patel", "1", "2", "Yes", "No", "2026-03-03"]]
    text = service.csv_bytes().decode("utf-8-sig")
    for private in ("check who can see", "Getting there", "SW123456", "Online boundaries"):
        assert private not in text
    assert sam.id not in text


def test_a_module_counts_as_completed_only_when_read_and_its_quiz_passed(db, course):
    clock = FakeClock()
    repo = ProfileRepo(db, clock)
    ann = repo.create("Ann")
    repo.set_team_summary_consent(ann.id, True)
    ProgressRepo(db, clock).mark_read(ann.id, "alpha")  # read, quiz not passed
    quiz = QuizRepo(db, clock)
    attempt = quiz.start_attempt(ann.id, "beta", "h", ["q"])
    quiz.finish_attempt(attempt.id, 100, True)  # passed, not read

    rows = read_csv(TeamSummaryService(course, db).csv_bytes())

    assert rows[1][:5] == ["Ann", "0", "2", "No", "Yes"]


def test_nobody_agreed_gives_just_the_header(db, course):
    ProfileRepo(db).create("Alex")
    service = TeamSummaryService(course, db)
    assert service.included_count() == 0
    assert len(read_csv(service.csv_bytes())) == 1


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_defused(db, course):
    repo = ProfileRepo(db)
    sneaky = repo.create('=HYPERLINK("http://x")')
    repo.set_team_summary_consent(sneaky.id, True)
    rows = read_csv(TeamSummaryService(course, db).csv_bytes())
    assert rows[1][0].startswith("'=")
    assert rows[1][-1] == ""  # never active


def test_the_file_is_written_atomically_and_never_overwritten_silently(db, course, tmp_path):
    service = TeamSummaryService(course, db)
    target = tmp_path / "team.csv"
    service.write_csv(target)
    with pytest.raises(TargetExistsError):
        service.write_csv(target)
    service.write_csv(target, overwrite=True)
    assert read_csv(target.read_bytes())[0][0] == "Profile"
