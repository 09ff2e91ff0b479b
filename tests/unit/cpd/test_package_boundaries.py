"""desktop.cpd stays pure logic: no Qt, no store; of ours only itself and the pure domain."""

from __future__ import annotations

import ast
from pathlib import Path

import desktop.cpd

PACKAGE_DIR = Path(desktop.cpd.__file__).parent
FORBIDDEN_ROOTS = {"PySide6", "shiboken6", "sqlite_utils", "sqlite3"}


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_no_qt_store_or_other_desktop_imports() -> None:
    modules = sorted(PACKAGE_DIR.glob("*.py"))
    assert len(modules) > 5
    for path in modules:
        for name in _imports(path):
            assert name.split(".")[0] not in FORBIDDEN_ROOTS, (path.name, name)
            if name.startswith("desktop"):
                # desktop.domain holds pure values and builders shared with other layers
                # (the xAPI statements organisation sync sends as well).
                allowed = ("desktop.cpd", "desktop.domain")
                assert name in allowed or name.startswith(tuple(a + "." for a in allowed)), (
                    path.name,
                    name,
                )
