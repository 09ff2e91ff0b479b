"""Profile management a learner sees in the picker: names, colours, consent, "last used"."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from desktop.services.profiles import (
    PROFILE_COLOURS,
    ProfileError,
    ProfileService,
    colour_for,
    contrast_ratio,
    initials,
    matches,
    text_colour_on,
)
from desktop.store.database import open_memory_database
from desktop.store.events import EventLog
from desktop.store.profiles import Profile, ProfileRepo
from tests.unit.store.fakes import FakeClock

LONDON_SUMMER = timezone(timedelta(hours=1), "BST")


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 7, 15, 20, 4, tzinfo=UTC))


@pytest.fixture
def service(clock):
    db = open_memory_database()
    yield ProfileService(ProfileRepo(db, clock), clock, tz=LONDON_SUMMER)
    db.close()


def test_create_rename_and_delete(service):
    sam = service.create("Sam", colour="teal")
    assert service.rename(sam.id, "Samira").name == "Samira"
    assert service.get(sam.id).colour == "teal"
    service.delete(sam.id)
    assert service.list() == []


def test_a_taken_name_is_refused_with_a_message_that_says_what_to_do(service):
    service.create("Sam")
    alex = service.create("Alex")
    with pytest.raises(ProfileError, match="choose a different name"):
        service.rename(alex.id, "SAM")
    with pytest.raises(ProfileError, match="type a name"):
        service.create("   ")


def test_acting_on_a_profile_deleted_meanwhile_says_so(service):
    sam = service.create("Sam")
    service.delete(sam.id)
    for action in (
        lambda: service.rename(sam.id, "X"),
        lambda: service.delete(sam.id),
        lambda: service.use(sam.id),
        lambda: service.set_colour(sam.id, "blue"),
    ):
        with pytest.raises(ProfileError, match="could not find"):
            action()


def test_colours_come_from_the_list_and_unknown_ones_are_refused(service):
    sam = service.create("Sam")
    assert service.set_colour(sam.id, "purple").colour == "purple"
    assert colour_for(service.get(sam.id)).label == "Purple"
    with pytest.raises(ProfileError, match="Choose one from the list"):
        service.set_colour(sam.id, "#ff0000")
    assert service.set_colour(sam.id, None).colour is None


def test_a_profile_without_a_colour_always_gets_the_same_one():
    profile = Profile("abc123", "Sam", "2026-01-01T00:00:00.000Z", None)
    assert colour_for(profile) == colour_for(profile)
    assert colour_for(profile) in PROFILE_COLOURS


def test_team_summary_consent_is_off_until_given(service):
    sam = service.create("Sam")
    assert not sam.include_in_team_summary
    assert service.set_team_summary_consent(sam.id, True).include_in_team_summary
    assert not service.set_team_summary_consent(sam.id, False).include_in_team_summary


def test_using_a_profile_puts_it_first(service, clock):
    first, second = service.create("Ann"), service.create("Bob")
    service.use(first.id)
    clock.advance(minutes=5)
    service.use(second.id)
    assert [p.name for p in service.list()] == ["Bob", "Ann"]


@pytest.mark.parametrize(
    ("used", "expected"),
    [
        (None, "Not used yet"),
        ("2026-07-15T20:04:00.000Z", "Last used today at 21:04"),  # 21:04 in summer time
        ("2026-07-14T08:15:00.000Z", "Last used yesterday at 09:15"),
        ("2026-07-13T12:00:00.000Z", "Last used on Monday 13 July"),
        ("2026-03-02T12:00:00.000Z", "Last used on 2 March"),
        ("2025-12-24T12:00:00.000Z", "Last used on 24 December 2025"),
        ("2026-07-14T23:30:00.000Z", "Last used today at 00:30"),  # after midnight locally
    ],
)
def test_last_used_reads_like_a_person_would_say_it(service, used, expected):
    profile = Profile("p", "Sam", "2026-01-01T00:00:00.000Z", used)
    assert service.last_used_text(profile) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sam Patel", "SP"),
        ("Priya", "P"),
        ("  mary  ann  o'neil ", "MO"),
        ("Élodie Dubois", "ÉD"),
        ("(Sam) [Lee]", "SL"),
        ("---", "?"),
        ("张伟", "张"),
    ],
)
def test_initials(name, expected):
    assert initials(name) == expected


def test_search_ignores_case_and_accents_and_matches_every_word():
    elodie = Profile("1", "Élodie Dubois", "t", None)
    assert matches(elodie, "elo")
    assert matches(elodie, "DUB elo")
    assert not matches(elodie, "elo smith")
    assert matches(elodie, "  ")


def test_text_on_every_profile_colour_is_readable():
    # WCAG AA for large text (the initials are bold and larger than body text): 3:1.
    for colour in PROFILE_COLOURS:
        text = text_colour_on(colour.hex)
        assert contrast_ratio(colour.hex, text) >= 3.0, colour


def test_text_colour_follows_the_palette_candidates():
    assert text_colour_on("#ffb300", ("#1a1a1a", "#f0f0f0")) == "#1a1a1a"
    assert text_colour_on("#1565c0", ("#1a1a1a", "#f0f0f0")) == "#f0f0f0"
    assert round(contrast_ratio("#000000", "#ffffff"), 1) == 21.0


def test_thirty_profiles_list_quickly_and_in_order(clock):
    db = open_memory_database()
    repo = ProfileRepo(db, clock)
    service = ProfileService(repo, clock)
    made = [service.create(f"Learner {n:02d}") for n in range(35)]
    for profile in made[::7]:
        clock.advance(minutes=1)
        service.use(profile.id)
    names = [p.name for p in service.list()]
    assert len(names) == 35
    assert names[:5] == ["Learner 28", "Learner 21", "Learner 14", "Learner 07", "Learner 00"]
    assert names[5:8] == ["Learner 01", "Learner 02", "Learner 03"]
    EventLog(db, clock).append(made[0].id, "opened", "module:alpha")
    assert set(repo.last_activity()) == {made[0].id}
    db.close()
