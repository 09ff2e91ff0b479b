"""CPD records as versioned JSON, for backup and moving records between computers.

The file carries a `schema` tag so that `load_json` can refuse files it
cannot read (other data, or a newer Prism) with a message a person
understands, instead of importing something half right, and a `$schema`
entry naming the JSON Schema (desktop/cpd/schemas/) that describes it.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from desktop.cpd.formatting import iso_utc
from desktop.cpd.presentation import select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear, RegistrationYearError
from desktop.cpd.schema import SCHEMA, SCHEMA_URI, CpdImportError, check_schema


@dataclass(frozen=True)
class CpdExport:
    """What `load_json` read back from an export file."""

    profile_name: str
    registration_number: str | None
    year: RegistrationYear | None
    exported_utc: str
    records: tuple[CpdRecord, ...]


def export_json(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> str:
    """JSON text: schema tag, profile, year label (or null for all), export time and records.

    `exported_utc` is an ISO UTC time when `made_on` is a datetime, and an
    ISO date when only a date is known.
    """
    document = {
        "$schema": SCHEMA_URI,  # the JSON Schema, for editors and validators
        "schema": SCHEMA,
        "profile": {
            "display_name": profile_name,
            "registration_number": registration_number or None,
        },
        "year": year.label if year is not None else None,
        "exported_utc": iso_utc(made_on) if isinstance(made_on, datetime) else made_on.isoformat(),
        "records": [record.to_dict() for record in select_records(records, year)],
    }
    return json.dumps(document, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def load_json(text: str) -> CpdExport:
    """Read an `export_json` file; `CpdImportError` says plainly what is wrong with it."""
    try:
        document = json.loads(text)
    except RecursionError:
        raise CpdImportError(
            "This file is not a Prism CPD export: its data is nested far too deeply to read."
        ) from None
    except json.JSONDecodeError as error:
        raise CpdImportError(
            "This file is not valid JSON, so it cannot be a Prism CPD export "
            f"(problem at line {error.lineno}, column {error.colno}: {error.msg})."
        ) from None
    if not isinstance(document, Mapping):
        raise CpdImportError("This file is not a Prism CPD export: it does not hold a JSON object.")
    check_schema(document.get("schema"), "This file")

    profile = document.get("profile")
    if not isinstance(profile, Mapping):
        raise CpdImportError("This file has no ‘profile’ section, or it is not a JSON object.")
    name = profile.get("display_name")
    number = profile.get("registration_number")
    if not isinstance(name, str):
        raise CpdImportError("In this file, the profile's ‘display_name’ should be text.")
    if number is not None and not isinstance(number, str):
        raise CpdImportError("In this file, the profile's ‘registration_number’ should be text.")

    year_label = document.get("year")
    year = None
    if year_label is not None:
        if not isinstance(year_label, str):
            raise CpdImportError("In this file, ‘year’ should be text such as ‘2025-26’, or null.")
        try:
            year = RegistrationYear.parse(year_label)
        except RegistrationYearError as error:
            raise CpdImportError(f"In this file, ‘year’ is not usable: {error}") from None

    exported = document.get("exported_utc")
    if not isinstance(exported, str):
        raise CpdImportError("In this file, ‘exported_utc’ should be text.")

    items = document.get("records")
    if not isinstance(items, list):
        raise CpdImportError("In this file, ‘records’ should be a list.")
    records = tuple(
        CpdRecord.from_dict(item, where=f"Record {n}") for n, item in enumerate(items, start=1)
    )
    return CpdExport(
        profile_name=name,
        registration_number=number,
        year=year,
        exported_utc=exported,
        records=records,
    )
