"""The layering contract, checked in a fresh interpreter: no Qt below desktop.ui."""

import subprocess
import sys

import pytest

QT_FREE = [
    "desktop.cli",
    "desktop.paths",
    "desktop.domain.grading",
    "desktop.domain.scenario",
    "desktop.course.loader",
    "desktop.course.render",
    "desktop.services.startup",
    "desktop.services.reading",
    "desktop.store.database",
]


@pytest.mark.parametrize("module", QT_FREE)
def test_module_imports_without_qt(module):
    code = (
        f"import sys, {module}; "
        "bad = sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6')));"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in Qt: {result.stdout}{result.stderr}"


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
