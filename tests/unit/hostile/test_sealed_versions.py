"""Protected means authenticated, part two (issue 16, finding 1): rollbacks and settings.

A colleague with the same laptop and sqlite3 (no passphrase) tries to:

- put back an older sealed version of a CPD record or a reflection (from history, or
  from an older copy of the file): the learner is shown that one item as changed
  outside Prism, everything else still works, nothing is overwritten;
- move a sealed value onto another column or item;
- put back a whole older row, or the whole profile's ledger with it (the honest limit);
- switch on a locked profile's team-summary consent, or rename it.

Every attack edits a real prism.db with sqlite3 while Prism is closed, as they would.
"""

from __future__ import annotations

import csv
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import sqlite_utils

from desktop import cli
from desktop.cpd.records import CpdRecord
from desktop.services.privacy_lock import PassphraseService
from desktop.services.team_summary import TeamSummaryService
from desktop.store.capabilities import UNREADABLE_NOTE, CapabilityRepo
from desktop.store.cpd_records import CpdRecordRepo
from desktop.store.database import close_database, open_database
from desktop.store.keys import CPD_RECORD, REFLECTION, KeyStore, keyring_for, seal_context
from desktop.store.migrations import SCHEMA_VERSION, migrations, stored_schema_version
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.seal_ledger import RolledBackError
from desktop.store.sealing import TOKEN_PREFIX, TOKEN_PREFIX_V2, KdfParams, SealedValueError
from desktop.store.sealing import new_key as make_key
from tests.unit.services.archive_helpers import build_course

FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "a lighthouse in the fog"
FIRST = "I kept my work phone switched on over the weekend."
SECOND = "I now switch my work phone off at six and tell families when I can be reached."


def cpd_data(profile_id: str, learning: str, updated: str, record_id: str = "r1") -> dict:
    """A record as the CPD page saves it (the model's own dict)."""
    title = "Boundaries on messaging apps" if record_id == "r1" else "Supervision notes"
    return CpdRecord(
        id=record_id,
        profile_id=profile_id,
        cpd_type="Supervision",
        title=title,
        start_date=date(2026, 3, 14),
        learning=learning,
        minutes=60,
        status="ready",
        created_utc=datetime(2026, 3, 14, 10, tzinfo=UTC),
        updated_utc=datetime.fromisoformat(updated.replace("Z", "+00:00")),
    ).to_dict()


class Home:
    """A data folder with Sam (protected, with two reflections and two CPD records)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / "prism.db"

    def open(self) -> sqlite_utils.Database:
        return open_database(self.path)

    def unlock(self, db) -> list[str]:
        return PassphraseService(db, kdf=FAST).unlock(self.sam, PASSPHRASE)

    def sql(self, statement: str, params=()) -> None:
        """What the colleague does: sqlite3 on the file, Prism closed."""
        conn = sqlite3.connect(self.path)
        with conn:
            conn.execute(statement, params)
        conn.close()

    def value(self, statement: str, params=()):
        conn = sqlite3.connect(self.path)
        try:
            return conn.execute(statement, params).fetchone()
        finally:
            conn.close()


@pytest.fixture
def home(tmp_path: Path) -> Home:
    found = Home(tmp_path / "home")
    db = found.open()
    profiles = ProfileRepo(db)
    sam = profiles.create("Sam Patel", colour="teal")
    found.sam = sam.id
    found.priya = profiles.create("Priya Shah").id
    PassphraseService(db, kdf=FAST).protect(sam.id, PASSPHRASE, stay_unlocked=True)
    reflections = ReflectionRepo(db)
    found.kept = reflections.create(sam.id, "alpha", None, "A reflection nobody touches.").id
    found.reflection = reflections.create(sam.id, "alpha", None, FIRST).id
    found.old_reflection = db.execute(
        "SELECT text FROM reflections WHERE id = ?", [found.reflection]
    ).fetchone()[0]
    reflections.update(found.reflection, SECOND)
    records = CpdRecordRepo(db)
    records.save(cpd_data(sam.id, FIRST, "2026-03-14T10:00:00.000Z"))
    records.save(cpd_data(sam.id, SECOND, "2026-03-15T10:00:00.000Z"))
    records.save(cpd_data(sam.id, "Untouched learning.", "2026-03-15T10:00:00.000Z", "r2"))
    CapabilityRepo(db).rate(sam.id, {"online-risk": (4, "A private note.")})
    keyring_for(db).forget_all()
    close_database(db)
    return found


def _records(home: Home):
    db = home.open()
    try:
        home.unlock(db)
        unreadable: list[str] = []
        found = CpdRecordRepo(db).list(home.sam, unreadable)
        return {r["id"]: r["learning"] for r in found}, unreadable
    finally:
        close_database(db)


# Rolling back a sealed value ------------------------------------------------------------


def test_a_cpd_record_put_back_from_its_own_history_is_caught(home) -> None:
    """The older version sits, sealed for the same record, in cpd_record_history: copied
    back into the record's row it used to open as if current."""
    older = home.value(
        "SELECT record_json FROM cpd_record_history WHERE record_id = 'r1' "
        "ORDER BY replaced_utc LIMIT 1"
    )[0]
    home.sql("UPDATE cpd_records SET record_json = ? WHERE id = 'r1'", [older])

    records, unreadable = _records(home)

    assert records == {"r2": "Untouched learning."}  # the rest of the page still works
    assert unreadable == ["r1"]
    assert home.value("SELECT record_json FROM cpd_records WHERE id = 'r1'")[0] == older


