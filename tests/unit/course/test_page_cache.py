"""Rendered module pages are kept between launches, and never shown once stale.

Opening a module for the first time in a session rendered its Markdown every
launch, the largest part of opening it. The page is now saved in the cache folder;
a learner must still always see the module as its files are now, and a damaged,
foreign or unwritable cache file only costs time.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.course import page_cache
from desktop.course.render import render_markdown
from desktop.services.startup import start_services


def open_page(course_copy, root: Path, module_id: str, cache_dir: Path | None):
    content, assets = course_copy
    services = start_services(content, assets, root / "data", cache_dir=cache_dir)
    try:
        return services.reading.page(module_id), services.course.module(module_id)
    finally:
        services.close()


def first_module(course_copy) -> str:
    return sorted(p.name for p in course_copy[0].iterdir() if (p / "module.md").exists())[0]


def test_an_opened_module_is_kept_and_read_back_at_the_next_launch(course_copy, tmp_path):
    module_id = first_module(course_copy)
    cache = tmp_path / "cache"
    page, module = open_page(course_copy, tmp_path, module_id, cache)
    saved = cache / page_cache.FOLDER / f"{module_id}.json"
    assert saved.exists()

    # What the next launch reads is what the file holds, not a fresh render.
    data = json.loads(saved.read_text(encoding="utf-8"))
    data["html"] += "<p>Served from the cache</p>"
    saved.write_text(json.dumps(data), encoding="utf-8")
    again, _ = open_page(course_copy, tmp_path, module_id, cache)

    assert "Served from the cache" in again.html
    assert again.toc == page.toc == render_markdown(module.body).toc
    assert again.plain_text == page.plain_text


def test_an_edited_module_is_rendered_afresh(course_copy, tmp_path):
    module_id = first_module(course_copy)
    cache = tmp_path / "cache"
    open_page(course_copy, tmp_path, module_id, cache)
    md = course_copy[0] / module_id / "module.md"
    md.write_text(md.read_text(encoding="utf-8") + "\n\nA sentence added by the author.\n")

    page, _ = open_page(course_copy, tmp_path, module_id, cache)

    assert "A sentence added by the author." in page.html


@pytest.mark.parametrize(
    "damage",
    [
        b"",
        b"{not json",
        b"\xff\xfe\x00junk",
        b"[]",
        b'{"key": 1, "html": "x", "toc": [], "plain_text": ""}',
        b'{"html": "<p>no key</p>", "toc": [], "plain_text": ""}',
    ],
)
def test_a_damaged_or_foreign_file_is_ignored_and_replaced(course_copy, tmp_path, damage):
    module_id = first_module(course_copy)
    cache = tmp_path / "cache"
    fresh, module = open_page(course_copy, tmp_path, module_id, cache)
    saved = cache / page_cache.FOLDER / f"{module_id}.json"
    saved.write_bytes(damage)

    page, _ = open_page(course_copy, tmp_path, module_id, cache)

    assert page == fresh
    assert json.loads(saved.read_text(encoding="utf-8"))["key"] == page_cache.page_key(module)


def test_a_file_with_the_right_key_but_the_wrong_shape_is_not_used(course_copy, tmp_path):
    module_id = first_module(course_copy)
    cache = tmp_path / "cache"
    fresh, module = open_page(course_copy, tmp_path, module_id, cache)
    saved = cache / page_cache.FOLDER / f"{module_id}.json"
    key = page_cache.page_key(module)
    for toc in ([["2", "t", "a"]], [[2, "t"]], "no", [[2, "t", None]]):
        saved.write_text(
            json.dumps({"key": key, "html": "<p>bad</p>", "toc": toc, "plain_text": ""}),
            encoding="utf-8",
        )
        page, _ = open_page(course_copy, tmp_path, module_id, cache)
        assert page == fresh, toc


def test_a_cache_folder_that_cannot_be_written_still_opens_the_module(course_copy, tmp_path):
    module_id = first_module(course_copy)
    blocked = tmp_path / "cache"
    blocked.write_text("a file where the folder should be")

    page, module = open_page(course_copy, tmp_path, module_id, blocked)

    assert page == render_markdown(module.body)
