"""The incremental update that gives Qt's PDFs a document language (no Qt needed here)."""

from __future__ import annotations

import re

import pytest

from desktop.pdf_metadata import PdfStructureError, with_language

# The skeleton of what QPdfWriter writes: objects, a classic xref table, a trailer.
OBJECTS = [
    b"1 0 obj\n<<\n/Title (T)\n>>\nendobj\n",
    b"2 0 obj\n<<\n/Type /Catalog\n/Pages 3 0 R\n>>\nendobj\n",
    b"3 0 obj\n<<\n/Type /Pages\n/Kids []\n/Count 0\n>>\nendobj\n",
]


def minimal_pdf() -> bytes:
    data = b"%PDF-1.4\n"
    offsets = []
    for obj in OBJECTS:
        offsets.append(len(data))
        data += obj
    xref = len(data)
    data += b"xref\n0 4\n0000000000 65535 f \n"
    data += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    data += b"trailer\n<<\n/Size 4\n/Info 1 0 R\n/Root 2 0 R\n>>\nstartxref\n%d\n%%%%EOF\n" % xref
    return data


def test_the_catalog_gains_a_language_and_nothing_before_it_moves() -> None:
    original = minimal_pdf()
    updated = with_language(original)
    assert updated.startswith(original)
    catalog = re.findall(rb"2 0 obj\s*<<(.*?)>>\s*endobj", updated, re.S)[-1]
    assert b"/Lang (en-GB)" in catalog and b"/Pages 3 0 R" in catalog
    assert b"/Info 1 0 R" in updated[len(original) :]


def test_a_second_update_replaces_the_language_rather_than_adding_another() -> None:
    twice = with_language(with_language(minimal_pdf()), "cy-GB")
    catalog = re.findall(rb"(?m)^2 0 obj\s*<<(.*?)>>\s*endobj", twice, re.S)[-1]
    assert catalog.count(b"/Lang") == 1 and b"/Lang (cy-GB)" in catalog
    assert catalog.count(b"/ViewerPreferences") == 1


@pytest.mark.parametrize("data", [b"not a pdf", b"%PDF-1.4\n%%EOF\n", minimal_pdf()[:-30]])
def test_other_bytes_are_refused(data: bytes) -> None:
    with pytest.raises(PdfStructureError):
        with_language(data)


def test_a_language_that_is_not_a_tag_is_refused() -> None:
    with pytest.raises(ValueError, match="BCP 47"):
        with_language(minimal_pdf(), "en GB) /JS (x")
