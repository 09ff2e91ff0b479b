"""The precompiled dataclass methods (desktop/precompiled): a launch compiles none of its
dataclass methods, what it uses instead is exactly what it would have compiled, and
anything the table does not hold is compiled as before."""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path
from types import CodeType

import pytest

from desktop import precompiled
from desktop.precompiled.dataclass_methods import METHODS, PYTHON

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "precompile_dataclasses.py"


def _generator():
    spec = importlib.util.spec_from_file_location("precompile_dataclasses", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(
    sys.version_info[:2] != PYTHON, reason="the table was written by another Python"
)
def test_a_launch_compiles_no_dataclass_method_the_table_lacks() -> None:
    """Two real launches (home, and the profile chooser), recording every method text
    ``dataclasses`` compiles. A class changed without regenerating the table costs every
    launch its compile again: this is where that shows."""
    launched = set(_generator().launch_texts())
    assert launched, "the launches recorded nothing: the recorder is not in place"
    missing = sorted(text.splitlines()[1].strip() for text in launched - set(METHODS))
    stale = len(set(METHODS) - launched)
    assert not missing and not stale, (
        f"desktop/precompiled/dataclass_methods.py is out of date: {len(missing)} methods "
        f"a launch compiles are missing ({missing[:5]}), {stale} are no longer made. "
        "Run `make precompiled`."
    )


def _same_code(ours: CodeType, theirs: CodeType) -> bool:
    """The same bytecode, names and constants, nested functions included; only where
    the text came from (file name, line numbers) may differ."""
    fields = (
        "co_code", "co_names", "co_varnames", "co_freevars", "co_cellvars", "co_argcount",
        "co_posonlyargcount", "co_kwonlyargcount", "co_flags", "co_name", "co_qualname",
    )  # fmt: skip
    if any(getattr(ours, name) != getattr(theirs, name) for name in fields):
        return False
    if len(ours.co_consts) != len(theirs.co_consts):
        return False
    for mine, other in zip(ours.co_consts, theirs.co_consts, strict=True):
        if isinstance(mine, CodeType) and isinstance(other, CodeType):
            if not _same_code(mine, other):
                return False
        elif mine != other or type(mine) is not type(other):
            return False
    return True


def _as_dataclasses_compiles(text: str) -> CodeType:
    """TEXT compiled as ``exec`` in the dataclasses module compiles it: with no
    ``from __future__`` flags (this file's own would otherwise be inherited)."""
    namespace: dict[str, object] = {}
    exec(compile(text, "<string>", "exec", dont_inherit=True), {}, namespace)
    return namespace["__create_fn__"].__code__  # type: ignore[attr-defined]


def test_each_precompiled_method_is_its_text_compiled() -> None:
    """A hand edit of the generated file (a line added to one ``__init__``, say) would
    change what every launch runs without changing its key: it is caught here."""
    assert len(METHODS) > 100
    for text, made in METHODS.items():
        assert _same_code(made.__code__, _as_dataclasses_compiles(text)), text.splitlines()[1]


def test_the_comparison_sees_an_edit_and_a_future_import() -> None:
    """The comparison above can fail: one extra constant is enough, and so is compiling
    under ``from __future__ import annotations`` (the generated file must not have it)."""
    text, made = next((t, m) for t, m in METHODS.items() if "_type_" in t)
    edited = made.__code__.replace(co_consts=(*made.__code__.co_consts, "extra"))
    assert not _same_code(edited, _as_dataclasses_compiles(text))
    namespace: dict[str, object] = {}
    exec(text, {}, namespace)  # inherits this file's future import
    assert not _same_code(made.__code__, namespace["__create_fn__"].__code__)  # type: ignore[attr-defined]


@pytest.mark.skipif(sys.version_info[:2] not in precompiled.SUPPORTED, reason="hook not used")
def test_a_class_from_the_table_behaves_as_one_compiled_fresh() -> None:
    """The course's own section heading class, made through the table, against the same
    class made with the real exec."""
    from desktop.course import model

    assert precompiled.install()
    before = precompiled.hits
    source = Path(model.__file__).read_text(encoding="utf-8")
    namespace: dict[str, object] = {"__name__": "desktop.course.model"}
    exec(compile(source, model.__file__, "exec"), namespace)
    assert precompiled.hits > before, "the course model's classes did not use the table"
    fast = namespace["Course"]
    precompiled.uninstall()
    try:
        slow_namespace: dict[str, object] = {"__name__": "desktop.course.model"}
        exec(compile(source, model.__file__, "exec"), slow_namespace)
    finally:
        precompiled.install()
    slow = slow_namespace["Course"]
    for name in ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__"):
        mine, theirs = getattr(fast, name, None), getattr(slow, name, None)
        if theirs is None or not hasattr(theirs, "__code__"):
            continue
        assert mine.__qualname__ == theirs.__qualname__
        assert mine.__module__ == theirs.__module__
        assert _same_code(mine.__code__, theirs.__code__), name


def test_a_class_the_table_lacks_is_compiled_as_before() -> None:
    assert precompiled.install()
    missed = len(precompiled.misses)

    @dataclasses.dataclass(frozen=True)
    class Unheard:
        never_seen_field_name_7f3a: int
        other: str = "x"

    value = Unheard(3)
    assert repr(value).endswith("Unheard(never_seen_field_name_7f3a=3, other='x')")
    assert value == Unheard(3) and hash(value) == hash(Unheard(3))
    with pytest.raises(dataclasses.FrozenInstanceError):
        value.other = "y"  # type: ignore[misc]
    if sys.version_info[:2] in precompiled.SUPPORTED:
        assert len(precompiled.misses) > missed


def test_left_alone_on_a_python_it_was_not_checked_against(monkeypatch) -> None:
    precompiled.uninstall()
    try:
        monkeypatch.setattr(precompiled, "SUPPORTED", ())
        assert precompiled.install() is False
        assert "exec" not in vars(dataclasses)
    finally:
        monkeypatch.undo()
        precompiled.install()


def test_prism_launches_with_the_table_in_place(tmp_path: Path) -> None:
    """The entry point installs it before anything makes a dataclass."""
    import subprocess

    probe = (
        "import dataclasses, desktop.cli as cli, desktop.precompiled as p\n"
        "cli.main(['content', 'check'])\n"
        "print(vars(dataclasses).get('exec') is p._precompiled_exec)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    expected = "True" if sys.version_info[:2] in precompiled.SUPPORTED else "False"
    assert result.stdout.strip().splitlines()[-1] == expected, result.stderr
