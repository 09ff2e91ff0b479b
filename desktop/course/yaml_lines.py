"""Safe YAML loading that remembers line numbers, so every problem can say file:line."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

MAX_FILE_BYTES = 1_000_000  # a course file this big is a mistake, not a module


class LineDict(dict):
    """A mapping from YAML that knows the line it starts on and the line of each key."""

    line: int = 1
    key_lines: dict[Any, int]

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser (CSafeLoader) is ten times faster than the pure-Python one and gives the
# same nodes and line marks; PyYAML's wheels include it, but fall back where it is missing.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):  # type: ignore[misc, valid-type]
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + 1
    # Keyed by the constructed key (so `1:` is the int 1), as the mapping itself is.
    mapping.key_lines = {
        loader.construct_object(key): key.start_mark.line + 1
        for key, _ in node.value
        if isinstance(key, yaml.ScalarNode)
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class YamlProblem(Exception):
    """A YAML file that cannot be read; carries the line where reading failed."""

    def __init__(self, message: str, line: int = 1) -> None:
        super().__init__(message)
        self.line = line


def read_text_limited(path: Path) -> str:
    """Read a UTF-8 text file, refusing huge or undecodable ones with a plain message."""
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise YamlProblem(f"file is {size // 1024} KB; content files must be under 1 MB")
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise YamlProblem(f"file is not UTF-8 text (byte {error.start})") from None


def parse_yaml(text: str, line_offset: int = 0) -> Any:
    """Parse YAML text; a syntax error becomes a YamlProblem naming the line."""
    try:
        return yaml.load(text, Loader=_LineLoader)
    except RecursionError:
        raise YamlProblem("YAML is nested too deeply to read", 1 + line_offset) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line + 1 if mark else 1) + line_offset
        raise YamlProblem(f"YAML is malformed: {error.problem or error}", line) from None
    except yaml.YAMLError as error:
        raise YamlProblem(f"YAML is malformed: {error}", 1 + line_offset) from None
