"""One profile's rows, read out for a .prism archive and merged back in on import.

This is the SQL half of moving a profile between laptops. The file format, its limits
and its checks live in ``desktop/services/archive.py``; this module knows the tables:
which rows belong to a profile, the order they must go in (parents first) and how a
row from an archive is merged with the copy already here.

The merge rules are chosen so that importing the same archive twice changes nothing
and no edit is lost, whichever laptop made it:

- ``APPEND``: rows that never change once written (events, quiz answers, capability
  ratings) are added when their key is new and otherwise left alone.
- ``HISTORY``: older versions of records are added unless the same version is kept here.
- ``NEWEST``: editable rows keep the copy with the later ``updated_utc``. When a
  reflection or a CPD record loses, its text goes to the history table, so both edits
  survive. Ties keep the copy here (and keep the other in history).
- ``PROGRESS``: quiz attempts and scenario runs move forward only: a finished one beats
  an unfinished one, a longer scenario path beats a shorter one, and of two finished
  copies the earlier finish stands (the first result is the real one).
- ``EARLIEST``: ``modules_read`` keeps the first time a module was read.
- ``LARGEST``: ``study_time`` keeps the larger total for a day. Adding the two would
  count the same minutes again on every repeated import.

Column values are copied exactly as stored, so a protected profile's sealed text travels
unchanged and unread; its key record (salt, cost, verifier: never the key) travels in the
manifest. ``merge`` stores that record for a profile new here, and, for a profile that is
unprotected here but protected in the archive, seals the text already here with the
archive's key first (``reseal_local_with``), so the profile ends up protected as a whole.
Turning an archive's values into this computer's form when both sides hold different
keys is the service's job: it passes rows already in local form.
"""

from __future__ import annotations

import builtins
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import Enum
from functools import cached_property
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, system_clock, utc_iso, utc_now
from desktop.store.errors import StoreError
from desktop.store.keys import KeyStore
from desktop.store.profiles import (
    MAX_NAME_LENGTH,
    look_alike,
    normalise_profile_name,
    profile_name_key,
)
from desktop.store.records import new_id
from desktop.store.seal_ledger import reseal_profile

if TYPE_CHECKING:
    from desktop.store.connection import Database
    from desktop.store.sealing import KeyRecord, Sealer

Row = tuple[Any, ...]

# Rows per executemany call: large enough to be fast, small enough to keep memory flat.
BATCH_SIZE = 2000
# An append this large, and at least as large as the table already is, sets the table's
# secondary indexes aside and builds them again afterwards (see ``_indexes_set_aside``).
REBUILD_INDEXES_FROM = 20_000
# The page cache while merging, in KiB as SQLite takes it (negative): 64 MiB at most,
# allocated only as pages are used.
IMPORT_CACHE_KIB = -65536


class Rule(Enum):
    """How a row from an archive is merged with the row that has the same key here."""

    APPEND = "append"
    HISTORY = "history"
    NEWEST = "newest"
    PROGRESS = "progress"
    EARLIEST = "earliest"
    LARGEST = "largest"


@dataclass(frozen=True)
class Column:
    """A column as the archive checks it: SQLite type name and whether NULL is refused."""

    name: str
    kind: str
    required: bool
    # The column's DEFAULT as a value, for archives made before the column existed
    # (None: no default, so a missing value is a damaged line).
    default: Any = None


@dataclass(frozen=True)
class TableSpec:
    """One table's place in the archive; ``columns`` is read from the database itself."""

    name: str
    key: tuple[str, ...]
    rule: Rule
    columns: tuple[Column, ...] = ()
    # NEWEST: the column compared; EARLIEST/LARGEST: the column that decides.
    decider: str = "updated_utc"
    # NEWEST tables whose losing version is kept: the history table.
    history: str | None = None
    # HISTORY tables: the columns that make two saved versions "the same version".
    same_version: tuple[str, ...] = ()

    @property
    def file_name(self) -> str:
        return f"{self.name}.jsonl"

    # Cached: these run once per row of an archive with perhaps 100,000 rows.
    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(column.name for column in self.columns)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {name: i for i, name in enumerate(self.column_names)}

    @cached_property
    def _key_positions(self) -> tuple[int, ...]:
        return tuple(self._positions[name] for name in self.key)

    def index(self, column: str) -> int:
        return self._positions[column]

    def key_of(self, row: Row) -> Row:
        return tuple(row[i] for i in self._key_positions)


