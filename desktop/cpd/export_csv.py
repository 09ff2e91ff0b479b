"""CPD records as CSV for spreadsheets: one row per record, columns in the form's order.

Numbers stay numbers so a spreadsheet can add them up: hours to four decimals
(0.5833) beside the exact whole minutes (35), so totals do not drift. Dates are
ISO so they sort. Text stays text: a cell that a spreadsheet would run as a
formula is defused with a leading apostrophe, and text that it would read as a
number (a single standard such as 3.10, which would become 3.1) is written as
the formula ="3.10", which Excel, LibreOffice and Google Sheets show as the
text 3.10. The file is UTF-8 with a byte-order mark, which Excel needs.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from datetime import date, datetime

from desktop.cpd.form import FORM_FIELDS, FieldSpec
from desktop.cpd.presentation import select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear

LIST_SEPARATOR = "; "
HOURS_DECIMALS = 4
# Text a spreadsheet would take for a number: 3.10, 007, 1,5, 12%. Kept as text with ="…".
_NUMBER_LIKE = r"^[0-9][0-9.,]*%?$"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PEER_FLAG_HEADER = "Peer reflection"
STATUS_HEADER = "Status"
ID_HEADER = "Record ID"


def export_csv(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> str:
    """CSV text (RFC 4180, CRLF line ends) for the records in `year`, or all when None.

    The name, date made and registration number are not written: a CSV
    has no place for them that spreadsheets keep, and a row per record is
    what people sort and total.
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, dialect="excel", lineterminator="\r\n")
    writer.writerow(header_row())
    for record in select_records(records, year):
        writer.writerow(_row(record))
    return out.getvalue()


def export_csv_bytes(
    records: Iterable[CpdRecord],
    profile_name: str,
    year: RegistrationYear | None,
    made_on: date | datetime,
    registration_number: str | None = None,
) -> bytes:
    """The CSV as UTF-8 with a byte-order mark, which Excel needs to show accents and "’"."""
    text = export_csv(records, profile_name, year, made_on, registration_number)
    return text.encode("utf-8-sig")


def header_row() -> list[str]:
    """Column headings, from the form's labels."""
    headings: list[str] = []
    for spec in FORM_FIELDS:
        if spec.key == "peer_role":
            headings.append(PEER_FLAG_HEADER)
        if spec.kind == "duration":
            headings += [f"{spec.label} (hours)", f"{spec.label} (minutes)"]
        else:
            headings.append(spec.full_label)
    return [*headings, STATUS_HEADER, ID_HEADER]


def safe_cell(text: str) -> str:
    """Text as a spreadsheet will show it: never run as a formula, never turned into a number.

    A cell that would be read as a formula gets a leading single quote; one that would be
    read as a number (so "3.10" became 3.1 and "007" became 7) becomes ="3.10", a formula
    whose result is that text. Only digits, dots, commas and % can be inside it.
    """
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    if re.match(_NUMBER_LIKE, text):
        return f'="{text}"'
    return text


def hours_text(minutes: int) -> str:
    """Hours to four decimals for spreadsheets: 35 -> "0.5833", 150 -> "2.5000"."""
    return f"{minutes / 60:.{HOURS_DECIMALS}f}"


def _row(record: CpdRecord) -> list[str | int]:
    row: list[str | int] = []
    for spec in FORM_FIELDS:
        if spec.key == "peer_role":
            row.append("Yes" if record.has_peer_reflection else "No")
        if spec.kind == "duration":
            row += [hours_text(max(0, record.minutes)), max(0, record.minutes)]
        else:
            row.append(safe_cell(_cell_text(record, spec)))
    return [*row, record.status, safe_cell(record.id)]


def _cell_text(record: CpdRecord, spec: FieldSpec) -> str:
    value = record.field_value(spec.key)
    if spec.kind == "date":
        return value.isoformat() if isinstance(value, date) else ""
    if spec.kind == "standards":
        return LIST_SEPARATOR.join(record.standards)
    if spec.kind == "evidence":
        return LIST_SEPARATOR.join(link.display for link in record.evidence)
    return "" if value is None else str(value).strip()
