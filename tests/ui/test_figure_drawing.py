"""Figures in the reader are drawn once and reused, and an edited figure is redrawn."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QImage, QTextDocument

from desktop import paths
from desktop.ui.learning.browser import SafeBrowser

SQUARE = """<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">
<rect width="100" height="100" fill="{colour}"/></svg>"""


def figure(browser: SafeBrowser, name: str) -> QImage:
    image = browser.loadResource(
        QTextDocument.ResourceType.ImageResource.value, QUrl(f"figure:{name}")
    )
    assert isinstance(image, QImage) and not image.isNull()
    return image


def test_a_figure_is_drawn_once_and_an_edited_one_again(qtbot, tmp_path: Path) -> None:
    assets = tmp_path / "assets"
    shutil.copytree(paths.assets_dir(), assets)
    drawing = assets / "figures" / "square.svg"
    drawing.write_text(SQUARE.format(colour="#0000ff"), encoding="utf-8")
    browser = SafeBrowser(assets)
    qtbot.addWidget(browser)

    first = figure(browser, "square.svg")
    assert figure(browser, "square.svg").cacheKey() == first.cacheKey()  # reused as is

    drawing.write_text(SQUARE.format(colour="#ff0000"), encoding="utf-8")
    later = os.stat(drawing).st_mtime_ns + 1_000_000_000
    os.utime(drawing, ns=(later, later))
    redrawn = figure(browser, "square.svg")
    middle = (redrawn.width() // 2, redrawn.height() // 2)
    assert redrawn.pixelColor(*middle).name() == "#ff0000"
    assert first.pixelColor(*middle).name() == "#0000ff"


def test_the_first_module_of_a_session_is_laid_out_once(qtbot, tmp_path, monkeypatch):
    """The reader is shown before it is filled, so the first module of a session is laid
    out, and its figures drawn, once at the page's real width. (Filled while hidden,
    with the text column sized from the hidden page's guessed width, it was drawn a
    second time on showing.) The shipped course, for a module with a figure.
    """
    from desktop.services.startup import start_services
    from desktop.ui.shell.main_window import MainWindow

    rendered: list[str] = []
    original = SafeBrowser.show_html

    def counting(self: SafeBrowser, html: str) -> None:
        rendered.append(html)
        original(self, html)

    monkeypatch.setattr(SafeBrowser, "show_html", counting)
    services = start_services(paths.content_dir(), paths.assets_dir(), tmp_path / "data")
    window = MainWindow(services)
    qtbot.addWidget(window)
    try:
        window.show()
        profile = services.profiles.create("Priya")
        window.open_profile(profile.id, privacy_note=False)
        window.go("module:digital-professionalism")
        for _ in range(5):
            qtbot.wait(10)
        browser = window.reader_page.browser
        assert "figure:" in rendered[0]
        assert len(rendered) == 1
        assert browser._figures_drawn_at == browser.figure_width()
    finally:
        window.reader_page.save_position()
        window.idle_lock.stop()
        window.close()
        services.close()


def test_moving_between_modules_keeps_the_reading_column(make_window, qtbot):
    """The column's width is the viewport's, centred by margins outside it, so a new
    page is laid out at its final width: the text never needs a second layout."""
    window = make_window()
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id, privacy_note=False)
    window.resize(1366, 768)
    window.go("module:alpha")
    qtbot.wait(20)
    browser = window.reader_page.browser
    column = browser.viewport().width()
    assert browser.viewportMargins().left() > 0  # the window is wider than the column
    document = browser.document()
    assert document.rootFrame().frameFormat().leftMargin() == document.documentMargin()
    assert abs(column - browser.measure()) <= browser.verticalScrollBar().sizeHint().width()
    next_module = window.services.course.neighbours("alpha")[1]
    assert next_module is not None
    window.go(f"module:{next_module.id}")
    qtbot.wait(20)
    assert browser.viewport().width() == column
    assert browser.horizontalScrollBar().maximum() == 0
