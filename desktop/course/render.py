"""Turn course Markdown into safe HTML for Qt's rich-text engine (no Qt imported here).

The reader shows the HTML in a QTextBrowser and prints it through QTextDocument.
Both understand only a small HTML4/CSS2 subset, so the output is shaped for it:
admonitions and pipe tables become bordered tables (Qt ignores borders on
``div`` and on ``td`` alone), and every heading, footnote and back-link carries
an ``id`` Qt turns into a named anchor.

Course text is trusted to be *well meant* but not to be *safe*: raw HTML is shown
as text, and one tree pass keeps only the link and image targets the course
format allows (``glossary:``, ``module:``, ``#anchor``, ``https:``, and
``figure:NAME.svg|png`` for images).  It works on the parsed element tree after
every other step, so entity or whitespace tricks in a URL are decoded before
the check rather than slipping past a pattern.

``markdown`` is imported on first use, not at import time, to keep start-up fast.
"""

from __future__ import annotations

import html
import logging
import re
import threading
import unicodedata
import xml.etree.ElementTree as etree
from bisect import bisect_right
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from markdown import Markdown

__all__ = [
    "BOX_KINDS",
    "EXTERNAL_MARKER",
    "RenderedPage",
    "TocEntry",
    "collect_links",
    "count_words",
    "render_markdown",
    "render_user_text",
]

logger = logging.getLogger(__name__)

BOX_KINDS: tuple[str, ...] = ("key", "example", "note", "warning")
"""Admonition kinds with their own look; any other kind is drawn as ``note``."""

EXTERNAL_MARKER = "\u00a0\u2197"
"""Shown after the text of an ``https:`` link (no-break space keeps it on the line)."""

_BOX_CELLPADDING = "10"
_TABLE_CELLPADDING = "6"

# Attributes Python-Markdown may emit with our extensions, plus the ones we add.
# Anything else (style, on*, ...) is dropped as defence in depth.
_ALLOWED_ATTRIBUTES = frozenset({"href", "src", "alt", "title", "id", "class", "align"})

_SAFE_ANCHOR_RE = re.compile(r"[A-Za-z0-9_-]+")
_FIGURE_RE = re.compile(r"figure:([A-Za-z0-9_-][A-Za-z0-9_.-]*)\.(svg|png)", re.IGNORECASE)
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WORD_RE = re.compile(r"\S*[^\W_]\S*")


@dataclass(frozen=True)
class TocEntry:
    """One heading for the contents panel: level 2 or 3, its text, its anchor id."""

    level: int
    title: str
    anchor: str


@dataclass(frozen=True)
class RenderedPage:
    """A rendered document: Qt-ready HTML, its contents, and its text for search."""

    html: str
    toc: tuple[TocEntry, ...]
    plain_text: str


# --------------------------------------------------------------------------- #
# Public API
# --------------------------------------------------------------------------- #


def render_markdown(text: str) -> RenderedPage:
    """Render course Markdown to safe HTML with its contents and plain text.

    Never raises: if Python-Markdown fails on some input, the text is shown
    escaped instead, so one odd module cannot break the reader.
    """
    source = _clean_source(text)
    with _lock:
        md = _markdown()
        try:
            body = md.reset().convert(source)
            tokens: list[dict[str, Any]] = list(getattr(md, "toc_tokens", []))
        except Exception as exc:  # a renderer bug must not take the reader down
            # RecursionError on very deep nesting is the known case; keep the log short.
            logger.warning("Markdown rendering failed (%s); showing the text as-is", exc)
            logger.debug("Markdown rendering failure", exc_info=True)
            md.reset()
            return RenderedPage(render_user_text(text), (), _squash_lines(source))
    toc = tuple(_flatten_toc(tokens))
    return RenderedPage(html=body, toc=toc, plain_text=_html_to_text(body, include_alt=True))


def count_words(text: str) -> int:
    """Count the words a reader reads in a Markdown body.

    Markup, link URLs, admonition markers, footnote markers and table pipes are
    not counted; a leading YAML front-matter block (``---`` ... ``---``) is skipped.
    """
    body = _strip_front_matter(text)
    page_html = render_markdown(body).html
    return len(_WORD_RE.findall(_html_to_text(page_html, include_alt=False)))


def render_user_text(text: str) -> str:
    """Show a learner's own plain text as HTML: escaped, never interpreted.

    Blank lines separate paragraphs; a single newline becomes ``<br>``.
    """
    cleaned = _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = re.split(r"\n[ \t]*\n", cleaned)
    out = []
    for paragraph in paragraphs:
        lines = paragraph.strip("\n").split("\n")
        if not any(line.strip() for line in lines):
            continue
        out.append("<p>" + "<br>".join(html.escape(line) for line in lines) + "</p>")
    return "\n".join(out)


