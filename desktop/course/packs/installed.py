"""Packs installed in the data folder: install, update, list, remove, and load with the course.

Installed packs live in ``<data folder>/packs/<pack id>/``: the pack's files as built,
with its ``manifest.json`` and any ``signature.json`` so the signature can be checked
again whenever the pack is loaded. Installing checks everything (the archive, the
content, the ids, the version) before anything is written to the data folder; the new
folder then replaces the old in one rename, so an update is whole or not at all.
Progress, reflections and CPD evidence refer to module ids, which an update keeps, so
they carry over; a pack's modules joining the course is all ``with_packs`` does.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from desktop import __version__
from desktop.course.model import Course, Module, PackInfo, Problem, UnavailableModule
from desktop.course.packs.archive import MANIFEST_FILE, PackError, PackNeedsForce, read_archive
from desktop.course.packs.manifest import PackManifest, read_manifest, version_key
from desktop.course.packs.signing import SIGNATURE_FILE, SignatureError, read_trusted, verify

PACKS_FOLDER = "packs"


def packs_dir(data_dir: Path) -> Path:
    return data_dir / PACKS_FOLDER


@dataclass(frozen=True)
class InstallResult:
    pack: PackInfo
    replaced_version: str | None
    warnings: tuple[Problem, ...]

    @property
    def message(self) -> str:
        p = self.pack
        if self.replaced_version:
            return (
                f"Updated '{p.title}' from version {self.replaced_version} to {p.version} "
                f"({p.origin}). Progress on its modules is kept."
            )
        count = len(p.module_ids)
        return (
            f"Installed '{p.title}' version {p.version} ({p.origin}): "
            f"{count} module{'s' if count != 1 else ''}."
        )


def installed_packs(data_dir: Path) -> list[PackManifest]:
    """The manifest of every pack installed in ``data_dir``, by id."""
    found = []
    root = packs_dir(data_dir)
    if not root.is_dir():
        return []
    for folder in sorted(root.iterdir()):
        if folder.name.startswith(".") or not folder.is_dir():
            continue
        manifest = read_manifest(folder, [])
        if manifest is not None and manifest.id == folder.name:
            found.append(manifest)
    return found


def install_pack(
    file: Path, data_dir: Path, course: Course, *, force: bool = False
) -> InstallResult:
    """Check ``file`` completely, then install it; PackError (nothing written) if refused.

    ``course`` is the built-in course (without packs): pack modules may not take its ids
    unless the pack is a signed course update from a publisher trusted for that.
    ``force`` allows reinstalling the same version or installing an older one.
    """
    if course.packs:  # ids are checked against the course's own modules only
        own = tuple(e for e in course.entries if course.pack_of(e.id) is None)
        course = dataclasses.replace(course, entries=own, packs=())
    archive = read_archive(file)
    pack_id = str(archive.manifest["pack"].get("id", ""))
    try:
        verdict = verify(archive.manifest_bytes, archive.signature, read_trusted(data_dir))
    except SignatureError as error:
        raise PackError(f"{error}; the pack is refused") from None
    staging = Path(tempfile.mkdtemp(prefix="prism-pack-"))
    try:
        for name, data in archive.files.items():
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        from desktop.course.packs.folder import check_pack_folder

        check = check_pack_folder(staging, course, authoring_checks=True)
        if check.problems or check.manifest is None:
            shown = [p.format(staging) for p in check.problems[:8]]
            more = len(check.problems) - len(shown)
            raise PackError(
                "the pack's content breaks Prism's rules:\n  "
                + "\n  ".join(shown or ["pack.yaml cannot be read"])
                + (f"\n  ... and {more} more" if more > 0 else "")
            )
        manifest = check.manifest
        if manifest.id != pack_id:
            raise PackError("pack.yaml and manifest.json disagree about the pack's id")
        previous = _check_ids_and_version(manifest, verdict, data_dir, course, force)
        (staging / MANIFEST_FILE).write_bytes(archive.manifest_bytes)
        if archive.signature is not None:
            (staging / SIGNATURE_FILE).write_bytes(archive.signature)
        _move_into_place(staging, packs_dir(data_dir), manifest.id)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    info = _info(packs_dir(data_dir) / manifest.id, manifest, verdict, course)
    return InstallResult(info, previous.version if previous else None, tuple(check.warnings))


def _check_ids_and_version(
    manifest: PackManifest, verdict, data_dir: Path, course: Course, force: bool
) -> PackManifest | None:
    if manifest.min_prism and version_key(manifest.min_prism) > version_key(_our_version()):
        raise PackError(
            f"the pack needs Prism {manifest.min_prism} or newer; this is Prism {__version__}"
        )
    built_in = {e.id for e in course.entries}
    taken = sorted(set(manifest.module_ids) & built_in)
    if taken:
        if not manifest.replaces_course_modules:
            raise PackError(
                f"the pack uses the course's own module id{'s' if len(taken) > 1 else ''} "
                f"{', '.join(taken)}; choose other ids"
            )
        if not (verdict.verified and verdict.course_updates):
            raise PackError(
                f"the pack would replace the course's module{'s' if len(taken) > 1 else ''} "
                f"{', '.join(taken)}, which only a course update signed by a publisher trusted "
                "for course updates may do"
            )
    previous = None
    for other in installed_packs(data_dir):
        if other.id == manifest.id:
            previous = other
            continue
        clash = sorted(set(other.module_ids) & set(manifest.module_ids))
        if clash:
            raise PackError(
                f"module {', '.join(clash)} already belongs to the installed pack "
                f"'{other.title}' ({other.id}); a pack cannot take another pack's ids"
            )
    if previous is not None and not force:
        old, new = version_key(previous.version), version_key(manifest.version)
        if new == old:
            raise PackNeedsForce(
                f"'{manifest.title}' version {manifest.version} is already installed "
                "(use --force to reinstall it)"
            )
        if new < old:
            raise PackNeedsForce(
                f"'{manifest.title}' version {previous.version} is installed and this file is "
                f"the older version {manifest.version}; use --force to go back to it"
            )
    if previous is not None:
        _check_same_publisher(previous, verdict, data_dir, force)
    return previous


def _check_same_publisher(previous: PackManifest, verdict, data_dir: Path, force: bool) -> None:
    """A verified pack is updated only by the same trusted publisher (unless forced)."""
    folder = packs_dir(data_dir) / previous.id
    try:
        old = verify(
            (folder / MANIFEST_FILE).read_bytes(),
            _read_optional(folder / SIGNATURE_FILE),
            read_trusted(data_dir),
        )
    except (OSError, SignatureError):
        return
    if old.verified and verdict.signer != old.signer and not force:
        raise PackNeedsForce(
            f"the installed pack is verified as from {old.signer}, and this update is not "
            "signed by them; use --force only if you trust where it came from"
        )


def _our_version() -> str:
    return ".".join(p for p in __version__.split(".") if p.isdigit()) or "0"


def _move_into_place(staging: Path, root: Path, pack_id: str) -> None:
    """Copy the checked pack in beside the old one, then swap them with renames."""
    root.mkdir(parents=True, exist_ok=True)
    incoming = root / f".incoming-{pack_id}"
    outgoing = root / f".outgoing-{pack_id}"
    for leftover in (incoming, outgoing):
        shutil.rmtree(leftover, ignore_errors=True)
    shutil.copytree(staging, incoming)
    target = root / pack_id
    if target.exists():
        os.replace(target, outgoing)
    os.replace(incoming, target)
    shutil.rmtree(outgoing, ignore_errors=True)


def remove_pack(data_dir: Path, pack_id: str) -> PackManifest:
    """Remove an installed pack (its learners' progress stays in the database)."""
    for manifest in installed_packs(data_dir):
        if manifest.id == pack_id:
            root = packs_dir(data_dir)
            outgoing = root / f".outgoing-{pack_id}"
            shutil.rmtree(outgoing, ignore_errors=True)
            os.replace(root / pack_id, outgoing)
            shutil.rmtree(outgoing, ignore_errors=True)
            return manifest
    raise PackError(f"no pack '{pack_id}' is installed (see `prism pack list`)")


def _read_optional(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _info(folder: Path, manifest: PackManifest, verdict, course: Course) -> PackInfo:
    built_in = {e.id for e in course.entries}
    replaces = ()
    if manifest.replaces_course_modules and verdict.verified and verdict.course_updates:
        replaces = tuple(m for m in manifest.module_ids if m in built_in)
    return PackInfo(
        id=manifest.id,
        title=manifest.title,
        version=manifest.version,
        publisher=manifest.publisher,
        module_ids=manifest.module_ids,
        folder=folder,
        verified=verdict.verified,
        signer=verdict.signer,
        replaces=replaces,
    )


def with_packs(
    course: Course, problems: tuple[Problem, ...], data_dir: Path, *, authoring_checks: bool = False
) -> tuple[Course, tuple[Problem, ...]]:
    """The course with every installed pack's modules added (or replacing built-in ones).

    With no packs folder this costs one failed directory listing. A pack that can no
    longer be loaded (damaged, or its signature now fails) shows its modules as
    unavailable with the reason; the rest of the course is untouched.
    """
    root = packs_dir(data_dir)
    if not root.is_dir():
        return course, problems
    from desktop.course.loader import load_pack_modules

    trusted_problems: list[Problem] = []
    trusted = read_trusted(data_dir, trusted_problems)
    entries = list(course.entries)
    built_in = {e.id for e in course.entries}
    taken = set(built_in)
    infos: list[PackInfo] = []
    found = list(problems) + trusted_problems
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")):
        pack_problems: list[Problem] = []
        manifest = read_manifest(folder, pack_problems)
        if manifest is None:
            found.extend(pack_problems)
            continue
        try:
            verdict = verify(
                (folder / MANIFEST_FILE).read_bytes(),
                _read_optional(folder / SIGNATURE_FILE),
                trusted,
            )
        except (OSError, SignatureError) as error:
            reason = Problem(folder / MANIFEST_FILE, 1, f"the pack cannot be trusted: {error}")
            found.append(reason)
            entries += [UnavailableModule(m, m, (reason,)) for m in manifest.module_ids]
            continue
        info = _info(folder, manifest, verdict, course)
        loaded, module_problems, _warnings = load_pack_modules(
            folder,
            manifest.module_ids,
            course,
            figures=folder / "figures",
            authoring_checks=authoring_checks,
        )
        found.extend(module_problems)
        for entry in loaded:
            if entry.id in info.replaces:
                entries[[e.id for e in entries].index(entry.id)] = entry
                continue
            if entry.id in taken:
                reason = Problem(
                    folder / "pack.yaml", 1, f"module id '{entry.id}' is already in the course"
                )
                found.append(reason)
                continue
            taken.add(entry.id)
            entries.append(entry)
        infos.append(info)
    if not infos:
        return course, tuple(found)
    merged = dataclasses.replace(course, entries=tuple(entries), packs=tuple(infos))
    return merged, tuple(found)


def pack_modules(course: Course, pack: PackInfo) -> list[Module | UnavailableModule]:
    """The entries a pack adds, in the pack's order."""
    return [e for e in course.entries if e.id in pack.module_ids and e.id not in pack.replaces]


def pack_figure_folders(course: Course) -> tuple[Path, ...]:
    return tuple(p.folder / "figures" for p in course.packs if (p.folder / "figures").is_dir())
