"""The merge rules behind profile import, one table kind at a time, with no files involved."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlite_utils

from desktop.store.archive import (
    PROFILE_FIELDS,
    ArchiveStore,
    MergeOutcome,
    MergeRejectedError,
    Row,
    TableSpec,
)
from desktop.store.clock import utc_iso
from desktop.store.database import open_memory_database
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.scenarios import ScenarioRepo
from desktop.store.settings import SettingsRepo
from tests.helpers.tables import data_tables

from .fakes import FakeClock


@pytest.fixture
def other_db():
    database = open_memory_database()
    yield database
    database.close()


def copy_profile(
    source: sqlite_utils.Database, target: sqlite_utils.Database, profile_id: str, **changes: Any
) -> MergeOutcome:
    """Merge the profile's rows from one database into another, as an import would."""
    reader = ArchiveStore(source)
    profile = {**reader.profile_row(profile_id), **changes}
    profile["include_in_team_summary"] = bool(profile["include_in_team_summary"])
    rows = {spec.name: list(reader.iter_rows(profile_id, spec)) for spec in reader.tables()}

    def rows_for(spec: TableSpec) -> Iterable[Row]:
        return rows[spec.name]

    return ArchiveStore(target, FakeClock()).merge(profile, rows_for)


def all_rows(db: sqlite_utils.Database) -> dict[str, list[tuple]]:
    return {n: list(db.execute(f"SELECT * FROM {n} ORDER BY rowid")) for n in data_tables(db)}


def test_every_table_of_learner_data_has_an_archive_rule(db):
    # A new table without a rule would silently be left out of every export.
    assert ArchiveStore(db).tables_without_archive_rule() == []


def test_profile_fields_cover_every_profile_column_but_the_derived_key(db):
    columns = {row[1] for row in db.execute("PRAGMA table_info(profiles)")}
    assert columns - set(PROFILE_FIELDS) == {"name_key"}


def test_events_are_added_once(db, other_db, profile: Profile, clock):
    EventLog(db, clock).append(profile.id, "opened", "module:alpha")
    first = copy_profile(db, other_db, profile.id)
    again = copy_profile(db, other_db, profile.id)
    assert first.tables["events"].added == 1
    assert (again.tables["events"].added, again.tables["events"].unchanged) == (0, 1)


def test_a_module_read_keeps_the_first_time_it_was_read(db, other_db, profile, clock):
    ProgressRepo(db, clock).mark_read(profile.id, "alpha")
    copy_profile(db, other_db, profile.id)
    other_db.execute("UPDATE modules_read SET read_utc = '2020-01-01T00:00:00.000Z'")

    there = copy_profile(other_db, db, profile.id)
    back = copy_profile(db, other_db, profile.id)

    assert there.tables["modules_read"].updated == 1
    assert back.tables["modules_read"].updated == 0
    for database in (db, other_db):
        read = database.execute("SELECT read_utc FROM modules_read").fetchone()[0]
        assert read == "2020-01-01T00:00:00.000Z"


def test_study_time_keeps_the_larger_total_and_never_adds_twice(db, other_db, profile, clock):
    ProgressRepo(db, clock).add_study_time(profile.id, "alpha", "s1", 60)
    copy_profile(db, other_db, profile.id)
    ProgressRepo(db, clock).add_study_time(profile.id, "alpha", "s1", 30)

    copy_profile(db, other_db, profile.id)
    copy_profile(db, other_db, profile.id)

    assert other_db.execute("SELECT seconds FROM study_time").fetchone()[0] == 90


def test_a_scenario_run_moves_forward_never_back(db, other_db, profile, clock):
    repo = ScenarioRepo(db, clock)
    run = repo.start_run(profile.id, "alpha", "alpha-case", "hash")
    repo.record_choice(run.id, "one", 0)
    stale_db = open_memory_database()
    copy_profile(db, stale_db, profile.id)  # a laptop still holding the unfinished run
    copy_profile(db, other_db, profile.id)
    ScenarioRepo(other_db, clock).record_choice(run.id, "two", 0)
    ScenarioRepo(other_db, clock).finish_run(run.id, "good")

    forward = copy_profile(other_db, db, profile.id)
    stale = copy_profile(stale_db, db, profile.id)
    stale_db.close()

    finished = repo.get(run.id)
    assert finished.is_finished and finished.ending == "good"
    assert [step[0] for step in finished.path] == ["one", "two"]
    assert forward.tables["scenario_runs"].updated == 1
    assert stale.tables["scenario_runs"].updated == 0


