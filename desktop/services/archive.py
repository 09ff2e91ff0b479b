"""Move a profile between laptops: export it to one .prism file, import it on another.

A .prism archive is a zip holding ``manifest.json`` and one JSON-lines file per table
(``events.jsonl``...). The manifest names the profile and records, for every file, its
SHA-256, size and number of rows::

    {"format": "prism-profile", "version": 1, "app_version": "0.1.0",
     "schema_version": 3, "created_utc": "...", "profile": {...},
     "files": {"events.jsonl": {"sha256": "...", "bytes": 1234, "rows": 10}, ...},
     "encryption": null}

Column values are copied as stored, so a passphrase-protected profile's free text
travels sealed and unread. For such a profile ``encryption`` describes the key (never
the key itself: see ``desktop/store/sealing.py``) and lists the sealed columns::

    "encryption": {"scheme": "prism-aes-256-gcm-scrypt-1",
                   "kdf": {"name": "scrypt", "n": 65536, "r": 8, "p": 1},
                   "salt": "<base64>", "verifier": "<base64>",
                   "sealed": ["reflections.text", ...]}

Importing it as a new profile, or into a profile here with the same key, copies the
sealed values as they are and needs no passphrase: the profile arrives protected and
locked. When the two sides differ (protected with another passphrase here, protected
on one side only), the values must be re-sealed, so the import asks for the passphrase
(``passphrase=`` or ``passphrase_prompt``) and never stores protected text in the clear:
a profile unprotected here becomes protected with the archive's passphrase.

An archive comes from outside, so it is treated as hostile until checked: size and
ratio limits stop zip bombs, member names must be plain names from the expected set
(no folders, no ``..``), every checksum is verified and every line is checked against
the table's columns, all before anything is written. The merge then runs in one
transaction (``desktop/store/archive.py`` has the rules), so a failure changes nothing.
Errors are ``ArchiveError`` with a message that says what is wrong and what to do.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import functools
import hashlib
import io
import itertools
import json
import math
import operator
import re
import struct
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop import __version__
from desktop.atomic_files import TargetExistsError, write_bytes_atomic
from desktop.store.archive import (
    PROFILE_FIELDS,
    ArchiveStore,
    MergeRejectedError,
    Row,
    TableSpec,
)
from desktop.store.clock import Clock, system_clock, utc_iso
from desktop.store.keys import (
    SEALED_COLUMNS,
    SealedColumn,
    keyring_for,
    leaving_no_trace,
)
from desktop.store.profile_names import name_problem
from desktop.store.profiles import MAX_NAME_LENGTH, normalise_profile_name
from desktop.store.seal_ledger import adopt, failing_values, seal_settings, transcode
from desktop.store.sealing import KeyRecord, Sealer, looks_like_token, unlock
from desktop.store.timestamps import (
    DAY_COLUMNS,
    TIMESTAMP_COLUMNS,
    TimeChecker,
    day_problem,
    parse_utc,
    time_problem,
)

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext
    from desktop.store.connection import Database

FORMAT = "prism-profile"
FORMAT_VERSION = 1
MANIFEST_NAME = "manifest.json"
FILE_SUFFIX = ".prism"

MIB = 1024 * 1024
MAX_ARCHIVE_BYTES = 512 * MIB
"""The largest archive file accepted (100,000 events compress to a few MiB)."""
MAX_UNPACKED_BYTES = 512 * MIB
"""The most all members together may unpack to: the zip-bomb ceiling."""
MAX_MEMBERS = 64
MAX_MANIFEST_BYTES = 1 * MIB
MAX_LINE_BYTES = 8 * MIB
MAX_RATIO = 200
"""Deflate rarely packs JSON lines more than ~20:1; 200:1 over 1 MiB means a bomb."""
RATIO_CHECK_FROM = 1 * MIB

_CHUNK = 1 * MIB
# Deflate level 1: a fifth larger than level 6 but twice as fast to write (measured on
# 100,000 events: 6.2 MB in 0.9 s against 5.1 MB in 1.1 s of CPU time).
_COMPRESS_LEVEL = 1
_PROGRESS_EVERY = 1000
KEEP_CHECKED_ROWS = 150_000
"""Archives of up to this many rows are decoded once: the check keeps its rows for the
merge (100,000 events take about 55 MiB, measured with tracemalloc). Larger ones are
read again, so memory stays at that ceiling whatever the archive holds."""
_MAX_INTEGER = 2**63 - 1
_HEX64 = re.compile(r"[0-9a-f]{64}")
_PROFILE_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_COLOUR = re.compile(r"[a-z-]{1,20}")
_BYTES_TAG = "$b64"

Progress = Callable[[int, int], None]
"""Called now and then with (items done, items in all) during a long export or import."""

_AGAIN = "Export the profile again on the other computer and copy the new file across."
_UNCHANGED = "Prism has not changed anything."


class ArchiveError(Exception):
    """An archive cannot be written or read; the message is for the learner as it is."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class ArchivePassphraseError(ArchiveError):
    """The import needs a passphrase it was not given, or was given a wrong one."""

    def __init__(self, message: str, *, wrong: bool) -> None:
        super().__init__(message)
        self.wrong = wrong


PassphrasePrompt = Callable[[str, str], "str | None"]
"""Asked (profile name, why) for a passphrase during an import; None means "cancel"."""

_PROMPT_TRIES = 5
_SEALED_NAMES = tuple(f"{c.table}.{c.column}" for c in SEALED_COLUMNS)


@dataclass(frozen=True)
class TableReport:
    """What an import did to one kind of item."""

    table: str
    added: int
    updated: int
    unchanged: int
    skipped: int


@dataclass(frozen=True)
class ImportReport:
    """The result of an import, for the screen and the command line."""

    profile_id: str
    profile_name: str
    new_profile: bool
    added: int
    updated: int
    unchanged: int
    kept_in_history: int
    profile_updated: bool
    tables: tuple[TableReport, ...]
    messages: tuple[str, ...]

    @property
    def changed_anything(self) -> bool:
        return bool(self.new_profile or self.added or self.updated or self.profile_updated)

    def summary(self) -> str:
        """One or two plain sentences saying what happened."""
        name = f"\u201c{self.profile_name}\u201d"
        if self.new_profile:
            first = f"Added the profile {name} with {_items(self.added)}."
        elif not self.changed_anything:
            checked = f" ({_items(self.unchanged)} checked)" if self.unchanged else ""
            first = f"{name} was already up to date, so nothing changed{checked}."
        else:
            first = (
                f"Updated {name}: {_items(self.added)} added, {self.updated:,} updated, "
                f"{self.unchanged:,} already here."
            )
        if self.kept_in_history:
            first += (
                f" {_items(self.kept_in_history, 'older version')} of reflections or CPD "
                "records edited on both computers "
                f"{'was' if self.kept_in_history == 1 else 'were'} kept in their history."
            )
        return first


