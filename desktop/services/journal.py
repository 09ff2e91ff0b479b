"""The reflection journal: prompts per module, autosaved free writing, listing and search."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class JournalService:
    """Placeholder wired into start-up; Issue 4 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> JournalService:
    """Build the service from the shared start-up context."""
    return JournalService(ctx)
