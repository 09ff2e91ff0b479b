"""Capability self-ratings over time, and app-wide and per-profile settings."""

from __future__ import annotations

import pytest
import sqlite_utils

from desktop.store.capabilities import CapabilityRepo
from desktop.store.errors import InvalidValueError, RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from desktop.store.settings import SettingsRepo

from .fakes import FakeClock


def test_history_is_oldest_first_and_latest_is_the_newest(
    db: sqlite_utils.Database, clock: FakeClock, profile: Profile
) -> None:
    repo = CapabilityRepo(db, clock)
    assert repo.latest(profile.id) is None
    first = repo.rate(profile.id, {"values": (2, "unsure"), "boundaries": (3, "")})
    clock.advance(days=40)
    second = repo.rate(profile.id, {"values": (4, "better after module 2")})

    history = repo.history(profile.id)
    assert [s.session_id for s in history] == [first.session_id, second.session_id]
    assert history[0].ratings == {"values": (2, "unsure"), "boundaries": (3, "")}
    assert history[1].day == "2026-04-11"
    assert repo.latest(profile.id) == second
    newest, _oldest = EventLog(db).for_profile(profile.id, verb="rated")
    assert newest.result == {"session_id": second.session_id, "ratings": {"values": 4}}


@pytest.mark.parametrize("rating", [0, 6, True])
def test_ratings_must_be_one_to_five(
    db: sqlite_utils.Database, profile: Profile, rating: int
) -> None:
    with pytest.raises(InvalidValueError, match="1 to 5"):
        CapabilityRepo(db).rate(profile.id, {"values": (4, ""), "ethics": (rating, "")})
    assert CapabilityRepo(db).history(profile.id) == []


def test_settings_are_app_wide_or_per_profile(db: sqlite_utils.Database, profile: Profile) -> None:
    settings = SettingsRepo(db)
    assert settings.get("theme", "light") == "light"
    settings.set("theme", "dark")
    settings.set("theme", "high-contrast", profile_id=profile.id)
    settings.set("theme", "sepia")
    assert settings.get("theme", "light") == "sepia"
    assert settings.get("theme", "light", profile_id=profile.id) == "high-contrast"
    assert db.execute("SELECT count(*) FROM settings").fetchone()[0] == 2

    ProfileRepo(db).delete(profile.id)
    assert settings.get("theme", "light", profile_id=profile.id) == "light"
    assert settings.get("theme") == "sepia"


def test_settings_for_an_unknown_profile_are_refused(db: sqlite_utils.Database) -> None:
    with pytest.raises(RecordNotFoundError):
        SettingsRepo(db).set("theme", "dark", profile_id="ghost")
