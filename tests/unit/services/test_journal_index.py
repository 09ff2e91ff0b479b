"""The journal's full-text index (issue 17): found through the index on a real file,
never holding a protected learner's words, safe with anything typed, made for files
from before it, and repaired by ``prism check``."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop import cli
from desktop.course.loader import load_course
from desktop.course.model import Course
from desktop.services.journal import JournalService
from desktop.services.journal_search import parse_query
from desktop.services.privacy_lock import PassphraseService
from desktop.store import journal_index
from desktop.store.connection import Database
from desktop.store.database import close_database, open_database
from desktop.store.migrations import SCHEMA_VERSION, migrations, stored_schema_version
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams
from tests.helpers.course_builder import write_course
from tests.unit.store.fakes import FakeClock

FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "a lighthouse in the fog"
SECRET = "Quixotrophic"  # a word found nowhere else in a progress file


@pytest.fixture
def course(tmp_path: Path) -> Course:
    return load_course(write_course(tmp_path / "course")).course


@pytest.fixture
def home(tmp_path: Path) -> Iterator[tuple[Path, Database]]:
    folder = tmp_path / "home"
    db = open_database(folder / "prism.db")
    try:
        yield folder, db
    finally:
        close_database(db)


def _file_bytes(folder: Path) -> bytes:
    """Everything SQLite keeps on disk for the progress file, lower-cased."""
    data = b""
    for name in ("prism.db", "prism.db-wal", "prism.db-journal"):
        path = folder / name
        if path.exists():
            data += path.read_bytes()
    return data.lower()


def _fill(db: Database, profile_id: str, count: int, special: dict[int, str]) -> dict[int, str]:
    """``count`` reflections through the real repository, one transaction; ``special``
    replaces the text of a few by position. Returns position -> id."""
    repo = ReflectionRepo(db)
    ids = {}
    modules = ("alpha", "beta")
    with db.atomic():
        for n in range(count):
            text = special.get(n, f"Reflection {n} on practice, record keeping and consent.")
            ids[n] = repo.create(profile_id, modules[n % 2], None, text).id
    return ids


def test_search_finds_through_the_index_among_10000_reflections(home, course) -> None:
    _folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    alex = ProfileRepo(db).create("Alex").id
    special = {
        17: "After SUPERVISION I saw the boundary differently.",
        4_321: "We met at the café: a naïve question about friend requests.",
        9_999: "Straße names in a case note, and supervisors' advice.",
    }
    ids = _fill(db, sam, 10_000, special)
    _fill(db, alex, 3, {0: "Alex also had supervision today."})
    journal = JournalService(course, ReflectionRepo(db))

    def found(query: str) -> set[str]:
        return {e.id for e in journal.search(sam, query)}

    # The index answers for this unprotected learner (not the scan in memory) ...
    match = journal_index.match_expression(parse_query("supervis").spellings)
    assert ReflectionRepo(db).indexed_matches(sam, match) == {ids[17], ids[9_999]}
    # ... and what the learner sees: word starts, any case, accents ignored, only theirs.
    assert found("supervis") == {ids[17], ids[9_999]}
    assert found("cafe naive") == {ids[4_321]}
    assert found("NAÏVE") == {ids[4_321]}
    assert found("STRAßE") == found("straße") == {ids[9_999]}
    assert found("boundary supervision") == {ids[17]}
    assert found("ision") == set()  # the middle of a word is not the start of one
    assert len(found("record keeping")) == 10_000 - len(special)
    [hit] = journal.search(sam, "differently boundary")
    assert "boundary differently" in hit.snippet
    assert [g.module_id for g in journal.groups(sam, "café")] == ["beta"]


def test_the_full_text_query_runs_once_not_once_per_reflection(home) -> None:
    """The planner, left alone, walked the learner's reflections and ran the MATCH for
    each one: 8 seconds for a keystroke's search at 10,000 reflections."""
    _folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    _fill(db, sam, 50, {})
    plan = db.execute("EXPLAIN QUERY PLAN " + journal_index.MATCHING_SQL, ['"x"*', sam])
    steps = [row[3] for row in plan.fetchall()]
    assert steps[0].startswith("SCAN f VIRTUAL TABLE"), steps
    assert "INTEGER PRIMARY KEY" in steps[1], steps