def collect_links(text: str) -> list[tuple[int, str, bool]]:
    """List every link and image target as ``(line, url, is_image)``, in source order.

    Lines are 1-based lines of ``text``.  Covers inline links and images (also
    nested, like an image inside a link), ``<https://...>`` autolinks, and
    reference definitions (reported at the definition's line, once per way they
    are used).  Code spans and fenced code are skipped.
    """
    masked = _mask_code(text)
    line_starts = [0] + [m.end() for m in re.finditer("\n", masked)]

    def line_of(offset: int) -> int:
        return bisect_right(line_starts, offset)

    found: list[tuple[int, int, str, bool]] = []  # (offset, line, url, is_image)
    _scan_inline(masked, 0, len(masked), found, line_of)

    for match in _AUTOLINK_RE.finditer(masked):
        found.append((match.start(1), line_of(match.start(1)), match.group(1), False))

    definitions: dict[str, tuple[int, str]] = {}
    for match in _REF_DEF_RE.finditer(masked):
        label = _ref_label(match.group(1))
        url = match.group(2).strip()
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1]
        definitions.setdefault(label, (match.start(2), url))

    used_as: dict[str, set[bool]] = {label: set() for label in definitions}
    for match in _REF_USE_RE.finditer(masked):
        label = _ref_label(match.group(3) or match.group(2))
        if label in used_as:
            used_as[label].add(match.group(1) == "!")
    for label, (offset, url) in definitions.items():
        for is_image in sorted(used_as[label] or {False}):
            found.append((offset, line_of(offset), url, is_image))

    found.sort(key=lambda item: (item[0], item[3]))
    return [(line, url, is_image) for _, line, url, is_image in found]


# --------------------------------------------------------------------------- #
# The shared Markdown instance
# --------------------------------------------------------------------------- #

_lock = threading.Lock()
_md: Markdown | None = None


def _markdown() -> Markdown:
    """The one Markdown instance, built on first use (call with ``_lock`` held)."""
    global _md
    if _md is None:
        _md = _build_markdown()
    return _md


def _build_markdown() -> Markdown:
    """Configure Python-Markdown for course text: no raw HTML, no attr_list."""
    import markdown

    md = markdown.Markdown(
        extensions=["toc", "tables", "admonition", "footnotes", "sane_lists", "fenced_code"],
        extension_configs={
            "toc": {"toc_depth": "2-3", "marker": ""},
            "tables": {"use_align_attribute": True},
            # Hyphen, not colon, in footnote ids: plain anchors are safest in Qt.
            "footnotes": {"SEPARATOR": "-"},
        },
        output_format="html",
    )
    # The documented "EscapeHtml" recipe: raw HTML is then escaped, shown as text.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    # Priority -10: after inline parsing (20), toc (5) and unescaping (0), so the
    # pass sees every link exactly as it will be written out.
    md.treeprocessors.register(_QtSafeTreeprocessor(), "prism_qt_safe", -10)
    return md


class _QtSafeTreeprocessor:
    """Sanitise links and images and reshape boxes and tables for Qt.

    Duck-typed as a Python-Markdown Treeprocessor (only ``run`` is called), so
    this module need not import ``markdown`` at import time.
    """

    def run(self, root: etree.Element) -> None:
        """Rewrite the tree in place."""
        _make_safe(root)


# --------------------------------------------------------------------------- #
# Tree pass
# --------------------------------------------------------------------------- #


def _make_safe(root: etree.Element) -> None:
    """Apply the allow-lists and the Qt-specific reshaping to the whole tree."""
    parents = {child: parent for parent in root.iter() for child in parent}
    # Reverse document order visits children before their parents, so unwrapping
    # or reshaping an element never disturbs one still to be visited.
    for element in reversed(list(root.iter())):
        for name in [name for name in element.attrib if name not in _ALLOWED_ATTRIBUTES]:
            del element.attrib[name]
        if "id" in element.attrib:
            element.set("id", _safe_anchor(element.get("id", "")))
        tag = element.tag
        if tag == "a":
            _check_link(element, parents[element])
        elif tag == "img":
            _check_image(element, parents[element])
        elif tag == "div" and "admonition" in (element.get("class") or "").split():
            _make_box(element)
        elif tag == "p" and _only_images(element):
            element.set("class", "figure")
        elif tag == "table":
            element.set("class", "grid")
            element.set("border", "1")
            element.set("cellspacing", "0")
            element.set("cellpadding", _TABLE_CELLPADDING)


