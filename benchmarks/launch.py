"""The parent side of the launch benchmark: spawn fresh processes, time them, read peak memory.

Floor and app launches alternate (floor, app, floor, app...) so that a noisy moment on
the machine hits both. Each figure is the median of its repeats, and each ratio is the
median over pairs of (app launch ÷ the floor launch just before it), which stays steady
when other work on the machine comes and goes during the run. Time runs from just
before the process is spawned to the moment its READY line arrives (see
`benchmarks.probe`). Peak memory is the child's maximum resident set size, read with
``os.wait4`` where the platform has it (Linux, macOS), else as reported by the child.
Every app launch starts from its own copy of the same prepared data folder, so no launch
finds a database left half-closed by the one before.
"""

from __future__ import annotations

import json
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
READY_TIMEOUT_S = 90


class LaunchError(RuntimeError):
    """A probe did not report READY; the message carries what it printed."""


@dataclass(frozen=True)
class Launch:
    seconds: float
    peak_bytes: int
    loaded: tuple[str, ...] = ()
    cpu_seconds: float | None = None  # user + system; steadier than wall time on a busy machine
    # The child's own high-water mark (VmHWM), reset by exec: unlike wait4's figure, it
    # never includes a large parent's memory at the fork.
    own_peak_bytes: int | None = None


@dataclass
class LaunchSeries:
    """All launches of one kind (floor or app) in this run."""

    kind: str
    runs: list[Launch] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)  # launches retried, with why
    # The app's first launch of the run, with its course cache empty: what the first
    # start after an install or update costs. Reported, not judged.
    cold: Launch | None = None

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_bytes(self) -> float:
        return statistics.median(r.peak_bytes for r in self.runs)

    def as_dict(self) -> dict:
        return {
            "kind": self.kind,
            "median_seconds": self.seconds,
            "median_peak_bytes": self.peak_bytes,
            "seconds": [r.seconds for r in self.runs],
            "peak_bytes": [r.peak_bytes for r in self.runs],
            "cpu_seconds": [r.cpu_seconds for r in self.runs],
            "loaded_at_ready": list(self.runs[-1].loaded) if self.runs else [],
            "failed_launches_retried": self.failures,
            "cold_seconds": self.cold.seconds if self.cold else None,
        }


def probe_command(kind: str, data_dir: Path | None = None, profile: str = "") -> list[str]:
    """The command line for one probe; `app` opens PROFILE's home page in DATA_DIR."""
    command = [sys.executable, "-m", "benchmarks.probe", kind]
    if kind == "app":
        assert data_dir is not None
        command += ["HomePage", "--", "--data-dir", str(data_dir), "--profile", profile]
    return command


def launch_once(command: list[str], extra_env: dict[str, str] | None = None) -> Launch:
    """Spawn one probe and time it to READY; raise LaunchError if it never gets there."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONUNBUFFERED="1", **(extra_env or {}))
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=stderr
        )
        lines: queue.Queue[bytes] = queue.Queue()
        reader = threading.Thread(
            target=lambda: lines.put(process.stdout.readline()),  # type: ignore[union-attr]
            daemon=True,
        )
        reader.start()
        try:
            line = lines.get(timeout=READY_TIMEOUT_S)
            seconds = time.perf_counter() - started
        except queue.Empty:
            process.kill()
            line = b"FAILED {}"
            seconds = float("nan")
        peak, cpu = _wait_for_usage(process)
        if not line.startswith(b"READY "):
            stderr.seek(0)
            detail = stderr.read().decode(errors="replace")[-2000:]
            raise LaunchError(
                f"{' '.join(command[2:])}: {line.decode(errors='replace').strip()} {detail}"
            )
    payload = json.loads(line[len(b"READY ") :])
    if peak is None:
        peak = payload.get("peak_rss_bytes") or 0
    own = payload.get("peak_rss_bytes")
    return Launch(
        seconds, int(peak), tuple(payload.get("loaded", ())), cpu, int(own) if own else None
    )


def _wait_for_usage(process: subprocess.Popen) -> tuple[int | None, float | None]:
    """Reap the child: its peak RSS in bytes and its CPU seconds, from wait4 where it exists."""
    if not hasattr(os, "wait4"):
        process.wait()
        return None, None
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.stdout is not None:
        process.stdout.close()
    # ru_maxrss is KiB on Linux, bytes on macOS.
    peak = usage.ru_maxrss if sys.platform == "darwin" else usage.ru_maxrss * 1024
    return peak, usage.ru_utime + usage.ru_stime


def _launch_with_one_retry(
    command: list[str], series: LaunchSeries, extra_env: dict[str, str] | None = None
) -> Launch:
    """One launch; a launch that fails is tried once more (and the failure recorded),
    so one unlucky moment on a busy machine does not lose the whole run."""
    try:
        return launch_once(command, extra_env)
    except LaunchError as error:
        series.failures.append(str(error))
        print(f"launch failed, trying once more: {error}", file=sys.stderr)
        return launch_once(command, extra_env)


def paired_ratio(app: LaunchSeries, floor: LaunchSeries, what: str) -> float | None:
    """Median over launch pairs of app ÷ floor, for "seconds", "peak_bytes" or "cpu_seconds"."""
    pairs = [
        (getattr(a, what), getattr(f, what))
        for a, f in zip(app.runs, floor.runs, strict=True)
        if getattr(a, what) is not None and getattr(f, what)
    ]
    return statistics.median(a / f for a, f in pairs) if pairs else None


def compile_bytecode() -> None:
    """Write ``.pyc`` files for Prism and the probe, as every real install has them.

    ``pip install`` and PyInstaller both compile modules ahead, so no user's launch
    compiles Prism from source. An editable checkout run with
    ``PYTHONDONTWRITEBYTECODE=1`` (as on CI machines) would, and each launch would then
    spend ~100 ms in the compiler measuring nothing a user meets. ``compileall``
    writes the files whatever that variable says; sources newer than their ``.pyc``
    are recompiled, so a stale file is never measured.
    """
    import compileall

    for package in ("desktop", "benchmarks"):
        compileall.compile_dir(REPO / package, quiet=1)


def measure_launches(
    prepared_data: Path, profile: str, repeats: int, warmups: int = 1
) -> tuple[LaunchSeries, LaunchSeries]:
    """Floor and app launches, alternating; `warmups` of each first, not counted.

    The app keeps its course cache (``desktop.course.cache``) in one folder for the
    whole run, empty at the start, as on a machine where Prism was just installed: the
    first warm-up fills it (and is kept as ``app.cold``), the counted launches use it,
    as every launch but the first after an install or update does.
    """
    compile_bytecode()
    floor, app = LaunchSeries("floor"), LaunchSeries("app")
    with tempfile.TemporaryDirectory(prefix="prism-bench-launch-") as scratch:
        cache = {"PRISM_CACHE_DIR": str(Path(scratch) / "cache")}
        for index in range(warmups + repeats):
            data = Path(scratch) / f"data-{index}"
            shutil.copytree(prepared_data, data)
            floor_run = _launch_with_one_retry(probe_command("floor"), floor)
            app_run = _launch_with_one_retry(probe_command("app", data, profile), app, cache)
            shutil.rmtree(data, ignore_errors=True)
            if index == 0:
                app.cold = app_run
            if index >= warmups:
                floor.runs.append(floor_run)
                app.runs.append(app_run)
    return floor, app
