"""Full-text search over the modules (one entry per section) and the glossary.

The index is derived data, rebuilt from the course on every run, so it lives in a
private in-memory SQLite database (FTS5, Porter stemming, accents folded) and never
in the learner's progress file. It is built once, on first use or earlier through
``prepare()`` (safe to call from a background thread); after that a query is one
indexed FTS5 lookup, well under the 20 ms budget.

Learners type anything, so their words are never passed to FTS5 as query syntax:
each word is quoted, and the last one is matched as a prefix so results appear
while typing. If the SQLite build has no FTS5, a plain case-insensitive scan gives
the same kind of results (no stemming beyond a rough suffix trim) instead of failing.

Snippets are plain text with the matched stretches given as ``(start, end)`` offsets;
the UI escapes the text and marks the spans, so course text is never read as HTML.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.course.model import Course
from desktop.course.outline import SectionIndex

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
from desktop.store.search_index import SearchIndex, SearchIndexUnavailable

__all__ = ["GLOSSARY_TITLE", "SearchHit", "SearchService", "create"]

logger = logging.getLogger(__name__)

GLOSSARY_TITLE = "Glossary"

# Column weights for bm25, in column order (kind, target, title, label, heading, body):
# a word in a section heading or glossary term counts four times a word in the text.
_WEIGHTS = (0.0, 0.0, 0.0, 0.0, 4.0, 1.0)
_SNIPPET_TOKENS = 18
_ELLIPSIS = "…"
# Markers FTS5 puts round each match; control characters never occur in course text
# (they are stripped on the way in), so they cannot be confused with real text.
_OPEN, _CLOSE = "\x02", "\x03"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD_RE = re.compile(r"\w+")
_FALLBACK_CONTEXT = 70  # characters of text either side of the first match


@dataclass(frozen=True)
class SearchHit:
    """One result: where it leads and what to show for it.

    ``snippet`` is plain text; ``spans`` are ``(start, end)`` offsets of the matched
    words in it (likewise ``section_spans`` in ``section``). The UI must escape the
    text before it marks the spans.
    """

    kind: str  # "section" or "glossary"
    target: str  # "module:<id>#<anchor>", "module:<id>" or "glossary:<term id>"
    title: str  # the module title, or "Glossary"
    section: str  # the section heading, "Introduction", or the glossary term
    snippet: str
    spans: tuple[tuple[int, int], ...] = ()
    section_spans: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class _Entry:
    """One indexed row. ``heading`` is what is searched; ``label`` what is shown."""

    kind: str
    target: str
    title: str
    label: str
    heading: str
    body: str


class SearchService:
    """Searches the course's module sections and glossary terms."""

    def __init__(self, course: Course, sections: SectionIndex | None = None) -> None:
        self._course = course
        self._sections = sections if sections is not None else SectionIndex()
        self._lock = threading.Lock()
        self._entries: list[_Entry] | None = None
        self._index: SearchIndex | None = None  # None: use the scan

    @property
    def ready(self) -> bool:
        """True once the index has been built."""
        return self._entries is not None

    def prepare(self) -> None:
        """Build the index now if it is not built yet (idempotent, thread-safe)."""
        with self._lock:
            self._build_locked()

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """The best matches for what the learner typed, best first; [] for a blank query."""
        words = _query_words(query)
        if not words or limit <= 0:
            return []
        prefix_last = not query[-1:].isspace()
        with self._lock:
            self._build_locked()
            if self._index is not None:
                try:
                    return self._fts_search(words, prefix_last, limit)
                except sqlite3.Error:
                    # Quoting should make this impossible; a scan is better than nothing.
                    logger.warning("Search index query failed; scanning instead", exc_info=True)
            assert self._entries is not None
            return _scan(self._entries, words, limit)

    # Building -------------------------------------------------------------------------

    def _build_locked(self) -> None:
        if self._entries is not None:
            return
        entries = list(_entries_for(self._course, self._sections))
        try:
            self._index = SearchIndex(
                (e.kind, e.target, e.title, e.label, e.heading, e.body) for e in entries
            )
        except SearchIndexUnavailable as error:
            logger.info("SQLite has no FTS5 (%s); search will scan the text instead", error)
            self._index = None
        self._entries = entries

    # Querying ------------------------------------------------------------------------

    def _fts_search(self, words: list[str], prefix_last: bool, limit: int) -> list[SearchHit]:
        assert self._index is not None
        match = " ".join(
            _quote(word) + ("*" if prefix_last and index == len(words) - 1 else "")
            for index, word in enumerate(words)
        )
        rows = self._index.query(
            match,
            limit,
            weights=_WEIGHTS,
            marks=(_OPEN, _CLOSE),
            ellipsis=_ELLIPSIS,
            snippet_tokens=_SNIPPET_TOKENS,
        )
        hits = []
        for kind, target, title, label, heading, marked_heading, marked_snippet in rows:
            snippet, spans = _unmark(marked_snippet)
            section_spans: tuple[tuple[int, int], ...] = ()
            if label == heading:
                _, section_spans = _unmark(marked_heading)
            hits.append(SearchHit(kind, target, title, label, snippet, spans, section_spans))
        return hits