# Insert order: parents before children (attempts before answers), and each history
# table before its main table, so a version already kept is recognised, not copied twice.
TABLE_RULES: tuple[TableSpec, ...] = (
    TableSpec("events", ("id",), Rule.APPEND),
    TableSpec("modules_read", ("profile_id", "module_id"), Rule.EARLIEST, decider="read_utc"),
    TableSpec(
        "study_time",
        ("profile_id", "module_id", "section", "day"),
        Rule.LARGEST,
        decider="seconds",
    ),
    TableSpec("positions", ("profile_id", "module_id"), Rule.NEWEST),
    TableSpec("quiz_attempts", ("id",), Rule.PROGRESS),
    TableSpec("quiz_answers", ("attempt_id", "question_id"), Rule.APPEND),
    TableSpec("scenario_runs", ("id",), Rule.PROGRESS),
    TableSpec(
        "reflection_history",
        ("id",),
        Rule.HISTORY,
        same_version=("reflection_id", "updated_utc", "text"),
    ),
    TableSpec("reflections", ("id",), Rule.NEWEST, history="reflection_history"),
    TableSpec("capability_ratings", ("id",), Rule.APPEND),
    TableSpec("settings", ("profile_id", "key"), Rule.NEWEST),
    TableSpec(
        "cpd_record_history",
        ("id",),
        Rule.HISTORY,
        same_version=("record_id", "record_json"),
    ),
    TableSpec("cpd_records", ("id",), Rule.NEWEST, history="cpd_record_history"),
    TableSpec(
        "refresh_items",
        ("profile_id", "module_id", "question_id"),
        Rule.NEWEST,
    ),
)

# Tables that are not a profile's data: the schema stamp and the profile list itself.
# A profile's key record travels in the manifest ("encryption"), not as a table.
# Organisation-sync consent and its queue belong to this computer's organisation settings:
# a profile moved to another laptop opts in there again, and statements queued here are
# sent from here.
_NOT_PROFILE_DATA = {
    "meta",
    "profiles",
    "_sqlite_migrations",
    "profile_keys",
    "profile_seals",
    "lrs_consent",
    "lrs_queue",
}

INSTALLATION_TABLES = frozenset({"team_sessions", "team_session_attendees", "team_session_choices"})
"""Data that belongs to this computer, not to one learner, so it stays when a profile moves.

A team session (its title, facilitator, discussion notes and the group's choices) was
shared by everyone in the room; taking it to another laptop with one attendee would
carry the others' attendance too. What the attendee keeps from it, the CPD draft, is
an ordinary row of ``cpd_records`` and travels with the profile.
"""

PROFILE_FIELDS = (
    "id",
    "name",
    "created_utc",
    "last_used_utc",
    "updated_utc",
    "colour",
    "include_in_team_summary",
)
"""The profile row as it travels in the archive manifest (``name_key`` is derived)."""


class MergeRejectedError(StoreError):
    """The database refused the merge; the transaction was rolled back, nothing changed.

    ``rejected`` is True when the archive's values broke a rule of the schema (a rating
    of 9, say), False when the database itself failed (disc full, locked).
    """

    def __init__(self, table: str, detail: str, *, rejected: bool) -> None:
        super().__init__(
            "Prism could not import this profile, and nothing was changed. "
            "Export it again on the other computer and try once more.",
            detail,
        )
        self.table = table
        self.rejected = rejected