def test_a_newer_setting_wins_and_an_older_one_does_not(db, other_db, profile):
    SettingsRepo(db).set("registration_number", "SW111", profile.id)
    copy_profile(db, other_db, profile.id)
    # Newer than the first save (stamped with the real clock), but not in the future.
    later = utc_iso(datetime.now(UTC) + timedelta(hours=1))
    db.execute("UPDATE settings SET value = 'SW222', updated_utc = ?", [later])
    other_db.execute(
        "UPDATE settings SET value = 'SW000', updated_utc = '2000-01-01T00:00:00.000Z'"
    )

    outcome = copy_profile(other_db, db, profile.id)  # older value arrives
    assert SettingsRepo(db).get("registration_number", profile_id=profile.id) == "SW222"
    assert outcome.tables["settings"].updated == 0

    copy_profile(db, other_db, profile.id)  # newer value arrives
    assert SettingsRepo(other_db).get("registration_number", profile_id=profile.id) == "SW222"


def test_settings_are_stamped_when_they_change(db, profile):
    settings = SettingsRepo(db)
    settings.set("theme", "dark", profile.id)
    db.execute("UPDATE settings SET updated_utc = '2000-01-01T00:00:00.000Z'")
    settings.set("theme", "dark", profile.id)  # same value: not a change
    assert db.execute("SELECT updated_utc FROM settings").fetchone()[0].startswith("2000")
    settings.set("theme", "light", profile.id)
    assert not db.execute("SELECT updated_utc FROM settings").fetchone()[0].startswith("2000")


def test_new_profiles_keep_out_of_the_team_summary_until_they_agree(db, clock):
    repo = ProfileRepo(db, clock)
    sam = repo.create("Sam")
    assert not sam.include_in_team_summary and sam.colour is None
    assert repo.set_team_summary_consent(sam.id, True).include_in_team_summary
    assert [p.name for p in repo.included_in_team_summary()] == ["Sam"]


@pytest.mark.parametrize(
    ("taken", "expected"),
    [
        (["Sam"], "Sam (imported)"),
        (["Sam", "Sam (imported)"], "Sam (imported 2)"),
        (["x" * 60], "x" * 49 + " (imported)"),
    ],
)
def test_a_name_already_used_by_someone_else_gets_a_distinct_one(
    db, other_db, clock, taken, expected
):
    source = ProfileRepo(db, clock).create(taken[0])
    for name in taken:
        ProfileRepo(other_db, clock).create(name)

    outcome = copy_profile(db, other_db, source.id)

    assert outcome.new_profile and outcome.profile_name == expected
    assert ProfileRepo(other_db).get(source.id).name == expected
    assert outcome.messages


def test_rows_whose_ids_belong_to_another_profile_are_left_alone(db, other_db, clock):
    mine = ProfileRepo(db, clock).create("Sam")
    theirs = ProfileRepo(other_db, clock).create("Alex")
    event = EventLog(db, clock).append(mine.id, "opened", "module:alpha")
    other_db.execute(
        "INSERT INTO events (id, ts_utc, profile_id, verb, object_id) VALUES (?, ?, ?, ?, ?)",
        [event.id, event.ts_utc, theirs.id, "opened", "module:beta"],
    )
    repo = ScenarioRepo(db, clock)
    run = repo.start_run(mine.id, "alpha", "case", "hash")
    other_db.execute(
        "INSERT INTO scenario_runs (id, profile_id, module_id, scenario_id, content_hash, "
        "started_utc, path) VALUES (?, ?, 'beta', 'case', 'h', '2026-01-01T00:00:00.000Z', '[]')",
        [run.id, theirs.id],
    )

    outcome = copy_profile(db, other_db, mine.id)

    assert outcome.tables["scenario_runs"].skipped == 1
    assert any("another profile" in message for message in outcome.messages)
    owner = other_db.execute("SELECT profile_id FROM scenario_runs WHERE id = ?", [run.id])
    assert owner.fetchone()[0] == theirs.id
    assert (
        other_db.execute("SELECT object_id FROM events WHERE id = ?", [event.id]).fetchone()[0]
        == "module:beta"
    )


def test_a_value_the_schema_refuses_rolls_back_the_whole_import(db, other_db, profile, clock):
    EventLog(db, clock).append(profile.id, "opened", "module:alpha")
    reader = ArchiveStore(db)
    before = all_rows(other_db)
    good_profile = {**reader.profile_row(profile.id)}

    def rows_for(spec: TableSpec) -> Iterable[Row]:
        if spec.name == "capability_ratings":
            # A rating of 9 passes a type check but breaks the schema's CHECK (1-5).
            return [("r1", "s1", profile.id, "cap", 9, "", "2026-01-01T00:00:00.000Z")]
        return list(reader.iter_rows(profile.id, spec))

    with pytest.raises(MergeRejectedError) as caught:
        ArchiveStore(other_db).merge(good_profile, rows_for)
    assert caught.value.rejected and caught.value.table == "capability_ratings"
    assert all_rows(other_db) == before
