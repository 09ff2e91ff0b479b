"""`prism cpd import FILE --profile NAME`: the same checks as the service the window uses.

A file exported from one profile goes into another; importing again changes nothing;
every damaged file of the import corpus is refused with its message and changes
nothing; a missing database is never created.
"""

# ruff: noqa: F811 - tests take the fixtures imported below as arguments of the same name

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from desktop import cli
from desktop.store.profiles import ProfileRepo

from .cpd_demo import PROFILE_NAME, Demo
from .test_cpd_commands import demo, run, template  # noqa: F401 - the shared demo fixtures

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "imports"
EXPECTED: dict[str, str] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
OTHER = "Alex Morgan"


@pytest.fixture
def other(demo: Demo) -> str:
    """A second profile in the demo's data, to import into."""
    return ProfileRepo(demo.service._ctx.db).create(OTHER).name


def exported(demo: Demo, capsys) -> Path:  # type: ignore[no-untyped-def]
    status, out, err = run(
        demo, capsys, "cpd", "export", "--profile", PROFILE_NAME, "--all", "--format", "json"
    )
    assert status == 0, err
    return Path(out.strip())


def titles(demo: Demo, name: str) -> list[str]:
    profile = demo.service.find_profile(name)
    assert profile is not None
    return sorted(record.title for record in demo.service.list(profile.id))


def test_records_move_to_another_profile_and_a_second_import_changes_nothing(
    demo: Demo, other: str, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(demo.root)
    path = exported(demo, capsys)
    assert titles(demo, OTHER) == []

    status, out, err = run(demo, capsys, "cpd", "import", str(path), "--profile", OTHER)
    assert status == 0, err
    count = len(demo.records)
    assert f"Imported {count} CPD records into {OTHER}'s records" in out
    assert titles(demo, OTHER) == titles(demo, PROFILE_NAME)

    status, out, err = run(demo, capsys, "cpd", "import", str(path), "--profile", OTHER)
    assert status == 0, err
    assert out.startswith("Nothing new in")
    assert len(titles(demo, OTHER)) == count


def _fingerprint(demo: Demo) -> str:
    rows = demo.service._ctx.db.execute("SELECT * FROM cpd_records ORDER BY id").fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_damaged_file_is_refused_with_its_reason_and_changes_nothing(
    demo: Demo, capsys, name: str
) -> None:
    before = _fingerprint(demo)
    status, out, err = run(
        demo, capsys, "cpd", "import", str(CORPUS / name), "--profile", PROFILE_NAME
    )
    assert status == 1
    assert EXPECTED[name] in err
    assert "Nothing was" in err
    assert "Traceback" not in err and out == ""
    assert _fingerprint(demo) == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "missing.json", "There is no file"),
        (lambda root: root, "is a folder"),
        (lambda root: _write(root / "latin1.json", "caf\xe9".encode("latin-1")), "not UTF-8"),
    ],
)
def test_a_file_that_cannot_be_read_is_explained(demo: Demo, capsys, make, message) -> None:
    status, _, err = run(
        demo, capsys, "cpd", "import", str(make(demo.root)), "--profile", PROFILE_NAME
    )
    assert status == 1
    assert message in err


def test_an_unknown_profile_is_named(demo: Demo, capsys, monkeypatch) -> None:
    monkeypatch.chdir(demo.root)
    path = exported(demo, capsys)
    status, _, err = run(demo, capsys, "cpd", "import", str(path), "--profile", "Nobody")
    assert status == 1
    assert "There is no profile called ‘Nobody’" in err


def test_no_database_is_created_to_import_into(tmp_path: Path, capsys) -> None:
    source = tmp_path / "records.json"
    source.write_text("{}", encoding="utf-8")
    data_dir = tmp_path / "empty"
    status = cli.main(
        ["--data-dir", str(data_dir), "cpd", "import", str(source), "--profile", "Sam"]
    )
    assert status == 1
    assert "There is no Prism progress file" in capsys.readouterr().err
    assert not data_dir.exists()


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