def test_a_reflection_put_back_from_an_older_copy_is_caught_and_named(home) -> None:
    home.sql("UPDATE reflections SET text = ? WHERE id = ?", [home.old_reflection, home.reflection])
    db = home.open()
    try:
        home.unlock(db)
        repo = ReflectionRepo(db)
        shown = [r.text for r in repo.list(home.sam)]
        assert shown == ["A reflection nobody touches."]
        assert repo.unreadable(home.sam) == [home.reflection]
        with pytest.raises(RolledBackError) as caught:
            repo.get(home.reflection)
        assert "older copy" in caught.value.message and "Nothing has been overwritten" in (
            caught.value.message
        )
        # Typing into it is refused too: the older text is never taken as current.
        with pytest.raises(SealedValueError):
            repo.update(home.reflection, "new words")
    finally:
        close_database(db)
    stored = home.value("SELECT text FROM reflections WHERE id = ?", [home.reflection])[0]
    assert stored == home.old_reflection


def test_a_whole_older_row_put_back_is_caught(home) -> None:
    """Every column of the older row, its timestamps with it: only the ledger notices."""
    old_row = home.value(
        "SELECT record_json, replaced_utc FROM cpd_record_history WHERE record_id = 'r1' "
        "ORDER BY replaced_utc LIMIT 1"
    )
    home.sql(
        "UPDATE cpd_records SET record_json = ?, updated_utc = '2026-03-14T10:00:00.000Z' "
        "WHERE id = 'r1'",
        [old_row[0]],
    )

    records, unreadable = _records(home)

    assert "r1" not in records and unreadable == ["r1"]


def test_a_deleted_record_put_back_is_caught(home) -> None:
    """Deleting keeps the record's ledger entry, so its old row cannot come back."""
    db = home.open()
    home.unlock(db)
    CpdRecordRepo(db).delete("r2")
    close_database(db)
    old = home.value("SELECT record_json FROM cpd_record_history WHERE record_id = 'r2'")[0]
    home.sql(
        "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, "
        "created_utc, updated_utc) VALUES ('r2', ?, 'ready', '2026-03-14', ?, "
        "'2026-03-14T10:00:00.000Z', '2026-03-15T10:00:00.000Z')",
        [home.sam, old],
    )
    _records_now, unreadable = _records(home)
    assert unreadable == ["r2"]


def test_a_value_moved_to_another_column_or_item_does_not_open(home) -> None:
    """The CPD record's sealed JSON written into a reflection of the same id, and a
    reflection's text onto the other reflection."""
    record = home.value("SELECT record_json FROM cpd_records WHERE id = 'r2'")[0]
    kept = home.value("SELECT text FROM reflections WHERE id = ?", [home.kept])[0]
    home.sql("UPDATE reflections SET id = 'r2' WHERE id = ?", [home.kept])
    home.sql("UPDATE reflections SET text = ? WHERE id = 'r2'", [record])
    home.sql("UPDATE reflections SET text = ? WHERE id = ?", [kept, home.reflection])
    db = home.open()
    try:
        home.unlock(db)
        repo = ReflectionRepo(db)
        assert repo.list(home.sam) == []
        assert sorted(repo.unreadable(home.sam)) == sorted(["r2", home.reflection])
    finally:
        close_database(db)


