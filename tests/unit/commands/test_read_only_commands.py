"""Commands that only read never create a progress file, or even the data folder (issue 22).

`prism profile list` used to create prism.db as a side effect, so asking "what is
here?" of the wrong folder (a USB stick, a typo) left an empty database behind, which
later looked like real, empty progress.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import cli

READ_ONLY = [
    ["profile", "list"],
    ["profile", "export", "Sam", "--out", "{tmp}/sam.prism"],
    ["profile", "team-summary", "--out", "{tmp}/team.csv"],
    ["cpd", "list", "--profile", "Sam"],
    ["cpd", "export", "--profile", "Sam", "--all", "--format", "json", "--out", "{tmp}"],
    ["cpd", "certificate", "--profile", "Sam"],
    ["cpd", "import", "{tmp}/records.json", "--profile", "Sam"],
    ["verify", "PRISM-7K3Q-9XHD-2M4T"],
    ["check"],
    ["backup"],
    ["restore", "--list"],
    ["content", "check"],
]


@pytest.mark.parametrize("command", READ_ONLY, ids=lambda c: " ".join(c[:2]))
def test_nothing_is_created_in_a_folder_without_progress(
    command: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = tmp_path / "no-progress-here"
    (tmp_path / "records.json").write_text("{}", encoding="utf-8")
    args = [part.replace("{tmp}", str(tmp_path)) for part in command]
    status = cli.main(["--data-dir", str(data_dir), *args])
    out, err = capsys.readouterr()
    assert not data_dir.exists(), f"`prism {' '.join(command)}` created {data_dir}"
    assert "Traceback" not in out + err
    if command[:2] == ["profile", "list"]:
        assert status == 0 and "no profiles" in out  # an empty answer, not an error
    elif command[0] != "content" and command[:2] != ["restore", "--list"]:
        assert status != 0 and err.strip(), "a refusal should say why"
    assert not list(tmp_path.glob("*.prism")) and not (tmp_path / "team.csv").exists()


def test_an_empty_data_folder_stays_empty(tmp_path: Path, capsys) -> None:
    """The folder exists (e.g. made by hand), but no database may appear in it."""
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    assert cli.main(["--data-dir", str(data_dir), "profile", "list"]) == 0
    assert list(data_dir.iterdir()) == []