@dataclass(frozen=True)
class ArchiveSummary:
    """What a checked archive holds, shown before the learner confirms an import."""

    path: Path
    profile_id: str
    profile_name: str
    created_utc: str
    app_version: str
    items: int
    protected: bool = False
    """The profile in the archive is protected with a passphrase."""
    needs_passphrase: bool = False
    """Importing it here means typing its passphrase (see ``import_archive``)."""


@dataclass(frozen=True)
class _FileEntry:
    sha256: str
    size: int
    rows: int


@dataclass(frozen=True)
class _Manifest:
    profile: dict[str, Any]
    files: dict[str, _FileEntry]
    created_utc: str
    app_version: str
    encryption: KeyRecord | None = None


@dataclass(frozen=True)
class _KeyPlan:
    """How an import handles sealed values: which keys it needs, what it stores."""

    archive: KeyRecord | None
    local: KeyRecord | None
    new_profile: bool

    @property
    def adopt(self) -> bool:
        """Unprotected here, protected in the archive: the profile takes the archive's key."""
        return not self.new_profile and self.local is None and self.archive is not None

    @property
    def needs_keys(self) -> bool:
        if self.new_profile or (self.archive is None and self.local is None):
            return False
        return self.archive is None or not self.archive.same_key(self.local)

    @property
    def needs_owner(self) -> bool:
        """The profile is protected here, so only its owner may change it (issue 16).

        A matching key record proves nothing: anyone can export it without the
        passphrase. So every import into a protected profile needs it unlocked here,
        or its passphrase typed now.
        """
        return not self.new_profile and self.local is not None


