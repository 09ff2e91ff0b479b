"""Moving a passphrase-protected profile between laptops in a .prism archive.

The archive keeps the protected text sealed (the key record travels in the manifest,
never the passphrase), imports as a protected, locked profile, and round-trips exactly.
When the two laptops hold the profile under different keys, the import re-seals with
the passphrase, and never stores protected text in the clear.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from desktop.services.archive import ArchiveError, ArchivePassphraseError
from desktop.services.privacy_lock import PassphraseService
from desktop.store.capabilities import CapabilityRepo
from desktop.store.keys import ProfileLockedError, keyring_for
from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams, is_sealed
from tests.corpus.archives.build import edit_first_row, rebuild
from tests.unit.store.fakes import FakeClock

from .archive_helpers import Laptop, build_course, fill_profile, open_laptop, profile_tables

FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "a lighthouse in the fog"
OTHER = "three blue umbrellas"
SECRETS = ("I check who can see a post", "Getting there", "Online boundaries", "émigré")


@pytest.fixture
def course(tmp_path: Path):
    return build_course(tmp_path / "course")


@pytest.fixture
def laptops(tmp_path: Path):
    opened: list[Laptop] = []

    def make(name: str) -> Laptop:
        laptop = open_laptop(tmp_path / name, FakeClock())
        opened.append(laptop)
        return laptop

    yield make
    for laptop in opened:
        laptop.close()


def passphrases(laptop: Laptop) -> PassphraseService:
    return PassphraseService(laptop.db, kdf=FAST)


def sealed_values(db, profile_id: str) -> list[str]:
    rows = db.execute(
        "SELECT text FROM reflections WHERE profile_id = ?1 "
        "UNION ALL SELECT text FROM reflection_history WHERE profile_id = ?1 "
        "UNION ALL SELECT note FROM capability_ratings WHERE profile_id = ?1 "
        "UNION ALL SELECT record_json FROM cpd_records WHERE profile_id = ?1 "
        "UNION ALL SELECT record_json FROM cpd_record_history WHERE profile_id = ?1",
        [profile_id],
    ).fetchall()
    return [row[0] for row in rows]


def texts(db, profile_id: str) -> list[str]:
    return sorted(r.text for r in ReflectionRepo(db).list(profile_id))


def protected_home(laptops, course, tmp_path):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    passphrases(home).protect(profile.id, PASSPHRASE)
    archive = home.archive.export_profile(profile.id, tmp_path / "sam.prism")
    return home, profile, archive


def test_an_archive_of_a_protected_profile_holds_no_readable_text(laptops, course, tmp_path):
    _home, _profile, archive = protected_home(laptops, course, tmp_path)

    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        everything = b"".join(zf.read(name) for name in zf.namelist())
    encryption = manifest["encryption"]
    assert encryption["scheme"] == "prism-aes-256-gcm-scrypt-1"
    assert encryption["kdf"] == {"name": "scrypt", "n": 2**10, "r": 8, "p": 1}
    assert set(encryption) == {"scheme", "kdf", "salt", "verifier", "sealed"}
    assert "reflections.text" in encryption["sealed"]
    for secret in (*SECRETS, PASSPHRASE):
        assert secret.encode() not in everything, secret
    assert manifest["profile"]["name"] == "Sam Patel"  # the name stays readable


def test_a_protected_profile_imports_locked_and_round_trips_exactly(laptops, course, tmp_path):
    home, profile, archive = protected_home(laptops, course, tmp_path)
    training = laptops("training")

    summary = training.archive.inspect(archive)
    report = training.archive.import_archive(archive)

    assert summary.protected and not summary.needs_passphrase
    assert report.new_profile
    assert profile_tables(training.db, profile.id) == profile_tables(home.db, profile.id)
    service = passphrases(training)
    assert service.is_protected(profile.id) and service.is_locked(profile.id)
    with pytest.raises(ProfileLockedError):
        ReflectionRepo(training.db).list(profile.id)
    service.unlock(profile.id, PASSPHRASE)
    assert any(t.startswith("I check who can see a post") for t in texts(training.db, profile.id))
    notes = CapabilityRepo(training.db).latest(profile.id).ratings
    assert notes["digital-identity"] == (3, "Getting there")


def test_importing_it_again_changes_nothing(laptops, course, tmp_path):
    _home, profile, archive = protected_home(laptops, course, tmp_path)
    training = laptops("training")
    training.archive.import_archive(archive)
    before = profile_tables(training.db, profile.id)

    # The profile is protected here now: only its owner may import into it.
    again = training.archive.import_archive(archive, passphrase=PASSPHRASE)

    assert not again.changed_anything
    assert profile_tables(training.db, profile.id) == before


def test_edits_on_both_laptops_merge_under_the_same_key_with_the_owners_passphrase(
    laptops, course, tmp_path
):
    home, profile, archive = protected_home(laptops, course, tmp_path)
    training = laptops("training")
    training.archive.import_archive(archive)
    # Both laptops edit the same reflection; home's edit is the later one.
    passphrases(training).unlock(profile.id, PASSPHRASE)
    passphrases(home).unlock(profile.id, PASSPHRASE)
    reflection = ReflectionRepo(training.db).list(profile.id, "alpha")[0]
    ReflectionRepo(training.db, training.clock).update(
        reflection.id, "Edited on the training laptop"
    )
    home.clock.advance(hours=1)
    ReflectionRepo(home.db, home.clock).update(reflection.id, "Edited at home, later")
    keyring_for(training.db).forget_all()
    newer = home.archive.export_profile(profile.id, tmp_path / "sam-2.prism")
    before = profile_tables(training.db, profile.id)

    # Matching keys are no proof of the owner (anyone can export the key record).
    with pytest.raises(ArchivePassphraseError):
        training.archive.import_archive(newer)
    assert profile_tables(training.db, profile.id) == before
    report = training.archive.import_archive(newer, passphrase=PASSPHRASE)

    assert report.updated >= 1 and report.kept_in_history == 1
    assert all(is_sealed(v) for v in sealed_values(training.db, profile.id))
    passphrases(training).unlock(profile.id, PASSPHRASE)
    assert "Edited at home, later" in texts(training.db, profile.id)
    history = training.db.execute(
        "SELECT text FROM reflection_history WHERE reflection_id = ?", [reflection.id]
    ).fetchall()
    assert len(history) == 1 and is_sealed(history[0][0])


def test_protected_elsewhere_but_not_here_asks_for_the_passphrase_then_protects_here(
    laptops, course, tmp_path
):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    training = laptops("training")
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    ReflectionRepo(training.db, training.clock).create(profile.id, "beta", None, "Written here")
    passphrases(home).protect(profile.id, PASSPHRASE)
    archive = home.archive.export_profile(profile.id, tmp_path / "b.prism")

    assert training.archive.inspect(archive).needs_passphrase
    with pytest.raises(ArchivePassphraseError) as missing:
        training.archive.import_archive(archive)
    assert not missing.value.wrong and "passphrase" in missing.value.message
    with pytest.raises(ArchivePassphraseError) as wrong:
        training.archive.import_archive(archive, passphrase="not the one")
    assert wrong.value.wrong and "not the passphrase" in wrong.value.message
    assert not passphrases(training).is_protected(profile.id)  # nothing changed yet

    report = training.archive.import_archive(archive, passphrase=PASSPHRASE)

    assert any("now protected here too" in m for m in report.messages)
    assert all(is_sealed(v) for v in sealed_values(training.db, profile.id))
    data = (training.folder / "prism.db").read_bytes()
    wal = training.folder / "prism.db-wal"
    data += wal.read_bytes() if wal.exists() else b""
    for secret in ("Written here", *SECRETS):
        assert secret.encode() not in data, secret
    keyring_for(training.db).forget_all()
    service = passphrases(training)
    assert service.is_locked(profile.id)
    service.unlock(profile.id, PASSPHRASE)
    assert "Written here" in texts(training.db, profile.id)


def test_a_different_passphrase_on_each_laptop_is_re_sealed_with_this_laptops_key(
    laptops, course, tmp_path
):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    training = laptops("training")
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    passphrases(home).protect(profile.id, PASSPHRASE)
    passphrases(training).protect(profile.id, OTHER)
    home_service = passphrases(home)
    home_service.unlock(profile.id, PASSPHRASE)
    ReflectionRepo(home.db, home.clock).create(profile.id, "alpha", None, "New at home")
    home_service.lock_all()
    archive = home.archive.export_profile(profile.id, tmp_path / "b.prism")

    # Locked here with other words: the archive's passphrase alone is not enough.
    with pytest.raises(ArchivePassphraseError, match="different passphrase on this computer"):
        training.archive.import_archive(archive, passphrase=PASSPHRASE)
    # Open here (the learner is using the profile): the archive's passphrase is enough.
    passphrases(training).unlock(profile.id, OTHER)
    prompts: list[str] = []
    training.archive.passphrase_prompt = lambda name, why: prompts.append(why) or PASSPHRASE
    training.archive.import_archive(archive)

    assert prompts and "different passphrase in this file" in prompts[0]
    keyring_for(training.db).forget_all()
    service = passphrases(training)
    with pytest.raises(Exception, match="not right"):
        service.unlock(profile.id, PASSPHRASE)  # this laptop keeps its own passphrase
    service.unlock(profile.id, OTHER)
    assert "New at home" in texts(training.db, profile.id)  # every value opens here


def test_the_same_words_on_both_laptops_are_typed_once(laptops, course, tmp_path):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    training = laptops("training")
    training.archive.import_archive(home.archive.export_profile(profile.id, tmp_path / "a.prism"))
    passphrases(home).protect(profile.id, PASSPHRASE)  # another salt on each laptop
    passphrases(training).protect(profile.id, PASSPHRASE)
    archive = home.archive.export_profile(profile.id, tmp_path / "b.prism")

    training.archive.import_archive(archive, passphrase=PASSPHRASE)

    service = passphrases(training)
    service.unlock(profile.id, PASSPHRASE)
    assert len(texts(training.db, profile.id)) == 2


def test_an_unprotected_archive_merged_into_a_protected_profile_is_sealed(
    laptops, course, tmp_path
):
    home = laptops("home")
    profile = fill_profile(home.db, course, home.clock)
    first = home.archive.export_profile(profile.id, tmp_path / "a.prism")
    training = laptops("training")
    training.archive.import_archive(first)
    passphrases(training).protect(profile.id, PASSPHRASE)
    ReflectionRepo(home.db, home.clock).create(profile.id, "beta", None, "Plain at home")
    plain = home.archive.export_profile(profile.id, tmp_path / "b.prism")

    assert training.archive.inspect(plain).needs_passphrase  # locked here
    training.archive.import_archive(plain, passphrase=PASSPHRASE)

    assert all(is_sealed(v) for v in sealed_values(training.db, profile.id))
    passphrases(training).unlock(profile.id, PASSPHRASE)
    assert "Plain at home" in texts(training.db, profile.id)


def test_a_protected_archive_with_a_plain_value_is_refused(laptops, course, tmp_path):
    _home, profile, archive = protected_home(laptops, course, tmp_path)
    training = laptops("training")
    unseal = edit_first_row("reflections", lambda row: row.update(text="Slipped in unprotected"))
    broken = tmp_path / "broken.prism"
    broken.write_bytes(rebuild(archive.read_bytes(), change=unseal))

    with pytest.raises(ArchiveError, match="should be protected but is not"):
        training.archive.import_archive(broken)
    assert training.profiles.get(profile.id) is None


def test_an_unknown_kind_of_protection_is_explained(laptops, course, tmp_path):
    _home, _profile, archive = protected_home(laptops, course, tmp_path)
    training = laptops("training")

    def newer_scheme(manifest: dict) -> None:
        manifest["encryption"]["scheme"] = "prism-something-newer-2"

    strange = tmp_path / "strange.prism"
    strange.write_bytes(rebuild(archive.read_bytes(), manifest=newer_scheme))

    with pytest.raises(ArchiveError, match="protected with a passphrase in a way"):
        training.archive.inspect(strange)
