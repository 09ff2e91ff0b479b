"""Digital capability self-assessment: rate the 14 capabilities 1-5 and see change over time."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class CapabilityService:
    """Placeholder wired into start-up; Issue 4 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> CapabilityService:
    """Build the service from the shared start-up context."""
    return CapabilityService(ctx)