def create(ctx: ServiceContext) -> SearchService:
    """Build the service from the shared start-up context (the index is built later)."""
    return SearchService(ctx.course, ctx.sections)


# --------------------------------------------------------------------------- #
# Index rows
# --------------------------------------------------------------------------- #


def _entries_for(course: Course, sections: SectionIndex) -> list[_Entry]:
    """One entry per module section and per glossary term."""
    entries = []
    for module in course.modules:
        for section in sections.sections(module):
            if section.anchor:
                target = f"module:{module.id}#{section.anchor}"
                heading = section.title
            else:
                # The introduction is found by the module's own title.
                target = f"module:{module.id}"
                heading = module.title
            entries.append(
                _Entry(
                    "section",
                    target,
                    _clean(module.title),
                    _clean(section.title),
                    _clean(heading),
                    _clean(section.text),
                )
            )
    for term in course.glossary:
        entries.append(
            _Entry(
                "glossary",
                f"glossary:{term.id}",
                GLOSSARY_TITLE,
                _clean(term.term),
                _clean(term.term),
                _clean(term.definition),
            )
        )
    return entries


def _clean(text: str) -> str:
    return _CONTROL_RE.sub("", text)


# --------------------------------------------------------------------------- #
# Query words and marked text
# --------------------------------------------------------------------------- #


def _query_words(query: str) -> list[str]:
    """The learner's words: whitespace-separated chunks holding a letter or digit."""
    return [chunk for chunk in _clean(query).split() if any(ch.isalnum() for ch in chunk)]


def _quote(word: str) -> str:
    """An FTS5 string: never read as an operator, column filter or syntax error."""
    return '"' + word.replace('"', '""') + '"'


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Strip FTS5's match markers; return the text (one line) and the match offsets."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length = 0
    start: int | None = None
    for ch in marked:
        if ch == _OPEN:
            start = length
        elif ch == _CLOSE:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            out.append(" " if ch in "\n\r\t" else ch)
            length += 1
    return "".join(out), tuple(spans)


# --------------------------------------------------------------------------- #
# The scan used when SQLite has no FTS5
# --------------------------------------------------------------------------- #

_SUFFIXES = ("ies", "ing", "es", "ed", "s", "y")


def _rough_stem(word: str) -> str:
    """Trim a common English ending, so 'boundaries' also finds 'boundary'."""
    for suffix in _SUFFIXES:
        if len(word) - len(suffix) >= 4 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def _lower_same_length(text: str) -> str:
    """Lower-case text, keeping every offset (a few letters lower to two characters)."""
    return "".join(low if len(low := ch.lower()) == 1 else ch for ch in text)


def _find_all(haystack: str, needles: list[str]) -> list[tuple[int, int]]:
    """Words in ``haystack`` that start with a needle, as whole-word spans."""
    spans = []
    for needle in needles:
        start = haystack.find(needle)
        while start != -1:
            end = start + len(needle)
            if start == 0 or not haystack[start - 1].isalnum():
                while end < len(haystack) and haystack[end].isalnum():
                    end += 1
                spans.append((start, end))
            start = haystack.find(needle, end)
    return _merge(spans)


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _scan(entries: list[_Entry], words: list[str], limit: int) -> list[SearchHit]:
    """Entries with a word starting with each query word (roughly stemmed), most matches first."""
    needles = [
        _rough_stem(part) for word in words for part in _WORD_RE.findall(word.lower()) if part
    ]
    if not needles:
        return []
    scored = []
    for order, entry in enumerate(entries):
        heading = _lower_same_length(entry.heading)
        body = _lower_same_length(entry.body)
        heading_spans = _find_all(heading, needles)
        body_spans = _find_all(body, needles)
        found = {heading[s:e] for s, e in heading_spans} | {body[s:e] for s, e in body_spans}
        if not all(any(word.startswith(n) for word in found) for n in needles):
            continue
        score = 4 * len(heading_spans) + len(body_spans)
        scored.append((-score, order, entry, heading_spans, body_spans))
    scored.sort(key=lambda item: (item[0], item[1]))
    hits = []
    for _, _, entry, heading_spans, body_spans in scored[:limit]:
        snippet, spans = _window(entry.body, body_spans)
        section_spans = tuple(heading_spans) if entry.label == entry.heading else ()
        hits.append(
            SearchHit(
                entry.kind,
                entry.target,
                entry.title,
                entry.label,
                snippet,
                spans,
                section_spans,
            )
        )
    return hits


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A stretch of text round the first match, cut at spaces, with the spans inside it."""
    first = spans[0][0] if spans else 0
    start = max(0, first - _FALLBACK_CONTEXT)
    end = min(len(text), first + 2 * _FALLBACK_CONTEXT)
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < first else start
    if end < len(text):
        space = text.rfind(" ", first, end)
        end = space if space > first else end
    lead = _ELLIPSIS if start > 0 else ""
    tail = _ELLIPSIS if end < len(text) else ""
    snippet = (lead + text[start:end] + tail).replace("\n", " ")
    shift = len(lead) - start
    inside = tuple((s + shift, e + shift) for s, e in spans if s >= start and e <= end)
    return snippet, inside
