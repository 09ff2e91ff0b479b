"""The schema, as numbered migrations, and the schema version stamped in ``meta``.

Add a change as a new ``m00N_...`` function and raise ``SCHEMA_VERSION`` to N; never
edit an applied migration. An older Prism refuses a file whose version is higher
than its own ``SCHEMA_VERSION`` instead of guessing at tables it does not know.
The tables are written as SQL because ``Table.create`` cannot express CHECK
constraints, case-folded uniqueness or the append-only triggers on ``events``.
A future migration that calls ``table.transform()`` on a table with ON DELETE
CASCADE must be ``transactional=False`` (sqlite-utils refuses otherwise).
"""

from __future__ import annotations

import sqlite3
from typing import Any

import sqlite_utils

from desktop.store.schema_version import (
    SCHEMA_VERSION,
    check_schema_version,
    stored_schema_version,
)

__all__ = [
    "SCHEMA_VERSION",
    "apply_migrations",
    "check_schema_version",
    "migrations",
    "pending_migrations",
    "stored_schema_version",
]

migrations = sqlite_utils.Migrations("prism")

# STRICT arrived in SQLite 3.37 (2021); older libraries get the same tables without it.
_STRICT = " STRICT" if sqlite3.sqlite_version_info >= (3, 37) else ""

_PROFILE_FK = "TEXT NOT NULL REFERENCES profiles(id) ON DELETE CASCADE"

_M001_TABLES = [
    """CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    )""",
    """CREATE TABLE profiles (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 60),
        name_key TEXT NOT NULL UNIQUE,
        created_utc TEXT NOT NULL,
        last_used_utc TEXT
    )""",
    f"""CREATE TABLE events (
        id TEXT PRIMARY KEY,
        ts_utc TEXT NOT NULL,
        profile_id {_PROFILE_FK},
        verb TEXT NOT NULL,
        object_id TEXT NOT NULL,
        result_json TEXT,
        content_version TEXT
    )""",
    f"""CREATE TABLE positions (
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        anchor TEXT,
        scroll REAL NOT NULL CHECK (scroll BETWEEN 0 AND 1),
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (profile_id, module_id)
    )""",
    f"""CREATE TABLE modules_read (
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        read_utc TEXT NOT NULL,
        PRIMARY KEY (profile_id, module_id)
    )""",
    f"""CREATE TABLE study_time (
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        section TEXT NOT NULL,
        day TEXT NOT NULL,
        seconds REAL NOT NULL CHECK (seconds >= 0),
        PRIMARY KEY (profile_id, module_id, section, day)
    )""",
    f"""CREATE TABLE quiz_attempts (
        id TEXT PRIMARY KEY,
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        finished_utc TEXT,
        score_percent REAL CHECK (score_percent BETWEEN 0 AND 100),
        passed INTEGER CHECK (passed IN (0, 1)),
        question_order TEXT NOT NULL
    )""",
    """CREATE TABLE quiz_answers (
        attempt_id TEXT NOT NULL REFERENCES quiz_attempts(id) ON DELETE CASCADE,
        question_id TEXT NOT NULL,
        response TEXT NOT NULL,
        correct INTEGER NOT NULL CHECK (correct IN (0, 1)),
        answered_utc TEXT NOT NULL,
        PRIMARY KEY (attempt_id, question_id)
    )""",
    f"""CREATE TABLE scenario_runs (
        id TEXT PRIMARY KEY,
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        scenario_id TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        started_utc TEXT NOT NULL,
        finished_utc TEXT,
        ending TEXT,
        path TEXT NOT NULL
    )""",
    f"""CREATE TABLE reflections (
        id TEXT PRIMARY KEY,
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        prompt_id TEXT,
        text TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""",
    f"""CREATE TABLE capability_ratings (
        id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        profile_id {_PROFILE_FK},
        capability_id TEXT NOT NULL,
        rating INTEGER NOT NULL CHECK (rating BETWEEN 1 AND 5),
        note TEXT NOT NULL,
        rated_utc TEXT NOT NULL,
        UNIQUE (session_id, capability_id)
    )""",
    # profile_id NULL = app-wide; the unique index below treats NULL as one value.
    """CREATE TABLE settings (
        profile_id TEXT REFERENCES profiles(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        value TEXT NOT NULL
    )""",
]

