"""The ``.prismpack`` file: a zip of the pack, a manifest of checksums, maybe a signature.

Reading one trusts nothing in it. Before a byte is written anywhere, every member is
checked: no ``../``, absolute paths, backslashes or drive letters; no symlinks,
encryption or unusual compression; limits on the number of members, each member's size,
the total and the compression ratio, counted from the bytes actually inflated rather
than the sizes the zip declares; every file listed in the manifest with its size and
SHA-256, and nothing else present. Each refusal says what is wrong.
"""

from __future__ import annotations

import hashlib
import json
import stat
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from desktop.course.packs.folder import allowed_path, pack_files
from desktop.course.packs.signing import SIGNATURE_FILE

FORMAT = "prism.pack/1"
MANIFEST_FILE = "manifest.json"
SUFFIX = ".prismpack"
MAX_MEMBERS = 300
MAX_MEMBER_BYTES = 2_000_000
MAX_TOTAL_BYTES = 20_000_000
MAX_RATIO = 100  # inflated / compressed, for members big enough for it to matter
RATIO_FLOOR = 100_000
_FIXED_TIME = (2020, 1, 1, 0, 0, 0)  # the same pack always builds to the same bytes


class PackError(Exception):
    """A pack that cannot be built or installed; the message says what is wrong."""


class PackNeedsForce(PackError):
    """Refused unless the user insists: the same or an older version, or another signer."""


@dataclass(frozen=True)
class PackArchive:
    """A pack read from a file and checked: its manifest, its files and its signature."""

    manifest_bytes: bytes
    manifest: dict
    files: dict[str, bytes]
    signature: bytes | None


def write_archive(folder: Path, out: Path, signature_key_pem: bytes | None = None) -> bytes:
    """Zip ``folder`` (already checked) into ``out``; returns the manifest bytes."""
    from desktop.atomic_files import write_bytes_atomic
    from desktop.course.packs.manifest import read_manifest

    files, _ = pack_files(folder)
    manifest_info = read_manifest(folder, [])
    if manifest_info is None:
        raise PackError("pack.yaml cannot be read")
    entries = []
    contents: dict[str, bytes] = {}
    for relative in files:
        data = (folder / relative).read_bytes()
        contents[relative] = data
        entries.append(
            {"path": relative, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        )
    manifest = {"format": FORMAT, "pack": manifest_info.as_dict(), "files": entries}
    manifest_bytes = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8") + b"\n"
    members = {MANIFEST_FILE: manifest_bytes}
    if signature_key_pem is not None:
        from desktop.course.packs.signing import sign

        members[SIGNATURE_FILE] = sign(manifest_bytes, signature_key_pem)
    members.update(contents)
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, _FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (stat.S_IFREG | 0o644) << 16
            archive.writestr(info, data)
    write_bytes_atomic(out, buffer.getvalue(), overwrite=True)
    return manifest_bytes


def _name_problem(name: str) -> str | None:
    if "\\" in name:
        return "uses a backslash; pack paths use '/' only"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    parts = PurePosixPath(name).parts
    if any(part in {"..", "."} for part in parts) or "//" in name:
        return "tries to leave the pack's folder (../)"
    if "\x00" in name or any(ord(c) < 32 for c in name):
        return "has control characters in its name"
    return None


def read_archive(path: Path) -> PackArchive:
    """Read and check a .prismpack; PackError names the first thing wrong."""
    try:
        archive = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise PackError(f"{path} does not exist") from None
    except (zipfile.BadZipFile, OSError) as error:
        raise PackError(f"{path.name} is not a Prism pack (not a readable zip: {error})") from None
    with archive:
        infos = archive.infolist()
        if len(infos) > MAX_MEMBERS:
            raise PackError(f"the pack has {len(infos)} files; a pack may hold {MAX_MEMBERS}")
        seen: set[str] = set()
        members: list[zipfile.ZipInfo] = []
        declared_total = 0
        for info in infos:
            name = info.filename
            why = _name_problem(name)
            if why:
                raise PackError(f"'{name}' {why}: the pack is refused")
            mode = info.external_attr >> 16
            if stat.S_ISLNK(mode):
                raise PackError(f"'{name}' is a symbolic link: packs may not contain links")
            if info.is_dir():
                continue
            if info.flag_bits & 0x1:
                raise PackError(f"'{name}' is encrypted: packs are never password-protected")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise PackError(f"'{name}' uses a compression Prism does not read")
            if name in seen:
                raise PackError(f"'{name}' appears twice in the pack")
            seen.add(name)
            if info.file_size > MAX_MEMBER_BYTES:
                raise PackError(
                    f"'{name}' would unpack to {info.file_size:,} bytes; the limit is 2 MB"
                )
            declared_total += info.file_size
            if declared_total > MAX_TOTAL_BYTES:
                raise PackError("the pack would unpack to more than 20 MB: it is refused")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                info.compress_size, 1
            ):
                raise PackError(
                    f"'{name}' is compressed more than {MAX_RATIO} times: "
                    "this looks like a zip bomb and is refused"
                )
            members.append(info)
        data = {info.filename: _read_limited(archive, info) for info in members}
    return _checked(data)


def _read_limited(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The member's bytes, never more than the limit whatever its header claims."""
    try:
        with archive.open(info) as handle:
            data = handle.read(MAX_MEMBER_BYTES + 1)
    except (zipfile.BadZipFile, OSError, EOFError) as error:
        raise PackError(f"'{info.filename}' cannot be read: {error}") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise PackError(f"'{info.filename}' unpacks to more than 2 MB: it is refused")
    return data


def _checked(data: dict[str, bytes]) -> PackArchive:
    manifest_bytes = data.pop(MANIFEST_FILE, None)
    if manifest_bytes is None:
        raise PackError("the pack has no manifest.json: build packs with `prism pack build`")
    signature = data.pop(SIGNATURE_FILE, None)
    try:
        manifest = json.loads(manifest_bytes.decode("utf-8"))
        listed = {entry["path"]: entry for entry in manifest["files"]}
        pack = manifest["pack"]
        module_ids = tuple(str(m) for m in pack["modules"])
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, AttributeError):
        raise PackError("manifest.json cannot be read: the pack is damaged") from None
    if manifest.get("format") != FORMAT:
        raise PackError(
            f"the pack's format is {manifest.get('format')!r}; this Prism reads {FORMAT}"
        )
    for name in sorted(data):
        if name not in listed:
            raise PackError(f"'{name}' is not listed in the manifest: unexpected file")
    for name, entry in sorted(listed.items()):
        why = _name_problem(name) if isinstance(name, str) else "is not a file name"
        if why:
            raise PackError(f"the manifest lists '{name}', which {why}")
        why = allowed_path(name, module_ids)
        if why:
            raise PackError(f"unexpected file '{name}': {why}")
        if name not in data:
            raise PackError(f"'{name}' is listed in the manifest but missing from the pack")
        content = data[name]
        if len(content) != entry.get("size") or (
            hashlib.sha256(content).hexdigest() != entry.get("sha256")
        ):
            raise PackError(
                f"'{name}' does not match its checksum: the pack is damaged or was changed "
                "after it was built"
            )
    return PackArchive(manifest_bytes, manifest, data, signature)
