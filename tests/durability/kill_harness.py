"""Crash-safety harness: a writer is killed with SIGKILL again and again; nothing it
acknowledged may be missing, and the file must stay sound.

The child (``--child DB``) opens the store the way Prism does (``open_database``:
WAL, ``synchronous=FULL``) and loops through real repository calls, each one
transaction: create a reflection, start a quiz attempt and record an answer, append
an event, edit the reflection, and now and then take a backup. After each call
returns (the transaction has committed) it prints ``ack <kind> <id>`` and flushes.

The parent starts the child, kills it with SIGKILL at a random moment (most rounds:
a random time after it is ready; every fifth round: a random time after launch, so
kills also land while it opens, recovers the WAL or migrates), then reopens the file
with ``open_database`` and checks:

- ``PRAGMA integrity_check`` is ``ok``;
- every acknowledged write, from every round so far, is present (edits: the stored
  text is the last acknowledged edit or a later one);
- no transaction is half-applied (each reflection and answer has its event);
- every file named as a backup is a complete, sound backup.

SIGKILL stops the process, not the machine: this proves Prism never relies on
closing cleanly. Surviving a power cut also relies on ``synchronous=FULL`` making
SQLite fsync each commit, which a kill test cannot show.

Full run (about 5 minutes):  python -m tests.durability.kill_harness --kills 500
"""

from __future__ import annotations

import argparse
import os
import queue
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
START_TIMEOUT_S = 30.0


# --------------------------------------------------------------------------- #
# Child: the writer
# --------------------------------------------------------------------------- #


def child(db_path: Path, seed: int) -> None:
    """Write forever, acknowledging each committed transaction on stdout."""
    from desktop.store.backup import backup_folder_for, write_backup
    from desktop.store.database import open_database
    from desktop.store.events import EventLog
    from desktop.store.profiles import ProfileRepo
    from desktop.store.quiz import QuizRepo
    from desktop.store.reflections import ReflectionRepo

    def ack(*parts: object) -> None:
        sys.stdout.write("ack " + " ".join(str(p) for p in parts) + "\n")
        sys.stdout.flush()

    db = open_database(db_path)
    profiles, quiz = ProfileRepo(db), QuizRepo(db)
    reflections, events = ReflectionRepo(db), EventLog(db)
    profile = profiles.find_by_name("Kill test") or profiles.create("Kill test")
    ack("profile", profile.id)
    print("ready", flush=True)
    rng = random.Random(seed)
    reflection_id = None
    step = 0
    while True:
        action = step % 5
        if action == 0:
            reflection_id = reflections.create(profile.id, "alpha", None, f"round text {step}").id
            ack("reflection", reflection_id)
        elif action == 1:
            attempt = quiz.start_attempt(profile.id, "alpha", "hash", ["q1", "q2"])
            ack("attempt", attempt.id)
            quiz.record_answer(attempt.id, "q1", [rng.randrange(3)], rng.random() < 0.5)
            ack("answer", attempt.id)
        elif action == 2:
            event = events.append(profile.id, "opened", "module:alpha", {"step": step})
            ack("event", event.id)
        elif action == 3 and reflection_id is not None:
            reflections.update(reflection_id, f"edit {step:09d}")
            ack("edit", reflection_id, f"{step:09d}")
        elif action == 4 and step % 150 == 4:
            made = write_backup(db, backup_folder_for(db_path), "manual", datetime.now(UTC))
            ack("backup", made.path.name)
        step += 1


# --------------------------------------------------------------------------- #
# Parent: kill, reopen, verify
# --------------------------------------------------------------------------- #


