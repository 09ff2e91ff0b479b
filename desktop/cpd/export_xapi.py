"""CPD records and logged learning as an xAPI 1.0.3 file, for an employer's Learning Record Store.

The statements are built by the same functions as organisation sync
(``desktop.domain.lrs_statements``), so a fact has one statement whichever way it
reaches an LRS: the same id and the same content, and an LRS that already holds it
ignores the other copy instead of answering 409.

- **Ids per fact and per version.** A module read or a quiz attempt keeps its id for
  ever. A CPD record's id is per record *and* per version of what is sent, so an edited
  record gets a new id. A file cannot void anything, so it holds only each record's
  current version; the version an LRS got from an earlier file stays there until the
  organisation voids it (organisation sync does that itself).
- **Drafts are left out.** A draft is not finished learning, and an LRS would read any
  statement about it as a claim; it goes in the file once it is marked ready.
- **Failed quiz attempts go as "failed"**, with their score, as passes go as "passed".
- **Nothing typed**: no titles, descriptions, reflections or names; ids, verbs, scores,
  durations, dates and the CPD type and standards. The JSON, CSV and PDF exports carry
  the words.
- **The actor** is the learner's account on the organisation's home page: the home page
  configured for organisation sync when there is one, and the learner's organisation id
  when they gave one, else the pseudonymous profile id.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date, datetime

from desktop.cpd.formatting import iso_utc
from desktop.cpd.learning import LearningEvent
from desktop.cpd.presentation import select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear
from desktop.domain import lrs_statements as xs
from desktop.domain.lrs_statements import iso_duration

__all__ = [
    "ACTOR_HOME_PAGE",
    "export_xapi",
    "export_xapi_statements",
    "iso_duration",
    "learning_statement",
    "record_statement",
    "record_statement_id",
]

ACTOR_HOME_PAGE = "https://prism.invalid/profiles"


def record_statement_id(record: CpdRecord) -> str:
    """The statement id of the record's current version (a new one after an edit)."""
    facts = xs.cpd_facts(record.to_dict())
    return xs.statement_id(f"cpd:{record.id}", xs.cpd_version(facts))


def record_statement(record: CpdRecord) -> dict[str, object] | None:
    """The statement for a ready record (as organisation sync sends it), None for a draft.

    The actor is still a placeholder; ``export_xapi_statements`` fills it in.
    """
    if not record.is_ready:
        return None
    data = record.to_dict()
    ts = xs.cpd_timestamp(data, iso_utc(record.created_utc))
    return xs.cpd_completed(record.id, record.profile_id, xs.cpd_facts(data), ts)


def learning_statement(event: LearningEvent, profile_id: str) -> dict[str, object]:
    """A module read to the end ("completed"), or a quiz attempt ("passed" or "failed")."""
    ts = event.ts_utc or iso_utc(event.timestamp_utc)
    if event.verb == "completed":
        return xs.module_completed(event.event_id, profile_id, event.module_id, ts)
    score = event.score_percent if event.score_percent is not None else 0.0
    return xs.quiz_finished(
        event.event_id, profile_id, event.module_id, ts, score, event.verb == "passed"
    )


def export_xapi(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> str:
    """A JSON list of statements for the ready records in `year` (all when None).

    `profile_name`, `registration_number` and `made_on` are accepted for a uniform
    export signature but deliberately not used: statements stay pseudonymous, and
    each depends only on its record, so exporting again gives the same file.
    """
    chosen = list(records)
    profile_id = chosen[0].profile_id if chosen else ""
    return export_xapi_statements(chosen, (), profile_id, year, made_on)


def export_xapi_statements(
    records: Iterable[CpdRecord],
    learning: Iterable[LearningEvent],
    profile_id: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    *,
    home_page: str = ACTOR_HOME_PAGE,
    account_names: Mapping[str, str] | None = None,
) -> str:
    """Statements for the logged learning and the ready CPD records in `year` (all when None).

    Learning comes first, oldest first, then the records in date order; drafts are left
    out. Every actor is an account on `home_page`, named by `account_names` (a profile
    id to the learner's organisation id) or else by the profile id.
    """
    del made_on  # statements depend on the facts only, never on the day of export
    events = sorted(
        (e for e in learning if year is None or year.contains(e.timestamp_utc)),
        key=lambda e: (e.timestamp_utc, e.event_id),
    )
    statements: list[dict[str, object]] = [learning_statement(e, profile_id) for e in events]
    for record in select_records(records, year):
        statement = record_statement(record)
        if statement is not None:
            statements.append(statement)
    resolved = xs.resolve(statements, home_page, dict(account_names or {}))
    return json.dumps(resolved, sort_keys=True, indent=2, ensure_ascii=False) + "\n"
