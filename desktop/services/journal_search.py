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
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def fold(text: str) -> str:
    """Text as matched: accents removed and lower case ('Café' -> 'cafe').

    Lower case rather than Unicode case folding, because that is what FTS5's unicode61
    tokenizer does: 'ß' stays 'ß' in both, so a learner finds the same reflections
    whether their profile is protected (searched here) or not (searched in the index).
    """
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
    """The words of a search, folded, with how each is spelt for the index."""

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
    """The learner's words, folded as the text is, each once, in the order typed."""
    words = tuple(dict.fromkeys(_WORD.findall(fold(typed))))
    patterns = tuple(re.compile(_START + re.escape(word)) for word in words)
    phrase = None
    if len(words) > 1:
        phrase = re.compile(_START + r"[^\W_]*[\W_]+".join(re.escape(word) for word in words))
    return Query(words, tuple((word,) for word in words), patterns, phrase)


__all__ = ["Query", "fold", "fold_with_origin", "parse_query"]
