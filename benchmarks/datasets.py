"""The datasets that grow with years of use, built quickly and cached for one run.

- **events**: the small learner with 1,000,000 older events and nothing else.
- **heavy learner**: one learner part-way through the course (through the app's own
  services, so it is valid for the current schema), then 1,000,000 older events, 10,000
  reflections, 10,000 CPD records over ten years and 10,000 finished quiz attempts,
  written with bulk ``executemany`` inserts in one transaction each.
- **shared laptop**: 30 profiles on one database, three years of heavy use: about
  1,000,000 events in all, 200 reflections and 20 CPD records each.
- **1,000 profiles**: one database with a thousand (almost empty) profiles.

Each is built once per run into the run's scratch folder (`build` caches by name) and
copied for every figure that changes it. The older history all lies before the current
registration year, so "this year's" exports of the heavy learner should cost the same as
the small learner's: the comparisons in `benchmarks.figures` rely on that.
"""

from __future__ import annotations

import json
import random
import shutil
import sqlite3
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from benchmarks import seed
from desktop.store.clock import utc_iso

HEAVY_EVENTS = 1_000_000
HEAVY_REFLECTIONS = 10_000
HEAVY_CPD_RECORDS = 10_000
HEAVY_QUIZ_ATTEMPTS = 10_000
SHARED_PROFILES = 30
SHARED_EVENTS_EACH = 1_000_000 // SHARED_PROFILES
SHARED_REFLECTIONS_EACH = 200
SHARED_CPD_EACH = 20
MANY_PROFILES = 1_000

_WORDS = (
    "I discussed a friend request from a person I support with my supervisor and agreed "
    "to keep my personal account private, to record the contact and to reply through the "
    "agreed channel. Next time I will check my privacy settings before the visit. "
)


@dataclass(frozen=True)
class Dataset:
    """A prepared data folder (closed cleanly) and the learner the figures look at."""

    folder: Path
    learner: seed.Learner
    profile_ids: tuple[str, ...]


_CACHE: dict[str, Dataset] = {}


def build(name: str, scratch: Path) -> Dataset:
    """The dataset NAME ("small", "heavy", "shared", "many"), built once per run."""
    if name not in _CACHE:
        builder: Callable[[Path], Dataset] = {
            "small": _small,
            "events": lambda folder: _events(folder, scratch),
            "heavy": lambda folder: _heavy(folder, scratch),
            "shared": _shared,
            "many": _many,
        }[name]
        folder = scratch / f"dataset-{name}"
        shutil.rmtree(folder, ignore_errors=True)
        _CACHE[name] = builder(folder)
    return _CACHE[name]


def copy_of(dataset: Dataset, target: Path) -> Path:
    """A fresh copy of the dataset's folder at TARGET (for figures that write)."""
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(dataset.folder, target)
    return target


# --------------------------------------------------------------------------- builders


def _small(folder: Path) -> Dataset:
    """The baseline: a learner who has completed every module (so older history adds
    no completions, only events), with this year's few CPD records."""
    learner = seed.prepare_data_folder(folder)
    services = seed.open_services(folder)
    try:
        _complete_every_module(services, learner)
        _add_this_years_records(services, learner)
    finally:
        services.close()
    return Dataset(folder, learner, (learner.profile_id,))


def _complete_every_module(services: Any, learner: seed.Learner) -> None:
    for module in services.course.modules:
        services.reading.opened(learner.profile_id, module.id)
        services.reading.mark_read(learner.profile_id, module.id)
        if module.quiz is not None:
            session = services.quizzes.start_new(learner.profile_id, module.id)
            for question in session.questions:
                answer = sorted(question.correct_indexes)
                services.quizzes.answer(session, question.id, answer)
            services.quizzes.finish(session)


def _events(folder: Path, scratch: Path) -> Dataset:
    """The small learner with 1,000,000 older events (nothing else grows)."""
    small = build("small", scratch)
    copy_of(small, folder)
    start, end = _older_period(10)
    with _bulk(folder) as connection:
        add_history(connection, small.learner, HEAVY_EVENTS, start, end)
    return Dataset(folder, small.learner, small.profile_ids)


