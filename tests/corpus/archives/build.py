"""Build the corpus of bad profile archives in this folder (see README.md).

Run from the repository root:  python -m tests.corpus.archives.build

Each case starts from a small, genuine archive and breaks one thing. ``CASES`` maps
the file name to words the import error must contain, so the test and the files
cannot drift apart: the test checks that every case has its file and vice versa.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import struct
import tempfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop.services.archive import ArchiveService
from desktop.store.capabilities import CapabilityRepo
from desktop.store.database import open_memory_database
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from desktop.store.quiz import QuizRepo
from desktop.store.reflections import ReflectionRepo

HERE = Path(__file__).resolve().parent

# File name -> words the error message must contain (case-insensitive).
CASES: dict[str, str] = {
    "not-a-zip.prism": "not a Prism profile archive",
    "empty.prism": "is empty",
    "truncated.prism": "partly copied",
    "other-app.zip": "has no manifest.json",
    "other-app-with-manifest.zip": "does not describe a Prism profile",
    "path-escape.prism": "points outside its own folder",
    "absolute-path.prism": "points outside its own folder",
    "backslash-path.prism": "points outside its own folder",
    "folder-member.prism": "does not have",
    "zip-bomb.prism": "far more data",
    "declared-huge.prism": "far more data",
    "too-many-members.prism": "at most 64",
    "wrong-checksum.prism": "does not match the checksum",
    "wrong-row-count.prism": "does not match the checksum",
    "wrong-size.prism": "does not match the checksum",
    "duplicate-member.prism": "appear twice",
    "unknown-member.prism": "does not have",
    "missing-listed-file.prism": "listed in it but missing",
    "unlisted-file.prism": "not listed",
    "newer-version.prism": "newer version of Prism",
    "newer-schema.prism": "newer version of Prism",
    "passphrase.prism": "protected with a passphrase",
    "zip-password.prism": "zip password",
    "bzip2.prism": "kind of compression",
    "manifest-not-json.prism": "cannot be read",
    "manifest-bad-profile-id.prism": "profile's id",
    "manifest-empty-name.prism": "profile's name",
    "not-json-line.prism": "is not valid data",
    "unknown-field.prism": "field Prism does not know",
    "missing-field.prism": "is missing",
    "wrong-type.prism": "wrong kind of value",
    "another-profiles-rows.prism": "belongs to a different profile",
    "duplicate-rows.prism": "repeats an entry",
    "orphan-answer.prism": "not in the archive",
    "lone-surrogate.prism": "wrong kind of value",
    "nan-value.prism": "is not valid data",
    "rating-out-of-range.prism": "values Prism cannot accept",
    "no-final-newline.prism": "cut short",
    # Issue 16: every time is a real one, from 2000 to a day from now.
    "impossible-date.prism": "not a real date",
    "date-in-the-future.prism": "dated in the future",
    "date-before-2000.prism": "before 2000",
    "manifest-impossible-date.prism": "not a real date",
    "impossible-day.prism": "not a real date",
    # Issue 16: structured values parse with the app's own models; names follow its rules.
    "cpd-record-not-json.prism": "CPD record Prism cannot read",
    "cpd-record-wrong-shape.prism": "CPD record Prism cannot read",
    "cpd-record-of-another-record.prism": "belongs to another record",
    "event-result-not-json.prism": "result_json that is not valid data",
    "answer-not-a-list.prism": "response of the wrong kind",
    "name-right-to-left-override.prism": "invisible or steering characters",
    "name-zero-width-space.prism": "invisible or steering characters",
    "name-control-character.prism": "invisible or steering characters",
}


def genuine_archive() -> bytes:
    """A small real archive: a profile with an event, a reflection, a rating and a quiz."""
    db = open_memory_database()
    try:
        profile = ProfileRepo(db).create("Sam Patel")
        EventLog(db).append(profile.id, "opened", "module:alpha")
        ReflectionRepo(db).create(profile.id, "alpha", "learned", "A private thought.")
        CapabilityRepo(db).rate(profile.id, {"digital-identity": (3, "note")})
        quiz = QuizRepo(db)
        attempt = quiz.start_attempt(profile.id, "alpha", "hash", ["q1", "q2"])
        quiz.record_answer(attempt.id, "q1", [0], True)
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "sam.prism"
            ArchiveService(db, Path(folder)).export_profile(profile.id, path)
            return path.read_bytes()
    finally:
        db.close()


def read_members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def write_members(
    members: list[tuple[str | zipfile.ZipInfo, bytes]],
    compression: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "Duplicate name" is the point of one case
        with zipfile.ZipFile(buffer, "w", compression) as zf:
            for name, data in members:
                zf.writestr(name, data)
    return buffer.getvalue()


def rebuild(
    base: bytes,
    *,
    change: Callable[[dict[str, bytes]], None] | None = None,
    manifest: Callable[[dict[str, Any]], None] | None = None,
    fix_checksums: bool = True,
    extra: list[tuple[str | zipfile.ZipInfo, bytes]] | None = None,
) -> bytes:
    """The base archive with members changed, checksums recomputed unless told not to."""
    members = read_members(base)
    data = json.loads(members.pop("manifest.json"))
    if change is not None:
        change(members)
    if fix_checksums:
        for name, content in members.items():
            if name in data["files"]:
                data["files"][name] = {
                    "sha256": hashlib.sha256(content).hexdigest(),
                    "bytes": len(content),
                    "rows": content.count(b"\n"),
                }
    if manifest is not None:
        manifest(data)
    listed = [(name, content) for name, content in members.items()]
    body = json.dumps(data).encode()
    return write_members([*listed, ("manifest.json", body), *(extra or [])])


def edit_first_row(table: str, edit: Callable[[dict[str, Any]], object]) -> Callable:
    """A change that passes the first row of ``table``.jsonl to ``edit`` to alter in place."""

    def change(members: dict[str, bytes]) -> None:
        lines = members[f"{table}.jsonl"].decode().splitlines(keepends=True)
        row = json.loads(lines[0])
        edit(row)
        lines[0] = json.dumps(row) + "\n"
        members[f"{table}.jsonl"] = "".join(lines).encode()

    return change


def replace_first_line(table: str, replace: Callable[[str], str]) -> Callable:
    """A change that rewrites the first line of ``table``.jsonl as raw text."""

    def change(members: dict[str, bytes]) -> None:
        lines = members[f"{table}.jsonl"].decode().splitlines(keepends=True)
        lines[0] = replace(lines[0].rstrip("\n")) + "\n"
        members[f"{table}.jsonl"] = "".join(lines).encode()

    return change


def build_cases() -> dict[str, bytes]:
    """Every bad archive, by file name."""
    base = genuine_archive()
    members = read_members(base)
    manifest = members["manifest.json"]
    events = members["events.jsonl"]
    cases: dict[str, bytes] = {}

    cases["not-a-zip.prism"] = b"This is a letter, not an archive.\n"
    cases["empty.prism"] = b""
    cases["truncated.prism"] = base[: len(base) // 2]
    cases["other-app.zip"] = write_members(
        [("[Content_Types].xml", b"<Types/>"), ("word/document.xml", b"<w:document/>")]
    )
    cases["other-app-with-manifest.zip"] = write_members(
        [("manifest.json", b'{"name": "Some extension", "version": "1.0"}')]
    )
    cases["path-escape.prism"] = write_members(
        [("manifest.json", manifest), ("../events.jsonl", events)]
    )
    cases["absolute-path.prism"] = write_members(
        [("manifest.json", manifest), ("/etc/events.jsonl", events)]
    )
    cases["backslash-path.prism"] = write_members(
        [("manifest.json", manifest), ("..\\..\\events.jsonl", events)]
    )
    cases["folder-member.prism"] = write_members(
        [("manifest.json", manifest), ("data/events.jsonl", events)]
    )
    # 20 MiB of newlines deflates to ~20 KiB: a ratio of about 1000 to 1.
    cases["zip-bomb.prism"] = rebuild(
        base, change=lambda m: m.__setitem__("events.jsonl", b"\n" * (20 * 1024 * 1024))
    )
    cases["declared-huge.prism"] = _declare_size(base, "events.jsonl", 600 * 1024 * 1024)
    cases["too-many-members.prism"] = write_members(
        [("manifest.json", manifest)] + [(f"f{n}.jsonl", b"") for n in range(70)]
    )
    cases["wrong-checksum.prism"] = rebuild(
        base,
        change=edit_first_row("events", lambda row: row.__setitem__("verb", "passed")),
        fix_checksums=False,
    )
    cases["wrong-row-count.prism"] = rebuild(
        base, manifest=lambda d: d["files"]["events.jsonl"].__setitem__("rows", 99)
    )
    cases["wrong-size.prism"] = rebuild(
        base, manifest=lambda d: d["files"]["events.jsonl"].__setitem__("bytes", 3)
    )
    cases["duplicate-member.prism"] = rebuild(base, extra=[("events.jsonl", events)])
    cases["unknown-member.prism"] = rebuild(base, extra=[("run-me.exe", b"MZ")])
    cases["missing-listed-file.prism"] = rebuild(
        base, change=lambda m: m.pop("reflections.jsonl"), fix_checksums=True
    )
    cases["unlisted-file.prism"] = rebuild(
        base, manifest=lambda d: d["files"].pop("settings.jsonl")
    )
    cases["newer-version.prism"] = rebuild(base, manifest=lambda d: d.__setitem__("version", 2))
    cases["newer-schema.prism"] = rebuild(
        base, manifest=lambda d: d.__setitem__("schema_version", 99)
    )
    cases["passphrase.prism"] = rebuild(
        base, manifest=lambda d: d.__setitem__("encryption", {"scheme": "aes-256-gcm"})
    )
    cases["zip-password.prism"] = _mark_encrypted(base, "events.jsonl")
    cases["bzip2.prism"] = write_members(
        list(read_members(base).items()), compression=zipfile.ZIP_BZIP2
    )
    cases["manifest-not-json.prism"] = write_members(
        [*_without(members, "manifest.json"), ("manifest.json", b"{format: prism")]
    )
    cases["manifest-bad-profile-id.prism"] = rebuild(
        base, manifest=lambda d: d["profile"].__setitem__("id", "../../etc")
    )
    cases["manifest-empty-name.prism"] = rebuild(
        base, manifest=lambda d: d["profile"].__setitem__("name", "   ")
    )
    cases["not-json-line.prism"] = rebuild(
        base, change=replace_first_line("events", lambda line: "{not json")
    )
    cases["unknown-field.prism"] = rebuild(
        base, change=edit_first_row("events", lambda row: row.__setitem__("shell", "rm -rf"))
    )
    cases["missing-field.prism"] = rebuild(
        base, change=edit_first_row("events", lambda row: row.pop("verb"))
    )
    cases["wrong-type.prism"] = rebuild(
        base,
        change=edit_first_row("capability_ratings", lambda row: row.__setitem__("rating", "3")),
    )
    cases["another-profiles-rows.prism"] = rebuild(
        base,
        change=edit_first_row("events", lambda row: row.__setitem__("profile_id", "0" * 32)),
    )
    cases["duplicate-rows.prism"] = rebuild(
        base, change=lambda m: m.__setitem__("events.jsonl", events + events)
    )
    cases["orphan-answer.prism"] = rebuild(
        base,
        change=edit_first_row("quiz_answers", lambda row: row.__setitem__("attempt_id", "gone")),
    )
    cases["lone-surrogate.prism"] = rebuild(
        base,
        change=replace_first_line(
            "reflections",
            lambda line: re.sub(r'"text":"[^"]*"', r'"text":"\\ud800"', line),
        ),
    )
    cases["nan-value.prism"] = rebuild(
        base,
        change=replace_first_line(
            "capability_ratings", lambda line: line.replace('"rating":3', '"rating":NaN')
        ),
    )
    cases["rating-out-of-range.prism"] = rebuild(
        base,
        change=edit_first_row("capability_ratings", lambda row: row.__setitem__("rating", 9)),
    )
    cases["no-final-newline.prism"] = rebuild(
        base, change=lambda m: m.__setitem__("events.jsonl", events.rstrip(b"\n"))
    )

    def set_first(table: str, column: str, value: object) -> bytes:
        return rebuild(
            base, change=edit_first_row(table, lambda row: row.__setitem__(column, value))
        )

    cases["impossible-date.prism"] = set_first("events", "ts_utc", "2026-02-31T09:00:00.000Z")
    cases["date-in-the-future.prism"] = set_first(
        "reflections", "updated_utc", "9999-12-31T23:59:59.000Z"
    )
    cases["date-before-2000.prism"] = set_first(
        "capability_ratings", "rated_utc", "1970-01-01T00:00:00.000Z"
    )
    cases["manifest-impossible-date.prism"] = rebuild(
        base,
        manifest=lambda d: d["profile"].__setitem__("last_used_utc", "2026-02-31T09:00:00Z"),
    )
    cases["impossible-day.prism"] = rebuild(
        base,
        change=lambda m: m.__setitem__(
            "study_time.jsonl",
            b'{"profile_id":"%s","module_id":"alpha","section":"","day":"2026-13-01",'
            b'"seconds":60}\n'
            % json.loads(m["events.jsonl"].splitlines()[0])["profile_id"].encode(),
        ),
    )
    profile_id = json.loads(events.splitlines()[0])["profile_id"]

    def with_cpd_record(record_json: str, row_id: str = "rec-1") -> Callable:
        def change(m: dict[str, bytes]) -> None:
            row = {
                "id": row_id,
                "profile_id": profile_id,
                "status": "draft",
                "start_date": "2026-03-02",
                "record_json": record_json,
                "created_utc": "2026-03-02T09:00:00.000Z",
                "updated_utc": "2026-03-02T09:00:00.000Z",
            }
            m["cpd_records.jsonl"] = (json.dumps(row) + "\n").encode()

        return change

    cases["cpd-record-not-json.prism"] = rebuild(base, change=with_cpd_record("{not json"))
    cases["cpd-record-wrong-shape.prism"] = rebuild(
        base, change=with_cpd_record('{"title": "Looks like a record", "minutes": "lots"}')
    )
    cases["cpd-record-of-another-record.prism"] = rebuild(
        base, change=with_cpd_record(_cpd_record_json("rec-2", profile_id), row_id="rec-1")
    )
    cases["event-result-not-json.prism"] = set_first("events", "result_json", "{{")
    cases["answer-not-a-list.prism"] = set_first("quiz_answers", "response", '"0"')
    for case, name in (
        ("name-right-to-left-override.prism", "Sam \u202eletaP"),
        ("name-zero-width-space.prism", "Sam\u200b Patel"),
        ("name-control-character.prism", "Sam\x07 Patel"),
    ):
        cases[case] = rebuild(
            base, manifest=lambda d, name=name: d["profile"].__setitem__("name", name)
        )
    return cases


def _cpd_record_json(record_id: str, profile_id: str) -> str:
    """A well-formed CPD record, as the app's own model writes it."""
    from datetime import UTC, date, datetime

    from desktop.cpd.form import CPD_TYPES
    from desktop.cpd.records import CpdRecord

    moment = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    record = CpdRecord(
        id=record_id,
        profile_id=profile_id,
        cpd_type=CPD_TYPES[0],
        title="Online boundaries",
        start_date=date(2026, 3, 2),
        status="draft",
        created_utc=moment,
        updated_utc=moment,
    )
    return json.dumps(record.to_dict())


