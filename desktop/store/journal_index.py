"""The journal's full-text index: SQLite FTS5 over the text of unprotected reflections.

Why external content over a view. The words already sit in ``reflections.text``, so the
index keeps only the tokens (``content=``), not a second copy of every reflection. Its
content is the view ``reflections_fts_source``: the reflections of profiles *without*
a passphrase. So ``'rebuild'`` (used by ``prism check``) can never take in a protected
profile's text, sealed or not.

Kept in step by triggers, not by repository code, so every writer (the journal, an
archive import, a restore that migrates an older file, a backup being resealed) keeps
it right without knowing it exists:

- a reflection written, edited or deleted while its profile is unprotected is added,
  replaced or removed;
- a passphrase set (a row in ``profile_keys``) removes every row of that profile and
  runs FTS5's ``'optimize'``: the index is written again as one segment without them,
  so no old segment keeps their words (FTS5 records a delete as a tombstone until the
  segments are merged). The pages freed are overwritten with zeros when ``PRAGMA
  secure_delete`` is on, which ``keys.leaving_no_trace`` sets around a protect, and the
  WAL is then checkpointed and emptied;
- a passphrase removed adds the profile's reflections back.

An external-content ``'delete'`` must be given exactly what was indexed. Each trigger
decides "indexed or not" by the key row as it stands, and the key triggers use the
text as it stands, so either order of "seal the text" and "store the key" in a
transaction leaves the index consistent (tests cover both).

FTS5 may be missing from some SQLite build: then the table is not made, nothing here
raises, and the journal searches its copy in memory as before.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from desktop.store.connection import Database

TABLE = "reflections_fts"
SOURCE_VIEW = "reflections_fts_source"

_UNPROTECTED = "NOT EXISTS (SELECT 1 FROM profile_keys k WHERE k.profile_id = {who}.profile_id)"

_VIEW = (
    f"CREATE VIEW IF NOT EXISTS {SOURCE_VIEW} (rid, text) AS "
    "SELECT r.rowid, r.text FROM reflections r WHERE " + _UNPROTECTED.format(who="r")
)

# unicode61 with remove_diacritics 2: 'cafe' finds 'café', 'naive' finds 'naïve', any
# case. prefix = '2 3': the journal searches every word as a prefix while typing, and
# short prefixes are the common, costly ones.
_TABLE = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {TABLE} USING fts5("
    f"text, content = '{SOURCE_VIEW}', content_rowid = 'rid', prefix = '2 3', "
    "tokenize = 'unicode61 remove_diacritics 2')"
)

_TRIGGERS = {
    "reflections_fts_insert": f"""
        CREATE TRIGGER IF NOT EXISTS reflections_fts_insert AFTER INSERT ON reflections
        WHEN {_UNPROTECTED.format(who="NEW")}
        BEGIN
          INSERT INTO {TABLE} (rowid, text) VALUES (NEW.rowid, NEW.text);
        END""",
    "reflections_fts_delete": f"""
        CREATE TRIGGER IF NOT EXISTS reflections_fts_delete AFTER DELETE ON reflections
        WHEN {_UNPROTECTED.format(who="OLD")}
        BEGIN
          INSERT INTO {TABLE} ({TABLE}, rowid, text) VALUES ('delete', OLD.rowid, OLD.text);
        END""",
    "reflections_fts_update": f"""
        CREATE TRIGGER IF NOT EXISTS reflections_fts_update
        AFTER UPDATE OF text, profile_id ON reflections
        BEGIN
          INSERT INTO {TABLE} ({TABLE}, rowid, text)
            SELECT 'delete', OLD.rowid, OLD.text WHERE {_UNPROTECTED.format(who="OLD")};
          INSERT INTO {TABLE} (rowid, text)
            SELECT NEW.rowid, NEW.text WHERE {_UNPROTECTED.format(who="NEW")};
        END""",
    "reflections_fts_protect": f"""
        CREATE TRIGGER IF NOT EXISTS reflections_fts_protect AFTER INSERT ON profile_keys
        BEGIN
          INSERT INTO {TABLE} ({TABLE}, rowid, text)
            SELECT 'delete', rowid, text FROM reflections WHERE profile_id = NEW.profile_id;
          INSERT INTO {TABLE} ({TABLE}) VALUES ('optimize');
        END""",
    "reflections_fts_unprotect": f"""
        CREATE TRIGGER IF NOT EXISTS reflections_fts_unprotect AFTER DELETE ON profile_keys
        BEGIN
          INSERT INTO {TABLE} (rowid, text)
            SELECT rowid, text FROM reflections WHERE profile_id = OLD.profile_id;
        END""",
}


def fts5_available(db: Database | Any) -> bool:
    """True when this SQLite can make FTS5 tables (asked once per connection)."""
    try:
        rows = db.execute("PRAGMA compile_options").fetchall()
    except sqlite3.Error:
        return False
    return any(str(row[0]).upper() == "ENABLE_FTS5" for row in rows) or _can_create(db)


def _can_create(db: Database | Any) -> bool:
    # FTS5 can also be loaded as an extension; the only sure test is to use it.
    try:
        db.execute("CREATE VIRTUAL TABLE temp.prism_fts5_probe USING fts5(x)")
    except sqlite3.Error:
        return False
    db.execute("DROP TABLE temp.prism_fts5_probe")
    return True


def exists(db: Database | Any) -> bool:
    """True when the file has the journal index (and its triggers)."""
    rows = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE (type = 'table' AND name = ?) "
        "OR (type = 'trigger' AND name IN (" + ", ".join("?" * len(_TRIGGERS)) + "))",
        [TABLE, *_TRIGGERS],
    ).fetchone()
    return int(rows[0]) == 1 + len(_TRIGGERS)


def create(db: Database | Any) -> bool:
    """Make the index, its view and triggers, and fill it from the unprotected
    reflections. False (and nothing made) where FTS5 is missing. Idempotent; runs
    inside the caller's transaction."""
    if not fts5_available(db):
        return False
    db.execute(_VIEW)
    db.execute(_TABLE)
    for statement in _TRIGGERS.values():
        db.execute(statement)
    rebuild(db)
    return True


