"""The course's full-text index: SQLite FTS5 in memory, with stemming and ranked snippets.

Course text is read-only and small, so the index is rebuilt in a private in-memory
database each run and never touches the learner's progress file. The service decides
what goes in and how a learner's words become a match expression; this module holds
the SQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

COLUMNS = ("kind", "target", "title", "label", "heading", "body")
"""Each row: what it is, where it leads, what is shown, and the two searched columns."""

_HEADING, _BODY = COLUMNS.index("heading"), COLUMNS.index("body")


class SearchIndexUnavailable(Exception):
    """This SQLite was built without FTS5; the caller should fall back to a scan."""


class SearchIndex:
    """An FTS5 table over ``rows`` (tuples in ``COLUMNS`` order), ready to query."""

    def __init__(self, rows: Iterable[Sequence[str]]) -> None:
        connection = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            create_index_table(connection)
        except sqlite3.OperationalError as error:
            connection.close()
            raise SearchIndexUnavailable(str(error)) from None
        with connection:
            connection.executemany(
                f"INSERT INTO search_index ({', '.join(COLUMNS)}) VALUES (?, ?, ?, ?, ?, ?)",
                [tuple(row) for row in rows],
            )
            connection.execute("INSERT INTO search_index (search_index) VALUES ('optimize')")
        self._connection = connection

    def query(
        self,
        match: str,
        limit: int,
        *,
        weights: Sequence[float],
        marks: tuple[str, str],
        ellipsis: str,
        snippet_tokens: int,
    ) -> list[tuple[str, ...]]:
        """Rows best first: the ``COLUMNS`` up to heading, then the heading and a body
        snippet with matches between ``marks``. Raises ``sqlite3.Error`` on a bad match."""
        opening, closing = marks
        ranking = ", ".join(str(w) for w in weights)
        return self._connection.execute(
            "SELECT kind, target, title, label, heading, "
            f"highlight(search_index, {_HEADING}, ?, ?), "
            f"snippet(search_index, {_BODY}, ?, ?, ?, {int(snippet_tokens)}) "
            "FROM search_index WHERE search_index MATCH ? "
            f"ORDER BY bm25(search_index, {ranking}) LIMIT ?",
            [opening, closing, opening, closing, ellipsis, match, limit],
        ).fetchall()


def create_index_table(connection: sqlite3.Connection) -> None:
    """Create the FTS5 table; raises ``sqlite3.OperationalError`` where FTS5 is missing."""
    connection.execute(
        "CREATE VIRTUAL TABLE search_index USING fts5("
        "kind UNINDEXED, target UNINDEXED, title UNINDEXED, label UNINDEXED, heading, body, "
        "tokenize = 'porter unicode61 remove_diacritics 2')"
    )
