"""What a reader sees from desktop.course.render: structure, safety, counts (no Qt)."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.course.render import (
    EXTERNAL_MARKER,
    RenderedPage,
    TocEntry,
    collect_links,
    count_words,
    render_markdown,
    render_user_text,
)

STYLES = Path(__file__).resolve().parents[3] / "assets" / "styles"

MODULE = """\
Opening paragraph with a [glossary term](glossary:online-proximity).

## What the prism is

Text under the first section.[^1]

!!! key "Key points"
    - First point.
    - Second point.

!!! example "Practice example: a late message"
    An example from practice.

### A smaller heading

| Face | Who reads it |
|:-----|-------------:|
| Personal | Friends |

## What the prism is

Same title again.

[^1]: The footnote text.
"""


class _Tags(HTMLParser):
    """Collect (tag, attrs) pairs from HTML for structural assertions."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags_of(page_html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page_html)
    return parser.tags


def hrefs(page_html: str) -> list[str]:
    return [attrs["href"] or "" for tag, attrs in tags_of(page_html) if tag == "a"]


def srcs(page_html: str) -> list[str]:
    return [attrs["src"] or "" for tag, attrs in tags_of(page_html) if tag == "img"]


# --------------------------------------------------------------------------- #
# Structure
# --------------------------------------------------------------------------- #


def test_headings_are_in_the_toc_with_anchors_that_exist() -> None:
    page = render_markdown(MODULE)

    assert isinstance(page, RenderedPage)
    assert [(e.level, e.title) for e in page.toc] == [
        (2, "What the prism is"),
        (3, "A smaller heading"),
        (2, "What the prism is"),
    ]
    ids = {attrs.get("id") for _, attrs in tags_of(page.html)}
    for entry in page.toc:
        assert isinstance(entry, TocEntry)
        assert entry.anchor in ids
    # Repeated titles still get distinct anchors.
    assert len({entry.anchor for entry in page.toc}) == 3


def test_toc_anchor_is_a_stable_slug() -> None:
    first = render_markdown("## Boundaries & you\n\ntext")
    second = render_markdown("## Boundaries & you\n\nother text")
    assert first.toc == second.toc == (TocEntry(2, "Boundaries & you", "boundaries-you"),)


def test_toc_lists_only_levels_two_and_three() -> None:
    page = render_markdown("## Two\n\n### Three\n\n#### Four\n")
    assert [entry.level for entry in page.toc] == [2, 3]


def test_admonition_becomes_bordered_single_cell_table_with_bold_title() -> None:
    page = render_markdown(MODULE)

    boxes = [
        attrs
        for tag, attrs in tags_of(page.html)
        if tag == "table" and "box" in (attrs.get("class") or "").split()
    ]
    assert [box["class"] for box in boxes] == ["box box-key", "box box-example"]
    for box in boxes:
        assert box["border"] == "1"
        assert box["cellspacing"] == "0"
        assert box["width"] == "100%"
        assert int(box["cellpadding"] or "0") > 0
    assert '<p class="box-title"><b>Key points</b></p>' in page.html
    assert "<b>Practice example: a late message</b>" in page.html
    assert "admonition" not in page.html
    assert "<div" not in page.html.split('<div class="footnote">')[0]


@pytest.mark.parametrize(
    ("kind", "expected"),
    [("key", "box-key"), ("example", "box-example"), ("note", "box-note"),
     ("warning", "box-warning"), ("danger", "box-note"), ("tip", "box-note")],
)  # fmt: skip
def test_box_kinds_and_unknown_kind_falls_back_to_note(kind: str, expected: str) -> None:
    page = render_markdown(f'!!! {kind} "Heads up"\n    Body text.\n')
    assert f'class="box {expected}"' in page.html
    assert "<b>Heads up</b>" in page.html
    assert "Body text." in page.html


def test_box_without_title_keeps_its_body() -> None:
    page = render_markdown('!!! note ""\n    Only a body.\n')
    assert 'class="box box-note"' in page.html
    assert "box-title" not in page.html
    assert "Only a body." in page.html


