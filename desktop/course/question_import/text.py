"""Question text from Moodle's HTML turned into the plain Markdown Prism shows.

Prism never shows raw HTML, so paragraphs and line breaks become new lines, bold and
italic become Markdown, entities are decoded, and anything that would fetch or run
something (images, scripts, styles, embedded objects) is removed with a note.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BLOCKS = {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table"}
_DROPPED = {"script", "style", "iframe", "object", "embed", "video", "audio", "svg"}
_MARKS = {"strong": "**", "b": "**", "em": "*", "i": "*"}


class _TextOut(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.removed: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _DROPPED:
            self._skip += 1
            self.removed.append(tag)
        elif tag == "img":
            self.removed.append("image")
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCKS:
            self.parts.append("\n\n" if tag == "p" else "\n")
            if tag == "li":
                self.parts.append("- ")
        elif tag in _MARKS and not self._skip:
            self.parts.append(_MARKS[tag])

    def handle_endtag(self, tag: str) -> None:
        if tag in _DROPPED:
            self._skip = max(0, self._skip - 1)
        elif tag in _MARKS and not self._skip:
            self.parts.append(_MARKS[tag])
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> tuple[str, list[str]]:
    """(Markdown text, names of things removed) from a fragment of Moodle HTML."""
    parser = _TextOut()
    parser.feed(html)
    parser.close()
    return tidy("".join(parser.parts)), parser.removed


def tidy(text: str) -> str:
    """Trim each line and keep at most one blank line between paragraphs."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    joined = "\n".join(lines).strip()
    return re.sub(r"\n{3,}", "\n\n", joined)
