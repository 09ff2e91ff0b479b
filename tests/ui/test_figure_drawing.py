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