def test_search_keeps_in_step_with_edits_and_deletes(home, course) -> None:
    _folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    journal = JournalService(course, ReflectionRepo(db))
    first = journal.start(sam, "alpha", None, "Thinking about disinhibition")
    assert [e.id for e in journal.search(sam, "disinhib")] == [first.id]
    journal.save(first.id, "Thinking about proximity instead")
    assert journal.search(sam, "disinhib") == []
    assert [e.id for e in journal.search(sam, "proxim")] == [first.id]
    removed = journal.delete(first.id)
    assert journal.search(sam, "proxim") == []
    journal.restore(removed)
    assert [e.id for e in journal.search(sam, "proxim")] == [first.id]
    assert journal_index.sound(db)


def test_protecting_a_profile_leaves_none_of_its_words_in_the_file(home, course) -> None:
    folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    alex = ProfileRepo(db).create("Alex").id
    _fill(db, alex, 500, {})  # other learners' words make several segments
    journal = JournalService(course, ReflectionRepo(db))
    mine = journal.start(sam, "alpha", None, f"{SECRET} was the word of the day")
    for n in range(5):  # edits leave older versions of the tokens behind
        journal.save(mine.id, f"{SECRET} was the word of the day, edit {n}")
        _fill(db, alex, 50, {})
    assert [e.id for e in journal.search(sam, SECRET[:6])] == [mine.id]
    assert SECRET.lower().encode() in _file_bytes(folder)

    service = PassphraseService(db, kdf=FAST)
    service.protect(sam, PASSPHRASE, PASSPHRASE, stay_unlocked=True)

    assert SECRET.lower().encode() not in _file_bytes(folder)
    assert SECRET.lower()[:6].encode() not in _file_bytes(folder)  # nor a prefix of it
    assert journal_index.sound(db)
    # Unlocked, the learner still finds it (in memory) and writes more, still unindexed.
    assert [e.id for e in journal.search(sam, SECRET[:6])] == [mine.id]
    journal.start(sam, "beta", None, f"More {SECRET} thoughts")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    assert SECRET.lower().encode() not in _file_bytes(folder)
    assert len(journal.search(sam, SECRET)) == 2
    # Other learners are still found through the index.
    match = journal_index.match_expression(parse_query("consent").spellings)
    assert len(ReflectionRepo(db).indexed_matches(alex, match) or ()) == 750

    # Removing the passphrase puts the words back in the index.
    service.remove(sam, PASSPHRASE)
    match = journal_index.match_expression(parse_query(SECRET).spellings)
    assert len(ReflectionRepo(db).indexed_matches(sam, match) or ()) == 2
    assert journal_index.sound(db)


HOSTILE = [
    '"',
    '""',
    '"boundary',
    "boundary\"'",
    "*",
    "bound*",
    "-",
    "-boundary",
    "AND",
    "OR",
    "NOT",
    "boundary AND",
    "OR boundary",
    "NEAR(boundary supervision)",
    "(",
    ")",
    "((boundary",
    "boundary)",
    "[boundary]",
    "{boundary}",
    "text:boundary",
    "reflections_fts:boundary",
    "^boundary",
    "+boundary",
    "bound?ry",
    "'; DROP TABLE reflections; --",
    "\x00boundary",
    "boundary\n\tsupervision",
    "😀 boundary",
    "x" * 5_000,
    "a " * 2_000,
]


@pytest.mark.parametrize("query", HOSTILE)
def test_anything_typed_searches_and_never_raises(home, course, query: str) -> None:
    _folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    journal = JournalService(course, ReflectionRepo(db))
    hit = journal.start(sam, "alpha", None, "A boundary kept in supervision")
    journal.start(sam, "beta", None, "Nothing here")

    found = [e.id for e in journal.search(sam, query)]

    words = parse_query(query).words
    if words and all(w in ("boundary", "bound", "supervision", "a") for w in words):
        assert found == [hit.id]
    # The index itself answered (a failure would have been hidden by the fallback).
    match = journal_index.match_expression(parse_query(query).spellings)
    assert (ReflectionRepo(db).indexed_matches(sam, match) is None) == (not match)
    assert [e.id for e in journal.groups(sam, query) for e in e.entries] == found


