"""Organisation sync in the window: File menu items, the settings and consent dialogs, the
status line, and no connection at all while nothing is configured."""

from __future__ import annotations

import socket

import pytest
from PySide6.QtWidgets import QDialog

from desktop.services import lrs_config
from desktop.store.lrs_queue import LrsQueue
from desktop.store.progress import ProgressRepo
from desktop.ui import dialogs
from desktop.ui.sync.lrs_dialogs import ConsentDialog, OrganisationSyncDialog


def file_menu_texts(window) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions()]


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args))
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def test_unconfigured_window_shows_no_status_and_opens_no_connection(
    make_window, no_sockets, monkeypatch
) -> None:
    window = make_window()
    assert "Organisation &sync…" in file_menu_texts(window)
    profile = window.services.profiles.create("Sam")
    window.open_profile(profile.id)
    ProgressRepo(window.services.db).mark_read(profile.id, "alpha")
    window.lrs_sync.sync_now()  # what the timer does: nothing without settings
    window.lrs_sync.refresh_status()
    assert window.lrs_sync._thread is None
    assert not window.lrs_sync.status.isVisible()
    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: shown.append(title))
    window.lrs_sync.open_consent()
    assert shown == ["Organisation sync is not set up"]
    assert LrsQueue(window.services.db).counts().waiting == 0
    assert no_sockets == []


def test_settings_dialog_saves_private_settings_and_says_what_is_wrong(make_window, qtbot) -> None:
    window = make_window()
    data_dir = window.services.context.data_dir
    dialog = OrganisationSyncDialog(data_dir, window)
    qtbot.addWidget(dialog)
    dialog.endpoint.setText("lrs.example.org")
    dialog.username.setText("prism")
    dialog.password.setText("secret")
    dialog.save()
    assert "not a web address" in dialog.message.text()
    assert lrs_config.load(data_dir) is None
    dialog.endpoint.setText("https://lrs.example.org/xAPI")
    dialog.home_page.setText("https://www.example-council.org.uk")
    dialog.save()
    assert dialog.result() == QDialog.DialogCode.Accepted
    saved = lrs_config.load(data_dir)
    assert saved is not None and saved.endpoint == "https://lrs.example.org/xAPI/"
    assert lrs_config.config_path(data_dir).stat().st_mode & 0o777 == 0o600
    # Opening it again keeps the password unless a new one is typed.
    again = OrganisationSyncDialog(data_dir, window)
    qtbot.addWidget(again)
    assert again.password.text() == ""
    again.save()
    assert lrs_config.load(data_dir).password == "secret"


def test_consent_dialog_says_what_is_sent_and_queues_only_after_agreeing(
    make_window, qtbot
) -> None:
    window = make_window()
    data_dir = window.services.context.data_dir
    lrs_config.save(data_dir, lrs_config.make("http://127.0.0.1:9/xAPI/", "u", "p", None))
    profile = window.services.profiles.create("Sam")
    window.open_profile(profile.id)
    queue = LrsQueue(window.services.db)
    dialog = ConsentDialog(queue, profile.id, window)
    qtbot.addWidget(dialog)
    assert not dialog.share.isChecked()
    assert "Never sent" in dialog.details.text()
    dialog.share.setChecked(True)
    dialog.with_cpd.setChecked(True)
    assert "drafts are never sent" in dialog.details.text()
    dialog.org_id.setText("EMP-42")
    dialog.save()
    consent = queue.consent(profile.id)
    assert consent is not None and consent.with_cpd and consent.org_id == "EMP-42"
    ProgressRepo(window.services.db).mark_read(profile.id, "alpha")
    window.lrs_sync.refresh_status()
    assert window.lrs_sync.status.text() == "Organisation sync: 1 waiting · nothing sent yet"

    off = ConsentDialog(queue, profile.id, window)
    qtbot.addWidget(off)
    off.share.setChecked(False)
    off.save()
    assert queue.consent(profile.id) is None
    assert queue.counts().waiting == 0