_M001_EXTRAS = [
    "CREATE INDEX events_profile_ts ON events(profile_id, ts_utc)",
    "CREATE INDEX positions_profile_updated ON positions(profile_id, updated_utc)",
    "CREATE INDEX quiz_attempts_profile_module ON quiz_attempts(profile_id, module_id)",
    "CREATE INDEX scenario_runs_profile_scenario ON scenario_runs(profile_id, scenario_id)",
    "CREATE INDEX reflections_profile_updated ON reflections(profile_id, updated_utc)",
    "CREATE INDEX capability_ratings_profile ON capability_ratings(profile_id, rated_utc)",
    "CREATE UNIQUE INDEX settings_scope_key ON settings(ifnull(profile_id, ''), key)",
    # The log is append-only: rows leave only when their profile is deleted.
    """CREATE TRIGGER events_no_update BEFORE UPDATE ON events
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
    """CREATE TRIGGER events_no_delete BEFORE DELETE ON events
       WHEN EXISTS (SELECT 1 FROM profiles WHERE id = OLD.profile_id)
       BEGIN SELECT RAISE(ABORT, 'events are append-only'); END""",
]


@migrations()
def m001_initial(db: sqlite_utils.Database) -> None:
    """Every table of the first release."""
    for statement in _M001_TABLES:
        db.execute(statement + _STRICT)
    for statement in _M001_EXTRAS:
        db.execute(statement)
    _stamp_schema_version(db, 1)


# The whole CPD record lives in record_json so its free text can later be stored
# encrypted as one value; the plain columns exist only for sorting and the year view.
_M002_TABLES = [
    f"""CREATE TABLE cpd_records (
        id TEXT PRIMARY KEY,
        profile_id {_PROFILE_FK},
        status TEXT NOT NULL CHECK (status IN ('draft', 'ready')),
        start_date TEXT,
        record_json TEXT NOT NULL,
        created_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL
    )""",
    # Earlier versions of a record, kept when it is overwritten (by an edit or an import).
    f"""CREATE TABLE cpd_record_history (
        id TEXT PRIMARY KEY,
        record_id TEXT NOT NULL,
        profile_id {_PROFILE_FK},
        record_json TEXT NOT NULL,
        replaced_utc TEXT NOT NULL
    )""",
    # Questions answered wrongly, offered again on later days at widening intervals.
    f"""CREATE TABLE refresh_items (
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        question_id TEXT NOT NULL,
        due_day TEXT NOT NULL,
        interval_days INTEGER NOT NULL CHECK (interval_days >= 1),
        correct_streak INTEGER NOT NULL DEFAULT 0 CHECK (correct_streak >= 0),
        added_utc TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        PRIMARY KEY (profile_id, module_id, question_id)
    )""",
]

_M002_EXTRAS = [
    "CREATE INDEX cpd_records_profile_date ON cpd_records(profile_id, start_date)",
    "CREATE INDEX cpd_record_history_record ON cpd_record_history(record_id, replaced_utc)",
    "CREATE INDEX refresh_items_due ON refresh_items(profile_id, due_day)",
    "CREATE INDEX study_time_profile_day ON study_time(profile_id, day)",
]


@migrations()
def m002_cpd_and_refresh(db: sqlite_utils.Database) -> None:
    """CPD records with their history, and the refresh queue for missed questions."""
    for statement in _M002_TABLES:
        db.execute(statement + _STRICT)
    for statement in _M002_EXTRAS:
        db.execute(statement)
    _stamp_schema_version(db, 2)


# Profiles get a colour and a team-summary consent flag (off until the learner agrees);
# updated_utc lets an import tell which copy of a renamed profile is newer.
# Settings get updated_utc, stamped by triggers unless the writer sets it, so an import
# can keep the newer value. reflection_history keeps a reflection's older text when an
# import replaces it with a newer edit, so nothing a learner wrote is lost.
_M003_STATEMENTS = [
    "ALTER TABLE profiles ADD COLUMN colour TEXT "
    "CHECK (colour IS NULL OR length(colour) BETWEEN 1 AND 20)",
    "ALTER TABLE profiles ADD COLUMN include_in_team_summary INTEGER NOT NULL DEFAULT 0 "
    "CHECK (include_in_team_summary IN (0, 1))",
    "ALTER TABLE profiles ADD COLUMN updated_utc TEXT",
    "UPDATE profiles SET updated_utc = created_utc",
    "ALTER TABLE settings ADD COLUMN updated_utc TEXT",
    # Same format as clock.utc_iso: '2026-07-04T09:30:00.123Z'.
    """CREATE TRIGGER settings_stamp_insert AFTER INSERT ON settings
       WHEN NEW.updated_utc IS NULL
       BEGIN
         UPDATE settings SET updated_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE rowid = NEW.rowid;
       END""",
    """CREATE TRIGGER settings_stamp_update AFTER UPDATE OF value ON settings
       WHEN NEW.updated_utc IS OLD.updated_utc AND NEW.value IS NOT OLD.value
       BEGIN
         UPDATE settings SET updated_utc = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
         WHERE rowid = NEW.rowid;
       END""",
    f"""CREATE TABLE reflection_history (
        id TEXT PRIMARY KEY,
        reflection_id TEXT NOT NULL,
        profile_id {_PROFILE_FK},
        module_id TEXT NOT NULL,
        prompt_id TEXT,
        text TEXT NOT NULL,
        updated_utc TEXT NOT NULL,
        replaced_utc TEXT NOT NULL
    ){_STRICT}""",
    "CREATE INDEX reflection_history_reflection ON reflection_history(reflection_id, updated_utc)",
]


@migrations()
def m003_profiles_and_history(db: sqlite_utils.Database) -> None:
    """Profile colour and consent, settings timestamps, and older reflection versions."""
    for statement in _M003_STATEMENTS:
        db.execute(statement)
    _stamp_schema_version(db, 3)


# Team sessions run by a facilitator on a shared laptop. A session belongs to the
# installation, not to one profile; an attendee's row leaves with their profile. The
# drafts made at the end are ordinary cpd_records; ``delivered_record_id`` notes which
# one each attendee received (no foreign key: deleting that draft must not bring it
# back), and NULL marks a draft still to deliver (a protected profile gets it on unlock).
# Scenario choices have no ids in the content, so a choice is stored by its position,
# as scenario_runs.path does.
_M004_TABLES = [
    """CREATE TABLE team_sessions (
        id TEXT PRIMARY KEY,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        session_date TEXT NOT NULL,
        facilitator_name TEXT NOT NULL CHECK (length(facilitator_name) BETWEEN 1 AND 100),
        facilitator_role TEXT NOT NULL DEFAULT '',
        module_id TEXT,
        scenario_id TEXT,
        include_prompts INTEGER NOT NULL DEFAULT 1 CHECK (include_prompts IN (0, 1)),
        started_utc TEXT NOT NULL,
        ended_utc TEXT,
        duration_minutes INTEGER CHECK (duration_minutes IS NULL OR duration_minutes > 0),
        discussion_notes TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('active', 'ended'))
    )""",
    f"""CREATE TABLE team_session_attendees (
        session_id TEXT NOT NULL REFERENCES team_sessions(id) ON DELETE CASCADE,
        profile_id {_PROFILE_FK},
        added_utc TEXT NOT NULL,
        delivered_record_id TEXT,
        PRIMARY KEY (session_id, profile_id)
    )""",
    """CREATE TABLE team_session_choices (
        session_id TEXT NOT NULL REFERENCES team_sessions(id) ON DELETE CASCADE,
        step INTEGER NOT NULL CHECK (step >= 1),
        node_id TEXT NOT NULL,
        choice_index INTEGER NOT NULL CHECK (choice_index >= 0),
        notes TEXT NOT NULL DEFAULT '',
        chosen_utc TEXT NOT NULL,
        PRIMARY KEY (session_id, step)
    )""",
]

_M004_EXTRAS = [
    "CREATE INDEX team_sessions_status ON team_sessions(status, started_utc)",
    "CREATE INDEX team_session_attendees_profile "
    "ON team_session_attendees(profile_id, delivered_record_id)",
]


@migrations()
def m004_team_sessions(db: sqlite_utils.Database) -> None:
    """Team sessions, their attendees and the group's scenario choices."""
    for statement in _M004_TABLES:
        db.execute(statement + _STRICT)
    for statement in _M004_EXTRAS:
        db.execute(statement)
    _stamp_schema_version(db, 4)


