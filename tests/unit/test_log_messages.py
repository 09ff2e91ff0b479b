"""Which exception messages the log (and the error report) may show, and which it withholds.

A message is shown only when it matches one of the fixed system messages known never to
hold a learner's text; anything else, however harmless it looks, is withheld.
"""

from __future__ import annotations

import sqlite3

import pytest

from desktop.logs import describe_exception


@pytest.mark.parametrize(
    "error",
    [
        sqlite3.OperationalError("database is locked"),
        sqlite3.OperationalError("no such table: profiles"),
        sqlite3.IntegrityError("UNIQUE constraint failed: profiles.name_key"),
        sqlite3.IntegrityError("NOT NULL constraint failed"),
        sqlite3.OperationalError("cannot commit - no transaction is active"),
        sqlite3.ProgrammingError("Cannot operate on a closed database."),
        RecursionError("maximum recursion depth exceeded while calling a Python object"),
    ],
)
def test_known_system_messages_are_shown(error: Exception) -> None:
    assert describe_exception(error).endswith(f": {error}")


@pytest.mark.parametrize(
    "message",
    [
        "I felt uneasy when the family found my profile",
        "database is locked because Sam said so",  # a safe message with more after it
        "Sam Patel: UNIQUE constraint failed",  # ...or before it
        "no such table: my notes about the visit",
    ],
)
def test_anything_else_is_withheld_with_only_its_length(message: str) -> None:
    assert describe_exception(ValueError(message)) == (
        f"ValueError (message withheld, {len(message)} characters)"
    )
