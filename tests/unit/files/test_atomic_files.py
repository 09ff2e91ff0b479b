"""Exports and backups never leave half a file and never replace one silently."""

from pathlib import Path

import pytest

from desktop.atomic_files import TargetExistsError, write_bytes_atomic, write_text_atomic


def test_writes_the_whole_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = write_text_atomic(tmp_path / "out.txt", "héllo")
    assert target.read_text(encoding="utf-8") == "héllo"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_refuses_to_replace_an_existing_file_unless_asked(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("mine")
    with pytest.raises(TargetExistsError):
        write_text_atomic(target, "theirs")
    assert target.read_text() == "mine"
    write_text_atomic(target, "theirs", overwrite=True)
    assert target.read_text() == "theirs"


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path: Path, monkeypatch) -> None:
    target = tmp_path / "out.bin"
    target.write_bytes(b"old")

    def boom(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.replace", boom)
    with pytest.raises(OSError):
        write_bytes_atomic(target, b"new", overwrite=True)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.bin"]
