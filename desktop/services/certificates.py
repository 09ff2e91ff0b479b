"""Certificates of module completion and their verification codes. Plain Python, no Qt.

A verification code is a hash of the completion record in the local log (profile
id, module id, the content version and id of the completing event, the date and
the score), so the same completion always gives the same code and any change to
those facts gives another. Checking a code means recomputing the codes of the
completions on this computer and looking for a match: nothing is sent anywhere,
and a code cannot be checked without the learner's data.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import date
from html import escape

from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.learning import format_score

CODE_PREFIX = "PRISM"
CODE_GROUPS = 3
CODE_GROUP_LENGTH = 4
# Crockford's base 32: digits and capitals without I, L, O and U, so a code read
# aloud or copied by hand is hard to get wrong.
CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
# Bump only with a reason: every code ever printed would stop verifying.
_CODE_SCHEME = "prism-certificate/1"


@dataclass(frozen=True)
class Certificate:
    """What a certificate of completion states, and the code that lets anyone check it."""

    profile_name: str
    module_id: str
    module_title: str
    completed_on: date
    minutes: int
    score_percent: float | None
    code: str
    profile_id: str = ""
    completion_event_id: str = ""

    @property
    def suggested_name(self) -> str:
        """A file name such as "prism-certificate-online-disinhibition-2026-03-04.pdf"."""
        slug = re.sub(r"[^a-z0-9]+", "-", self.module_id.lower()).strip("-") or "module"
        return f"prism-certificate-{slug}-{self.completed_on.isoformat()}.pdf"


def verification_code(
    *,
    profile_id: str,
    module_id: str,
    content_version: str,
    event_id: str,
    completed_on: date,
    score_percent: float | None,
) -> str:
    """The code for one completion, such as "PRISM-7K3Q-9XHD-2M4T" (60 bits of SHA-256)."""
    score = "" if score_percent is None else f"{score_percent:.2f}"
    canonical = "\x1f".join(
        [
            _CODE_SCHEME,
            profile_id,
            module_id,
            content_version,
            event_id,
            completed_on.isoformat(),
            score,
        ]
    )
    digest = hashlib.sha256(canonical.encode("utf-8")).digest()
    length = CODE_GROUPS * CODE_GROUP_LENGTH
    number = int.from_bytes(digest[:8], "big") >> (64 - 5 * length)
    chars = "".join(CODE_ALPHABET[(number >> (5 * (length - 1 - i))) & 31] for i in range(length))
    groups = [chars[i : i + CODE_GROUP_LENGTH] for i in range(0, length, CODE_GROUP_LENGTH)]
    return "-".join([CODE_PREFIX, *groups])


def normalise_code(text: str) -> str | None:
    """A typed code in its printed form, or None if it cannot be a Prism code.

    Case, spaces and dashes do not matter, the "PRISM" prefix is optional, and
    O, I and L are read as 0, 1 and 1.
    """
    compact = re.sub(r"[\s\-_.]+", "", text.upper())
    if compact.startswith(CODE_PREFIX):
        compact = compact[len(CODE_PREFIX) :]
    compact = compact.translate(_LOOKALIKES)
    length = CODE_GROUPS * CODE_GROUP_LENGTH
    if len(compact) != length or any(c not in CODE_ALPHABET for c in compact):
        return None
    groups = [compact[i : i + CODE_GROUP_LENGTH] for i in range(0, length, CODE_GROUP_LENGTH)]
    return "-".join([CODE_PREFIX, *groups])


def certificate_html(certificate: Certificate) -> str:
    """The certificate as Qt rich text (one A4 page), for desktop.ui.pdf to print."""
    e = escape
    completed = format_date_uk(certificate.completed_on)
    study = (
        format_minutes(certificate.minutes)
        if certificate.minutes > 0
        else "not tracked on this computer"
    )
    score = (
        format_score(certificate.score_percent)
        if certificate.score_percent is not None
        else "this module has no quiz"
    )
    rows = (
        ("Name", certificate.profile_name),
        ("Module", certificate.module_title),
        ("Completed on", completed),
        ("Study time", study),
        ("Quiz score", score),
        ("Verification code", certificate.code),
    )
    table = [
        '<table border="1" cellspacing="0" cellpadding="8" align="center" width="80%">',
        *(f'<tr><th align="left" width="35%">{e(k)}</th><td>{e(v)}</td></tr>' for k, v in rows),
        "</table>",
    ]
    parts = [
        "<html>",
        "<head>",
        '<meta charset="utf-8">',
        f"<title>Certificate: {e(certificate.module_title)}</title>",
        "</head>",
        "<body>",
        '<p align="center">Prism: digital professionalism for social workers</p>',
        "<br>",
        '<h1 align="center">Certificate of completion</h1>',
        "<br>",
        '<p align="center">This is to record that</p>',
        f'<h2 align="center">{e(certificate.profile_name)}</h2>',
        '<p align="center">completed the module</p>',
        f'<h2 align="center">{e(certificate.module_title)}</h2>',
        f'<p align="center">on {e(completed)}</p>',
        "<br>",
        *table,
        "<br>",
        "<p>Completed means the module was read to the end and, where it has one, its "
        "quiz was passed. Study time is the active time Prism tracked.</p>",
        "<p>To check this certificate, open Prism on the computer that holds this "
        "learner's progress and verify the code, or run "
        f"<b>prism verify {e(certificate.code)}</b> there. The code matches this "
        "completion record only.</p>",
        "<p>Prism is an offline course. This certificate records study; it is not an "
        "accredited qualification.</p>",
        "</body>",
        "</html>",
    ]
    return "\n".join(parts) + "\n"