_TEXT = st.lists(
    st.sampled_from([*"abcdeéèüß ÀZ'\"*-()^:+?.,\n", " AND ", " OR ", "NEAR(", "text:"]),
    max_size=30,
).map("".join)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(texts=st.lists(_TEXT, min_size=1, max_size=6), query=_TEXT)
def test_the_index_and_the_memory_copy_find_the_same(tmp_path, course, texts, query) -> None:
    """A protected learner (searched in memory) sees what an unprotected one would."""
    db = Database(memory=True)
    try:
        from desktop.store.migrations import apply_migrations

        apply_migrations(db)
        sam = ProfileRepo(db).create("Sam").id
        repo = ReflectionRepo(db)
        made = {repo.create(sam, "alpha", None, text).id for text in texts}
        journal = JournalService(course, repo)
        parsed = parse_query(query)
        indexed = repo.indexed_matches(sam, journal_index.match_expression(parsed.spellings))
        in_memory = {r.id for r in repo.list(sam) if parsed.matches(_fold(r.text))}
        if parsed:
            assert indexed == in_memory
            assert {e.id for e in journal.search(sam, query)} >= in_memory
        assert in_memory <= made
    finally:
        db.close()


def _fold(text: str) -> str:
    from desktop.services.journal_search import fold

    return fold(text)


def test_a_file_from_before_the_index_gets_it_filled_with_unprotected_text(tmp_path, course):
    path = tmp_path / "home" / "prism.db"
    path.parent.mkdir()
    old = sqlite_utils.Database(path)
    migrations.apply(old, stop_before="m010_journal_search_index")
    assert stored_schema_version(old) < 10
    assert not journal_index.exists(old)
    for pid, name in (("p1", "Sam"), ("p2", "Kim")):
        old.execute(
            "INSERT INTO profiles (id, name, name_key, created_utc) VALUES (?, ?, ?, 'x')",
            [pid, name, name.lower()],
        )
    rows = [
        ("r1", "p1", "Written before the index about supervision"),
        ("r2", "p1", "Another note on boundaries"),
        ("r3", "p2", "sealed:v1:not-really-but-protected"),
    ]
    for rid, pid, text in rows:
        old.execute(
            "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, created_utc, "
            "updated_utc) VALUES (?, ?, 'alpha', NULL, ?, '2026-01-01T00:00:00.000Z', "
            "'2026-01-01T00:00:00.000Z')",
            [rid, pid, text],
        )
    old.execute(
        "INSERT INTO profile_keys (profile_id, scheme, kdf_json, salt, verifier) "
        "VALUES ('p2', 'x', '{}', zeroblob(16), zeroblob(32))"
    )
    old.close()

    db = open_database(path)
    try:
        assert stored_schema_version(db) == SCHEMA_VERSION
        assert journal_index.exists(db) and journal_index.sound(db)
        repo = ReflectionRepo(db)
        match = journal_index.match_expression(parse_query("supervis").spellings)
        assert repo.indexed_matches("p1", match) == {"r1"}
        # One row per document indexed: the protected learner's reflection is not one.
        indexed = {row[0] for row in db.execute("SELECT id FROM reflections_fts_docsize")}
        rowids = db.execute("SELECT rowid FROM reflections WHERE profile_id = 'p1'").fetchall()
        assert indexed == {row[0] for row in rowids}
        assert db.execute(
            "SELECT count(*) FROM reflections_fts WHERE reflections_fts MATCH 'sealed'"
        ).fetchone() == (0,)
    finally:
        close_database(db)


def _out_of_step(db: Database) -> None:
    # The index forgets one reflection, as a crash in an older tool might leave it.
    db.execute(
        "INSERT INTO reflections_fts (reflections_fts, rowid, text) "
        "SELECT 'delete', rowid, text FROM reflections WHERE text LIKE '%supervision%'"
    )


def _scrambled(db: Database) -> None:
    db.execute("UPDATE reflections_fts_data SET block = x'ffff' WHERE id = 10")


