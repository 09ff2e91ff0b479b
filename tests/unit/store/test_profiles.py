"""Profiles: name rules a learner meets, ordering by last use, deleting everything."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.store.capabilities import CapabilityRepo
from desktop.store.errors import ProfileNameError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.scenarios import ScenarioRepo
from desktop.store.settings import SettingsRepo

from .fakes import FakeClock


@pytest.fixture
def repo(db: sqlite_utils.Database, clock: FakeClock) -> ProfileRepo:
    return ProfileRepo(db, clock)


def test_name_is_trimmed_and_inner_spaces_collapsed(repo: ProfileRepo) -> None:
    assert repo.create("  Sam   Patel \n").name == "Sam Patel"


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_empty_name_is_refused_with_a_clear_message(repo: ProfileRepo, name: str) -> None:
    with pytest.raises(ProfileNameError, match="type a name"):
        repo.create(name)


def test_names_may_be_sixty_characters_but_not_more(repo: ProfileRepo) -> None:
    assert len(repo.create("a" * 60).name) == 60
    with pytest.raises(ProfileNameError, match="up to 60 characters long; this one has 61"):
        repo.create("b" * 61)


@pytest.mark.parametrize("again", ["sam", "SAM", "  Sam ", "sAm"])
def test_duplicate_names_ignore_case_and_spaces(repo: ProfileRepo, again: str) -> None:
    repo.create("Sam")
    with pytest.raises(ProfileNameError, match="already a profile called"):
        repo.create(again)
    assert len(repo.list()) == 1


def test_case_is_ignored_beyond_ascii(repo: ProfileRepo) -> None:
    repo.create("Élodie")
    with pytest.raises(ProfileNameError):
        repo.create("ÉLODIE")
    assert repo.find_by_name("élodie") is not None


def test_list_puts_most_recently_used_first_then_unused_by_name(repo: ProfileRepo) -> None:
    zoe, adam, bea, cal = (repo.create(n) for n in ("Zoe", "adam", "Bea", "Cal"))
    repo.mark_used(bea.id)
    repo.mark_used(cal.id)
    assert [p.name for p in repo.list()] == ["Cal", "Bea", "adam", "Zoe"]
    assert repo.last_used() == repo.get(cal.id)
    repo.mark_used(zoe.id)
    assert [p.name for p in repo.list()][:1] == ["Zoe"]
    assert adam.last_used_utc is None


def test_last_used_is_none_until_someone_chooses_a_profile(repo: ProfileRepo) -> None:
    repo.create("Sam")
    assert repo.last_used() is None


def test_find_by_name_and_get(repo: ProfileRepo) -> None:
    sam = repo.create("Sam Patel")
    assert repo.find_by_name("  sam   PATEL ") == sam
    assert repo.get(sam.id) == sam
    assert repo.find_by_name("Nobody") is None
    assert repo.get("missing") is None


def test_rename_checks_the_new_name(repo: ProfileRepo) -> None:
    sam = repo.create("Sam")
    repo.create("Alex")
    assert repo.rename(sam.id, "SAM").name == "SAM"  # changing case of one's own name is fine
    with pytest.raises(ProfileNameError, match="already a profile"):
        repo.rename(sam.id, "alex")
    with pytest.raises(ProfileNameError):
        repo.rename(sam.id, " ")
    with pytest.raises(RecordNotFoundError):
        repo.rename("missing", "Kim")


def test_deleting_a_profile_removes_all_its_data_and_nobody_elses(
    db: sqlite_utils.Database, repo: ProfileRepo, clock: FakeClock
) -> None:
    sam, alex = repo.create("Sam"), repo.create("Alex")
    for person in (sam, alex):
        ProgressRepo(db, clock).save_position(person.id, "m1", "intro", 0.5)
        ProgressRepo(db, clock).mark_read(person.id, "m1")
        ProgressRepo(db, clock).add_study_time(person.id, "m1", "intro", 30)
        quiz = QuizRepo(db, clock)
        attempt = quiz.start_attempt(person.id, "m1", "hash", ["q1"])
        quiz.record_answer(attempt.id, "q1", [0], True)
        ScenarioRepo(db, clock).start_run(person.id, "m1", "s1", "hash")
        ReflectionRepo(db, clock).create(person.id, "m1", None, "thoughts")
        CapabilityRepo(db, clock).rate(person.id, {"values": (3, "")})
        SettingsRepo(db).set("font", "large", profile_id=person.id)
    SettingsRepo(db).set("theme", "dark")

    repo.delete(sam.id)

    tables = [t for t in db.table_names() if t not in ("meta", "_sqlite_migrations")]
    for table in tables:
        if "profile_id" in db[table].columns_dict:
            left = db.execute(f"SELECT count(*) FROM {table} WHERE profile_id = ?", [sam.id])
            assert left.fetchone()[0] == 0, table
    assert db.execute("SELECT count(*) FROM quiz_answers").fetchone()[0] == 1  # Alex's
    assert EventLog(db).for_profile(alex.id)
    assert SettingsRepo(db).get("theme") == "dark"
    assert repo.get(sam.id) is None
    with pytest.raises(RecordNotFoundError):
        repo.delete(sam.id)
