"""Learner profiles: several people can share one installation, each with their own log."""

from __future__ import annotations

import builtins
import sqlite3
import unicodedata
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import ProfileNameError, RecordNotFoundError
from desktop.store.records import first_row, new_id

if TYPE_CHECKING:
    from sqlite_utils import Database

MAX_NAME_LENGTH = 60


@dataclass(frozen=True)
class Profile:
    """A learner; ``last_used_utc`` is None until the profile is first chosen."""

    id: str
    name: str
    created_utc: str
    last_used_utc: str | None


def normalise_profile_name(name: str) -> str:
    """The name as stored: NFC, trimmed, inner runs of whitespace made one space."""
    return " ".join(unicodedata.normalize("NFC", name).split())


def _name_key(name: str) -> str:
    """What makes two names 'the same': case-insensitive, for any alphabet."""
    return normalise_profile_name(name).casefold()


def _checked_name(name: str) -> str:
    clean = normalise_profile_name(name)
    if not clean:
        raise ProfileNameError("Please type a name for the profile.")
    if len(clean) > MAX_NAME_LENGTH:
        raise ProfileNameError(
            f"Profile names can be up to {MAX_NAME_LENGTH} characters long; this one has "
            f"{len(clean)}. Please shorten it."
        )
    return clean


def _name_taken(clean: str) -> ProfileNameError:
    return ProfileNameError(
        f"There is already a profile called \u201c{clean}\u201d. Please choose a different name."
    )


class ProfileRepo:
    """Creates, finds, renames and deletes profiles; deleting one removes all its data."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    def create(self, name: str) -> Profile:
        """A new, never-used profile; raises ``ProfileNameError`` for a bad or taken name."""
        clean = _checked_name(name)
        profile = Profile(new_id(), clean, utc_now(self._clock), None)
        try:
            self._db.execute(
                "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc) "
                "VALUES (?, ?, ?, ?, NULL)",
                [profile.id, clean, _name_key(clean), profile.created_utc],
            )
        except sqlite3.IntegrityError as error:
            raise _name_taken(clean) from error
        return profile

    def list(self) -> builtins.list[Profile]:
        """All profiles, most recently used first; never-used ones after, by name."""
        rows = self._db.query(
            "SELECT * FROM profiles "
            "ORDER BY last_used_utc IS NULL, last_used_utc DESC, name_key, id"
        )
        return [_profile(row) for row in rows]

    def get(self, profile_id: str) -> Profile | None:
        """The profile with this id, or None."""
        row = first_row(self._db, "SELECT * FROM profiles WHERE id = ?", [profile_id])
        return None if row is None else _profile(row)

    def find_by_name(self, name: str) -> Profile | None:
        """The profile whose name matches ignoring case and extra spaces, or None."""
        row = first_row(self._db, "SELECT * FROM profiles WHERE name_key = ?", [_name_key(name)])
        return None if row is None else _profile(row)

    def rename(self, profile_id: str, name: str) -> Profile:
        """Give a profile a new name (changing only its case is allowed)."""
        clean = _checked_name(name)
        try:
            cursor = self._db.execute(
                "UPDATE profiles SET name = ?, name_key = ? WHERE id = ?",
                [clean, _name_key(clean), profile_id],
            )
        except sqlite3.IntegrityError as error:
            raise _name_taken(clean) from error
        if cursor.rowcount == 0:
            raise RecordNotFoundError("profile", profile_id)
        return self._require(profile_id)

    def delete(self, profile_id: str) -> None:
        """Delete a profile and, through ON DELETE CASCADE, everything it recorded."""
        cursor = self._db.execute("DELETE FROM profiles WHERE id = ?", [profile_id])
        if cursor.rowcount == 0:
            raise RecordNotFoundError("profile", profile_id)

    def mark_used(self, profile_id: str) -> Profile:
        """Note that the learner chose this profile now (it moves to the top of ``list``)."""
        cursor = self._db.execute(
            "UPDATE profiles SET last_used_utc = ? WHERE id = ?",
            [utc_now(self._clock), profile_id],
        )
        if cursor.rowcount == 0:
            raise RecordNotFoundError("profile", profile_id)
        return self._require(profile_id)

    def last_used(self) -> Profile | None:
        """The profile chosen most recently, to offer at start-up; None if none was used."""
        row = first_row(
            self._db,
            "SELECT * FROM profiles WHERE last_used_utc IS NOT NULL "
            "ORDER BY last_used_utc DESC LIMIT 1",
        )
        return None if row is None else _profile(row)

    def _require(self, profile_id: str) -> Profile:
        profile = self.get(profile_id)
        if profile is None:
            raise RecordNotFoundError("profile", profile_id)
        return profile


def _profile(row: dict[str, Any]) -> Profile:
    return Profile(row["id"], row["name"], row["created_utc"], row["last_used_utc"])
