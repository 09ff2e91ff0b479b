"""Sealing free text with a key made from a passphrase: AES-256-GCM, keys from scrypt.

A protected profile's free text (reflections, CPD records, capability notes) is stored
as a *token*: ``"pe2:"`` followed by base64 of an 8-byte version, a 12-byte nonce and
the AES-GCM ciphertext with its tag. The prefix makes tokens self-describing, so a
reader can tell a sealed value from plain text and one form from another.

Two forms exist:

- ``pe2:`` (since migration 9): the associated data is the *context* (profile, kind,
  item and column, e.g. ``prism/reflection/<profile id>/<reflection id>/text``) and the
  version, length-prefixed. A token copied to another row, column or profile does not
  open; nor does one whose stated version was changed. The version is chosen by the
  writer from the profile's ledger (``seal_ledger.py``), which is what catches an older
  token put back whole: that check needs state outside the row, so it lives there.
- ``pe1:`` (before migration 9): bound to ``prism/<kind>/<profile>/<item>`` only. Still
  opened, so files and archives from before keep working; each profile's are re-sealed
  as ``pe2:`` at its first unlock, after which a ``pe1:`` value is refused as a
  downgrade wherever the ledger names a version.

What is stored, never the passphrase: a ``KeyRecord`` with the scrypt salt and cost
and a *verifier*, an HMAC of the derived key, which tells a right passphrase from a
wrong one without decrypting anything. The 32-byte key scrypt derives is split (HMAC
with fixed labels) into an encryption key, a nonce key, an integrity key and the
verifier.

The nonce is derived, not random: HMAC(nonce key, associated data, text), cut to 96
bits (the "synthetic IV" construction). Two different texts still get different nonces
(a collision is as unlikely as with random nonces), and the same text, place and
version give the same token, which lets the archive merge tell "same version" by
comparing stored values, as it does for plain text. The only thing this reveals is
that two stored copies are identical, which their timestamps mostly say anyway.

A third key derived from the passphrase, the integrity key, makes the HMACs of the
ledger, of the profile's own settings and of its team-summary entry (``Sealer.mac``).

Python cannot promise to wipe memory: ``Sealer.forget`` overwrites the key bytes it
owns and drops every reference, which is the most a Python program can do.
``cryptography`` is imported only when a key is made, so unprotected profiles never
pay for loading it.
"""

from __future__ import annotations

import base64
import binascii
import os
import unicodedata
from dataclasses import dataclass
from typing import Any

from desktop.store.errors import StoreError

# hashlib and hmac (which load OpenSSL, ~3 ms) are imported where a key is used, as
# cryptography is: a launch that unlocks no profile never needs them.

TOKEN_PREFIX = "pe1:"
"""The first form: bound to the row only (kept readable until the profile is unlocked)."""
TOKEN_PREFIX_V2 = "pe2:"
"""The current form: bound to row, column and version (see the module doc)."""
VERSION_BYTES = 8
SCHEME = "prism-aes-256-gcm-scrypt-1"
"""The name written into key records and archive manifests for this way of sealing."""

SALT_BYTES = 16
KEY_BYTES = 32
NONCE_BYTES = 12
TAG_BYTES = 16
MIN_PASSPHRASE_LENGTH = 8
MAX_PASSPHRASE_LENGTH = 1024

_ENCRYPTION_LABEL = b"prism encryption key v1"
_NONCE_LABEL = b"prism nonce key v1"
_VERIFIER_LABEL = b"prism passphrase verifier v1"
_MAC_LABEL = b"prism integrity key v1"


class SealedValueError(StoreError):
    """A sealed value cannot be opened: the key is wrong, or the stored value was changed."""

    def __init__(self, context: str) -> None:
        super().__init__(
            "Some of this profile's protected writing could not be unlocked: the stored "
            "copy has been changed or damaged. Nothing has been changed. Restore a backup "
            "made before the damage (File \u203a Restore from backup\u2026) to get it back.",
            f"sealed value at {context!r} failed authentication",
        )
        self.context = context


@dataclass(frozen=True)
class KdfParams:
    """The scrypt cost: ``n`` (a power of two), block size ``r`` and parallelism ``p``."""

    n: int = 2**16
    r: int = 8
    p: int = 1

    # Bounds for values read from a file: enough for any cost Prism writes, small enough
    # that a hostile archive cannot make scrypt take gigabytes of memory.
    MAX_MEMORY = 256 * 1024 * 1024

    def check(self) -> KdfParams:
        """Return self if the cost is one Prism accepts; raise ValueError otherwise."""
        for value in (self.n, self.r, self.p):
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError("scrypt parameters must be whole numbers")
        if self.n < 2 or self.n & (self.n - 1):
            raise ValueError("scrypt n must be a power of two")
        if not (1 <= self.r <= 32 and 1 <= self.p <= 16):
            raise ValueError("scrypt r or p out of range")
        if 128 * self.n * self.r > self.MAX_MEMORY:
            raise ValueError("scrypt cost too high")
        return self

    def to_dict(self) -> dict[str, Any]:
        return {"name": "scrypt", "n": self.n, "r": self.r, "p": self.p}

    @classmethod
    def from_dict(cls, data: Any) -> KdfParams:
        if not isinstance(data, dict) or data.get("name") != "scrypt":
            raise ValueError("unknown key derivation")
        if set(data) - {"name", "n", "r", "p"}:
            raise ValueError("unknown key derivation field")
        return cls(data.get("n"), data.get("r"), data.get("p")).check()  # type: ignore[arg-type]


