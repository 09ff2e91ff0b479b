"""PDFs read cleanly by other software: poppler's pdftotext and pdfinfo (issue 22).

Before, pdftotext gave "ﬁlled", "oﬄine" and "Certiﬁcate" (ligature code points, which
search boxes and screen readers do not match), the author was empty and no document
language was set. These tests run the real tools on a real portfolio and certificate.
"""

# ruff: noqa: F811 - tests take the fixtures imported below as arguments of the same name

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from desktop import cli
from desktop.ui.pdf import certificate_pdf, html_to_pdf
from tests.real_tools import run_tool
from tests.unit.commands.cpd_demo import PROFILE_NAME, YEAR, Demo

from .test_pdf import CERTIFICATE, demo, template  # noqa: F401 - shared fixtures

LIGATURES = re.compile("[\ufb00-\ufb06]")
WORDS_WITH_LIGATURES = "The form was filled offline: efficient office workflow, a fluffy affinity."


def pdftotext(path: Path) -> str:
    result = run_tool("pdftotext", "-enc", "UTF-8", str(path), "-")
    assert result.returncode == 0 and not result.stderr, result.stderr
    return result.stdout


def pdfinfo(path: Path) -> dict[str, str]:
    result = run_tool("pdfinfo", str(path))
    assert result.returncode == 0, result.stderr
    assert not result.stderr, result.stderr  # e.g. "Syntax Error" or a rebuilt xref table
    return dict(
        (key.strip(), value.strip())
        for key, value in (line.split(":", 1) for line in result.stdout.splitlines())
    )


def catalog(data: bytes) -> bytes:
    """The catalog a reader uses: the last one, reached through the last trailer."""
    root = int(re.findall(rb"/Root (\d+) 0 R", data)[-1])
    return re.findall(rb"(?m)^%d 0 obj\s*<<(.*?)>>\s*endobj" % root, data, re.S)[-1]


def test_extracted_text_has_no_ligatures(qapp, tmp_path: Path) -> None:
    html = f"<h1>Certificate</h1><p>{WORDS_WITH_LIGATURES}</p><p><b>{WORDS_WITH_LIGATURES}</b></p>"
    path = tmp_path / "words.pdf"
    path.write_bytes(html_to_pdf(html, "Certificate of offline study"))
    text = pdftotext(path)
    assert not LIGATURES.search(text), text
    assert text.count(WORDS_WITH_LIGATURES) == 2
    assert "Certificate of offline study" in text  # the footer, painted outside the document


def test_portfolio_text_title_author_and_language(demo: Demo, capsys, tmp_path: Path) -> None:
    status = cli.main(
        [
            *demo.cli_args(),
            *("cpd", "export", "--profile", PROFILE_NAME, "--year", YEAR.label),
            *("--format", "pdf", "--out", str(tmp_path)),
        ]
    )
    out, err = capsys.readouterr()
    assert status == 0, err
    path = Path(out.strip())
    text = pdftotext(path)
    assert not LIGATURES.search(text), sorted(set(LIGATURES.findall(text)))
    assert re.search(r"f[fil]", text)  # letter pairs Qt used to join are there, as letters
    info = pdfinfo(path)
    assert info["Title"] == f"CPD portfolio: {PROFILE_NAME}"
    assert info["Author"] == PROFILE_NAME
    assert info["Creator"] == "Prism"
    assert info["PDF version"] == "1.4"
    assert int(info["Pages"]) >= 3
    data = path.read_bytes()
    assert b"/Lang (en-GB)" in catalog(data)
    assert b"/DisplayDocTitle true" in catalog(data)


def test_certificate_has_language_and_author(qapp, tmp_path: Path) -> None:
    certificate = replace(CERTIFICATE, module_title="Professional boundaries offline and online")
    path = tmp_path / "certificate.pdf"
    path.write_bytes(certificate_pdf(certificate))
    text = pdftotext(path)
    assert "Professional boundaries offline and online" in " ".join(text.split())
    assert not LIGATURES.search(text)
    info = pdfinfo(path)
    assert info["Title"] == f"Prism certificate of completion: {CERTIFICATE.code}"
    assert info["Author"] == "Prism"
    assert b"/Lang (en-GB)" in catalog(path.read_bytes())


@pytest.mark.parametrize("pages", [1, 4])
def test_the_language_update_keeps_every_cross_reference_exact(qapp, pages: int) -> None:
    """Each xref entry of the appended section points at the object it names."""
    html = "".join(
        f'<div style="page-break-before: always"><p>Page {n}</p></div>' for n in range(pages)
    )
    data = html_to_pdf(html, "Cross references")
    offset = int(re.findall(rb"startxref\s+(\d+)", data)[-1])
    assert data[offset:].startswith(b"xref\n")
    first, count = map(int, data[offset:].split(b"\n")[1].split())
    entries = data[offset:].split(b"\n")[2 : 2 + count]
    for number, entry in enumerate(entries, start=first):
        assert len(entry) + 1 == 20  # each entry is exactly 20 bytes with its line end
        position = int(entry[:10])
        assert data[position:].startswith(b"%d 0 obj" % number)
    previous = int(re.findall(rb"/Prev (\d+)", data)[-1])
    assert data[previous:].startswith(b"xref\n")