class ArchiveService:
    """Exports one profile to a .prism file and imports such files (merging by id)."""

    def __init__(self, db: Database, data_dir: Path, clock: Clock | None = None) -> None:
        self._store = ArchiveStore(db, clock)
        self._db = db
        self._keys = keyring_for(db)
        self.data_dir = Path(data_dir)
        self._clock = clock or system_clock
        # Set by the window: asks for a passphrase when an import needs one (see module doc).
        self.passphrase_prompt: PassphrasePrompt | None = None

    # Export ---------------------------------------------------------------------------

    def suggested_file_name(self, profile_name: str, today: date | None = None) -> str:
        """E.g. 'prism-profile-sam-patel-2026-03-02.prism' (plain letters only)."""
        folded = unicodedata.normalize("NFKD", profile_name).encode("ascii", "ignore").decode()
        slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:40].strip("-")
        day = (today or self._clock().date()).isoformat()
        return f"prism-profile-{slug or 'profile'}-{day}{FILE_SUFFIX}"

    def export_profile(
        self,
        profile_id: str,
        path: Path,
        *,
        overwrite: bool = False,
        progress: Progress | None = None,
    ) -> Path:
        """Write the profile and all its data to ``path``; returns the path written.

        Raises ``TargetExistsError`` if the file exists and ``overwrite`` is False, and
        ``ArchiveError`` if the profile is unknown or the file cannot be written.
        """
        path = Path(path)
        if path.exists() and not overwrite:
            raise TargetExistsError(f"{path} already exists.")
        buffer = io.BytesIO()
        with self._store.snapshot():
            profile = self._store.profile_row(profile_id)
            if profile is None:
                raise ArchiveError(
                    "Prism could not find this profile. It may have been deleted. "
                    "Go back to the profile list, choose it again and try once more."
                )
            key_record = self._store.key_record(profile_id)
            tables = self._store.tables()
            total = sum(self._store.count_rows(profile_id, spec) for spec in tables)
            done = 0
            files: dict[str, dict[str, Any]] = {}
            with zipfile.ZipFile(
                buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=_COMPRESS_LEVEL
            ) as zf:
                for spec in tables:
                    entry, done = _write_table(
                        zf, spec, self._store.iter_rows(profile_id, spec), progress, done, total
                    )
                    files[spec.file_name] = entry
                manifest = {
                    "format": FORMAT,
                    "version": FORMAT_VERSION,
                    "app_version": __version__,
                    "schema_version": self._store.schema_version(),
                    "created_utc": utc_iso(self._clock()),
                    "profile": {
                        **profile,
                        "include_in_team_summary": bool(profile["include_in_team_summary"]),
                    },
                    "files": files,
                    "encryption": (
                        None
                        if key_record is None
                        else {**key_record.to_dict(), "sealed": list(_SEALED_NAMES)}
                    ),
                }
                zf.writestr(
                    MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n"
                )
        try:
            return write_bytes_atomic(path, buffer.getvalue(), overwrite=overwrite)
        except TargetExistsError:
            raise
        except OSError as error:
            raise ArchiveError(
                f"Prism could not save {path.name} ({error.strerror or error}). Check that "
                "the folder exists, that you may save files there and that the disc is "
                "not full, then try again.",
                str(error),
            ) from error

    # Import ---------------------------------------------------------------------------

    def inspect(self, path: Path, *, progress: Progress | None = None) -> ArchiveSummary:
        """Check an archive completely without changing anything, and say what it holds.

        Values that only the database can judge (a rating of 9 breaks a CHECK rule) are
        found by ``import_archive``, whose transaction is then rolled back.
        """
        path = Path(path)
        with self._open(path) as (zf, manifest):
            total = sum(entry.rows for entry in manifest.files.values())
            self._check_contents(path, zf, manifest, _Counter(progress, total))
        plan = self._key_plan(manifest)
        return ArchiveSummary(
            path=path,
            profile_id=manifest.profile["id"],
            profile_name=manifest.profile["name"],
            created_utc=manifest.created_utc,
            app_version=manifest.app_version,
            items=sum(entry.rows for entry in manifest.files.values()),
            protected=manifest.encryption is not None,
            needs_passphrase=(plan.needs_keys and not self._keys_held(plan, manifest))
            or (plan.needs_owner and not self._keys.is_unlocked(manifest.profile["id"])),
        )

    def import_archive(
        self, path: Path, *, progress: Progress | None = None, passphrase: str | None = None
    ) -> ImportReport:
        """Check the archive, then merge it in one transaction; raises ``ArchiveError``.

        A profile whose id exists here is merged; a new id becomes a new profile (under
        "Name (imported)" if a different profile already has the name). ``passphrase``
        is needed only when sealed values must be re-sealed (see the module doc); without
        it ``passphrase_prompt`` is asked, else ``ArchivePassphraseError`` is raised.
        """
        path = Path(path)
        with self._open(path) as (zf, manifest):
            total = 2 * sum(entry.rows for entry in manifest.files.values())
            counter = _Counter(progress, total)
            checked_rows = self._check_contents(path, zf, manifest, counter)
            plan = self._key_plan(manifest)
            archive_key, local_key = self._keys_for(plan, manifest, passphrase)
            profile_id = manifest.profile["id"]

            def rows_for(spec: TableSpec) -> Iterator[Row]:
                entry = manifest.files.get(spec.file_name)
                if entry is None:
                    return iter(())
                kept = checked_rows.get(spec.name) if checked_rows is not None else None
                if kept is not None:
                    rows: Iterator[Row] = _counted(kept, counter)
                else:
                    rows = _rows(path, zf, spec, entry, profile_id, counter, checked=True)
                if not plan.needs_keys or plan.adopt:
                    return rows
                return _transcoded(spec, rows, archive_key, local_key, profile_id)

            # The owner's key, once the import is in: the imported values get their
            # versions in the profile's ledger in the same transaction (seal_ledger.adopt),
            # while values already failing their check here stay marked.
            owner = local_key if plan.local is not None else archive_key if plan.adopt else None
            still_bad = (
                failing_values(self._db, profile_id, owner)
                if owner is not None and plan.local is not None
                else set()
            )

            def finish(merged_id: str) -> None:
                if owner is not None:
                    adopt(self._db, merged_id, owner, trust_current=True, still_bad=still_bad)
                    seal_settings(self._db, merged_id, owner)

            # Plain text sealed by this import leaves no readable copy behind it.
            scrub = leaving_no_trace(self._db) if plan.needs_keys else contextlib.nullcontext()
            try:
                with scrub:
                    outcome = self._store.merge(
                        manifest.profile,
                        rows_for,
                        key_record=manifest.encryption if plan.new_profile or plan.adopt else None,
                        reseal_local_with=archive_key if plan.adopt else None,
                        finish=finish,
                        expected_rows={
                            spec.name: entry.rows
                            for spec in self._store.tables()
                            if (entry := manifest.files.get(spec.file_name)) is not None
                        },
                    )
            except MergeRejectedError as error:
                if error.rejected:
                    raise _damaged(
                        path, f"some entries in {error.table}.jsonl hold values Prism cannot accept"
                    ) from error
                raise ArchiveError(
                    f"Prism could not save the imported profile. {_UNCHANGED} Check that the "
                    "disc is not full and that no other copy of Prism is open, then try again.",
                    error.detail,
                ) from error
        messages = list(outcome.messages)
        if plan.adopt and archive_key is not None:
            # The learner has just typed the passphrase; an open profile stays usable.
            self._keys.add(outcome.profile_id, archive_key)
            messages.append(
                "This profile is protected with a passphrase on the other computer, so it "
                "is now protected here too, with the same passphrase."
            )
        tables = tuple(
            TableReport(name, c.added, c.updated, c.unchanged, c.skipped)
            for name, c in outcome.tables.items()
        )
        return ImportReport(
            profile_id=outcome.profile_id,
            profile_name=outcome.profile_name,
            new_profile=outcome.new_profile,
            added=sum(t.added for t in tables),
            updated=sum(t.updated for t in tables),
            unchanged=sum(t.unchanged for t in tables),
            kept_in_history=outcome.kept_in_history,
            profile_updated=outcome.profile_updated,
            tables=tables,
            messages=tuple(messages),
        )

    # Keys -----------------------------------------------------------------------------

    def _key_plan(self, manifest: _Manifest) -> _KeyPlan:
        profile_id = manifest.profile["id"]
        new_profile = self._store.profile_row(profile_id) is None
        local = None if new_profile else self._keys.record(profile_id)
        return _KeyPlan(manifest.encryption, local, new_profile)

    def _keys_held(self, plan: _KeyPlan, manifest: _Manifest) -> bool:
        """Whether an import can re-seal without asking (unlocked here, archive plain)."""
        return plan.archive is None and self._keys.is_unlocked(manifest.profile["id"])

    def _keys_for(
        self, plan: _KeyPlan, manifest: _Manifest, passphrase: str | None
    ) -> tuple[Sealer | None, Sealer | None]:
        """(the archive's key, this profile's key here) as far as the import needs them."""
        if not plan.needs_keys:
            if plan.needs_owner:
                # Not used to re-seal (the keys match): to give the values their versions.
                return None, self._require_owner(plan, manifest, passphrase)
            return None, None
        profile_id = manifest.profile["id"]
        name = manifest.profile["name"]
        held = self._keys.sealer_for(profile_id) if self._keys.is_unlocked(profile_id) else None
        why = self._why_passphrase(plan, name)
        tries = 0
        while True:
            archive_key, local_key = self._try(plan, passphrase, held)
            if (plan.archive is None or archive_key is not None) and (
                plan.local is None or local_key is not None
            ):
                return archive_key, local_key
            wrong = passphrase is not None
            if wrong and plan.archive is not None and archive_key is not None:
                message = (
                    f"\u201c{name}\u201d has a different passphrase on this computer. Open the "
                    "profile here with its passphrase (from the list of profiles), then "
                    f"import the file again. {_UNCHANGED}"
                )
                raise ArchivePassphraseError(message, wrong=True)
            if self.passphrase_prompt is None or tries >= _PROMPT_TRIES:
                if wrong:
                    message = (
                        f"That is not the passphrase of \u201c{name}\u201d. {_UNCHANGED} "
                        "Check the spelling and Caps Lock, then import the file again."
                    )
                else:
                    message = f"{why} {_UNCHANGED}"
                raise ArchivePassphraseError(message, wrong=wrong)
            if wrong:
                why = (
                    "That passphrase is not right. Check the spelling and Caps Lock, "
                    f"then type it again. {why}"
                )
            tries += 1
            passphrase = self.passphrase_prompt(name, why)
            if passphrase is None:
                raise ArchiveError(f"The profile was not imported. {_UNCHANGED}")

    def _require_owner(
        self, plan: _KeyPlan, manifest: _Manifest, passphrase: str | None
    ) -> Sealer | None:
        """Unlocked here already, or the right passphrase now; else nothing is imported.

        Returns the profile's key (not added to the ring: a locked profile stays locked).
        """
        profile_id = manifest.profile["id"]
        if self._keys.is_unlocked(profile_id):
            return self._keys.sealer_for(profile_id)
        if plan.local is None:
            return None
        name = self._store.profile_row(profile_id)["name"]  # the name shown here, not the file's
        why = (
            f"\u201c{name}\u201d is protected with a passphrase on this computer, so only "
            "its owner can add work to it. Type its passphrase to import this file."
        )
        tries = 0
        while True:
            if passphrase is not None:
                sealer = unlock(plan.local, passphrase)
                if sealer is not None:
                    return sealer  # the owner has proved it; the profile stays as locked
                why = (
                    "That passphrase is not right. Check the spelling and Caps Lock, then "
                    f"type it again. {why}"
                )
            if self.passphrase_prompt is None or tries >= _PROMPT_TRIES:
                raise ArchivePassphraseError(f"{why} {_UNCHANGED}", wrong=passphrase is not None)
            tries += 1
            passphrase = self.passphrase_prompt(name, why)
            if passphrase is None:
                raise ArchiveError(f"The profile was not imported. {_UNCHANGED}")

    @staticmethod
    def _try(
        plan: _KeyPlan, passphrase: str | None, held: Sealer | None
    ) -> tuple[Sealer | None, Sealer | None]:
        archive_key = local_key = None
        if plan.archive is not None and passphrase is not None:
            archive_key = unlock(plan.archive, passphrase)
        if plan.local is not None:
            local_key = held
            if local_key is None and passphrase is not None:
                # The same words often protect the profile on both computers.
                local_key = unlock(plan.local, passphrase)
        return archive_key, local_key

    @staticmethod
    def _why_passphrase(plan: _KeyPlan, name: str) -> str:
        if plan.local is None:
            return (
                f"\u201c{name}\u201d is protected with a passphrase in this file, but not on "
                "this computer. Type the passphrase to import it: the profile here then "
                "becomes protected with the same passphrase."
            )
        if plan.archive is None:
            return (
                f"\u201c{name}\u201d is protected with a passphrase on this computer. Type "
                "its passphrase to add the work from this file to it."
            )
        return (
            f"\u201c{name}\u201d is protected with a different passphrase in this file than "
            "on this computer. Type the passphrase it had on the other computer."
        )

    def _open(self, path: Path) -> _OpenArchive:
        return _OpenArchive(path, self._store.tables(), self._store.schema_version())

    def _check_contents(
        self, path: Path, zf: zipfile.ZipFile, manifest: _Manifest, counter: _Counter | None
    ) -> dict[str, list[Row]] | None:
        """Pass one: every checksum, every line, every key, before anything is written.

        Returns the checked rows of each table when the archive is small enough to hold
        them (``KEEP_CHECKED_ROWS``), so the merge does not unpack and decode every line
        a second time; None for a larger archive, whose merge reads the members again.
        """
        # "The future" is ahead of this computer's own clock (SQLite's triggers stamp
        # some rows with it), whatever clock the service was given.
        now = max(self._clock(), system_clock())
        for field in ("created_utc", "last_used_utc", "updated_utc"):
            value = manifest.profile[field]
            problem = None if value is None else time_problem(value, now)
            if problem:
                raise _damaged(path, f"the profile's {field.split('_')[0]} time {problem}")
        attempt_ids: set[Any] = set()
        keep = sum(entry.rows for entry in manifest.files.values()) <= KEEP_CHECKED_ROWS
        kept: dict[str, list[Row]] = {}
        for spec in self._store.tables():
            entry = manifest.files.get(spec.file_name)
            if entry is None:
                continue
            rows: list[Row] = []
            if keep:
                kept[spec.name] = rows
            keys: set[Any] = set()
            dated = _dated_columns(spec, now)
            sealed = (
                [spec.index(c.column) for c in SEALED_COLUMNS if c.table == spec.name]
                if manifest.encryption is not None
                else []
            )
            profile_id = manifest.profile["id"]
            key_of = _key_getter(spec)
            screen = _Screen(spec, dated, profile_id, bool(sealed))
            line_no = 0
            stream = _rows(path, zf, spec, entry, profile_id, counter)
            # A chunk at a time: a quick look over the whole chunk, column by column, in
            # C where it can be (issue 17). A chunk it is unsure of is checked line by
            # line by the loop below, which names the first problem, exactly as before.
            while chunk := list(itertools.islice(stream, _CHECK_CHUNK)):
                new_keys = screen.clean(chunk, keys, attempt_ids)
                if new_keys is not None:
                    keys |= new_keys
                    line_no += len(chunk)
                    if keep:
                        rows.extend(chunk)
                    continue
                for row in chunk:
                    line_no += 1
                    for column, index, check in dated:
                        if row[index] is not None and (problem := check(row[index])):
                            raise _damaged(
                                path, f"line {line_no} of {spec.file_name}: its {column} {problem}"
                            )
                    problem = _payload_problem(spec, row, profile_id, bool(sealed))
                    if problem:
                        raise _damaged(path, f"line {line_no} of {spec.file_name} {problem}")
                    if sealed and any(not looks_like_token(row[i]) for i in sealed):
                        raise _damaged(
                            path,
                            f"line {line_no} of {spec.file_name} should be protected but is not",
                        )
                    key = key_of(row)
                    if key in keys:
                        raise _damaged(path, f"line {line_no} of {spec.file_name} repeats an entry")
                    keys.add(key)
                    if (
                        spec.name == "quiz_answers"
                        and row[spec.index("attempt_id")] not in attempt_ids
                    ):
                        raise _damaged(
                            path,
                            f"line {line_no} of {spec.file_name} answers a quiz attempt "
                            "that is not in the archive",
                        )
                    if keep:
                        rows.append(row)
            if spec.name == "quiz_attempts":
                attempt_ids = set(keys)  # quiz_attempts: keyed by id alone
        return kept if keep else None


