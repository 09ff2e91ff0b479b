"""Every hostile pack is refused with a clear message, before anything is written."""

from __future__ import annotations

import os
import shutil
import warnings
import zipfile
from pathlib import Path

import pytest

from desktop import paths
from desktop.course.loader import load_course
from desktop.course.packs.archive import PackError
from desktop.course.packs.installed import install_pack
from tests.corpus.packs.build import (
    EXAMPLE,
    HOSTILE,
    MODULE,
    folder_members,
    manifest_for,
    write_zip,
)


@pytest.fixture(scope="module")
def course():
    return load_course(paths.content_dir(), paths.assets_dir(), authoring_checks=False).course


def _refused(course, pack: Path, data_dir: Path, words: str) -> str:
    data_dir.mkdir(exist_ok=True)
    before = sorted(os.listdir(data_dir))
    with pytest.raises(PackError) as caught:
        install_pack(pack, data_dir, course)
    assert words in str(caught.value), str(caught.value)
    assert sorted(os.listdir(data_dir)) == before, "something was written to the data folder"
    return str(caught.value)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_pack_is_refused_and_nothing_written(case, course, tmp_path):
    make, words = HOSTILE[case]
    pack = write_zip(tmp_path / f"{case}.prismpack", make(tmp_path))
    _refused(course, pack, tmp_path / "data", words)


def test_the_untouched_example_installs(course, tmp_path):
    """The control for the cases above: the same zip maker with nothing hostile installs."""
    pack = write_zip(tmp_path / "fine.prismpack", folder_members(EXAMPLE))
    result = install_pack(pack, tmp_path / "data", course)
    assert result.pack.module_ids == (MODULE,)


def test_symlink_member_is_refused(course, tmp_path):
    members = folder_members(EXAMPLE)
    pack = write_zip(
        tmp_path / "link.prismpack", members, symlinks={"figures/x.svg": "/etc/passwd"}
    )
    _refused(course, pack, tmp_path / "data", "symbolic link")


def test_member_too_big_is_refused(course, tmp_path):
    members = {**folder_members(EXAMPLE), "figures/huge.png": b"\0" * 2_100_000}
    pack = write_zip(tmp_path / "big.prismpack", members)
    _refused(course, pack, tmp_path / "data", "limit is 2 MB")


def test_zip_bomb_ratio_is_refused(course, tmp_path):
    members = {**folder_members(EXAMPLE), "figures/bomb.png": b"\0" * 1_500_000}
    pack = write_zip(tmp_path / "bomb.prismpack", members)
    _refused(course, pack, tmp_path / "data", "zip bomb")


def test_total_size_limit_is_refused(course, tmp_path):
    members = folder_members(EXAMPLE)
    for n in range(11):
        members[f"figures/r{n}.png"] = os.urandom(1_900_000)
    pack = write_zip(tmp_path / "total.prismpack", members, stored=True)
    _refused(course, pack, tmp_path / "data", "more than 20 MB")


def test_too_many_members_is_refused(course, tmp_path):
    members = folder_members(EXAMPLE)
    members.update({f"figures/f{n}.png": b"png" for n in range(300)})
    pack = write_zip(tmp_path / "many.prismpack", members)
    _refused(course, pack, tmp_path / "data", "a pack may hold 300")


def test_wrong_checksum_is_refused(course, tmp_path):
    members = folder_members(EXAMPLE)
    manifest = manifest_for(members)
    name = f"{MODULE}/module.md"
    members[name] = members[name].replace(b"approved", b"APPROVED")  # same size, other bytes
    pack = write_zip(tmp_path / "sum.prismpack", members, manifest=manifest)
    _refused(course, pack, tmp_path / "data", "does not match its checksum")


def test_unlisted_and_missing_members_are_refused(course, tmp_path):
    members = folder_members(EXAMPLE)
    listed = manifest_for(members)
    extra = write_zip(
        tmp_path / "extra.prismpack", {**members, "figures/more.svg": b"<svg/>"}, manifest=listed
    )
    _refused(course, extra, tmp_path / "data", "not listed in the manifest")
    fewer = dict(members)
    del fewer[f"{MODULE}/quiz.yaml"]
    missing = write_zip(tmp_path / "missing.prismpack", fewer, manifest=listed)
    _refused(course, missing, tmp_path / "data", "missing from the pack")


def test_no_manifest_not_a_zip_and_duplicates_are_refused(course, tmp_path):
    bare = tmp_path / "bare.prismpack"
    with zipfile.ZipFile(bare, "w") as archive:
        archive.writestr("pack.yaml", (EXAMPLE / "pack.yaml").read_bytes())
    _refused(course, bare, tmp_path / "data", "no manifest.json")
    text = tmp_path / "text.prismpack"
    text.write_text("not a zip at all")
    _refused(course, text, tmp_path / "data", "not a Prism pack")
    twice = tmp_path / "twice.prismpack"
    members = folder_members(EXAMPLE)
    write_zip(twice, members)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns about the duplicate we mean to write
        with zipfile.ZipFile(twice, "a") as archive:
            archive.writestr("pack.yaml", b"id: other")
    _refused(course, twice, tmp_path / "data", "appears twice")


def test_refusal_leaves_an_installed_pack_untouched(course, tmp_path):
    data_dir = tmp_path / "data"
    good = write_zip(tmp_path / "good.prismpack", folder_members(EXAMPLE))
    install_pack(good, data_dir, course)
    installed = data_dir / "packs" / "northshire-social-media"
    before = {p: p.read_bytes() for p in installed.rglob("*") if p.is_file()}
    make, _ = HOSTILE["script"]
    members = make(tmp_path)
    members["pack.yaml"] = members["pack.yaml"].replace(b'version: "1.0"', b'version: "2.0"')
    bad = write_zip(tmp_path / "bad.prismpack", members)
    with pytest.raises(PackError):
        install_pack(bad, data_dir, course)
    after = {p: p.read_bytes() for p in installed.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in (data_dir / "packs").iterdir()) == ["northshire-social-media"]


def test_a_pack_folder_with_a_symlink_does_not_build(course, tmp_path):
    from desktop.course.packs.folder import check_pack_folder

    folder = tmp_path / "pack"
    shutil.copytree(EXAMPLE, folder)
    (folder / "figures" / "link.svg").symlink_to("/etc/hostname")
    check = check_pack_folder(folder, course)
    assert any("symbolic links" in p.message for p in check.problems)
