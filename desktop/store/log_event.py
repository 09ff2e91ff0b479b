"""One line of the learning log, as the store hands it out.

Apart from ``events`` (which writes and reads the log) so that ``lrs_queue``, which
``events`` calls to queue a statement in the same transaction, can name the type
without the two modules importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Event:
    """One line of the log, e.g. verb 'answered', object 'question:identity-prism/ip-3'."""

    id: str
    ts_utc: str
    profile_id: str
    verb: str
    object_id: str
    result: dict[str, Any] | None
    content_version: str | None
