"""CPD records as xAPI 1.0.3 statements, for an employer's Learning Record Store.

Statement ids are derived from record ids (uuid5), so exporting again gives
the same ids and an LRS treats a resend as the statement it already has.
Statements for modules completed and quizzes passed take the id of the event
in Prism's log, which never changes either. The actor is the pseudonymous
profile id, never the person's name.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from datetime import date, datetime, time
from urllib.parse import quote

from desktop.cpd.formatting import iso_utc
from desktop.cpd.learning import LearningEvent
from desktop.cpd.presentation import select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import UK_TIMEZONE, RegistrationYear, uk_date

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"
ACTOR_HOME_PAGE = "https://prism.invalid/profiles"
ACTIVITY_BASE = "https://prism.invalid/cpd/"
EXTENSION_BASE = "https://prism.invalid/xapi/extensions/"
MODULE_BASE = "https://prism.invalid/modules/"
VERB_COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERB_PASSED = "http://adlnet.gov/expapi/verbs/passed"
ACTIVITY_TYPE_MODULE = "http://adlnet.gov/expapi/activities/module"
ACTIVITY_TYPE_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
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


def record_statement(
    record: CpdRecord, made_on: date | datetime, *, home_page: str = ACTOR_HOME_PAGE
) -> dict[str, object]:
    """One "completed" statement for a record; `home_page` is the actor account's system.

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
            "account": {"homePage": home_page, "name": record.profile_id},
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


def event_statement_id(event_id: str) -> str:
    """A log event's id (32 hex digits or a hyphenated UUID) as a canonical UUID string."""
    return str(uuid.UUID(event_id))


def learning_statement(
    event: LearningEvent, profile_id: str, *, home_page: str = ACTOR_HOME_PAGE
) -> dict[str, object]:
    """A "completed" statement for a module read to the end, or "passed" for a quiz.

    The statement id is the log event's own UUID and the timestamp its moment,
    so exporting the same log twice gives identical statements.
    """
    module_activity = MODULE_BASE + quote(event.module_id, safe="")
    if event.verb == "passed":
        verb_id, activity_id = VERB_PASSED, module_activity + "/quiz"
        definition: dict[str, object] = {
            "name": {LANGUAGE: f"{event.module_title}: quiz"},
            "type": ACTIVITY_TYPE_ASSESSMENT,
        }
        result: dict[str, object] = {"completion": True, "success": True}
        if event.score_percent is not None:
            result["score"] = {
                "scaled": round(event.score_percent / 100, 4),
                "raw": event.score_percent,
                "min": 0,
                "max": 100,
            }
    else:
        verb_id, activity_id = VERB_COMPLETED, module_activity
        definition = {"name": {LANGUAGE: event.module_title}, "type": ACTIVITY_TYPE_MODULE}
        result = {"completion": True}
    return {
        "id": event_statement_id(event.event_id),
        "version": XAPI_VERSION,
        "actor": {
            "objectType": "Agent",
            "account": {"homePage": home_page, "name": profile_id},
        },
        "verb": {"id": verb_id, "display": {LANGUAGE: event.verb}},
        "object": {"objectType": "Activity", "id": activity_id, "definition": definition},
        "result": result,
        "context": {"language": LANGUAGE, "platform": "Prism"},
        "timestamp": iso_utc(event.timestamp_utc),
    }


def export_xapi_statements(
    records: Iterable[CpdRecord],
    learning: Iterable[LearningEvent],
    profile_id: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    *,
    home_page: str = ACTOR_HOME_PAGE,
) -> str:
    """Statements for the logged learning and the CPD records in `year` (all when None).

    Learning comes first, oldest first, then the records in date order. The
    actor is `profile_id` on `home_page` for every statement.
    """
    events = sorted(
        (e for e in learning if year is None or year.contains(e.timestamp_utc)),
        key=lambda e: (e.timestamp_utc, e.event_id),
    )
    statements = [learning_statement(e, profile_id, home_page=home_page) for e in events]
    statements += [
        record_statement(r, made_on, home_page=home_page) for r in select_records(records, year)
    ]
    return json.dumps(statements, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
