"""Fixtures for store tests: an in-memory database, a controllable clock, a profile."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from desktop.store.database import open_memory_database
from desktop.store.profiles import Profile, ProfileRepo

from .fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    database = open_memory_database()
    yield database
    database.close()


@pytest.fixture
def profile(db: sqlite_utils.Database, clock: FakeClock) -> Profile:
    return ProfileRepo(db, clock).create("Sam")
