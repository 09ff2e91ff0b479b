"""CPD records as xAPI 1.0.3 statements, for an employer's Learning Record Store.

Statement ids are derived from record ids (uuid5), so exporting again gives
the same ids and an LRS treats a resend as the statement it already has.
The actor is the pseudonymous profile id, never the person's name.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from urllib.parse import quote

from desktop.cpd.presentation import select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import UK_TIMEZONE, RegistrationYear, uk_date

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"
ACTOR_HOME_PAGE = "https://prism.invalid/profiles"
ACTIVITY_BASE = "https://prism.invalid/cpd/"
EXTENSION_BASE = "https://prism.invalid/xapi/extensions/"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
# Fixed for ever: changing it would give every record a new statement id.
STATEMENT_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "https://prism.invalid/xapi/statements")


def statement_id(record_id: str) -> str:
    """The statement id for a record: the same every time for the same record id."""
    return str(uuid.uuid5(STATEMENT_NAMESPACE, f"cpd-record:{record_id}"))


def iso_duration(minutes: int) -> str:
    """Minutes as an ISO 8601 duration: 150 -> "PT2H30M", 45 -> "PT45M", 0 -> "PT0S"."""
    if minutes <= 0:
        return "PT0S"
    hours, rest = divmod(minutes, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{rest}M" if rest else "")


def record_statement(record: CpdRecord, made_on: date | datetime) -> dict[str, object]:
    """One "completed" statement for a record.

    The timestamp is midnight UK time at the start of the record's date
    (with its UTC offset). It is left out when the record has no date, or a
    date after `made_on`, because xAPI forbids sending future timestamps.
    """
    definition: dict[str, object] = {"name": {LANGUAGE: record.title}}
    if record.description.strip():
        definition["description"] = {LANGUAGE: record.description}
    extensions: dict[str, object] = {
        EXTENSION_BASE + "cpd-type": record.cpd_type,
        EXTENSION_BASE + "peer-reflection": record.has_peer_reflection,
        EXTENSION_BASE + "standards": list(record.standards),
    }
    statement: dict[str, object] = {
        "id": statement_id(record.id),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": ACTOR_HOME_PAGE, "name": record.profile_id},
        },
        "verb": {"id": VERB_COMPLETED, "display": {LANGUAGE: "completed"}},
        "object": {
            "objectType": "Activity",
            "id": ACTIVITY_BASE + quote(record.id, safe=""),
            "definition": definition,
        },
        "result": {"completion": True, "duration": iso_duration(record.minutes)},
        "context": {"language": LANGUAGE, "platform": "Prism", "extensions": extensions},
    }
    if record.start_date is not None and record.start_date <= uk_date(made_on):
        statement["timestamp"] = _timestamp(record.start_date)
    return statement


def export_xapi(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> str:
    """A JSON list of statements for the records in `year` (all when None).

    `profile_name` and `registration_number` are accepted for a uniform
    export signature but deliberately not written: statements stay
    pseudonymous until an organisation links the profile id to a person.
    """
    statements = [record_statement(r, made_on) for r in select_records(records, year)]
    return json.dumps(statements, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def _timestamp(day: date) -> str:
    return datetime.combine(day, time(0, 0), tzinfo=UK_TIMEZONE).isoformat()
