"""The registration year's progress in words, shared by the CPD page and the home tile.

"1 of 2 records", "no peer reflection yet", "9 days left": plain text, so the home
tile can say where renewal stands without importing the CPD page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop.cpd.formatting import format_date_uk

if TYPE_CHECKING:
    from desktop.cpd.requirements import YearCheck


def records_progress(check: YearCheck) -> str:
    """ "1 of 2 records", "2 of 2 records ✓", "3 records ✓" (identical copies count once),
    or with drafts "2 recorded, 1 still a draft": the tick only for ready records."""
    n, needed = check.distinct_count, check.rules.min_records
    if check.draft_count:
        drafts = check.draft_count
        text = f"{check.count} recorded, {drafts} still {'a draft' if drafts == 1 else 'drafts'}"
        return f"{text} ({n} ready ✓)" if n >= needed else text
    if n < needed:
        return f"{n} of {needed} records"
    if n == needed:
        return f"{n} of {needed} records ✓"
    return f"{n} records ✓"


def peer_progress(check: YearCheck) -> str:
    """ "peer reflection done ✓" only when a ready record has one."""
    if check.has_peer:
        return "peer reflection done ✓"
    if check.draft_peer_count:
        return "peer reflection in a draft"
    return "no peer reflection yet"


def days_left_text(check: YearCheck, is_current: bool) -> str:
    """ "9 days left", "1 day left", "Last day today" or "Ended 30 November 2025"."""
    days = check.days_to_deadline
    if not is_current or days < 0:
        return f"Ended {format_date_uk(check.year.deadline)}"
    if days == 0:
        return "Last day today"
    return "1 day left" if days == 1 else f"{days} days left"
