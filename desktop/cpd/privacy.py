"""Spot details in free text that could identify someone, before a record is pasted or shared.

CPD records must keep the people a social worker supports anonymous
(standards 2.2 and 2.6). This is a prompt, not a guarantee: it looks for
common patterns (emails, UK phone numbers and postcodes, dates of birth,
NHS numbers, names after a title) and errs towards fewer false alarms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Literal

from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.records import CpdRecord

FindingKind = Literal[
    "email",
    "phone",
    "postcode",
    "address",
    "date_of_birth",
    "date",
    "nhs_number",
    "case_number",
    "name",
]

EXPLANATIONS: dict[str, str] = {
    "email": (
        "This looks like an email address. An email address can identify a person: "
        "remove it, or describe the contact by role instead."
    ),
    "phone": (
        "This looks like a UK phone number. Phone numbers can identify a person or a "
        "household: remove it."
    ),
    "postcode": (
        "This looks like a UK postcode, which can point to where someone lives. Remove it, "
        "or name only the local authority area if that matters."
    ),
    "address": (
        "This looks like a street address, which points to where someone lives. Remove "
        "it, or say only ‘the family home’ or the local authority area."
    ),
    "case_number": (
        "This looks like a case or reference number, which links straight to a person's "
        "records: remove it."
    ),
    "date_of_birth": (
        "This looks like a date of birth. Dates of birth identify people: leave them out, "
        "or give an age range if it matters."
    ),
    "date": (
        "This is a full date. Dates of your own CPD are fine, but a date linked to a person "
        "(a birthday, an admission, a court hearing) could identify them."
    ),
    "nhs_number": (
        "This looks like an NHS number (it passes the NHS check-digit test). It identifies "
        "a patient: remove it."
    ),
    "name": (
        "This looks like a person's name after a title such as Mrs or Dr. Use a role "
        "instead, for example ‘the young person's grandmother’ or ‘the GP’."
    ),
}

# Where several patterns match overlapping text, the earlier kind here wins.
_PRIORITY: tuple[str, ...] = (
    "email",
    "nhs_number",
    "case_number",
    "phone",
    "date_of_birth",
    "address",
    "postcode",
    "date",
    "name",
)


@dataclass(frozen=True)
class Finding:
    """A stretch of text (`text[start:end] == matched`) that may identify someone."""

    kind: FindingKind
    matched: str
    start: int
    end: int

    @property
    def explanation(self) -> str:
        """Why this was flagged and what to do, in plain words."""
        return EXPLANATIONS[self.kind]

    @property
    def is_soft(self) -> bool:
        """True for findings that are often harmless (a plain date), shown more gently."""
        return self.kind == "date"


@dataclass(frozen=True)
class FieldFinding:
    """A finding in one field of a record, named by the field's label."""

    field_label: str
    finding: Finding


_EMAIL = re.compile(
    r"(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}\b"
)

# +44 7700 900123, +44 (0)20 7946 0000, 07700 900123, (01632) 960 001, 0113-496-0000.
# Digits are counted afterwards: a UK number has 9 or 10 digits after the 0 or +44.
_PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:\+44\s?(?:\(0\)\s?)?|\(?0)"
    r"[1237]\d{1,4}\)?"
    r"(?:[ -]?\d){6,9}"
    r"(?![\w])"
)

# Outward code (A9, A99, A9A, AA9, AA99, AA9A) then inward code (9AA); space optional, any case.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])"
    r"(?:[A-PR-UWYZ][0-9][A-HJKPSTUW0-9]?|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY0-9]?)"
    r" ?[0-9][ABD-HJLNP-UW-Z]{2}"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)

