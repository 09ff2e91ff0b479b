"""Data for the benchmarks: a learner part-way through the course, and big event logs.

Small, realistic progress goes through the app's own services and repositories, so it is
always valid for the current schema. Large event logs (100,000 and 1,000,000 rows) are
written with one ``executemany`` in one transaction on a plain ``sqlite3`` connection:
through ``EventLog.append`` a million events would take many minutes of fsyncs and
measure nothing the figures are about. The rows have the same shape ``EventLog.append``
writes (uuid4 hex id, ISO UTC time, verb, object, result JSON, content version).
"""

from __future__ import annotations

import json
import random
import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop import paths
from desktop.services.startup import Services, start_services
from desktop.store.clock import utc_iso

PROFILE_NAME = "Benchmark learner"
VERBS = ("opened", "read", "answered", "attempted", "passed", "failed", "reflected", "rated")


@dataclass(frozen=True)
class Learner:
    profile_id: str
    name: str
    module_ids: tuple[str, ...]


def open_services(data_dir: Path, cache_dir: Path | None = None) -> Services:
    """The shipped course with its data in DATA_DIR (created if needed); with
    ``cache_dir``, the course and its rendered pages kept there as the app keeps them."""
    return start_services(paths.content_dir(), paths.assets_dir(), data_dir, cache_dir=cache_dir)


def learner_part_way(services: Services, name: str = PROFILE_NAME) -> Learner:
    """A profile with two modules read, one quiz passed and a reading position saved."""
    profile = services.profiles.create(name)
    modules = tuple(m.id for m in services.course.modules)
    for module_id in modules[:2]:
        services.reading.opened(profile.id, module_id)
        services.reading.mark_read(profile.id, module_id)
    if modules:
        services.reading.save_position(profile.id, modules[-1], None, 0.4)
        session = services.quizzes.start_new(profile.id, modules[0])
        for question in session.questions:
            services.quizzes.answer(session, question.id, sorted(question.correct_indexes))
        services.quizzes.finish(session)
    services.profiles.use(profile.id)
    # Someone part-way through has opened Prism before: the one-time welcome and the
    # one-time note about an unprotected profile are behind them, as on their machine.
    services.preferences.mark_welcome_seen()
    services.passphrases.notice_seen(profile.id)
    return Learner(profile.id, name, modules)


def prepare_data_folder(data_dir: Path) -> Learner:
    """Make DATA_DIR hold one learner part-way through the course, closed cleanly."""
    services = open_services(data_dir)
    try:
        return learner_part_way(services)
    finally:
        services.close()


def event_rows(
    profile_id: str, module_ids: tuple[str, ...], count: int, seed: int = 8
) -> Iterator[tuple[str, str, str, str, str, str | None, str]]:
    """COUNT plausible events spread over the last three years, oldest first."""
    rng = random.Random(seed)
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    step = (3 * 365 * 86400) / max(count, 1)
    modules = module_ids or ("module",)
    for index in range(count):
        module_id = modules[index % len(modules)]
        verb = VERBS[rng.randrange(len(VERBS))]
        when = start + timedelta(seconds=index * step)
        if verb == "answered":
            obj = f"question:{module_id}/q-{rng.randrange(12) + 1}"
            result: str | None = json.dumps(
                {"attempt_id": uuid.UUID(int=rng.getrandbits(128)).hex, "response": [1]},
                separators=(",", ":"),
            )
        else:
            obj, result = f"module:{module_id}", None
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4).hex,
            utc_iso(when),
            profile_id,
            verb,
            obj,
            result,
            "0" * 64,
        )


def add_events(database: Path, learner: Learner, count: int) -> None:
    """Append COUNT events for LEARNER straight into the database file, in one transaction."""
    connection = sqlite3.connect(database)
    try:
        connection.execute("PRAGMA synchronous = OFF")
        with connection:
            connection.executemany(
                "INSERT INTO events (id, ts_utc, profile_id, verb, object_id, result_json, "
                "content_version) VALUES (?, ?, ?, ?, ?, ?, ?)",
                event_rows(learner.profile_id, learner.module_ids, count),
            )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()


def database_file(data_dir: Path) -> Path:
    return paths.database_path(data_dir)
