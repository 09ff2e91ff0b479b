"""Packs for the tests: the example pack copied and changed, and hostile .prismpack files."""

from __future__ import annotations

import hashlib
import json
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
EXAMPLE = REPO / "examples" / "packs" / "northshire-social-media"
MODULE = "northshire-social-media-policy"


def pack_folder(where: Path, *, version: str = "1.0", edit: Callable[[Path], None] | None = None):
    """A copy of the example pack at ``where`` with ``version``, changed by ``edit``."""
    shutil.copytree(EXAMPLE, where)
    manifest = where / "pack.yaml"
    text = manifest.read_text(encoding="utf-8").replace('version: "1.0"', f'version: "{version}"')
    manifest.write_text(text, encoding="utf-8")
    if edit is not None:
        edit(where)
    return where


def folder_members(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def manifest_for(members: dict[str, bytes], pack: dict | None = None) -> bytes:
    """A manifest listing ``members``, describing the pack as its pack.yaml does."""
    if pack is None:
        import yaml

        info = yaml.safe_load(members["pack.yaml"])
        pack = {
            "id": info["id"],
            "title": info["title"],
            "version": info["version"],
            "publisher": info["publisher"],
            "modules": info["modules"],
            "min_prism": info.get("min_prism"),
            "replaces_course_modules": bool(info.get("replaces_course_modules")),
        }
    files = [
        {"path": name, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for name, data in sorted(members.items())
    ]
    return json.dumps({"format": "prism.pack/1", "pack": pack, "files": files}).encode()


def write_zip(
    path: Path,
    members: dict[str, bytes],
    *,
    manifest: bytes | None = None,
    symlinks: dict[str, str] | None = None,
    stored: bool = False,
) -> Path:
    """A .prismpack with ``members``, a manifest listing them (unless given) and links."""
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(path, "w", method) as archive:
        archive.writestr(
            "manifest.json", manifest if manifest is not None else manifest_for(members)
        )
        for name, data in members.items():
            archive.writestr(name, data)
        for name, target in (symlinks or {}).items():
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, target)
    return path


def _example(where: Path) -> dict[str, bytes]:
    return folder_members(EXAMPLE)


def _with(extra: dict[str, bytes]) -> Callable[[Path], dict[str, bytes]]:
    return lambda where: {**_example(where), **extra}


def _module_text(change: Callable[[str], str]) -> Callable[[Path], dict[str, bytes]]:
    def make(where: Path) -> dict[str, bytes]:
        members = _example(where)
        name = f"{MODULE}/module.md"
        members[name] = change(members[name].decode()).encode()
        return members

    return make


def _append(text: str) -> Callable[[Path], dict[str, bytes]]:
    return _module_text(lambda body: body + "\n" + text + "\n")


# name -> (members maker, words the refusal must contain)
HOSTILE: dict[str, tuple[Callable[[Path], dict[str, bytes]], str]] = {
    "parent-path": (_with({"../escape.md": b"x"}), "leave the pack's folder"),
    "nested-parent-path": (_with({f"{MODULE}/../../x.md": b"x"}), "leave the pack's folder"),
    "absolute-path": (_with({"/etc/prism.md": b"x"}), "absolute path"),
    "drive-letter": (_with({"C:/prism.md": b"x"}), "absolute path"),
    "backslash": (_with({f"{MODULE}\\module.md": b"x"}), "backslash"),
    "unexpected-file": (_with({"run.exe": b"MZ"}), "unexpected file"),
    "unexpected-in-module": (_with({f"{MODULE}/notes.html": b"<p>"}), "unexpected file"),
    "unlisted-module-folder": (_with({"other/module.md": b"---"}), "not a module listed"),
    "script": (_append("<script>alert('x')</script>"), "a script"),
    "raw-html": (_append('<div onclick="x()">Click</div>'), "raw HTML"),
    "iframe": (_append('<iframe src="https://example.org"></iframe>'), "raw HTML"),
    "html-comment": (_append("<!-- hidden -->"), "raw HTML"),
    "remote-image": (_append("![Logo](https://example.org/logo.png)"), "never fetched"),
    "http-link": (_append("[Policy](http://example.org/policy)"), "not allowed"),
    "javascript-link": (_append("[Click](javascript:alert(1))"), "not allowed"),
    "data-link": (_append("[Open](data:text/html;base64,PHA+)"), "not allowed"),
    "file-link": (_append("[Open](file:///etc/passwd)"), "not allowed"),
    "bare-http-address": (_append("See http://example.org/policy for more."), "not allowed"),
    "svg-script": (
        _with(
            {
                "figures/evil.svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>x</script></svg>'
            }
        ),
        "a script",
    ),
    "svg-remote-image": (
        _with({"figures/evil.svg": b'<svg><image href="https://example.org/x.png"/></svg>'}),
        "web address",
    ),
    "quiz-script": (
        lambda where: {
            **_example(where),
            f"{MODULE}/quiz.yaml": _example(where)[f"{MODULE}/quiz.yaml"].replace(
                b"prompt: Which of these", b"prompt: <script>x</script> Which of these"
            ),
        },
        "a script",
    ),
    "built-in-id": (
        lambda where: _renamed(where, "boundaries"),
        "course's own module id",
    ),
    "broken-quiz": (
        lambda where: {
            **_example(where),
            f"{MODULE}/quiz.yaml": _example(where)[f"{MODULE}/quiz.yaml"].replace(
                b"correct: true", b"correct: false"
            ),
        },
        "no correct option",
    ),
}


def _renamed(where: Path, module_id: str) -> dict[str, bytes]:
    members = {}
    for name, data in _example(where).items():
        data = data.replace(MODULE.encode(), module_id.encode())
        members[name.replace(MODULE, module_id)] = data
    return members