_JSON_SHAPES: dict[tuple[str, str], type] = {
    ("events", "result_json"): dict,
    ("quiz_answers", "response"): list,
    ("quiz_attempts", "question_order"): list,
    ("scenario_runs", "path"): list,
}
"""Columns holding JSON the app reads back, and the shape it expects."""
_CPD_JSON = {"cpd_records": "id", "cpd_record_history": "record_id"}
_JSON_COLUMNS: dict[str, list[tuple[str, type]]] = {}
for (_table, _column), _shape in _JSON_SHAPES.items():
    _JSON_COLUMNS.setdefault(_table, []).append((_column, _shape))
_JSON_SEEN_MAX = 10_000
_json_seen: dict[tuple[type, Any], str] = {}
"""(shape, JSON text) already judged ("" for good), shared by imports; at most
_JSON_SEEN_MAX entries, so memory stays small whatever is imported."""


def _json_problem(text: Any, shape: type) -> str:
    try:
        value = _DECODER.decode(text)
    except (TypeError, ValueError, RecursionError):
        return "that is not valid data"
    return "" if isinstance(value, shape) else "of the wrong kind"


def _payload_problem(spec: TableSpec, row: Row, profile_id: str, sealed: bool) -> str | None:
    """Why a row's structured values would not read in the app, or None.

    A CPD record is read with the app's own model (``CpdRecord.from_dict``), so what
    imports is what the CPD page can show; a sealed one is checked when it is opened.
    """
    for column, shape in _JSON_COLUMNS.get(spec.name, ()):
        text = row[spec.index(column)]
        if text is None:
            continue
        known = _json_seen.get((shape, text), _BAD)
        if known is not _BAD:
            if known:
                return f"has a {column} {known}"
            continue
        problem = _json_problem(text, shape)
        if len(_json_seen) < _JSON_SEEN_MAX:
            # Many rows carry the same small result ({"response": [1]}...): judged once.
            _json_seen[shape, text] = problem
        if problem:
            return f"has a {column} {problem}"
    id_column = _CPD_JSON.get(spec.name)
    if id_column is None or sealed:
        return None
    from desktop.cpd.records import CpdRecord
    from desktop.cpd.schema import CpdImportError

    try:
        data = _DECODER.decode(row[spec.index("record_json")])
        record = CpdRecord.from_dict(data)
    except (TypeError, ValueError, RecursionError, CpdImportError):
        return "holds a CPD record Prism cannot read"
    if record.id != row[spec.index(id_column)] or record.profile_id != profile_id:
        return "holds a CPD record that belongs to another record or profile"
    return None


