"""Check a pack folder: its files, its pack.yaml, and its modules against the course."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from desktop.course.model import Course, Module, Problem, UnavailableModule
from desktop.course.packs.manifest import PACK_FILE, PackManifest, read_manifest
from desktop.course.packs.safety import svg_problems, text_problems

MODULE_FILES = ("module.md", "quiz.yaml", "scenario.yaml")
FIGURE_SUFFIXES = (".svg", ".png")
FIGURES = "figures"
MAX_FILE_BYTES = 2_000_000


@dataclass
class PackCheck:
    """What checking a pack found: its manifest and modules, problems and warnings."""

    manifest: PackManifest | None
    entries: list[Module | UnavailableModule] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.manifest is not None and not self.problems


def allowed_path(relative: str, module_ids: tuple[str, ...] | None) -> str | None:
    """None when a pack may hold this file, else why not. Paths use '/' only."""
    parts = relative.split("/")
    if relative == PACK_FILE:
        return None
    if len(parts) == 2 and parts[0] == FIGURES:
        if parts[1].lower().endswith(FIGURE_SUFFIXES) and not parts[1].startswith("."):
            return None
        return "figures must be .svg or .png files"
    if len(parts) == 2 and parts[1] in MODULE_FILES:
        if module_ids is None or parts[0] in module_ids:
            return None
        return f"folder '{parts[0]}' is not a module listed in pack.yaml"
    return (
        "a pack holds only pack.yaml, module folders (module.md, quiz.yaml, scenario.yaml) "
        "and figures/*.svg|png"
    )


def pack_files(folder: Path) -> tuple[list[str], list[Problem]]:
    """Every file under ``folder`` as 'a/b' paths; symlinks and odd files are problems."""
    files: list[str] = []
    problems: list[Problem] = []
    for current, dirs, names in os.walk(folder, followlinks=False):
        for name in list(dirs):
            path = Path(current) / name
            if path.is_symlink():
                problems.append(Problem(path, 1, "symbolic links are not allowed in a pack"))
                dirs.remove(name)
        for name in names:
            path = Path(current) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                problems.append(Problem(path, 1, "symbolic links are not allowed in a pack"))
            elif not path.is_file():
                problems.append(Problem(path, 1, "only ordinary files are allowed in a pack"))
            else:
                files.append(relative)
    return sorted(files), problems


def check_pack_folder(folder: Path, course: Course, *, authoring_checks: bool = True) -> PackCheck:
    """Every problem in a pack folder, checked as the course's modules are.

    ``course`` is the course the pack joins: links may name its modules, glossary terms
    and standards. Whether the pack may use its ids (not the course's, not another
    pack's) is for the installer, which knows what is installed.
    """
    from desktop.course.loader import load_pack_modules

    folder = folder.resolve()
    problems: list[Problem] = []
    manifest = read_manifest(folder, problems)
    check = PackCheck(manifest, problems=problems)
    files, file_problems = pack_files(folder)
    problems.extend(file_problems)
    module_ids = manifest.module_ids if manifest else None
    for relative in files:
        path = folder / relative
        why = allowed_path(relative, module_ids)
        if why:
            problems.append(Problem(path, 1, f"unexpected file: {why}"))
            continue
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(path, 1, f"the file is {size:,} bytes; the limit is 2 MB"))
            continue
        data = path.read_bytes()
        if relative.endswith(".svg"):
            problems.extend(svg_problems(path, data))
        elif not relative.endswith(".png"):
            problems.extend(text_problems(path, data.decode("utf-8", errors="replace")))
    if manifest is None:
        return check
    entries, module_problems, warnings = load_pack_modules(
        folder,
        manifest.module_ids,
        course,
        figures=folder / FIGURES,
        authoring_checks=authoring_checks,
    )
    check.entries = entries
    problems.extend(module_problems)
    check.warnings = warnings
    return check
