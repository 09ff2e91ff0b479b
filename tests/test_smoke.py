"""`prism --smoke` from source, in a fresh interpreter, as CI runs it on the bundle.

The smoke run must pass on the shipped course, fail loudly when something is missing,
and never write anywhere but its own temporary data folder, which it removes.
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest


@pytest.fixture
def sandbox(tmp_path: Path) -> dict[str, Path]:
    """Separate HOME, temp, data and working folders, so every write can be seen."""
    folders = {name: tmp_path / name for name in ("home", "tmp", "cwd")}
    for folder in folders.values():
        folder.mkdir()
    folders["data"] = tmp_path / "learner-data"  # must never be created
    return folders


def run_smoke(sandbox: dict[str, Path], *extra: str) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
        and not key.startswith("XDG_")
    }
    env.update(
        HOME=str(sandbox["home"]),
        TMPDIR=str(sandbox["tmp"]),
        PRISM_DATA_DIR=str(sandbox["data"]),
    )
    return subprocess.run(
        [sys.executable, "-m", "desktop", "--smoke", *extra],
        cwd=sandbox["cwd"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def everything_under(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*"))


def test_smoke_passes_and_touches_only_its_temporary_data_folder(sandbox):
    result = run_smoke(sandbox)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "smoke: all checks passed" in result.stdout
    assert "rendered" in result.stdout
    assert "database written and read back" in result.stdout
    assert "journal search works (full-text index)" in result.stdout
    used = Path(re.search(r"smoke: data folder (\S+)", result.stdout).group(1))
    assert used.parent == sandbox["tmp"], "the smoke run must use a fresh temporary folder"
    assert not used.exists(), "the temporary data folder must be removed afterwards"
    assert everything_under(sandbox["tmp"]) == []
    assert not sandbox["data"].exists(), "PRISM_DATA_DIR must never be touched"
    assert everything_under(sandbox["home"]) == []
    assert everything_under(sandbox["cwd"]) == []


def test_smoke_fails_with_a_reason_when_the_course_is_missing(sandbox):
    missing = sandbox["cwd"] / "no-such-course"

    result = run_smoke(sandbox, "--content-dir", str(missing))

    assert result.returncode == 1
    assert "smoke: FAILED" in result.stdout
    assert "no-such-course" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    assert everything_under(sandbox["tmp"]) == []
