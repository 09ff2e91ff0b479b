"""Organisation sync is off by default: with no configuration Prism opens no connection at all."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from desktop import paths
from desktop.cli import main
from desktop.services import lrs_config
from desktop.services.lrs_sync import SyncError, SyncService
from desktop.store.database import close_database, open_database
from desktop.store.lrs_queue import LrsQueue
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo
from desktop.store.quiz import QuizRepo


@pytest.fixture
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Any attempt to reach the network is recorded (and fails), so a test can assert none."""
    attempts: list[str] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(repr(args[1:] or args))
        raise OSError("network use in a test that forbids it")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts


def learn(data_dir: Path) -> str:
    db = open_database(paths.database_path(data_dir))
    try:
        profile = ProfileRepo(db).create("Sam")
        ProgressRepo(db).mark_read(profile.id, "identity-prism")
        quiz = QuizRepo(db)
        attempt = quiz.start_attempt(profile.id, "identity-prism", "h", ["q1"])
        quiz.finish_attempt(attempt.id, 20.0, False)
        return profile.id
    finally:
        close_database(db)


def waiting(data_dir: Path) -> int:
    db = open_database(paths.database_path(data_dir))
    try:
        return LrsQueue(db).counts().waiting
    finally:
        close_database(db)


def test_with_no_configuration_nothing_is_queued_or_sent(
    tmp_path: Path, no_sockets: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "data"
    learn(data)
    args = ["--data-dir", str(data), "lrs"]
    assert main([*args, "status"]) == 0
    assert "Organisation sync is off" in capsys.readouterr().out
    assert main([*args, "consent", "--profile", "Sam", "on"]) == 1
    assert "not set up" in capsys.readouterr().err
    assert main([*args, "sync"]) == 1
    err = capsys.readouterr().err
    assert "not set up" in err and "Traceback" not in err
    learn_more = open_database(paths.database_path(data))
    try:
        profile = ProfileRepo(learn_more).find_by_name("Sam")
        assert profile is not None
        ProgressRepo(learn_more).mark_read(profile.id, "online-proximity")
    finally:
        close_database(learn_more)
    assert waiting(data) == 0
    assert not (data / "lrs.json").exists()
    assert no_sockets == []


def test_the_guard_itself_catches_a_connection(no_sockets: list[str]) -> None:
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", 9))
    assert no_sockets


def test_a_name_that_cannot_be_found_is_a_plain_message_and_the_queue_is_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "data"
    profile_id = learn(data)
    lrs_config.save(data, lrs_config.make("https://lrs.no-such-host.invalid/xAPI/", "u", "p", None))

    def not_found(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", not_found)
    db = open_database(paths.database_path(data))
    try:
        LrsQueue(db).give_consent(profile_id, with_cpd=False, org_id=None)
        ProgressRepo(db).mark_read(profile_id, "online-proximity")
        with pytest.raises(SyncError, match="could not be found"):
            SyncService(db, data, sleep=lambda _s: None).sync()
        assert LrsQueue(db).counts().waiting == 1
    finally:
        close_database(db)


def test_settings_readable_by_others_are_refused(tmp_path: Path) -> None:
    path = lrs_config.save(tmp_path, lrs_config.make("http://127.0.0.1:9/xAPI/", "u", "p", None))
    assert path.stat().st_mode & 0o777 == 0o600
    assert lrs_config.load(tmp_path) is not None
    path.chmod(0o644)
    with pytest.raises(lrs_config.LrsConfigError, match="chmod 600"):
        lrs_config.load(tmp_path)


@pytest.mark.parametrize(
    "endpoint",
    [
        "lrs.example.org/xAPI",
        "ftp://lrs.example.org/",
        "https://",
        "not a url",
        "https://lrs.example.org:port/xAPI",
        "http://[::1/xAPI",
    ],
)
def test_an_endpoint_that_is_not_a_web_address_is_refused(endpoint: str) -> None:
    with pytest.raises(lrs_config.LrsConfigError, match="not a web address"):
        lrs_config.make(endpoint, "u", "p", None)


def test_a_server_that_does_not_speak_http_is_a_plain_message(tmp_path: Path) -> None:
    import socketserver
    import threading

    class Garbage(socketserver.BaseRequestHandler):
        def handle(self) -> None:
            self.request.recv(65536)
            self.request.sendall(b"SSH-2.0-not-an-lrs\r\n")

    with socketserver.TCPServer(("127.0.0.1", 0), Garbage) as server:
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            data = tmp_path / "data"
            profile_id = learn(data)
            port = server.server_address[1]
            lrs_config.save(data, lrs_config.make(f"http://127.0.0.1:{port}/xAPI/", "u", "p", None))
            db = open_database(paths.database_path(data))
            try:
                LrsQueue(db).give_consent(profile_id, with_cpd=False, org_id=None)
                ProgressRepo(db).mark_read(profile_id, "online-proximity")
                with pytest.raises(SyncError, match="did not answer like a learning record"):
                    SyncService(db, data, sleep=lambda _s: None).sync()
                assert LrsQueue(db).counts().waiting == 1
            finally:
                close_database(db)
        finally:
            server.shutdown()
