"""Finish a PDF from Qt's QPdfWriter: the document language, which Qt cannot set. No Qt.

Screen readers choose their voice and pronunciation from the catalog's ``/Lang``, and
PDF/UA requires it; QPdfWriter (Qt 6.11) has no way to write it. So the PDF is given an
incremental update, the standard way to change a finished PDF (ISO 32000-1, 7.5.6): a
new copy of the catalog with ``/Lang`` and ``/ViewerPreferences << /DisplayDocTitle
true >>`` (viewers show the title, not the file name) is appended, with a cross-reference
section pointing at it and a trailer linking to the original. Nothing Qt wrote moves.
"""

from __future__ import annotations

import re

DOCUMENT_LANGUAGE = "en-GB"

_STARTXREF = re.compile(rb"startxref\s+(\d+)\s+%%EOF\s*$")
_TRAILER = re.compile(rb"trailer\s*<<(.*?)>>\s*startxref", re.S)


class PdfStructureError(ValueError):
    """The bytes are not a PDF laid out as QPdfWriter writes them."""


def with_language(pdf: bytes, language: str = DOCUMENT_LANGUAGE) -> bytes:
    """`pdf` with an incremental update setting the catalog's /Lang and DisplayDocTitle."""
    if not re.fullmatch(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*", language):
        raise ValueError(f"{language!r} is not a BCP 47 language tag")
    end = _STARTXREF.search(pdf)
    trailers = list(_TRAILER.finditer(pdf))
    if end is None or not trailers:
        raise PdfStructureError("no trailer and startxref at the end of the PDF")
    trailer = trailers[-1].group(1)
    root = _reference(trailer, b"Root")
    size = re.search(rb"/Size\s+(\d+)", trailer)
    if size is None:
        raise PdfStructureError("the trailer has no /Size")
    catalogs = list(re.finditer(rb"(?ms)^%d 0 obj\s*(.*?)endobj" % root, pdf))
    if not catalogs:
        raise PdfStructureError(f"the catalog (object {root}) was not found")
    body = catalogs[-1].group(1).strip()
    if not (body.startswith(b"<<") and body.endswith(b">>")):
        raise PdfStructureError("the catalog is not a dictionary")
    body = body[2:-2]
    # An earlier update's entries give way to this one's.
    body = re.sub(rb"/Lang\s*\([^)]*\)", b"", body)
    body = re.sub(rb"/ViewerPreferences\s*<<[^<>]*>>", b"", body)
    if b"<<" in body:
        raise PdfStructureError("the catalog holds nested dictionaries; not written by Qt")
    body = b"\n".join(line for line in body.splitlines() if line.strip())
    entries = b"/Lang (%s)\n/ViewerPreferences << /DisplayDocTitle true >>" % language.encode()
    update = b"\n%d 0 obj\n<<\n%s\n%s\n>>\nendobj\n" % (root, body, entries)
    catalog_offset = len(pdf) + 1  # after the newline that starts the update
    xref_offset = len(pdf) + len(update)
    kept = b"".join(
        re.search(rb"/%s\s+[^/]+" % key, trailer).group(0).strip() + b"\n"
        for key in (b"Info", b"ID")
        if re.search(rb"/%s\b" % key, trailer)
    )
    tail = (
        b"xref\n%d 1\n%010d 00000 n \ntrailer\n<<\n/Size %s\n/Root %d 0 R\n%s/Prev %s\n>>\n"
        b"startxref\n%d\n%%%%EOF\n"
        % (root, catalog_offset, size.group(1), root, kept, end.group(1), xref_offset)
    )
    return pdf + update + tail


def _reference(dictionary: bytes, key: bytes) -> int:
    match = re.search(rb"/%s\s+(\d+)\s+0\s+R" % key, dictionary)
    if match is None:
        raise PdfStructureError(f"the trailer has no /{key.decode()}")
    return int(match.group(1))