# Passphrase-protected profiles. A row here means the profile's free text (reflections,
# CPD records, capability notes and their history) is stored sealed (see
# desktop/store/sealing.py): the scrypt salt and cost and a verifier of the derived key,
# never the passphrase or the key. Re-sealing runs in one transaction with the change of
# this row, so no job table is needed: an interrupted change leaves the old state whole.
# An older Prism refuses this file (schema 5), so it can never show or mix sealed text.
_M005_TABLES = [
    f"""CREATE TABLE profile_keys (
        profile_id {_PROFILE_FK} PRIMARY KEY,
        scheme TEXT NOT NULL,
        kdf_json TEXT NOT NULL,
        salt BLOB NOT NULL CHECK (length(salt) = 16),
        verifier BLOB NOT NULL CHECK (length(verifier) = 32)
    )""",
]


@migrations()
def m005_profile_keys(db: sqlite_utils.Database) -> None:
    """Key records for passphrase-protected profiles."""
    for statement in _M005_TABLES:
        db.execute(statement + _STRICT)
    _stamp_schema_version(db, 5)


# Organisation sync (xAPI to a learning record store). ``lrs_consent``: a row means the
# learner opted in for their own profile (CPD records only with ``with_cpd``), with the
# optional id their organisation knows them by. ``lrs_queue``: statements waiting for the
# LRS, written in the same transaction as the learning they record; ``seq`` keeps the
# order, ``sent_utc`` is set only once the LRS confirmed the statement; ``held`` marks one
# the LRS refused (a conflicting id, a bad statement), kept and shown, not retried.
# Statements hold ids, verbs and scores, never text a learner typed; they leave with
# their profile.
_M006_TABLES = [
    f"""CREATE TABLE lrs_consent (
        profile_id {_PROFILE_FK} PRIMARY KEY,
        with_cpd INTEGER NOT NULL DEFAULT 0 CHECK (with_cpd IN (0, 1)),
        org_id TEXT CHECK (org_id IS NULL OR length(org_id) BETWEEN 1 AND 200),
        given_utc TEXT NOT NULL
    )""",
    f"""CREATE TABLE lrs_queue (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        statement_id TEXT NOT NULL UNIQUE,
        profile_id {_PROFILE_FK},
        subject TEXT NOT NULL,
        statement_json TEXT NOT NULL,
        queued_utc TEXT NOT NULL,
        sent_utc TEXT,
        tries INTEGER NOT NULL DEFAULT 0,
        held INTEGER NOT NULL DEFAULT 0 CHECK (held IN (0, 1)),
        last_error TEXT
    )""",
]

