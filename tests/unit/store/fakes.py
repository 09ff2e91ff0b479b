"""Test doubles shared by the store tests."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta


class FakeClock:
    """A clock tests can set; each reading moves it on a second so order is certain."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        current = self.now
        self.now += timedelta(seconds=1)
        return current

    def advance(self, **kwargs: float) -> None:
        self.now += timedelta(**kwargs)