def write_missing() -> None:
    """Write only the cases that have no file yet, leaving the others byte for byte."""
    for name, data in build_cases().items():
        if not (HERE / name).exists():
            (HERE / name).write_bytes(data)
            print(f"Wrote {name}")


def _without(members: dict[str, bytes], name: str) -> list[tuple[str, bytes]]:
    return [(n, c) for n, c in members.items() if n != name]


def _declare_size(data: bytes, member: str, size: int) -> bytes:
    """Patch the central directory so ``member`` claims to unpack to ``size`` bytes."""
    out = bytearray(data)
    name = member.encode()
    index = out.find(b"PK\x01\x02")
    while index != -1:
        name_length = struct.unpack_from("<H", out, index + 28)[0]
        if bytes(out[index + 46 : index + 46 + name_length]) == name:
            struct.pack_into("<I", out, index + 24, size)
        index = out.find(b"PK\x01\x02", index + 4)
    return bytes(out)


def _mark_encrypted(data: bytes, member: str) -> bytes:
    """Set the zip "encrypted" flag on ``member`` (zipfile cannot write real encryption)."""
    out = bytearray(data)
    name = member.encode()
    for signature, flag_at, name_length_at, name_at in (
        (b"PK\x03\x04", 6, 26, 30),
        (b"PK\x01\x02", 8, 28, 46),
    ):
        index = out.find(signature)
        while index != -1:
            length = struct.unpack_from("<H", out, index + name_length_at)[0]
            if bytes(out[index + name_at : index + name_at + length]) == name:
                out[index + flag_at] |= 0x1
            index = out.find(signature, index + 4)
    return bytes(out)


def main() -> None:
    cases = build_cases()
    for old in HERE.glob("*.prism"):
        old.unlink()
    for old in HERE.glob("*.zip"):
        old.unlink()
    for name, data in cases.items():
        (HERE / name).write_bytes(data)
    print(f"Wrote {len(cases)} archives to {HERE}")


if __name__ == "__main__":
    main()
