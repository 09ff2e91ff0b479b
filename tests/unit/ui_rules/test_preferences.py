"""Preferences: each profile keeps its own look; the picker opens as the last person left it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from desktop.services.preferences import (
    TEXT_SIZES,
    Preferences,
    PreferencesService,
    larger_text_size,
    smaller_text_size,
)
from desktop.store.database import open_memory_database
from desktop.store.profiles import ProfileRepo
from desktop.store.settings import SettingsRepo


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_memory_database()
    yield database
    database.close()


@pytest.fixture
def prefs(db: sqlite_utils.Database) -> PreferencesService:
    return PreferencesService(db)


def test_a_new_installation_follows_the_system_at_normal_size(prefs):
    assert prefs.load() == Preferences(theme="system", text_size=100, extra_spacing=False)


def test_steps_go_from_100_to_200_and_stop_at_each_end():
    assert TEXT_SIZES[0] == 100 and TEXT_SIZES[-1] == 200
    sizes = [100]
    while sizes[-1] != larger_text_size(sizes[-1]):
        sizes.append(larger_text_size(sizes[-1]))
    assert tuple(sizes) == TEXT_SIZES
    assert larger_text_size(200) == 200
    assert smaller_text_size(150) == 130
    assert smaller_text_size(100) == 100


def test_each_profile_keeps_its_own_look(db, prefs):
    repo = ProfileRepo(db)
    priya, sam = repo.create("Priya"), repo.create("Sam")
    prefs.update(priya.id, text_size=200, theme="high-contrast", extra_spacing=True)
    prefs.update(sam.id, theme="dark")
    assert prefs.load(priya.id) == Preferences("high-contrast", 200, True)
    # Sam never chose a size: he gets the machine's, never Priya's.
    assert prefs.load(sam.id).theme == "dark"
    assert prefs.load(sam.id).text_size == 100
    prefs.update(sam.id, text_size=100, extra_spacing=False)
    assert prefs.load(priya.id) == Preferences("high-contrast", 200, True)
    assert prefs.load(sam.id) == Preferences("dark", 100, False)


def test_the_picker_uses_the_machine_look_not_the_last_learners(db, prefs):
    priya = ProfileRepo(db).create("Priya")
    prefs.update(priya.id, text_size=175, theme="dark")
    assert prefs.load(None) == Preferences()  # the profile list: system theme, 100%
    prefs.update(None, text_size=150)  # chosen on the profile list itself
    assert prefs.load(None).text_size == 150
    sam = ProfileRepo(db).create("Sam")
    assert prefs.load(sam.id) == Preferences("system", 150, False)  # starts from the machine's
    assert prefs.load(priya.id) == Preferences("dark", 175, False)


def test_choices_survive_a_restart(db):
    priya = ProfileRepo(db).create("Priya")
    PreferencesService(db).update(priya.id, theme="light", text_size=130)
    assert PreferencesService(db).load(priya.id) == Preferences("light", 130, False)


def test_unknown_stored_values_fall_back_safely(db, prefs):
    settings = SettingsRepo(db)
    settings.set("ui.theme", "sepia")
    settings.set("ui.text_size", "160")  # a later version's step snaps to the nearest
    assert prefs.load() == Preferences("system", 150, False)
    settings.set("ui.text_size", "huge")
    assert prefs.load().text_size == 100


def test_welcome_is_seen_once_per_data_folder(db, prefs):
    assert not prefs.welcome_seen()
    prefs.mark_welcome_seen()
    assert PreferencesService(db).welcome_seen()


def test_deleting_a_profile_deletes_its_preferences(db, prefs):
    repo = ProfileRepo(db)
    priya = repo.create("Priya")
    prefs.update(priya.id, theme="dark")
    db.execute("DELETE FROM profiles WHERE id = ?", [priya.id])
    rows = db.execute("SELECT count(*) FROM settings WHERE profile_id = ?", [priya.id])
    assert rows.fetchone()[0] == 0
