"""Property tests for the CPD JSON importer: any input either imports or is refused
with ``CpdImportError`` (never another exception), and a refusal changes nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.course.loader import load_course
from desktop.cpd.export_json import export_json, load_json
from desktop.cpd.schema import CpdImportError
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.store.database import open_memory_database
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.cpd.demo import MADE_AT, PROFILE_NAME, YEAR, demo_records

JSON_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["prism.cpd/1", "prism.cpd/2", "2026-03-14", "2026-03-14T09:30:00Z"]),
)
JSON_VALUES = st.recursive(
    JSON_SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=4),
        st.dictionaries(st.text(max_size=10), children, max_size=4),
    ),
    max_leaves=20,
)
VALID = json.loads(export_json(demo_records(), PROFILE_NAME, YEAR, MADE_AT))
TOP_KEYS = sorted(VALID)
RECORD_KEYS = sorted(VALID["records"][0])


def mutated(path: tuple, value: object) -> dict:
    """The valid export with the value at ``path`` replaced (or deleted: ``...``)."""
    document = json.loads(json.dumps(VALID))
    target = document
    for step in path[:-1]:
        target = target[step]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return document


PATHS = st.one_of(
    st.sampled_from([(key,) for key in TOP_KEYS]),
    st.builds(
        lambda n, key: ("records", n, key),
        st.integers(min_value=0, max_value=len(VALID["records"]) - 1),
        st.sampled_from(RECORD_KEYS),
    ),
    st.sampled_from([("profile", "display_name"), ("profile", "registration_number")]),
)


def read_or_refuse(text: str) -> None:
    try:
        loaded = load_json(text)
    except CpdImportError as error:
        assert str(error).strip()
        assert "Traceback" not in str(error)
        return
    # Whatever was accepted exports and reads back the same (year=None: every record,
    # including undated drafts a year filter would leave out).
    again = load_json(export_json(loaded.records, loaded.profile_name, None, MADE_AT))
    assert sorted(map(repr, again.records)) == sorted(map(repr, loaded.records))  # any order


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_read_or_refused(text: str) -> None:
    read_or_refuse(text)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES)
def test_any_json_value_is_read_or_refused(value: object) -> None:
    read_or_refuse(json.dumps(value))


@settings(max_examples=300, deadline=None)
@given(PATHS, st.one_of(st.just(...), JSON_VALUES))
def test_one_changed_field_in_a_real_export_is_read_or_refused(path, value) -> None:
    read_or_refuse(json.dumps(mutated(path, value)))


@pytest.fixture(scope="module")
def importer(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[CpdService, str]]:
    root = tmp_path_factory.mktemp("import-course")
    write_course(root)
    course = load_course(root / "content").course
    db = open_memory_database()
    ctx = ServiceContext(
        course, db, Path(root / "data"), root / "assets", lambda: datetime(2026, 4, 1, tzinfo=UTC)
    )
    profile = ProfileRepo(db).create("Sam")
    yield CpdService(ctx), profile.id
    db.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(PATHS, st.one_of(st.just(...), JSON_VALUES))
def test_a_refused_import_changes_nothing(importer, path, value) -> None:
    service, profile_id = importer
    before = service.list(profile_id)
    try:
        service.import_json(profile_id, json.dumps(mutated(path, value)))
    except CpdImportError:
        assert service.list(profile_id) == before