def test_a_sealed_value_names_its_column_and_version() -> None:
    """Below the repositories: the same item's token opens for its own column and
    version only."""
    _record, sealer = make_key(PASSPHRASE, FAST)
    where = seal_context(CPD_RECORD, "p", "x") + "/record_json"
    token = sealer.seal("text", where, 7)
    assert token.startswith(TOKEN_PREFIX_V2)
    assert sealer.open_versioned(token, where) == ("text", 7)
    with pytest.raises(SealedValueError):
        sealer.open(token, seal_context(CPD_RECORD, "p", "x") + "/title")
    # The version is inside what is authenticated: another stamp does not open.
    import base64

    raw = bytearray(base64.b64decode(token[len(TOKEN_PREFIX_V2) :]))
    raw[7] = 9
    with pytest.raises(SealedValueError):
        sealer.open(TOKEN_PREFIX_V2 + base64.b64encode(bytes(raw)).decode(), where)


def test_a_capability_note_put_back_hides_only_that_note(home) -> None:
    db = home.open()
    home.unlock(db)
    older = db.execute("SELECT note FROM capability_ratings").fetchone()[0]
    CapabilityRepo(db).rate(home.sam, {"online-risk": (5, "A newer note.")})
    # The older session's row is its own item: copying its note onto the new row fails.
    newer_id = db.execute(
        "SELECT id FROM capability_ratings WHERE note <> ? LIMIT 1", [older]
    ).fetchone()[0]
    keyring_for(db).forget_all()
    close_database(db)
    home.sql("UPDATE capability_ratings SET note = ? WHERE id = ?", [older, newer_id])

    db = home.open()
    try:
        home.unlock(db)
        history = CapabilityRepo(db).history(home.sam)
        notes = [s.ratings["online-risk"][1] for s in history]
        assert notes == ["A private note.", UNREADABLE_NOTE]
    finally:
        close_database(db)


def test_the_whole_profile_put_back_with_its_ledger_is_the_documented_limit(home) -> None:
    """The README says so: the ledger lives in the same file, so an older ledger copied
    back with every value it names is the profile as it was, and is accepted."""
    db = home.open()
    home.unlock(db)
    ledger = db.execute("SELECT ledger_json, ledger_mac FROM profile_seals").fetchone()
    before = db.execute("SELECT text FROM reflections WHERE id = ?", [home.kept]).fetchone()[0]
    ReflectionRepo(db).update(home.kept, "Edited later.")
    keyring_for(db).forget_all()
    close_database(db)
    home.sql("UPDATE reflections SET text = ? WHERE id = ?", [before, home.kept])
    home.sql("UPDATE profile_seals SET ledger_json = ?, ledger_mac = ?", list(ledger))

    db = home.open()
    try:
        assert home.unlock(db) == []
        assert ReflectionRepo(db).get(home.kept).text == "A reflection nobody touches."
    finally:
        close_database(db)


def test_a_damaged_ledger_is_reported_at_unlock_and_rebuilt(home) -> None:
    home.sql(
        "UPDATE profile_seals SET ledger_json = replace(ledger_json, '\"counter\":', "
        "'\"counter\":1') "
    )
    db = home.open()
    try:
        notices = home.unlock(db)
        assert any("changed outside Prism" in n for n in notices)
        assert {r.text for r in ReflectionRepo(db).list(home.sam)} == {
            "A reflection nobody touches.",
            SECOND,
        }
        assert home_unlock_again_is_quiet(home, db)
    finally:
        close_database(db)


def home_unlock_again_is_quiet(home: Home, db) -> bool:
    keyring_for(db).forget_all()
    return home.unlock(db) == []


# The profile's own settings ---------------------------------------------------------------


def _summary_names(home: Home, tmp_path: Path, monkeypatch, capsys) -> list[str]:
    out = tmp_path / "summary.csv"
    out.unlink(missing_ok=True)
    capsys.readouterr()
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    argv = ["--data-dir", str(home.folder), "profile", "team-summary", "--out", str(out)]
    assert cli.main(argv) == 0
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    return [row[0] for row in rows[1:]]


def test_consent_switched_on_by_hand_does_not_put_a_locked_profile_in_the_summary(
    home, tmp_path, monkeypatch, capsys
) -> None:
    home.sql("UPDATE profiles SET include_in_team_summary = 1")

    # Priya is unprotected: her flag is all there is. Sam's was never his own.
    assert _summary_names(home, tmp_path, monkeypatch, capsys) == ["Priya Shah"]

    db = home.open()
    try:
        notices = home.unlock(db)
        assert any("team summary" in n for n in notices)
        assert ProfileRepo(db).get(home.sam).include_in_team_summary is False
    finally:
        close_database(db)


