"""Profiles on this computer: list (last used first), create, open."""

from __future__ import annotations

from desktop.store.errors import ProfileNameError
from desktop.store.profiles import Profile, ProfileRepo


class ProfileError(ValueError):
    """A profile action that cannot be done; the message is for the learner."""


class ProfileService:
    def __init__(self, repo: ProfileRepo) -> None:
        self._repo = repo

    def list(self) -> list[Profile]:
        return self._repo.list()

    def create(self, name: str) -> Profile:
        try:
            return self._repo.create(name)
        except ProfileNameError as error:
            raise ProfileError(str(error)) from None

    def use(self, profile_id: str) -> Profile:
        """Open a profile: it becomes the one preselected next time."""
        self._repo.mark_used(profile_id)
        return self._repo.get(profile_id)

    def find(self, name: str) -> Profile | None:
        return self._repo.find_by_name(name)
