"""Packs build, install, load with the course everywhere, update keeping progress, and go."""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from desktop import paths
from desktop.cli import main
from desktop.course import cache
from desktop.course.loader import load_course
from desktop.course.packs.archive import PackError, PackNeedsForce, write_archive
from desktop.course.packs.folder import check_pack_folder
from desktop.course.packs.installed import install_pack, installed_packs, remove_pack
from desktop.course.packs.signing import new_private_key_pem
from desktop.services.startup import start_services
from tests.corpus.packs.build import EXAMPLE, MODULE, pack_folder

PACK_ID = "northshire-social-media"


@pytest.fixture(scope="module")
def course():
    return load_course(paths.content_dir(), paths.assets_dir(), authoring_checks=False).course


_BUILT = iter(range(1_000_000))


def _build(tmp_path: Path, course, version: str = "1.0", edit=None, key: bytes | None = None):
    n = next(_BUILT)
    folder = pack_folder(tmp_path / f"src-{n}", version=version, edit=edit)
    check = check_pack_folder(folder, course)
    assert check.ok, [p.message for p in check.problems]
    out = tmp_path / f"pack-{n}.prismpack"
    write_archive(folder, out, key)
    return out


def _services(data_dir: Path):
    return start_services(paths.content_dir(), paths.assets_dir(), data_dir)


def test_the_example_pack_is_clean_and_builds_the_same_bytes_twice(course, tmp_path):
    check = check_pack_folder(EXAMPLE, course)
    assert check.ok and not check.warnings, [p.format() for p in check.problems + check.warnings]
    first, second = tmp_path / "a.prismpack", tmp_path / "b.prismpack"
    write_archive(EXAMPLE, first)
    write_archive(EXAMPLE, second)
    assert first.read_bytes() == second.read_bytes()


def test_length_rules_are_warnings_for_a_pack(course, tmp_path):
    def shorten(folder: Path) -> None:
        body = folder / MODULE / "module.md"
        text = body.read_text()
        boxes = '!!! key "Key"\n    A point.\n\n!!! example "Example"\n    A case.\n'
        body.write_text(text[: text.index("## Approved channels")] + boxes)
        quiz = folder / MODULE / "quiz.yaml"
        text = quiz.read_text()
        quiz.write_text(text[: text.index("  - id: ns-4")])

    folder = pack_folder(tmp_path / "short", edit=shorten)
    check = check_pack_folder(folder, course)
    assert check.ok, [p.format() for p in check.problems]
    messages = " | ".join(w.message for w in check.warnings)
    assert "words" in messages and "at least 10" in messages and "scenarios" in messages


def test_install_loads_with_the_course_in_every_service(course, tmp_path):
    data_dir = tmp_path / "data"
    result = install_pack(_build(tmp_path, course), data_dir, course)
    assert "Installed 'Northshire Council social media policy' version 1.0" in result.message
    assert "(unverified)" in result.message
    services = _services(data_dir)
    try:
        module = services.course.module(MODULE)
        assert module is not None and services.course.pack_of(MODULE).id == PACK_ID
        assert services.course.module("boundaries") is not None  # the course is all there
        hits = services.search.search("secure messaging app")
        assert any(h.target.startswith(f"module:{MODULE}") for h in hits)
        profile = services.profiles.create("Asha")
        services.reading.mark_read(profile.id, MODULE)
        reflection = services.journal.start(profile.id, MODULE, "learned", "Use the work app.")
        statuses = {s.module_id: s for s in services.reading.statuses(profile.id)}
        assert statuses[MODULE].read
    finally:
        services.close()

    # An update (same ids) keeps progress and writing; the new text is what loads.
    def retitle(folder: Path) -> None:
        body = folder / MODULE / "module.md"
        old, new = "in practice\nsummary", "revised\nsummary"
        body.write_text(body.read_text().replace(f"policy {old}", f"policy, {new}"))

    update = install_pack(_build(tmp_path, course, "1.1", retitle), data_dir, course)
    assert update.replaced_version == "1.0" and "Progress on its modules is kept" in update.message
    services = _services(data_dir)
    try:
        assert services.course.module(MODULE).title == "Our social media policy, revised"
        statuses = {s.module_id: s for s in services.reading.statuses(profile.id)}
        assert statuses[MODULE].read
        assert services.journal.get(reflection.id).text == "Use the work app."
    finally:
        services.close()


def test_same_or_older_version_needs_force(course, tmp_path):
    data_dir = tmp_path / "data"
    install_pack(_build(tmp_path, course, "1.10"), data_dir, course)
    older = _build(tmp_path, course, "1.9")  # 1.9 < 1.10: versions compare as numbers
    with pytest.raises(PackNeedsForce, match=r"older version 1\.9"):
        install_pack(older, data_dir, course)
    with pytest.raises(PackNeedsForce, match="already installed"):
        install_pack(_build(tmp_path, course, "1.10"), data_dir, course)
    assert installed_packs(data_dir)[0].version == "1.10"
    install_pack(older, data_dir, course, force=True)
    assert installed_packs(data_dir)[0].version == "1.9"


