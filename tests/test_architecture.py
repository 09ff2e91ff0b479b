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


def _import_cycles(package: str) -> list[list[str]]:
    """Groups of modules that import one another, directly or round a loop.

    Deferred (function-level) and type-checking imports count too: a loop that only
    works because one side imports late is still two modules that cannot be read,
    tested or moved apart.
    """
    import grimp

    graph = grimp.build_graph(package)
    edges = {m: graph.find_modules_directly_imported_by(m) for m in graph.modules}
    order: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(module: str) -> None:  # Tarjan's strongly connected components
        order[module] = low[module] = len(order)
        stack.append(module)
        on_stack.add(module)
        for imported in edges[module]:
            if imported not in order:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], order[imported])
        if low[module] == order[module]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == module:
                    break
            if len(group) > 1:
                cycles.append(sorted(group))

    for module in sorted(edges):
        if module not in order:
            visit(module)
    return cycles


def test_no_module_imports_round_a_loop() -> None:
    assert _import_cycles("desktop") == []
