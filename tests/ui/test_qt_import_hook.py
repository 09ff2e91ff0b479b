"""The faster "does this module use PySide6?" check gives PySide6's own answers.

PySide6 asks it of every module imported after Qt; a wrong "no" for a module that uses
Qt could change how PySide6 treats that module, so the answers must match exactly.
"""

from __future__ import annotations

import _sqlite3
import sys
import types

import pytest

import desktop.store.clock
import desktop.ui.shell.home
from desktop.ui.shell import qt_import_hook
from desktop.ui.shell.qt_import_hook import fast_check, speed_up_pyside_import_hook


def _pyside_check():
    feature = sys.modules.get("shibokensupport.feature")
    check = getattr(feature, "_mod_uses_pyside", None)
    if check is None:
        pytest.skip("this PySide6 has no per-module feature check")
    # Unwrap ours if an earlier test (or the app) installed it.
    return getattr(check, "__wrapped_original__", check)


@pytest.mark.parametrize(
    "module",
    [desktop.ui.shell.home, desktop.store.clock, sys, _sqlite3, types, qt_import_hook],
    ids=lambda m: m.__name__,
)
def test_answers_match_pysides_own(module) -> None:
    original = _pyside_check()
    assert fast_check(original)(module) == original(module)


def test_a_module_whose_file_cannot_be_read_is_asked_the_slow_way(tmp_path) -> None:
    asked = []
    check = fast_check(lambda module: asked.append(module) or True)
    ghost = types.ModuleType("ghost")
    ghost.__file__ = str(tmp_path / "gone.py")
    assert check(ghost) is True
    assert asked == [ghost]


def test_installing_twice_wraps_once(monkeypatch) -> None:
    feature = types.SimpleNamespace(_mod_uses_pyside=lambda module: False)
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", feature)
    assert speed_up_pyside_import_hook() is True
    wrapped = feature._mod_uses_pyside
    assert speed_up_pyside_import_hook() is False
    assert feature._mod_uses_pyside is wrapped


def test_without_the_hook_nothing_changes(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "shibokensupport.feature", types.SimpleNamespace())
    assert speed_up_pyside_import_hook() is False
