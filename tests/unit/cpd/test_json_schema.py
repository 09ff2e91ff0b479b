"""The JSON export's published schema (JSON Schema 2020-12), checked with jsonschema.

Each export names the schema in `$schema`; these tests validate real exports against
the file that ships in the package, and show that the schema refuses the damaged files
of the import corpus that the importer refuses.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from desktop.cpd.export_json import export_json
from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection
from desktop.cpd.schema import SCHEMA_URI, json_schema_path

from .demo import MADE_AT, PROFILE_NAME, REGISTRATION_NUMBER, YEAR, record

SCHEMA = json.loads(json_schema_path().read_text(encoding="utf-8"))
VALIDATOR = Draft202012Validator(SCHEMA, format_checker=Draft202012Validator.FORMAT_CHECKER)
CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "imports"
# Well-formed files the importer refuses for reasons a schema cannot state.
# (Two records with one id; a year whose second half is not the year after its first.)
VALID_SHAPE = {"same-id-twice.json", "year-not-a-year.json", "expected.json"}


def errors(document: object) -> list[str]:
    return [error.message for error in VALIDATOR.iter_errors(document)]


def test_the_schema_is_valid_2020_12_and_ships_in_the_package() -> None:
    Draft202012Validator.check_schema(SCHEMA)
    assert SCHEMA["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert SCHEMA["$id"] == SCHEMA_URI
    assert json_schema_path().parent.name == "schemas"
    assert "desktop" in json_schema_path().parts


def test_every_export_names_the_schema_and_is_valid(records: tuple[CpdRecord, ...]) -> None:
    for year in (YEAR, None):
        document = json.loads(
            export_json(records, PROFILE_NAME, year, MADE_AT, REGISTRATION_NUMBER)
        )
        assert document["$schema"] == SCHEMA_URI
        assert errors(document) == []


def test_records_of_every_shape_are_valid() -> None:
    shapes = [
        record(id="bare", start_date=None, standards=(), evidence=(), status="draft"),
        record(id="peer", peer=PeerReflection("Team manager", date(2026, 2, 3), "I learnt.")),
        record(id="peer-undated", peer=PeerReflection("Colleague", None, "")),
        record(
            id="evidence",
            evidence=tuple(
                EvidenceLink(kind, f"ref-{kind}", f"A {kind}")
                for kind in ("module", "quiz", "scenario", "reflection")
            ),
            end_date=date(2026, 1, 20),
            standards=("3.10", "4.6"),
            title="Ünïcödé ’quotes’ and \u00a0spaces",
        ),
    ]
    document = json.loads(export_json(shapes, "", None, date(2026, 3, 14)))  # a date, no time
    assert errors(document) == []


def test_the_schema_catches_a_standard_written_as_a_number(records) -> None:
    document = json.loads(export_json(records, PROFILE_NAME, YEAR, MADE_AT))
    document["records"][0]["standards"] = [3.1]
    assert any("is not of type 'string'" in message for message in errors(document))


def test_the_schema_catches_a_field_that_should_not_be_there(records) -> None:
    document = json.loads(export_json(records, PROFILE_NAME, YEAR, MADE_AT))
    document["records"][0]["passphrase"] = "secret"
    assert errors(document)


@pytest.mark.parametrize(
    "name", sorted(p.name for p in CORPUS.glob("*.json") if p.name not in VALID_SHAPE)
)
def test_the_schema_refuses_what_the_importer_refuses(name: str) -> None:
    try:
        document = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    except json.JSONDecodeError:
        return  # not JSON at all: nothing for a schema to say
    assert errors(document), f"{name} passes the schema but the importer refuses it"


def test_an_export_edited_later_still_validates(records) -> None:
    """A record updated with an offset time (e.g. by hand) keeps a valid shape."""
    document = json.loads(export_json([replace(records[0])], PROFILE_NAME, YEAR, MADE_AT))
    document["records"][0]["updated_utc"] = "2026-03-12T16:45:00+01:00"
    assert errors(document) == []
