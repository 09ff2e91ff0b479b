"""Full-text search over modules and glossary (SQLite FTS5 with stemming)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext


class SearchService:
    """Placeholder wired into start-up; Issue 4 fills it in."""

    def __init__(self, ctx: ServiceContext) -> None:
        self._ctx = ctx


def create(ctx: ServiceContext) -> SearchService:
    """Build the service from the shared start-up context."""
    return SearchService(ctx)
