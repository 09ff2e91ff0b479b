"""pack.yaml: what a pack is (id, title, version, publisher, modules, lowest Prism)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop.course.fields import FieldReader
from desktop.course.model import Problem
from desktop.course.yaml_lines import YamlProblem, parse_yaml, read_text_limited

PACK_FILE = "pack.yaml"
_VERSION = re.compile(r"^\d+(\.\d+){0,3}$")


@dataclass(frozen=True)
class PackManifest:
    id: str
    title: str
    version: str
    publisher: str
    module_ids: tuple[str, ...]
    min_prism: str | None = None
    replaces_course_modules: bool = False

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "title": self.title,
            "version": self.version,
            "publisher": self.publisher,
            "modules": list(self.module_ids),
            "min_prism": self.min_prism,
            "replaces_course_modules": self.replaces_course_modules,
        }


def version_key(version: str) -> tuple[int, ...]:
    """ "1.10" > "1.9": versions compare as numbers, part by part."""
    parts = tuple(int(p) for p in version.split("."))
    return parts + (0,) * (4 - len(parts))


def read_manifest(folder: Path, problems: list[Problem]) -> PackManifest | None:
    """The pack.yaml in ``folder``, or None with problems saying what is wrong."""
    path = folder / PACK_FILE
    if not path.is_file():
        problems.append(Problem(path, 1, "pack.yaml is missing: it names the pack and its modules"))
        return None
    try:
        data = parse_yaml(read_text_limited(path))
    except YamlProblem as error:
        problems.append(Problem(path, error.line, str(error)))
        return None
    reader = FieldReader(path, problems)
    if reader.mapping(data, 1, "pack.yaml") is None:
        return None
    before = len(problems)
    pack_id = reader.ident(data)
    title, publisher = reader.text(data, "title"), reader.text(data, "publisher")
    version = _version(reader, data, "version", required=True)
    min_prism = _version(reader, data, "min_prism", required=False)
    from desktop.course.loader import module_ids_field

    modules = module_ids_field(reader, data)
    replaces = reader.flag(data, "replaces_course_modules")
    known = {"id", "title", "version", "publisher", "modules", "min_prism"}
    for key in data:
        if key not in known | {"replaces_course_modules"}:
            reader.problem(data.line_of(key), f"'{key}' is not a pack.yaml field")
    if len(problems) > before or not (pack_id and title and publisher and version):
        return None
    return PackManifest(pack_id, title, version, publisher, tuple(modules), min_prism, replaces)


def _version(reader: FieldReader, data, key: str, *, required: bool) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    # A float is refused: YAML reads 1.10 as 1.1, so versions must be quoted text.
    text = str(value).strip() if isinstance(value, str) or type(value) is int else ""
    if not _VERSION.match(text):
        reader.problem(
            data.line_of(key), f"'{key}' must be a version like 1.0 or 2.3.1 (quote it in YAML)"
        )
        return None
    return text