DEFAULT_KDF = KdfParams()
"""scrypt n=2**16, r=8, p=1: 64 MiB and about 0.3 s on a two-core laptop (measured)."""


@dataclass(frozen=True)
class KeyRecord:
    """What is stored about a profile's passphrase: salt, cost and verifier, never the key."""

    salt: bytes
    kdf: KdfParams
    verifier: bytes
    scheme: str = SCHEME

    def same_key(self, other: KeyRecord | None) -> bool:
        """Whether ``other`` describes the same key (so sealed values need no re-sealing)."""
        import hmac

        return (
            other is not None
            and self.scheme == other.scheme
            and self.kdf == other.kdf
            and hmac.compare_digest(self.salt, other.salt)
            and hmac.compare_digest(self.verifier, other.verifier)
        )

    def to_dict(self) -> dict[str, Any]:
        """The record as JSON-safe values (for an archive manifest)."""
        return {
            "scheme": self.scheme,
            "kdf": self.kdf.to_dict(),
            "salt": _b64(self.salt),
            "verifier": _b64(self.verifier),
        }

    @classmethod
    def from_dict(cls, data: Any) -> KeyRecord:
        """A record read from a file; ValueError if anything is missing or unknown."""
        if not isinstance(data, dict) or data.get("scheme") != SCHEME:
            raise ValueError("unknown encryption scheme")
        if set(data) - {"scheme", "kdf", "salt", "verifier"}:
            raise ValueError("unknown encryption field")
        salt = _unb64(data.get("salt"))
        verifier = _unb64(data.get("verifier"))
        if len(salt) != SALT_BYTES or len(verifier) != KEY_BYTES:
            raise ValueError("salt or verifier has the wrong length")
        return cls(salt, KdfParams.from_dict(data.get("kdf")), verifier)


class Sealer:
    """One profile's unlocked key: seals text into tokens and opens tokens again."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != KEY_BYTES:
            raise ValueError("a key must be 32 bytes")
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM

        self._encryption_key = bytearray(_label(master_key, _ENCRYPTION_LABEL))
        self._nonce_key = bytearray(_label(master_key, _NONCE_LABEL))
        self._mac_key = bytearray(_label(master_key, _MAC_LABEL))
        self.verifier = _label(master_key, _VERIFIER_LABEL)
        self._aead: Any = AESGCM(bytes(self._encryption_key))

    @property
    def forgotten(self) -> bool:
        return self._aead is None

    def seal(self, text: str, context: str, version: int) -> str:
        """``text`` as a ``pe2:`` token bound to ``context`` and ``version``.

        The same inputs give the same token; another version gives another token.
        """
        if not 0 <= version < 2 ** (8 * VERSION_BYTES):
            raise ValueError("a version must be a whole number from 0")
        stamp = version.to_bytes(VERSION_BYTES, "big")
        nonce, body = self._encrypt(text, _associated_v2(context, stamp))
        return TOKEN_PREFIX_V2 + _b64(stamp + nonce + body)

    def seal_v1(self, text: str, context: str) -> str:
        """The first form (``pe1:``, bound to the row only), for files from before
        migration 9 (a backup sealed after the fact) and tests."""
        nonce, body = self._encrypt(text, context.encode("utf-8"))
        return TOKEN_PREFIX + _b64(nonce + body)

    def open(self, token: str, context: str) -> str:
        """The text sealed in ``token`` for ``context``; SealedValueError if it does not open."""
        return self.open_versioned(token, context)[0]

    def open_versioned(self, token: str, context: str) -> tuple[str, int | None]:
        """(text, version) of a token; the version is None for a first-form token."""
        from cryptography.exceptions import InvalidTag

        aead = self._require()
        version: int | None = None
        try:
            raw = _unb64(token[len(TOKEN_PREFIX) :]) if is_sealed(token) else b""
        except ValueError:
            raw = b""
        where = context.encode("utf-8")
        if token.startswith(TOKEN_PREFIX_V2) and len(raw) >= VERSION_BYTES:
            stamp, raw = raw[:VERSION_BYTES], raw[VERSION_BYTES:]
            version = int.from_bytes(stamp, "big")
            where = _associated_v2(context, stamp)
        if len(raw) < NONCE_BYTES + TAG_BYTES:
            raise SealedValueError(context)
        try:
            data = aead.decrypt(raw[:NONCE_BYTES], raw[NONCE_BYTES:], where)
        except InvalidTag:
            raise SealedValueError(context) from None
        return data.decode("utf-8"), version

    def mac(self, data: bytes) -> bytes:
        """HMAC-SHA256 of ``data`` with this key's integrity key (ledgers, settings)."""
        import hashlib
        import hmac

        self._require()
        return hmac.new(bytes(self._mac_key), data, hashlib.sha256).digest()

    def _encrypt(self, text: str, where: bytes) -> tuple[bytes, bytes]:
        import hashlib
        import hmac

        aead = self._require()
        data = text.encode("utf-8")
        nonce = hmac.new(
            bytes(self._nonce_key), len(where).to_bytes(4, "big") + where + data, hashlib.sha256
        ).digest()[:NONCE_BYTES]
        return nonce, aead.encrypt(nonce, data, where)

    def forget(self) -> None:
        """Overwrite the key bytes this object owns and drop the cipher."""
        for buffer in (self._encryption_key, self._nonce_key, self._mac_key):
            buffer[:] = bytes(len(buffer))
        self._aead = None

    def _require(self) -> Any:
        if self._aead is None:
            raise RuntimeError("this key has been forgotten (the profile was locked)")
        return self._aead


