"""Capability self-assessment rules: scale words, latest ratings, dated sessions and the
series the chart draws (no Qt)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import sqlite_utils

from desktop.course.loader import load_course
from desktop.services import capabilities as capabilities_module
from desktop.services.capabilities import CapabilityService
from desktop.services.context import ServiceContext
from desktop.store.errors import InvalidValueError
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.store.fakes import FakeClock

SHIPPED_CAPABILITIES = Path(__file__).resolve().parents[3] / "content/digital-capabilities"


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def service(tmp_path: Path, db: sqlite_utils.Database, clock: FakeClock) -> CapabilityService:
    content = write_course(tmp_path / "course")
    shutil.copy(SHIPPED_CAPABILITIES / "capabilities.yaml", content / "alpha")
    course = load_course(content, tmp_path / "course" / "assets").course
    ctx = ServiceContext(course, db, tmp_path / "data", tmp_path / "course" / "assets", clock)
    return capabilities_module.create(ctx)


@pytest.fixture
def profile_id(db: sqlite_utils.Database, clock: FakeClock) -> str:
    return ProfileRepo(db, clock).create("Sam").id


def test_the_course_gives_fourteen_capabilities_and_a_worded_scale(
    service: CapabilityService,
) -> None:
    capabilities = service.capabilities()
    assert len(capabilities) == 14
    assert capabilities[0].title == "Relationships and boundaries"
    assert capabilities[0].description
    scale = service.scale()
    assert sorted(scale) == [1, 2, 3, 4, 5]
    assert scale[1] == "Not yet confident"


def test_latest_takes_each_capabilitys_most_recent_rating(
    service: CapabilityService, profile_id: str, clock: FakeClock
) -> None:
    assert service.latest(profile_id) == {}
    service.rate(profile_id, {"online-risk": (2, "  unsure  "), "digital-literacy": (3, "")})
    clock.advance(days=30)
    service.rate(profile_id, {"online-risk": (4, "after module 3")})

    latest = service.latest(profile_id)
    assert latest["online-risk"].rating == 4
    assert latest["online-risk"].note == "after module 3"
    assert latest["digital-literacy"].rating == 3  # not re-rated: the earlier one stands
    assert latest["digital-literacy"].day == date(2026, 3, 2)
    assert service.sessions(profile_id)[0].ratings["online-risk"] == (2, "unsure")


def test_history_gives_a_series_per_capability_across_sessions(
    service: CapabilityService, profile_id: str, clock: FakeClock
) -> None:
    assert service.history(profile_id).empty
    service.rate(profile_id, {"online-risk": (2, ""), "digital-literacy": (4, "")})
    clock.advance(days=10)
    service.rate(profile_id, {"online-risk": (3, "")})
    clock.advance(days=10)
    service.rate(profile_id, {"online-risk": (5, ""), "digital-literacy": (3, "")})

    history = service.history(profile_id)
    assert len(history.sessions) == 3
    assert history.sessions[0].day < history.sessions[1].day < history.sessions[2].day
    assert len(history.series) == 14
    by_id = {s.capability.id: s for s in history.series}
    risk, literacy = by_id["online-risk"], by_id["digital-literacy"]
    assert risk.ratings == (2, 3, 5) and risk.first == 2 and risk.latest == 5 and risk.change == 3
    assert literacy.ratings == (4, None, 3) and literacy.change == -1
    unrated = by_id["ethical-creativity"]
    assert unrated.ratings == (None, None, None) and unrated.latest is None
    assert unrated.change is None


def test_rate_refuses_bad_input_with_a_message_for_the_learner(
    service: CapabilityService, profile_id: str
) -> None:
    with pytest.raises(InvalidValueError, match="at least one"):
        service.rate(profile_id, {})
    with pytest.raises(InvalidValueError, match="1 to 5"):
        service.rate(profile_id, {"online-risk": (7, "")})
    with pytest.raises(InvalidValueError, match="does not list"):
        service.rate(profile_id, {"made-up": (3, "")})
    assert service.sessions(profile_id) == []