_M006_EXTRAS = [
    "CREATE INDEX lrs_queue_waiting ON lrs_queue(sent_utc, seq)",
    "CREATE INDEX lrs_queue_subject ON lrs_queue(subject, seq)",
]


@migrations()
def m006_lrs_sync(db: sqlite_utils.Database) -> None:
    """Learners' consent to organisation sync, and the durable queue of xAPI statements."""
    for statement in _M006_TABLES:
        db.execute(statement + _STRICT)
    for statement in _M006_EXTRAS:
        db.execute(statement)
    _stamp_schema_version(db, 6)


# Option order per attempt: {question id: [authored option indexes in display order]}.
# Attempts from before this migration get '{}' and are shown in authored order, which
# is how they were first shown, so resuming one changes nothing under the learner.
@migrations()
def m007_quiz_option_order(db: sqlite_utils.Database) -> None:
    """Quiz attempts remember the shuffled order each question's options were shown in."""
    db.execute("ALTER TABLE quiz_attempts ADD COLUMN option_order TEXT NOT NULL DEFAULT '{}'")
    _stamp_schema_version(db, 7)


# The learning log grows by years of use; CPD drafts, exports, certificates and
# ``prism verify`` ask it "when was each module first read, each quiz first passed".
# This index answers those with a few seeks per module (see ``store.events.EventLookup``)
# instead of reading every event the profile ever logged.
_M008_STATEMENTS = [
    "CREATE INDEX IF NOT EXISTS events_profile_verb_object "
    "ON events(profile_id, verb, object_id, ts_utc)",
]


