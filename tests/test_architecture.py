"""The layering contract, checked in a fresh interpreter: no Qt below desktop.ui."""

import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import desktop

# Every module outside desktop.ui (and the two Qt entry points) must load without Qt.
QT_FREE_PACKAGES = ("domain", "course", "store", "services", "cpd", "commands")
QT_FREE_MODULES = ("desktop.cli", "desktop.paths", "desktop.atomic_files", "desktop.logs")


def _qt_free_modules() -> list[str]:
    root = Path(desktop.__file__).parent
    found = [m for m in QT_FREE_MODULES if (root / (m.split(".")[1] + ".py")).exists()]
    for package in QT_FREE_PACKAGES:
        for info in pkgutil.iter_modules([str(root / package)]):
            found.append(f"desktop.{package}.{info.name}")
    return sorted(found)


def test_the_sweep_finds_the_layers() -> None:
    modules = _qt_free_modules()
    assert "desktop.services.startup" in modules and "desktop.store.database" in modules
    assert not any(m.startswith("desktop.ui") for m in modules)


def test_every_module_below_the_ui_imports_without_qt():
    code = (
        "import importlib, sys\n"
        "for name in sys.argv[1:]:\n"
        "    importlib.import_module(name)\n"
        "    if any(m.startswith(('PySide6', 'shiboken6')) for m in sys.modules):\n"
        "        print(name); sys.exit(1)\n"
    )
    modules = _qt_free_modules()
    result = subprocess.run([sys.executable, "-c", code, *modules], capture_output=True, text=True)
    assert result.returncode == 0, f"{result.stdout.strip()} pulled in Qt {result.stderr}"


@pytest.mark.parametrize("argv", [["--version"], ["content", "check"]])
def test_windowless_commands_never_import_qt(argv):
    code = (
        "import sys, runpy; sys.argv = ['prism', *sys.argv[1:]];"
        "from desktop import cli\ntry:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in sys.modules if m.startswith('PySide6')]\n"
        "sys.stderr.write(str(bad)); sys.exit(3 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_no_display_gives_a_clear_message_and_exit_2(monkeypatch):
    env = {
        k: v
        for k, v in __import__("os").environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    result = subprocess.run(
        [sys.executable, "-m", "desktop"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 2
    assert "xvfb-run prism" in result.stderr
    assert "Traceback" not in result.stderr
