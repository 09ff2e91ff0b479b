"""CPD records: drafts from real learning, the registration-year check, exports and certificates."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class CpdService:
    """Placeholder wired into start-up; Issue 5 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> CpdService:
    """Build the service from the shared start-up context."""
    return CpdService(ctx)
