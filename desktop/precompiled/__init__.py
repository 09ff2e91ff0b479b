"""Dataclass methods compiled ahead of time, so a launch does not compile them again.

What belongs here: the hook below and its generated table (``dataclass_methods.py``),
nothing else. Plain Python: no Qt, no store.

Why. ``@dataclass`` writes each class's ``__init__``, ``__repr__``, ``__eq__``,
``__hash__`` and, for frozen classes, ``__setattr__`` and ``__delattr__`` as source text
and compiles it with ``exec`` every time the class is created. The 65 dataclasses made
before the home page is painted cost 55-70 ms of compiling on a 2-core machine: a
quarter of everything Prism adds to a bare Qt window's launch (the budget is 2.0x).

How. ``dataclass_methods.py`` holds those same texts as real Python, so the import
system caches their bytecode in ``__pycache__`` (and the bundle ships it) like any other
module. ``install`` puts a stand-in for ``exec`` in the ``dataclasses`` module's
namespace (its only ``exec`` call, in ``_create_fn`` on Python 3.11 and 3.12). For a
text the table holds, the stand-in makes the function from the precompiled code with
the class's own globals, exactly as ``exec`` would; for any other text, or any other
call, it runs the real ``exec``. So a table that is out of date costs speed, never
correctness, and a Python whose ``dataclasses`` works differently is left alone.

The table is regenerated with ``python scripts/precompile_dataclasses.py`` (or
``make precompiled``); ``tests/unit/test_precompiled.py`` fails, naming the classes,
when a launch has to compile a method the table lacks.
"""

from __future__ import annotations

import builtins
import dataclasses
import sys
from collections.abc import Callable, Mapping
from types import FunctionType
from typing import Any

# Only these Pythons were read and found to make methods through
# ``exec(text, globals, ns)`` defining one ``__create_fn__`` (3.13 builds them
# differently; it is also faster, and simply keeps the real exec).
SUPPORTED = ((3, 11), (3, 12))

hits = 0
misses: list[str] = []  # the first line of each text compiled the slow way, for the test
MAX_MISSES_KEPT = 1000  # a diagnostic, not a log: a long test run defines many classes
_installed = False


def _precompiled_exec(
    source: object,
    globals: dict[str, Any] | None = None,  # exec's own parameter names
    locals: Mapping[str, object] | None = None,
    /,
) -> None:
    """``exec`` for the dataclasses module: precompiled when the text is in the table."""
    global hits
    made: Callable[..., object] | None = None
    if isinstance(source, str) and globals is not None and isinstance(locals, dict):
        from desktop.precompiled.dataclass_methods import METHODS

        made = METHODS.get(source)
        if made is None and len(misses) < MAX_MISSES_KEPT:
            misses.append(source.partition("\n")[2].partition("\n")[0].strip())
    if made is None:
        builtins.exec(source, globals, locals)  # type: ignore[arg-type]
        return
    hits += 1
    # What ``exec`` of the text does: define ``__create_fn__`` in LOCALS, its globals
    # the class's module. The code is the same text compiled ahead of time.
    locals["__create_fn__"] = FunctionType(made.__code__, globals, "__create_fn__")  # type: ignore[index]


def install() -> bool:
    """Use the precompiled methods from now on; False (and nothing changed) where the
    running Python is not one this was checked against."""
    global _installed
    if _installed:
        return True
    if sys.version_info[:2] not in SUPPORTED or not hasattr(dataclasses, "_create_fn"):
        return False
    dataclasses.exec = _precompiled_exec  # type: ignore[attr-defined]
    _installed = True
    return True


def uninstall() -> None:
    """Back to the real ``exec`` (tests compare the two)."""
    global _installed
    if _installed:
        del dataclasses.exec  # type: ignore[attr-defined]
        _installed = False