def _heavy(folder: Path, scratch: Path) -> Dataset:
    """The events dataset plus years of reflections, CPD records and quiz attempts."""
    events = build("events", scratch)
    copy_of(events, folder)
    learner = events.learner
    start, end = _older_period(10)
    with _bulk(folder, events=False) as connection:
        connection.executemany(
            _REFLECTION_SQL, reflection_rows(learner, HEAVY_REFLECTIONS, start, end)
        )
        connection.executemany(_RECORD_SQL, record_rows(connection, learner, HEAVY_CPD_RECORDS, 10))
        connection.executemany(_ATTEMPT_SQL, attempt_rows(learner, HEAVY_QUIZ_ATTEMPTS, start, end))
    return Dataset(folder, learner, (learner.profile_id,))


def _shared(folder: Path) -> Dataset:
    services = seed.open_services(folder)
    try:
        learners = [seed.learner_part_way(services, f"Practitioner {n + 1:02d}") for n in range(30)]
        for learner in learners:
            _add_this_years_records(services, learner)
    finally:
        services.close()
    start, end = _older_period(3)
    with _bulk(folder) as connection:
        for learner in learners:
            add_history(connection, learner, SHARED_EVENTS_EACH, start, end)
            connection.executemany(
                _REFLECTION_SQL, reflection_rows(learner, SHARED_REFLECTIONS_EACH, start, end)
            )
            connection.executemany(
                _RECORD_SQL, record_rows(connection, learner, SHARED_CPD_EACH, 3)
            )
    first = learners[0]
    return Dataset(folder, first, tuple(learner.profile_id for learner in learners))


def _many(folder: Path) -> Dataset:
    learner = seed.prepare_data_folder(folder)
    now = datetime.now(UTC)
    rows = []
    for number in range(MANY_PROFILES - 1):
        name = f"Colleague {number + 1:04d}"
        stamp = utc_iso(now - timedelta(minutes=number))
        rows.append((uuid.uuid4().hex, name, name.casefold(), stamp, stamp, stamp))
    with _bulk(folder, events=False) as connection:
        connection.executemany(
            "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc, updated_utc) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            rows,
        )
    return Dataset(folder, learner, (learner.profile_id, *(r[0] for r in rows)))


# --------------------------------------------------------------------------- rows

