"""Ed25519 signatures on a pack's manifest, and the data folder's trusted publishers.

A signature covers manifest.json, which holds every file's SHA-256, so it covers the
whole pack. A pack signed by a key in ``trusted-publishers.yaml`` shows as
"from <name> (verified)"; unsigned, or signed by a key not in the list, it shows as
"unverified". A signature that does not match is refused outright: the pack was
changed after it was signed. ``cryptography`` is imported only when a signature is
made or checked.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from pathlib import Path

from desktop.course.model import Problem

TRUSTED_FILE = "trusted-publishers.yaml"
SIGNATURE_FILE = "signature.json"


class SignatureError(Exception):
    """A signature or key that cannot be used; the message says why."""


@dataclass(frozen=True)
class Publisher:
    name: str
    key: bytes  # raw 32-byte Ed25519 public key
    course_updates: bool = False  # may replace the built-in course's modules


@dataclass(frozen=True)
class Verdict:
    signed: bool
    verified: bool
    signer: str | None = None
    course_updates: bool = False


def new_private_key_pem() -> tuple[bytes, str]:
    """(PEM of a new private key, its public key in base64) for `prism pack keygen`."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    return pem, _public_b64(key)


def _public_b64(key) -> str:
    from cryptography.hazmat.primitives import serialization

    raw = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return base64.b64encode(raw).decode("ascii")


def sign(manifest: bytes, private_key_pem: bytes) -> bytes:
    """signature.json for ``manifest``, signed with the key in ``private_key_pem``."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(private_key_pem, password=None)
    except (ValueError, TypeError) as error:
        raise SignatureError(f"the signing key cannot be read: {error}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SignatureError("the signing key must be an Ed25519 key (prism pack keygen)")
    document = {
        "algorithm": "ed25519",
        "public_key": _public_b64(key),
        "signature": base64.b64encode(key.sign(manifest)).decode("ascii"),
    }
    return json.dumps(document, indent=2).encode("utf-8") + b"\n"


def verify(manifest: bytes, signature: bytes | None, trusted: list[Publisher]) -> Verdict:
    """Check ``signature`` (signature.json) over ``manifest``; SignatureError if it fails."""
    if signature is None:
        return Verdict(signed=False, verified=False)
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        document = json.loads(signature.decode("utf-8"))
        key_bytes = base64.b64decode(document["public_key"], validate=True)
        signed = base64.b64decode(document["signature"], validate=True)
        if document.get("algorithm") != "ed25519" or len(key_bytes) != 32:
            raise ValueError("not an Ed25519 signature")
        Ed25519PublicKey.from_public_bytes(key_bytes).verify(signed, manifest)
    except InvalidSignature:
        raise SignatureError(
            "the signature does not match the pack: it was changed after it was signed"
        ) from None
    except (ValueError, KeyError, TypeError, UnicodeDecodeError, binascii.Error) as error:
        raise SignatureError(f"signature.json cannot be read: {error}") from None
    publisher = next((p for p in trusted if p.key == key_bytes), None)
    if publisher is None:
        return Verdict(signed=True, verified=False)
    return Verdict(True, True, publisher.name, publisher.course_updates)


def read_trusted(data_dir: Path, problems: list[Problem] | None = None) -> list[Publisher]:
    """The publishers in ``trusted-publishers.yaml`` (none when the file is absent).

    ```yaml
    publishers:
      - name: Northshire Council
        key: BASE64 OF THE 32-BYTE PUBLIC KEY   # printed by `prism pack keygen`
        course_updates: false                   # true only for the course's own publisher
    ```
    """
    from desktop.course.fields import FieldReader
    from desktop.course.yaml_lines import YamlProblem, parse_yaml, read_text_limited

    path = data_dir / TRUSTED_FILE
    if not path.is_file():
        return []
    found: list[Problem] = [] if problems is None else problems
    try:
        data = parse_yaml(read_text_limited(path))
    except YamlProblem as error:
        found.append(Problem(path, error.line, str(error)))
        return []
    reader = FieldReader(path, found)
    if reader.mapping(data, 1, TRUSTED_FILE) is None:
        return []
    publishers = []
    for item in reader.items(data, "publishers"):
        item = reader.mapping(item, data.line_of("publishers"), "each publisher")
        if item is None:
            continue
        name, key = reader.text(item, "name"), reader.text(item, "key")
        if not (name and key):
            continue
        try:
            raw = base64.b64decode(key, validate=True)
        except binascii.Error:
            raw = b""
        if len(raw) != 32:
            reader.problem(item.line_of("key"), f"the key for '{name}' is not an Ed25519 key")
            continue
        publishers.append(Publisher(name, raw, reader.flag(item, "course_updates")))
    return publishers
