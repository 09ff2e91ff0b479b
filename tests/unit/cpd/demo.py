"""A fixed demo set of three CPD records, used by the golden-file tests and elsewhere.

Everything here is fictional and fixed (ids, dates, times), so exports made
from it are byte-for-byte stable. Change it only together with the goldens.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection
from desktop.cpd.registration_year import RegistrationYear

PROFILE_ID = "8c1d2f7e-4b1a-4c55-9a39-2f0e6c1b7d10"
PROFILE_NAME = "Sam Taylor"
REGISTRATION_NUMBER = "SW000123"
YEAR = RegistrationYear.parse("2025-26")
MADE_AT = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)
CREATED = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
UPDATED = datetime(2026, 3, 12, 16, 45, tzinfo=UTC)


def record(**changes: object) -> CpdRecord:
    """A complete, ready record with no peer reflection; override any field by keyword."""
    base = CpdRecord(
        id="rec-test",
        profile_id=PROFILE_ID,
        cpd_type="E-learning",
        title="A piece of CPD",
        start_date=date(2026, 1, 14),
        description="What I did and why.",
        learning="What I learnt.",
        impact="What changed in my practice.",
        minutes=60,
        standards=("4.3",),
        status="ready",
        created_utc=CREATED,
        updated_utc=UPDATED,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def demo_records() -> tuple[CpdRecord, ...]:
    """Three records in 2025-26: e-learning, supervision with a peer reflection, reading (draft)."""
    return (
        CpdRecord(
            id="0b6e0f8a-1d7c-4f64-8a3e-5c2d9b1e7a01",
            profile_id=PROFILE_ID,
            cpd_type="E-learning",
            title="Communicating online: professional boundaries",
            start_date=date(2026, 1, 14),
            description=(
                "I completed Prism's module on communicating online, including its quiz. "
                "I message young people and families by text and video call every week, "
                "so the guidance applies directly to my work."
            ),
            learning=(
                "I learnt how to set expectations about when I will reply, and why I "
                "should use my work accounts only, even when a family prefers WhatsApp."
            ),
            impact=(
                "I now explain my working hours and reply times at the first contact.\n\n"
                "One parent told me this made it easier to plan calls around her shifts, "
                "and I have stopped replying to messages late in the evening."
            ),
            minutes=150,
            standards=("2.5", "3.10", "4.3", "4.6"),
            evidence=(
                EvidenceLink("module", "guide-001", "Communicating online"),
                EvidenceLink("quiz", "guide-001/quiz", "Communicating online: check your learning"),
            ),
            status="ready",
            created_utc=CREATED,
            updated_utc=UPDATED,
        ),
        CpdRecord(
            id="5f3a9c2e-7b8d-4e1f-9c6a-2d4b8e0f1a02",
            profile_id=PROFILE_ID,
            cpd_type="Supervision",
            title="Reflecting on a home visit in supervision",
            start_date=date(2026, 2, 3),
            description=(
                "I brought a difficult home visit to supervision, to look at how I had "
                "handled a father's anger when he said I \"wasn't listening\"."
            ),
            learning=(
                "I had moved too quickly to the risk questions. Slowing down, and saying "
                "back what I had heard, lowers the temperature of a visit."
            ),
            impact=(
                "On my next visit to the family I started by asking what mattered most "
                "to them that day; the meeting was calmer, and the plan was agreed together."
            ),
            peer=PeerReflection(
                peer_role="My line manager, a registered social worker",
                discussed_on=date(2026, 2, 3),
                learning=(
                    "My manager pointed out that I often apologise for the agency’s "
                    "decisions; we agreed I would explain them plainly instead."
                ),
            ),
            minutes=60,
            standards=("4.2", "4.8"),
            evidence=(EvidenceLink("reflection", "refl-0007", "Slowing down on home visits"),),
            status="ready",
            created_utc=CREATED,
            updated_utc=UPDATED,
        ),
        CpdRecord(
            id="9d2c4b6a-3e5f-4a7b-8c9d-1e2f3a4b5c03",
            profile_id=PROFILE_ID,
            cpd_type="Reading",
            title="Digital exclusion and the families I work with",
            start_date=date(2026, 3, 2),
            end_date=date(2026, 3, 6),
            description=(
                "Over a week I read a research briefing on digital exclusion, "
                "because several families on my caseload have no reliable internet."
            ),
            learning=(
                "Families without data often miss appointment messages; offering a "
                "phone call or a letter is a matter of fairness, not convenience."
            ),
            impact=(
                "I will ask each family at the start how they prefer to be contacted, "
                "and record it on the case file."
            ),
            minutes=45,
            standards=("1.5", "4.4"),
            status="draft",
            created_utc=CREATED,
            updated_utc=UPDATED,
        ),
    )
