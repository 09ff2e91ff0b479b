"""Small helpers every repository shares: new ids, JSON columns, single-row look-ups,
foreign-key errors."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from desktop.store.errors import RecordNotFoundError

if TYPE_CHECKING:
    from desktop.store.connection import Database


def new_id() -> str:
    """A fresh uuid4 as 32 hex characters (xAPI needs uuids, so events can be sent twice)."""
    import uuid  # here, not at the top: the uuid module costs a launch ~3 ms

    return uuid.uuid4().hex


def to_json(value: Any) -> str:
    """Compact, stable JSON for a TEXT column."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def from_json(text: str | None) -> Any:
    """The value stored by ``to_json``; ``None`` stays ``None``."""
    return None if text is None else json.loads(text)


def first_row(db: Database, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
    """The first row a query returns, or None; reads no further rows."""
    return next(iter(db.query(sql, params)), None)


@contextmanager
def missing_parent_means(what: str, record_id: str = "") -> Iterator[None]:
    """Turn a foreign-key failure into a readable ``RecordNotFoundError`` for ``what``."""
    try:
        yield
    except sqlite3.IntegrityError as error:
        # The connection's errors keep SQLite's own words in ``detail``.
        if "FOREIGN KEY" not in (getattr(error, "detail", "") or str(error)):
            raise
        raise RecordNotFoundError(what, record_id) from error
