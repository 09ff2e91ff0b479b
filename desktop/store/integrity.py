"""Check the open progress log and repair what can be repaired without losing anything.

``check_and_repair`` looks at three things, in this order, because each later check
is only meaningful when the earlier one passed:

1. the file's structure (``PRAGMA integrity_check``); broken indexes are rebuilt
   (``REINDEX``), since an index holds only copies of data in its table;
2. the links between records (``PRAGMA foreign_key_check``); rows whose learner
   profile is missing get that profile back, named "Recovered learner", so no
   reflection or record is deleted; any other orphan (a quiz answer whose attempt
   is gone) holds no writing of its own and is removed;
3. full-text search indexes, if the database has any (rebuilt from their tables);
4. dates: times that are not real or lie in the future are set to the time of the
   check, and unreadable CPD records are reported, never removed (``date_repair.py``).

A safety copy of the file is taken before the first change. Running the check a
second time finds nothing, so it is safe to run as often as a user likes.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import StoreError

if TYPE_CHECKING:
    from desktop.store.connection import Database

RECOVERED_PROFILE_NAME = "Recovered learner"

TABLE_WORDS: dict[str, tuple[str, str]] = {
    "events": ("activity log entry", "activity log entries"),
    "positions": ("reading position", "reading positions"),
    "modules_read": ("module marked as read", "modules marked as read"),
    "study_time": ("study time record", "study time records"),
    "quiz_attempts": ("quiz attempt", "quiz attempts"),
    "quiz_answers": ("quiz answer", "quiz answers"),
    "scenario_runs": ("scenario play", "scenario plays"),
    "reflections": ("reflection", "reflections"),
    "capability_ratings": ("capability rating", "capability ratings"),
    "settings": ("setting", "settings"),
    "cpd_records": ("CPD record", "CPD records"),
    "cpd_record_history": ("earlier version of a CPD record", "earlier versions of CPD records"),
    "refresh_items": ("question due for a refresh", "questions due for a refresh"),
}
"""How each table's rows are named in a report (singular, plural)."""

CHECKS = (
    "The structure of the progress file",
    "The links between your records",
    "The search indexes",
    "The dates of your records",
)

_CANNOT_REPAIR = (
    "Prism cannot repair this damage itself. Restore a recent backup "
    "(File > Restore from backup…, or prism restore): your current file is copied first."
)


@dataclass(frozen=True)
class CheckReport:
    """What a database check looked at, found, fixed and could not fix, in plain words."""

    checked: tuple[str, ...] = CHECKS
    found: tuple[str, ...] = ()
    fixed: tuple[str, ...] = ()
    not_fixed: tuple[str, ...] = ()
    safety_copy: Path | None = None

    @property
    def clean(self) -> bool:
        """Nothing was wrong."""
        return not self.found

    @property
    def ok(self) -> bool:
        """Nothing is wrong now (perhaps after repairs)."""
        return not self.not_fixed

    def summary(self) -> str:
        """One sentence for a status bar or the first line of a report."""
        if self.clean:
            return "Your progress file is healthy: Prism found nothing to repair."
        if self.ok:
            return "Prism found problems in your progress file and repaired them all."
        return "Prism found damage in your progress file that it could not repair."


@dataclass
class _Findings:
    found: list[str] = field(default_factory=list)
    fixed: list[str] = field(default_factory=list)
    not_fixed: list[str] = field(default_factory=list)


class _SafetyCopy:
    """Takes the before-repair copy once, the first time a change is about to be made."""

    def __init__(self, make: Callable[[], Path]) -> None:
        self._make = make
        self.path: Path | None = None
        self.failed = False

    def ensure(self) -> bool:
        if self.path is None and not self.failed:
            try:
                self.path = self._make()
            except (StoreError, OSError, sqlite3.Error):  # reported by the step that needed it
                self.failed = True
        return self.path is not None


def check_and_repair(
    db: Database, make_safety_copy: Callable[[], Path], clock: Clock | None = None
) -> CheckReport:
    """Check ``db``, repair what is safe to repair, and say what happened.

    ``make_safety_copy`` is called at most once, before the first change; it returns
    where the copy went. If it fails, nothing that removes or adds rows is done.
    """
    findings = _Findings()
    copy = _SafetyCopy(make_safety_copy)
    if _check_structure(db, findings, copy):
        _check_links(db, findings, copy, clock)
        _check_search_indexes(db, findings, copy)
        _check_dates(db, findings, copy, clock)
    return CheckReport(
        found=tuple(findings.found),
        fixed=tuple(findings.fixed),
        not_fixed=tuple(findings.not_fixed),
        safety_copy=copy.path,
    )


# --------------------------------------------------------------------------- #
# 1. Structure
# --------------------------------------------------------------------------- #