def _key_getter(spec: TableSpec) -> Callable[[Row], Any]:
    """A row's key for the "repeats an entry" check: the value itself for a one-column
    key (most tables, events among them), else the tuple of values."""
    positions = [spec.index(column) for column in spec.key]
    if len(positions) == 1:
        return operator.itemgetter(positions[0])
    return lambda row: tuple(row[i] for i in positions)


_CHECK_CHUNK = 4096
"""Rows looked over together by ``_Screen`` before they are kept."""
_not_none = functools.partial(operator.is_not, None)


class _Screen:
    """Looks over a chunk of decoded rows for anything ``_check_contents`` would refuse.

    ``clean`` gives the chunk's keys only when every row passes every check of the
    line-by-line loop (times and days, structured values, sealed values, repeated keys,
    answers to attempts not in the archive); anything else, including a check it cannot
    make quickly, gives None, and that loop then looks at the chunk itself. So it
    decides nothing: it only lets good chunks skip the per-line Python work.
    """

    def __init__(
        self,
        spec: TableSpec,
        dated: list[tuple[str, int, Callable[[Any], str | None]]],
        profile_id: str,
        sealed: bool,
    ) -> None:
        self._spec = spec
        self._dated = [(operator.itemgetter(index), check) for _c, index, check in dated]
        self._profile_id = profile_id
        self._sealed = sealed
        self._key_of = _key_getter(spec)
        # Structured values: judged once per distinct text in the chunk. CPD records and
        # sealed tables go row by row through ``_payload_problem`` (they are few).
        self._per_row = sealed or spec.name in _CPD_JSON
        self._json = [
            (operator.itemgetter(spec.index(column)), shape)
            for column, shape in _JSON_COLUMNS.get(spec.name, ())
        ]
        self._attempt = (
            operator.itemgetter(spec.index("attempt_id")) if spec.name == "quiz_answers" else None
        )

    def clean(self, chunk: list[Row], keys: set[Any], attempt_ids: set[Any]) -> set[Any] | None:
        if self._per_row:
            return None  # small tables: the line-by-line loop is quick enough
        for value_of, check in self._dated:
            values = list(filter(_not_none, map(value_of, chunk)))
            if isinstance(check, TimeChecker):
                if not check.all_believable(values):
                    return None
            elif any(map(check, values)):
                return None
        for value_of, shape in self._json:
            for text in set(map(value_of, chunk)) - {None}:
                known = _json_seen.get((shape, text), _BAD)
                if known is _BAD:
                    known = _json_problem(text, shape)
                    if len(_json_seen) < _JSON_SEEN_MAX:
                        _json_seen[shape, text] = known
                if known:
                    return None
        new = set(map(self._key_of, chunk))
        if len(new) != len(chunk) or not keys.isdisjoint(new):
            return None
        if self._attempt is not None and not attempt_ids.issuperset(map(self._attempt, chunk)):
            return None
        return new


def _dated_columns(
    spec: TableSpec, now: datetime
) -> list[tuple[str, int, Callable[[Any], str | None]]]:
    """(column, position, its check) for each column of ``spec`` holding a time or a day.

    The checks answer exactly as ``time_problem`` / ``day_problem`` with ``now``, but
    judge each distinct day once: an archive's 100,000 events share a few thousand days.
    """
    times = TimeChecker(now)
    days: dict[Any, str | None] = {}

    def day_check(value: Any) -> str | None:
        if value not in days:
            days[value] = day_problem(value, now)
        return days[value]

    return [
        (column, spec.index(column), check)
        for columns, check in (
            (TIMESTAMP_COLUMNS.get(spec.name, ()), times),
            (DAY_COLUMNS.get(spec.name, ()), day_check),
        )
        for column in columns
        if column in spec.column_names
    ]


def create(ctx: ServiceContext) -> ArchiveService:
    """Build the service from the shared start-up context."""
    return ArchiveService(ctx.db, ctx.data_dir, ctx.clock)


def _transcoded(
    spec: TableSpec,
    rows: Iterator[Row],
    archive_key: Sealer | None,
    local_key: Sealer | None,
    profile_id: str,
) -> Iterator[Row]:
    """The archive's rows with their sealed values moved into this computer's form."""
    columns: list[tuple[SealedColumn, int, int]] = [
        (c, spec.index(c.column), spec.index(c.item_column))
        for c in SEALED_COLUMNS
        if c.table == spec.name
    ]
    if not columns:
        yield from rows
        return
    for row in rows:
        values = transcode(
            ((c, row[item], row[value]) for c, value, item in columns),
            archive_key,
            local_key,
            profile_id,
        )
        changed = list(row)
        for (_c, value, _item), new in zip(columns, values, strict=True):
            changed[value] = new
        yield tuple(changed)


# Writing ------------------------------------------------------------------------------


def _write_table(
    zf: zipfile.ZipFile,
    spec: TableSpec,
    rows: Iterator[Row],
    progress: Progress | None,
    done: int,
    total: int,
) -> tuple[dict[str, Any], int]:
    """Stream one table into the zip as JSON lines; returns its manifest entry."""
    digest = hashlib.sha256()
    size = count = 0
    names = spec.column_names
    pending: list[bytes] = []
    pending_size = 0
    with zf.open(spec.file_name, "w") as member:

        def flush() -> None:
            nonlocal pending, pending_size
            chunk = b"".join(pending)
            member.write(chunk)
            digest.update(chunk)
            pending, pending_size = [], 0

        # Only a BLOB column (none yet; encrypted values, later) needs its values wrapped.
        wrap = any(column.kind in ("BLOB", "ANY") for column in spec.columns)
        for row in rows:
            values = [_encode(value) for value in row] if wrap else row
            line = (_ENCODER.encode(dict(zip(names, values, strict=True))) + "\n").encode()
            pending.append(line)
            pending_size += len(line)
            size += len(line)
            count += 1
            if pending_size >= _CHUNK:
                flush()
            if progress is not None and (done + count) % _PROGRESS_EVERY == 0:
                progress(done + count, total)
        flush()
    if progress is not None:
        progress(done + count, total)
    return {"sha256": digest.hexdigest(), "bytes": size, "rows": count}, done + count


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _encode(value: Any) -> Any:
    # A BLOB (an encrypted value, later) travels as base64 inside a tagged object.
    if isinstance(value, bytes):
        return {_BYTES_TAG: base64.b64encode(value).decode("ascii")}
    return value


