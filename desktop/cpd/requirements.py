"""Does a registration year's CPD meet Social Work England's rules, and what needs attention?

The rules live in `CpdRules` (one place, as data) because Social Work
England plans to reform CPD; `check_year` only applies them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from desktop.cpd.formatting import format_date_uk
from desktop.cpd.presentation import record_sort_key, select_records
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear, uk_date

STANDARD_4_PARTS: tuple[str, ...] = ("4.1", "4.2", "4.3", "4.4", "4.5", "4.6", "4.7", "4.8")


@dataclass(frozen=True)
class CpdRules:
    """The yearly minimums: how many different records, and how many with a peer reflection."""

    min_records: int = 2
    min_peer_records: int = 1
    standard_parts: tuple[str, ...] = STANDARD_4_PARTS


CURRENT_RULES = CpdRules()


@dataclass(frozen=True)
class YearCheck:
    """The state of one registration year's CPD, ready for the year view and for export warnings.

    Only records marked ready meet the year: ``distinct_count`` and ``peer_count``
    count ready records, ``count`` and ``draft_count`` every record dated in the year.
    A draft is unfinished CPD, and counting it would tick a year that is not done.
    """

    year: RegistrationYear
    records: tuple[CpdRecord, ...]
    count: int
    distinct_count: int
    peer_count: int
    standards_covered: tuple[str, ...]
    standards_missing: tuple[str, ...]
    total_minutes: int
    days_to_deadline: int
    shortfalls: tuple[str, ...]
    warnings: tuple[str, ...]
    rules: CpdRules = CURRENT_RULES
    draft_count: int = 0
    draft_peer_count: int = 0  # drafts with a written peer reflection, not yet counting

    @property
    def has_peer(self) -> bool:
        """At least the required number of records have a written peer reflection."""
        return self.peer_count >= self.rules.min_peer_records

    @property
    def records_needed(self) -> int:
        """How many more different records the year needs (0 when enough)."""
        return max(0, self.rules.min_records - self.distinct_count)

    @property
    def met(self) -> bool:
        """Enough different records, and enough with a peer reflection."""
        return self.records_needed == 0 and self.has_peer


NAMED_OUTSIDE = 5
"""Records named in the "dated outside the year" warning; the rest are counted."""


def check_year(
    records: Iterable[CpdRecord],
    year: RegistrationYear,
    today: date | datetime,
    rules: CpdRules = CURRENT_RULES,
    *,
    outside: tuple[int, Sequence[CpdRecord]] | None = None,
) -> YearCheck:
    """Check `year` against `rules`.

    Pass the records meant for this year (or all of them): records count
    towards the year their start date falls in, and any others are named in
    a warning so the person notices a record filed in the wrong year.
    ``outside``: when the caller read only the year's records, how many others there
    are and the oldest few of them (the warning names at most `NAMED_OUTSIDE`).
    """
    all_records = tuple(records)
    in_year = select_records(all_records, year)
    in_year_ids = {id(r) for r in in_year}
    others = [r for r in all_records if id(r) not in in_year_ids]
    outside_count = len(others)
    if outside is not None:
        outside_count += outside[0]
        others += outside[1]
    named = sorted(others, key=record_sort_key)[:NAMED_OUTSIDE]
    groups = _duplicate_groups(in_year)
    ready = tuple(r for r in in_year if r.is_ready)
    drafts = [r for r in in_year if not r.is_ready]
    distinct_count = len(ready) - sum(len(g) - 1 for g in _duplicate_groups(ready))
    peer_count = sum(1 for r in ready if r.has_peer_reflection)
    draft_peer_count = sum(1 for r in drafts if r.has_peer_reflection)
    tagged = {s for r in in_year for s in r.standards}
    covered = tuple(p for p in rules.standard_parts if p in tagged)
    missing = tuple(p for p in rules.standard_parts if p not in tagged)

    shortfalls: list[str] = []
    needed = max(0, rules.min_records - distinct_count)
    if needed and drafts:
        shortfalls.append(
            f"Finish and mark as ready {_count(min(needed, len(drafts)), 'more record')} "
            f"for {year.label}, or add new ones: only records marked ready count towards "
            f"the {rules.min_records} different pieces Social Work England asks for each "
            "registration year."
        )
    elif needed:
        shortfalls.append(
            f"Add {_count(needed, 'more piece')} of CPD for {year.label}: "
            f"Social Work England asks for at least {rules.min_records} different pieces "
            "each registration year."
        )
    peer_needed = max(0, rules.min_peer_records - peer_count)
    if peer_needed and draft_peer_count:
        shortfalls.append(
            f"Finish the {_count(draft_peer_count, 'draft')} with a peer reflection for "
            f"{year.label} and mark {'it' if draft_peer_count == 1 else 'them'} as ready: "
            "a peer reflection counts once its record is ready."
        )
    elif peer_needed:
        shortfalls.append(
            f"Add a peer reflection to {_count(peer_needed, 'more record')} for {year.label}: "
            "say what you learnt from discussing the activity with a peer. Social Work England "
            f"asks for at least {_count(rules.min_peer_records, 'record')} with one each year."
        )

    warnings: list[str] = []
    if outside_count:
        more = outside_count - len(named)
        warnings.append(
            f"{_count(outside_count, 'record')} {_is_are(outside_count)} dated outside "
            f"{year.label} ({format_date_uk(year.start)} to {format_date_uk(year.end)}) "
            f"and will not count towards it: {_titles(named)}"
            + (f" and {more:,} more." if more > 0 else ".")
        )
    for group in groups:
        warnings.append(
            f"{_titles(group[:1])} appears {len(group)} times with the same type, date, "
            "learning and impact. Social Work England flags identical records: delete the "
            "copy or make each one describe a different piece of CPD."
        )
    today_uk = uk_date(today)
    future = [r for r in in_year if r.start_date is not None and r.start_date > today_uk]
    if future:
        warnings.append(
            f"{_count(len(future), 'record')} {_is_are(len(future))} dated after today: "
            f"{_titles(future)}. Only record CPD once you have done it."
        )
    if drafts:
        warnings.append(
            f"{_count(len(drafts), 'record')} {_is_are(len(drafts))} still in draft: "
            f"{_titles(drafts)}. Finish and submit {'it' if len(drafts) == 1 else 'them'} "
            "in your Social Work England online account before 30 November."
        )
    if in_year and not any(r.impact.strip() for r in in_year):
        warnings.append(
            f"None of the CPD for {year.label} describes its impact on your practice and on "
            "the people you work with. Reviewers look for at least one record that does."
        )

    return YearCheck(
        year=year,
        records=in_year,
        count=len(in_year),
        distinct_count=distinct_count,
        peer_count=peer_count,
        standards_covered=covered,
        standards_missing=missing,
        total_minutes=sum(max(0, r.minutes) for r in in_year),
        days_to_deadline=year.days_until_deadline(today),
        shortfalls=tuple(shortfalls),
        warnings=tuple(warnings),
        rules=rules,
        draft_count=len(drafts),
        draft_peer_count=draft_peer_count,
    )


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().casefold()


def _duplicate_key(record: CpdRecord) -> tuple[str, str, date | None, str, str]:
    return (
        _normalise(record.cpd_type),
        _normalise(record.title),
        record.start_date,
        _normalise(record.learning),
        _normalise(record.impact),
    )


def _duplicate_groups(records: tuple[CpdRecord, ...]) -> list[tuple[CpdRecord, ...]]:
    """Groups of two or more records that are the same after whitespace and case folding."""
    groups: dict[tuple[str, str, date | None, str, str], list[CpdRecord]] = {}
    for record in records:
        groups.setdefault(_duplicate_key(record), []).append(record)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _is_are(n: int) -> str:
    return "is" if n == 1 else "are"


def _titles(records: Iterable[CpdRecord]) -> str:
    return ", ".join(f"‘{r.title.strip() or 'Untitled'}’" for r in records)
