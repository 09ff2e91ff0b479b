"""The one-line state of organisation sync ("12 waiting · last sent 10:42"), cheap to import."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the queue's module is not needed to write the line (nor at launch)
    from desktop.store.lrs_queue import QueueCounts


def status_line(counts: QueueCounts, now: datetime | None = None) -> str:
    """ "12 waiting · last sent 10:42" (local time; the date too when not today)."""
    parts = [f"{counts.waiting} waiting"]
    if counts.held:
        parts.append(f"{counts.held} held back")
    if counts.last_sent_utc:
        moment = datetime.fromisoformat(counts.last_sent_utc.replace("Z", "+00:00")).astimezone()
        today = (now or datetime.now().astimezone()).date()
        when = (
            moment.strftime("%H:%M") if moment.date() == today else moment.strftime("%d %b %H:%M")
        )
        parts.append(f"last sent {when}")
    else:
        parts.append("nothing sent yet")
    return " · ".join(parts)