@migrations()
def m008_event_lookup_index(db: sqlite_utils.Database) -> None:
    """An index on the log by profile, verb and object, for completions and results."""
    for statement in _M008_STATEMENTS:
        db.execute(statement)
    _stamp_schema_version(db, 8)


# Each protected profile's seals (desktop/store/seal_ledger.py): the ledger of which
# version of each piece of writing is current, and the owner's settings, each with an
# HMAC under the profile's key. Values sealed before this (``pe1:``, bound to their row
# only) cannot be re-sealed here, since no key is held while migrating: they stay
# readable, and each profile's are re-sealed in the new form (``pe2:``, bound to row,
# column and version) the first time it is unlocked, when its ledger is written. The
# summary columns hold what a protected profile last published for the team summary,
# which runs with no key held (see seal_ledger.publish_summary). A row appears only for
# a protected profile and leaves with it.
_M009_TABLES = [
    f"""CREATE TABLE profile_seals (
        profile_id {_PROFILE_FK} PRIMARY KEY,
        ledger_json TEXT,
        ledger_mac BLOB,
        settings_json TEXT,
        settings_mac BLOB,
        summary_json TEXT,
        summary_mac BLOB
    )""",
]


@migrations()
def m009_profile_seals(db: sqlite_utils.Database) -> None:
    """Ledgers of sealed values' versions, and authenticated profile settings."""
    for statement in _M009_TABLES:
        db.execute(statement + _STRICT)
    _stamp_schema_version(db, 9)


# The journal's search index (issue 17): SQLite FTS5 over the text of reflections of
# profiles without a passphrase, kept in step by triggers (``store.journal_index`` says
# why it is built as it is). Protected text is never in it. Where this SQLite has no
# FTS5 nothing is made and the journal searches in memory; ``prism check`` makes the
# index later if the file is opened by a Prism whose SQLite has it.
@migrations()
def m010_journal_search_index(db: sqlite_utils.Database) -> None:
    """A full-text index of unprotected reflections for the journal's search."""
    from desktop.store import journal_index

    journal_index.create(db)
    _stamp_schema_version(db, 10)


def _stamp_schema_version(db: sqlite_utils.Database, version: int) -> None:
    db.execute(
        "INSERT INTO meta (key, value) VALUES ('schema_version', ?) "
        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [str(version)],
    )


def apply_migrations(db: Any) -> None:
    """Apply pending migrations; each runs in its own transaction, so re-running is a no-op.

    ``db`` is a ``desktop.store.connection.Database`` (its sqlite-utils view is used)
    or a ``sqlite_utils.Database``.
    """
    migrations.apply(_as_sqlite_utils(db))


def pending_migrations(db: Any) -> bool:
    """True when some migration has not been applied to this file yet."""
    return bool(migrations.pending(_as_sqlite_utils(db)))


def _as_sqlite_utils(db: Any) -> sqlite_utils.Database:
    return db if isinstance(db, sqlite_utils.Database) else db.utils
