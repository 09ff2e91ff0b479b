"""`prism desktop-entry install` writes a menu entry, metadata and icons that the
freedesktop.org validators accept, starting this installation of Prism."""

from __future__ import annotations

import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import desktop
from desktop import paths
from desktop.cli import main
from desktop.desktop_entry import APP_ID, ICON_SIZES, exec_value
from tests.real_tools import run_tool

LINUX = paths.assets_dir() / "linux"


@pytest.fixture
def data_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg data"  # a space, as in many real home folders
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    return home


def test_the_shipped_entry_and_metainfo_validate() -> None:
    entry = run_tool("desktop-file-validate", str(LINUX / f"{APP_ID}.desktop"))
    assert entry.returncode == 0, entry.stdout + entry.stderr
    metainfo = run_tool(
        "appstreamcli", "validate", "--no-net", str(LINUX / f"{APP_ID}.metainfo.xml")
    )
    assert metainfo.returncode == 0, metainfo.stdout + metainfo.stderr


def test_the_metainfo_describes_this_version() -> None:
    root = ET.parse(LINUX / f"{APP_ID}.metainfo.xml").getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("launchable").text == f"{APP_ID}.desktop"
    assert root.findtext("project_license") == "MIT"
    newest = root.find("releases/release")
    assert newest.get("version") == desktop.__version__


def test_install_writes_a_valid_entry_that_starts_this_prism(
    data_home: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    launcher = data_home.parent / "my apps" / "bin" / "prism"
    launcher.parent.mkdir(parents=True)
    launcher.write_text("#!/bin/sh\n")
    launcher.chmod(0o755)
    monkeypatch.setattr(sys, "argv", [str(launcher)])

    assert main(["desktop-entry", "install"]) == 0

    entry = data_home / "applications" / f"{APP_ID}.desktop"
    checked = run_tool("desktop-file-validate", str(entry))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    text = entry.read_text(encoding="utf-8")
    assert f'Exec="{launcher}"' in text
    assert f"TryExec={launcher}" in text
    assert re.search(rf"(?m)^Icon={re.escape(APP_ID)}$", text)
    metainfo = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    checked = run_tool("appstreamcli", "validate", "--no-net", str(metainfo))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    for size in ICON_SIZES:
        icon = data_home / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        assert icon.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert (data_home / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert str(entry) in capsys.readouterr().out


def test_remove_takes_away_everything_install_wrote(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["desktop-entry", "install"]) == 0
    assert main(["desktop-entry", "remove"]) == 0
    left = [p for p in data_home.rglob("*") if p.is_file() and APP_ID in p.name]
    assert left == []
    assert "Removed" in capsys.readouterr().out


def test_an_unwritable_folder_is_explained(
    data_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data_home.mkdir(parents=True)
    (data_home / "applications").write_text("a file where a folder should be")
    assert main(["desktop-entry", "install"]) == 1
    assert "could not add its menu entry" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        (("/usr/bin/prism",), "/usr/bin/prism"),
        (("/home/sam/my apps/prism",), '"/home/sam/my apps/prism"'),
        (("/opt/$weird/prism",), '"/opt/\\\\$weird/prism"'),
        (("/usr/bin/python3", "-m", "desktop"), "/usr/bin/python3 -m desktop"),
    ],
)
def test_exec_quotes_what_the_spec_reserves(command: tuple[str, ...], expected: str) -> None:
    assert exec_value(command) == expected
