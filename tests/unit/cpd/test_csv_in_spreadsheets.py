"""The CSV export as a spreadsheet reads it (issue 22).

A cell holding one standard, 3.10, became the number 3.1 in a spreadsheet, and hours
rounded to two decimals (0.58 for 35 minutes) made totals drift. The last test opens
the file in LibreOffice Calc itself (headless) and reads back the cell types it chose.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from desktop.cpd.export_csv import export_csv, export_csv_bytes, hours_text, safe_cell
from tests.real_tools import require_tool

from .demo import MADE_AT, PROFILE_NAME, YEAR, record

ODS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
}


def rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_a_single_standard_is_written_so_it_stays_text() -> None:
    one = record(standards=("3.10",))
    row = rows(export_csv([one], PROFILE_NAME, YEAR, MADE_AT))[0]
    assert row["Professional standards"] == '="3.10"'


@pytest.mark.parametrize("text", ["3.10", "007", "1,5", "12%", "2024"])
def test_any_text_a_spreadsheet_would_take_for_a_number_is_kept(text: str) -> None:
    assert safe_cell(text) == f'="{text}"'


@pytest.mark.parametrize("text", ["3.10; 4.6", "Supervision", "", "=1+1", "3 h"])
def test_other_text_is_not_wrapped(text: str) -> None:
    assert not safe_cell(text).startswith('="')


@pytest.mark.parametrize(("minutes", "hours"), [(35, "0.5833"), (150, "2.5000"), (1, "0.0167")])
def test_hours_have_four_decimals_beside_exact_minutes(minutes: int, hours: str) -> None:
    assert hours_text(minutes) == hours
    row = rows(export_csv([record(minutes=minutes)], PROFILE_NAME, YEAR, MADE_AT))[0]
    assert (row["Duration (hours)"], row["Duration (minutes)"]) == (hours, str(minutes))


def test_twelve_35_minute_records_total_seven_hours_to_the_minute() -> None:
    records = [record(id=f"r{n}", minutes=35) for n in range(12)]
    table = rows(export_csv(records, PROFILE_NAME, YEAR, MADE_AT))
    assert abs(sum(float(r["Duration (hours)"]) for r in table) - 7) < 0.001  # 6.96 before
    assert sum(int(r["Duration (minutes)"]) for r in table) == 420


def test_libreoffice_reads_standards_as_text_and_hours_as_numbers(tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    records = [
        record(id="one", standards=("3.10",), minutes=35, title="Colleagues’ reflections"),
        record(id="many", standards=("2.5", "3.10"), minutes=150, title="Reading"),
    ]
    source = tmp_path / "cpd.csv"
    source.write_bytes(export_csv_bytes(records, PROFILE_NAME, YEAR, MADE_AT))
    # CSV import options: comma, double quote, UTF-8 (76), from line 1; formulas evaluated.
    result = subprocess.run(
        [
            *(soffice, "--headless", "--infilter=CSV:44,34,76,1", "--convert-to", "fods"),
            *("--outdir", str(tmp_path / "out"), str(source)),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "HOME": str(tmp_path)},  # a fresh LibreOffice profile
    )
    converted = tmp_path / "out" / "cpd.fods"
    assert converted.is_file(), result.stdout + result.stderr
    table = _cells(converted)
    header = [text for _, text in table[0]]
    by_title = {}
    for row in table[1:3]:
        cells = {header[i]: cell for i, cell in enumerate(row)}
        by_title[cells["Title"][1]] = cells
    first, second = by_title["Colleagues’ reflections"], by_title["Reading"]
    assert header[0] == "Type of CPD"  # the byte-order mark was read as one, not as text
    assert first["Professional standards"] == ("string", "3.10")
    assert second["Professional standards"] == ("string", "2.5; 3.10")
    assert first["Duration (hours)"] == ("float", "0.5833")
    assert first["Duration (minutes)"] == ("float", "35")
    assert first["Title"][0] == "string"


def _cells(path: Path) -> list[list[tuple[str, str]]]:
    """(value type, shown text) for each cell of the first sheet."""
    root = ET.parse(path).getroot()
    table = next(root.iter(f"{{{ODS['table']}}}table"))
    found = []
    for row in table.iter(f"{{{ODS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", ODS):
            repeat = int(cell.get(f"{{{ODS['table']}}}number-columns-repeated", "1"))
            kind = cell.get(f"{{{ODS['office']}}}value-type", "")
            text = "".join(p.strip() for p in cell.itertext()).strip()
            cells += [(kind, text)] * min(repeat, 50)
        found.append(cells)
    return found
