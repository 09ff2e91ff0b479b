"""Nothing remote is fetched, no script or local file is reachable from content or
user text, and user text is always escaped in HTML output.

tests/unit/course/test_render.py already proves the Markdown renderer's output is
inert. This file covers what sits around it: every other HTML builder that takes
text a person typed, the reader widget's resource loader (the only way Qt's rich
text can load anything), and where activated links go. The widget tests need Qt
(offscreen); the rest do not.
"""

from __future__ import annotations

import os
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.course.render import render_markdown, render_user_text
from desktop.services.certificates import Certificate, certificate_html

HOSTILE_TEXT = [
    "<script>alert('x')</script>",
    '<img src="https://tracker.example/pixel.png">',
    '<a href="javascript:alert(1)">click me</a>',
    "<a href='file:///etc/passwd'>passwords</a>",
    '<img src="data:image/svg+xml;base64,PHN2Zz4=">',
    '"><iframe src=//evil.example>',
    "<style>* { display: none }</style>",
    "&lt;script&gt; already escaped &amp; more",
    "<b onmouseover=alert(1)>hover</b>",
]


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html_text: str) -> _Collect:
    collector = _Collect()
    collector.feed(html_text)
    return collector


def assert_inert(html_text: str, user_text: str, allowed_tags: set[str]) -> None:
    """No tag, attribute or URL from ``user_text`` became markup; its words are shown."""
    parsed = parse(html_text)
    for tag, attrs in parsed.tags:
        assert tag in allowed_tags, tag
        for name, value in attrs.items():
            assert not name.startswith("on"), name
            assert not (value or "").lower().startswith(("javascript:", "file:", "data:", "http"))
    assert user_text.strip() in "".join(parsed.text) or not user_text.strip()


# --------------------------------------------------------------------------- #
# User text in HTML output (no Qt)
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_user_text_is_shown_as_written(text: str) -> None:
    assert_inert(render_user_text(text), text, {"p", "br"})


@pytest.mark.parametrize("text", HOSTILE_TEXT)
def test_a_certificate_shows_a_hostile_name_as_text(text: str) -> None:
    certificate = Certificate(
        profile_name=text,
        module_id="alpha",
        module_title=text,
        completed_on=date(2026, 3, 4),
        minutes=30,
        score_percent=90.0,
        code="PRISM-AAAA-BBBB-CCCC",
    )
    page = certificate_html(certificate)
    allowed = {"html", "head", "meta", "title", "body", "p", "br", "h1", "h2", "table",
               "tr", "th", "td", "b", "i", "small", "span", "div", "hr"}  # fmt: skip
    assert_inert(page, "", allowed)
    assert page.count("&lt;") >= 2 * text.count("<")


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_user_text_never_becomes_markup(text: str) -> None:
    page = render_user_text(text)
    for tag, attrs in parse(page).tags:
        assert tag in {"p", "br"} and attrs == {}


def test_raw_html_in_course_text_never_loads_anything() -> None:
    page = render_markdown("\n\n".join(HOSTILE_TEXT))
    for _, attrs in parse(page.html).tags:
        assert "src" not in attrs and "href" not in attrs


# --------------------------------------------------------------------------- #
# The reader widget: only figures from assets/figures ever load (Qt, offscreen)
# --------------------------------------------------------------------------- #

SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
    '<rect width="20" height="10"/></svg>'
)