# Reading ------------------------------------------------------------------------------


class _OpenArchive:
    """Context manager: open the zip, check its structure and manifest, close it after."""

    def __init__(self, path: Path, tables: tuple[TableSpec, ...], schema_version: int) -> None:
        self._path = path
        self._tables = tables
        self._schema_version = schema_version
        self._zf: zipfile.ZipFile | None = None

    def __enter__(self) -> tuple[zipfile.ZipFile, _Manifest]:
        path = self._path
        try:
            size = path.stat().st_size
        except FileNotFoundError:
            raise ArchiveError(
                f"Prism cannot find {path}. Check the file name and folder, then try again."
            ) from None
        except OSError as error:
            raise _unreadable(path, error) from error
        if not path.is_file():
            raise ArchiveError(
                f"{path.name} is a folder, not a profile archive. Choose a file ending in "
                f"{FILE_SUFFIX} that Prism exported."
            )
        if size == 0:
            raise ArchiveError(
                f"{path.name} is empty, so it holds no profile; it may have been only partly "
                f"copied. {_UNCHANGED} Copy it again from the other computer, or export the "
                "profile again there."
            )
        if size > MAX_ARCHIVE_BYTES:
            raise ArchiveError(
                f"{path.name} is {_size(size)}, larger than any profile archive "
                f"({_size(MAX_ARCHIVE_BYTES)} at most), so Prism has not opened it. "
                "Check that you chose the right file."
            )
        try:
            self._zf = zipfile.ZipFile(path)
        except OSError as error:
            raise _unreadable(path, error) from error
        except (zipfile.BadZipFile, ValueError, EOFError, struct.error, NotImplementedError) as e:
            raise ArchiveError(
                f"{path.name} is not a Prism profile archive, or it is damaged or was only "
                f"partly copied. {_UNCHANGED} Choose a {FILE_SUFFIX} file that Prism exported; "
                f"if it is one, copy it again or export the profile again on the other computer.",
                str(e),
            ) from e
        try:
            manifest = self._check_structure(self._zf)
        except BaseException:
            self._zf.close()
            raise
        return self._zf, manifest

    def __exit__(self, *exc_info: object) -> None:
        if self._zf is not None:
            self._zf.close()

    def _check_structure(self, zf: zipfile.ZipFile) -> _Manifest:
        path = self._path
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise ArchiveError(
                f"{path.name} holds {len(infos)} files; a profile archive has at most "
                f"{MAX_MEMBERS}. {_UNCHANGED} Choose a {FILE_SUFFIX} file that Prism exported."
            )
        names = [info.filename for info in infos]
        for name in names:
            if _escapes(name):
                raise ArchiveError(
                    f"{path.name} contains a file named \u201c{_shown(name)}\u201d, which "
                    "points outside its own folder. A genuine Prism archive never does this, "
                    f"so Prism has not opened it. {_AGAIN}"
                )
        if len(set(names)) != len(names):
            raise _damaged(path, "some files appear twice inside it")
        if MANIFEST_NAME not in names:
            raise _foreign(path, f"it has no {MANIFEST_NAME}")
        expected = {MANIFEST_NAME} | {spec.file_name for spec in self._tables}
        unknown = sorted(set(names) - expected)
        if unknown:
            shown = ", ".join(_shown(name) for name in unknown[:3])
            more = "…" if len(unknown) > 3 else ""
            raise _foreign(path, f"it holds files a profile archive does not have: {shown}{more}")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise _foreign(path, "it is protected with a zip password")
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _foreign(path, "it uses a kind of compression Prism does not write")
            total += info.file_size
            squeezed = info.file_size / max(info.compress_size, 1)
            if total > MAX_UNPACKED_BYTES or (
                info.file_size > RATIO_CHECK_FROM and squeezed > MAX_RATIO
            ):
                raise ArchiveError(
                    f"{path.name} would unpack to far more data than a profile archive holds "
                    "(it may be damaged, or made to fill the disc), so Prism has not opened "
                    f"it. {_AGAIN}"
                )
        manifest_info = zf.getinfo(MANIFEST_NAME)
        if manifest_info.file_size > MAX_MANIFEST_BYTES:
            raise _damaged(path, f"its {MANIFEST_NAME} is far too large")
        try:
            raw = _read_member(zf, MANIFEST_NAME, MAX_MANIFEST_BYTES)
            data = json.loads(raw.decode("utf-8"), parse_constant=_refuse_constant)
        except ArchiveError:
            raise
        except (UnicodeDecodeError, ValueError, RecursionError) as error:
            raise _damaged(path, f"its {MANIFEST_NAME} cannot be read") from error
        except _ZIP_READ_ERRORS as error:
            raise _damaged(path, f"its {MANIFEST_NAME} cannot be unpacked") from error
        manifest = _parse_manifest(path, data, self._tables, self._schema_version)
        listed = set(manifest.files) | {MANIFEST_NAME}
        missing = sorted(listed - set(names))
        if missing:
            raise _damaged(path, f"{_shown(missing[0])} is listed in it but missing")
        unlisted = sorted(set(names) - listed)
        if unlisted:
            raise _damaged(path, f"{_shown(unlisted[0])} is in it but not listed")
        for name, entry in manifest.files.items():
            if zf.getinfo(name).file_size != entry.size:
                raise _checksum(path, name)
        return manifest


_ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    RuntimeError,
    NotImplementedError,
    struct.error,
    ValueError,
)


def _read_member(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    with zf.open(name) as stream:
        data = stream.read(limit + 1)
    if len(data) > limit:
        raise ArchiveError(f"{name} is far too large.")
    return data


def _parse_manifest(
    path: Path, data: Any, tables: tuple[TableSpec, ...], schema_version: int
) -> _Manifest:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _foreign(path, f"its {MANIFEST_NAME} does not describe a Prism profile")
    version = data.get("version")
    if not _is_int(version) or version < 1:
        raise _damaged(path, f"its {MANIFEST_NAME} has no valid format version")
    archive_schema = data.get("schema_version", 0)
    if version > FORMAT_VERSION or (_is_int(archive_schema) and archive_schema > schema_version):
        raise ArchiveError(
            f"{path.name} was made by a newer version of Prism "
            f"({data.get('app_version', 'unknown')!s:.20}). {_UNCHANGED} Install the latest "
            "version of Prism on this computer, then import the file again."
        )
    if not _is_int(archive_schema):
        raise _damaged(path, f"its {MANIFEST_NAME} has no valid data version")
    encryption = _parse_encryption(path, data.get("encryption"))
    profile = _parse_profile(path, data.get("profile"))
    allowed = {spec.file_name for spec in tables}
    files_data = data.get("files")
    if not isinstance(files_data, dict):
        raise _damaged(path, f"its {MANIFEST_NAME} does not list its files")
    files: dict[str, _FileEntry] = {}
    for name, entry in files_data.items():
        if name not in allowed:
            raise _foreign(path, f"its {MANIFEST_NAME} lists a file Prism does not know")
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("sha256"), str)
            and _HEX64.fullmatch(entry["sha256"])
            and _is_int(entry.get("bytes"))
            and _is_int(entry.get("rows"))
            and entry["bytes"] >= 0
            and entry["rows"] >= 0
        ):
            raise _damaged(path, f"its {MANIFEST_NAME} describes {_shown(name)} wrongly")
        files[name] = _FileEntry(entry["sha256"], entry["bytes"], entry["rows"])
    created = data.get("created_utc")
    app_version = data.get("app_version")
    if not (isinstance(created, str) and parse_utc(created) is not None):
        raise _damaged(path, f"its {MANIFEST_NAME} has no valid creation time")
    if not isinstance(app_version, str) or len(app_version) > 40:
        raise _damaged(path, f"its {MANIFEST_NAME} has no valid Prism version")
    return _Manifest(profile, files, created, app_version, encryption)