def _check_link(link: etree.Element, parent: etree.Element) -> None:
    """Keep a link only if its target is allowed; otherwise keep just its text."""
    url = _normalise_url(link.get("href", ""))
    scheme, _, rest = url.partition(":")
    scheme = scheme.lower()
    if url.startswith("#") and len(url) > 1:
        link.set("href", "#" + _safe_anchor(url[1:]))
    elif ":" in url and scheme in ("glossary", "module") and rest:
        link.set("href", f"{scheme}:{rest}")
    elif ":" in url and scheme == "https" and rest.startswith("//") and len(rest) > 2:
        link.set("href", f"https:{rest}")
        marker = etree.SubElement(link, "span", {"class": "ext"})
        marker.text = EXTERNAL_MARKER
    else:
        _unwrap(link, parent)


def _check_image(image: etree.Element, parent: etree.Element) -> None:
    """Keep an image only if it is ``figure:NAME.svg|png``; otherwise show its alt text."""
    alt = image.get("alt") or ""
    match = _FIGURE_RE.fullmatch(_normalise_url(image.get("src", "")))
    if match and ".." not in match.group(1):
        image.set("src", f"figure:{match.group(1)}.{match.group(2)}")
        image.set("alt", alt)
    else:
        _unwrap(image, parent, replacement=alt)


def _make_box(div: etree.Element) -> None:
    """Turn an admonition ``div`` into a one-cell table Qt draws with border and fill."""
    classes = (div.get("class") or "").split()
    kinds = [name for name in classes if name != "admonition"]
    kind = kinds[0] if kinds and kinds[0] in BOX_KINDS else "note"
    children = list(div)
    tail = div.tail
    div.clear()
    div.tail = tail
    div.tag = "table"
    div.attrib.update(
        {
            "class": f"box box-{kind}",
            "width": "100%",
            "cellpadding": _BOX_CELLPADDING,
            "cellspacing": "0",
            "border": "1",
        }
    )
    cell = etree.SubElement(etree.SubElement(div, "tr"), "td")
    if children and children[0].tag == "p" and children[0].get("class") == "admonition-title":
        title = children[0]
        bold = etree.Element("b")
        bold.text, title.text = title.text, None
        bold.extend(list(title))
        for inner in list(title):
            title.remove(inner)
        title.append(bold)
        title.set("class", "box-title")
    cell.extend(children)


def _only_images(paragraph: etree.Element) -> bool:
    """True for a paragraph holding just images: Qt would stretch its line spacing."""
    if (paragraph.text or "").strip() or not len(paragraph):
        return False
    return all(child.tag == "img" and not (child.tail or "").strip() for child in paragraph)


def _unwrap(element: etree.Element, parent: etree.Element, replacement: str | None = None) -> None:
    """Replace ``element`` by its content (or by ``replacement`` text) in ``parent``."""
    index = list(parent).index(element)
    if replacement is None:
        lead, kids = element.text or "", list(element)
    else:
        lead, kids = replacement, []
    tail = element.tail or ""
    parent.remove(element)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    if kids:
        kids[-1].tail = (kids[-1].tail or "") + tail
    else:
        lead += tail
    if index == 0:
        parent.text = (parent.text or "") + lead
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + lead


def _normalise_url(raw: str) -> str:
    """Decode entities (repeatedly) and drop whitespace/control characters.

    Browsers ignore tabs and newlines inside URLs (``java&#x09;script:``), so
    the allow-list is checked against what a browser would actually see.
    """
    value = raw
    for _ in range(5):
        decoded = html.unescape(value)
        if decoded == value:
            break
        value = decoded
    return "".join(
        ch for ch in value if not ch.isspace() and unicodedata.category(ch) not in ("Cc", "Cf")
    )


def _safe_anchor(name: str) -> str:
    """An anchor id made of letters, digits, ``-`` and ``_`` (stable for the same input)."""
    if _SAFE_ANCHOR_RE.fullmatch(name):
        return name
    import hashlib  # rarely needed; keep it off the start-up path

    base = re.sub(r"[^A-Za-z0-9_-]+", "-", name).strip("-") or "a"
    return f"{base}-{hashlib.sha1(name.encode('utf-8')).hexdigest()[:6]}"


def _flatten_toc(tokens: list[dict[str, Any]]) -> list[TocEntry]:
    """Python-Markdown's nested toc tokens as a flat list in document order."""
    entries = []
    for token in tokens:
        entries.append(
            TocEntry(
                level=int(token["level"]),
                title=html.unescape(token["name"]),
                anchor=_safe_anchor(token["id"]),
            )
        )
        entries.extend(_flatten_toc(token.get("children", [])))
    return entries


def _clean_source(text: str) -> str:
    """Normalise newlines and drop control characters Markdown and Qt mishandle."""
    return _CONTROL_RE.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def _strip_front_matter(text: str) -> str:
    """Drop a leading ``---`` YAML block, if the text starts with one."""
    match = re.match(r"\A---[ \t]*\r?\n.*?^---[ \t]*$\n?", text, re.DOTALL | re.MULTILINE)
    return text[match.end() :] if match else text


