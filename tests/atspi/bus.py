"""A private desktop for the AT-SPI check: Xvfb, openbox, a session bus and the
accessibility bus, torn down afterwards. Nothing here touches the user's own session.

The accessibility bus (at-spi-bus-launcher, and the registry on it) is started by
D-Bus activation the first time Qt or pyatspi asks the session bus for it, exactly as
on a desktop; we start it up front so the app finds the registry already running.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

TOOLS = ("Xvfb", "openbox", "dbus-launch")
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"


def missing_tools() -> list[str]:
    """What the check needs that is not installed (scripts/ensure-a11y-tools.sh adds it)."""
    missing = [tool for tool in TOOLS if shutil.which(tool) is None]
    if not Path(BUS_LAUNCHER).exists():
        missing.append("at-spi2-core")
    probe = (
        subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False)
        if Path(SYSTEM_PYTHON).exists()
        else None
    )
    if probe is None or probe.returncode != 0:
        missing.append("python3-pyatspi")
    return missing


def _free_display() -> int:
    for number in range(91, 140):
        if (
            not Path(f"/tmp/.X11-unix/X{number}").exists()
            and not Path(f"/tmp/.X{number}-lock").exists()
        ):
            return number
    raise RuntimeError("no free X display number between :91 and :139")


def _wait_for(condition, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        time.sleep(0.05)


SCREEN = (1366, 768)  # a common laptop screen, the smallest the window must fit


@contextmanager
def private_desktop(
    home: Path, width: int = SCREEN[0], height: int = SCREEN[1]
) -> Iterator[dict[str, str]]:
    """Yield the environment for processes that should live on the private desktop."""
    started: list[subprocess.Popen] = []
    bus_pid: int | None = None
    number = _free_display()
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DBUS_", "AT_SPI", "WAYLAND", "XDG_SESSION", "QT_QPA"))
    }
    runtime = home / "runtime"
    runtime.mkdir(mode=0o700, parents=True, exist_ok=True)
    env.update(
        DISPLAY=f":{number}",
        HOME=str(home),
        XDG_RUNTIME_DIR=str(runtime),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        NO_AT_BRIDGE="0",
    )
    try:
        xvfb = subprocess.Popen(
            ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        started.append(xvfb)
        _wait_for(lambda: Path(f"/tmp/.X11-unix/X{number}").exists(), "Xvfb")
        launched = subprocess.run(
            ["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True
        )
        for line in launched.stdout.splitlines():
            key, _, value = line.partition("=")
            value = value.rstrip(";").strip("'")
            if key == "DBUS_SESSION_BUS_ADDRESS":
                env[key] = value
            elif key == "DBUS_SESSION_BUS_PID":
                bus_pid = int(value)
        started.append(
            subprocess.Popen(
                [BUS_LAUNCHER, "--launch-immediately"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        started.append(
            subprocess.Popen(
                ["openbox", "--sm-disable"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        time.sleep(0.3)  # the window manager takes the screen before any window maps
        yield env
    finally:
        for process in reversed(started):
            process.terminate()
        for process in reversed(started):
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        if bus_pid is not None:
            with suppress(ProcessLookupError):
                os.kill(bus_pid, signal.SIGTERM)
