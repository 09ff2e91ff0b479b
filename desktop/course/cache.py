"""The parsed course, kept between launches so start-up does not parse it again.

Reading ``content/`` means parsing ~20 YAML files and checking every rule, and the
sections search and the home page need mean rendering every module's Markdown:
together ~150 ms and three libraries, every launch, for files that change only when
Prism is updated (or an author edits them). So the result is pickled into the user's
cache folder, with a fingerprint of every content and asset file (path, size,
modification time), Prism's version and the course-reading code itself. Any change
to any of them gives a new fingerprint, and the course is read afresh.

The fingerprint is that list itself, written at the head of the file and compared in
full, not a digest of it: nothing to collide, and no hashing library to load (for
hashlib that is OpenSSL, ~3 ms of every launch).

The cache is only ever a shortcut. A missing, unreadable or damaged file, or one a
different Prism wrote, is ignored (and replaced); one that cannot be written is
skipped; start-up never fails because of it. It is never in the data folder, so it
is not in backups or profile exports, and deleting it loses nothing.

Pickle runs code named in the file. The file lives in the user's own cache folder,
which holds the same trust as Python's own ``__pycache__``: anyone able to write
there can already run code as this user.
"""

from __future__ import annotations

import logging
import os
import pickle
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.course.model import Course, Problem, Section

logger = logging.getLogger(__name__)

FORMAT = 3
"""Raise when the file's shape changes; old files are then simply not used."""

_PREFIX = "course-"
_SUFFIX = ".pickle"
_NAME = f"{_PREFIX}v{FORMAT}{_SUFFIX}"
# The code whose output is cached: a change to any of it (in a checkout) means a new
# fingerprint, so a developer never runs against objects of an older shape.
_CODE_PACKAGES = ("course", "domain")


@dataclass(frozen=True)
class CachedCourse:
    """What start-up needs: the course, its problems, and the sections known so far."""

    course: Course
    problems: tuple[Problem, ...]
    sections: dict[tuple[str, str], tuple[Section, ...]]  # by (module id, content hash)


def fingerprint(root: Path, assets: Path, data_dir: Path | None = None) -> str:
    """Everything the parsed course depends on, one line each: equal means unchanged.

    With ``data_dir``, the content packs installed there (and the trusted-publishers
    list that decides whether they are verified) are part of it, but only when a packs
    folder exists: without packs the key, and the launch, are as they were.
    """
    lines = [f"{FORMAT}|{__version__}|{sys.version_info[:2]}|{root}|{assets}"]
    for folder in (root, assets):
        lines += (f"{path}|{size}|{mtime}" for path, size, mtime in sorted(_files(folder)))
    packs = data_dir / "packs" if data_dir is not None else None
    if packs is not None and packs.is_dir():
        lines.append(f"packs|{packs}")
        lines += (f"{path}|{size}|{mtime}" for path, size, mtime in sorted(_files(packs)))
        try:
            trusted = (data_dir / "trusted-publishers.yaml").stat()
            lines.append(f"trusted|{trusted.st_size}|{trusted.st_mtime_ns}")
        except OSError:
            lines.append("trusted|none")
    for folder in _code_folders():
        lines += (
            f"{path}|{size}|{mtime}"
            for path, size, mtime in sorted(_files(folder))
            if path.endswith(".py")  # not __pycache__, which Python rewrites at will
        )
    return "\n".join(lines)


def read(cache_dir: Path, key: str) -> CachedCourse | None:
    """The cached course if it was made for fingerprint ``key``, else None."""
    path = cache_dir / _NAME
    try:
        with path.open("rb") as handle:
            if pickle.load(handle) != key:  # made from other files: not ours to use
                return None
            payload = pickle.load(handle)
    except FileNotFoundError:
        return None
    except Exception as error:  # damaged, truncated, or from other code: read afresh
        logger.info("Course cache %s not used: %s", path, error)
        return None
    if not isinstance(payload, CachedCourse):
        logger.info("Course cache %s not used: it holds something else", path)
        return None
    return payload


def write(cache_dir: Path, key: str, cached: CachedCourse) -> None:
    """Save ``cached`` for fingerprint ``key`` and remove older cache files; never raises."""
    from desktop.atomic_files import write_bytes_atomic

    target = cache_dir / _NAME
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(key, protocol=pickle.HIGHEST_PROTOCOL) + pickle.dumps(
            cached, protocol=pickle.HIGHEST_PROTOCOL
        )
        write_bytes_atomic(target, data, overwrite=True)
        for old in cache_dir.glob(f"{_PREFIX}*{_SUFFIX}"):
            if old != target:
                old.unlink(missing_ok=True)
    except Exception as error:  # a read-only or full disk costs the next launch time, no more
        logger.info("Course cache not written to %s: %s", cache_dir, error)


def _files(folder: Path) -> list[tuple[str, int, int]]:
    """(relative path, size, mtime in ns) of every file under ``folder``."""
    found = []
    stack = [folder]
    while stack:
        current = stack.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue  # a missing folder fingerprints as empty; the loader reports it
        for entry in entries:
            if entry.is_dir(follow_symlinks=True):
                stack.append(Path(entry.path))
                continue
            try:
                info = entry.stat()
            except OSError:
                continue
            found.append((os.path.relpath(entry.path, folder), info.st_size, info.st_mtime_ns))
    return found


def _code_folders() -> list[Path]:
    # In a PyInstaller bundle the code is inside the archive: no folder, and the
    # version (already in the fingerprint) fixes it.
    package_root = Path(__file__).resolve().parent.parent
    return [package_root / name for name in _CODE_PACKAGES if (package_root / name).is_dir()]
