"""Every Python script in scripts/ reads its command line with argparse: `--help` prints
help and touches nothing (demo_data.py once made a database in a folder called --help)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = sorted((Path(__file__).resolve().parents[2] / "scripts").glob("*.py"))


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: path.name)
def test_help_is_help(script: Path, tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("usage:")
    assert list(tmp_path.iterdir()) == []


def test_demo_data_without_a_folder_says_what_is_missing(tmp_path: Path) -> None:
    script = next(s for s in SCRIPTS if s.name == "demo_data.py")
    result = subprocess.run(
        [sys.executable, str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert "DATA_DIR" in result.stderr
    assert list(tmp_path.iterdir()) == []
