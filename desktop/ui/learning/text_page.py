"""Pages of course HTML under a heading: About this course, and the Glossary."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QUrl, Signal
from PySide6.QtWidgets import QWidget

from desktop.ui.design.components import page_layout
from desktop.ui.learning.browser import SafeBrowser
from desktop.ui.style import heading

if TYPE_CHECKING:
    from desktop.services.startup import Services


class TextPage(QWidget):
    """A page of course HTML with a heading; its links go to the window (``link``)."""

    TITLE = ""
    link = Signal(QUrl)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(self.TITLE)
        self.browser = SafeBrowser(services.assets)
        self.browser.setAccessibleName(self.TITLE)
        self.browser.linkActivated.connect(self.link)
        layout = page_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.browser, 1)


class AboutPage(TextPage):
    TITLE = "About this course"


class GlossaryPage(TextPage):
    TITLE = "Glossary"
