"""Automatic and manual backups of the database, restore, and the database check."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class BackupService:
    """Placeholder wired into start-up; Issue 7 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> BackupService:
    """Build the service from the shared start-up context."""
    return BackupService(ctx)