def test_a_profile_that_agreed_is_in_the_summary_while_locked_as_it_published(
    home, tmp_path, monkeypatch, capsys
) -> None:
    db = home.open()
    home.unlock(db)
    ProfileRepo(db).set_team_summary_consent(home.sam, True)
    PassphraseService(db, kdf=FAST).lock_all()  # locking publishes what the summary may show
    close_database(db)
    home.sql("UPDATE profiles SET name = 'Sam (left the team)' WHERE id = ?", [home.sam])

    assert _summary_names(home, tmp_path, monkeypatch, capsys) == ["Sam Patel"]

    home.sql("UPDATE profiles SET include_in_team_summary = 0 WHERE id = ?", [home.sam])
    assert _summary_names(home, tmp_path, monkeypatch, capsys) == []  # off is respected


def test_the_service_checks_an_unlocked_profiles_consent_against_its_seal(home) -> None:
    course = build_course(home.folder.parent / "course")
    db = home.open()
    try:
        home.unlock(db)
        db.execute("UPDATE profiles SET include_in_team_summary = 1 WHERE id = ?", [home.sam])
        assert [r.profile_name for r in TeamSummaryService(course, db).rows()] == []
        ProfileRepo(db).set_team_summary_consent(home.sam, True)  # the owner's own yes
        assert [r.profile_name for r in TeamSummaryService(course, db).rows()] == ["Sam Patel"]
    finally:
        close_database(db)


def test_a_protected_profile_renamed_by_hand_is_named_and_put_back(home) -> None:
    home.sql(
        "UPDATE profiles SET name = 'Sam (left)', name_key = 'sam (left)', colour = 'red' "
        "WHERE id = ?",
        [home.sam],
    )
    db = home.open()
    try:
        notices = home.unlock(db)
        profile = ProfileRepo(db).get(home.sam)
        assert (profile.name, profile.colour) == ("Sam Patel", "teal")
        assert len(notices) == 1 and "name, colour" in notices[0]
        keyring_for(db).forget_all()
        assert home.unlock(db) == []  # told once
    finally:
        close_database(db)


def test_a_rename_by_hand_is_reported_on_the_command_line(home, monkeypatch, capsys) -> None:
    home.sql(
        "UPDATE profiles SET name = 'Sam (left)', name_key = 'sam (left)' WHERE id = ?",
        [home.sam],
    )
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSPHRASE)
    argv = ["--data-dir", str(home.folder), "cpd", "list", "--profile", "Sam (left)", "--all"]

    cli.main(argv)

    err = capsys.readouterr().err
    assert "settings were changed outside Prism (name)" in err
    assert home.value("SELECT name FROM profiles WHERE id = ?", [home.sam])[0] == "Sam Patel"


def test_a_rolled_back_record_is_named_on_the_command_line(home, monkeypatch, capsys) -> None:
    older = home.value(
        "SELECT record_json FROM cpd_record_history WHERE record_id = 'r1' "
        "ORDER BY replaced_utc LIMIT 1"
    )[0]
    home.sql("UPDATE cpd_records SET record_json = ? WHERE id = 'r1'", [older])
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSPHRASE)
    argv = ["--data-dir", str(home.folder), "cpd", "list", "--profile", "Sam Patel", "--all"]

    assert cli.main(argv) == 0

    captured = capsys.readouterr()
    assert "1 record could not be read" in captured.err
    assert "Boundaries on messaging apps" not in captured.out  # the rolled-back one
    assert "Supervision notes" in captured.out  # the rest is listed


# Migration 9 ------------------------------------------------------------------------------


