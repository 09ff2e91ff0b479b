"""Paste-ready plain text: record by record, field by field, in the online form's order.

Social Work England's online account logs people out after 60 minutes and
advises drafting elsewhere, so this text is laid out to be copied one field
at a time into the matching box.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.presentation import (
    NOT_FILLED_IN,
    profile_heading,
    records_count,
    select_records,
    shown_fields,
    year_heading,
)
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear, uk_date

RECORD_RULE = "=" * 72
GROUP_RULE = "-" * 72


def field_texts(record: CpdRecord) -> list[tuple[str, str]]:
    """(label, text) for each field worth copying, in form order, for per-field Copy buttons.

    Optional fields that are blank are left out; required ones stay, with
    "" as their text, so the person can see what is still missing.
    """
    return [(spec.full_label, text) for spec, text in shown_fields(record)]


def export_text(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> str:
    """All chosen records as one plain-text document (records in `year`, or all when None)."""
    chosen = select_records(records, year)
    total = sum(max(0, r.minutes) for r in chosen)
    lines = [
        f"CPD records: {profile_heading(profile_name, registration_number)}",
        year_heading(year),
        f"Made on {format_date_uk(uk_date(made_on))}",
        f"{records_count(chosen)}, {format_minutes(total)} in total",
        "",
        "Copy each field into the matching box of your Social Work England online account.",
        f"A field marked {NOT_FILLED_IN} still needs an answer.",
    ]
    if not chosen:
        lines += ["", "There are no CPD records to show."]
    for number, record in enumerate(chosen, start=1):
        lines += ["", *_record_lines(record, number, len(chosen))]
    return "\n".join(lines) + "\n"


def _record_lines(record: CpdRecord, number: int, total: int) -> list[str]:
    draft = " (draft)" if not record.is_ready else ""
    title = record.title.strip() or "Untitled"
    lines = [RECORD_RULE, f"Record {number} of {total}{draft}: {title}", RECORD_RULE]
    group = ""
    for spec, text in shown_fields(record):
        if spec.group and spec.group != group:
            lines += ["", spec.group, GROUP_RULE]
        group = spec.group
        lines += ["", f"{spec.label}:", text if text else NOT_FILLED_IN]
    return lines
