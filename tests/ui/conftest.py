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
def restore_look():
    """Put theme and text size back after a test that changes them."""
    from desktop.ui.theme import reset_appearance

    yield
    reset_appearance()


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
        reader = window.built("reader_page")
        if reader is not None:
            # Stops its 400 ms save timer, which could otherwise fire in a later test
            # and write to this closed file (seen as a flaky error in test_welcome).
            reader.save_position()
        window.idle_lock.stop()  # likewise its idle check, which locks (and writes)
        window.services.close()