def is_sealed(value: object) -> bool:
    """Whether a stored value is a token of either form (rather than plain text)."""
    return isinstance(value, str) and value.startswith((TOKEN_PREFIX, TOKEN_PREFIX_V2))


def token_version(value: object) -> int | None:
    """The version a ``pe2:`` token states (unchecked until it is opened); else None."""
    if not isinstance(value, str) or not value.startswith(TOKEN_PREFIX_V2):
        return None
    try:
        raw = _unb64(value[len(TOKEN_PREFIX_V2) :])
    except ValueError:
        return None
    return int.from_bytes(raw[:VERSION_BYTES], "big") if len(raw) >= VERSION_BYTES else None


def _associated_v2(context: str, stamp: bytes) -> bytes:
    # Length-prefixed, so no context and version can run into another's.
    where = context.encode("utf-8")
    return b"prism-v2\x00" + len(where).to_bytes(4, "big") + where + stamp


def looks_like_token(value: object) -> bool:
    """Whether ``value`` has a token's shape (prefix, base64, long enough), unopened."""
    if not is_sealed(value):
        return False
    try:
        raw = _unb64(str(value)[len(TOKEN_PREFIX) :])
    except ValueError:
        return False
    extra = VERSION_BYTES if str(value).startswith(TOKEN_PREFIX_V2) else 0
    return len(raw) >= extra + NONCE_BYTES + TAG_BYTES


def normalise_passphrase(passphrase: str) -> str:
    """The passphrase as used: Unicode NFC, so the same words typed anywhere give one key.

    Spaces are kept as typed: they may be part of it.
    """
    return unicodedata.normalize("NFC", passphrase)


def passphrase_problem(passphrase: str) -> str:
    """Why a new passphrase cannot be used ('' when it can): for the dialog to show."""
    clean = normalise_passphrase(passphrase)
    if not clean.strip():
        return "Type a passphrase."
    if len(clean) < MIN_PASSPHRASE_LENGTH:
        return (
            f"Use at least {MIN_PASSPHRASE_LENGTH} characters. A few unrelated words "
            "are easy to remember and hard to guess."
        )
    if len(clean) > MAX_PASSPHRASE_LENGTH:
        return f"Use at most {MAX_PASSPHRASE_LENGTH} characters."
    return ""


def derive_key(passphrase: str, salt: bytes, kdf: KdfParams) -> bytes:
    """The 32-byte master key scrypt derives from the passphrase and salt."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    kdf.check()
    secret = normalise_passphrase(passphrase).encode("utf-8")
    return Scrypt(salt=salt, length=KEY_BYTES, n=kdf.n, r=kdf.r, p=kdf.p).derive(secret)


def new_key(passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> tuple[KeyRecord, Sealer]:
    """A fresh salt, the key from ``passphrase``, and the record to store for it."""
    salt = os.urandom(SALT_BYTES)
    sealer = Sealer(derive_key(passphrase, salt, kdf))
    return KeyRecord(salt, kdf, sealer.verifier), sealer


def unlock(record: KeyRecord, passphrase: str) -> Sealer | None:
    """The key for ``record`` if ``passphrase`` is the right one, else None."""
    import hmac

    sealer = Sealer(derive_key(passphrase, record.salt, record.kdf))
    if hmac.compare_digest(sealer.verifier, record.verifier):
        return sealer
    sealer.forget()
    return None


def _label(key: bytes, label: bytes) -> bytes:
    import hashlib
    import hmac

    return hmac.new(key, label, hashlib.sha256).digest()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise ValueError("not base64 text")
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError) as error:
        raise ValueError("not base64 text") from error