# --------------------------------------------------------------------------- #
# Plain text from the rendered HTML
# --------------------------------------------------------------------------- #

_BLOCK_TAGS = frozenset(
    {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "div", "table", "tr",
     "pre", "blockquote", "hr", "br", "dl", "dt", "dd"}
)  # fmt: skip
_CELL_TAGS = frozenset({"td", "th"})
_VOID_TAGS = frozenset({"br", "hr", "img"})


class _TextExtractor(HTMLParser):
    """Collect readable text, skipping generated bits (footnote numbers, arrows)."""

    def __init__(self, include_alt: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.include_alt = include_alt
        self.parts: list[str] = []
        self._stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self._pre = 0

    @property
    def _skipping(self) -> bool:
        return bool(self._stack) and self._stack[-1][1]

    def _emit(self, text: str) -> None:
        """Where text goes; desktop.course.sections routes it per section."""
        self.parts.append(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit(" ")
        if tag == "img":
            if self.include_alt and not self._skipping:
                self._emit(" " + (dict(attrs).get("alt") or "") + " ")
            return
        if tag in _VOID_TAGS:
            return
        classes = (dict(attrs).get("class") or "").split()
        skip = self._skipping or bool({"ext", "footnote-ref", "footnote-backref"} & set(classes))
        self._stack.append((tag, skip))
        if tag == "pre":
            self._pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID_TAGS:
            return
        for depth in range(len(self._stack) - 1, -1, -1):
            if self._stack[depth][0] == tag:
                del self._stack[depth:]
                break
        if tag == "pre":
            self._pre = max(0, self._pre - 1)
        if tag in _BLOCK_TAGS:
            self._emit("\n")
        elif tag in _CELL_TAGS:
            self._emit(" ")

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        self._emit(data if self._pre else re.sub(r"\s+", " ", data))


def _html_to_text(page_html: str, include_alt: bool) -> str:
    """The text of rendered HTML: one line per block, spaces collapsed."""
    parser = _TextExtractor(include_alt)
    parser.feed(page_html)
    parser.close()
    return _squash_lines("".join(parser.parts))


def _squash_lines(text: str) -> str:
    """Collapse runs of spaces and drop empty lines."""
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


# --------------------------------------------------------------------------- #
# Link scanning for the validator
# --------------------------------------------------------------------------- #

# Bracketed link text with up to two levels of nested brackets ("[a [b] c]").
_BRACKETS = r"\[((?:[^\[\]]|\[(?:[^\[\]]|\[[^\[\]]*\])*\])*)\]"
_INLINE_RE = re.compile(
    r"(!?)" + _BRACKETS + r"\(\s*(<[^<>\n]*>|(?:[^\s()]|\([^\s()]*\))*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp)://[^<>\s]+)>", re.IGNORECASE)
_REF_DEF_RE = re.compile(r"^ {0,3}\[([^\]^][^\]]*)\]:[ \t]*(<[^>\n]*>|\S+)", re.MULTILINE)
_REF_USE_RE = re.compile(r"(!?)\[([^\[\]]+)\](?:[ \t]?\[([^\[\]]*)\]|(?![(:\[]))")
_FENCE_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_CODE_SPAN_RE = re.compile(r"(`+)(?!`).+?(?<!`)\1(?!`)", re.DOTALL)


def _scan_inline(
    text: str,
    start: int,
    end: int,
    found: list[tuple[int, int, str, bool]],
    line_of: Any,
) -> None:
    """Find inline links/images in ``text[start:end]``, then look inside their text."""
    for match in _INLINE_RE.finditer(text, start, end):
        url = match.group(3)
        if url.startswith("<") and url.endswith(">"):
            url = url[1:-1]
        found.append((match.start(3), line_of(match.start(3)), url.strip(), match.group(1) == "!"))
        _scan_inline(text, match.start(2), match.end(2), found, line_of)


def _ref_label(label: str) -> str:
    """Reference labels match case-insensitively with whitespace collapsed."""
    return " ".join(label.split()).casefold()


def _blank(text: str) -> str:
    """Same length, newlines kept, everything else a space (keeps offsets and lines)."""
    return re.sub(r"[^\n]", " ", text)


def _mask_code(text: str) -> str:
    """Blank out fenced code, code spans and escaped brackets so they are not scanned."""
    lines = text.split("\n")
    fence: str | None = None
    for index, line in enumerate(lines):
        match = _FENCE_RE.match(line)
        if fence is None:
            if match:
                fence = match.group(1)
                lines[index] = _blank(line)
        else:
            if match and match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence):
                fence = None
            lines[index] = _blank(line)
    masked = "\n".join(lines)
    masked = _CODE_SPAN_RE.sub(lambda m: _blank(m.group(0)), masked)
    return re.sub(r"\\[\[\]!]", "  ", masked)