def rebuild(db: Database | Any) -> None:
    """Fill the index again from the unprotected reflections (FTS5's 'rebuild')."""
    db.execute(f"INSERT INTO {TABLE} ({TABLE}) VALUES ('rebuild')")


def drop(db: Database | Any) -> None:
    """Remove the index and its triggers (a repair then makes it again).

    The triggers go first: a table too damaged to drop then stays, unused, until
    ``create`` rebuilds it, and writing a reflection no longer touches it."""
    for name in _TRIGGERS:
        db.execute(f"DROP TRIGGER IF EXISTS {name}")
    with contextlib.suppress(sqlite3.DatabaseError):  # kept; ``create`` rebuilds it
        db.execute(f"DROP TABLE IF EXISTS {TABLE}")
    db.execute(f"DROP VIEW IF EXISTS {SOURCE_VIEW}")


def has_triggers(db: Database | Any) -> bool:
    """True when writing a reflection also writes the index."""
    row = db.execute(
        "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN ("
        + ", ".join("?" * len(_TRIGGERS))
        + ")",
        list(_TRIGGERS),
    ).fetchone()
    return int(row[0]) > 0


def sound(db: Database | Any) -> bool:
    """True when the index is present and agrees with the reflections (FTS5's own
    'integrity-check' against its content). Reads the whole index: for repairs only."""
    try:
        db.execute(f"INSERT INTO {TABLE} ({TABLE}, rank) VALUES ('integrity-check', 1)")
    except sqlite3.Error:
        return False
    return True


# CROSS JOIN keeps the index outermost: left to itself the planner walks the learner's
# reflections and runs the full-text query once for each (8 s at 10,000 reflections),
# instead of once, then one rowid look-up per match (a test checks the plan).
MATCHING_SQL = (
    f"SELECT r.id FROM {TABLE} f CROSS JOIN reflections r ON r.rowid = f.rowid "
    f"WHERE f.{TABLE} MATCH ? AND r.profile_id = ?"
)


def matching_ids(db: Database, profile_id: str, match: str) -> set[str]:
    """Ids of the profile's indexed reflections matching an FTS5 ``match`` expression.

    The caller builds ``match`` from quoted words only. Raises ``sqlite3.Error`` when the
    index is missing or damaged (the caller then searches without it).
    """
    rows = db.execute(MATCHING_SQL, [match, profile_id]).fetchall()
    return {row[0] for row in rows}


def match_expression(alternatives: Sequence[Sequence[str]]) -> str:
    """An FTS5 query where every word must start some word of the text.

    ``alternatives`` holds, for each word typed, its spellings (one, or two when case
    folding changes it, as 'straße' and 'strasse'). Each spelling is a quoted string, so
    nothing a learner types (quotes, ``*``, ``-``, AND, OR, NEAR, brackets, a column
    name and a colon) is ever read as query syntax.
    """
    parts = []
    for spellings in alternatives:
        quoted = [_quote(word) + "*" for word in dict.fromkeys(spellings) if word]
        if not quoted:
            continue
        parts.append(quoted[0] if len(quoted) == 1 else "(" + " OR ".join(quoted) + ")")
    return " AND ".join(parts)


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


__all__ = [
    "MATCHING_SQL",
    "SOURCE_VIEW",
    "TABLE",
    "create",
    "drop",
    "exists",
    "fts5_available",
    "has_triggers",
    "match_expression",
    "matching_ids",
    "rebuild",
    "sound",
]