def _version_8_file(path: Path) -> dict[str, str]:
    """A file as Prism 8 wrote it: schema 8, Sam protected, values in the first form."""
    path.parent.mkdir(parents=True, exist_ok=True)
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m009_profile_seals")
    assert stored_schema_version(old) == 8
    record, sealer = make_key(PASSPHRASE, FAST)
    old.execute(
        "INSERT INTO profiles (id, name, name_key, created_utc, updated_utc, "
        "include_in_team_summary) VALUES ('sam', 'Sam Patel', 'sam patel', "
        "'2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z', 1)"
    )
    ids = {"reflection": "ref1", "record": "r1"}
    old.execute(
        "INSERT INTO reflections (id, profile_id, module_id, text, created_utc, updated_utc) "
        "VALUES ('ref1', 'sam', 'alpha', ?, '2026-01-02T00:00:00.000Z', "
        "'2026-01-02T00:00:00.000Z')",
        [sealer.seal_v1(FIRST, seal_context(REFLECTION, "sam", "ref1"))],
    )
    import json

    old.execute(
        "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, "
        "created_utc, updated_utc) VALUES ('r1', 'sam', 'ready', '2026-03-14', ?, "
        "'2026-03-14T10:00:00.000Z', '2026-03-14T10:00:00.000Z')",
        [
            sealer.seal_v1(
                json.dumps(cpd_data("sam", SECOND, "2026-03-14T10:00:00.000Z")),
                seal_context(CPD_RECORD, "sam", "r1"),
            )
        ],
    )
    KeyStore(old).put("sam", record)
    old.conn.commit()
    old.close()
    return ids


def test_a_version_8_file_opens_and_its_values_are_resealed_at_unlock(tmp_path) -> None:
    path = tmp_path / "old" / "prism.db"
    _version_8_file(path)
    first_form = sqlite3.connect(path).execute("SELECT text FROM reflections").fetchone()[0]

    db = open_database(path)  # migrates: no key here, so values stay as they were
    try:
        assert stored_schema_version(db) == SCHEMA_VERSION >= 9
        assert db.execute("SELECT text FROM reflections").fetchone()[0] == first_form
        assert first_form.startswith(TOKEN_PREFIX)
        assert db.execute("SELECT count(*) FROM profile_seals").fetchone()[0] == 0
        # The first unlock re-seals quietly and takes the settings as they are.
        assert PassphraseService(db, kdf=FAST).unlock("sam", PASSPHRASE) == []
        assert ReflectionRepo(db).get("ref1").text == FIRST
        assert CpdRecordRepo(db).get("r1")["learning"] == SECOND
        stored = [
            db.execute("SELECT text FROM reflections").fetchone()[0],
            db.execute("SELECT record_json FROM cpd_records").fetchone()[0],
        ]
        assert all(value.startswith(TOKEN_PREFIX_V2) for value in stored)
        assert ProfileRepo(db).get("sam").include_in_team_summary is True
    finally:
        close_database(db)

    # The old first-form value put back after the upgrade is a downgrade: refused.
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE reflections SET text = ?", [first_form])
    conn.close()
    db = open_database(path)
    try:
        PassphraseService(db, kdf=FAST).unlock("sam", PASSPHRASE)
        assert ReflectionRepo(db).unreadable("sam") == ["ref1"]
    finally:
        close_database(db)


def test_first_form_values_stay_readable_before_the_upgrade_runs(tmp_path) -> None:
    """A key added without the unlock's upgrade (as an import does) still reads them,
    and the first write upgrades the whole profile so the others get versions too."""
    path = tmp_path / "old" / "prism.db"
    _version_8_file(path)
    db = open_database(path)
    try:
        record = KeyStore(db).get("sam")
        from desktop.store.sealing import unlock

        keyring_for(db).add("sam", unlock(record, PASSPHRASE))
        repo = ReflectionRepo(db)
        assert repo.get("ref1").text == FIRST
        repo.create("sam", "alpha", None, "A new one.")
        values = [row[0] for row in db.execute("SELECT text FROM reflections")]
        assert all(v.startswith(TOKEN_PREFIX_V2) for v in values)
        assert CpdRecordRepo(db).get("r1")["learning"] == SECOND
    finally:
        close_database(db)


def test_unlocking_an_upgraded_profile_reads_one_row_not_every_value(home) -> None:
    """Launch and unlock cost: with a sound ledger, unlocking re-seals nothing."""
    db = home.open()
    try:
        before = db.execute("SELECT group_concat(text) FROM reflections").fetchone()[0]
        statements: list[str] = []
        db.conn.set_trace_callback(statements.append)
        home.unlock(db)
        db.conn.set_trace_callback(None)
        assert not any("reflections" in s or "cpd_records" in s for s in statements)
        assert db.execute("SELECT group_concat(text) FROM reflections").fetchone()[0] == before
    finally:
        close_database(db)


