"""`prism profile list | export | import | team-summary`, run as a user would type them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from desktop import cli
from desktop.store.database import close_database, open_database
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.services.archive_helpers import build_course, fill_profile
from tests.unit.store.fakes import FakeClock


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A data folder holding Sam Patel's work (who agreed to the team summary) and Alex."""
    folder = tmp_path / "home"
    db = open_database(folder / "prism.db")
    fill_profile(db, build_course(tmp_path / "course"), FakeClock())
    ProfileRepo(db).create("Alex")
    close_database(db)
    return folder


def prism(*argv: str) -> int:
    return cli.main(list(argv))


def test_list_shows_every_profile_last_used_first(home, capsys):
    assert prism("--data-dir", str(home), "profile", "list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Sam Patel") and "(in team summary)" in lines[0]
    assert lines[1].startswith("Alex") and "Not used yet" in lines[1]


def test_list_with_no_profiles_says_what_to_do(tmp_path, capsys):
    assert prism("--data-dir", str(tmp_path / "empty"), "profile", "list") == 0
    assert "prism profile import FILE" in capsys.readouterr().out


def test_export_then_import_on_another_laptop(home, tmp_path, capsys):
    archive = tmp_path / "sam.prism"
    assert (
        prism("--data-dir", str(home), "profile", "export", "sam patel", "--out", str(archive)) == 0
    )
    assert "Exported \u201cSam Patel\u201d" in capsys.readouterr().out

    other = tmp_path / "training"
    assert prism("--data-dir", str(other), "profile", "import", str(archive)) == 0
    assert "Added the profile \u201cSam Patel\u201d" in capsys.readouterr().out
    assert prism("--data-dir", str(other), "profile", "import", str(archive)) == 0
    assert "already up to date" in capsys.readouterr().out


def test_export_refuses_to_replace_a_file_unless_forced(home, tmp_path, capsys):
    archive = tmp_path / "sam.prism"
    archive.write_text("precious")
    args = ["--data-dir", str(home), "profile", "export", "Sam Patel", "--out", str(archive)]
    assert prism(*args) == 1
    assert "--force" in capsys.readouterr().err
    assert archive.read_text() == "precious"
    assert prism(*args, "--force") == 0


def test_export_of_an_unknown_name_lists_the_profiles(home, tmp_path, capsys):
    out = tmp_path / "x.prism"
    assert prism("--data-dir", str(home), "profile", "export", "Nobody", "--out", str(out)) == 1
    err = capsys.readouterr().err
    assert "no profile called \u201cNobody\u201d" in err and "Sam Patel" in err
    assert not out.exists()


def test_importing_a_bad_file_explains_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "holiday.zip"
    bad.write_bytes(b"PK\x03\x04 not really")
    assert prism("--data-dir", str(tmp_path / "data"), "profile", "import", str(bad)) == 1
    err = capsys.readouterr().err
    assert "not a Prism profile archive" in err and "Traceback" not in err


def test_team_summary_writes_a_csv_of_the_learners_who_agreed(home, tmp_path, capsys):
    content = write_course(tmp_path / "course2")
    out = tmp_path / "team.csv"
    base = ["--data-dir", str(home), "--content-dir", str(content), "profile", "team-summary"]
    assert prism(*base, "--out", str(out)) == 0
    assert "1 learner who agreed" in capsys.readouterr().out
    text = out.read_text(encoding="utf-8-sig")
    assert "Sam Patel" in text and "Alex" not in text
    assert prism(*base, "--out", str(out)) == 1
    assert "--force" in capsys.readouterr().err


def test_profile_commands_never_load_qt(home):
    code = (
        "import sys; from desktop import cli; "
        f"rc = cli.main(['--data-dir', {str(home)!r}, 'profile', 'list']); "
        "bad = [m for m in sys.modules if m.startswith('PySide6')]; "
        "sys.exit(3 if bad else rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
