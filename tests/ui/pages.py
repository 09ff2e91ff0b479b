"""Set-up shared by the page tests: one page shown at the window's size, and a CPD page
over real services with one saved record."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TypeVar

from PySide6.QtWidgets import QWidget

from desktop.ui.cpd.page import CpdPage
from tests.ui.cpd_fakes import complete_module, make_services

PageT = TypeVar("PageT", bound=QWidget)

WINDOW_SIZE = (1280, 800)  # the size the window opens at and screenshots use


def shown(qtbot, page: PageT) -> PageT:
    """The page, owned by qtbot, at the window's size and on screen."""
    qtbot.addWidget(page)
    page.resize(*WINDOW_SIZE)
    page.show()
    qtbot.waitExposed(page)
    return page


@contextmanager
def cpd_page_with_a_record(qtbot, folder: Path, *, learning: str, impact: str) -> Iterator[CpdPage]:
    """The CPD page of a learner who completed module "alpha" and saved a record of it."""
    services = make_services(folder)
    profile = services.profiles.create("Priya")
    complete_module(services, profile.id, "alpha")
    draft = services.cpd.draft_from_modules(profile.id, ["alpha"], include_reflections=False)
    services.cpd.save(replace(draft, learning=learning, impact=impact))
    page = shown(qtbot, CpdPage(services))
    page.show_for(profile.id, profile.name)
    try:
        yield page
    finally:
        page.close()
        services.close()