def test_a_version_8_backup_sealed_after_the_fact_restores_and_upgrades_quietly(tmp_path):
    """Setting a passphrase seals the profile's text in earlier backups too; one from
    before migration 9 gets the first form (it has no ledger), then upgrades on unlock."""
    from desktop.store.backup_reseal import reseal_backup_file

    path = tmp_path / "backup" / "prism.db"
    path.parent.mkdir(parents=True)
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m009_profile_seals")
    old.execute(
        "INSERT INTO profiles (id, name, name_key, created_utc, updated_utc) VALUES "
        "('sam', 'Sam Patel', 'sam patel', '2026-01-01T00:00:00.000Z', "
        "'2026-01-01T00:00:00.000Z')"
    )
    old.execute(
        "INSERT INTO reflections (id, profile_id, module_id, text, created_utc, updated_utc) "
        "VALUES ('ref1', 'sam', 'alpha', ?, '2026-01-02T00:00:00.000Z', "
        "'2026-01-02T00:00:00.000Z')",
        [FIRST],
    )
    old.conn.commit()
    old.close()
    record, sealer = make_key(PASSPHRASE, FAST)

    assert reseal_backup_file(path, "sam", sealer, record) is True

    assert FIRST.encode() not in path.read_bytes()
    db = open_database(path)
    try:
        assert db.execute("SELECT text FROM reflections").fetchone()[0].startswith(TOKEN_PREFIX)
        assert PassphraseService(db, kdf=FAST).unlock("sam", PASSPHRASE) == []
        assert ReflectionRepo(db).get("ref1").text == FIRST
    finally:
        close_database(db)


# Archives between laptops ------------------------------------------------------------------


@pytest.fixture
def two_laptops(tmp_path):
    """Sam, protected and unlocked at home, imported to work (locked there)."""
    from tests.unit.services.archive_helpers import fill_profile, open_laptop
    from tests.unit.store.fakes import FakeClock

    course = build_course(tmp_path / "course")
    home = open_laptop(tmp_path / "home", FakeClock())
    work = open_laptop(tmp_path / "work", FakeClock())
    sam = fill_profile(home.db, course, home.clock)
    PassphraseService(home.db, kdf=FAST).protect(sam.id, PASSPHRASE, stay_unlocked=True)
    work.archive.import_archive(home.archive.export_profile(sam.id, tmp_path / "a.prism"))
    yield home, work, sam
    home.close()
    work.close()


def test_edits_made_on_another_laptop_import_whole_and_a_local_rollback_stays_marked(
    two_laptops, tmp_path
) -> None:
    """Sam works on two laptops. Each has its own ledger, so versions from the other one
    are taken in by the owner's import (never flagged as older), while a value put back
    here by hand before the import stays marked."""
    home, work, sam = two_laptops
    reflections = ReflectionRepo(home.db)
    first, second = (r.id for r in reflections.list(sam.id)[:2])

    # At work: a few edits, so work's versions run ahead of home's.
    PassphraseService(work.db, kdf=FAST).unlock(sam.id, PASSPHRASE)
    for n in range(3):
        ReflectionRepo(work.db).update(first, f"Edited at work, pass {n}.")
    # At home: the second reflection is put back to an older copy by hand.
    older = home.db.execute("SELECT text FROM reflections WHERE id = ?", [second]).fetchone()
    reflections.update(second, "Edited at home.")
    home.db.execute("UPDATE reflections SET text = ? WHERE id = ?", [older[0], second])

    home.archive.import_archive(work.archive.export_profile(sam.id, tmp_path / "b.prism"))

    assert reflections.get(first).text == "Edited at work, pass 2."
    assert reflections.unreadable(sam.id) == [second]
    keyring_for(home.db).forget_all()
    assert PassphraseService(home.db, kdf=FAST).unlock(sam.id, PASSPHRASE) == []
    assert reflections.unreadable(sam.id) == [second]


def test_importing_the_same_archive_twice_into_a_protected_profile_changes_nothing(
    two_laptops, tmp_path
) -> None:
    """Versions are given without rewriting values that already have good ones, so the
    merge still sees its own values and keeps no duplicate history."""
    from tests.unit.services.archive_helpers import dump

    home, work, sam = two_laptops
    PassphraseService(work.db, kdf=FAST).unlock(sam.id, PASSPHRASE)
    ReflectionRepo(work.db).update(ReflectionRepo(work.db).list(sam.id)[0].id, "At work.")
    archive = work.archive.export_profile(sam.id, tmp_path / "b.prism")

    home.archive.import_archive(archive)
    after_first = dump(home.db)
    second = home.archive.import_archive(archive)

    assert second.added == second.updated == second.kept_in_history == 0
    assert dump(home.db) == after_first
    assert ReflectionRepo(home.db).unreadable(sam.id) == []
