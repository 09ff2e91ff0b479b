"""Rendered module pages, kept between launches so opening a module renders nothing.

Rendering a module's Markdown to Qt-ready HTML costs tens of milliseconds, the
largest part of opening a module for the first time in a session, for text that
changes only when the course does. So each rendered page is saved in the user's
cache folder, one small file per module, read only when that module is opened.

A file is used only when its key matches in full: the cache format, Prism's
version, the module's content hash (its Markdown, quiz and scenario files), the
Markdown library's version and the rendering code itself (size and modification
time in a checkout). Anything else (missing, damaged, another shape, another key)
is ignored and replaced, and a file that cannot be written is skipped: the cache is
only ever a shortcut. The files are JSON data with a fixed shape, never code.
"""

from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from typing import Any

from desktop import __version__
from desktop.atomic_files import write_text_atomic
from desktop.course.model import Module
from desktop.course.render import RenderedPage, TocEntry

logger = logging.getLogger(__name__)

FORMAT = 1
"""Raise when the file's shape changes; older files are then simply not used."""

FOLDER = "pages"

_SAFE_ID = re.compile(r"[a-z0-9][a-z0-9_-]{0,99}")


def page_key(module: Module) -> str:
    """Everything a rendered page depends on, as one line: equal means unchanged."""
    import markdown

    from desktop.course import render

    try:
        stat = Path(render.__file__).stat()
        code = f"{stat.st_size}|{stat.st_mtime_ns}"
    except (OSError, TypeError):  # bundled: the version says it all
        code = "bundled"
    return f"{FORMAT}|{__version__}|{module.id}|{module.content_hash}|{markdown.__version__}|{code}"


def _path(cache_dir: Path, module: Module) -> Path | None:
    # The id names the file, so only the ids the course rules allow anyway.
    if not _SAFE_ID.fullmatch(module.id):
        return None
    return cache_dir / FOLDER / f"{module.id}.json"


def read(cache_dir: Path, module: Module) -> RenderedPage | None:
    """The saved page of ``module`` if it was rendered from these files by this code."""
    path = _path(cache_dir, module)
    if path is None:
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        logger.info("Page cache for %s not used: %s", module.id, type(error).__name__)
        return None
    return _page_from(data, page_key(module))


def _page_from(data: Any, key: str) -> RenderedPage | None:
    if not isinstance(data, dict) or data.get("key") != key:
        return None
    html, text, toc = data.get("html"), data.get("plain_text"), data.get("toc")
    if not (isinstance(html, str) and isinstance(text, str) and isinstance(toc, list)):
        return None
    entries: list[TocEntry] = []
    for entry in toc:
        if not (
            isinstance(entry, list)
            and len(entry) == 3
            and type(entry[0]) is int
            and isinstance(entry[1], str)
            and isinstance(entry[2], str)
        ):
            return None
        entries.append(TocEntry(entry[0], entry[1], entry[2]))
    return RenderedPage(html, tuple(entries), text)


def write(cache_dir: Path, module: Module, page: RenderedPage) -> None:
    """Save ``page`` for the next launch; a folder that cannot be written is skipped."""
    path = _path(cache_dir, module)
    if path is None:
        return
    data = {
        "key": page_key(module),
        "html": page.html,
        "toc": [[e.level, e.title, e.anchor] for e in page.toc],
        "plain_text": page.plain_text,
    }
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps(data, ensure_ascii=False), overwrite=True)
    except OSError as error:
        logger.info("Page cache for %s not written: %s", module.id, type(error).__name__)
