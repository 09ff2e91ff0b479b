"""Fixtures shared by the service tests: a real, migrated in-memory progress log."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlite_utils

from desktop.store.database import open_memory_database


@pytest.fixture
def db() -> Iterator[sqlite_utils.Database]:
    """A fresh progress log in memory, with every migration applied (a test file that
    needs a file on disk defines its own ``db``)."""
    database = open_memory_database()
    yield database
    database.close()
