"""How the journal matches what a learner types: words, prefixes, any case, any accent.

The same rule holds whether the words are looked up in the FTS5 index (unprotected
profiles) or in the copy held in memory (protected profiles, and any SQLite without
FTS5): every word typed must be the start of some word written, in any order, case and
accents ignored. So 'supervis' finds 'Supervision', 'cafe' finds 'café', and 'closed
group' finds '…a CLOSED group…'. Words are runs of letters and digits, as FTS5's
unicode61 tokenizer splits them, so punctuation typed (quotes, ``*``, ``-``, brackets,
AND/OR) only separates words and never means anything else.

This module also finds where the first match is, so the result shows the words around
it. Plain Python, no SQL.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_WORD = re.compile(r"[^\W_]+")
_START = r"(?<![^\W_])"  # at the start of a word


@lru_cache(maxsize=4096)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """Text as matched: accents removed and case folded ('Café' -> 'cafe', 'ß' -> 'ss')."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_char(char) for char in text)


def fold_with_origin(text: str) -> tuple[str, list[int]]:
    """``fold(text)`` and, for each of its characters, the index it came from in ``text``."""
    parts: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        folded = char.lower() if char.isascii() else _fold_char(char)
        parts.append(folded)
        origin.extend([index] * len(folded))
    return "".join(parts), origin


@dataclass(frozen=True)
class Query:
    """The words of a search, folded, with how each may be spelt in the index."""

    words: tuple[str, ...]
    spellings: tuple[tuple[str, ...], ...]
    patterns: tuple[re.Pattern[str], ...]
    phrase: re.Pattern[str] | None  # the words in the order typed, one after another

    def __bool__(self) -> bool:
        return bool(self.words)

    def matches(self, folded: str) -> bool:
        """Every word starts some word of ``folded`` (text already passed through ``fold``)."""
        return all(pattern.search(folded) for pattern in self.patterns)

    def first_match(self, folded: str) -> tuple[int, int] | None:
        """Where to show a match in ``folded``: the words as typed, one after another,
        if they occur so; else the earliest match of any word; None if none."""
        if self.phrase is not None and (together := self.phrase.search(folded)) is not None:
            return together.span()
        found = [m.span() for p in self.patterns if (m := p.search(folded)) is not None]
        return min(found) if found else None


def parse_query(typed: str) -> Query:
    """The learner's words. Folding is done here as for the text; for the index each
    word is also given as merely lower-cased (FTS5 folds case but keeps 'ß')."""
    seen: dict[str, tuple[str, ...]] = {}
    for raw in _WORD.findall(typed):
        folded = fold(raw)
        for part in _WORD.findall(folded):  # folding can split a word ('ǆ' stays one)
            if part not in seen:
                lowered = _strip_marks(raw.lower())
                seen[part] = (
                    (part,)
                    if lowered == part or not _WORD.fullmatch(lowered)
                    else (
                        part,
                        lowered,
                    )
                )
    words = tuple(seen)
    patterns = tuple(re.compile(_START + re.escape(word)) for word in words)
    phrase = None
    if len(words) > 1:
        phrase = re.compile(_START + r"[^\W_]*[\W_]+".join(re.escape(word) for word in words))
    return Query(words, tuple(seen.values()), patterns, phrase)


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


__all__ = ["Query", "fold", "fold_with_origin", "parse_query"]
