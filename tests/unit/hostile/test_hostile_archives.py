"""Hostile profile archives: each gets a clear message, and the data folder is unchanged.

The corpus lives in tests/corpus/archives (built by tests/corpus/archives/build.py).
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from desktop.services import archive as archive_module
from desktop.services.archive import ArchiveError, ArchiveService
from desktop.store.database import open_memory_database
from desktop.store.reflections import ReflectionRepo
from tests.corpus.archives.build import CASES, HERE, genuine_archive, read_members, rebuild
from tests.unit.services.archive_helpers import Laptop, dump
from tests.unit.store.fakes import FakeClock

# Every message says what to do next, in words a learner would act on.
NEXT_STEPS = ("Choose", "Export", "export", "Copy", "copy", "Install", "Check", "Ask")


# Values of the right type that break a rule of the schema (a rating of 9) are refused by
# the database during the import transaction, which is then rolled back.
CAUGHT_ONLY_BY_THE_DATABASE = {"rating-out-of-range.prism"}


@pytest.fixture
def laptop(tmp_path: Path):
    """A laptop that already holds someone's work, which a bad import must not touch."""
    db = open_memory_database()  # in memory: forty cases stay quick
    machine = Laptop(tmp_path, db, FakeClock(), ArchiveService(db, tmp_path))
    profile = machine.profiles.create("Alex")
    ReflectionRepo(db).create(profile.id, "alpha", None, "Alex's own words")
    yield machine
    machine.close()


def test_every_case_has_a_file_and_every_file_a_case():
    files = {p.name for p in HERE.iterdir() if p.suffix in {".prism", ".zip"}}
    assert files == set(CASES)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_bad_archive_is_refused_with_a_clear_message_and_nothing_changes(laptop, name):
    before = dump(laptop.db)

    with pytest.raises(ArchiveError) as caught:
        laptop.archive.import_archive(HERE / name)

    message = str(caught.value)
    assert CASES[name].casefold() in message.casefold()
    assert any(step in message for step in NEXT_STEPS), message
    assert "Traceback" not in message and "Error" not in message
    assert dump(laptop.db) == before
    if name not in CAUGHT_ONLY_BY_THE_DATABASE:
        # Checking without importing refuses it the same way.
        with pytest.raises(ArchiveError):
            laptop.archive.inspect(HERE / name)


def test_the_genuine_base_of_the_corpus_imports(laptop, tmp_path):
    path = tmp_path / "good.prism"
    path.write_bytes(genuine_archive())
    report = laptop.archive.import_archive(path)
    assert report.new_profile and report.profile_name == "Sam Patel"


def test_a_missing_file_and_a_folder_are_explained(laptop, tmp_path):
    with pytest.raises(ArchiveError, match="cannot find"):
        laptop.archive.import_archive(tmp_path / "nowhere.prism")
    with pytest.raises(ArchiveError, match="is a folder"):
        laptop.archive.import_archive(tmp_path)


def test_a_line_longer_than_any_real_entry_is_refused(laptop, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_LINE_BYTES", 100)
    long_text = rebuild(
        genuine_archive(),
        change=lambda m: m.__setitem__(
            "reflections.jsonl", m["reflections.jsonl"].replace(b"A private", b"A" * 500)
        ),
    )
    path = tmp_path / "long.prism"
    path.write_bytes(long_text)
    before = dump(laptop.db)
    with pytest.raises(ArchiveError, match="far longer"):
        laptop.archive.import_archive(path)
    assert dump(laptop.db) == before


def test_an_archive_larger_than_the_limit_is_not_opened(laptop, tmp_path, monkeypatch):
    monkeypatch.setattr(archive_module, "MAX_ARCHIVE_BYTES", 1000)
    path = tmp_path / "big.prism"
    path.write_bytes(genuine_archive())
    with pytest.raises(ArchiveError, match="larger than any profile archive"):
        laptop.archive.import_archive(path)


def test_a_file_changed_between_the_check_and_the_merge_changes_nothing(
    laptop, tmp_path, monkeypatch
):
    # The USB stick is swapped mid-import: the second read no longer matches the first.
    path = tmp_path / "sam.prism"
    good = genuine_archive()
    path.write_bytes(good)
    bad = rebuild(
        good,
        change=lambda m: m.__setitem__(
            "events.jsonl", m["events.jsonl"].replace(b"opened", b"passed")
        ),
        fix_checksums=False,
    )
    real_check = archive_module.ArchiveService._check_contents

    def check_then_swap(self, path, zf, *rest):
        real_check(self, path, zf, *rest)
        # From now on the open zip reads different bytes than the ones just checked.
        original, zf.fp = zf.fp, io.BytesIO(bad)
        original.close()

    monkeypatch.setattr(archive_module.ArchiveService, "_check_contents", check_then_swap)
    before = dump(laptop.db)
    with pytest.raises(ArchiveError, match=r"damaged"):
        laptop.archive.import_archive(path)
    assert dump(laptop.db) == before


def test_member_names_are_shown_safely(laptop, tmp_path):
    manifest = read_members(genuine_archive())["manifest.json"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("manifest.json", manifest)
        zf.writestr("../\x1b[31mred" + "x" * 200, b"")
    path = tmp_path / "odd.prism"
    path.write_bytes(buffer.getvalue())
    with pytest.raises(ArchiveError) as caught:
        laptop.archive.import_archive(path)
    message = str(caught.value)
    assert "\x1b" not in message and len(message) < 400


def test_an_archive_from_before_shuffled_options_imports_in_written_order(laptop, tmp_path):
    """Schema 5 archives have no option_order: their attempts take the column's default."""
    import json

    from desktop.store.quiz import QuizRepo

    def drop_option_order(members: dict[str, bytes]) -> None:
        lines = members["quiz_attempts.jsonl"].decode().splitlines()
        rows = [json.loads(line) for line in lines]
        assert all("option_order" in row for row in rows)
        for row in rows:
            del row["option_order"]
        members["quiz_attempts.jsonl"] = "".join(json.dumps(r) + "\n" for r in rows).encode()

    path = tmp_path / "older.prism"
    path.write_bytes(
        rebuild(
            genuine_archive(),
            change=drop_option_order,
            manifest=lambda m: m.update(schema_version=5),
        )
    )
    report = laptop.archive.import_archive(path)
    [attempt] = QuizRepo(laptop.db).attempts(report.profile_id, "alpha")
    assert attempt.option_order == {}  # shown in written order, as it was then


def test_a_result_judged_once_is_judged_again_for_a_column_of_another_shape(laptop, tmp_path):
    # The import judges each distinct JSON text once; "[1]" is a good answer (a list)
    # but not a good event result (an object), whichever was seen first.
    from tests.corpus.archives.build import edit_first_row

    good = tmp_path / "good.prism"
    good.write_bytes(
        rebuild(
            genuine_archive(),
            change=edit_first_row("quiz_answers", lambda row: row.__setitem__("response", "[1]")),
        )
    )
    bad = tmp_path / "bad.prism"
    bad.write_bytes(
        rebuild(
            genuine_archive(),
            change=edit_first_row("events", lambda row: row.__setitem__("result_json", "[1]")),
        )
    )
    laptop.archive.inspect(good)
    before = dump(laptop.db)

    with pytest.raises(ArchiveError, match="result_json of the wrong kind"):
        laptop.archive.import_archive(bad)
    with pytest.raises(ArchiveError, match="result_json of the wrong kind"):
        laptop.archive.import_archive(bad)
    assert dump(laptop.db) == before
