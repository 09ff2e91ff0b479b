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

from desktop.course.model import Section
from desktop.course.render import RenderedPage, _TextExtractor, render_markdown

__all__ = ["INTRODUCTION", "Section", "module_sections", "split_sections"]

INTRODUCTION = "Introduction"
"""The title given to the text before a module's first heading."""

_SECTION_HEADINGS = frozenset({"h2", "h3"})


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


class _SectionSplitter(_TextExtractor):
    """The page's readable text, started afresh at each contents heading."""

    def __init__(self, anchors: frozenset[str]) -> None:
        super().__init__(include_alt=True)
        self._anchors = anchors
        self.chunks: list[tuple[str, list[str]]] = [("", [])]
        self._in_heading: str | None = None  # tag of the contents heading being read

    def _emit(self, text: str) -> None:
        # Heading text is the section's title, kept apart from its body text.
        if self._in_heading is None:
            self.chunks[-1][1].append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        anchor = dict(attrs).get("id")
        if tag in _SECTION_HEADINGS and anchor in self._anchors:
            self.chunks.append((anchor or "", []))
            self._in_heading = tag
        super().handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in_heading:
            self._in_heading = None
        super().handle_endtag(tag)


def _squash_lines(text: str) -> str:
    """Collapse runs of spaces and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
