"""Scenario runs: the path of choices, endings, resuming an unfinished run."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.store.errors import AlreadyFinishedError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile
from desktop.store.scenarios import ScenarioRepo

from .fakes import FakeClock


def test_choices_build_the_path_and_are_logged(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = ScenarioRepo(db, clock)
    run = repo.start_run(profile.id, "boundaries", "friend-request", "h1")
    repo.record_choice(run.id, "start", 1)
    run = repo.record_choice(run.id, "reply", 0)
    assert run.path == (("start", 1), ("reply", 0))
    assert repo.open_run(profile.id, "friend-request") == run

    finished = repo.finish_run(run.id, "good-ending")
    assert finished.ending == "good-ending" and finished.is_finished
    assert repo.open_run(profile.id, "friend-request") is None
    assert repo.completed_scenarios(profile.id) == {"friend-request"}

    chose = EventLog(db).for_profile(profile.id, verb="chose")
    assert [e.result["node_id"] for e in chose if e.result] == ["reply", "start"]
    assert all(e.object_id == "scenario:friend-request" for e in chose)
    assert EventLog(db).for_profile(profile.id, verb="completed")


def test_runs_are_listed_newest_first(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = ScenarioRepo(db, clock)
    first = repo.start_run(profile.id, "m", "s1", "h")
    second = repo.start_run(profile.id, "m", "s2", "h")
    assert [r.id for r in repo.runs(profile.id)] == [second.id, first.id]
    assert [r.id for r in repo.runs(profile.id, "s1")] == [first.id]
    assert repo.completed_scenarios(profile.id) == set()


def test_a_finished_run_cannot_change(db: sqlite_utils.Database, profile: Profile) -> None:
    repo = ScenarioRepo(db)
    run = repo.start_run(profile.id, "m", "s", "h")
    repo.finish_run(run.id, "end")
    with pytest.raises(AlreadyFinishedError):
        repo.record_choice(run.id, "n", 0)
    with pytest.raises(RecordNotFoundError):
        repo.record_choice("missing", "n", 0)
