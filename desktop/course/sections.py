"""Split a rendered module into its sections, each with the reader's anchor and plain text.

Search indexes a module one section at a time so a hit can jump straight to the
heading it belongs to. The split works on the *rendered* HTML and cuts only at the
headings listed in the page's contents (levels 2 and 3), so every anchor here is one
the reader's contents panel knows and ``QTextBrowser.scrollToAnchor`` can reach.
Text before the first such heading is the module's introduction (anchor ``""``).

Text is extracted the way ``render.RenderedPage.plain_text`` is: one line per block,
spaces collapsed, generated bits (external-link arrows, footnote numbers and
back-links) left out, image alt text kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

from desktop.course.render import RenderedPage, render_markdown

__all__ = ["INTRODUCTION", "Section", "module_sections", "split_sections"]

INTRODUCTION = "Introduction"
"""The title given to the text before a module's first heading."""

_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "div", "table", "tr",
     "pre", "blockquote", "hr", "br", "dl", "dt", "dd"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"br", "hr", "img"})
_SKIPPED_CLASSES = frozenset({"ext", "footnote-ref", "footnote-backref"})
_SECTION_HEADINGS = frozenset({"h2", "h3"})


@dataclass(frozen=True)
class Section:
    """One part of a module: its heading (anchor, title, level) and its text.

    ``anchor`` is ``""`` and ``level`` 0 for the introduction before the first heading.
    """

    anchor: str
    title: str
    level: int
    text: str


def module_sections(body: str) -> tuple[Section, ...]:
    """Render a module's Markdown body and split it into sections."""
    return split_sections(render_markdown(body))


def split_sections(page: RenderedPage) -> tuple[Section, ...]:
    """The sections of a rendered page, in reading order.

    The introduction is included only when it has text; a heading with no text
    under it is still a section (its title alone can be searched for).
    """
    titles = {entry.anchor: (entry.title, entry.level) for entry in page.toc}
    splitter = _SectionSplitter(frozenset(titles))
    splitter.feed(page.html)
    splitter.close()
    sections = []
    for anchor, parts in splitter.chunks:
        text = _squash_lines("".join(parts))
        if anchor == "":
            if text:
                sections.append(Section("", INTRODUCTION, 0, text))
            continue
        title, level = titles[anchor]
        sections.append(Section(anchor, title, level, text))
    return tuple(sections)


class _SectionSplitter(HTMLParser):
    """Collect text per section, starting a new section at each contents heading."""

    def __init__(self, anchors: frozenset[str]) -> None:
        super().__init__(convert_charrefs=True)
        self._anchors = anchors
        self.chunks: list[tuple[str, list[str]]] = [("", [])]
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._pre = 0
        self._in_heading: str | None = None  # tag of the contents heading being read

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _emit(self, text: str) -> None:
        # Heading text is the section's title, kept apart from its body text.
        if self._in_heading is None:
            self.chunks[-1][1].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag in _SECTION_HEADINGS and attributes.get("id") in self._anchors:
            self.chunks.append((attributes["id"] or "", []))
            self._in_heading = tag
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit(" ")
        if tag == "img":
            if not self._skipping:
                self._emit(" " + (attributes.get("alt") or "") + " ")
            return
        if tag in _VOID_TAGS:
            return
        classes = set((attributes.get("class") or "").split())
        self._stack.append((tag, self._skipping or bool(_SKIPPED_CLASSES & classes)))
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag == self._in_heading:
            self._in_heading = None
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit(" ")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._emit(data if self._pre else re.sub(r"\s+", " ", data))


def _squash_lines(text: str) -> str:
    """Collapse runs of spaces and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