def test_a_pack_cannot_take_another_packs_module_ids(course, tmp_path):
    data_dir = tmp_path / "data"
    install_pack(_build(tmp_path, course), data_dir, course)

    def other_pack(folder: Path) -> None:
        manifest = folder / "pack.yaml"
        manifest.write_text(manifest.read_text().replace(f"id: {PACK_ID}", "id: copycat-pack"))

    with pytest.raises(PackError, match="already belongs to the installed pack"):
        install_pack(_build(tmp_path, course, edit=other_pack), data_dir, course)
    assert [p.id for p in installed_packs(data_dir)] == [PACK_ID]


def test_a_pack_needing_a_newer_prism_is_refused(course, tmp_path):
    def future(folder: Path) -> None:
        manifest = folder / "pack.yaml"
        manifest.write_text(manifest.read_text().replace('min_prism: "0.1"', 'min_prism: "99.0"'))

    with pytest.raises(PackError, match=r"needs Prism 99\.0 or newer"):
        install_pack(_build(tmp_path, course, edit=future), tmp_path / "data", course)
    assert not (tmp_path / "data").exists()


def test_remove_takes_the_modules_away_and_keeps_progress_for_a_reinstall(course, tmp_path):
    data_dir = tmp_path / "data"
    pack = _build(tmp_path, course)
    install_pack(pack, data_dir, course)
    services = _services(data_dir)
    profile = services.profiles.create("Asha")
    services.reading.mark_read(profile.id, MODULE)
    services.close()
    remove_pack(data_dir, PACK_ID)
    services = _services(data_dir)
    try:
        assert services.course.module(MODULE) is None
        assert not services.course.packs
    finally:
        services.close()
    with pytest.raises(PackError, match="no pack"):
        remove_pack(data_dir, PACK_ID)
    install_pack(pack, data_dir, course)
    services = _services(data_dir)
    try:
        statuses = {s.module_id: s for s in services.reading.statuses(profile.id)}
        assert statuses[MODULE].read
    finally:
        services.close()


def _trust(data_dir: Path, public: str, name: str, course_updates: bool = False) -> None:
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "trusted-publishers.yaml").write_text(
        f"publishers:\n  - name: {name}\n    key: {public}\n"
        f"    course_updates: {'true' if course_updates else 'false'}\n"
    )


def test_signed_pack_is_verified_only_with_a_trusted_key(course, tmp_path):
    pem, public = new_private_key_pem()
    pack = _build(tmp_path, course, key=pem)
    unknown = install_pack(pack, tmp_path / "a", course)
    assert unknown.pack.origin == "from Northshire Council (unverified)"
    _trust(tmp_path / "b", public, "Northshire Council workforce team")
    trusted = install_pack(pack, tmp_path / "b", course)
    assert trusted.pack.origin == "from Northshire Council workforce team (verified)"
    services = _services(tmp_path / "b")
    try:
        assert services.course.packs[0].verified
    finally:
        services.close()


def test_a_pack_changed_after_signing_is_refused(course, tmp_path):
    import zipfile

    pem, _public = new_private_key_pem()
    pack = _build(tmp_path, course, key=pem)
    tampered = tmp_path / "tampered.prismpack"
    with zipfile.ZipFile(pack) as source, zipfile.ZipFile(tampered, "w") as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "manifest.json":
                data = data.replace(b'"1.0"', b'"9.0"')
            target.writestr(info, data)
    with pytest.raises(PackError, match="changed after it was signed"):
        install_pack(tampered, tmp_path / "data", course)
    assert not (tmp_path / "data").exists()


def _as_course_update(folder: Path) -> None:
    """Turn the example into an update of the built-in 'boundaries' module."""
    (folder / MODULE).rename(folder / "boundaries")
    body = folder / "boundaries" / "module.md"
    body.write_text(body.read_text().replace(f"id: {MODULE}", "id: boundaries")
                    .replace("module:boundaries", "module:identity-prism"))  # fmt: skip
    manifest = folder / "pack.yaml"
    manifest.write_text(
        manifest.read_text().replace(f"  - {MODULE}", "  - boundaries")
        + "replaces_course_modules: true\n"
    )


