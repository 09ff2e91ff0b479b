"""The privacy scan: what must be flagged, and ordinary CPD text that must not be."""

from __future__ import annotations

from typing import get_args

import pytest

from desktop.cpd.privacy import (
    EXPLANATIONS,
    FieldFinding,
    Finding,
    FindingKind,
    nhs_number_is_valid,
    scan_record,
    scan_text,
)
from desktop.cpd.records import EvidenceLink, PeerReflection

from .demo import demo_records, record

MUST_FLAG: list[tuple[str, str, str]] = [
    # (text, kind, matched)
    ("Email jo.bloggs@council.gov.uk for the notes", "email", "jo.bloggs@council.gov.uk"),
    ("contact: Sam_T+cpd@example.co.uk.", "email", "Sam_T+cpd@example.co.uk"),
    ("Her mobile is 07700 900123.", "phone", "07700 900123"),
    ("ring 07700900123 today", "phone", "07700900123"),
    ("ring 07700 900 123 today", "phone", "07700 900 123"),
    ("on +44 7700 900123", "phone", "+44 7700 900123"),
    ("on +447700900123", "phone", "+447700900123"),
    ("office +44 (0)20 7946 0000", "phone", "+44 (0)20 7946 0000"),
    ("London 020 7946 0000", "phone", "020 7946 0000"),
    ("London 02079460000", "phone", "02079460000"),
    ("Leeds 0113 496 0000", "phone", "0113 496 0000"),
    ("Leeds 0113-496-0000", "phone", "0113-496-0000"),
    ("landline 01632 960001", "phone", "01632 960001"),
    ("landline (01632) 960001", "phone", "(01632) 960001"),
    ("helpline 0300 123 4567", "phone", "0300 123 4567"),
    ("lives at SW1A 1AA now", "postcode", "SW1A 1AA"),
    ("lives at sw1a1aa now", "postcode", "sw1a1aa"),
    ("moved to M1 1AE", "postcode", "M1 1AE"),
    ("moved to m11ae", "postcode", "m11ae"),
    ("near B33 8TH.", "postcode", "B33 8TH"),
    ("near b338th.", "postcode", "b338th"),
    ("postcode CR2 6XH", "postcode", "CR2 6XH"),
    ("in DN55 1PT", "postcode", "DN55 1PT"),
    ("in W1A 0AX", "postcode", "W1A 0AX"),
    ("in EC1A 1BB", "postcode", "EC1A 1BB"),
    ("born 14/03/2015", "date_of_birth", "14/03/2015"),
    ("DOB: 3 March 2015", "date_of_birth", "3 March 2015"),
    ("d.o.b. 01.02.2010", "date_of_birth", "01.02.2010"),
    ("D.O.B 1/2/10", "date_of_birth", "1/2/10"),
    ("date of birth 12-05-2009", "date_of_birth", "12-05-2009"),
    ("the baby was born on 2nd June 2025", "date_of_birth", "2nd June 2025"),
    ("her birthday is March 4, 2012", "date_of_birth", "March 4, 2012"),
    ("12/03/2015 (DOB)", "date_of_birth", "12/03/2015"),
    ("on 14/03/2025 we met", "date", "14/03/2025"),
    ("hearing on 03-11-2025", "date", "03-11-2025"),
    ("NHS number 943 476 5919", "nhs_number", "943 476 5919"),
    ("NHS no. 9434765919", "nhs_number", "9434765919"),
    ("ref 943-476-5919", "nhs_number", "943-476-5919"),
    # Case numbers: a case word, then a reference with at least four digits. (A ten-digit
    # reference that fails the NHS check is still a case number, not an NHS number.)
    ("Case ref 1234567890.", "case_number", "1234567890"),
    ("Case ref 943 476 5918.", "case_number", "943 476 5918"),
    ("case no. 12345 was closed", "case_number", "12345"),
    ("Case ref: AB/1234/22", "case_number", "AB/1234/22"),
    ("file number 2024-0117", "case_number", "2024-0117"),
    ("client ID 884213", "case_number", "884213"),
    # Street addresses: house number, capitalised name, street word.
    ("She lives at 12 Acacia Avenue with her nan", "address", "12 Acacia Avenue"),
    ("Flat 3, 140 New Cross Road", "address", "140 New Cross Road"),
    ("moved to 3a Mill Lane.", "address", "3a Mill Lane"),
    ("I met Mr Smith", "name", "Mr Smith"),
    ("Mrs. Jane Jones said no", "name", "Mrs. Jane Jones"),
    ("with Ms Okafor", "name", "Ms Okafor"),
    ("with Miss Evans", "name", "Miss Evans"),
    ("with Mx Taylor", "name", "Mx Taylor"),
    ("the GP, Dr Patel", "name", "Dr Patel"),
    ("the GP, Dr. Patel", "name", "Dr. Patel"),
    ("spoke to dr Khan", "name", "dr Khan"),
    ("wrote to mr O'Brien", "name", "mr O'Brien"),
]

