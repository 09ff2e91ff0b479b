"""Nothing typed more than a second ago is lost when Prism is killed mid-sentence.

A child process runs the real journal page and types continuously; the test kills it
with SIGKILL at a random moment (no chance to flush or close), reopens the database
and checks the stored reflection: exactly what was typed, up to a point no earlier
than one second before the kill.
"""

from __future__ import annotations

import os
import queue
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop import paths
from desktop.store.database import close_database, open_database
from desktop.store.reflections import ReflectionRepo
from tests.durability.reflection_typist import text_for
from tests.helpers.course_builder import write_course

REPO_ROOT = Path(__file__).resolve().parents[2]
KILLS = 3
STARTUP_TIMEOUT_S = 30
MIN_TYPING_S = 2.0
MAX_TYPING_S = 3.0


def _reader(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.strip())
    lines.put(None)  # end of output


def _type_and_kill(course_root: Path, data_dir: Path, log: Path) -> tuple[str, list, float]:
    """Run the typist, kill it mid-typing; (profile id, [(chars, time)], kill time)."""
    env = {**os.environ, "PRISM_DATA_DIR": str(data_dir), "QT_QPA_PLATFORM": "offscreen"}
    with log.open("w") as errors:
        child = subprocess.Popen(
            [sys.executable, "-m", "tests.durability.reflection_typist", str(course_root)],
            cwd=REPO_ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
        )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_reader, args=(child.stdout, lines), daemon=True).start()
    profile_id = ""
    typed: list[tuple[int, float]] = []
    kill_at: float | None = None
    kill_time: float | None = None
    try:
        deadline = time.monotonic() + STARTUP_TIMEOUT_S
        while kill_time is None:
            try:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"the typist stopped answering:\n{log.read_text()}")
            if line is None:
                pytest.fail(f"the typist exited early:\n{log.read_text()}")
            kind, *rest = line.split()
            if kind == "ready":
                profile_id = rest[0]
            elif kind == "typed":
                typed.append((int(rest[0]), float(rest[1])))
                if kill_at is None:
                    kill_at = time.monotonic() + random.uniform(MIN_TYPING_S, MAX_TYPING_S)
                    deadline = kill_at + 10
                elif time.monotonic() >= kill_at:
                    kill_time = time.monotonic()
                    os.kill(child.pid, signal.SIGKILL)
    finally:
        if child.poll() is None and kill_time is None:
            child.kill()
        child.wait(timeout=10)
    # Lines the child wrote before it died may still be on their way: read them all.
    while (line := lines.get(timeout=10)) is not None:
        kind, *rest = line.split()
        if kind == "typed":
            typed.append((int(rest[0]), float(rest[1])))
    child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    return profile_id, typed, kill_time


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX only")
def test_killing_the_app_while_typing_loses_at_most_the_last_second(tmp_path: Path) -> None:
    course_root = tmp_path / "course"
    write_course(course_root)
    for run in range(KILLS):
        data_dir = tmp_path / f"data-{run}"
        profile_id, typed, kill_time = _type_and_kill(
            course_root, data_dir, tmp_path / f"typist-{run}.log"
        )
        total = max(count for count, _ in typed)
        # What had certainly been typed one second before the kill.
        required = max((count for count, moment in typed if moment <= kill_time - 1.0), default=0)
        assert required > 0, "the typist should have typed for over a second before the kill"

        db = open_database(paths.database_path(data_dir))
        try:
            reflections = ReflectionRepo(db).list(profile_id)
        finally:
            close_database(db)
        assert len(reflections) <= 1, f"run {run}: the typing went into one reflection"
        stored = reflections[0].text if reflections else ""
        assert stored == text_for(total)[: len(stored)], f"run {run}: stored text is not typed text"
        assert len(stored) >= required, (
            f"run {run}: only {len(stored)} characters stored, but {required} had been "
            f"typed a second before the kill ({total} in all)"
        )
