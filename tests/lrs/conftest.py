"""A real Ralph learning record store on 127.0.0.1 for the organisation-sync tests.

Ralph runs from its own virtual environment (scripts/start-ralph.sh creates it; CI does
so before `make test`). Outside CI, where it has not been prepared, these tests are
skipped with a note saying how to run them; in CI (CI set) a missing Ralph is prepared
here, and a Ralph that cannot be prepared or started fails the run instead of skipping.
"""

from __future__ import annotations

import base64
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "start-ralph.sh"
USER, PASSWORD = "prism-tests", "a-long-test-password-7"
START_TIMEOUT = 90.0


def ralph_venv() -> Path:
    if os.environ.get("PRISM_RALPH_VENV"):
        return Path(os.environ["PRISM_RALPH_VENV"])
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "prism" / "ralph-venv"


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Ralph:
    """One Ralph server that a test can stop and start again (statements kept on disk)."""

    app_dir: Path
    port: int
    log: Path
    process: subprocess.Popen[bytes] | None = field(default=None)

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xAPI/"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                [str(SCRIPT), str(self.app_dir), str(self.port), USER, PASSWORD],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,  # its own process group, stopped as one
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"Ralph stopped at start:\n{self.log.read_text()[-3000:]}")
            if self._answers():
                return
            time.sleep(0.3)
        self.stop()
        pytest.fail(
            f"Ralph did not answer within {START_TIMEOUT:.0f} s:\n{self.log.read_text()[-3000:]}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=15)
        self.process = None

    def _answers(self) -> bool:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{self.port}/whoami", timeout=1)
        except urllib.error.HTTPError:
            return True  # 401 without credentials: it is up
        except OSError:
            return False
        return True

    # Reading back what the LRS holds ---------------------------------------------------

    def _request(self, url: str, body: Any = None) -> tuple[int, Any]:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        headers = {"Authorization": f"Basic {token}", "X-Experience-API-Version": "1.0.3"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                text = response.read().decode()
                return response.status, json.loads(text) if text else None
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def get(self, statement_id: str) -> dict[str, Any] | None:
        status, found = self._request(f"{self.endpoint}statements?statementId={statement_id}")
        assert status == 200, found
        matches = [s for s in found["statements"] if s["id"] == statement_id]
        return matches[0] if matches else None

    def all_statements(self) -> list[dict[str, Any]]:
        status, found = self._request(f"{self.endpoint}statements?limit=1000")
        assert status == 200, found
        return found["statements"]

    def post(self, statements: list[dict[str, Any]]) -> int:
        status, _ = self._request(f"{self.endpoint}statements", statements)
        return status


@pytest.fixture(scope="session")
def ralph(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Ralph]:
    venv = ralph_venv()
    if not (venv / "bin" / "ralph").exists():
        if not in_ci():
            pytest.skip(
                "Ralph is not prepared here (not in CI); run scripts/start-ralph.sh --prepare "
                "to run the LRS tests"
            )
        done = subprocess.run(
            [str(SCRIPT), "--prepare"], capture_output=True, text=True, timeout=900
        )
        if done.returncode != 0:
            pytest.fail(f"Ralph could not be prepared:\n{done.stdout}\n{done.stderr}")
    app_dir = tmp_path_factory.mktemp("ralph")
    server = Ralph(app_dir, free_port(), app_dir / "ralph.log")
    server.start()
    try:
        yield server
    finally:
        server.stop()