def test_pipe_table_gets_border_attributes_and_alignment() -> None:
    page = render_markdown(MODULE)
    grids = [
        attrs
        for tag, attrs in tags_of(page.html)
        if tag == "table" and attrs.get("class") == "grid"
    ]
    assert len(grids) == 1
    assert grids[0]["border"] == "1"
    assert grids[0]["cellspacing"] == "0"
    assert int(grids[0]["cellpadding"] or "0") > 0
    assert '<td align="right">Friends</td>' in page.html
    assert "style=" not in page.html


def test_footnotes_render_at_the_end_with_links_both_ways() -> None:
    page = render_markdown(MODULE)
    ids = {attrs.get("id") for _, attrs in tags_of(page.html)}
    links = hrefs(page.html)

    assert page.html.index("The footnote text.") > page.html.index("Same title again.")
    forward = [href for href in links if href.startswith("#fn")]
    assert len(forward) == 2  # reference and back-link
    for href in forward:
        assert href[1:] in ids
        assert re.fullmatch(r"#[A-Za-z0-9_-]+", href)


def test_allowed_links_survive() -> None:
    page = render_markdown(
        "[a](glossary:term) [b](module:boundaries) [c](#what-the-prism-is) "
        "[d](https://www.example.org/page)"
    )
    assert hrefs(page.html) == [
        "glossary:term",
        "module:boundaries",
        "#what-the-prism-is",
        "https://www.example.org/page",
    ]


def test_external_link_has_visible_marker_but_internal_links_do_not() -> None:
    page = render_markdown("[guidance](https://example.org) and [term](glossary:x)")
    assert page.html.count(EXTERNAL_MARKER) == 1
    assert re.search(r'href="https://example.org">guidance<span class="ext">', page.html)
    # The marker is decoration, not text to search for or count.
    assert "\u2197" not in page.plain_text
    assert "guidance and term" in page.plain_text


def test_figure_images_survive_with_alt() -> None:
    page = render_markdown(
        "![The identity prism](figure:identity-prism.svg)\n\n![](figure:chart_2.png)"
    )
    images = [attrs for tag, attrs in tags_of(page.html) if tag == "img"]
    assert images == [
        {"alt": "The identity prism", "src": "figure:identity-prism.svg"},
        {"alt": "", "src": "figure:chart_2.png"},
    ]


# --------------------------------------------------------------------------- #
# Hostile input ends up inert
# --------------------------------------------------------------------------- #

RAW_HTML = [
    "<script>alert(1)</script>",
    "Text <script>alert(1)</script> inline",
    '<img src=x onerror="alert(1)">',
    "before <img src=x onerror=alert(1)> after",
    '<a href="javascript:alert(1)">click</a>',
    "<div onclick='alert(1)'>block</div>",
    "<style>body{display:none}</style>",
    "<!-- comment --> <iframe src=https://x.org></iframe>",
]


@pytest.mark.parametrize("source", RAW_HTML)
def test_raw_html_is_shown_as_text(source: str) -> None:
    page = render_markdown(source)
    allowed = {"p"}
    assert {tag for tag, _ in tags_of(page.html)} <= allowed
    assert "&lt;" in page.html
    # The reader can still see what was written.
    assert "<" in page.plain_text


BAD_TARGETS = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    "JavaScript:alert(1)",
    "java&#x09;script:alert(1)",
    "java&#9;script:alert(1)",
    "&#106;avascript:alert(1)",
    "&#x6A;avascript:alert(1)",
    "jav&amp;#x61;script:alert(1)",
    "javascript&colon;alert(1)",
    "<java script:alert(1)>",
    "<javascript:alert(1)>",
    "vbscript:msgbox(1)",
    "data:text/html;base64,PHNjcmlwdD4=",
    "file:///etc/passwd",
    "http://example.org",
    "HTTP://example.org",
    "//evil.example/x",
    "../secrets.txt",
    "notes.html",
    "mailto:someone@example.org",
    "https:evil",
    "glossary:",
    "#",
]


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_disallowed_link_keeps_only_its_text(target: str) -> None:
    page = render_markdown(f"Read [the text]({target}) now.")
    assert hrefs(page.html) == []
    assert "the text" in page.plain_text
    assert "Read the text now." in page.plain_text


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_disallowed_reference_link_keeps_only_its_text(target: str) -> None:
    page = render_markdown(f"Read [the text][r] now.\n\n[r]: {target}\n")
    assert hrefs(page.html) == []
    assert "the text" in page.plain_text


