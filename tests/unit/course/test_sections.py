"""Splitting a module into sections whose anchors the reader's contents panel knows."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.course.loader import load_course
from desktop.course.render import render_markdown
from desktop.course.sections import INTRODUCTION, module_sections, split_sections

ROOT = Path(__file__).resolve().parents[3]

BODY = """\
Opening words about [online proximity](glossary:online-proximity).

## Dual relationships

A dual relationship sits alongside your role.[^1]

#### A small heading

Still part of dual relationships: see [the guidance](https://example.org).

### When it *cannot* be avoided

A village with one shop.

!!! key "Key points"
    - Keep the overlap small.

## Closed groups & privacy

## Empty tail

[^1]: A footnote line.
"""


def test_each_contents_heading_starts_a_section_with_the_readers_anchor() -> None:
    page = render_markdown(BODY)
    sections = split_sections(page)
    assert [s.anchor for s in sections[1:]] == [entry.anchor for entry in page.toc]
    assert [s.title for s in sections] == [
        INTRODUCTION,
        "Dual relationships",
        "When it cannot be avoided",
        "Closed groups & privacy",
        "Empty tail",
    ]
    assert [s.level for s in sections] == [0, 2, 3, 2, 2]


def test_text_stays_with_its_section_and_leaves_out_generated_marks() -> None:
    intro, dual, cannot, closed, tail = module_sections(BODY)
    assert intro.anchor == "" and intro.text == "Opening words about online proximity."
    # A level-4 heading is not in the contents, so its text stays in the section above.
    assert dual.text.splitlines() == [
        "A dual relationship sits alongside your role.",
        "A small heading",
        "Still part of dual relationships: see the guidance.",
    ]
    assert "Dual relationships" not in dual.text  # the title is kept apart from the text
    assert "Key points" in cannot.text and "Keep the overlap small." in cannot.text
    assert closed.text == ""
    assert "A footnote line." in tail.text


def test_a_module_with_no_opening_text_has_no_introduction() -> None:
    sections = module_sections("## Only\n\nText.\n")
    assert [(s.anchor, s.text) for s in sections] == [("only", "Text.")]


@pytest.mark.parametrize("module_id", ["boundaries", "identity-prism", "digital-capabilities"])
def test_shipped_modules_split_into_every_contents_entry(module_id: str) -> None:
    course = load_course(ROOT / "content", ROOT / "assets").course
    module = course.module(module_id)
    assert module is not None
    page = render_markdown(module.body)
    sections = split_sections(page)
    assert {s.anchor for s in sections if s.anchor} == {e.anchor for e in page.toc}
    # No words are lost or invented: the sections hold exactly the page's text.
    words = sum(len(s.text.split()) + (len(s.title.split()) if s.anchor else 0) for s in sections)
    assert words == len(page.plain_text.split())
