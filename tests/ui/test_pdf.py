"""PDFs made with Qt: A4 pages, "Page i of n" on each, and every word of every record in the text.

The text is read back out of the PDF bytes (tests/ui/pdf_text.py), so these tests see
what a reader, a search or a screen reader would find in the file.
"""

from __future__ import annotations

import functools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

import desktop.commands.cpd as cpd_commands
from desktop import cli
from desktop.course import loader
from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.presentation import display_text
from desktop.services.certificates import Certificate
from desktop.ui.pdf import certificate_pdf, html_to_images, html_to_pdf, portfolio_pdf
from tests.unit.commands.cpd_demo import (
    MADE_AT,
    PROFILE_NAME,
    REGISTRATION_NUMBER,
    YEAR,
    Demo,
    build_demo,
    check_golden,
    copy_demo,
    fixed_clock,
)

from .pdf_text import PdfText, normalised

A4_MEDIA_BOX = "/MediaBox [0 0 595.000000 842.000000]"
cached_load_course = functools.cache(loader.load_course)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    with pytest.MonkeyPatch.context() as patch:
        built = build_demo(tmp_path_factory.mktemp("demo"), patch)
    built.close()
    yield built


@pytest.fixture
def demo(qapp, template: Demo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Demo]:
    copy = copy_demo(template, tmp_path)
    monkeypatch.setattr(cpd_commands, "CLOCK", fixed_clock())
    monkeypatch.setattr(loader, "load_course", cached_load_course)
    yield copy
    copy.close()


