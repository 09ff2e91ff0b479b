"""Backups, restore, retention and the database check, as a learner would notice them.

No Qt: the service and the ``prism backup / restore / check`` commands on real files.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from desktop import cli
from desktop.services.backups import (
    BackupError,
    BackupService,
    backups_to_keep,
    daily_backup_due,
    describe_size,
    uk_time_text,
)
from desktop.store import backup as store_backup
from desktop.store.backup import backup_name, list_backups
from desktop.store.database import close_database, open_database
from desktop.store.migrations import SCHEMA_VERSION, migrations, stored_schema_version
from desktop.store.profiles import ProfileRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo
from tests.unit.services.archive_helpers import dump
from tests.unit.store.fakes import FakeClock

MORNING = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(MORNING)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "data" / "prism.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[sqlite_utils.Database]:
    database = open_database(db_path)
    yield database
    close_database(database)


@pytest.fixture
def service(db: sqlite_utils.Database, db_path: Path, clock: FakeClock) -> BackupService:
    return BackupService(db, db_path, clock)


def reflections_of(db: sqlite_utils.Database) -> list[str]:
    profile = ProfileRepo(db).find_by_name("Sam")
    if profile is None:
        return []
    return sorted(r.text for r in ReflectionRepo(db).list(profile.id))


def write_reflection(db: sqlite_utils.Database, text: str) -> None:
    repo = ProfileRepo(db)
    profile = repo.find_by_name("Sam") or repo.create("Sam")
    ReflectionRepo(db).create(profile.id, "alpha", None, text)


# --------------------------------------------------------------------------- #
# Retention: 7 daily, 4 weekly, 12 monthly (pure rule)
# --------------------------------------------------------------------------- #


def days(start: datetime, count: int, step: int = 1) -> list[datetime]:
    return [start + timedelta(days=n * step) for n in range(count)]


def test_a_month_of_daily_backups_keeps_the_last_week_and_older_week_and_month_ends() -> None:
    moments = days(datetime(2026, 3, 1, 9, tzinfo=UTC), 31)  # 1-31 March 2026
    keep = backups_to_keep(moments)
    kept_days = sorted(m.day for m in keep)
    # Last 7 days (25-31), the newest of the 4 newest ISO weeks (Sundays 22, 15
    # and the 31st's own week), and the newest of the month (the 31st).
    assert kept_days == [15, 22, 25, 26, 27, 28, 29, 30, 31]


def test_days_without_a_backup_do_not_use_up_the_seven_daily_places() -> None:
    moments = days(datetime(2026, 1, 1, 9, tzinfo=UTC), 10, step=3)  # every third day
    keep = backups_to_keep(moments, weekly=0, monthly=0)
    assert keep == set(moments[-7:])


def test_only_the_newest_backup_of_a_day_counts() -> None:
    morning = datetime(2026, 5, 4, 8, tzinfo=UTC)
    evening = morning + timedelta(hours=10)
    assert backups_to_keep([morning, evening]) == {evening}


def test_a_year_and_more_keeps_at_most_23_with_one_per_recent_month() -> None:
    moments = days(datetime(2025, 1, 1, 12, tzinfo=UTC), 500)
    keep = backups_to_keep(moments)
    assert len(keep) <= 7 + 4 + 12
    months = {(m.year, m.month) for m in keep}
    newest = max(moments)
    assert len(months) == 12
    assert newest in keep


def test_days_follow_the_uk_calendar_not_utc() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in the UK (BST): a different day.
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)
    earlier = datetime(2026, 6, 30, 21, 0, tzinfo=UTC)
    assert backups_to_keep([earlier, late], weekly=0, monthly=0) == {earlier, late}
    assert not daily_backup_due([late], datetime(2026, 7, 1, 10, tzinfo=UTC))
    assert daily_backup_due([earlier], datetime(2026, 6, 30, 23, 30, tzinfo=UTC))


def test_times_and_sizes_read_naturally() -> None:
    assert uk_time_text(datetime(2026, 7, 3, 8, 5, tzinfo=UTC)) == "Friday 3 July 2026, 09:05"
    winter = datetime(2026, 11, 21, 8, 5, tzinfo=UTC)
    assert uk_time_text(winter) == "Saturday 21 November 2026, 08:05"
    assert [describe_size(n) for n in (812, 48 * 1024, 1536 * 1024)] == [
        "812 bytes",
        "48 KB",
        "1.5 MB",
    ]


def test_backups_are_listed_by_the_moment_in_their_names_and_strays_are_ignored(
    tmp_path: Path,
) -> None:
    taken = datetime(2026, 11, 21, 14, 38, 16, tzinfo=UTC)
    for name in (
        backup_name(taken, "daily"),
        backup_name(taken - timedelta(days=3), "manual", 2),
        "prism-2026-13-40T256199Z-daily.db",  # shaped like a backup, but no such moment
        "prism-2026-11-21T143816Z-weekly.db",  # no such kind
        "notes.txt",
    ):
        (tmp_path / name).write_bytes(b"x")
    listed = list_backups(tmp_path)
    assert [(b.created_utc, b.kind) for b in listed] == [
        (taken, "daily"),
        (taken - timedelta(days=3), "manual"),
    ]


# --------------------------------------------------------------------------- #
# Automatic and manual backups
# --------------------------------------------------------------------------- #


def test_no_daily_backup_while_there_is_nothing_to_lose(service: BackupService) -> None:
    assert service.back_up_if_due() is None
    assert service.list_backups() == []


def test_first_start_of_each_day_makes_one_backup(service, db, clock) -> None:
    write_reflection(db, "Day one")
    first = service.back_up_if_due()
    assert first is not None and first.kind == "daily"
    assert service.back_up_if_due() is None  # a second start the same day

    clock.advance(days=1)
    assert service.back_up_if_due() is not None
    assert [b.kind for b in service.list_backups()] == ["daily", "daily"]


def test_old_daily_backups_are_thinned_but_others_are_kept(service, db, clock) -> None:
    write_reflection(db, "Daily work")
    service.back_up_now()
    for _ in range(40):
        service.back_up_if_due()
        clock.advance(days=1)
    backups = service.list_backups()
    daily = [b for b in backups if b.kind == "daily"]
    assert len(daily) < 40
    assert set(b.created_utc for b in daily) == backups_to_keep(b.created_utc for b in daily)
    assert [b.kind for b in backups].count("manual") == 1  # never pruned


def test_back_up_now_is_listed_newest_first_with_words_for_people(service, db, clock) -> None:
    write_reflection(db, "Something")
    service.back_up_now()
    clock.advance(hours=2)
    latest = service.back_up_now()
    listed = service.list_backups()
    assert listed[0] == latest
    assert listed[0].kind_label == "Made by you"
    assert listed[0].when_text == "Monday 2 March 2026, 11:00"
    assert listed[0].size_text.endswith("KB")


def test_a_backup_is_a_sound_file_holding_the_progress(service, db) -> None:
    write_reflection(db, "Kept safe")
    backup = service.back_up_now()
    copy = sqlite_utils.Database(backup.path)
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [r["text"] for r in copy["reflections"].rows] == ["Kept safe"]
        assert copy.journal_mode != "wal"  # a standalone file, no -wal beside it
    finally:
        copy.close()
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]


def test_two_backups_in_the_same_second_both_survive(db, db_path) -> None:
    frozen = BackupService(db, db_path, lambda: MORNING)
    write_reflection(db, "x")
    first, second = frozen.back_up_now(), frozen.back_up_now()
    assert first.path != second.path
    assert first.path.exists() and second.path.exists()


def test_a_killed_backup_leaves_no_clutter_after_the_next_start(service, db) -> None:
    write_reflection(db, "x")
    service.folder.mkdir(parents=True)
    stale = service.folder / f".{backup_name(MORNING, 'daily')}.abc123.tmp"
    stale.write_bytes(b"half a backup")
    service.back_up_if_due()
    assert not stale.exists()
    assert all(b.path.name.startswith("prism-") for b in service.list_backups())


def test_a_failed_automatic_backup_becomes_a_notice_not_a_crash(service, db, monkeypatch) -> None:
    write_reflection(db, "x")

    def fail(*args, **kwargs):
        raise BackupError("The disk is full.")

    monkeypatch.setattr("desktop.services.backups.write_backup", fail)
    service.start_up()
    notices = service.take_notices()
    assert notices == ["Prism could not make today's automatic backup. The disk is full."]
    assert service.take_notices() == []


# --------------------------------------------------------------------------- #
# Restore
# --------------------------------------------------------------------------- #


def test_restore_brings_back_the_backup_and_can_be_undone(service, db, clock) -> None:
    write_reflection(db, "Before")
    backup = service.back_up_now()
    clock.advance(minutes=5)
    write_reflection(db, "After")

    report = service.restore(backup)

    assert reflections_of(db) == ["Before"]
    assert report.safety_copy.kind == "before-restore"
    assert "Monday 2 March 2026, 09:00" in report.message()
    service.restore(report.safety_copy)  # undo
    assert reflections_of(db) == ["After", "Before"]
    assert db.journal_mode == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_restored_data_is_in_the_file_after_reopening(service, db, db_path) -> None:
    write_reflection(db, "One")
    backup = service.back_up_now()
    write_reflection(db, "Two")
    service.restore(backup)
    reopened = open_database(db_path)
    try:
        assert reflections_of(reopened) == ["One"]
    finally:
        close_database(reopened)


def test_a_backup_the_size_of_a_team_laptops_three_years_restores(service, db, tmp_path) -> None:
    # A shared laptop after three years holds about a million events: a file of some
    # 550 MB. Stand-in: a real backup with unused space after its last page (sparse,
    # so it costs no disk), which SQLite ignores as it would in any file that size.
    write_reflection(db, "Three years of work")
    backup = service.back_up_now()
    write_reflection(db, "Later")
    big = tmp_path / "team-laptop.db"
    big.write_bytes(backup.path.read_bytes())
    with big.open("r+b") as stream:
        stream.truncate(600 * 1024 * 1024)

    service.restore(big)

    assert reflections_of(db) == ["Three years of work"]
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("team-laptop")) == [
        "team-laptop.db"
    ]  # checking and restoring wrote nothing beside the chosen file


def test_a_wal_mode_file_with_its_wal_beside_it_is_read_as_its_main_file(
    service, db, tmp_path
) -> None:
    write_reflection(db, "Mine")
    other = tmp_path / "copied.db"
    service.back_up_now().path.replace(other)
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA journal_mode = WAL")
    before = other.read_bytes()

    report = store_backup.check_file(other)

    assert report.ok
    assert other.read_bytes() == before
    assert not (tmp_path / "copied.db-wal").exists()
    assert not (tmp_path / "copied.db-shm").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "is empty"),
        (b"not a database at all" * 100, "not a Prism backup"),
        (b"SQLite format 3\x00" + b"\x10\x00" + b"\x00" * 5000, "not a Prism backup"),
    ],
)
def test_an_unusable_file_is_refused_and_nothing_changes(
    service, db, tmp_path, content, message
) -> None:
    write_reflection(db, "Mine")
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    with pytest.raises(BackupError, match=message):
        service.restore(bad)
    assert reflections_of(db) == ["Mine"]
    assert service.list_backups() == []  # not even a safety copy was needed


def test_a_database_that_is_not_prism_is_refused(service, db, tmp_path) -> None:
    other = tmp_path / "other.db"
    sqlite_utils.Database(other)["things"].insert({"a": 1})
    with pytest.raises(BackupError, match="not Prism progress"):
        service.restore(other)


def test_a_backup_from_a_newer_prism_is_refused(service, db, tmp_path) -> None:
    write_reflection(db, "Mine")
    backup = service.back_up_now()
    newer = sqlite_utils.Database(backup.path)
    newer.execute(
        "UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)]
    )
    newer.close()
    with pytest.raises(BackupError, match="newer version of Prism"):
        service.restore(backup)
    assert service.newest_good_backup() is None


def make_version_1_file(path: Path) -> None:
    """A progress file as the first release of Prism left it, with one profile."""
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m002_cpd_and_refresh")
    old.execute(
        "INSERT INTO profiles (id, name, name_key, created_utc) VALUES ('p1', 'Sam', 'sam', 'x')"
    )
    old.close()


def test_a_backup_from_an_older_prism_is_brought_up_to_date(service, db, tmp_path) -> None:
    make_version_1_file(tmp_path / "old.db")
    service.restore(tmp_path / "old.db")
    assert stored_schema_version(db) == SCHEMA_VERSION
    assert db["cpd_records"].exists()
    assert ProfileRepo(db).find_by_name("Sam") is not None


def test_the_newest_good_backup_skips_damaged_ones(service, db, clock) -> None:
    write_reflection(db, "x")
    good = service.back_up_now()
    clock.advance(hours=1)
    damaged = service.back_up_now()
    damaged.path.write_bytes(damaged.path.read_bytes()[:3000])
    assert service.newest_good_backup() == good


# --------------------------------------------------------------------------- #
# Migrations are preceded by a backup
# --------------------------------------------------------------------------- #


def test_a_backup_is_taken_before_a_migration(tmp_path: Path) -> None:
    path = tmp_path / "prism.db"
    make_version_1_file(path)

    db = open_database(path, clock=lambda: MORNING)
    close_database(db)

    (backup,) = list_backups(tmp_path / "backups")
    assert backup.kind == "before-update"
    copy = sqlite_utils.Database(backup.path)
    assert stored_schema_version(copy) == 1
    copy.close()


def test_no_backup_for_a_new_or_up_to_date_file(tmp_path: Path) -> None:
    for _ in range(2):
        close_database(open_database(tmp_path / "prism.db"))
    assert not (tmp_path / "backups").exists()


def test_a_migration_waits_if_its_backup_cannot_be_saved(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "prism.db"
    make_version_1_file(path)

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(store_backup, "write_bytes_atomic", full)
    with pytest.raises(BackupError, match="disk is full"):
        open_database(path)
    check = sqlite_utils.Database(path)
    assert stored_schema_version(check) == 1  # not migrated without its backup
    check.close()


# --------------------------------------------------------------------------- #
# Check database
# --------------------------------------------------------------------------- #


def test_a_healthy_database_needs_nothing_and_the_check_changes_nothing(
    service, db, db_path
) -> None:
    write_reflection(db, "Fine")
    before = dump(db)
    watcher = sqlite3.connect(db_path)  # sees any commit by another connection
    seen = watcher.execute("PRAGMA data_version").fetchone()
    report = service.check_database()
    assert report.clean and report.ok
    assert report.found == () and report.fixed == ()
    assert report.safety_copy is None
    assert "healthy" in report.summary()
    # Nothing written. (Not `total_changes`: SQLite counts an FTS5 'integrity-check',
    # which only reads, as a row inserted.)
    assert not db.conn.in_transaction
    assert dump(db) == before
    assert watcher.execute("PRAGMA data_version").fetchone() == seen
    watcher.close()
    assert service.list_backups() == []


def insert_without_foreign_keys(db_path: Path, sql: str, params: list) -> None:
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute(sql, params)
    raw.commit()
    raw.close()


def test_writing_whose_profile_is_missing_is_kept_under_a_recovered_profile(
    service, db, db_path
) -> None:
    write_reflection(db, "Mine")
    insert_without_foreign_keys(
        db_path,
        "INSERT INTO reflections VALUES "
        "('r-lost', 'p-gone', 'alpha', NULL, 'Lost words', "
        "'2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z')",
        [],
    )
    report = service.check_database()
    assert report.found == ("1 reflection belonged to a learner profile that is missing.",)
    assert report.ok
    assert "Recovered learner" in report.fixed[0]
    assert report.safety_copy is not None and report.safety_copy.exists()
    recovered = ProfileRepo(db).find_by_name("Recovered learner")
    assert recovered is not None and recovered.id == "p-gone"
    assert [r.text for r in ReflectionRepo(db).list(recovered.id)] == ["Lost words"]

    again = service.check_database()  # safe to run twice
    assert again.clean and again.safety_copy is None


def test_answers_of_a_missing_attempt_are_removed(service, db, db_path) -> None:
    write_reflection(db, "Mine")
    insert_without_foreign_keys(
        db_path,
        "INSERT INTO quiz_answers VALUES ('gone-attempt', 'q1', '[0]', 1, 'now')",
        [],
    )
    report = service.check_database()
    assert report.found == ("1 quiz answer referred to something that no longer exists.",)
    assert report.fixed == (
        "Removed the quiz answer that referred to missing records (they held nothing you wrote).",
    )
    assert db.execute("SELECT count(*) FROM quiz_answers").fetchone()[0] == 0
    assert service.check_database().clean


def test_an_index_out_of_step_is_rebuilt(service, db, db_path) -> None:
    profile = ProfileRepo(db).create("Sam")
    # Hide an index from SQLite, write rows it does not record, then put it back.
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA writable_schema = ON")
    row = raw.execute(
        "SELECT type, name, tbl_name, rootpage, sql FROM sqlite_master "
        "WHERE name = 'quiz_attempts_profile_module'"
    ).fetchone()
    raw.execute("DELETE FROM sqlite_master WHERE name = 'quiz_attempts_profile_module'")
    raw.commit()
    raw.close()
    db.close()
    writer = sqlite_utils.Database(db_path)
    for n in range(20):
        QuizRepo(writer).start_attempt(profile.id, f"m{n}", "h", ["q"])
    writer.close()
    raw = sqlite3.connect(db_path)
    raw.execute("PRAGMA writable_schema = ON")
    raw.execute("INSERT INTO sqlite_master VALUES (?, ?, ?, ?, ?)", row)
    raw.commit()
    raw.close()
    db = sqlite_utils.Database(db_path)
    damaged = BackupService(db, db_path, lambda: MORNING)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] != "ok"

    report = damaged.check_database()

    assert report.ok, report
    assert "indexes" in report.found[0]
    assert report.fixed == ("Rebuilt the indexes from your records.",)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert damaged.check_database().clean
    db.close()


def test_a_search_index_out_of_step_is_rebuilt(service, db) -> None:
    db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    db.execute(
        "CREATE VIRTUAL TABLE notes_fts USING fts5(body, content='notes', content_rowid='id')"
    )
    db.execute("INSERT INTO notes (body) VALUES ('online proximity')")  # no trigger: stale
    report = service.check_database()
    assert report.found == ("The search index was out of step with your writing.",)
    assert report.fixed == ("Rebuilt the search index from your writing.",)
    hits = db.execute("SELECT rowid FROM notes_fts WHERE notes_fts MATCH 'proximity'").fetchall()
    assert hits == [(1,)]
    assert service.check_database().clean


def test_no_repair_without_a_safety_copy(service, db, db_path, monkeypatch) -> None:
    write_reflection(db, "Mine")
    insert_without_foreign_keys(
        db_path,
        "INSERT INTO reflections VALUES ('r-lost', 'p-gone', 'alpha', NULL, 'Lost', "
        "'2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z')",
        [],
    )

    def full(*args, **kwargs):
        raise BackupError("The disk is full.")

    monkeypatch.setattr("desktop.services.backups.write_backup", full)
    report = service.check_database()
    assert not report.ok
    assert "could not save a safety copy" in report.not_fixed[0]
    assert ProfileRepo(db).find_by_name("Recovered learner") is None


# --------------------------------------------------------------------------- #
# prism backup / restore / check
# --------------------------------------------------------------------------- #


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "cli-data"
    db = open_database(folder / "prism.db")
    write_reflection(db, "From the command line")
    close_database(db)
    return folder


def prism(*argv: str) -> int:
    return cli.main([*argv])


def test_prism_backup_then_list_then_restore(data_dir: Path, capsys) -> None:
    assert prism("--data-dir", str(data_dir), "backup") == 0
    out = capsys.readouterr().out
    assert "Saved a backup of your progress" in out

    db = open_database(data_dir / "prism.db")
    write_reflection(db, "Added later")
    close_database(db)

    assert prism("--data-dir", str(data_dir), "restore", "--list") == 0
    listing = capsys.readouterr().out
    assert "Made by you" in listing and "  1  " in listing

    assert prism("--data-dir", str(data_dir), "restore", "1", "--yes") == 0
    assert "restored" in capsys.readouterr().out
    db = open_database(data_dir / "prism.db")
    assert reflections_of(db) == ["From the command line"]
    close_database(db)


def test_prism_restore_asks_first_and_refuses_without_a_terminal(data_dir, capsys) -> None:
    prism("--data-dir", str(data_dir), "backup")
    capsys.readouterr()
    assert prism("--data-dir", str(data_dir), "restore", "1") == 1
    captured = capsys.readouterr()
    assert "--yes" in captured.err and "Nothing was changed" in captured.out


def test_prism_restore_names_an_unknown_backup(data_dir, capsys) -> None:
    assert prism("--data-dir", str(data_dir), "restore", "no-such.db", "--yes") == 1
    assert "prism restore --list" in capsys.readouterr().err


def test_prism_restore_without_backups_says_how_to_make_one(data_dir, capsys) -> None:
    assert prism("--data-dir", str(data_dir), "restore") == 0
    assert "prism backup" in capsys.readouterr().out


def test_prism_check_reports_and_repairs(data_dir: Path, capsys) -> None:
    assert prism("--data-dir", str(data_dir), "check") == 0
    assert "healthy" in capsys.readouterr().out
    insert_without_foreign_keys(
        data_dir / "prism.db",
        "INSERT INTO reflections VALUES ('r', 'p-gone', 'alpha', NULL, 'Lost', "
        "'2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z')",
        [],
    )
    assert prism("--data-dir", str(data_dir), "check") == 0
    out = capsys.readouterr().out
    assert "repaired them all" in out and "Recovered learner" in out


def test_prism_check_on_a_damaged_file_explains_and_changes_nothing(data_dir, capsys) -> None:
    path = data_dir / "prism.db"
    path.write_bytes(b"\x00garbage" * 1000)
    before = path.read_bytes()
    assert prism("--data-dir", str(data_dir), "check") == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "prism restore --list" in err
    assert path.read_bytes() == before


def test_prism_restore_replaces_a_damaged_file_and_keeps_it(data_dir, capsys) -> None:
    prism("--data-dir", str(data_dir), "backup")
    path = data_dir / "prism.db"
    path.write_bytes(b"\x00garbage" * 1000)
    capsys.readouterr()
    assert prism("--data-dir", str(data_dir), "restore", "1", "--yes") == 0
    out = capsys.readouterr().out
    assert "prism.db.damaged-" in out
    kept = [p for p in data_dir.iterdir() if p.name.startswith("prism.db.damaged-")]
    assert len(kept) == 1 and kept[0].read_bytes() == b"\x00garbage" * 1000
    db = open_database(path)
    assert reflections_of(db) == ["From the command line"]
    close_database(db)


def test_prism_backup_with_no_progress_file_says_so(tmp_path, capsys) -> None:
    assert prism("--data-dir", str(tmp_path / "empty"), "backup") == 1
    assert "no progress file" in capsys.readouterr().err
    assert not (tmp_path / "empty" / "prism.db").exists()


def test_the_backup_commands_close_the_file_cleanly(data_dir: Path, capsys) -> None:
    """After `prism backup` or `prism check`, the next launch needs no full check."""
    for command in ("backup", "check"):
        assert prism("--data-dir", str(data_dir), command) == 0
        db = open_database(data_dir / "prism.db")
        try:
            assert db.checked_at_open is False, command
        finally:
            close_database(db)
    capsys.readouterr()
