"""What a pack may not carry: raw HTML, scripts, remote or local-file links, unsafe SVG.

The reader never runs HTML and never fetches anything, but a pack comes from outside,
so these are refused when it is built and again when it is installed, with the file
and line, rather than trusted to be shown harmlessly.
"""

from __future__ import annotations

import re
from pathlib import Path

from desktop.course.model import Problem
from desktop.course.render import collect_links

_CODE_FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"`[^`\n]*`")
_TAG = re.compile(r"<(/?[A-Za-z][A-Za-z0-9-]*)(?:\s[^<>]*)?/?>|<!--|<!\[CDATA\[|<![A-Za-z]")
# Followed at once by an address: "data:text/html,..." is refused, "Personal data: ..." is prose.
_BAD_SCHEME = re.compile(r"\b(javascript|vbscript|data|file|http|ftp):(?=\S)", re.IGNORECASE)
_SVG_BAD = (
    (re.compile(r"<\s*script", re.IGNORECASE), "a script"),
    (re.compile(r"<\s*foreignObject", re.IGNORECASE), "embedded HTML (foreignObject)"),
    (re.compile(r"\son[a-z]+\s*=", re.IGNORECASE), "an event handler (on...=)"),
    (re.compile(r"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE), "a DTD or entity declaration"),
    (
        re.compile(r"""(?:xlink:)?href\s*=\s*["'](?!#)""", re.IGNORECASE),
        "a link to another file or a web address (only #fragment links are allowed)",
    ),
    (re.compile(r"url\(\s*['\"]?(?!#)", re.IGNORECASE), "a reference to another file or address"),
    (re.compile(r"@import", re.IGNORECASE), "a style sheet import"),
)


def _blank_code(text: str) -> str:
    """Code blocks and spans, where raw HTML is shown as text, blanked (keeping lines)."""

    def blank(match: re.Match[str]) -> str:
        return re.sub(r"[^\n]", " ", match.group(0))

    return _CODE_SPAN.sub(blank, _CODE_FENCE.sub(blank, text))


def text_problems(path: Path, text: str) -> list[Problem]:
    """Raw HTML, scripts and links Prism refuses, in a Markdown or YAML file of a pack."""
    found: list[Problem] = []
    scanned = _blank_code(text)
    for number, line in enumerate(scanned.splitlines(), start=1):
        tag = _TAG.search(line)
        if tag:
            shown = tag.group(0)[:40]
            what = "a script" if "script" in shown.lower() else "raw HTML"
            found.append(
                Problem(path, number, f"{what} ({shown}) is not allowed in a pack: use Markdown")
            )
    for line, url, is_image in collect_links(scanned):
        scheme = url.partition(":")[0].lower() if ":" in url else ""
        if is_image and scheme != "figure":
            found.append(
                Problem(
                    path,
                    line,
                    f"image '{url[:60]}' is not allowed: a pack's images are figure:NAME.svg "
                    "files in its figures folder, never fetched from elsewhere",
                )
            )
        elif not is_image and scheme not in {"", "glossary", "module", "figure", "https"}:
            found.append(
                Problem(
                    path,
                    line,
                    f"link '{url[:60]}' is not allowed: use glossary:, module:, #anchor or https:",
                )
            )
    for number, line in enumerate(scanned.splitlines(), start=1):
        scheme = _BAD_SCHEME.search(line)
        if scheme and not any(p.line == number for p in found):
            found.append(
                Problem(
                    path,
                    number,
                    f"'{scheme.group(0)}' addresses are not allowed in a pack "
                    "(only https: links, which open after the learner confirms)",
                )
            )
    return found


def svg_problems(path: Path, data: bytes) -> list[Problem]:
    """An SVG figure that could run code or fetch something."""
    text = data.decode("utf-8", errors="replace")
    found = []
    for pattern, what in _SVG_BAD:
        match = pattern.search(text)
        if match:
            line = text.count("\n", 0, match.start()) + 1
            found.append(Problem(path, line, f"the figure contains {what}; Prism refuses it"))
    return found
