"""The parsed course, kept between launches so start-up does not parse it again.

Reading ``content/`` means parsing ~20 YAML files and checking every rule, and the
sections search and the home page need mean rendering every module's Markdown:
together ~150 ms and three libraries, every launch, for files that change only when
Prism is updated (or an author edits them). So the result is saved into the user's
cache folder, with a fingerprint of every content and asset file (path, size,
modification time), Prism's version and the course-reading code itself. Any change
to any of them gives a new fingerprint, and the course is read afresh.

The file is data, never code: JSON in which each object names one of the course's
own value classes (``_TYPES``, a fixed list) and is rebuilt from its fields, so a
file someone else wrote can at worst be refused, never run anything. (It was a pickle
once, and unpickling runs whatever the file names, inside a session that may hold
unlocked passphrase keys.) The fingerprint is written first, as its length and then
the text itself, and compared in full, byte for byte, before any of the rest is
parsed: nothing to collide, and no hashing library to load (for hashlib that is
OpenSSL, ~3 ms of every launch).

The cache is only ever a shortcut. A missing, unreadable or damaged file, or one a
different Prism wrote, is ignored (and replaced); one that cannot be written is
skipped; start-up never fails because of it. It is never in the data folder, so it
is not in backups or profile exports, and deleting it loses nothing.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
import sys
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.course import model
from desktop.course.model import Course, Problem, Section
from desktop.domain import quiz, scenario

logger = logging.getLogger(__name__)

FORMAT = 3
"""Raise when the file's shape changes; old files are then simply not used."""

_PREFIX = "course-"
_SUFFIX = ".json"
_NAME = f"{_PREFIX}v{FORMAT}{_SUFFIX}"
_MAGIC = f"prism-course-cache {FORMAT}\n".encode()
# Older files (pickles) with other names are removed when a new file is written.
_OLD_NAMES = ("course-*.pickle",)
# The code whose output is cached: a change to any of it (in a checkout) means a new
# fingerprint, so a developer never runs against objects of an older shape.
_CODE_PACKAGES = ("course", "domain")


@dataclass(frozen=True)
class CachedCourse:
    """What start-up needs: the course, its problems, and the sections known so far."""

    course: Course
    problems: tuple[Problem, ...]
    sections: dict[tuple[str, str], tuple[Section, ...]]  # by (module id, content hash)


# The only classes a cache file may name: the course's own value types, and nothing
# else. Anything else named in a file makes the file unusable.
_TYPES: dict[str, type] = {
    cls.__name__: cls
    for module in (model, quiz, scenario)
    for cls in vars(module).values()
    if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
}
_TYPES[CachedCourse.__name__] = CachedCourse
_FIELDS: dict[type, tuple[str, ...]] = {
    cls: tuple(f.name for f in dataclasses.fields(cls)) for cls in _TYPES.values()
}
_ENUMS: dict[str, type[Enum]] = {cls.__name__: cls for cls in (quiz.QuestionType, scenario.Ending)}


class _Unusable(ValueError):
    """The file is not a course this code wrote."""


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
    expected = key.encode("utf-8", "surrogateescape")
    try:
        with path.open("rb") as handle:
            # The fingerprint is compared as bytes before anything else is parsed.
            if handle.read(len(_MAGIC)) != _MAGIC:
                return None
            length = handle.readline(24)
            if length != f"{len(expected)}\n".encode() or handle.read(len(expected)) != expected:
                return None  # made from other files: not ours to use
            payload = json.loads(handle.read(), object_hook=_decode_object)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, TypeError, RecursionError) as error:
        # Damaged, truncated, or naming something that is not part of a course.
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
        head = key.encode("utf-8", "surrogateescape")
        body = json.dumps(_encode(cached), ensure_ascii=False, separators=(",", ":"))
        data = _MAGIC + f"{len(head)}\n".encode() + head + body.encode("utf-8")
        write_bytes_atomic(target, data, overwrite=True)
        for pattern in (f"{_PREFIX}*{_SUFFIX}", *_OLD_NAMES):
            for old in cache_dir.glob(pattern):
                if old != target:
                    old.unlink(missing_ok=True)
    except Exception as error:  # a read-only or full disk costs the next launch time, no more
        logger.info("Course cache not written to %s: %s", cache_dir, error)


# Encoding: tuples are JSON arrays; everything else that is not plain JSON is a tagged
# object ("$t" a class with its fields in order, "$e" an enum, "$p" a path, "$d" a
# date, "$m" a mapping as [key, value] pairs). No untagged object is ever written, so
# one in a file means the file is not ours.


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return {"$e": type(value).__name__, "v": value.value}
    if isinstance(value, str):
        return value
    if isinstance(value, tuple | list):
        return [_encode(item) for item in value]
    if isinstance(value, Path):
        return {"$p": str(value)}
    if isinstance(value, date):
        return {"$d": value.isoformat()}
    if dataclasses.is_dataclass(value) and type(value).__name__ in _TYPES:
        fields = [_encode(getattr(value, f.name)) for f in dataclasses.fields(value)]
        return {"$t": type(value).__name__, "f": fields}
    if isinstance(value, dict) or hasattr(value, "items"):
        return {"$m": [[_encode(k), _encode(v)] for k, v in value.items()]}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode_object(obj: dict[str, Any]) -> Any:
    """Rebuild one tagged object; anything untagged or unknown makes the file unusable."""
    name = obj.get("$t")
    if name is not None:
        cls = _TYPES.get(name)
        values = obj.get("f")
        if cls is None or type(values) is not list or len(obj) != 2:
            raise _Unusable(f"unknown value {str(name)[:40]!r}")
        names = _FIELDS[cls]
        if len(values) != len(names):
            raise _Unusable(f"{name} with {len(values)} fields")
        # As pickle did: no __init__ (a frozen dataclass's is slow), the fields set directly.
        made = object.__new__(cls)
        made.__dict__.update(zip(names, map(_tuple, values), strict=True))
        return made
    if len(obj) == 1:
        ((tag, item),) = obj.items()
        if tag == "$p" and type(item) is str:
            return Path(item)
        if tag == "$d" and type(item) is str:
            return date.fromisoformat(item)
        if tag == "$m" and type(item) is list:
            return {_tuple(k): _tuple(v) for k, v in item}
    elif len(obj) == 2 and obj.get("$e") in _ENUMS:
        return _ENUMS[obj["$e"]](obj.get("v"))
    raise _Unusable("an object Prism does not write")


def _tuple(value: Any) -> Any:
    # Every sequence in the course is a tuple, never nested: one level is all there is.
    return tuple(value) if type(value) is list else value


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