def _missing(db: Database) -> None:
    journal_index.drop(db)


@pytest.mark.parametrize("damage", [_out_of_step, _scrambled, _missing])
def test_prism_check_repairs_a_damaged_or_missing_index(home, course, capsys, damage) -> None:
    folder, db = home
    sam = ProfileRepo(db).create("Sam").id
    journal = JournalService(course, ReflectionRepo(db))
    hit = journal.start(sam, "alpha", None, "Learning in supervision")
    damage(db)
    # Writing never fails because of the index, and search still answers (from memory
    # once the index is set aside; an index merely out of step misses what it lost).
    other = journal.start(sam, "beta", None, "Written after the damage, in supervision too")
    found = {e.id for e in journal.search(sam, "supervision")}
    assert other.id in found
    if damage is not _out_of_step:
        assert hit.id in found
    close_database(db)

    assert cli.main(["--data-dir", str(folder), "check"]) == 0
    out = capsys.readouterr().out
    assert "search index" in out and "repaired" in out.casefold()

    db2 = open_database(folder / "prism.db")
    try:
        assert journal_index.exists(db2) and journal_index.sound(db2)
        match = journal_index.match_expression(parse_query("supervision").spellings)
        assert ReflectionRepo(db2).indexed_matches(sam, match) == {hit.id, other.id}
    finally:
        close_database(db2)
    assert cli.main(["--data-dir", str(folder), "check"]) == 0
    assert "healthy" in capsys.readouterr().out


def test_no_fts5_means_no_index_and_search_from_memory(tmp_path, course) -> None:
    """Where SQLite lacks FTS5 the migration makes nothing and search still works."""
    db = open_database(tmp_path / "prism.db")
    try:
        journal_index.drop(db)  # as the migration leaves it without FTS5
        sam = ProfileRepo(db).create("Sam").id
        journal = JournalService(course, ReflectionRepo(db))
        hit = journal.start(sam, "alpha", None, "Café conversations")
        assert [e.id for e in journal.search(sam, "cafe")] == [hit.id]
        with pytest.raises(sqlite3.OperationalError):
            db.execute("SELECT * FROM reflections_fts")
    finally:
        close_database(db)


def test_an_archive_carries_no_index_and_an_import_is_found_through_it(tmp_path) -> None:
    import zipfile

    from tests.unit.services.archive_helpers import build_course, fill_profile, open_laptop

    course = build_course(tmp_path / "course")
    home, training = open_laptop(tmp_path / "home"), open_laptop(tmp_path / "training")
    try:
        profile = fill_profile(home.db, course, home.clock)
        archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
        names = zipfile.ZipFile(archive).namelist() if zipfile.is_zipfile(archive) else []
        assert not any("fts" in name for name in names)
        assert b"reflections_fts" not in archive.read_bytes()

        training.archive.import_archive(archive)
        repo = ReflectionRepo(training.db)
        match = journal_index.match_expression(parse_query("emigre").spellings)
        [found] = repo.indexed_matches(profile.id, match) or [None]
        assert repo.get(found).text.startswith("Line one")
        assert journal_index.sound(training.db)
    finally:
        home.close()
        training.close()


def test_a_restored_backup_is_searched_as_it_was(tmp_path, course) -> None:
    from desktop.services.backups import BackupService

    path = tmp_path / "data" / "prism.db"
    db = open_database(path)
    try:
        service = BackupService(db, path, FakeClock())
        sam = ProfileRepo(db).create("Sam").id
        repo = ReflectionRepo(db)
        kept = repo.create(sam, "alpha", None, "Written before the backup: kestrel").id
        backup = service.back_up_now()
        repo.create(sam, "alpha", None, "Written after the backup: kestrel too")
        repo.update(kept, "Edited after the backup: osprey")

        service.restore(backup.path)

        journal = JournalService(course, ReflectionRepo(db))
        assert journal.searches_index(sam)
        assert [e.id for e in journal.search(sam, "kestrel")] == [kept]
        assert journal.search(sam, "osprey") == []
        assert journal_index.sound(db)
    finally:
        close_database(db)