@pytest.mark.parametrize(
    "target",
    [*BAD_TARGETS, "figure:../x.svg", "figure:a/b.svg", "figure:..svg", "figure:x.gif",
     "figure:x.svg?y", "figure:%2e%2e/x.svg", "figure:", "https://example.org/x.png",
     "FIGURE:..\\x.svg"],
)  # fmt: skip
def test_disallowed_image_shows_only_its_alt_text(target: str) -> None:
    page = render_markdown(f"See ![a diagram]({target}) here.")
    assert srcs(page.html) == []
    assert "See a diagram here." in page.plain_text


def test_no_event_handler_or_style_attributes_anywhere() -> None:
    source = "\n\n".join(RAW_HTML) + "\n\n[x](javascript:alert(1)){: onclick=alert(1) }"
    page = render_markdown(source)
    for _, attrs in tags_of(page.html):
        assert not any(name.startswith("on") or name == "style" for name in attrs)


def test_allowed_link_inside_disallowed_link_text_is_not_lost() -> None:
    page = render_markdown("[![chart](figure:chart.svg) more](javascript:alert(1))")
    assert hrefs(page.html) == []
    assert srcs(page.html) == ["figure:chart.svg"]
    assert "more" in page.plain_text


# Hypothesis: mix Markdown syntax, HTML and URL fragments to hunt for bypasses.
_PIECES = st.sampled_from(
    ["[", "]", "(", ")", "!", "<", ">", "&#x09;", "&#106;", "&amp;", "javascript:", "JaVaScRiPt:",
     "script", "href=", '"', "'", "\n", "\n\n", "    ", "!!! key ", "|", "---", "[^1]", "[^1]: ",
     "`", "*", "#", "figure:", "https://x.org", "glossary:g", "\t", " ", "a", "&", ";", ":"]
)  # fmt: skip
_URL_PIECES = st.sampled_from(
    ["javascript:", "JaVaScRiPt:", "java", "script:", "&#x09;", "&#9;", "&#106;", "&#x6A;", "\t",
     " ", "data:", "file:", "//", "http:", "https:", "figure:", "../", "/", ".svg", ".png", "x",
     "alert(1)", "&amp;", "&colon;", ":", "%0a", "<", ">", "#", "glossary:", "module:", "\\"]
)  # fmt: skip
_LINKS = st.builds(
    lambda bang, text, url: f"{bang}[{text}]({url})",
    st.sampled_from(["", "!"]),
    st.text(alphabet="ab *", max_size=4),
    st.lists(_URL_PIECES, max_size=6).map("".join),
)
_DOCUMENTS = st.one_of(
    st.text(),
    st.lists(st.one_of(_PIECES, _LINKS), max_size=30).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_render_never_raises_and_output_is_inert(source: str) -> None:
    page = render_markdown(source)
    lowered = page.html.lower()
    assert "<script" not in lowered
    assert 'href="javascript' not in lowered
    for href in hrefs(page.html):
        assert href.startswith(("glossary:", "module:", "#", "https://"))
    for src in srcs(page.html):
        assert re.fullmatch(r"figure:[A-Za-z0-9_-][A-Za-z0-9_.-]*\.(?i:svg|png)", src)
        assert ".." not in src


# --------------------------------------------------------------------------- #
# plain_text, count_words, collect_links, render_user_text
# --------------------------------------------------------------------------- #


def test_plain_text_has_readable_text_without_markup() -> None:
    page = render_markdown(MODULE)
    assert "Key points" in page.plain_text
    assert "First point." in page.plain_text
    assert "glossary term" in page.plain_text
    for markup in ("<", "!!!", "glossary:", "|", "[^1]", "**"):
        assert markup not in page.plain_text


def test_count_words_ignores_markup() -> None:
    source = """\
Three plain words.

## Two words

A [linked phrase](https://example.org/a/very/long/url) here.[^1]

!!! key "Key points"
    - one
    - two

| A | B |
|---|---|
| cell | cell |

**bold** *italic* `code`

[^1]: Footnote words.
"""
    # Three plain words(3) Two words(2) A linked phrase here(4) Key points(2) one two(2)
    # A B cell cell(4) bold italic code(3) Footnote words(2)
    assert count_words(source) == 22


def test_count_words_skips_front_matter() -> None:
    source = "---\nid: x\ntitle: Something long here\n---\n\nJust four words here.\n"
    assert count_words(source) == 4
    assert count_words("") == 0


def test_collect_links_reports_line_numbers_and_images() -> None:
    source = """\
Intro [a term](glossary:one) and ![a figure](figure:two.svg "Title")
line two has [a link that
wraps](module:three) across lines

`[not a link](module:code-span)`

```
[not a link](module:fenced)
```

[![inside](figure:inner.svg)](https://outer.example)
A [reference][ref] and an ![image ref][img].

[ref]: https://ref.example "Title"
[img]: <figure:ref.png>
<https://auto.example>
"""
    assert collect_links(source) == [
        (1, "glossary:one", False),
        (1, "figure:two.svg", True),
        (3, "module:three", False),
        (11, "figure:inner.svg", True),
        (11, "https://outer.example", False),
        (14, "https://ref.example", False),
        (15, "figure:ref.png", True),
        (16, "https://auto.example", False),
    ]


def test_collect_links_reports_hostile_targets_too() -> None:
    source = "ok\n\n[x](javascript:alert(1))\n![y](file:///etc/passwd)\n"
    assert collect_links(source) == [
        (3, "javascript:alert(1)", False),
        (4, "file:///etc/passwd", True),
    ]


def test_render_user_text_escapes_and_keeps_paragraphs() -> None:
    text = "First <b>line</b>\nsecond & line\n\n\n<script>alert(1)</script>\r\n[x](javascript:y)"
    assert render_user_text(text) == (
        "<p>First &lt;b&gt;line&lt;/b&gt;<br>second &amp; line</p>\n"
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;<br>[x](javascript:y)</p>"
    )
    assert render_user_text("  \n\n ") == ""


@given(st.text())
def test_render_user_text_never_produces_markup(text: str) -> None:
    out = render_user_text(text)
    stripped = out.replace("<p>", "").replace("</p>", "").replace("<br>", "")
    assert "<" not in stripped
    assert ">" not in stripped


# --------------------------------------------------------------------------- #
# Stylesheets
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("name", ["reader.css", "reader-dark.css"])
def test_stylesheets_use_no_absolute_or_relative_font_sizes(name: str) -> None:
    css = (STYLES / name).read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    sizes = re.findall(r"font-size\s*:\s*([^;}]+)", body)
    for size in sizes:
        assert not re.search(r"\d\s*(px|pt|em|rem|%)", size), f"{name}: font-size {size}"
    assert not re.search(r"\bfont\s*:", body), "font shorthand could set a size"
    for kind in ("key", "example", "note", "warning"):
        assert f"table.box-{kind}" in body


def _luminance(colour: str) -> float:
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@pytest.mark.parametrize(
    ("name", "page"), [("reader.css", "#ffffff"), ("reader-dark.css", "#1e1f22")]
)
def test_stylesheet_text_contrast_is_at_least_4_5(name: str, page: str) -> None:
    body = re.sub(r"/\*.*?\*/", "", (STYLES / name).read_text(encoding="utf-8"), flags=re.DOTALL)
    rules = {sel.strip(): decls for sel, decls in re.findall(r"([^{}]+)\{([^}]*)\}", body)}

    def colour(selector: str, prop: str) -> str:
        match = re.search(rf"(?<![-\w]){prop}\s*:\s*(#[0-9a-fA-F]{{6}})", rules[selector])
        assert match, f"{name}: {selector} has no {prop}"
        return match.group(1)

    text = colour("p, li, dt, dd, td, th, pre, blockquote", "color")
    link = colour("a", "color")
    backgrounds = [page, colour("table.grid th", "background-color")]
    pairs = [(text, page), (link, page), (colour("h1, h2", "color"), page),
             (colour("h3, h4", "color"), page)]  # fmt: skip
    for kind in ("key", "example", "note", "warning"):
        box = colour(f"table.box-{kind}", "background-color")
        backgrounds.append(box)
        pairs.append((colour(f"table.box-{kind} p.box-title", "color"), box))
    pairs += [(fg, bg) for bg in backgrounds for fg in (text, link)]
    for fg, bg in pairs:
        assert _contrast(fg, bg) >= 4.5, f"{name}: {fg} on {bg}"
