"""Profile names show what they are (issue 16, finding 5): on a shared laptop, a fake
"Alice" must not pass for the real one, whether typed here or imported."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from desktop.services.archive import ArchiveService
from desktop.store.database import open_memory_database
from desktop.store.errors import ProfileNameError
from desktop.store.profile_names import confusable_key
from desktop.store.profiles import ProfileRepo
from desktop.store.reflections import ReflectionRepo

from .fakes import FakeClock

HIDDEN = {
    "right-to-left override": "Ali\u202eecil",
    "zero-width space": "Ali\u200bce",
    "zero-width joiner": "Ali\u200dce",
    "byte order mark": "\ufeffAlice",
    "bell": "Alice\x07",
    "escape": "Alice\x1b[31m",
    "private use": "Alice\ue000",
    "word joiner": "Ali\u2060ce",
}


@pytest.fixture
def repo(db: sqlite_utils.Database, clock: FakeClock) -> ProfileRepo:
    return ProfileRepo(db, clock)


@pytest.mark.parametrize("name", HIDDEN.values(), ids=HIDDEN.keys())
def test_invisible_or_steering_characters_are_refused_with_a_reason(repo, name) -> None:
    with pytest.raises(ProfileNameError, match="cannot contain"):
        repo.create(name)
    profile = repo.create("Alice")
    with pytest.raises(ProfileNameError, match="cannot contain"):
        repo.rename(profile.id, name)


@pytest.mark.parametrize(
    "fake",
    [
        "\u0410lice",  # Cyrillic capital A
        "Al\u0456ce",  # Cyrillic i
        "\uff21\uff4c\uff49\uff43\uff45",  # full-width letters
        "AIice",  # capital I for l
        "Alíce",  # an accent
    ],
)
def test_a_name_that_looks_like_another_profile_is_refused(repo, fake) -> None:
    repo.create("Alice")
    with pytest.raises(ProfileNameError, match="looks the same as"):
        repo.create(fake)
    other = repo.create("Bob")
    with pytest.raises(ProfileNameError, match="looks the same as"):
        repo.rename(other.id, fake)


def test_real_names_in_other_scripts_and_case_changes_are_fine(repo) -> None:
    alice = repo.create("Alice")
    assert repo.rename(alice.id, "ALICE").name == "ALICE"  # changing only the case
    for name in ("Zoë Ó Briain", "Анна Петрова", "Μαρία", "李华", "Siân-Marie O'Neil"):
        assert repo.create(name).name == name


def test_confusable_keys_fold_what_people_cannot_see() -> None:
    assert confusable_key("\u0410lice") == confusable_key("alice") == confusable_key("ALICE")
    assert confusable_key("Alice") != confusable_key("Alex")


def test_an_imported_look_alike_is_clearly_marked_not_merged(tmp_path: Path) -> None:
    """An archive of a new profile named like someone here arrives as '… (imported)'."""
    home, other = open_memory_database(), open_memory_database()
    try:
        ProfileRepo(home).create("Alice")
        # Made where the fake name was free (the other laptop has no Alice).
        fake = ProfileRepo(other).create("\u0410lice")
        ReflectionRepo(other).create(fake.id, "alpha", None, "Not Alice's words")
        archive = ArchiveService(other, tmp_path).export_profile(fake.id, tmp_path / "a.prism")

        report = ArchiveService(home, tmp_path).import_archive(archive)

        assert report.new_profile
        assert report.profile_name.endswith("(imported)")
        assert any("looking like" in message for message in report.messages)
        assert sorted(p.name for p in ProfileRepo(home).list()) == [
            "Alice",
            "\u0410lice (imported)",
        ]
    finally:
        home.close()
        other.close()
