"""Clock-proof backups (issue 16, finding 7): a wrong clock never deletes a fresh backup
and never makes a stale one the backup Prism offers for recovery.

Real backups of a real file, made by the service with a clock the test moves: first
years slow, then ten years fast and back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.services.backups import BackupService
from desktop.store.backup import list_backups
from desktop.store.database import close_database, open_database
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class SettableClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def setup(tmp_path: Path) -> Iterator[tuple]:
    path = tmp_path / "data" / "prism.db"
    db = open_database(path)
    profile = ProfileRepo(db).create("Sam")
    clock = SettableClock(START)
    yield db, BackupService(db, path, clock), clock, profile.id
    close_database(db)


def _daily(service: BackupService, clock: SettableClock, first: datetime, count: int) -> None:
    for n in range(count):
        clock.now = first + timedelta(days=n)
        assert service.back_up_if_due() is not None


def test_a_clock_years_slow_never_deletes_the_backup_just_made(setup) -> None:
    _db, service, clock, _ = setup
    _daily(service, clock, START, 20)

    clock.now = START - timedelta(days=3 * 365)  # the battery went; the clock reset
    made = service.back_up_if_due()

    assert made is not None and made.path.exists()
    assert service.list_backups()[0].path == made.path  # the newest is the one made last


def test_a_backup_from_a_clock_ten_years_fast_is_flagged_and_not_offered(setup) -> None:
    db, service, clock, sam = setup
    _daily(service, clock, START, 5)
    clock.now = START + timedelta(days=3650)  # the glitch
    glitch = service.back_up_if_due()
    clock.now = START + timedelta(days=5)  # corrected
    ReflectionRepo(db).create(sam, "alpha", None, "Work done after the glitch")
    fresh = service.back_up_now()

    assert service.newest_good_backup().path == fresh.path
    listed = {b.path: b for b in service.list_backups()}
    assert listed[glitch.path].in_future and "dated in the future" in listed[glitch.path].when_text
    assert not listed[fresh.path].in_future

    # It is thinned like any other once enough backups were made after it.
    _daily(service, clock, START + timedelta(days=6), 10)
    assert not glitch.path.exists()
    assert service.newest_good_backup().created_utc.year == 2026


def test_backups_sort_by_the_order_they_were_made(setup) -> None:
    _db, service, clock, _ = setup
    times = [START, START + timedelta(days=900), START - timedelta(days=400)]
    made = []
    for moment in times:
        clock.now = moment
        made.append(service.back_up_now().path)
    assert [b.path for b in list_backups(service.folder)] == made[::-1]
