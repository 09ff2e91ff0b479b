"""Property-based tests of the profile importer: whatever the bytes, either a clean import
or a clear ArchiveError with nothing changed; and round trips that lose nothing."""

from __future__ import annotations

import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.services.archive import ArchiveError, ArchiveService
from desktop.store.capabilities import CapabilityRepo
from desktop.store.database import open_memory_database
from desktop.store.profile_names import name_problem
from desktop.store.profiles import ProfileRepo, normalise_profile_name
from desktop.store.reflections import ReflectionRepo
from desktop.store.settings import SettingsRepo
from tests.corpus.archives.build import genuine_archive, rebuild
from tests.unit.services.archive_helpers import dump, profile_tables
from tests.unit.store.fakes import FakeClock

# Enough examples to shake out a crash on every run while keeping the suite quick;
# raise max_examples locally when changing the importer.
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(SETTINGS, max_examples=15)
GENUINE = genuine_archive()


@contextmanager
def laptop(start: datetime | None = None) -> Iterator[tuple[ArchiveService, object, Path]]:
    """A throwaway laptop: an in-memory database with one profile, and a folder."""
    db = open_memory_database()
    with tempfile.TemporaryDirectory() as folder:
        clock = FakeClock(start)
        service = ArchiveService(db, Path(folder), clock)
        try:
            yield service, db, Path(folder)
        finally:
            db.close()


@dataclass
class Outcome:
    """What one import did: whether it worked, the database before and after, and the
    imported profile's rows (empty when refused)."""

    worked: bool
    before: dict
    after: dict
    imported: dict


def import_bytes(data: bytes) -> Outcome:
    """Import ``data`` into a laptop that already holds Alex's work."""
    with laptop() as (service, db, folder):
        alex = ProfileRepo(db).create("Alex")
        ReflectionRepo(db).create(alex.id, "alpha", None, "Alex's words")
        before = dump(db)
        path = folder / "input.prism"
        path.write_bytes(data)
        try:
            report = service.import_archive(path)
        except ArchiveError as error:
            assert str(error) and "Traceback" not in str(error)
            return Outcome(False, before, dump(db), {})
        return Outcome(True, before, dump(db), profile_tables(db, report.profile_id))


CLEAN = import_bytes(GENUINE).imported


@SETTINGS
@given(st.binary(max_size=4096))
def test_any_bytes_are_refused_cleanly(data):
    outcome = import_bytes(data)
    assert not outcome.worked and outcome.after == outcome.before


@SETTINGS
@given(st.data())
def test_a_damaged_genuine_archive_is_refused_or_imports_the_same_data(data):
    archive = bytearray(GENUINE)
    flips = data.draw(st.lists(st.integers(0, len(archive) - 1), min_size=1, max_size=4))
    for position in flips:
        archive[position] ^= data.draw(st.integers(1, 255))
    if data.draw(st.booleans()):
        archive = archive[: data.draw(st.integers(0, len(archive)))]
    outcome = import_bytes(bytes(archive))
    if outcome.worked:
        # Only bytes nothing reads (a timestamp in a zip header) can change and still pass.
        assert outcome.imported == CLEAN
    else:
        assert outcome.after == outcome.before


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(), children, max_size=3)
    ),
    max_leaves=10,
)


@SETTINGS
@given(JSON_VALUES)
def test_any_manifest_that_is_not_genuine_is_refused(manifest):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", json.dumps(manifest))
    outcome = import_bytes(buffer.getvalue())
    assert not outcome.worked and outcome.after == outcome.before


@SETTINGS
@given(
    column=st.sampled_from(["id", "ts_utc", "profile_id", "verb", "object_id", "result_json"]),
    value=JSON_VALUES,
)
def test_any_value_in_a_row_is_checked_before_anything_is_written(column, value):
    def change(members):
        lines = members["events.jsonl"].decode().splitlines(keepends=True)
        row = json.loads(lines[0])
        row[column] = value
        lines[0] = json.dumps(row) + "\n"
        members["events.jsonl"] = "".join(lines).encode()

    outcome = import_bytes(rebuild(GENUINE, change=change))
    if not outcome.worked:
        assert outcome.after == outcome.before
    else:
        # Accepted only when the value fits the column (text where text belongs).
        assert isinstance(value, str) or (column == "result_json" and value is None)


TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=200)


@SLOW
@given(
    reflections=st.lists(st.tuples(st.sampled_from(["alpha", "beta"]), TEXT), max_size=5),
    ratings=st.dictionaries(
        st.text(alphabet="abcdefghij-", min_size=1, max_size=12),
        st.tuples(st.integers(1, 5), TEXT),
        max_size=4,
    ),
    registration=st.one_of(st.none(), TEXT),
    # Any name creating a profile accepts (profile_names refuses invisible characters).
    name=TEXT.filter(
        lambda s: (
            0 < len(" ".join(s.split())) <= 60 and name_problem(normalise_profile_name(s)) is None
        )
    ),
)
def test_whatever_a_learner_writes_survives_the_trip_and_a_second_import(
    reflections, ratings, registration, name
):
    with laptop() as (home, home_db, folder), laptop() as (training, training_db, _):
        profile = ProfileRepo(home_db).create(name)
        for module_id, text in reflections:
            ReflectionRepo(home_db).create(profile.id, module_id, None, text)
        if ratings:
            CapabilityRepo(home_db).rate(profile.id, ratings)
        if registration is not None:
            SettingsRepo(home_db).set("registration_number", registration, profile.id)

        archive = home.export_profile(profile.id, folder / "p.prism")
        training.import_archive(archive)
        assert profile_tables(training_db, profile.id) == profile_tables(home_db, profile.id)
        snapshot = dump(training_db)
        again = training.import_archive(archive)
        assert dump(training_db) == snapshot and not again.changed_anything


@SLOW
@given(
    home_minutes=st.integers(1, 600),
    training_minutes=st.integers(1, 600),
    home_text=TEXT,
    training_text=TEXT,
)
def test_edits_on_two_laptops_converge_and_neither_is_lost(
    home_minutes, training_minutes, home_text, training_text
):
    start = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    with laptop(start) as (home, home_db, folder), laptop(start) as (training, training_db, _):
        profile = ProfileRepo(home_db, FakeClock(start)).create("Sam")
        original = ReflectionRepo(home_db, FakeClock(start)).create(
            profile.id, "alpha", None, "First draft"
        )
        training.import_archive(home.export_profile(profile.id, folder / "1.prism"))
        ReflectionRepo(home_db, FakeClock(start + timedelta(minutes=home_minutes))).update(
            original.id, home_text
        )
        ReflectionRepo(
            training_db, FakeClock(start + timedelta(minutes=training_minutes, seconds=30))
        ).update(original.id, training_text)

        training.import_archive(home.export_profile(profile.id, folder / "2.prism"))
        home.import_archive(training.export_profile(profile.id, folder / "3.prism"))

        for db in (home_db, training_db):
            current = ReflectionRepo(db).get(original.id).text
            kept = {row[0] for row in db.execute("SELECT text FROM reflection_history")}
            assert {current} | kept >= {home_text, training_text}
        newer = training_text if training_minutes >= home_minutes else home_text
        assert ReflectionRepo(home_db).get(original.id).text == newer
        assert ReflectionRepo(training_db).get(original.id).text == newer
