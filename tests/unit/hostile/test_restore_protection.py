"""A restore never silently weakens protection (issue 16, finding 2).

`prism restore N --yes` from a backup made before the passphrase was set used to
unprotect the profile and expose its old text. Now it needs that profile's
passphrase (asked on a terminal, never echoed), and without it nothing changes.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop import cli
from desktop.services.backups import BackupService, ProtectionWouldWeakenError
from desktop.services.privacy_lock import PassphraseService
from desktop.store.database import close_database, open_database
from desktop.store.keys import keyring_for
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams
from tests.unit.services.archive_helpers import dump


def now() -> datetime:
    return datetime.now(UTC)


PASSPHRASE = "a lighthouse in the fog"
FAST = KdfParams(n=2**10, r=8, p=1)


@pytest.fixture
def home(tmp_path: Path) -> tuple[Path, Path]:
    """Sam wrote in the clear, a backup was taken, then Sam set a passphrase."""
    folder = tmp_path / "home"
    db = open_database(folder / "prism.db")
    sam = ProfileRepo(db).create("Sam")
    ReflectionRepo(db).create(sam.id, "alpha", None, "Old private words")
    before = BackupService(db, folder / "prism.db", now).back_up_now()
    PassphraseService(db, kdf=FAST).protect(sam.id, PASSPHRASE)
    keyring_for(db).forget_all()
    close_database(db)
    return folder, before.path


def _dump(folder: Path) -> dict:
    db = open_database(folder / "prism.db")
    try:
        return {k: v for k, v in dump(db).items() if k != "_sqlite_migrations"}
    finally:
        close_database(db)


def test_restore_without_a_terminal_is_refused_and_changes_nothing(home, monkeypatch, capsys):
    folder, backup = home
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    before = _dump(folder)

    assert cli.main(["--data-dir", str(folder), "restore", str(backup), "--yes"]) == 1

    err = capsys.readouterr().err
    assert "passphrase" in err and "\u201cSam\u201d" in err
    assert _dump(folder) == before


def test_a_wrong_passphrase_changes_nothing_and_the_right_one_restores(home, monkeypatch):
    folder, backup = home
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: "a guess")
    before = _dump(folder)
    assert cli.main(["--data-dir", str(folder), "restore", str(backup), "--yes"]) == 1
    assert _dump(folder) == before

    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSPHRASE)
    assert cli.main(["--data-dir", str(folder), "restore", str(backup), "--yes"]) == 0


def test_the_service_refuses_unless_the_profile_is_unlocked(home) -> None:
    folder, backup = home
    db = open_database(folder / "prism.db")
    try:
        service = BackupService(db, folder / "prism.db", now)
        with pytest.raises(ProtectionWouldWeakenError) as caught:
            service.restore(backup)
        assert [name for _id, name in caught.value.profiles] == ["Sam"]
        sam = ProfileRepo(db).find_by_name("Sam")
        PassphraseService(db, kdf=FAST).unlock(sam.id, PASSPHRASE)
        service.restore(backup)  # the owner, unlocked, may
    finally:
        close_database(db)


def test_protecting_the_backups_leaves_no_plain_text_in_any_of_them(home) -> None:
    """When the passphrase is first set and the offer accepted, every backup is sealed."""
    folder, first = home
    db = open_database(folder / "prism.db")
    try:
        service = BackupService(db, folder / "prism.db", now)
        sam = ProfileRepo(db).find_by_name("Sam")
        # A manual backup from before too (never pruned, so plain for ever).
        assert b"Old private words" in first.read_bytes()
        with pytest.raises(Exception, match="passphrase first"):
            service.reseal_backups(sam.id)
        PassphraseService(db, kdf=FAST).unlock(sam.id, PASSPHRASE)

        report = service.reseal_backups(sam.id)

        assert report.sealed == 1 and not report.failed
        assert "profile exports" in report.message()
        for backup in service.folder.iterdir():
            assert b"Old private words" not in backup.read_bytes(), backup.name
        # The resealed backup restores protected, and reads back with the passphrase.
        service.restore(first)
        keyring_for(db).forget_all()
        PassphraseService(db, kdf=FAST).unlock(sam.id, PASSPHRASE)
        assert [r.text for r in ReflectionRepo(db).list(sam.id)] == ["Old private words"]
    finally:
        close_database(db)
