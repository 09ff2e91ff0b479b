"""Refresh sets: questions answered wrongly come back on later days at widening intervals."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class RefreshService:
    """Placeholder wired into start-up; Issue 4 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> RefreshService:
    """Build the service from the shared start-up context."""
    return RefreshService(ctx)