MUST_NOT_FLAG: list[str] = [
    "This shows standard 2.5 and standard 3.10.",
    "I covered 4.1, 4.6 and 4.8.",
    "It was a 10-minute call.",
    "I asked to see the Dr.",
    "The family saw the Dr. Then they rang me.",
    "In 2025 I completed 12 modules.",
    "The summer was busy; a mr. nobody in particular.",
    "Social Work England guidance on communicating online",
    "Professional Standards 2019, Communicating Online (draft 2025)",
    "We met on MS Teams and Microsoft Teams.",
    "I miss Tom's humour in team meetings.",
    "Printed on A4 paper.",
    "Traffic on the M25 motorway.",
    "A B12 deficiency.",
    "CO2 emissions",
    "During COVID-19 and covid19 lockdowns.",
    "The SW1A area.",
    "A B2B and E2E test.",
    "ISO 9001 certified.",
    "The 24/7 duty service.",
    "We met at 3pm and again at 10:30.",
    "Version 1.2.3 of the policy.",
    "It cost £1,200.50.",
    "The reference 2019 standards and file 2024 notes.",
    "I made 12 referrals in 2025; case 2 of 4 was hardest.",
    "Three quiet roads, 12 March 2025, Level 3 award.",
    "She was born in 1990.",
    "On 12 March 2025 I attended the session.",
    "Level 3 award.",
    "2 h 30 min",
    "Under section 17 and section 47.",
]


@pytest.mark.parametrize(("text", "kind", "matched"), MUST_FLAG)
def test_must_flag(text: str, kind: str, matched: str) -> None:
    findings = scan_text(text)
    assert [(f.kind, f.matched) for f in findings] == [(kind, matched)]
    finding = findings[0]
    assert text[finding.start : finding.end] == finding.matched


@pytest.mark.parametrize("text", MUST_NOT_FLAG)
def test_must_not_flag(text: str) -> None:
    assert scan_text(text) == []


def test_several_findings_in_order() -> None:
    text = "Mrs Jones (DOB 01/02/1980) of M1 1AE, tel 07700 900123, email j@x.org"
    findings = scan_text(text)
    assert [f.kind for f in findings] == ["name", "date_of_birth", "postcode", "phone", "email"]
    assert [f.start for f in findings] == sorted(f.start for f in findings)


def test_every_kind_has_a_plain_explanation() -> None:
    kinds = set(get_args(FindingKind))
    assert {"email", "phone", "postcode", "address", "nhs_number", "case_number"} <= kinds
    assert set(EXPLANATIONS) == kinds
    finding = Finding("postcode", "M1 1AE", 0, 6)
    assert "postcode" in finding.explanation
    assert not finding.is_soft
    assert Finding("date", "14/03/2025", 0, 10).is_soft


@pytest.mark.parametrize(
    ("digits", "valid"),
    [
        ("9434765919", True),
        ("4010232137", True),
        ("9434765918", False),
        ("1234567890", False),  # check digit would be 10
        ("0000000000", True),
        ("943476591", False),
        ("94347659x9", False),
    ],
)
def test_nhs_modulus_11(digits: str, valid: bool) -> None:
    assert nhs_number_is_valid(digits) is valid


def test_demo_records_are_clean() -> None:
    for demo in demo_records():
        assert scan_record(demo) == []


def test_scan_record_names_the_field() -> None:
    risky = record(
        title="Visit to M1 1AE",
        impact="Mrs Jones now phones me on 07700 900123.",
        peer=PeerReflection("Dr Patel, the GP", None, "Email me at a.b@c.org"),
        evidence=(EvidenceLink("reflection", "r1", "Notes on Mr Smith"),),
    )
    found = [(f.field_label, f.finding.kind) for f in scan_record(risky)]
    assert found == [
        ("Title", "postcode"),
        ("Impact on my practice and on the people I work with", "name"),
        ("Impact on my practice and on the people I work with", "phone"),
        ("Peer reflection: Peer's role", "name"),
        ("Peer reflection: What I learnt from the discussion", "email"),
        ("Linked evidence", "name"),
    ]
    assert all(isinstance(f, FieldFinding) for f in scan_record(risky))
