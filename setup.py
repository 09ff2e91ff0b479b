"""Build hook: the wheel carries the course and its assets inside the package.

The repository keeps ``content/`` and ``assets/`` at the top level (authors edit them
there, and PyInstaller's build.spec takes them from there). A wheel can only install
files under a package, so ``build_py`` copies both folders to ``desktop/_data/`` in the
build tree; ``desktop.paths`` finds them there at run time. Everything else about the
build is in pyproject.toml. Editable installs skip the copy: they read the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
BUNDLED = ("content", "assets")
PACKAGE_DATA = Path("desktop") / "_data"  # keep in step with desktop/paths.py
SKIPPED = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


class BuildWithCourse(build_py):
    """build_py, then the course and assets into the package's _data folder."""

    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in BUNDLED:
            source = ROOT / name
            if not source.is_dir():
                raise SystemExit(f"setup.py: {source} is missing; the wheel would not run")
            target = Path(self.build_lib) / PACKAGE_DATA / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(source, target, ignore=SKIPPED)


setup(cmdclass={"build_py": BuildWithCourse})
