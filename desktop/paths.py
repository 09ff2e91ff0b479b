"""Where the bundled course lives, and where a user's data lives. No Qt.

Bundled files (content/ and assets/) are found, in this order: in the PyInstaller
bundle (`sys._MEIPASS`); inside the installed package, where the wheel puts them
(`desktop/_data/`, copied there by setup.py); beside the package in a checkout, where
the repository keeps them at the top level. User data never goes beside the bundle:
it may be read-only or wiped.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

DATA_DIR_ENV = "PRISM_DATA_DIR"
CACHE_DIR_ENV = "PRISM_CACHE_DIR"
DATABASE_NAME = "prism.db"


PACKAGE_DATA = "_data"
"""The folder inside the installed package that holds content/ and assets/ (see setup.py)."""


def resource_root() -> Path:
    """The folder holding content/ and assets/: the bundle, the installed package or checkout."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and frozen_root:
        return Path(frozen_root)
    package = Path(__file__).resolve().parent
    # What importlib.resources.files("desktop") gives for an installed wheel, asked
    # directly: importing importlib.resources (zipfile, tempfile) would cost every launch.
    installed = package / PACKAGE_DATA
    if (installed / "content").is_dir():
        return installed
    checkout = package.parent
    if (checkout / "content").is_dir():
        return checkout
    return _resources_from_loader() or checkout


def _resources_from_loader() -> Path | None:
    """The package data through importlib.resources, for loaders that are not plain folders.

    A zip import or a custom loader keeps no folder beside ``__file__``; importlib.resources
    still knows where the data is when the files can be reached as a folder.
    """
    from importlib.resources import files

    try:
        root = files("desktop") / PACKAGE_DATA
    except (ModuleNotFoundError, TypeError):
        return None
    return Path(str(root)) if isinstance(root, Path) and root.is_dir() else None


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
