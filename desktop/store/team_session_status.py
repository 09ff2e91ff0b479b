"""A team session's two states, and the one question every profile opening asks of them.

Kept apart from ``desktop.store.team_sessions`` (row types and the repository) because
opening a profile asks, every time, whether an ended session still owes it a draft CPD
record; the answer is almost always no, and it needs none of the rest.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop.store.connection import Database

ACTIVE = "active"
ENDED = "ended"


def drafts_owed(db: Database, profile_id: str) -> bool:
    """Whether some ended session still owes this profile its draft (one indexed look)."""
    row = db.execute(
        "SELECT 1 FROM team_sessions s JOIN team_session_attendees a "
        "ON a.session_id = s.id WHERE a.profile_id = ? AND a.delivered_record_id IS NULL "
        "AND s.status = ? LIMIT 1",
        [profile_id, ENDED],
    ).fetchone()
    return row is not None
