"""Fixtures shared by the course tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from desktop import paths


@pytest.fixture
def course_copy(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the shipped course and assets, free to edit."""
    content, assets = tmp_path / "content", tmp_path / "assets"
    shutil.copytree(paths.content_dir(), content)
    shutil.copytree(paths.assets_dir(), assets)
    return content, assets