@dataclass
class Acknowledged:
    """Every write the children acknowledged, across all rounds."""

    reflections: set[str] = field(default_factory=set)
    attempts: set[str] = field(default_factory=set)
    answers: set[str] = field(default_factory=set)
    events: set[str] = field(default_factory=set)
    edits: dict[str, str] = field(default_factory=dict)
    backups: set[str] = field(default_factory=set)
    profiles: set[str] = field(default_factory=set)

    def count(self) -> int:
        return (
            len(self.reflections)
            + len(self.attempts)
            + len(self.answers)
            + len(self.events)
            + len(self.backups)
            + len(self.profiles)
        )

    def add(self, line: str) -> int:
        """Record one output line; returns 1 if it acknowledged a write."""
        kind, _, rest = line.partition(" ")
        if kind != "ack":
            return 0
        what, _, value = rest.partition(" ")
        if what == "edit":
            reflection_id, _, counter = value.partition(" ")
            self.edits[reflection_id] = max(counter, self.edits.get(reflection_id, ""))
        else:
            getattr(self, {"reflection": "reflections", "attempt": "attempts",
                           "answer": "answers", "event": "events", "backup": "backups",
                           "profile": "profiles"}[what]).add(value)  # fmt: skip
        return 1


@dataclass
class RunResult:
    """What a run of the harness measured."""

    kills: int = 0
    acked_writes: int = 0
    rows_checked: int = 0
    backups_checked: int = 0
    kills_before_ready: int = 0
    failures: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        verdict = "PASS" if not self.failures else f"FAIL ({len(self.failures)} problems)"
        return (
            f"{verdict}: {self.kills} SIGKILLs ({self.kills_before_ready} during start-up), "
            f"{self.acked_writes} acknowledged writes, every one present after each kill "
            f"({self.rows_checked} row checks in all); integrity_check ok after every kill; "
            f"{self.backups_checked} backup files checked complete; {self.seconds:.0f} s."
        )


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put(line.rstrip("\n"))
    lines.put(None)


