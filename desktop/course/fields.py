"""Typed field readers for YAML mappings that report problems instead of raising."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from desktop.course.model import Problem
from desktop.course.yaml_lines import LineDict

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class FieldReader:
    """Reads fields from one file's mappings, collecting a Problem for each bad one."""

    def __init__(self, path: Path, problems: list[Problem]) -> None:
        self.path = path
        self.problems = problems

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: Any, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, f"{what} must be a mapping of 'key: value' lines")
        return None

    def text(self, data: LineDict, key: str, *, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(data.line, f"'{key}' is missing or empty")
            return None
        if not isinstance(value, str | int | float):
            self.problem(data.line_of(key), f"'{key}' must be text")
            return None
        return str(value).strip()

    def ident(self, data: LineDict, key: str = "id") -> str | None:
        value = self.text(data, key)
        if value is not None and not ID_PATTERN.match(value):
            self.problem(
                data.line_of(key),
                f"'{key}' '{value}' must use lower-case letters, digits and single hyphens",
            )
            return None
        return value

    def integer(self, data: LineDict, key: str, low: int, high: int) -> int | None:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.problem(data.line_of(key), f"'{key}' must be a whole number from {low} to {high}")
            return None
        if not low <= value <= high:
            self.problem(data.line_of(key), f"'{key}' is {value}; it must be from {low} to {high}")
            return None
        return value

    def flag(self, data: LineDict, key: str, default: bool = False) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.problem(data.line_of(key), f"'{key}' must be true or false")
            return default
        return value

    def items(self, data: LineDict, key: str, *, low: int = 0, high: int = 10_000) -> list[Any]:
        value = data.get(key)
        if value is None:
            if low > 0:
                self.problem(data.line, f"'{key}' is missing: it needs at least {low} entries")
            return []
        if not isinstance(value, list):
            self.problem(data.line_of(key), f"'{key}' must be a list")
            return []
        if not low <= len(value) <= high:
            span = f"{low}-{high}" if high < 10_000 else f"at least {low}"
            self.problem(data.line_of(key), f"'{key}' has {len(value)} entries; it needs {span}")
        return value

    def texts(
        self, data: LineDict, key: str, *, low: int = 0, high: int = 10_000
    ) -> tuple[str, ...]:
        out = []
        for item in self.items(data, key, low=low, high=high):
            if isinstance(item, str | int | float) and str(item).strip():
                out.append(str(item).strip())
            else:
                self.problem(data.line_of(key), f"every entry of '{key}' must be non-empty text")
        return tuple(out)
