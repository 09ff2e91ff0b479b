"""Sealing a protected profile's free text: tokens, keys, the key ring and the repositories.

The promise to the learner: once a profile has a passphrase, what they wrote is never in
the progress file (or its WAL) in a form anyone can read, and it cannot be read or
written while the profile is locked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.store.capabilities import CapabilityRepo
from desktop.store.cpd_records import CpdRecordRepo
from desktop.store.database import close_database, open_database, open_memory_database
from desktop.store.keys import (
    REFLECTION,
    SEALED_COLUMNS,
    KeyStore,
    ProfileLockedError,
    keyring_for,
    seal_context,
)
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.seal_ledger import reseal_profile
from desktop.store.sealing import (
    TOKEN_PREFIX,
    TOKEN_PREFIX_V2,
    KdfParams,
    KeyRecord,
    SealedValueError,
    is_sealed,
    looks_like_token,
    new_key,
    passphrase_problem,
    unlock,
)

FAST = KdfParams(n=2**10, r=8, p=1)  # the real cost is 2**16; tests need not wait for it
PASSPHRASE = "correct horse battery staple"
REFLECTION_TEXT = "I realised my Facebook profile shows where my children go to school."
NOTE_TEXT = "I still accept friend requests from people I met at work."
LEARNING_TEXT = "Replying to a parent at 11pm blurred the line between work and home."


def protect(db, profile_id: str, passphrase: str = PASSPHRASE):
    """Give a new profile a key record and unlock it (what the passphrase service does)."""
    record, sealer = new_key(passphrase, FAST)
    with db.atomic():
        reseal_profile(db, profile_id, None, sealer)
        KeyStore(db).put(profile_id, record)
    keyring_for(db).add(profile_id, sealer)
    return record, sealer


def cpd_data(profile_id: str, record_id: str = "r1") -> dict:
    return {
        "schema": "prism-cpd-record/1",
        "id": record_id,
        "profile_id": profile_id,
        "status": "draft",
        "start_date": "2026-03-14",
        "title": "Boundaries on messaging apps",
        "learning": LEARNING_TEXT,
        "created_utc": "2026-03-14T10:00:00.000Z",
        "updated_utc": "2026-03-14T10:00:00.000Z",
    }


# Tokens and keys -------------------------------------------------------------------------


def test_a_token_hides_the_text_and_opens_only_where_it_was_sealed():
    _record, sealer = new_key(PASSPHRASE, FAST)
    where = seal_context(REFLECTION, "p1", "r1")
    token = sealer.seal(REFLECTION_TEXT, where, 1)

    assert token.startswith(TOKEN_PREFIX_V2) and is_sealed(token) and looks_like_token(token)
    assert "Facebook" not in token
    assert sealer.open(token, where) == REFLECTION_TEXT
    # Copied into another row, or another profile, it does not open.
    with pytest.raises(SealedValueError):
        sealer.open(token, seal_context(REFLECTION, "p1", "r2"))
    with pytest.raises(SealedValueError):
        sealer.open(token, seal_context(REFLECTION, "p2", "r1"))


def test_a_changed_token_or_another_key_does_not_open():
    _record, sealer = new_key(PASSPHRASE, FAST)
    _other_record, other = new_key(PASSPHRASE, FAST)  # same words, another salt
    where = "prism/reflection/p1/r1"
    token = sealer.seal("Some private words", where, 1)
    # A character in the middle: every bit of it is data (the last one before padding
    # may carry unused bits, so changing it can leave the bytes the same).
    middle = len(token) // 2
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1 :]

    with pytest.raises(SealedValueError):
        sealer.open(flipped, where)
    with pytest.raises(SealedValueError):
        other.open(token, where)
    with pytest.raises(SealedValueError):
        sealer.open(TOKEN_PREFIX + "not base64!", where)


def test_sealing_the_same_text_in_the_same_place_gives_the_same_token():
    _record, sealer = new_key(PASSPHRASE, FAST)
    first = sealer.seal("Same words", "prism/reflection/p/r", 1)
    assert sealer.seal("Same words", "prism/reflection/p/r", 1) == first
    assert sealer.seal("Same words.", "prism/reflection/p/r", 1) != first
    assert sealer.seal("Same words", "prism/reflection/p/other", 1) != first


def test_only_the_right_passphrase_unlocks_and_unicode_forms_count_as_the_same():
    record, sealer = new_key("caf\u00e9 au lait please", FAST)
    token = sealer.seal("text", "ctx", 1)

    assert unlock(record, "cafe au lait please") is None
    assert unlock(record, "caf\u00e9 au lait please ") is None  # spaces are part of it
    decomposed = unlock(record, "cafe\u0301 au lait please")  # é typed as e + accent
    assert decomposed is not None and decomposed.open(token, "ctx") == "text"


def test_the_key_record_holds_no_passphrase_and_survives_a_round_trip():
    record, _sealer = new_key(PASSPHRASE, FAST)
    data = record.to_dict()
    text = json.dumps(data)

    assert PASSPHRASE not in text and "battery" not in text
    assert KeyRecord.from_dict(json.loads(text)) == record
    assert record.same_key(KeyRecord.from_dict(data))
    assert not record.same_key(new_key(PASSPHRASE, FAST)[0])
    assert unlock(KeyRecord.from_dict(data), PASSPHRASE) is not None


@pytest.mark.parametrize(
    "change",
    [
        {"scheme": "aes-256-gcm"},
        {"salt": "AAAA"},
        {"verifier": 12},
        {"kdf": {"name": "pbkdf2", "n": 1024, "r": 8, "p": 1}},
        {"kdf": {"name": "scrypt", "n": 1000, "r": 8, "p": 1}},  # not a power of two
        {"kdf": {"name": "scrypt", "n": 2**24, "r": 8, "p": 1}},  # gigabytes: refused
        {"extra": True},
    ],
)
def test_a_damaged_or_hostile_key_record_is_refused(change):
    record, _sealer = new_key(PASSPHRASE, FAST)
    with pytest.raises(ValueError):
        KeyRecord.from_dict({**record.to_dict(), **change})


def test_new_passphrases_must_be_long_enough():
    assert passphrase_problem("") == "Type a passphrase."
    assert "at least 8" in passphrase_problem("short")
    assert passphrase_problem("four unrelated words") == ""


def test_a_forgotten_key_cannot_be_used_again():
    _record, sealer = new_key(PASSPHRASE, FAST)
    sealer.forget()
    assert sealer.forgotten
    with pytest.raises(RuntimeError):
        sealer.seal("x", "ctx", 1)


# The key ring and the repositories ---------------------------------------------------------


@pytest.fixture
def db():
    database = open_memory_database()
    yield database
    database.close()


def test_every_table_of_free_text_is_sealed(db):
    sealed = {(c.table, c.column) for c in SEALED_COLUMNS}
    assert sealed == {
        ("reflections", "text"),
        ("reflection_history", "text"),
        ("cpd_records", "record_json"),
        ("cpd_record_history", "record_json"),
        ("capability_ratings", "note"),
    }


def test_an_unprotected_profile_keeps_plain_text_even_if_it_looks_like_a_token(db):
    profile = ProfileRepo(db).create("Sam")
    repo = ReflectionRepo(db)
    written = repo.create(profile.id, "alpha", None, "pe1:this is just what I typed")

    stored = db.execute("SELECT text FROM reflections").fetchone()[0]
    assert stored == "pe1:this is just what I typed"
    assert repo.get(written.id).text == "pe1:this is just what I typed"
    assert keyring_for(db).sealer_for(profile.id) is None


def test_a_protected_profiles_text_is_stored_sealed_and_read_back_plain(db):
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    reflections, capabilities, records = ReflectionRepo(db), CapabilityRepo(db), CpdRecordRepo(db)

    reflection = reflections.create(profile.id, "alpha", None, REFLECTION_TEXT)
    capabilities.rate(profile.id, {"online-risk": (3, NOTE_TEXT)})
    records.save(cpd_data(profile.id))

    stored = [
        db.execute("SELECT text FROM reflections").fetchone()[0],
        db.execute("SELECT note FROM capability_ratings").fetchone()[0],
        db.execute("SELECT record_json FROM cpd_records").fetchone()[0],
    ]
    assert all(is_sealed(value) for value in stored)
    assert not any("Facebook" in v or "friend requests" in v or "11pm" in v for v in stored)
    assert reflections.get(reflection.id).text == REFLECTION_TEXT
    assert reflections.search(profile.id, "facebook")[0].id == reflection.id
    assert capabilities.latest(profile.id).ratings["online-risk"] == (3, NOTE_TEXT)
    assert records.get("r1")["learning"] == LEARNING_TEXT


def test_edits_and_history_of_a_protected_profile_stay_sealed(db):
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    reflections, records = ReflectionRepo(db), CpdRecordRepo(db)
    reflection = reflections.create(profile.id, "alpha", None, "First draft")

    assert reflections.update(reflection.id, REFLECTION_TEXT) is True
    assert reflections.update(reflection.id, REFLECTION_TEXT) is False  # unchanged: no write
    records.save(cpd_data(profile.id))
    later = "2026-03-15T10:00:00.000Z"
    records.save({**cpd_data(profile.id), "learning": "Second thoughts", "updated_utc": later})
    deleted = records.delete("r1")

    history = db.execute("SELECT record_json FROM cpd_record_history").fetchall()
    assert len(history) == 2 and all(is_sealed(row[0]) for row in history)
    assert [v.data["learning"] for v in records.history("r1")] == ["Second thoughts", LEARNING_TEXT]
    assert deleted["learning"] == "Second thoughts"
    assert records.restore(deleted)["learning"] == "Second thoughts"
    assert is_sealed(db.execute("SELECT record_json FROM cpd_records").fetchone()[0])


def test_blank_protected_reflections_are_still_tidied_away(db):
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    repo = ReflectionRepo(db)
    blank = repo.create(profile.id, "alpha", None, " \n\t")
    kept = repo.create(profile.id, "alpha", None, "Not blank")

    assert repo.delete_if_blank(blank.id) is True
    assert repo.delete_if_blank(kept.id) is False
    assert [r.id for r in repo.list(profile.id)] == [kept.id]


def test_a_locked_profile_can_be_neither_read_nor_written(db):
    profile = ProfileRepo(db).create("Sam")
    other = ProfileRepo(db).create("Priya")
    protect(db, profile.id)
    reflections, records, capabilities = ReflectionRepo(db), CpdRecordRepo(db), CapabilityRepo(db)
    written = reflections.create(profile.id, "alpha", None, REFLECTION_TEXT)
    records.save(cpd_data(profile.id))
    reflections.create(other.id, "alpha", None, "Priya's words")

    keyring_for(db).forget(profile.id)

    assert keyring_for(db).is_locked(profile.id) and not keyring_for(db).is_locked(other.id)
    for attempt in (
        lambda: reflections.get(written.id),
        lambda: reflections.list(profile.id),
        lambda: reflections.update(written.id, "overwrite"),
        lambda: reflections.create(profile.id, "alpha", None, "new words"),
        lambda: records.get("r1"),
        lambda: records.delete("r1"),
        lambda: records.save(cpd_data(profile.id, "r2")),
        lambda: capabilities.rate(profile.id, {"online-risk": (2, "a note")}),
    ):
        with pytest.raises(ProfileLockedError) as caught:
            attempt()
        assert "passphrase" in caught.value.message
    assert [r.text for r in reflections.list(other.id)] == ["Priya's words"]
    assert db.execute("SELECT count(*) FROM cpd_records").fetchone()[0] == 1  # not deleted


def test_a_key_that_no_longer_fits_the_stored_record_counts_as_locked(db):
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    # The file was replaced (a restore) by one where the profile has another passphrase.
    other_record, _sealer = new_key("another passphrase entirely", FAST)
    KeyStore(db).put(profile.id, other_record)

    assert keyring_for(db).is_locked(profile.id)
    with pytest.raises(ProfileLockedError):
        ReflectionRepo(db).list(profile.id)


def test_deleting_a_profile_deletes_its_key_record(db):
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    ProfileRepo(db).delete(profile.id)
    assert db.execute("SELECT count(*) FROM profile_keys").fetchone()[0] == 0


def test_protected_text_never_reaches_the_database_file_or_its_wal(tmp_path: Path):
    path = tmp_path / "prism.db"
    db = open_database(path)
    profile = ProfileRepo(db).create("Sam")
    protect(db, profile.id)
    reflections = ReflectionRepo(db)
    reflection = reflections.create(profile.id, "alpha", None, "Draft")
    reflections.update(reflection.id, REFLECTION_TEXT)
    CpdRecordRepo(db).save(cpd_data(profile.id))
    CapabilityRepo(db).rate(profile.id, {"online-risk": (3, NOTE_TEXT)})

    wal = path.with_name(path.name + "-wal")
    assert wal.exists() and wal.stat().st_size > 0  # the writes are in the WAL right now
    for file in (path, wal):
        data = file.read_bytes()
        for secret in (REFLECTION_TEXT, NOTE_TEXT, LEARNING_TEXT, "Boundaries on messaging"):
            assert secret.encode() not in data, f"{secret!r} found in {file.name}"
    close_database(db)
    data = path.read_bytes()
    assert REFLECTION_TEXT.encode() not in data and LEARNING_TEXT.encode() not in data