@pytest.fixture
def assets(tmp_path: Path) -> Path:
    figures = tmp_path / "assets" / "figures"
    figures.mkdir(parents=True)
    (figures / "ok.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "assets" / "secret.svg").write_text(SVG, encoding="utf-8")
    (tmp_path / "outside.svg").write_text(SVG, encoding="utf-8")
    return tmp_path / "assets"


@pytest.fixture
def browser(qtbot, assets: Path):
    from desktop.ui.learning.browser import SafeBrowser

    view = SafeBrowser(assets)
    qtbot.addWidget(view)
    return view


def _image(browser, url: str):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    return browser.loadResource(QTextDocument.ResourceType.ImageResource.value, QUrl(url))


REFUSED_URLS = [
    "https://example.org/pixel.png",
    "http://example.org/pixel.png",
    "//example.org/pixel.png",
    "ftp://example.org/x.svg",
    "file:///etc/passwd",
    "data:image/svg+xml;base64,PHN2Zz4=",
    "figure:../secret.svg",
    "figure:../../outside.svg",
    "figure:sub/ok.svg",
    "figure:%2e%2e/secret.svg",
    "figure:/etc/passwd",
    "figure:missing.svg",
    "ok.svg",
    "qrc:/ok.svg",
]


def test_a_course_figure_loads(browser) -> None:
    assert _image(browser, "figure:ok.svg") is not None


@pytest.mark.parametrize("url", REFUSED_URLS)
def test_nothing_else_loads(browser, url: str) -> None:
    assert _image(browser, url) is None


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_figure_symlink_out_of_the_figures_folder_does_not_load(browser, assets) -> None:
    (assets / "figures" / "link.svg").symlink_to(assets.parent / "outside.svg")
    assert _image(browser, "figure:link.svg") is None


def test_stylesheets_and_other_resources_are_never_loaded(browser) -> None:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QTextDocument

    for kind in (
        QTextDocument.ResourceType.StyleSheetResource,
        QTextDocument.ResourceType.HtmlResource,
    ):
        assert browser.loadResource(kind.value, QUrl("figure:ok.svg")) is None


def test_remote_images_in_html_are_asked_for_and_refused(qtbot, assets) -> None:
    """Even raw HTML handed straight to the widget cannot fetch: every request is refused."""
    from desktop.ui.learning.browser import SafeBrowser

    answers: dict[str, object] = {}

    class Recording(SafeBrowser):
        def loadResource(self, kind, url):  # Qt calls this for every image in the page
            result = super().loadResource(kind, url)
            answers[url.toString()] = result
            return result

    view = Recording(assets)
    qtbot.addWidget(view)
    view.resize(600, 400)
    view.show_html(
        '<p><img src="https://tracker.example/p.png"><img src="file:///etc/x.png">'
        '<img src="figure:ok.svg"></p>'
    )
    view.grab()  # lay out and paint, so every image is requested
    assert answers["https://tracker.example/p.png"] is None
    assert answers["file:///etc/x.png"] is None
    assert answers["figure:ok.svg"] is not None  # the route is really exercised


def test_the_reader_never_opens_links_by_itself(browser) -> None:
    assert not browser.openLinks()
    assert not browser.openExternalLinks()


# --------------------------------------------------------------------------- #
# Where activated links go (the main window)
# --------------------------------------------------------------------------- #


@pytest.fixture
def make_window(qtbot, tmp_path):
    from desktop.services.startup import start_services
    from desktop.ui.shell.main_window import MainWindow
    from tests.helpers.course_builder import write_course

    write_course(tmp_path / "course")
    windows = []

    def make():
        services = start_services(
            tmp_path / "course" / "content", tmp_path / "course" / "assets", tmp_path / "data"
        )
        window = MainWindow(services)
        qtbot.addWidget(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.services.close()


@pytest.mark.parametrize(
    "url",
    ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,<script>x</script>",
     "http://example.org", "mailto:a@example.org", "vbscript:x", "ftp://example.org/x"],
)  # fmt: skip
def test_refused_links_open_nothing_and_ask_nothing(make_window, monkeypatch, url) -> None:
    from PySide6.QtCore import QUrl

    from desktop.ui import dialogs
    from desktop.ui.shell import main_window

    opened: list[str] = []
    monkeypatch.setattr(main_window.QDesktopServices, "openUrl", lambda u: opened.append(u))
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: pytest.fail("asked"))
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: pytest.fail("shown"))
    window = make_window()
    window.follow_link(QUrl(url))
    assert opened == []


def test_a_web_link_opens_only_after_the_person_agrees(make_window, monkeypatch) -> None:
    from PySide6.QtCore import QUrl

    from desktop.ui import dialogs
    from desktop.ui.shell import main_window

    opened: list[str] = []
    answers = iter([False, True])
    monkeypatch.setattr(
        main_window.QDesktopServices, "openUrl", lambda u: opened.append(u.toString())
    )
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: next(answers))
    window = make_window()
    window.follow_link(QUrl("https://www.socialworkengland.org.uk/"))
    assert opened == []
    window.follow_link(QUrl("https://www.socialworkengland.org.uk/"))
    assert opened == ["https://www.socialworkengland.org.uk/"]
