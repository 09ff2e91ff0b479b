"""An installed Prism (the wheel's layout) finds its course and assets from any folder.

The wheel puts content/ and assets/ in desktop/_data/ (setup.py). These tests lay the
package out exactly so in a temporary site folder, with no checkout beside it, and run
the real `prism` entry point from `/`, as someone who installed it with pip would.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tarfile
import tomllib
from pathlib import Path

import desktop
from desktop import paths

ROOT = Path(desktop.__file__).resolve().parent.parent


def _installed_copy(site: Path) -> Path:
    """desktop/ copied to `site`, with the course and assets where the wheel puts them."""
    package = site / "desktop"
    shutil.copytree(ROOT / "desktop", package, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("content", "assets"):
        shutil.copytree(ROOT / name, package / paths.PACKAGE_DATA / name)
    return package


def _run_prism(site: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    code = "import sys; from desktop.cli import main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run(
        [sys.executable, "-c", code, *arguments],
        cwd="/",
        env={"PYTHONPATH": str(site), "PATH": "/usr/bin:/bin", "PYTHONNOUSERSITE": "1"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_installed_copy_checks_its_course_from_the_root_folder(tmp_path: Path) -> None:
    package = _installed_copy(tmp_path / "site")
    result = _run_prism(tmp_path / "site", "content", "check")
    assert result.returncode == 0, result.stdout + result.stderr
    assert f"{package / '_data' / 'content'}: all content checks passed" in result.stdout


def test_an_installed_copy_says_where_its_resources_are(tmp_path: Path) -> None:
    package = _installed_copy(tmp_path / "site")
    code = "from desktop import paths; print(paths.resource_root()); print(paths.assets_dir())"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd="/",
        env={"PYTHONPATH": str(tmp_path / "site"), "PYTHONNOUSERSITE": "1"},
        capture_output=True,
        text=True,
        check=True,
    )
    root, assets = result.stdout.split()
    assert Path(root) == package / "_data"
    assert (Path(assets) / "icons" / "app" / "prism-256.png").is_file()


def test_the_checkout_still_uses_its_top_level_folders() -> None:
    assert paths.resource_root() == ROOT
    assert paths.content_dir() == ROOT / "content"


def test_the_version_is_written_in_one_place() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in pyproject["project"]
    assert "version" in pyproject["project"]["dynamic"]
    assert pyproject["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "desktop.__version__"}
    assert re.fullmatch(r"\d+\.\d+\.\d+", desktop.__version__)


def test_the_licence_is_an_spdx_string_with_the_file_shipped() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r'(?m)^license = "MIT"$', pyproject)
    assert re.search(r'(?m)^license-files = \["LICENSE"\]$', pyproject)
    assert (ROOT / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")
    # setuptools reads an SPDX string and license-files from version 77 on.
    assert re.search(r'requires = \["setuptools>=(7[7-9]|[89]\d)', pyproject)
    assert (ROOT / "desktop" / "py.typed").is_file()


def test_the_sdist_manifest_carries_what_rebuilding_needs(tmp_path: Path) -> None:
    """setuptools' own sdist, so MANIFEST.in is read exactly as a packager's build reads it."""
    result = subprocess.run(
        [sys.executable, "setup.py", "-q", "sdist", "--formats=gztar", "-d", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    (archive,) = tmp_path.glob("*.tar.gz")
    with tarfile.open(archive) as sdist:
        names = {name.split("/", 1)[1] for name in sdist.getnames() if "/" in name}
    for needed in (
        "LICENSE",
        "build.spec",
        "setup.py",
        "content/course.yaml",
        "assets/icons/app/prism.svg",
        "assets/linux/org.prism_learning.Prism.desktop",
        "scripts/check-wheel.sh",
        "scripts/demo_data.py",
        "desktop/py.typed",
    ):
        assert needed in names, needed
    assert not any("__pycache__" in name for name in names)