def _integrity_problems(db: Database) -> list[str]:
    try:
        rows = db.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as error:
        return [f"integrity_check failed: {type(error).__name__}"]
    problems = [str(row[0]) for row in rows]
    return [] if problems == ["ok"] else problems


def _check_structure(db: Database, findings: _Findings, copy: _SafetyCopy) -> bool:
    """True when the structure is sound (perhaps after rebuilding indexes)."""
    problems = _integrity_problems(db)
    if not problems:
        return True
    index_only = all("index" in problem for problem in problems)
    if index_only:
        findings.found.append(
            "Some of the file's indexes (the look-up tables that make Prism fast) were out "
            "of step with your records. Your records themselves were fine."
        )
    else:
        findings.found.append("Parts of the progress file are damaged.")
    # REINDEX rebuilds indexes from their tables: it never touches a record, so it is
    # tried even when the safety copy cannot be made (a damaged file may not copy).
    copy.ensure()
    with contextlib.suppress(sqlite3.DatabaseError):
        db.execute("REINDEX")
    if not _integrity_problems(db):
        findings.fixed.append("Rebuilt the indexes from your records.")
        return True
    findings.not_fixed.append(_CANNOT_REPAIR)
    return False


# --------------------------------------------------------------------------- #
# 2. Links between records
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class _Orphan:
    table: str
    rowid: int
    parent: str
    missing_key: object


def _orphans(db: Database) -> list[_Orphan]:
    rows = db.execute("PRAGMA foreign_key_check").fetchall()
    columns: dict[tuple[str, int], str] = {}
    orphans = []
    for table, rowid, parent, fkid in rows:
        if rowid is None:  # WITHOUT ROWID tables: none in Prism's schema
            continue
        if (table, fkid) not in columns:
            for fk in db.execute(f'PRAGMA foreign_key_list("{table}")').fetchall():
                columns[(table, fk[0])] = fk[3]
        column = columns.get((table, fkid))
        key = None
        if column is not None:
            row = db.execute(f'SELECT "{column}" FROM "{table}" WHERE rowid = ?', [rowid])
            found = row.fetchone()
            key = found[0] if found else None
        orphans.append(_Orphan(table, rowid, parent, key))
    return orphans


def _check_links(db: Database, findings: _Findings, copy: _SafetyCopy, clock: Clock | None) -> None:
    orphans = _orphans(db)
    if not orphans:
        return
    of_profiles = [o for o in orphans if o.parent == "profiles" and o.missing_key is not None]
    others = [o for o in orphans if o not in of_profiles]
    if of_profiles:
        findings.found.append(
            f"{_count_words(of_profiles)} belonged to a learner profile that is missing."
        )
    if others:
        findings.found.append(
            f"{_count_words(others)} referred to something that no longer exists."
        )
    if not copy.ensure():
        findings.not_fixed.append(
            "Prism could not save a safety copy of the file first, so it has not changed "
            "these records. Make sure the disk has free space, then run the check again."
        )
        return
    with db.atomic():
        names = _recreate_profiles(db, sorted({str(o.missing_key) for o in of_profiles}), clock)
        for orphan in others:
            db.execute(f'DELETE FROM "{orphan.table}" WHERE rowid = ?', [orphan.rowid])
    if names:
        quoted = ", ".join(f"\u201c{name}\u201d" for name in names)
        findings.fixed.append(
            f"Made a profile called {quoted} to hold them, so nothing is lost. "
            "You can rename it, or delete it, on the profile screen."
        )
    if others:
        findings.fixed.append(
            f"Removed the {_count_words(others, with_number=False)} that referred to "
            "missing records (they held nothing you wrote)."
        )
    if _orphans(db):
        findings.not_fixed.append("Some records still refer to missing ones. " + _CANNOT_REPAIR)


def _recreate_profiles(db: Database, missing_ids: list[str], clock: Clock | None) -> list[str]:
    names = []
    for profile_id in missing_ids:
        name = _free_profile_name(db)
        db.execute(
            "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc) "
            "VALUES (?, ?, ?, ?, NULL)",
            [profile_id, name, name.casefold(), utc_now(clock)],
        )
        names.append(name)
    return names


def _free_profile_name(db: Database) -> str:
    taken = {row[0] for row in db.execute("SELECT name_key FROM profiles").fetchall()}
    number = 1
    while True:
        name = RECOVERED_PROFILE_NAME if number == 1 else f"{RECOVERED_PROFILE_NAME} {number}"
        if name.casefold() not in taken:
            return name
        number += 1


def _count_words(orphans: list[_Orphan], *, with_number: bool = True) -> str:
    """'3 items (2 reflections, 1 activity log entry)'."""
    counts = Counter(o.table for o in orphans)
    parts = []
    for table, count in sorted(counts.items()):
        singular, plural = TABLE_WORDS.get(table, (table.replace("_", " "),) * 2)
        parts.append(f"{count} {singular if count == 1 else plural}")
    total = len(orphans)
    if len(parts) == 1:
        return parts[0] if with_number else parts[0].split(" ", 1)[1]
    items = f"{total} item{'s' if total != 1 else ''}" if with_number else "items"
    return f"{items} ({', '.join(parts)})"