def kill_child_at_random(
    db_path: Path, rng: random.Random, *, max_delay: float, early: float | None = None
) -> tuple[list[str], float | None]:
    """Run one writer and SIGKILL it at a random moment: (its output, seconds to ready).

    ``early`` (seconds): kill at a random time up to that long after launch, which
    lands in imports, opening, WAL recovery or the first writes; otherwise kill at a
    random time up to ``max_delay`` after the writer reported ``ready``.
    """
    launched = time.monotonic()
    ready_after = None
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.durability.kill_harness", "--child", str(db_path),
         "--seed", str(rng.randrange(1 << 30))],
        cwd=REPO_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    lines: queue.Queue = queue.Queue()
    reader = threading.Thread(target=_read_lines, args=(process.stdout, lines), daemon=True)
    reader.start()
    output: list[str] = []
    try:
        if early is not None:
            time.sleep(rng.uniform(0.0, early))
        else:
            deadline = time.monotonic() + START_TIMEOUT_S
            while "ready" not in output:
                line = lines.get(timeout=max(0.01, deadline - time.monotonic()))
                if line is None:
                    break  # it exited: reported below
                output.append(line)
            ready_after = time.monotonic() - launched
            time.sleep(rng.uniform(0.0, max_delay))
    finally:
        if process.poll() is None:
            os.kill(process.pid, signal.SIGKILL)
        process.wait()
        reader.join(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
    while not lines.empty():
        line = lines.get_nowait()
        if line is not None:
            output.append(line)
    assert process.stderr is not None
    stderr = process.stderr.read()
    process.stderr.close()
    if process.returncode != -signal.SIGKILL:
        raise RuntimeError(f"the writer ended by itself ({process.returncode}): {stderr}")
    return output, ready_after


def verify(db_path: Path, acked: Acknowledged, checked_backups: set[str]) -> tuple[list[str], int]:
    """Reopen like Prism does and check the file; (problems, rows checked).

    Backups are never changed once written, so each is checked once (its name is
    added to ``checked_backups``).
    """
    from desktop.store.backup import backup_folder_for, check_file, list_backups
    from desktop.store.database import close_database, open_database
    from desktop.store.errors import StoreError

    problems: list[str] = []
    try:
        db = open_database(db_path)
    except StoreError as error:
        return [f"could not reopen: {type(error).__name__}: {error.detail}"], 0
    try:
        result = [row[0] for row in db.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems.append(f"integrity_check: {result[:3]}")

        def ids(sql: str) -> set[str]:
            return {row[0] for row in db.execute(sql).fetchall()}

        present = {
            "profiles": ids("SELECT id FROM profiles"),
            "reflections": ids("SELECT id FROM reflections"),
            "attempts": ids("SELECT id FROM quiz_attempts"),
            "answers": ids("SELECT attempt_id FROM quiz_answers"),
            "events": ids("SELECT id FROM events"),
        }
        rows = 0
        for name, found in present.items():
            wanted: set[str] = getattr(acked, name)
            rows += len(wanted)
            missing = wanted - found
            if missing:
                problems.append(f"{len(missing)} acknowledged {name} missing")
        texts = dict(db.execute("SELECT id, text FROM reflections").fetchall())
        for reflection_id, counter in acked.edits.items():
            rows += 1
            stored = texts.get(reflection_id, "")
            if not stored.startswith("edit ") or stored[5:] < counter:
                problems.append(f"reflection {reflection_id}: acknowledged edit {counter} lost")
        # Each reflection and each answer was written in one transaction with its event.
        logged: dict[str, set[str]] = {"reflected": set(), "answered": set()}
        for verb, reflection_id, attempt_id in db.execute(
            "SELECT verb, json_extract(result_json, '$.reflection_id'), "
            "json_extract(result_json, '$.attempt_id') FROM events "
            "WHERE verb IN ('reflected', 'answered')"
        ).fetchall():
            logged[verb].add(reflection_id if verb == "reflected" else attempt_id)
        half = len(present["reflections"] - logged["reflected"])
        half += len(present["answers"] - logged["answered"])
        if half:
            problems.append(f"{half} half-applied transactions (a row without its event)")
    finally:
        close_database(db)
    backups = list_backups(backup_folder_for(db_path))
    names = {b.path.name for b in backups}
    for missing in sorted(acked.backups - names):
        problems.append(f"acknowledged backup {missing} missing")
    for backup in backups:
        if backup.path.name in checked_backups:
            continue
        checked_backups.add(backup.path.name)
        check = check_file(backup.path)
        if not check.ok:
            problems.append(f"backup {backup.path.name} is incomplete: {check.problem}")
    return problems, rows


def run(
    kills: int,
    *,
    seed: int = 7,
    workdir: Path | None = None,
    max_delay: float = 0.35,
    progress: bool = False,
) -> RunResult:
    """Kill a writer ``kills`` times, verifying the file after each kill."""
    own_dir = workdir is None
    folder = Path(tempfile.mkdtemp(prefix="prism-kill-")) if own_dir else workdir
    assert folder is not None
    db_path = folder / "prism.db"
    rng = random.Random(seed)
    acked = Acknowledged()
    checked_backups: set[str] = set()
    result = RunResult()
    started = time.monotonic()
    slowest_start = 0.5
    try:
        for round_number in range(1, kills + 1):
            # Every fifth kill lands anywhere from launch to a little after ready.
            early = slowest_start if round_number % 5 == 0 else None
            lines, ready_after = kill_child_at_random(
                db_path, rng, max_delay=max_delay, early=early
            )
            if ready_after is not None:
                slowest_start = (
                    ready_after if round_number == 1 else max(slowest_start, ready_after)
                )
            result.kills += 1
            result.kills_before_ready += int("ready" not in lines)
            for line in lines:
                acked.add(line)
            if not db_path.exists():
                continue  # killed before the file was created: nothing was acknowledged
            problems, rows = verify(db_path, acked, checked_backups)
            result.rows_checked += rows
            result.backups_checked = len(checked_backups)
            result.failures += [f"kill {round_number}: {p}" for p in problems]
            if progress and round_number % 25 == 0:
                print(f"{round_number} kills, {acked.count()} acknowledged writes", flush=True)
    finally:
        result.acked_writes = acked.count() + len(acked.edits)
        result.seconds = time.monotonic() - started
        if own_dir:
            shutil.rmtree(folder, ignore_errors=True)
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--max-delay", type=float, default=0.35)
    parser.add_argument("--child", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child), args.seed)
        return 0
    result = run(args.kills, seed=args.seed, max_delay=args.max_delay, progress=True)
    print(result.summary())
    for failure in result.failures[:20]:
        print("  " + failure)
    return 0 if not result.failures else 1


if __name__ == "__main__":
    sys.exit(main())