@dataclass
class TableCounts:
    """What an import did to one table's rows."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # Rows whose key is already used by a different profile on this computer.
    skipped: int = 0


@dataclass
class MergeOutcome:
    """The result of merging one archive: which profile, and what changed where."""

    profile_id: str
    profile_name: str
    new_profile: bool
    tables: dict[str, TableCounts] = field(default_factory=dict)
    kept_in_history: int = 0
    profile_updated: bool = False
    messages: builtins.list[str] = field(default_factory=list)


class ArchiveStore:
    """Reads a profile's rows table by table and merges an archive's rows in one transaction."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._tables: tuple[TableSpec, ...] | None = None

    # Describing the tables ------------------------------------------------------------

    def tables(self) -> tuple[TableSpec, ...]:
        """Every table of a profile's data, in insert order, with columns from the schema."""
        if self._tables is None:
            self._tables = tuple(
                TableSpec(
                    spec.name,
                    spec.key,
                    spec.rule,
                    self._columns(spec.name),
                    spec.decider,
                    spec.history,
                    spec.same_version,
                )
                for spec in TABLE_RULES
            )
        return self._tables

    def table(self, name: str) -> TableSpec:
        return next(spec for spec in self.tables() if spec.name == name)

    def tables_without_archive_rule(self) -> builtins.list[str]:
        """Tables of learner data that the archive would miss (a test keeps this empty)."""
        rows = self._db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        ).fetchall()
        virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
        covered = {spec.name for spec in TABLE_RULES} | _NOT_PROFILE_DATA | INSTALLATION_TABLES
        return sorted(
            name
            for name, _sql in rows
            if name not in covered
            and name not in virtual
            and not any(name.startswith(f"{v}_") for v in virtual)
        )

    def _columns(self, table: str) -> tuple[Column, ...]:
        info = self._db.execute(f"PRAGMA table_info({table})").fetchall()
        return tuple(
            Column(name, (kind or "ANY").upper(), bool(notnull), _literal(default))
            for _cid, name, kind, notnull, default, _pk in info
        )

    # Reading out ----------------------------------------------------------------------

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read several tables as one consistent moment (a read transaction)."""
        with self._db.atomic():
            yield

    def schema_version(self) -> int:
        """The schema version stamped in this database (written into each manifest)."""
        row = self._db.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def profile_row(self, profile_id: str) -> dict[str, Any] | None:
        """The profile's own fields as they travel in the manifest, or None if unknown."""
        cursor = self._db.execute(
            f"SELECT {', '.join(PROFILE_FIELDS)} FROM profiles WHERE id = ?", [profile_id]
        )
        row = cursor.fetchone()
        return None if row is None else dict(zip(PROFILE_FIELDS, row, strict=True))

    def key_record(self, profile_id: str) -> KeyRecord | None:
        """The profile's key record if it is protected (for the manifest), else None."""
        return KeyStore(self._db).get(profile_id)

    def iter_rows(self, profile_id: str, spec: TableSpec) -> Iterator[Row]:
        """The profile's rows of one table, oldest first, streamed from the database."""
        columns = ", ".join(f"t.{name}" for name in spec.column_names)
        if spec.name == "quiz_answers":
            sql = (
                f"SELECT {columns} FROM quiz_answers t JOIN quiz_attempts a "
                "ON a.id = t.attempt_id WHERE a.profile_id = ? ORDER BY t.rowid"
            )
        else:
            sql = f"SELECT {columns} FROM {spec.name} t WHERE t.profile_id = ? ORDER BY t.rowid"
        yield from self._db.execute(sql, [profile_id])

    def count_rows(self, profile_id: str, spec: TableSpec) -> int:
        if spec.name == "quiz_answers":
            sql = (
                "SELECT count(*) FROM quiz_answers t JOIN quiz_attempts a "
                "ON a.id = t.attempt_id WHERE a.profile_id = ?"
            )
        else:
            sql = f"SELECT count(*) FROM {spec.name} WHERE profile_id = ?"
        return int(self._db.execute(sql, [profile_id]).fetchone()[0])

    # Merging in -----------------------------------------------------------------------

    def merge(
        self,
        profile: dict[str, Any],
        rows_for: Callable[[TableSpec], Iterable[Row]],
        *,
        key_record: KeyRecord | None = None,
        reseal_local_with: Sealer | None = None,
        finish: Callable[[str], None] | None = None,
        expected_rows: Mapping[str, int] | None = None,
    ) -> MergeOutcome:
        """Merge a profile and its rows in ONE transaction: any error leaves no trace.

        ``profile`` holds ``PROFILE_FIELDS``; ``rows_for(spec)`` yields the archive's rows
        of that table as tuples in ``spec.column_names`` order, already checked and in
        this computer's form. ``key_record``: store it as the profile's key (a protected
        profile new here, or one adopting the archive's protection); with
        ``reseal_local_with``, the profile's unprotected text here is sealed with it first.
        ``finish(profile_id)`` runs last, inside the same transaction (the service gives
        the imported values their versions in the profile's ledger there).
        ``expected_rows``: how many rows each table brings (the manifest's count), which
        lets a large append build its table's indexes once instead of row by row.
        """
        table = "profiles"
        # A larger page cache for the duration: 100,000 events with random ids touch
        # index pages all over the file (measured: about a third faster).
        cache_size = self._db.execute("PRAGMA cache_size").fetchone()[0]
        self._db.execute(f"PRAGMA cache_size = {IMPORT_CACHE_KIB}")
        try:
            with self._db.atomic():
                outcome = self._merge_profile(profile)
                if reseal_local_with is not None and not outcome.new_profile:
                    table = "profile_keys"
                    reseal_profile(self._db, outcome.profile_id, None, reseal_local_with)
                if key_record is not None:
                    table = "profile_keys"
                    KeyStore(self._db).put(outcome.profile_id, key_record)
                for spec in self.tables():
                    table = spec.name
                    counts = TableCounts()
                    rows = rows_for(spec)
                    if spec.rule is Rule.APPEND:
                        expected = (expected_rows or {}).get(spec.name, 0)
                        with self._indexes_set_aside(spec.name, expected):
                            self._append(outcome, spec, rows, counts)
                    elif spec.rule is Rule.HISTORY:
                        self._history(outcome, spec, rows, counts)
                    else:
                        self._reconcile(outcome, spec, rows, counts)
                    outcome.tables[spec.name] = counts
                if finish is not None:
                    table = "profile_seals"
                    finish(outcome.profile_id)
        except sqlite3.IntegrityError as error:
            raise MergeRejectedError(table, str(error), rejected=True) from error
        except sqlite3.Error as error:
            raise MergeRejectedError(table, str(error), rejected=False) from error
        finally:
            self._db.execute(f"PRAGMA cache_size = {int(cache_size)}")
        skipped = sum(counts.skipped for counts in outcome.tables.values())
        if skipped:
            outcome.messages.append(
                f"{skipped} item{'s' if skipped != 1 else ''} in the archive had the same "
                "identity as another profile's items on this computer and "
                f"{'were' if skipped != 1 else 'was'} left out; that profile's data is unchanged."
            )
        return outcome

    def _merge_profile(self, incoming: dict[str, Any]) -> MergeOutcome:
        local = self.profile_row(incoming["id"])
        if local is None:
            name = self._free_name(incoming["name"])
            self._db.execute(
                "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc, "
                "updated_utc, colour, include_in_team_summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    incoming["id"],
                    name,
                    profile_name_key(name),
                    incoming["created_utc"],
                    incoming["last_used_utc"],
                    incoming["updated_utc"],
                    incoming["colour"],
                    int(bool(incoming["include_in_team_summary"])),
                ],
            )
            outcome = MergeOutcome(incoming["id"], name, new_profile=True)
            if name != normalise_profile_name(incoming["name"]):
                outcome.messages.append(
                    f"This computer already has a different profile called (or looking like) "
                    f"\u201c{normalise_profile_name(incoming['name'])}\u201d, so the imported "
                    f"profile is called \u201c{name}\u201d. You can rename it in the profile list."
                )
            return outcome

        outcome = MergeOutcome(local["id"], local["name"], new_profile=False)
        changes: dict[str, Any] = {}
        last_used = max(
            (value for value in (local["last_used_utc"], incoming["last_used_utc"]) if value),
            default=None,
        )
        if last_used != local["last_used_utc"]:
            changes["last_used_utc"] = last_used
        local_updated = _believable(local["updated_utc"] or local["created_utc"], self._limit())
        if (incoming["updated_utc"] or "") > local_updated:
            # Renamed, recoloured or consent changed more recently on the other laptop.
            changes["updated_utc"] = incoming["updated_utc"]
            changes["colour"] = incoming["colour"]
            changes["include_in_team_summary"] = int(bool(incoming["include_in_team_summary"]))
            wanted = normalise_profile_name(incoming["name"])
            if wanted != local["name"]:
                if self._name_free(wanted, local["id"]):
                    changes["name"] = wanted
                    changes["name_key"] = profile_name_key(wanted)
                    outcome.profile_name = wanted
                    outcome.messages.append(
                        f"The profile was renamed \u201c{wanted}\u201d on the other computer "
                        "more recently, so it now has that name here too."
                    )
                else:
                    outcome.messages.append(
                        f"The profile was renamed \u201c{wanted}\u201d on the other computer, "
                        "but another profile here already has that name, so it keeps the "
                        f"name \u201c{local['name']}\u201d."
                    )
        changes = {k: v for k, v in changes.items() if v != local.get(k, object())}
        if changes:
            assignments = ", ".join(f"{column} = ?" for column in changes)
            self._db.execute(
                f"UPDATE profiles SET {assignments} WHERE id = ?", [*changes.values(), local["id"]]
            )
            outcome.profile_updated = True
        return outcome

    def _limit(self) -> str:
        """The latest believable time: a day after this computer's clock (or the given one)."""
        from desktop.store.timestamps import FUTURE_ALLOWANCE

        now = max((self._clock or system_clock)(), system_clock())
        return utc_iso(now + FUTURE_ALLOWANCE)

    def _name_free(self, name: str, own_id: str | None = None) -> bool:
        """Free: no other profile has this name, or one that looks like it (profile_names)."""
        row = self._db.execute(
            "SELECT id FROM profiles WHERE name_key = ?", [profile_name_key(name)]
        ).fetchone()
        if row is not None and row[0] != own_id:
            return False
        return look_alike(self._db, name, own_id) is None

    def _free_name(self, wanted: str) -> str:
        """``wanted``, or "Sam (imported)", "Sam (imported 2)"... if the name is taken."""
        clean = normalise_profile_name(wanted)
        if self._name_free(clean):
            return clean
        number = 1
        while True:
            suffix = " (imported)" if number == 1 else f" (imported {number})"
            candidate = clean[: MAX_NAME_LENGTH - len(suffix)].rstrip() + suffix
            if self._name_free(candidate):
                return candidate
            number += 1

    def _append(
        self, outcome: MergeOutcome, spec: TableSpec, rows: Iterable[Row], counts: TableCounts
    ) -> None:
        sql = _insert_sql(spec)
        # Only answers to this profile's own attempts, never to someone else's.
        own: set[Any] | None = None
        attempt = 0
        if spec.name == "quiz_answers":
            own = self._ids("quiz_attempts", outcome.profile_id)
            attempt = spec.index("attempt_id")
        for batch in _batches(rows):
            wanted = batch if own is None else [row for row in batch if row[attempt] in own]
            counts.skipped += len(batch) - len(wanted)
            added = self._db.conn.executemany(sql, wanted).rowcount if wanted else 0
            counts.added += added
            counts.unchanged += len(wanted) - added

    @contextmanager
    def _indexes_set_aside(self, table: str, incoming: int) -> Iterator[None]:
        """For a large append: drop the table's secondary indexes, build them after.

        Adding 100,000 events with random ids updates each index at random places row by
        row; building an index once from the finished table sorts instead (measured: the
        insert takes about a quarter less time, issue 17). Only for an append at least
        as large as the table already is (``max(rowid)``, a quick stand-in for its size),
        so a small import into a large log never rebuilds it. It runs inside the merge's
        transaction, and SQLite's schema changes are part of it: if the import fails or
        the computer stops part-way, the rollback brings the indexes back unchanged.
        Unique indexes stay: they decide which rows are already here.
        """
        if incoming < REBUILD_INDEXES_FROM or not self._db.conn.in_transaction:
            yield
            return
        size = self._db.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        indexes = [
            (name, sql)
            for name, sql in self._db.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                "AND sql IS NOT NULL ORDER BY rowid",
                [table],
            )
            if not sql.upper().startswith("CREATE UNIQUE")
        ]
        if incoming < size or not indexes:
            yield
            return
        for name, _sql in indexes:
            self._db.execute(f'DROP INDEX "{name}"')
        yield  # an error propagates, and the transaction's rollback restores them
        for _name, sql in indexes:
            self._db.execute(sql)

    def _history(
        self, outcome: MergeOutcome, spec: TableSpec, rows: Iterable[Row], counts: TableCounts
    ) -> None:
        ids = self._ids(spec.name, outcome.profile_id)
        versions = self._versions(spec, outcome.profile_id)
        id_index = spec.index("id")
        version_of = _picker(spec, spec.same_version)
        profile_index = spec.index("profile_id")
        sql = _insert_sql(spec)
        for row in rows:
            version = version_of(row)
            if row[id_index] in ids or version in versions:
                counts.unchanged += 1
                continue
            row = _with(row, profile_index, outcome.profile_id)
            if self._db.execute(sql, row).rowcount:
                counts.added += 1
                ids.add(row[id_index])
                versions.add(version)
            else:
                counts.skipped += 1

    def _reconcile(
        self, outcome: MergeOutcome, spec: TableSpec, rows: Iterable[Row], counts: TableCounts
    ) -> None:
        columns = spec.column_names
        profile_index = spec.index("profile_id")
        local: dict[Row, Row] = {
            spec.key_of(row): row
            for row in self._db.execute(
                f"SELECT {', '.join(columns)} FROM {spec.name} WHERE profile_id = ?",
                [outcome.profile_id],
            )
        }
        inserts: list[Row] = []
        updates: list[Row] = []
        losers: list[Row] = []
        limit = self._limit()
        for incoming in rows:
            # A renamed-on-import profile keeps its id, so rows keep pointing at it.
            incoming = _with(incoming, profile_index, outcome.profile_id)
            key = spec.key_of(incoming)
            here = local.get(key)
            if here is None:
                inserts.append(incoming)
                local[key] = incoming
            elif here == incoming:
                counts.unchanged += 1
            elif _incoming_wins(spec, here, incoming, limit):
                updates.append(incoming)
                losers.append(here)
                local[key] = incoming
            else:
                counts.unchanged += 1
                losers.append(incoming)
        for batch in _batches(inserts):
            added = self._db.conn.executemany(_insert_sql(spec), batch).rowcount
            counts.added += added
            counts.skipped += len(batch) - added
        if updates:
            values = [c for c in columns if c not in spec.key]
            sql = (
                f"UPDATE {spec.name} SET {', '.join(f'{c} = ?' for c in values)} "
                f"WHERE {' AND '.join(f'{c} = ?' for c in spec.key)}"
            )
            value_index = [spec.index(c) for c in values]
            key_index = [spec.index(c) for c in spec.key]
            params = [[row[i] for i in value_index + key_index] for row in updates]
            counts.updated += self._db.conn.executemany(sql, params).rowcount
        if spec.history is not None:
            outcome.kept_in_history += self._keep_versions(spec, outcome.profile_id, losers)

    def _keep_versions(self, spec: TableSpec, profile_id: str, losers: list[Row]) -> int:
        """Save the versions that lost to the history table, unless already kept."""
        if not losers:
            return 0
        history = self.table(spec.history or "")
        versions = self._versions(history, profile_id)
        now = utc_now(self._clock)
        kept = 0
        for loser in losers:
            values = dict(zip(spec.column_names, loser, strict=True))
            if history.name == "reflection_history":
                entry = {
                    "id": new_id(),
                    "reflection_id": values["id"],
                    "profile_id": profile_id,
                    "module_id": values["module_id"],
                    "prompt_id": values["prompt_id"],
                    "text": values["text"],
                    "updated_utc": values["updated_utc"],
                    "replaced_utc": now,
                }
            else:
                entry = {
                    "id": new_id(),
                    "record_id": values["id"],
                    "profile_id": profile_id,
                    "record_json": values["record_json"],
                    "replaced_utc": now,
                }
            row = tuple(entry[c] for c in history.column_names)
            version = _picker(history, history.same_version)(row)
            if version in versions:
                continue
            self._db.execute(_insert_sql(history), row)
            versions.add(version)
            kept += 1
        return kept

    def _ids(self, table: str, profile_id: str) -> set[Any]:
        rows = self._db.execute(f"SELECT id FROM {table} WHERE profile_id = ?", [profile_id])
        return {row[0] for row in rows}

    def _versions(self, spec: TableSpec, profile_id: str) -> set[Row]:
        columns = ", ".join(spec.same_version)
        rows = self._db.execute(
            f"SELECT {columns} FROM {spec.name} WHERE profile_id = ?", [profile_id]
        )
        return {tuple(row) for row in rows}