def test_only_a_trusted_signed_course_update_replaces_a_built_in_module(course, tmp_path):
    pem, public = new_private_key_pem()
    update = _build(tmp_path, course, key=pem, edit=_as_course_update)
    with pytest.raises(PackError, match="only a course update signed by a publisher trusted"):
        install_pack(update, tmp_path / "untrusted", course)
    _trust(tmp_path / "partner", public, "A partner", course_updates=False)
    with pytest.raises(PackError, match="trusted for course updates"):
        install_pack(update, tmp_path / "partner", course)
    data_dir = tmp_path / "data"
    _trust(data_dir, public, "Prism course team", course_updates=True)
    result = install_pack(update, data_dir, course)
    assert result.pack.replaces == ("boundaries",)
    services = _services(data_dir)
    try:
        ids = [e.id for e in services.course.entries]
        assert ids.count("boundaries") == 1
        assert ids.index("boundaries") == [e.id for e in course.entries].index("boundaries")
        assert services.course.module("boundaries").title == "Our social media policy in practice"
        assert services.course.pack_of("boundaries") is None  # it is the course's own again
    finally:
        services.close()


def test_course_cache_key_follows_packs_and_is_unchanged_without_them(course, tmp_path):
    content, assets = paths.content_dir(), paths.assets_dir()
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    without = cache.fingerprint(content, assets)
    assert cache.fingerprint(content, assets, data_dir) == without
    install_pack(_build(tmp_path, course), data_dir, course)
    with_pack = cache.fingerprint(content, assets, data_dir)
    assert with_pack != without
    install_pack(_build(tmp_path, course, "1.1"), data_dir, course)
    assert cache.fingerprint(content, assets, data_dir) != with_pack


def test_cached_launch_shows_installed_and_removed_packs(course, tmp_path):
    data_dir, cache_dir = tmp_path / "data", tmp_path / "cache"

    def modules() -> list[str]:
        services = start_services(
            paths.content_dir(), paths.assets_dir(), data_dir, cache_dir=cache_dir
        )
        try:
            return [m.id for m in services.course.modules]
        finally:
            services.close()

    assert MODULE not in modules()
    install_pack(_build(tmp_path, course), data_dir, course)
    assert MODULE in modules()
    assert MODULE in modules()  # from the cache this time
    remove_pack(data_dir, PACK_ID)
    assert MODULE not in modules()


def test_commands_build_install_list_and_remove(tmp_path, capsys, monkeypatch):
    data_dir = tmp_path / "data"
    monkeypatch.setenv("PRISM_DATA_DIR", str(data_dir))
    out = tmp_path / "northshire.prismpack"
    key = tmp_path / "key.pem"
    assert main(["pack", "keygen", "--out", str(key)]) == 0
    public = capsys.readouterr().out.split("key: ")[1].strip()
    assert len(base64.b64decode(public)) == 32
    assert main(["pack", "build", str(EXAMPLE), "--out", str(out), "--sign-key", str(key)]) == 0
    assert "signed" in capsys.readouterr().out
    _trust(data_dir, public, "Northshire Council")
    assert main(["pack", "install", str(out)]) == 0
    assert "(verified)" in capsys.readouterr().out
    assert main(["pack", "list"]) == 0
    listing = capsys.readouterr().out
    assert PACK_ID in listing and "1.0" in listing and "(verified)" in listing
    assert main(["pack", "install", str(out)]) == 1
    assert "already installed" in capsys.readouterr().err
    assert main(["pack", "remove", PACK_ID]) == 0
    assert main(["pack", "list"]) == 0
    assert "No packs are installed" in capsys.readouterr().out


def test_build_refuses_a_broken_pack_and_writes_nothing(tmp_path, capsys):
    def add_script(folder: Path) -> None:
        body = folder / MODULE / "module.md"
        body.write_text(body.read_text() + "\n<script>alert(1)</script>\n")

    folder = pack_folder(tmp_path / "bad", edit=add_script)
    assert main(["pack", "check", str(folder)]) == 1
    assert "a script" in capsys.readouterr().err
    out = tmp_path / "bad.prismpack"
    assert main(["pack", "build", str(folder), "--out", str(out)]) == 1
    printed = capsys.readouterr()
    assert "module.md:" in printed.err and "a script" in printed.err
    assert not out.exists()


def test_cpd_commands_see_pack_modules(course, tmp_path):
    import argparse

    from desktop.commands.cpd import open_cpd_service

    data_dir = tmp_path / "data"
    install_pack(_build(tmp_path, course), data_dir, course)
    services = _services(data_dir)
    try:  # a learner reads the pack's module and passes its quiz in the window
        profile = services.profiles.create("Asha")
        services.reading.mark_read(profile.id, MODULE)
        session = services.quizzes.start_new(profile.id, MODULE)
        for question in services.course.module(MODULE).quiz.questions:
            right = [i for i, option in enumerate(question.options) if option.correct]
            services.quizzes.answer(session, question.id, right)
        assert services.quizzes.finish(session).passed
    finally:
        services.close()
    args = argparse.Namespace(data_dir=str(data_dir), content_dir=None)
    with open_cpd_service(args) as service:
        assert [m.module_id for m in service.completed_modules(profile.id)] == [MODULE]
        draft = service.draft_from_modules(profile.id, [MODULE], include_reflections=False)
        assert "Our social media policy in practice" in draft.description
        assert service.certificate(profile.id, MODULE) is not None