# --------------------------------------------------------------------------- #
# 3. Search indexes
# --------------------------------------------------------------------------- #


def _search_tables(db: Database) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND lower(sql) LIKE 'create virtual table%using fts%'"
    ).fetchall()
    return [row[0] for row in rows]


def _search_index_sound(db: Database, table: str) -> bool:
    # rank = 1 also compares the index with its content table (external-content
    # tables, the usual kind); a table that cannot do that is checked on its own.
    for sql in (
        f'INSERT INTO "{table}"("{table}", rank) VALUES (\'integrity-check\', 1)',
        f'INSERT INTO "{table}"("{table}") VALUES (\'integrity-check\')',
    ):
        try:
            db.execute(sql)
        except sqlite3.OperationalError:
            continue  # this form is not supported here: try the next
        except sqlite3.DatabaseError:
            return False
        return True
    return True


def _check_search_indexes(db: Database, findings: _Findings, copy: _SafetyCopy) -> None:
    _check_journal_index_present(db, findings, copy)
    broken = [table for table in _search_tables(db) if not _search_index_sound(db, table)]
    if not broken:
        return
    findings.found.append("The search index was out of step with your writing.")
    copy.ensure()  # a search index is rebuilt from its table, so this is never risky
    still_broken = []
    for table in broken:
        try:
            db.execute(f'INSERT INTO "{table}"("{table}") VALUES (\'rebuild\')')
        except sqlite3.DatabaseError:
            if not _remake_journal_index(db, table):
                still_broken.append(table)
            continue
        if not _search_index_sound(db, table) and not _remake_journal_index(db, table):
            still_broken.append(table)
    if still_broken:
        findings.not_fixed.append(
            "The search index could not be rebuilt; search may miss some of your writing. "
            + _CANNOT_REPAIR
        )
    else:
        findings.fixed.append("Rebuilt the search index from your writing.")


def _check_journal_index_present(db: Database, findings: _Findings, copy: _SafetyCopy) -> None:
    """The journal's index (``journal_index``) missing, or missing a trigger, where this
    SQLite can make it: made again from the unprotected reflections."""
    from desktop.store import journal_index

    if journal_index.exists(db) or not journal_index.fts5_available(db):
        return
    findings.found.append("The journal's search index was missing.")
    copy.ensure()  # made from your reflections, so never risky
    try:
        with db.atomic():
            journal_index.drop(db)
            journal_index.create(db)
    except sqlite3.DatabaseError:
        findings.not_fixed.append(
            "The journal's search index could not be made; the journal still searches "
            "your reflections, more slowly. " + _CANNOT_REPAIR
        )
        return
    findings.fixed.append("Made the journal's search index again from your reflections.")


def _remake_journal_index(db: Database, table: str) -> bool:
    """A journal index too damaged to rebuild in place: dropped and made again."""
    from desktop.store import journal_index

    if table != journal_index.TABLE:
        return False
    try:
        with db.atomic():
            journal_index.drop(db)
            journal_index.create(db)
    except sqlite3.DatabaseError:
        return False
    return _search_index_sound(db, table)


# --------------------------------------------------------------------------- #
# 4. Dates and unreadable records
# --------------------------------------------------------------------------- #


def _check_dates(db: Database, findings: _Findings, copy: _SafetyCopy, clock: Clock | None) -> None:
    from desktop.store import date_repair

    bad = date_repair.bad_times(db, clock)
    if bad:
        findings.found.append(date_repair.describe(bad))
        if not copy.ensure():
            findings.not_fixed.append(
                "Prism could not save a safety copy of the file first, so it has not changed "
                "these dates. Make sure the disk has free space, then run the check again."
            )
        else:
            date_repair.repair_times(db, bad, clock)
            findings.fixed.append(
                "Set those dates to the time of this check, so every page shows and sorts "
                "them again and they no longer win when a profile is imported. Nothing you "
                "wrote was changed."
            )
    unreadable = date_repair.unreadable_cpd_records(db)
    if unreadable:
        count = len(unreadable)
        findings.found.append(
            f"{count} CPD record{'s' if count != 1 else ''} cannot be read: "
            f"{'their' if count != 1 else 'its'} saved data is damaged."
        )
        findings.not_fixed.append(
            f"Prism has kept {'them' if count != 1 else 'it'} exactly as "
            f"{'they were' if count != 1 else 'it was'} and shows your other CPD records. "
            "Restore a backup from before the damage (File > Restore from backup…, or "
            "prism restore) to get the record back; your current file is copied first."
        )