def _parse_encryption(path: Path, raw: Any) -> KeyRecord | None:
    """The archive's key record, or None for an unprotected profile."""
    if raw is None:
        return None
    try:
        if not isinstance(raw, dict):
            raise ValueError("not an object")
        fields = dict(raw)
        sealed = fields.pop("sealed", None)
        if not isinstance(sealed, list) or not set(sealed) <= set(_SEALED_NAMES):
            raise ValueError("unknown sealed columns")
        return KeyRecord.from_dict(fields)
    except ValueError as error:
        raise ArchiveError(
            f"{path.name} is protected with a passphrase in a way this version of Prism "
            f"does not know. {_UNCHANGED} Install the latest version of Prism, then import "
            "the file again.",
            str(error),
        ) from error


def _parse_profile(path: Path, raw: Any) -> dict[str, Any]:
    def bad(what: str) -> ArchiveError:
        return _damaged(path, f"the profile's {what} in {MANIFEST_NAME} is not valid")

    if not isinstance(raw, dict):
        raise _damaged(path, f"its {MANIFEST_NAME} does not name a profile")
    if set(raw) - set(PROFILE_FIELDS):
        raise bad("description")
    profile_id = raw.get("id")
    if not (isinstance(profile_id, str) and _PROFILE_ID.fullmatch(profile_id)):
        raise bad("id")
    name = raw.get("name")
    clean = normalise_profile_name(name) if isinstance(name, str) else ""
    if not clean or len(clean) > MAX_NAME_LENGTH or not _utf8(clean):
        raise bad("name")
    if name_problem(clean) is not None:
        # The same rules as creating a profile here: no invisible or steering characters.
        raise _damaged(
            path,
            f"the profile's name in {MANIFEST_NAME} holds invisible or steering characters "
            "that could make it pass for another profile",
        )
    for field in ("created_utc", "last_used_utc", "updated_utc"):
        value = raw.get(field)
        if (value is not None or field == "created_utc") and not (
            isinstance(value, str) and _TIMESTAMP.fullmatch(value)
        ):
            raise bad(field.split("_")[0] + " time")
    colour = raw.get("colour")
    if colour is not None and not (isinstance(colour, str) and _COLOUR.fullmatch(colour)):
        raise bad("colour")
    consent = raw.get("include_in_team_summary", False)
    if not isinstance(consent, bool):
        raise bad("team summary choice")
    return {
        "id": profile_id,
        "name": clean,
        "created_utc": raw["created_utc"],
        "last_used_utc": raw.get("last_used_utc"),
        "updated_utc": raw.get("updated_utc") or raw["created_utc"],
        "colour": colour,
        "include_in_team_summary": consent,
    }