_MONTH_NAMES = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# 14/03/1990, 14-03-90, 14.03.1990 (same separator twice; a dot only with a four-digit year).
_NUMERIC_DATE = re.compile(
    r"(?<![\w./-])(?P<d>\d{1,2})(?P<sep>[/-])(?P<m>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})(?![\w/-])"
    r"|(?<![\w./-])(?P<d2>\d{1,2})\.(?P<m2>\d{1,2})\.(?P<y2>\d{4})(?!\w|\.\d)"
)
# 14 March 1990, 14th Mar 1990, March 14, 1990.
_WORDY_DATE = re.compile(
    rf"\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH_NAMES}\.?,?\s+\d{{4}}\b"
    rf"|\b{_MONTH_NAMES}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}\b",
    re.IGNORECASE,
)
_BIRTH_WORDS = re.compile(
    r"\b(?:born|birthday|birth\s*date|date\s+of\s+birth|dob)\b|\bd\.\s?o\.\s?b\b",
    re.IGNORECASE,
)
_BIRTH_BEFORE = 40  # characters before a date in which a birth word makes it a date of birth
_BIRTH_AFTER = 15  # ... and after it, as in "12/03/2015 (DOB)"

# 12 Acacia Avenue, 3a Mill Lane, 140 New Cross Road: a house number, one to three
# capitalised words, then a street word. Capitals matter: "3 quiet roads" is not an address.
_STREET_WORDS = (
    "Road|Rd|Street|Avenue|Ave|Lane|Close|Drive|Way|Court|Crescent|Place|Gardens|"
    "Terrace|Grove|Hill|Park|Rise|Square|Walk|Row|Mews|Green|View|Parade|Vale"
)
_ADDRESS = re.compile(
    r"(?<![\w./-])\d{1,4}[A-Za-z]?,?[ \t]+(?:[A-Z][A-Za-z'’-]+[ \t]+){1,3}"
    rf"(?:{_STREET_WORDS})\b"
)
# "case no. 12345", "Case ref: AB/1234/22", "file number 2024-0117", "client ID 884213":
# a case word, then a reference with at least four digits in it.
_CASE_NUMBER = re.compile(
    r"\b(?:case|file|client|child|referral|ref(?:erence)?)"
    r"(?:[ \t]*(?:no\.?|number|ref\.?|reference|id))?[ \t]*[:#]?[ \t]*"
    r"(?P<ref>[A-Za-z]{0,4}[/-]?\d(?:[\d/-]|[ ](?=\d)){3,}\d?)",
    re.IGNORECASE,
)

# 943 476 5919, 943-476-5919 or 9434765919.
_NHS_NUMBER = re.compile(r"(?<![\w.,])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?![\w]|[.,]\d)")

# Capitalised titles, plus lower-case "mr", "mrs", "mx" and "dr" typed in a hurry. Lower-case
# "ms" and "miss" and capitals "MS" and "DR" are left out: "I miss Tom", "MS Teams", "DR Congo".
_TITLE_NAME = re.compile(
    r"(?<![\w.])(?:[Mm]rs?|MRS?|Ms|Miss|[Mm]x|[Dd]r)\b\.?"
    r"[ \t]+(?P<name>[A-Z][A-Za-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)"
)
# Capitalised words that start a sentence rather than name someone ("... the Dr. Then ...").
_NOT_NAMES = frozenset(
    {
        "A",
        "After",
        "Also",
        "An",
        "And",
        "As",
        "At",
        "Because",
        "Before",
        "But",
        "By",
        "During",
        "For",
        "From",
        "He",
        "Her",
        "His",
        "How",
        "However",
        "I",
        "If",
        "In",
        "It",
        "Its",
        "Later",
        "My",
        "No",
        "Not",
        "Of",
        "On",
        "Once",
        "Or",
        "Our",
        "She",
        "So",
        "That",
        "The",
        "Their",
        "Then",
        "There",
        "These",
        "They",
        "This",
        "Though",
        "To",
        "Today",
        "Tomorrow",
        "Was",
        "We",
        "What",
        "When",
        "Where",
        "Which",
        "While",
        "Who",
        "Why",
        "With",
        "Yesterday",
        "You",
        "Your",
        "Yes",
        "Said",
        "Says",
        "Asked",
        "Told",
        "Called",
        "Appointment",
        "Surgery",
    }
)


def scan_text(text: str) -> list[Finding]:
    """Likely identifying details in `text`, in order of position, without overlaps."""
    found: list[Finding] = []
    found += _matches(_EMAIL, text, "email")
    found += _phones(text)
    found += _matches(_POSTCODE, text, "postcode")
    found += _matches(_ADDRESS, text, "address")
    found += _case_numbers(text)
    found += _dates(text)
    found += _nhs_numbers(text)
    found += _names(text)
    return _without_overlaps(found)


