"""The parsed course is kept between launches, and never trusted once anything changes.

A learner must always see the course as its files are now: an edited module, a new
figure or another Prism version means the course is read afresh. A damaged or
unwritable cache only costs time, never the start.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop.course import cache
from desktop.course.sections import module_sections
from desktop.services import startup
from desktop.services.startup import start_services


def _start(content: Path, assets: Path, root: Path, cache_dir: Path | None):
    services = start_services(content, assets, root / "data", cache_dir=cache_dir)
    services.close()
    return services


def _loads(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record each full read of the course (the slow path the cache saves)."""
    from desktop.course import loader

    calls: list[Path] = []
    real = loader.load_course

    def counting(root, *args, **kwargs):
        calls.append(root)
        return real(root, *args, **kwargs)

    monkeypatch.setattr(loader, "load_course", counting)
    return calls


def test_the_second_start_reads_no_course_file(course_copy, tmp_path, monkeypatch) -> None:
    content, assets = course_copy
    reads = _loads(monkeypatch)
    first = _start(content, assets, tmp_path, tmp_path / "cache")
    second = _start(content, assets, tmp_path, tmp_path / "cache")
    assert len(reads) == 1
    assert second.course == first.course
    assert [m.id for m in second.course.modules] == [m.id for m in first.course.modules]


def test_cached_sections_match_a_fresh_render(course_copy, tmp_path) -> None:
    content, assets = course_copy
    _start(content, assets, tmp_path, tmp_path / "cache")
    services = _start(content, assets, tmp_path, tmp_path / "cache")
    for module in services.course.modules:
        assert services.context.sections.sections(module) == module_sections(module.body)


def test_an_edited_module_is_read_afresh(course_copy, tmp_path, monkeypatch) -> None:
    content, assets = course_copy
    _start(content, assets, tmp_path, tmp_path / "cache")
    module_file = next(content.rglob("module.md"))
    text = module_file.read_text(encoding="utf-8")
    module_file.write_text(text + "\n\n## A section added today\n\nNew words.\n", "utf-8")
    reads = _loads(monkeypatch)
    services = _start(content, assets, tmp_path, tmp_path / "cache")
    assert len(reads) == 1
    edited = next(m for m in services.course.modules if "A section added today" in m.body)
    titles = [s.title for s in services.context.sections.sections(edited)]
    assert "A section added today" in titles


def test_a_changed_asset_or_version_means_a_new_fingerprint(course_copy, monkeypatch) -> None:
    content, assets = course_copy
    before = cache.fingerprint(content, assets)
    assert cache.fingerprint(content, assets) == before  # stable when nothing changes
    figure = next(p for p in assets.rglob("*") if p.is_file())
    stat = figure.stat()
    os.utime(figure, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    after_asset = cache.fingerprint(content, assets)
    assert after_asset != before
    monkeypatch.setattr(cache, "__version__", "99.0.0")
    assert cache.fingerprint(content, assets) != after_asset


def test_a_damaged_cache_file_is_ignored_and_replaced(course_copy, tmp_path, monkeypatch) -> None:
    content, assets = course_copy
    cache_dir = tmp_path / "cache"
    _start(content, assets, tmp_path, cache_dir)
    (saved,) = cache_dir.glob("course-*.json")
    saved.write_bytes(b"\x80\x05 this is not a course")
    reads = _loads(monkeypatch)
    services = _start(content, assets, tmp_path, cache_dir)
    assert len(reads) == 1
    assert services.course.modules
    assert cache.read(cache_dir, cache.fingerprint(content.resolve(), assets.resolve()))


def test_a_cache_that_cannot_be_written_never_stops_the_start(course_copy, tmp_path) -> None:
    content, assets = course_copy
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder should be", "utf-8")
    services = _start(content, assets, tmp_path, blocked)
    assert services.course.modules
    assert blocked.read_text("utf-8").startswith("a file")


def test_a_cache_made_for_other_files_is_not_used(course_copy, tmp_path) -> None:
    content, assets = course_copy
    cache_dir = tmp_path / "cache"
    _start(content, assets, tmp_path, cache_dir)
    made_for = cache.fingerprint(content.resolve(), assets.resolve())
    assert cache.read(cache_dir, made_for) is not None
    # The same number of files, each with one detail changed, is still another course.
    assert cache.read(cache_dir, made_for.replace("|", "|0", 1)) is None
    assert cache.read(cache_dir, made_for + "\nextra.md|1|1") is None


def test_only_the_newest_cache_file_is_kept(course_copy, tmp_path) -> None:
    content, assets = course_copy
    cache_dir = tmp_path / "cache"
    _start(content, assets, tmp_path, cache_dir)
    (cache_dir / "course-v2.pickle").write_bytes(b"left by an older Prism")
    (content / "course.yaml").touch()
    os.utime(content / "course.yaml", ns=(0, 10**18))
    _start(content, assets, tmp_path, cache_dir)
    assert len(list(cache_dir.glob("course-*.json"))) == 1
    assert not (cache_dir / "course-v2.pickle").exists()


def test_a_broken_course_still_says_what_is_wrong(tmp_path) -> None:
    empty = tmp_path / "empty-content"
    empty.mkdir()
    with pytest.raises(startup.StartupError, match=r"course\.yaml"):
        start_services(empty, tmp_path / "assets", tmp_path / "data", cache_dir=tmp_path / "c")


class _RunsCode:
    """Unpickling this calls ``os.system``: what a hostile cache file would do."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_hostile_cache_file_runs_no_code(course_copy, tmp_path) -> None:
    """Issue 16 finding 6: whoever can write the cache folder must not run code in Prism."""
    import pickle

    content, assets = course_copy
    cache_dir = tmp_path / "cache"
    cache_dir.mkdir()
    marker = tmp_path / "code-ran"
    key = cache.fingerprint(content.resolve(), assets.resolve())
    hostile = pickle.dumps(key) + pickle.dumps(_RunsCode(marker))
    # Under the name Prism reads, and under the names older versions read.
    for name in (cache._NAME, "course-v2.pickle"):
        (cache_dir / name).write_bytes(hostile)
    services = _start(content, assets, tmp_path, cache_dir)
    assert services.course.modules
    assert not marker.exists()


@pytest.mark.parametrize(
    "payload",
    [
        b'{"$t":"system","f":["touch /tmp/x"]}',
        b'{"$t":"Course","f":[1,2]}',
        b'{"title":"untagged"}',
        b"[" * 100_000,
        b'{"$e":"QuestionType","v":"nonsense"}',
        b"\xff\xfe not text",
    ],
)
def test_a_cache_file_naming_anything_else_is_ignored(course_copy, tmp_path, payload) -> None:
    """A file with the right fingerprint but a body Prism did not write is only data."""
    content, assets = course_copy
    cache_dir = tmp_path / "cache"
    _start(content, assets, tmp_path, cache_dir)
    (saved,) = cache_dir.glob("course-*.json")
    data = saved.read_bytes()
    key = cache.fingerprint(content.resolve(), assets.resolve()).encode()
    head_end = data.index(key) + len(key)
    saved.write_bytes(data[:head_end] + payload)
    assert cache.read(cache_dir, key.decode()) is None
