"""Protected means authenticated (issue 16, finding 1): a colleague with the same laptop
cannot change a locked, protected profile through an import.

The colleague's route: `prism profile export NAME` needs no passphrase and gives the
profile's key record; a hand-edited copy of that archive then renames the profile,
switches on its team-summary consent and replaces a reflection. Importing it without
the owner's passphrase must be refused and write nothing, from the command line (no
terminal: refused; a terminal: the passphrase is asked, never echoed) and the service.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.services.privacy_lock import PassphraseService
from desktop.store.database import close_database, open_database
from desktop.store.sealing import KdfParams
from tests.corpus.archives.build import rebuild
from tests.unit.services.archive_helpers import build_course, dump, fill_profile
from tests.unit.store.fakes import FakeClock

PASSPHRASE = "a lighthouse in the fog"
FAST = KdfParams(n=2**10, r=8, p=1)


@pytest.fixture
def home(tmp_path: Path) -> Path:
    folder = tmp_path / "home"
    db = open_database(folder / "prism.db")
    profile = fill_profile(db, build_course(tmp_path / "course"), FakeClock())
    db.execute("UPDATE profiles SET include_in_team_summary = 0 WHERE id = ?", [profile.id])
    PassphraseService(db, kdf=FAST).protect(profile.id, PASSPHRASE)
    close_database(db)
    return folder


def _dump(folder: Path) -> dict:
    db = open_database(folder / "prism.db")
    try:
        return dump(db)
    finally:
        close_database(db)


def _forged(home: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr("sys.stdin.isatty", lambda: False)
    exported = tmp_path / "sam.prism"
    assert (
        cli.main(
            ["--data-dir", str(home), "profile", "export", "Sam Patel", "--out", str(exported)]
        )
        == 0
    )

    def forge(manifest: dict) -> None:
        manifest["profile"]["name"] = "Sam Patel (left the team)"
        manifest["profile"]["include_in_team_summary"] = True
        manifest["profile"]["updated_utc"] = "2026-12-01T09:00:00.000Z"

    def swap_reflections(members: dict[str, bytes]) -> None:
        lines = members["reflections.jsonl"].decode().splitlines()
        rows = [json.loads(line) for line in lines]
        rows[0]["text"], rows[1]["text"] = rows[1]["text"], rows[0]["text"]
        for row in rows:
            row["updated_utc"] = "2026-12-01T09:00:00.000Z"
        members["reflections.jsonl"] = "".join(json.dumps(r) + "\n" for r in rows).encode()

    forged = tmp_path / "forged.prism"
    forged.write_bytes(rebuild(exported.read_bytes(), change=swap_reflections, manifest=forge))
    return forged


def test_a_forged_archive_is_refused_without_a_terminal_and_nothing_changes(
    home, tmp_path, monkeypatch, capsys
) -> None:
    forged = _forged(home, tmp_path, monkeypatch)
    before = _dump(home)
    capsys.readouterr()

    assert cli.main(["--data-dir", str(home), "profile", "import", str(forged)]) == 1

    err = capsys.readouterr().err
    assert "protected with a passphrase" in err and "terminal" in err
    assert _dump(home) == before


def test_on_a_terminal_the_passphrase_is_asked_and_a_wrong_one_changes_nothing(
    home, tmp_path, monkeypatch, capsys
) -> None:
    forged = _forged(home, tmp_path, monkeypatch)
    before = _dump(home)
    asked: list[str] = []
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "guess")

    assert cli.main(["--data-dir", str(home), "profile", "import", str(forged)]) == 1
    assert asked and "Sam Patel" in asked[0]
    assert _dump(home) == before


def test_the_owner_can_import_with_the_passphrase(home, tmp_path, monkeypatch, capsys) -> None:
    forged = _forged(home, tmp_path, monkeypatch)  # the owner's own edits, say
    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("getpass.getpass", lambda prompt: PASSPHRASE)

    assert cli.main(["--data-dir", str(home), "profile", "import", str(forged)]) == 0
    assert "Updated" in capsys.readouterr().out


def test_a_sealed_value_moved_to_another_row_hides_only_that_reflection(home) -> None:
    """A value copied from one reflection onto another does not open there (it is sealed
    to its own row), and the rest of the journal still shows."""
    from desktop.store.profiles import ProfileRepo
    from desktop.store.reflections import ReflectionRepo

    db = open_database(home / "prism.db")
    try:
        sam = ProfileRepo(db).find_by_name("Sam Patel")
        PassphraseService(db, kdf=FAST).unlock(sam.id, PASSPHRASE)
        first, second = db.execute(
            "SELECT id, text FROM reflections WHERE profile_id = ? ORDER BY id", [sam.id]
        ).fetchall()
        db.execute("UPDATE reflections SET text = ? WHERE id = ?", [first[1], second[0]])

        repo = ReflectionRepo(db)
        assert [r.id for r in repo.list(sam.id)] == [first[0]]
        assert repo.unreadable(sam.id) == [second[0]]
    finally:
        close_database(db)
