"""The CPD record: what a person submits to Social Work England, plus Prism's extras.

Records are immutable values. They know how to check themselves
(`problems`) and how to turn into and back from JSON-safe dicts, so the
store, the exports and any import share one definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Literal, cast

from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.formatting import format_minutes, iso_utc
from desktop.cpd.schema import SCHEMA, CpdImportError, check_schema

Status = Literal["draft", "ready"]
STATUSES: tuple[str, ...] = ("draft", "ready")

EvidenceKind = Literal["module", "quiz", "scenario", "reflection"]
EVIDENCE_KIND_LABELS: dict[str, str] = {
    "module": "Module",
    "quiz": "Quiz",
    "scenario": "Scenario",
    "reflection": "Reflection",
}
EVIDENCE_KINDS: tuple[str, ...] = tuple(EVIDENCE_KIND_LABELS)


@dataclass(frozen=True)
class PeerReflection:
    """What the person learnt from discussing the activity with a peer (who, when, what)."""

    peer_role: str
    discussed_on: date | None
    learning: str

    @property
    def is_filled(self) -> bool:
        """True when the learning from the discussion is written down; only then does it count."""
        return bool(self.learning.strip())

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form, dates as ISO text."""
        return {
            "peer_role": self.peer_role,
            "discussed_on": _iso_or_none(self.discussed_on),
            "learning": self.learning,
        }


@dataclass(frozen=True)
class EvidenceLink:
    """A pointer from a record to something in Prism that backs it up."""

    kind: EvidenceKind
    ref: str
    label: str

    def __post_init__(self) -> None:
        if self.kind not in EVIDENCE_KIND_LABELS:
            raise ValueError(
                f"Evidence kind must be one of {', '.join(EVIDENCE_KINDS)}, not {self.kind!r}."
            )

    @property
    def kind_label(self) -> str:
        """ "Module", "Quiz", "Scenario" or "Reflection"."""
        return EVIDENCE_KIND_LABELS[self.kind]

    @property
    def display(self) -> str:
        """ "Module: Communicating online", as shown in exports."""
        return f"{self.kind_label}: {self.label}"

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form."""
        return {"kind": self.kind, "ref": self.ref, "label": self.label}


@dataclass(frozen=True, kw_only=True)
class CpdRecord:
    """One piece of CPD; `minutes` is its duration, datetimes are UTC (naive taken as UTC)."""

    id: str
    profile_id: str
    cpd_type: str
    title: str
    start_date: date | None
    end_date: date | None = None
    description: str = ""
    learning: str = ""
    impact: str = ""
    peer: PeerReflection | None = None
    minutes: int = 0
    standards: tuple[str, ...] = ()
    evidence: tuple[EvidenceLink, ...] = ()
    status: Status = "draft"
    created_utc: datetime = field(default_factory=lambda: datetime.now(UTC))
    updated_utc: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if self.status not in STATUSES:
            raise ValueError(f"Status must be ‘draft’ or ‘ready’, not {self.status!r}.")
        if isinstance(self.minutes, bool) or not isinstance(self.minutes, int):
            raise ValueError(f"Minutes must be a whole number, not {self.minutes!r}.")
        object.__setattr__(self, "standards", tuple(s.strip() for s in self.standards))
        object.__setattr__(self, "evidence", tuple(self.evidence))
        object.__setattr__(self, "created_utc", _as_utc(self.created_utc))
        object.__setattr__(self, "updated_utc", _as_utc(self.updated_utc))

    @property
    def has_peer_reflection(self) -> bool:
        """True when there is a peer reflection whose learning is written down."""
        return self.peer is not None and self.peer.is_filled

    @property
    def hours_display(self) -> str:
        """The duration for people, such as "2 h 30 min"."""
        return format_minutes(self.minutes)

    @property
    def is_ready(self) -> bool:
        """Whether the person has marked the record ready to submit."""
        return self.status == "ready"

    def field_value(self, key: str) -> object:
        """The raw value behind a form field (see `desktop.cpd.form.FORM_FIELDS`)."""
        peer = self.peer
        values: dict[str, object] = {
            "cpd_type": self.cpd_type,
            "title": self.title,
            "start_date": self.start_date,
            "end_date": self.end_date,
            "description": self.description,
            "learning": self.learning,
            "impact": self.impact,
            "peer_role": peer.peer_role if peer else "",
            "peer_discussed_on": peer.discussed_on if peer else None,
            "peer_learning": peer.learning if peer else "",
            "duration": self.minutes,
            "standards": self.standards,
            "evidence": self.evidence,
        }
        if key not in values:
            raise KeyError(f"A CPD record has no field {key!r}.")
        return values[key]

    def problems(self) -> list[str]:
        """Plain messages saying what stops this record being ready; empty when it is fine."""
        messages: list[str] = []
        for spec in FORM_FIELDS:
            if not spec.required:
                continue
            if spec.kind == "duration":
                if self.minutes <= 0:
                    messages.append("Give the duration: it must be more than 0 minutes.")
            elif is_blank(self.field_value(spec.key)):
                messages.append(f"Fill in ‘{spec.label}’.")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            messages.append("The end date is before the start date.")
        return messages

    def to_dict(self) -> dict[str, object]:
        """JSON-safe form with a `schema` tag; dates are ISO text, datetimes UTC ISO text."""
        return {
            "schema": SCHEMA,
            "id": self.id,
            "profile_id": self.profile_id,
            "cpd_type": self.cpd_type,
            "title": self.title,
            "start_date": _iso_or_none(self.start_date),
            "end_date": _iso_or_none(self.end_date),
            "description": self.description,
            "learning": self.learning,
            "impact": self.impact,
            "peer": self.peer.to_dict() if self.peer else None,
            "minutes": self.minutes,
            "standards": list(self.standards),
            "evidence": [link.to_dict() for link in self.evidence],
            "status": self.status,
            "created_utc": iso_utc(self.created_utc),
            "updated_utc": iso_utc(self.updated_utc),
        }

    @classmethod
    def from_dict(cls, data: object, *, where: str = "This record") -> CpdRecord:
        """Rebuild a record from `to_dict` output; `CpdImportError` explains what is wrong."""
        if not isinstance(data, Mapping):
            raise CpdImportError(f"{where} should be a set of named fields, not {_kind(data)}.")
        check_schema(data.get("schema"), where)
        read = _Reader(data, where)
        peer_data = read.value("peer")
        peer = None
        if peer_data is not None:
            if not isinstance(peer_data, Mapping):
                raise CpdImportError(
                    f"{where}: ‘peer’ should be a set of named fields or empty, "
                    f"not {_kind(peer_data)}."
                )
            peer_read = _Reader(peer_data, f"{where}, peer reflection")
            peer = PeerReflection(
                peer_role=peer_read.text("peer_role"),
                discussed_on=peer_read.optional_date("discussed_on"),
                learning=peer_read.text("learning"),
            )
        status = read.text("status")
        if status not in STATUSES:
            raise CpdImportError(f"{where}: ‘status’ should be ‘draft’ or ‘ready’, not ‘{status}’.")
        return cls(
            id=read.text("id"),
            profile_id=read.text("profile_id"),
            cpd_type=read.text("cpd_type"),
            title=read.text("title"),
            start_date=read.optional_date("start_date"),
            end_date=read.optional_date("end_date"),
            description=read.text("description"),
            learning=read.text("learning"),
            impact=read.text("impact"),
            peer=peer,
            minutes=read.integer("minutes"),
            standards=tuple(read.text_list("standards")),
            evidence=tuple(
                _evidence(item, f"{where}, evidence {n}")
                for n, item in enumerate(read.items("evidence"), start=1)
            ),
            status=cast(Status, status),
            created_utc=read.moment("created_utc"),
            updated_utc=read.moment("updated_utc"),
        )


def is_blank(value: object) -> bool:
    """True for None, whitespace-only text and empty collections."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, tuple | list):
        return not value
    return False


