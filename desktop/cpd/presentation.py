"""What the human-readable exports share: which records, in what order, and each field as text.

Keeping this in one place means the paste-ready text, the Copy buttons and
the PDF portfolio always agree on wording and order.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop.cpd.form import FORM_FIELDS, FieldSpec
from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.records import CpdRecord, is_blank
from desktop.cpd.registration_year import RegistrationYear

NOT_FILLED_IN = "(not filled in)"


def select_records(
    records: Iterable[CpdRecord], year: RegistrationYear | None
) -> tuple[CpdRecord, ...]:
    """Records dated in `year` (all records when None), oldest first.

    A record belongs to the year its start date falls in; a record with no
    date belongs to no year, so it is only included when `year` is None.
    """
    chosen = [
        r
        for r in records
        if year is None or (r.start_date is not None and year.contains(r.start_date))
    ]
    return tuple(sorted(chosen, key=record_sort_key))


def record_sort_key(record: CpdRecord) -> tuple[bool, date, str, str]:
    """Sort by date (undated last), then title, then id, so output is stable."""
    return (
        record.start_date is None,
        record.start_date or date.max,
        " ".join(record.title.split()).casefold(),
        record.id,
    )


def display_text(record: CpdRecord, spec: FieldSpec) -> str:
    """A field's value as people read it: UK dates, "2 h 30 min", one evidence item a line."""
    value = record.field_value(spec.key)
    if spec.kind == "date":
        return format_date_uk(value if isinstance(value, date) else None)
    if spec.kind == "duration":
        minutes = value if isinstance(value, int) else 0
        return format_minutes(minutes) if minutes > 0 else ""
    if spec.kind == "standards":
        return ", ".join(str(s) for s in record.standards)
    if spec.kind == "evidence":
        return "\n".join(link.display for link in record.evidence)
    return "" if value is None else str(value).strip()


def shown_fields(record: CpdRecord) -> list[tuple[FieldSpec, str]]:
    """Each field to show, in form order: required fields always, optional ones when filled.

    A group (the peer reflection) is shown whole once any of its fields is filled, so a
    half-finished peer reflection shows its empty lines (as "(not filled in)" in the
    text) instead of silently dropping them.
    """
    texts = [(spec, display_text(record, spec)) for spec in FORM_FIELDS]
    started = {spec.group for spec, text in texts if spec.group and not is_blank(text)}
    return [
        (spec, text)
        for spec, text in texts
        if spec.required or not is_blank(text) or (spec.group and spec.group in started)
    ]


def records_count(records: Iterable[CpdRecord]) -> str:
    """ "1 record", "3 records", or "3 recorded, 1 still a draft" when some are drafts.

    Drafts are named so an export never reads as more finished CPD than there is.
    """
    chosen = list(records)
    drafts = sum(1 for r in chosen if not r.is_ready)
    if drafts:
        return f"{len(chosen)} recorded, {drafts} still {'a draft' if drafts == 1 else 'drafts'}"
    return "1 record" if len(chosen) == 1 else f"{len(chosen)} records"


def profile_heading(profile_name: str, registration_number: str | None) -> str:
    """ "Sam Taylor" or "Sam Taylor (registration number SW123456)"."""
    name = profile_name.strip()
    number = (registration_number or "").strip()
    return f"{name} (registration number {number})" if number else name


def year_heading(year: RegistrationYear | None) -> str:
    """ "Registration year 2025-26 (1 December 2025 to 30 November 2026)" or "All records"."""
    if year is None:
        return "All records"
    return (
        f"Registration year {year.label} "
        f"({format_date_uk(year.start)} to {format_date_uk(year.end)})"
    )
