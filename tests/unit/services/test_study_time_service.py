"""Active study time: idle spells, switching section, flushing, registration years."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlite_utils

from desktop.cpd.registration_year import RegistrationYear
from desktop.services.study_time import StudyTimeService
from desktop.store.errors import InvalidValueError, StoreError
from desktop.store.profiles import ProfileRepo
from desktop.store.progress import ProgressRepo

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


class Clock:
    """A clock that stands still until a test moves it."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def tick(self, seconds: float) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sam(db: sqlite_utils.Database) -> str:
    return ProfileRepo(db).create("Sam").id


@pytest.fixture
def service(db: sqlite_utils.Database, clock: Clock) -> StudyTimeService:
    return StudyTimeService(ProgressRepo(db, clock), clock)


def study(
    service: StudyTimeService, clock: Clock, profile: str, gaps: list[float], where=("m", "a")
):
    """One input now, then one after each gap (seconds)."""
    service.activity(profile, *where)
    for gap in gaps:
        clock.tick(gap)
        service.activity(profile, *where)


def test_steady_reading_counts_every_second(service, clock, sam) -> None:
    study(service, clock, sam, [30, 60, 120])
    assert service.module_seconds(sam, "m") == 210


def test_an_idle_spell_over_two_minutes_counts_nothing_at_all(service, clock, sam) -> None:
    study(service, clock, sam, [30, 121, 10])
    assert service.module_seconds(sam, "m") == 40  # not 30 + 120 + 10


def test_the_clock_going_backwards_counts_nothing(service, clock, sam) -> None:
    study(service, clock, sam, [30, -600, 20])
    assert service.module_seconds(sam, "m") == 50


def test_moving_section_credits_the_time_so_far_to_the_old_section(service, clock, sam) -> None:
    service.activity(sam, "m", "intro")
    clock.tick(40)
    service.activity(sam, "m", "lenses")  # scrolled on: the 40 s were spent in the intro
    clock.tick(20)
    service.activity(sam, "m", "lenses")
    clock.tick(15)
    service.activity(sam, "other", None)
    assert service.section_seconds(sam, "m") == {"intro": 40, "lenses": 35}
    assert service.module_seconds(sam, "other") == 0


def test_switching_learner_credits_nobody_with_the_gap(service, clock, db, sam) -> None:
    ali = ProfileRepo(db).create("Ali").id
    study(service, clock, sam, [30])
    clock.tick(50)
    study(service, clock, ali, [10])
    assert service.module_seconds(sam, "m") == 30
    assert service.module_seconds(ali, "m") == 10


def test_leaving_ends_the_spell(service, clock, sam) -> None:
    study(service, clock, sam, [30])
    clock.tick(45)
    service.leave()  # went to the home page: the 45 s reading the last screen count
    clock.tick(60)
    service.activity(sam, "m", "a")  # back again: the time away does not
    assert service.module_seconds(sam, "m") == 75
    service.leave(at=clock.tick(500))  # left after a long idle spell: nothing more
    assert service.module_seconds(sam, "m") == 75


def test_flush_writes_once_and_queries_see_unsaved_time(service, clock, db, sam) -> None:
    study(service, clock, sam, [30, 30])
    repo = ProgressRepo(db)
    assert repo.study_seconds(sam) == 0  # nothing written yet...
    assert service.module_seconds(sam, "m") == 60  # ...but the total already shows it
    assert service.flush() == 60
    assert service.flush() == 0  # idempotent
    assert repo.study_seconds(sam, "m") == 60
    assert service.module_seconds(sam, "m") == 60
    clock.tick(30)
    service.activity(sam, "m", "a")  # the spell carries on across a flush
    service.flush()
    assert repo.study_seconds(sam, "m") == 90


def test_explicit_moments_work_without_the_clock(service, sam) -> None:
    service.activity(sam, "m", "a", at=START)
    service.activity(sam, "m", "a", at=START + timedelta(seconds=90))
    assert service.module_seconds(sam, "m") == 90


def test_time_across_midnight_is_split_between_the_two_days(service, clock, db, sam) -> None:
    clock.now = datetime(2026, 3, 2, 23, 59, 30, tzinfo=UTC)
    study(service, clock, sam, [60])
    service.flush()
    assert ProgressRepo(db).study_seconds_by_day(sam) == {"2026-03-02": 30, "2026-03-03": 30}
    assert service.total_seconds(sam, date(2026, 3, 3), date(2026, 3, 3)) == 30


def test_the_registration_year_boundary_falls_at_midnight_on_30_november(
    service, clock, sam
) -> None:
    clock.now = datetime(2025, 11, 30, 23, 59, 0, tzinfo=UTC)  # GMT: UK time is UTC
    study(service, clock, sam, [100])  # 60 s in 2024-25, 40 s in 2025-26
    service.flush()
    clock.tick(3600)
    study(service, clock, sam, [20])  # unsaved, still counted
    assert service.year_seconds(sam, RegistrationYear.parse("2024-25")) == 60
    assert service.year_seconds(sam, "2025-26") == 60
    assert service.year_seconds(sam, 2025) == 60
    assert service.year_seconds(sam, "2026-27") == 0
    assert service.total_seconds(sam, date(2000, 1, 1), date.max) == 120


def test_by_module_sums_a_date_range(service, clock, sam) -> None:
    study(service, clock, sam, [30], where=("m", "a"))
    clock.tick(1000)
    study(service, clock, sam, [20], where=("n", None))
    service.flush()
    clock.now = START + timedelta(days=1)
    study(service, clock, sam, [50], where=("n", "b"))
    today = START.date()
    assert service.by_module(sam, today, today) == {"m": 30, "n": 20}
    assert service.by_module(sam, today, today + timedelta(days=1)) == {"m": 30, "n": 70}
    assert service.section_seconds(sam, "n") == {"": 20, "b": 50}


def test_time_for_a_deleted_learner_is_dropped_on_flush(service, clock, db, sam) -> None:
    study(service, clock, sam, [30])
    ProfileRepo(db).delete(sam)
    assert service.flush() == 0
    assert service.unsaved_seconds == 0


def test_unsaved_time_is_kept_when_the_store_fails(service, clock, sam, monkeypatch) -> None:
    study(service, clock, sam, [30])

    def disk_full(*args, **kwargs) -> None:
        raise StoreError("The disk is full. Free some space and try again.")

    monkeypatch.setattr(ProgressRepo, "add_study_time", disk_full)
    with pytest.raises(StoreError):
        service.flush()
    assert service.unsaved_seconds == 30
    monkeypatch.undo()
    assert service.flush() == 30


def test_the_store_refuses_a_day_that_is_not_a_date(db, sam) -> None:
    repo = ProgressRepo(db)
    for bad in ("2026-02-30", "02/03/2026", "2026-3-2"):
        with pytest.raises(InvalidValueError):
            repo.add_study_time(sam, "m", "a", 10, day=bad)
    repo.add_study_time(sam, "m", "a", 10, day="2026-03-01")
    assert repo.study_seconds_by_day(sam) == {"2026-03-01": 10}
