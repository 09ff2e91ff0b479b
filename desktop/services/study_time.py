"""Active study time per module and section; idle spells over two minutes are not counted."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class StudyTimeService:
    """Placeholder wired into start-up; Issue 4 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> StudyTimeService:
    """Build the service from the shared start-up context."""
    return StudyTimeService(ctx)
