"""UI fixtures: a small course on disk and a factory for the main window."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.services.startup import Services, start_services
from desktop.ui.shell.main_window import MainWindow
from tests.helpers.course_builder import write_course


@pytest.fixture
def course_root(tmp_path: Path) -> Path:
    write_course(tmp_path / "course")
    return tmp_path / "course"


@pytest.fixture
def services(course_root: Path, tmp_path: Path) -> Iterator[Services]:
    """Real services over the test course and an empty data folder."""
    started = start_services(course_root / "content", course_root / "assets", tmp_path / "data")
    yield started
    started.close()


@pytest.fixture
def make_window(qtbot, course_root, tmp_path):
    """Build a window over the test course and a data folder; call again to 'restart'."""
    data_dir = tmp_path / "data"
    windows = []

    def make(content: Path | None = None) -> MainWindow:
        services = start_services(
            content or course_root / "content", course_root / "assets", data_dir
        )
        window = MainWindow(services)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.services.close()
