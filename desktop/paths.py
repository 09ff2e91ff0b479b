"""Where the bundled course lives, and where a user's data lives. No Qt.

Bundled files are found beside the package in a checkout or install, or in the
PyInstaller bundle (`sys._MEIPASS`). User data never goes beside the bundle: it
may be read-only or wiped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "PRISM_DATA_DIR"
CACHE_DIR_ENV = "PRISM_CACHE_DIR"
DATABASE_NAME = "prism.db"


def resource_root() -> Path:
    """The folder holding content/ and assets/."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parent.parent


def content_dir(override: str | os.PathLike[str] | None = None) -> Path:
    return Path(override).expanduser().resolve() if override else resource_root() / "content"


def assets_dir() -> Path:
    return resource_root() / "assets"


def user_data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    """--data-dir, else $PRISM_DATA_DIR, else the per-OS user data folder."""
    chosen = override or os.environ.get(DATA_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs  # deferred: only the app's first start needs it

    return Path(platformdirs.user_data_dir("Prism", "Prism", roaming=False))


def user_cache_dir() -> Path:
    """$PRISM_CACHE_DIR, else the per-OS user cache folder: things Prism can rebuild."""
    chosen = os.environ.get(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser().resolve()
    import platformdirs

    return Path(platformdirs.user_cache_dir("Prism", "Prism"))


def database_path(data_dir: Path) -> Path:
    return data_dir / DATABASE_NAME