def _insert_sql(spec: TableSpec) -> str:
    columns = spec.column_names
    return (
        f"INSERT INTO {spec.name} ({', '.join(columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)}) ON CONFLICT DO NOTHING"
    )


def _batches(rows: Iterable[Row]) -> Iterator[list[Row]]:
    remaining = iter(rows)
    while batch := list(itertools.islice(remaining, BATCH_SIZE)):
        yield batch


def _picker(spec: TableSpec, columns: tuple[str, ...]) -> Callable[[Row], Row]:
    indexes = [spec.index(column) for column in columns]
    return lambda row: tuple(row[i] for i in indexes)


def _with(row: Row, index: int, value: Any) -> Row:
    if row[index] == value:
        return row
    return (*row[:index], value, *row[index + 1 :])


def _believable(stamp: str, limit: str) -> str:
    """``stamp``, or "" (older than any time) if it lies beyond ``limit``: a time from a
    clock that ran ahead, or forged, must never win a merge (issue 16)."""
    return stamp if stamp <= limit else ""


def _incoming_wins(spec: TableSpec, here: Row, incoming: Row, limit: str) -> bool:
    """Whether the archive's copy should replace the copy here (they differ)."""
    if spec.rule is Rule.NEWEST:
        i = spec.index(spec.decider)
        return _believable(incoming[i] or "", limit) > _believable(here[i] or "", limit)
    if spec.rule is Rule.EARLIEST:
        i = spec.index(spec.decider)
        return incoming[i] < here[i]
    if spec.rule is Rule.LARGEST:
        i = spec.index(spec.decider)
        return incoming[i] > here[i]
    return _further_along(spec, here, incoming)


def _further_along(spec: TableSpec, here: Row, incoming: Row) -> bool:
    finished = spec.index("finished_utc")
    if (incoming[finished] is None) != (here[finished] is None):
        return incoming[finished] is not None
    if incoming[finished] is not None:
        return incoming[finished] < here[finished]
    if spec.name == "scenario_runs":
        path = spec.index("path")
        return _path_length(incoming[path]) > _path_length(here[path])
    return False


def _path_length(text: str) -> int:
    try:
        value = json.loads(text)
    except (TypeError, ValueError):
        return 0
    return len(value) if isinstance(value, list) else 0


def _literal(sql: str | None) -> Any:
    """A column DEFAULT as PRAGMA table_info gives it ("'{}'", "0") as a Python value."""
    if sql is None:
        return None
    if len(sql) >= 2 and sql[0] == sql[-1] == "'":
        return sql[1:-1].replace("''", "'")
    try:
        return int(sql)
    except ValueError:
        try:
            return float(sql)
        except ValueError:
            return None  # an expression (CURRENT_TIMESTAMP...): no value to stand in
