"""A faster answer to the question PySide6 asks of every module imported after it.

PySide6 supports optional per-module switches (``from __feature__ import
snake_case``). To know which modules might use them, its import hook asks of every
module imported after PySide6: "does its source mention PySide6?", and it finds out
with ``inspect.getsource``, which goes through ``linecache`` and the tokenizer. Prism
imports ~160 modules after Qt on the way to the home page, and those questions cost
~20 ms of a launch budget of ~300 ms (measured with PySide6 6.11).

``speed_up_pyside_import_hook`` keeps the question and the answer and changes only the
reading: a plain ``.py`` file is searched as bytes for ``PySide6``, which is what the
original check looks for in the decoded text; a module with no file (built in) or a
compiled extension has no source, which the original answers "no" to after a failed
search. Anything else (a ``.pyc`` alone, a file that cannot be read) goes to PySide6's
own check, as before. If a PySide6 release no longer has the hook, nothing changes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from importlib.machinery import EXTENSION_SUFFIXES
from types import ModuleType

_HOOK_MODULE = "shibokensupport.feature"
_HOOK_NAME = "_mod_uses_pyside"
_NO_SOURCE = tuple(EXTENSION_SUFFIXES)


def speed_up_pyside_import_hook() -> bool:
    """Install the faster check; True if PySide6's hook was found and wrapped."""
    feature = sys.modules.get(_HOOK_MODULE)
    original: Callable[[ModuleType], bool] | None = getattr(feature, _HOOK_NAME, None)
    if original is None or getattr(original, "prism_fast_path", False):
        return False
    setattr(feature, _HOOK_NAME, fast_check(original))
    return True


def fast_check(original: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    """``original``'s answer, reading a module's ``.py`` file directly where it has one."""

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if path is None or (isinstance(path, str) and path.endswith(_NO_SOURCE)):
            return False
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return original(module)

    uses_pyside.prism_fast_path = True  # type: ignore[attr-defined]
    uses_pyside.__wrapped_original__ = original  # type: ignore[attr-defined]
    return uses_pyside
