"""A bad CPD import file gives a clear message and changes nothing.

Each file in tests/corpus/imports/ is a damaged, foreign or future-version export;
``expected.json`` holds the words its message must contain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils

from desktop.course.loader import load_course
from desktop.cpd.export_json import export_json, load_json
from desktop.cpd.schema import CpdImportError
from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.store.database import open_memory_database
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.cpd.demo import MADE_AT, PROFILE_NAME, YEAR, demo_records

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "imports"
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
# Only the service sees these: the file itself reads, but cannot be imported as it is.
SERVICE_ONLY = {"same-id-twice.json"}


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_memory_database()
    yield database
    database.close()


@pytest.fixture
def service(tmp_path: Path, db: sqlite_utils.Database) -> CpdService:
    write_course(tmp_path / "course")
    course = load_course(tmp_path / "course" / "content").course
    clock = lambda: datetime(2026, 3, 20, 10, tzinfo=UTC)  # noqa: E731
    ctx = ServiceContext(course, db, tmp_path / "data", tmp_path / "course" / "assets", clock)
    return CpdService(ctx)


@pytest.fixture
def profile_id(service: CpdService, db: sqlite_utils.Database) -> str:
    """A profile that already has one saved record, so 'nothing changed' can be seen."""
    profile = ProfileRepo(db).create("Sam")
    record = service.new_blank(profile.id, date(2026, 3, 1))
    service.save(replace(record, title="Already mine"))
    return profile.id


def read(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


def test_every_corpus_file_has_an_expected_message() -> None:
    files = sorted(p.name for p in CORPUS.glob("*.json") if p.name != "expected.json")
    assert files == sorted(EXPECTED)


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - SERVICE_ONLY))
def test_reading_a_bad_file_says_what_is_wrong(name: str) -> None:
    with pytest.raises(CpdImportError) as caught:
        load_json(read(name))
    assert EXPECTED[name] in str(caught.value)
    assert "Traceback" not in str(caught.value)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_importing_a_bad_file_changes_nothing(
    name: str, service: CpdService, profile_id: str, db: sqlite_utils.Database
) -> None:
    before = service.list(profile_id)
    changes = db.conn.total_changes
    with pytest.raises(CpdImportError) as caught:
        service.import_json(profile_id, read(name))
    assert EXPECTED[name] in str(caught.value)
    assert service.list(profile_id) == before
    assert db.conn.total_changes == changes


def test_a_good_file_next_to_the_bad_ones_does_import(service, profile_id) -> None:
    """The refusals above are about the files, not a broken importer."""
    text = export_json(demo_records()[:2], PROFILE_NAME, YEAR, MADE_AT)
    assert service.import_json(profile_id, text) == 2
    assert len(service.list(profile_id)) == 3


def test_a_deeply_nested_file_is_refused_with_a_message() -> None:
    with pytest.raises(CpdImportError, match=r"not valid JSON|not a Prism CPD export"):
        load_json("[" * 100_000 + "]" * 100_000)
