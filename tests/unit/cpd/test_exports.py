"""Exports: golden files from the demo set, plus properties each format must keep."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import escape

import pytest

from desktop.cpd.export_csv import export_csv, export_csv_bytes, header_row, safe_cell
from desktop.cpd.export_json import export_json, load_json
from desktop.cpd.export_text import export_text, field_texts
from desktop.cpd.export_xapi import export_xapi, iso_duration, record_statement_id
from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.portfolio_html import portfolio_html
from desktop.cpd.presentation import display_text
from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection
from desktop.cpd.schema import CpdImportError

from .demo import MADE_AT, PROFILE_ID, PROFILE_NAME, REGISTRATION_NUMBER, YEAR, record

Records = tuple[CpdRecord, ...]
Golden = Callable[[str, str], None]

HOSTILE = record(
    id="hostile",
    title="<script>alert('x')</script> & more",
    learning='=HYPERLINK("http://bad.example")',
    impact="+1 <b>bold</b>",
    description="-2 then @SUM(A1)",
    peer=PeerReflection("<i>peer</i>", None, "Learnt <that>."),
    evidence=(EvidenceLink("module", "m<1>", "Module <one>"),),
)


def _export_all(records: Records) -> dict[str, str]:
    args = (records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
    return {
        "records.txt": export_text(*args),
        "records.csv": export_csv(*args),
        "records.json": export_json(*args),
        "xapi.json": export_xapi(*args),
        "portfolio.html": portfolio_html(*args),
    }


@pytest.mark.parametrize(
    "name", ["records.txt", "records.csv", "records.json", "xapi.json", "portfolio.html"]
)
def test_golden(name: str, records: Records, golden: Golden) -> None:
    golden(name, _export_all(records)[name])


def test_exports_are_pure(records: Records) -> None:
    assert _export_all(records) == _export_all(tuple(reversed(records)))


def test_year_filter_and_all_records(records: Records) -> None:
    old = record(id="old", title="Last year's reading", start_date=date(2025, 6, 1))
    with_old = (*records, old)
    assert "Last year's reading" not in export_text(with_old, PROFILE_NAME, YEAR, MADE_AT)
    everything = export_text(with_old, PROFILE_NAME, None, MADE_AT)
    assert "All records" in everything
    assert everything.index("Last year's reading") < everything.index(records[0].title)


class TestText:
    def test_labels_in_form_order(self, records: Records) -> None:
        text = export_text(records[1:2], PROFILE_NAME, YEAR, MADE_AT)
        positions = [
            text.index(f"\n{spec.label}:\n") for spec in FORM_FIELDS if spec.key != "end_date"
        ]
        assert positions == sorted(positions)

    def test_blank_optional_fields_are_left_out(self, records: Records) -> None:
        text = export_text(records[:1], PROFILE_NAME, YEAR, MADE_AT)
        assert "End date:" not in text
        assert "Peer reflection" not in text

    def test_blank_required_fields_are_marked(self) -> None:
        text = export_text([record(description="")], PROFILE_NAME, YEAR, MADE_AT)
        assert "Description and why it is relevant to my practice:\n(not filled in)" in text

    def test_no_records(self) -> None:
        text = export_text([], PROFILE_NAME, YEAR, MADE_AT)
        assert "0 records, 0 min in total" in text
        assert "There are no CPD records to show." in text

    def test_field_texts_for_copy_buttons(self, records: Records) -> None:
        fields = field_texts(records[1])
        assert fields[0] == ("Type of CPD", "Supervision")
        assert ("Peer reflection: Peer's role", "My line manager, a registered social worker") in (
            fields
        )
        assert ("Duration", "1 h") in fields
        assert all(label != "End date" for label, _ in fields)
        blank = dict(field_texts(record(impact="")))
        assert blank["Impact on my practice and on the people I work with"] == ""


class TestCsv:
    def _rows(self, text: str) -> list[dict[str, str]]:
        return list(csv.DictReader(io.StringIO(text, newline="")))

    def test_parses_back_and_hours_add_up(self, records: Records) -> None:
        rows = self._rows(export_csv(records, PROFILE_NAME, YEAR, MADE_AT))
        assert len(rows) == len(records)
        total_minutes = sum(r.minutes for r in records)
        assert sum(float(row["Duration (hours)"]) for row in rows) == pytest.approx(
            total_minutes / 60
        )
        assert sum(int(row["Duration (minutes)"]) for row in rows) == total_minutes
        assert [row["Duration (hours)"] for row in rows] == ["2.5000", "1.0000", "0.7500"]

    def test_cells(self, records: Records) -> None:
        rows = self._rows(export_csv(records, PROFILE_NAME, YEAR, MADE_AT))
        assert rows[0]["Date"] == "2026-01-14"
        assert rows[2]["End date"] == "2026-03-06"
        assert rows[0]["Professional standards"] == "2.5; 3.10; 4.3; 4.6"
        assert [row["Peer reflection"] for row in rows] == ["No", "Yes", "No"]
        assert rows[1]["Peer reflection: Date of discussion"] == "2026-02-03"
        assert (
            rows[1]["Description and why it is relevant to my practice"] == records[1].description
        )
        assert rows[0]["Impact on my practice and on the people I work with"] == records[0].impact

    def test_header_follows_the_form(self) -> None:
        header = header_row()
        assert header[:4] == [
            "Type of CPD",
            "Title",
            "Description and why it is relevant to my practice",
            "Date",
        ]
        assert header.index("Peer reflection") < header.index("Peer reflection: Peer's role")
        assert header.index("Duration (hours)") + 1 == header.index("Duration (minutes)")

    def test_formula_injection_is_defused(self) -> None:
        row = self._rows(export_csv([HOSTILE], PROFILE_NAME, YEAR, MADE_AT))[0]
        assert row["What I learnt"] == '\'=HYPERLINK("http://bad.example")'
        assert row["Impact on my practice and on the people I work with"].startswith("'+1")
        assert row["Description and why it is relevant to my practice"].startswith("'-2")
        for value in ("@x", "\tx", "\rx"):
            assert safe_cell(value) == "'" + value
        assert safe_cell("plain") == "plain"

    def test_crlf_line_ends_and_excel_bytes(self, records: Records) -> None:
        text = export_csv(records, PROFILE_NAME, YEAR, MADE_AT)
        assert text.endswith("\r\n")
        data = export_csv_bytes(records, PROFILE_NAME, YEAR, MADE_AT)
        assert data.startswith(b"\xef\xbb\xbf")
        assert data.decode("utf-8-sig") == text


class TestJson:
    def test_round_trip(self, records: Records) -> None:
        text = export_json(records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
        loaded = load_json(text)
        assert loaded.records == records
        assert loaded.profile_name == PROFILE_NAME
        assert loaded.registration_number == REGISTRATION_NUMBER
        assert loaded.year == YEAR
        assert loaded.exported_utc == "2026-03-14T09:30:00Z"

    def test_shape(self, records: Records) -> None:
        document = json.loads(export_json(records, PROFILE_NAME, None, date(2026, 3, 14)))
        assert list(document) == ["$schema", "exported_utc", "profile", "records", "schema", "year"]
        assert document["schema"] == "prism.cpd/1"
        assert document["year"] is None
        assert document["exported_utc"] == "2026-03-14"
        assert document["profile"] == {"display_name": PROFILE_NAME, "registration_number": None}

    def test_round_trip_without_year(self, records: Records) -> None:
        loaded = load_json(export_json(records, PROFILE_NAME, None, MADE_AT))
        assert loaded.year is None
        assert loaded.records == records

    @pytest.mark.parametrize(
        ("mutate", "message"),
        [
            (lambda d: d.update(schema="prism.cpd/2"), "newer version of Prism"),
            (lambda d: d.update(schema="other/1"), "is not Prism CPD data"),
            (lambda d: d.pop("schema"), "no ‘schema’"),
            (lambda d: d.update(records={}), "‘records’ should be a list"),
            (lambda d: d.update(year="2025-27"), "‘year’ is not usable"),
            (lambda d: d.update(profile="Sam"), "‘profile’ section"),
            (lambda d: d["records"][1].update(minutes="sixty"), "Record 2: ‘minutes’"),
            (lambda d: d["records"][0].update(schema="prism.cpd/9"), "Record 1 was made by"),
        ],
    )
    def test_load_refuses_bad_files(self, records: Records, mutate, message: str) -> None:
        document = json.loads(export_json(records, PROFILE_NAME, YEAR, MADE_AT))
        mutate(document)
        with pytest.raises(CpdImportError, match=message):
            load_json(json.dumps(document))

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("{not json", "not valid JSON"),
            ("", "not valid JSON"),
            ("[1, 2]", "does not hold a JSON object"),
        ],
    )
    def test_load_refuses_non_exports(self, text: str, message: str) -> None:
        with pytest.raises(CpdImportError, match=message):
            load_json(text)


class TestXapi:
    """The file holds organisation sync's statements: same ids, same content."""

    def test_ids_are_stable_per_version_and_distinct(self, records: Records) -> None:
        first = json.loads(export_xapi(records, PROFILE_NAME, YEAR, MADE_AT))
        second = json.loads(export_xapi(records, "Another name", None, date(2027, 1, 1)))
        ids = [s["id"] for s in first]
        assert ids == [s["id"] for s in second]
        ready = [r for r in records if r.is_ready]
        assert len(set(ids)) == len(ready)
        assert ids[0] == record_statement_id(ready[0])
        assert re.fullmatch(
            r"[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", ids[0]
        )

    def test_an_edited_record_gets_a_new_statement_id(self) -> None:
        # One id per record whatever its version made a real LRS answer 409 ("differing
        # statements already exist with the same ID") to the file exported after an edit.
        before = record()
        after = replace(before, minutes=120, updated_utc=before.updated_utc)
        old = json.loads(export_xapi([before], PROFILE_NAME, YEAR, MADE_AT))[0]
        new = json.loads(export_xapi([after], PROFILE_NAME, YEAR, MADE_AT))[0]
        assert old["id"] != new["id"]
        assert new["result"]["duration"] == "PT2H"
        # Words that are never sent do not make a new version.
        reworded = replace(before, title="Retitled", learning="Rewritten.")
        same = json.loads(export_xapi([reworded], PROFILE_NAME, YEAR, MADE_AT))[0]
        assert same == old

    def test_drafts_are_never_completed(self, records: Records) -> None:
        draft = record(id="draft", status="draft")
        statements = json.loads(export_xapi([*records, draft], PROFILE_NAME, None, MADE_AT))
        objects = [s["object"]["id"] for s in statements]
        drafts = [r for r in (*records, draft) if not r.is_ready]
        assert len(drafts) >= 2
        for rec in drafts:
            assert not any(o.endswith("/cpd/" + rec.id) for o in objects)
        assert len(statements) == len(records) + 1 - len(drafts)

    def test_statements_have_the_required_keys(self, records: Records) -> None:
        statements = json.loads(export_xapi(records, PROFILE_NAME, YEAR, MADE_AT))
        ready = [r for r in records if r.is_ready]
        assert len(statements) == len(ready)
        for statement, rec in zip(statements, ready, strict=True):
            assert {"id", "actor", "verb", "object", "result", "timestamp", "version"} <= set(
                statement
            )
            assert statement["actor"] == {
                "objectType": "Agent",
                "account": {"homePage": "https://prism.invalid/profiles", "name": PROFILE_ID},
            }
            assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/completed"
            assert statement["object"]["id"] == f"https://prism.invalid/cpd/{rec.id}"
            assert statement["timestamp"] == f"{rec.start_date.isoformat()}T00:00:00Z"
        assert [s["result"]["duration"] for s in statements] == ["PT2H30M", "PT1H"]

    def test_never_names_the_person_or_sends_their_words(self, records: Records) -> None:
        text = export_xapi(records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
        assert PROFILE_NAME not in text
        assert REGISTRATION_NUMBER not in text
        for rec in records:
            for words in (rec.title, rec.description, rec.learning, rec.impact):
                assert words not in text

    def test_no_future_timestamp(self) -> None:
        # Dated after the day it was written (a planned course): the moment it was written.
        future = record(id="f", start_date=date(2026, 4, 1))
        undated = record(id="u", start_date=None)
        statements = json.loads(export_xapi([future, undated], PROFILE_NAME, None, MADE_AT))
        assert [s["timestamp"] for s in statements] == ["2026-03-10T12:00:00Z"] * 2

    @pytest.mark.parametrize(
        ("minutes", "iso"), [(150, "PT2H30M"), (60, "PT1H"), (45, "PT45M"), (0, "PT0S")]
    )
    def test_iso_duration(self, minutes: int, iso: str) -> None:
        assert iso_duration(minutes) == iso


class TestPortfolio:
    def test_contains_every_field_value(self, records: Records) -> None:
        html_text = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
        unescaped = re.sub(r"<[^>]+>", "\n", html_text)
        unescaped = unescaped.replace("&#x27;", "'").replace("&quot;", '"').replace("&amp;", "&")
        for rec in records:
            for spec in FORM_FIELDS:
                for line in display_text(rec, spec).splitlines():
                    if line.strip():
                        assert line.strip() in unescaped, (rec.title, spec.key, line)

    def test_cover_summary_and_pages(self, records: Records) -> None:
        html_text = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
        assert '<td><b>Name</b></td><td width="12"></td><td>Sam Taylor</td>' in html_text
        assert "SW000123" in html_text
        assert "14 March 2026" in html_text
        assert "2025-26" in html_text
        assert '<td colspan="2"><b>4 h 15 min</b></td>' in html_text
        # The cover holds the summary; the records then flow from one new page, so no
        # record leaves a nearly empty page behind it.
        assert html_text.count('<div style="page-break-before: always">') == 1
        assert html_text.count("<div") == html_text.count("</div>")
        # Evidence appears once, inside its record: no second list in an appendix.
        assert "Appendix: linked evidence" not in html_text
        for each in records:
            for link in each.evidence:
                assert html_text.count(escape(link.display, quote=True)) == 1

    def test_dates_in_the_summary_stay_on_one_line(self, records: Records) -> None:
        html_text = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT)
        assert "<td>14&nbsp;Jan&nbsp;2026</td>" in html_text

    def test_the_cover_says_whether_the_year_is_met(self, records: Records) -> None:
        met = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT)
        assert "The requirements for 2025-26 are met." in met
        alone = portfolio_html(records[:1], PROFILE_NAME, YEAR, MADE_AT)
        assert "The requirements for 2025-26 are not met yet." in alone
        assert "Add 1 more piece of CPD" in alone
        everything = portfolio_html(records, PROFILE_NAME, None, MADE_AT)
        assert "requirements for" not in everything  # all years: no one year to judge

    def test_registration_number_is_optional(self, records: Records) -> None:
        html_text = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT)
        assert 'registration number</b></td><td width="12"></td><td>Not given' in html_text

    def test_uses_only_qt_rich_text(self, records: Records) -> None:
        html_text = portfolio_html(records, PROFILE_NAME, YEAR, MADE_AT, REGISTRATION_NUMBER)
        assert not re.search(r"\d\s*(px|pt)\b", html_text)
        assert not re.search(r"<(img|link|script|style|iframe)\b", html_text)
        assert "http" not in html_text
        for table in re.findall(r"<table[^>]*>", html_text):
            assert re.search(r'border="[01]"', table) and 'cellspacing="0"' in table

    def test_hostile_text_is_escaped(self) -> None:
        html_text = portfolio_html([HOSTILE], "<b>Sam</b>", YEAR, MADE_AT, "<SW1>")
        assert "<script>" not in html_text
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; &amp; more" in html_text
        assert "<b>bold</b>" not in html_text
        assert "&lt;b&gt;Sam&lt;/b&gt;" in html_text
        assert "&lt;SW1&gt;" in html_text
        assert "Module &lt;one&gt;" in html_text
        assert "<i>peer</i>" not in html_text

    def test_no_records(self) -> None:
        html_text = portfolio_html([], PROFILE_NAME, YEAR, MADE_AT)
        assert "No records." in html_text


def test_a_half_filled_peer_reflection_shows_its_empty_line_in_the_text() -> None:
    """A team-session draft has the peer's role and date but not yet what was learnt."""
    from datetime import date

    from desktop.cpd.records import PeerReflection

    from .demo import record

    draft = record(
        title="Team session: online boundaries",
        status="draft",
        peer=PeerReflection("Colleagues in my team", date(2026, 1, 14), ""),
    )
    text = export_text([draft], "Sam Taylor", YEAR, date(2026, 3, 1))
    assert "What I learnt from the discussion:\n(not filled in)" in text
    assert "1 recorded, 1 still a draft" in text


def test_the_text_follows_the_online_form_description_before_date(records) -> None:
    from datetime import date

    text = export_text(records, "Sam Taylor", YEAR, date(2026, 3, 1))
    first = text.split("=" * 72)[2]
    assert first.index("Description and why") < first.index("Date:")
    assert "3 recorded, 1 still a draft" in text
