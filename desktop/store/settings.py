"""Preferences as text key/values, app-wide or per profile (deleted with the profile)."""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from desktop.store.errors import InvalidValueError
from desktop.store.records import missing_parent_means

if TYPE_CHECKING:
    from desktop.store.connection import Database


class SettingsRepo:
    """Reads and writes settings; ``profile_id=None`` means app-wide."""

    def __init__(self, db: Database) -> None:
        self._db = db

    @overload
    def get(self, key: str, default: str, profile_id: str | None = None) -> str: ...
    @overload
    def get(
        self, key: str, default: str | None = None, profile_id: str | None = None
    ) -> str | None: ...
    def get(
        self, key: str, default: str | None = None, profile_id: str | None = None
    ) -> str | None:
        """The stored value, or ``default`` if this key was never set in this scope."""
        row = self._db.execute(
            "SELECT value FROM settings WHERE ifnull(profile_id, '') = ? AND key = ?",
            [profile_id or "", key],
        ).fetchone()
        return default if row is None else row[0]

    def set(self, key: str, value: str, profile_id: str | None = None) -> None:
        """Store ``value`` (text; callers convert numbers and flags) under ``key``."""
        if not isinstance(value, str):
            raise InvalidValueError(f"Setting {key!r} must be saved as text.")
        with missing_parent_means("profile", profile_id or ""):
            self._db.execute(
                "INSERT INTO settings (profile_id, key, value) VALUES (?, ?, ?) "
                "ON CONFLICT (ifnull(profile_id, ''), key) DO UPDATE SET value = excluded.value",
                [profile_id, key, value],
            )
