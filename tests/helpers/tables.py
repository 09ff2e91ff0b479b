"""The tables of a progress file that hold data, for tests that compare or dump them.

Full-text indexes are derived: a virtual table and its shadow tables (``<name>_data``,
``<name>_idx``, … some WITHOUT ROWID) hold only what ``'rebuild'`` makes again from
the real tables, so they are left out.
"""

from __future__ import annotations

from typing import Any


def data_tables(db: Any) -> list[str]:
    """Names of the ordinary tables, sorted, without SQLite's own and FTS ones."""
    rows = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    virtual = [name for name, sql in rows if (sql or "").upper().startswith("CREATE VIRTUAL")]
    return sorted(
        name
        for name, _sql in rows
        if name not in virtual and not any(name.startswith(f"{v}_") for v in virtual)
    )