def _evidence(item: object, where: str) -> EvidenceLink:
    if not isinstance(item, Mapping):
        raise CpdImportError(f"{where} should be a set of named fields, not {_kind(item)}.")
    read = _Reader(item, where)
    kind = read.text("kind")
    if kind not in EVIDENCE_KIND_LABELS:
        raise CpdImportError(
            f"{where}: ‘kind’ should be one of {', '.join(EVIDENCE_KINDS)}, not ‘{kind}’."
        )
    return EvidenceLink(
        kind=cast(EvidenceKind, kind), ref=read.text("ref"), label=read.text("label")
    )


def _iso_or_none(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _as_utc(moment: datetime) -> datetime:
    if not isinstance(moment, datetime):
        raise ValueError(f"Expected a date and time, not {moment!r}.")
    if moment.tzinfo is None or moment.utcoffset() is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _kind(value: object) -> str:
    """Describe a JSON value's type in plain words for error messages."""
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a set of named fields"
    return type(value).__name__


class _Reader:
    """Reads typed values out of a JSON object, naming the field in every error."""

    def __init__(self, data: Mapping[str, object], where: str) -> None:
        self._data = data
        self._where = where

    def _fail(self, key: str, expected: str, value: object) -> CpdImportError:
        return CpdImportError(f"{self._where}: ‘{key}’ should be {expected}, not {_kind(value)}.")

    def value(self, key: str) -> object:
        if key not in self._data:
            raise CpdImportError(f"{self._where} has no ‘{key}’ entry.")
        return self._data[key]

    def text(self, key: str) -> str:
        value = self.value(key)
        if not isinstance(value, str):
            raise self._fail(key, "text", value)
        return value

    def integer(self, key: str) -> int:
        value = self.value(key)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self._fail(key, "a whole number", value)
        return value

    def items(self, key: str) -> list[object]:
        value = self.value(key)
        if not isinstance(value, list):
            raise self._fail(key, "a list", value)
        return value

    def text_list(self, key: str) -> list[str]:
        items = self.items(key)
        for item in items:
            if not isinstance(item, str):
                raise CpdImportError(
                    f"{self._where}: every item in ‘{key}’ should be text, not {_kind(item)}."
                )
        return cast(list[str], items)

    def optional_date(self, key: str) -> date | None:
        value = self.value(key)
        if value is None:
            return None
        if not isinstance(value, str):
            raise self._fail(key, "a date such as ‘2026-03-14’ or empty", value)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise CpdImportError(
                f"{self._where}: ‘{key}’ should be a date such as ‘2026-03-14’, not ‘{value}’."
            ) from None

    def moment(self, key: str) -> datetime:
        value = self.value(key)
        if not isinstance(value, str):
            raise self._fail(key, "a date and time such as ‘2026-03-14T09:30:00Z’", value)
        try:
            return _as_utc(datetime.fromisoformat(value))
        except ValueError:
            raise CpdImportError(
                f"{self._where}: ‘{key}’ should be a date and time such as "
                f"‘2026-03-14T09:30:00Z’, not ‘{value}’."
            ) from None