class _Counter:
    """Reports progress through two passes over the rows (check, then merge)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self._progress = progress
        self._total = total
        self.done = 0

    def add(self, count: int) -> None:
        before = self.done
        self.done += count
        if self._progress is not None and before // _PROGRESS_EVERY != self.done // _PROGRESS_EVERY:
            self._progress(min(self.done, self._total), self._total)


def _counted(rows: list[Row], counter: _Counter) -> Iterator[Row]:
    """Rows kept from the check, reported to the progress as the merge takes them (a
    thousand at a time: a step per row cost more than the rest of the hand-over)."""
    for start in range(0, len(rows), _PROGRESS_EVERY):
        part = rows[start : start + _PROGRESS_EVERY]
        yield from part
        counter.add(len(part))


def _rows(
    path: Path,
    zf: zipfile.ZipFile,
    spec: TableSpec,
    entry: _FileEntry,
    profile_id: str,
    counter: _Counter | None,
    *,
    checked: bool = False,
) -> Iterator[Row]:
    """The rows of one member, in column order; the checksum is verified at the end.

    ``checked``: this member already passed ``_check_contents`` (the import's second pass).
    """
    name = spec.file_name
    count = 0
    # The second pass reads bytes whose checksum the first pass verified and whose rows
    # it checked one by one, so it only rebuilds the rows (the checksum is verified
    # again at the end of the member, and any difference rolls the import back).
    trusted = checked and not any(column.kind in ("BLOB", "ANY") for column in spec.columns)
    names = spec.column_names
    plain = _plain_reader(spec, profile_id)
    # Progress a thousand lines at a time: a call per line cost more than it told.
    add = counter.add if counter is not None else None
    for line_no, line in enumerate(_lines(path, zf, name, entry), 1):
        if line_no > entry.rows:
            raise _damaged(path, f"{name} has more lines than its manifest says")
        try:
            value = _decode(line.decode("utf-8"))
        except (ValueError, RecursionError) as error:
            raise _damaged(path, f"line {line_no} of {name} is not valid data") from error
        # A line with fewer fields (an archive from before a column was added) takes the
        # slow path, which fills in the column's default.
        if trusted and type(value) is dict and len(value) == len(names):
            row: Row | None = tuple(map(value.get, names))
        else:
            row = plain(value)
        if row is None:
            problem, row = _check_row(spec, value, profile_id)
            if problem:
                raise _damaged(path, f"line {line_no} of {name} {problem}")
        count += 1
        if add is not None and not count % _PROGRESS_EVERY:
            add(_PROGRESS_EVERY)
        yield row
    if add is not None:
        add(count % _PROGRESS_EVERY)
    if count != entry.rows:
        raise _checksum(path, name)


def _lines(path: Path, zf: zipfile.ZipFile, name: str, entry: _FileEntry) -> Iterator[bytes]:
    """Split a member into lines as it unpacks, hashing as it goes; never unbounded."""
    digest = hashlib.sha256()
    size = 0
    rest = b""
    try:
        with zf.open(name) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > entry.size:
                    raise _checksum(path, name)
                digest.update(chunk)
                parts = (rest + chunk).split(b"\n")
                rest = parts.pop()
                if len(rest) > MAX_LINE_BYTES or any(len(p) > MAX_LINE_BYTES for p in parts):
                    raise _damaged(path, f"{name} has a line far longer than any real entry")
                yield from parts
    except ArchiveError:
        raise
    except _ZIP_READ_ERRORS as error:
        raise ArchiveError(
            f"{path.name} is damaged: {name} cannot be unpacked. {_UNCHANGED} {_AGAIN}",
            str(error),
        ) from error
    if size != entry.size or digest.hexdigest() != entry.sha256:
        raise _checksum(path, name)
    if rest:
        raise _damaged(path, f"{name} ends part-way through a line, as if it was cut short")


def _plain_reader(spec: TableSpec, profile_id: str) -> Callable[[Any], Row | None]:
    """A quick ``_check_row`` for the usual line of a table whose columns are all TEXT.

    It takes only a line holding every column, each value an ASCII string or, where the
    column allows it, null, and the profile's own id: exactly the lines on which
    ``_check_row`` keeps every value as it is. It returns the same row, or None for any
    other line, which then goes through ``_check_row`` itself (and its message). The
    checks run in C (``itemgetter``, ``map``, ``str.isascii``), which matters for an
    archive of 100,000 events (issue 17).
    """
    columns = spec.columns
    nullable = [i for i, column in enumerate(columns) if not column.required]
    if (
        len(columns) < 2
        or len(nullable) > 6
        or any(column.kind != "TEXT" for column in columns)
        or "profile_id" not in spec.column_names
    ):
        return _no_plain_reader
    count = len(columns)
    values_of = operator.itemgetter(*spec.column_names)
    owner = spec.index("profile_id")
    shapes = set()
    for nulls in itertools.product((False, True), repeat=len(nullable)):
        shape = [str] * count
        for position, null in zip(nullable, nulls, strict=True):
            if null:
                shape[position] = type(None)
        shapes.add(tuple(shape))

    def read(value: Any) -> Row | None:
        if type(value) is not dict or len(value) != count:
            return None
        try:
            # Every column found and no more keys than columns: no unknown field.
            row = values_of(value)
        except KeyError:
            return None
        if (
            tuple(map(type, row)) in shapes
            and row[owner] == profile_id
            and "".join(filter(None, row)).isascii()
        ):
            return row
        return None

    return read


def _no_plain_reader(value: Any) -> None:
    return None


def _check_row(spec: TableSpec, value: Any, profile_id: str) -> tuple[str, Row]:
    """('', row) for a good line; (what is wrong, ()) otherwise."""
    if type(value) is not dict:
        return "is not an entry", ()
    columns = spec.columns
    if len(value) > len(columns) or not value.keys() <= set(spec.column_names):
        unknown = next((k for k in value if k not in spec.column_names), "?")
        return f"has a field Prism does not know ({_shown(str(unknown))})", ()
    row = []
    for column in columns:
        item = value.get(column.name)
        kind = type(item)
        # Fast paths for the common, well-formed values; _typed handles the rest.
        if kind is str and column.kind == "TEXT" and item.isascii():
            row.append(item)
        elif item is None:
            if column.name not in value and column.default is not None:
                # An archive from before this column existed: it takes the default, as
                # the rows in the database did when the column was added.
                row.append(column.default)
            elif column.required:
                return f"is missing {column.name}", ()
            else:
                row.append(None)
        else:
            checked = _typed(column.kind, item)
            if checked is _BAD:
                return f"has a wrong kind of value for {column.name}", ()
            row.append(checked)
    if "profile_id" in value and value["profile_id"] != profile_id:
        return "belongs to a different profile", ()
    return "", tuple(row)


_BAD = object()


def _typed(kind: str, item: Any) -> Any:
    if isinstance(item, dict):
        if kind not in ("BLOB", "ANY") or set(item) != {_BYTES_TAG}:
            return _BAD
        try:
            return base64.b64decode(item[_BYTES_TAG], validate=True)
        except (binascii.Error, TypeError, ValueError):
            return _BAD
    if kind == "TEXT":
        return item if isinstance(item, str) and _utf8(item) else _BAD
    if kind == "INTEGER":
        ok = isinstance(item, int) and not isinstance(item, bool)
        return item if ok and -_MAX_INTEGER - 1 <= item <= _MAX_INTEGER else _BAD
    if kind == "REAL":
        ok = isinstance(item, int | float) and not isinstance(item, bool)
        return float(item) if ok and math.isfinite(item) else _BAD
    if isinstance(item, str):
        return item if _utf8(item) else _BAD
    if isinstance(item, bool) or not isinstance(item, int | float):
        return _BAD
    return item


def _utf8(text: str) -> bool:
    # JSON can carry lone surrogates ("\ud800") that SQLite cannot store as text.
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not allowed")


# One decoder for every line: json.loads with options would build a new one each time.
_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)
_SCAN = _DECODER.scan_once


def _decode(text: str) -> Any:
    """``_DECODER.decode(text)``, with the usual line (one value, no spaces around it)
    read by the decoder's own C scanner directly, skipping two Python layers."""
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        return _DECODER.decode(text)  # nothing readable at the start: its own error
    if end != len(text):
        return _DECODER.decode(text)  # spaces or more after the value: the full rules
    return value


def _escapes(name: str) -> bool:
    """A member name that would land outside the folder if anyone ever unpacked it."""
    parts = name.replace("\\", "/").split("/")
    return (
        name.startswith(("/", "\\"))
        or ".." in parts
        or re.match(r"[A-Za-z]:", name) is not None
        or "\x00" in name
    )


def _shown(name: str) -> str:
    """A member name made safe to show: printable and short."""
    printable = "".join(ch if ch.isprintable() else "?" for ch in name)
    return printable if len(printable) <= 60 else printable[:57] + "…"


def _size(size: int) -> str:
    return f"{size / MIB:,.0f} MiB" if size >= MIB else f"{size:,} bytes"


def _items(count: int, noun: str = "item") -> str:
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _unreadable(path: Path, error: OSError) -> ArchiveError:
    return ArchiveError(
        f"Prism cannot read {path.name} ({error.strerror or error}). Check that the file is "
        "not open in another program and that you may read it, then try again.",
        str(error),
    )


def _foreign(path: Path, why: str) -> ArchiveError:
    return ArchiveError(
        f"{path.name} is not a Prism profile archive: {why}. {_UNCHANGED} Choose a "
        f"{FILE_SUFFIX} file made with Export profile… in Prism."
    )


def _damaged(path: Path, what: str) -> ArchiveError:
    return ArchiveError(f"{path.name} is damaged: {what}. {_UNCHANGED} {_AGAIN}")


def _checksum(path: Path, name: str) -> ArchiveError:
    return ArchiveError(
        f"{path.name} is damaged: {_shown(name)} does not match the checksum recorded when "
        f"it was exported. {_UNCHANGED} Copy the file again from the other computer, or "
        "export the profile again there."
    )
