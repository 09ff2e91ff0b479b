"""The window's background sync against a real Ralph: the status line tells what happened."""

from __future__ import annotations

from pathlib import Path

from desktop.services import lrs_config
from desktop.services.startup import start_services
from desktop.store.lrs_queue import LrsQueue
from desktop.store.progress import ProgressRepo
from desktop.ui.shell.main_window import MainWindow
from tests.helpers.course_builder import write_course

from .conftest import PASSWORD, USER, Ralph


def test_background_sync_sends_and_the_status_line_says_so(
    ralph: Ralph, qtbot, tmp_path: Path
) -> None:
    write_course(tmp_path / "course")
    data_dir = tmp_path / "data"
    lrs_config.save(data_dir, lrs_config.make(ralph.endpoint, USER, PASSWORD, None))
    services = start_services(
        tmp_path / "course" / "content", tmp_path / "course" / "assets", data_dir
    )
    try:
        window = MainWindow(services)
        qtbot.addWidget(window)
        profile = services.profiles.create("Sam")
        window.open_profile(profile.id)
        LrsQueue(services.db).give_consent(profile.id, with_cpd=False, org_id=None)
        ProgressRepo(services.db).mark_read(profile.id, "alpha")
        window.lrs_sync.refresh_status()
        assert window.lrs_sync.status.text() == "Organisation sync: 1 waiting · nothing sent yet"
        (queued,) = LrsQueue(services.db).waiting()

        window.lrs_sync.sync_now()  # what the timer does every few minutes
        qtbot.waitUntil(lambda: window.lrs_sync._thread is None, timeout=30_000)
        text = window.lrs_sync.status.text()
        assert text.startswith("Organisation sync: 0 waiting · last sent "), text
        assert ralph.get(queued.statement_id) is not None
    finally:
        services.close()