_EVENT_SQL = (
    "INSERT INTO events (id, ts_utc, profile_id, verb, object_id, result_json, "
    "content_version) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_REFLECTION_SQL = (
    "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, created_utc, "
    "updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_RECORD_SQL = (
    "INSERT INTO cpd_records (id, profile_id, status, start_date, record_json, created_utc, "
    "updated_utc) VALUES (?, ?, ?, ?, ?, ?, ?)"
)
_ATTEMPT_SQL = (
    "INSERT INTO quiz_attempts (id, profile_id, module_id, content_hash, started_utc, "
    "finished_utc, score_percent, passed, question_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def _older_period(years: int) -> tuple[datetime, datetime]:
    """YEARS ending just before the current registration year (which starts 1 December)."""
    today = date.today()
    year_start = date(today.year if today.month == 12 else today.year - 1, 12, 1)
    end = datetime(year_start.year, year_start.month, year_start.day, tzinfo=UTC) - timedelta(
        days=1
    )
    return end - timedelta(days=365 * years), end


_HISTORY_SQL = """
WITH RECURSIVE seq(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM seq WHERE i < :count - 1),
rolls AS MATERIALIZED (
    SELECT i, abs(random()) % 1000 AS roll, abs(random()) % :modules AS m,
           abs(random()) % 12 + 1 AS q, 40 + abs(random()) % 61 AS score
    FROM seq
),
shaped AS (
    SELECT i, score, q, (SELECT id FROM temp.bench_modules WHERE n = m) AS module,
           CASE WHEN roll < 250 THEN 'opened' WHEN roll < 800 THEN 'answered'
                WHEN roll < 840 THEN 'attempted'
                WHEN roll < 870 THEN CASE WHEN score >= 80 THEN 'passed' ELSE 'failed' END
                WHEN roll < 950 THEN 'chose' ELSE 'reflected' END AS verb
    FROM rolls
)
INSERT INTO events (id, ts_utc, profile_id, verb, object_id, result_json, content_version)
SELECT lower(hex(randomblob(16))),
       strftime('%Y-%m-%dT%H:%M:%fZ', :start + i * :step, 'unixepoch'),
       :profile_id,
       verb,
       CASE verb WHEN 'answered' THEN 'question:' || module || '/q-' || q
                 WHEN 'attempted' THEN 'quiz:' || module WHEN 'passed' THEN 'quiz:' || module
                 WHEN 'failed' THEN 'quiz:' || module
                 WHEN 'chose' THEN 'scenario:' || module || '-scenario'
                 ELSE 'module:' || module END,
       CASE verb WHEN 'answered' THEN json_object('attempt_id', lower(hex(randomblob(16))),
                                                  'response', json_array(1))
                 WHEN 'passed' THEN json_object('attempt_id', lower(hex(randomblob(16))),
                                                'score_percent', score * 1.0)
                 WHEN 'failed' THEN json_object('attempt_id', lower(hex(randomblob(16))),
                                                'score_percent', score * 1.0)
                 WHEN 'chose' THEN json_object('run_id', lower(hex(randomblob(16))),
                                               'choice_index', 0)
                 END,
       :content_version
FROM shaped
"""


def add_history(
    connection: sqlite3.Connection,
    learner: seed.Learner,
    count: int,
    start: datetime,
    end: datetime,
) -> None:
    """COUNT events of a busy learner between START and END, oldest first, generated in
    SQL (a million in seconds, where Python would take minutes).

    The mix is what the app writes: modules opened, questions answered in quiz attempts
    that end 'passed' or 'failed' with a score, scenario choices, reflections, and each
    module 'read' once, early on.
    """
    modules = learner.module_ids or ("module",)
    connection.execute("CREATE TEMP TABLE IF NOT EXISTS bench_modules (n INTEGER, id TEXT)")
    connection.execute("DELETE FROM temp.bench_modules")
    connection.executemany("INSERT INTO temp.bench_modules VALUES (?, ?)", list(enumerate(modules)))
    step = (end - start).total_seconds() / max(count, 1)
    connection.execute(
        _HISTORY_SQL,
        {
            "count": count - len(modules),
            "modules": len(modules),
            "start": start.timestamp(),
            "step": step,
            "profile_id": learner.profile_id,
            "content_version": "0" * 64,
        },
    )
    connection.executemany(
        _EVENT_SQL,
        [
            (
                uuid.uuid4().hex,
                utc_iso(start + timedelta(seconds=step * (50 + 97 * n), milliseconds=1)),
                learner.profile_id,
                "read",
                f"module:{module_id}",
                None,
                "0" * 64,
            )
            for n, module_id in enumerate(modules)
        ],
    )


def _spread(
    learner: seed.Learner, count: int, start: datetime, end: datetime
) -> Iterator[tuple[int, str, datetime]]:
    """(index, module id, moment) for COUNT rows spread evenly from START to END,
    the learner's modules taken in turn."""
    step = (end - start).total_seconds() / max(count, 1)
    for index in range(count):
        module_id = learner.module_ids[index % len(learner.module_ids)]
        yield index, module_id, start + timedelta(seconds=index * step)


def reflection_rows(
    learner: seed.Learner, count: int, start: datetime, end: datetime
) -> Iterator[tuple]:
    rng = random.Random(count)
    for index, module_id, moment in _spread(learner, count, start, end):
        stamp = utc_iso(moment)
        text = f"Reflection {index + 1}: " + _WORDS * (1 + rng.randrange(3))
        yield (uuid.uuid4().hex, learner.profile_id, module_id, None, text, stamp, stamp)


def record_rows(
    connection: sqlite3.Connection, learner: seed.Learner, count: int, years: int
) -> Iterator[tuple]:
    """COUNT ready CPD records spread over YEARS, shaped like the learner's own record."""
    row = connection.execute(
        "SELECT record_json FROM cpd_records WHERE profile_id = ? LIMIT 1", [learner.profile_id]
    ).fetchone()
    template = json.loads(row[0])
    today = date.today()
    for index in range(count):
        day = today - timedelta(days=int(index * years * 365 / max(count, 1)) + 7)
        record_id = uuid.uuid4().hex
        stamp = utc_iso(datetime(day.year, day.month, day.day, 12, tzinfo=UTC))
        data = dict(
            template,
            id=record_id,
            title=f"Supervision and reading {index + 1}",
            start_date=day.isoformat(),
            end_date=None,
            created_utc=stamp,
            updated_utc=stamp,
        )
        yield (
            record_id,
            learner.profile_id,
            data.get("status", "ready"),
            day.isoformat(),
            json.dumps(data, separators=(",", ":")),
            stamp,
            stamp,
        )


def attempt_rows(
    learner: seed.Learner, count: int, start: datetime, end: datetime
) -> Iterator[tuple]:
    rng = random.Random(count)
    for _index, module_id, began in _spread(learner, count, start, end):
        score = float(rng.randrange(40, 101))
        yield (
            uuid.uuid4().hex,
            learner.profile_id,
            module_id,
            "0" * 64,
            utc_iso(began),
            utc_iso(began + timedelta(minutes=6)),
            score,
            int(score >= 80),
            "[]",
        )


def _add_this_years_records(services: Any, learner: seed.Learner) -> None:
    """Three ready-looking records this registration year, through the service."""
    from benchmarks.figures import _filled_record

    for index in range(3):
        blank = services.cpd.new_blank(learner.profile_id)
        services.cpd.save(_filled_record(blank, index, learner.module_ids))


class _bulk:
    """One plain sqlite3 connection, one transaction, no fsyncs, no WAL while it lasts."""

    def __init__(self, folder: Path, *, events: bool = True) -> None:
        self._path = seed.database_file(folder)
        self._events = events  # rows go into the log: rebuild its indexes at the end

    def __enter__(self) -> sqlite3.Connection:
        self._connection = sqlite3.connect(self._path, isolation_level=None)
        # Writing hundreds of megabytes through the WAL would write them twice; a
        # rollback journal in memory writes them once (and WAL is put back on leaving).
        self._connection.execute("PRAGMA journal_mode = DELETE")
        self._connection.execute("PRAGMA journal_mode = MEMORY")
        self._connection.execute("PRAGMA synchronous = OFF")
        # The random ids scatter inserts over the id index: keep its pages in memory.
        self._connection.execute("PRAGMA cache_size = -262144")
        self._connection.execute("BEGIN")
        # Indexes on the log are built once at the end (a sort), not row by row.
        found = self._connection.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
            "AND tbl_name = 'events' AND sql IS NOT NULL"
        ).fetchall()
        self._indexes = [sql for _, sql in found] if self._events else []
        for name, _ in found if self._events else []:
            self._connection.execute(f'DROP INDEX "{name}"')
        return self._connection

    def __exit__(self, kind: object, error: object, trace: object) -> None:
        try:
            if kind is None:
                for sql in self._indexes:
                    self._connection.execute(sql)
                self._connection.execute("COMMIT")
            else:
                self._connection.execute("ROLLBACK")
        finally:
            self._connection.execute("PRAGMA journal_mode = WAL")
            self._connection.close()
        if kind is None:
            # Opened and closed once by Prism, as after any session: the full check runs
            # now (the file changed behind Prism's back) and the clean-shutdown marker
            # is left, so the figures measure a laptop in everyday use, not a recovery.
            from desktop.store.database import close_database, open_database

            close_database(open_database(self._path))