def export_pdf(demo: Demo, capsys: pytest.CaptureFixture[str], *extra: str) -> PdfText:
    status = cli.main(
        [
            *demo.cli_args(),
            "cpd",
            "export",
            "--profile",
            PROFILE_NAME,
            "--year",
            YEAR.label,
            "--format",
            "pdf",
            "--out",
            str(demo.root),
            *extra,
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    path = Path(out.strip())
    assert path.name == "prism-cpd-2025-26-2026-03-14.pdf"
    return PdfText(path.read_bytes())


def body_text(pdf: PdfText) -> str:
    """All pages without their footers (title, "Page i of n"), normalised, so a paragraph
    that runs over a page break reads as one."""
    return normalised(" ".join(" ".join(page.splitlines()[:-2]) for page in pdf.pages))


def test_portfolio_text_matches_its_golden_file(demo: Demo, capsys) -> None:
    pdf = export_pdf(demo, capsys)
    pages = [f"Page {n}:\n{normalised(text)}\n" for n, text in enumerate(pdf.pages, start=1)]
    check_golden("portfolio-pdf.txt", "\n".join(pages).encode("utf-8"))


def test_portfolio_has_every_field_of_every_record(demo: Demo, capsys) -> None:
    text = body_text(export_pdf(demo, capsys))
    for record in demo.records:
        for spec in FORM_FIELDS:
            value = display_text(record, spec)
            for line in value.splitlines():
                if line.strip():
                    assert normalised(line) in text, (record.title, spec.key, line)


def test_portfolio_layout(demo: Demo, capsys) -> None:
    pdf = export_pdf(demo, capsys)
    # The cover with the year's verdict and the summary; then the records and the
    # appendix flow on from page 2, with no page left nearly empty.
    assert pdf.page_count == 4
    for number, page in enumerate(pdf.pages, start=1):
        assert page.splitlines()[-1] == f"Page {number} of 4"
        assert "CPD portfolio: Sam Taylor" in page
    cover = normalised(pdf.pages[0])
    for text in (
        "Name Sam Taylor",
        f"registration number {REGISTRATION_NUMBER}",
        "Registration year 2025-26 (1 December 2025 to 30 November 2026)",
        "Made on 14 March 2026",
        "The requirements for 2025-26 are met.",
    ):
        assert text in cover
    for heading in ("Date", "Title", "Type of CPD", "Time", "Peer reflection", "Professional"):
        assert heading in cover
    assert "12 Jan 2026" in cover  # a date on one line
    assert "Total 2 h 10 min" in cover
    body = body_text(pdf)
    starts = [
        body.index(f"Record {n} of 3: {normalised(r.title)}")
        for n, r in enumerate(demo.records, start=1)
    ]
    assert starts == sorted(starts) and normalised(pdf.pages[1]).startswith("Record 1 of 3")
    # Evidence once, in its record; the learning log at the end, passes only by default.
    assert body.count("Scenario: A message at 22:00") == 1
    assert "Linked evidence" in body and "Appendix: linked evidence" not in body
    appendix = body[body.index("Appendix: modules completed") :]
    assert "12 Jan 2026 Module Alpha 25 min 90%" in appendix
    assert "Not passed" not in appendix and "1 attempt that did not pass is left out." in appendix


def test_failed_attempts_are_listed_when_asked_for(demo: Demo, capsys) -> None:
    body = body_text(export_pdf(demo, capsys, "--with-failed-attempts", "--force"))
    appendix = body[body.index("Appendix: modules completed") :]
    assert "Module Beta 60% Not passed" in appendix
    assert "left out" not in appendix


def test_no_text_is_hidden_off_the_page(demo: Demo, capsys) -> None:
    """Each heading is on exactly one page: nothing is drawn, unseen, below another page."""
    pdf = export_pdf(demo, capsys)
    for number in range(1, 4):
        holders = [n for n, page in enumerate(pdf.pages) if f"Record {number} of 3" in page]
        assert len(holders) == 1, holders


def test_a_long_record_runs_over_pages_without_losing_a_word(demo: Demo) -> None:
    paragraphs = [
        f"Paragraph {n}: " + "I thought about boundaries online. " * 12 for n in range(60)
    ]
    long = replace(demo.records[1], learning="\n\n".join(paragraphs))
    demo.service.save(long)
    plan = demo.service.plan_export(demo.profile_id, "pdf", YEAR, MADE_AT.date())
    pdf = PdfText(portfolio_pdf(demo.service, demo.profile_id, plan, None))
    text = body_text(pdf)
    assert pdf.page_count > 8
    for paragraph in paragraphs:
        assert text.count(normalised(paragraph)) == 1
    footers = [page.splitlines()[-1] for page in pdf.pages]
    assert footers == [f"Page {n} of {pdf.page_count}" for n in range(1, pdf.page_count + 1)]


def test_html_to_pdf_is_a4_with_title_and_page_numbers(qapp) -> None:
    html = "<h1>Heading</h1>" + '<div style="page-break-before: always"><p>Second</p></div>'
    data = html_to_pdf(html, "My title")
    assert data.startswith(b"%PDF-")
    assert data.count(A4_MEDIA_BOX.encode()) == 2
    assert "My title".encode("utf-16-be") in data  # the document title, in the metadata
    pdf = PdfText(data)
    assert [p.splitlines()[-1] for p in pdf.pages] == ["Page 1 of 2", "Page 2 of 2"]
    assert pdf.pages[1].splitlines()[0] == "Second"


def test_images_show_the_same_pages(qapp) -> None:
    html = "<h1>One</h1>" + '<div style="page-break-before: always"><p>Two</p></div>'
    images = html_to_images(html, "Preview", dpi=50)
    assert len(images) == PdfText(html_to_pdf(html, "Preview")).page_count == 2
    assert images[0].width() == 413 and images[0].height() == 585  # A4 at 50 dpi


CERTIFICATE = Certificate(
    profile_name="Zoë Ní Bhriain",
    module_id="online-disinhibition",
    module_title="Online disinhibition",
    completed_on=date(2026, 3, 4),
    minutes=83,
    score_percent=91.0,
    code="PRISM-7K3Q-9XHD-2M4T",
)


def test_certificate_is_one_page_with_every_field(qapp) -> None:
    pdf = PdfText(certificate_pdf(CERTIFICATE))
    assert pdf.page_count == 1
    text = normalised(pdf.text())
    for value in (
        "Certificate of completion",
        "Zoë Ní Bhriain",
        "Online disinhibition",
        "4 March 2026",
        "1 h 23 min",
        "91%",
        "PRISM-7K3Q-9XHD-2M4T",
        "prism verify PRISM-7K3Q-9XHD-2M4T",
    ):
        assert value in text
    assert not re.search(r"Page \d+ of", text)


def test_certificate_command_writes_a_pdf_that_verifies(demo: Demo, capsys) -> None:
    args = [*demo.cli_args(), "cpd", "certificate", "--profile", PROFILE_NAME]
    assert cli.main([*args, "--module", "alpha", "--out", str(demo.root)]) == 0
    out, _ = capsys.readouterr()
    path = Path(out.strip())
    assert path.name == "prism-certificate-alpha-2026-01-12.pdf"
    text = normalised(PdfText(path.read_bytes()).text())
    code = re.search(r"PRISM-\w{4}-\w{4}-\w{4}", text)
    assert code is not None and "Sam Taylor" in text and "Module Alpha" in text
    assert cli.main([*demo.cli_args(), "verify", code.group(0)]) == 0
    assert "is valid" in capsys.readouterr().out

    assert cli.main([*args, "--module", "alpha", "--out", str(path)]) == 1
    assert "already exists" in capsys.readouterr().err
    assert cli.main([*args, "--module", "beta"]) == 1
    assert "has not completed" in capsys.readouterr().err


def test_the_command_line_makes_a_pdf_without_any_window(demo: Demo) -> None:
    """A fresh interpreter with no Qt application and no platform set: the command sets
    offscreen itself and creates the application the fonts need."""
    env = {k: v for k, v in os.environ.items() if k not in {"QT_QPA_PLATFORM", "DISPLAY"}}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop",
            *demo.cli_args(),
            "cpd",
            "export",
            "--profile",
            PROFILE_NAME,
            "--all",
            "--format",
            "pdf",
            "--out",
            str(demo.root),
        ],
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    pdf = PdfText(Path(result.stdout.strip()).read_bytes())
    assert "All records" in pdf.pages[0] and pdf.page_count == 4