def scan_record(record: CpdRecord) -> list[FieldFinding]:
    """Findings in each free-text field of a record, named by the form's labels."""
    results: list[FieldFinding] = []
    for spec in FORM_FIELDS:
        if spec.kind == "text":
            value = record.field_value(spec.key)
            if isinstance(value, str):
                results += [FieldFinding(spec.full_label, f) for f in scan_text(value)]
        elif spec.kind == "evidence":
            for link in record.evidence:
                results += [FieldFinding(spec.full_label, f) for f in scan_text(link.label)]
    return results


def nhs_number_is_valid(digits: str) -> bool:
    """The NHS Modulus 11 check: weights 10..2 on the first nine digits give the tenth."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def _matches(pattern: re.Pattern[str], text: str, kind: FindingKind) -> list[Finding]:
    return [Finding(kind, m.group(0), m.start(), m.end()) for m in pattern.finditer(text)]


def _case_numbers(text: str) -> list[Finding]:
    found = []
    for m in _CASE_NUMBER.finditer(text):
        ref = m.group("ref").rstrip(" /-")
        if re.fullmatch(r"(?:19|20)\d\d", ref):
            continue  # a year ("the 2019 reference"), not a reference number
        if sum(c.isdigit() for c in ref) >= 4:
            start = m.start("ref")
            found.append(Finding("case_number", ref, start, start + len(ref)))
    return found


def _phones(text: str) -> list[Finding]:
    found = []
    for m in _PHONE.finditer(text):
        matched = m.group(0).rstrip(" -")
        digits = re.sub(r"\D", "", matched.replace("(0)", ""))
        national = digits[2:] if digits.startswith("44") and matched.startswith("+") else digits[1:]
        if len(national) in (9, 10) and not (national.startswith("7") and len(national) != 10):
            found.append(Finding("phone", matched, m.start(), m.start() + len(matched)))
    return found


def _dates(text: str) -> list[Finding]:
    found = []
    for m in _NUMERIC_DATE.finditer(text):
        day = int(m.group("d") or m.group("d2"))
        month = int(m.group("m") or m.group("m2"))
        year_text = m.group("y") or m.group("y2")
        year = int(year_text) if len(year_text) == 4 else 2000 + int(year_text)
        if _is_real_date(year, month, day):
            kind: FindingKind = "date_of_birth" if _near_birth_word(text, m) else "date"
            found.append(Finding(kind, m.group(0), m.start(), m.end()))
    for m in _WORDY_DATE.finditer(text):
        # Written-out dates are normal in CPD records; flag them only as a date of birth.
        if _near_birth_word(text, m):
            found.append(Finding("date_of_birth", m.group(0), m.start(), m.end()))
    return found


def _is_real_date(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _near_birth_word(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - _BIRTH_BEFORE) : m.start()]
    after = text[m.end() : m.end() + _BIRTH_AFTER]
    return bool(_BIRTH_WORDS.search(before) or _BIRTH_WORDS.search(after))


def _nhs_numbers(text: str) -> list[Finding]:
    found = []
    for m in _NHS_NUMBER.finditer(text):
        if nhs_number_is_valid("".join(m.groups())):
            found.append(Finding("nhs_number", m.group(0), m.start(), m.end()))
    return found


def _names(text: str) -> list[Finding]:
    found = []
    for m in _TITLE_NAME.finditer(text):
        words = m.group("name").split()
        if words[0] in _NOT_NAMES:
            continue
        end = m.end()
        if len(words) > 1 and words[1] in _NOT_NAMES:
            end = m.start("name") + len(words[0])
        found.append(Finding("name", text[m.start() : end], m.start(), end))
    return found


def _without_overlaps(found: list[Finding]) -> list[Finding]:
    """Keep the higher-priority finding where two overlap; return the rest by position."""
    kept: list[Finding] = []
    for finding in sorted(found, key=lambda f: (_PRIORITY.index(f.kind), f.start)):
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: (f.start, f.end))
