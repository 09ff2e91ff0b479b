"""Learner profiles: several people can share one installation, each with their own log.

Besides the name, a profile has an optional colour key (the picker shows initials in a
circle of that colour; None means "pick one from the id") and a consent flag: only
profiles whose learner agreed appear in the team summary. ``updated_utc`` moves on
when the name, colour or consent changes, so an import can tell which copy is newer.
"""

from __future__ import annotations

import builtins
import sqlite3
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import ProfileNameError, RecordNotFoundError
from desktop.store.profile_names import (
    confusable_key,
    name_problem,
    normalise_profile_name,
    profile_name_key,
)
from desktop.store.records import first_row, new_id

if TYPE_CHECKING:
    from desktop.store.connection import Database

MAX_NAME_LENGTH = 60


@dataclass(frozen=True)
class Profile:
    """A learner; ``last_used_utc`` is None until the profile is first chosen."""

    id: str
    name: str
    created_utc: str
    last_used_utc: str | None
    colour: str | None = None
    include_in_team_summary: bool = False
    updated_utc: str | None = None


_name_key = profile_name_key


def _checked_name(name: str) -> str:
    clean = normalise_profile_name(name)
    if not clean:
        raise ProfileNameError("Please type a name for the profile.")
    if len(clean) > MAX_NAME_LENGTH:
        raise ProfileNameError(
            f"Profile names can be up to {MAX_NAME_LENGTH} characters long; this one has "
            f"{len(clean)}. Please shorten it."
        )
    problem = name_problem(clean)
    if problem is not None:
        raise ProfileNameError(problem)
    return clean


def look_alike(db: Database, name: str, own_id: str | None = None) -> str | None:
    """The name of another profile that ``name`` looks like (see profile_names), or None."""
    key = confusable_key(name)
    for other_id, other in db.execute("SELECT id, name FROM profiles").fetchall():
        if other_id != own_id and confusable_key(other) == key:
            return str(other)
    return None


def _looks_taken(clean: str, other: str) -> ProfileNameError:
    return ProfileNameError(
        f"\u201c{clean}\u201d looks the same as the profile \u201c{other}\u201d already here, "
        "so people could mistake one for the other. Please choose a name that looks different."
    )


def _name_taken(clean: str) -> ProfileNameError:
    return ProfileNameError(
        f"There is already a profile called \u201c{clean}\u201d. Please choose a different name."
    )


class ProfileRepo:
    """Creates, finds, renames and deletes profiles; deleting one removes all its data."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock

    def create(self, name: str, colour: str | None = None) -> Profile:
        """A new, never-used profile; raises ``ProfileNameError`` for a bad or taken name."""
        clean = _checked_name(name)
        other = look_alike(self._db, clean)
        if other is not None and profile_name_key(other) != profile_name_key(clean):
            raise _looks_taken(clean, other)
        now = utc_now(self._clock)
        profile = Profile(new_id(), clean, now, None, colour, False, now)
        try:
            self._db.execute(
                "INSERT INTO profiles (id, name, name_key, created_utc, last_used_utc, colour, "
                "include_in_team_summary, updated_utc) VALUES (?, ?, ?, ?, NULL, ?, 0, ?)",
                [profile.id, clean, _name_key(clean), now, colour, now],
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
        other = look_alike(self._db, clean, profile_id)
        if other is not None and profile_name_key(other) != profile_name_key(clean):
            raise _looks_taken(clean, other)
        try:
            with self._db.atomic():
                cursor = self._db.execute(
                    "UPDATE profiles SET name = ?, name_key = ?, updated_utc = ? WHERE id = ?",
                    [clean, _name_key(clean), utc_now(self._clock), profile_id],
                )
                _owner_changed(self._db, profile_id)
        except sqlite3.IntegrityError as error:
            raise _name_taken(clean) from error
        if cursor.rowcount == 0:
            raise RecordNotFoundError("profile", profile_id)
        return self._require(profile_id)

    def set_colour(self, profile_id: str, colour: str | None) -> Profile:
        """Choose the circle colour (a short key such as 'teal'; None = automatic)."""
        return self._update(profile_id, "colour", colour)

    def set_team_summary_consent(self, profile_id: str, include: bool) -> Profile:
        """Record whether this learner agreed to appear in the team summary."""
        return self._update(profile_id, "include_in_team_summary", int(bool(include)))

    def included_in_team_summary(self) -> builtins.list[Profile]:
        """The profiles whose learners agreed to be in the team summary, by name."""
        rows = self._db.query(
            "SELECT * FROM profiles WHERE include_in_team_summary = 1 ORDER BY name_key, id"
        )
        return [_profile(row) for row in rows]

    def last_activity(self) -> dict[str, str]:
        """The time of each profile's newest logged event, by profile id (none: absent)."""
        rows = self._db.execute(
            "SELECT profile_id, max(ts_utc) FROM events GROUP BY profile_id"
        ).fetchall()
        return {profile_id: ts for profile_id, ts in rows}

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

    def _update(self, profile_id: str, column: str, value: object) -> Profile:
        # ``column`` is one of ours, never user input, so formatting it in is safe.
        with self._db.atomic():
            cursor = self._db.execute(
                f"UPDATE profiles SET {column} = ?, updated_utc = ? WHERE id = ?",
                [value, utc_now(self._clock), profile_id],
            )
            _owner_changed(self._db, profile_id)
        if cursor.rowcount == 0:
            raise RecordNotFoundError("profile", profile_id)
        return self._require(profile_id)

    def _require(self, profile_id: str) -> Profile:
        profile = self.get(profile_id)
        if profile is None:
            raise RecordNotFoundError("profile", profile_id)
        return profile


def _owner_changed(db: Database, profile_id: str) -> None:
    """A protected, unlocked profile's settings were changed by its owner: record them
    with their seal (``seal_ledger.seal_settings``); otherwise nothing to do."""
    from desktop.store.seal_ledger import seal_settings

    seal_settings(db, profile_id)


def _profile(row: dict[str, Any]) -> Profile:
    return Profile(
        id=row["id"],
        name=row["name"],
        created_utc=row["created_utc"],
        last_used_utc=row["last_used_utc"],
        colour=row["colour"],
        include_in_team_summary=bool(row["include_in_team_summary"]),
        updated_utc=row["updated_utc"] or row["created_utc"],
    )
