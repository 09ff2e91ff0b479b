"""The fields of a CPD record, as data, in the order of Social Work England's online form.

Every export walks `FORM_FIELDS`, so when the form changes (Social Work
England plans to consult on CPD reform in 2026-27) the change is made here,
as data, and the text, CSV and PDF exports follow. Title and standards are
kept even though the current form may have dropped them: reviewers and
employers value them, and they are easy to leave out when pasting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FieldKind = Literal["choice", "text", "date", "duration", "standards", "evidence"]

PEER_GROUP = "Peer reflection"


@dataclass(frozen=True)
class FieldSpec:
    """One field of the record: how it is labelled, explained and formatted.

    `kind` says how a value is shown (dates, durations, lists); `group` is
    set for sub-fields shown under a common heading (the peer reflection).
    """

    key: str
    label: str
    help: str
    required: bool
    multiline: bool
    kind: FieldKind = "text"
    group: str = ""

    @property
    def full_label(self) -> str:
        """The label with its group, for places that show a field on its own."""
        return f"{self.group}: {self.label}" if self.group else self.label


FORM_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        key="cpd_type",
        label="Type of CPD",
        help="The kind of activity, for example e-learning, reading or supervision.",
        required=True,
        multiline=False,
        kind="choice",
    ),
    FieldSpec(
        key="title",
        label="Title",
        help="A short name for this piece of CPD, so you and a reviewer can find it again.",
        required=True,
        multiline=False,
    ),
    FieldSpec(
        key="description",
        label="Description and why it is relevant to my practice",
        help="What you did, and why it matters for your work as a social worker.",
        required=True,
        multiline=True,
    ),
    FieldSpec(
        key="start_date",
        label="Date",
        help=(
            "When the activity took place. Only CPD dated inside the registration year "
            "(1 December to 30 November) counts towards that year."
        ),
        required=True,
        multiline=False,
        kind="date",
    ),
    FieldSpec(
        key="end_date",
        label="End date",
        help="Only if the activity ran over more than one day.",
        required=False,
        multiline=False,
        kind="date",
    ),
    FieldSpec(
        key="learning",
        label="What I learnt",
        help="The knowledge, skills or insight you gained.",
        required=True,
        multiline=True,
    ),
    FieldSpec(
        key="impact",
        label="Impact on my practice and on the people I work with",
        help=(
            "The positive difference this has made, or will make, to your practice and to "
            "the people you work with. Give a concrete example, and keep people anonymous."
        ),
        required=True,
        multiline=True,
    ),
    FieldSpec(
        key="peer_role",
        label="Peer's role",
        help=(
            "The role of the person you discussed this with, for example ‘my supervisor’ "
            "or ‘a health visitor’. Give their role, not their name."
        ),
        required=False,
        multiline=False,
        group=PEER_GROUP,
    ),
    FieldSpec(
        key="peer_discussed_on",
        label="Date of discussion",
        help="When you talked it through with your peer or your team.",
        required=False,
        multiline=False,
        kind="date",
        group=PEER_GROUP,
    ),
    FieldSpec(
        key="peer_learning",
        label="What I learnt from the discussion",
        help=(
            "What you learnt from discussing this with a peer, one to one or in a group. "
            "At least one record a year needs this."
        ),
        required=False,
        multiline=True,
        group=PEER_GROUP,
    ),
    FieldSpec(
        key="duration",
        label="Duration",
        help="How long the activity took, so you can show your hours to an employer.",
        required=True,
        multiline=False,
        kind="duration",
    ),
    FieldSpec(
        key="standards",
        label="Professional standards",
        help=(
            "The professional standards this CPD shows, especially the parts of "
            "standard 4 (4.1 to 4.8)."
        ),
        required=False,
        multiline=False,
        kind="standards",
    ),
    FieldSpec(
        key="evidence",
        label="Linked evidence",
        help="Modules, quizzes, scenarios or reflections in Prism that back this record up.",
        required=False,
        multiline=True,
        kind="evidence",
    ),
)

# Social Work England's exact list of activity types was not confirmed (the
# form asks for the "type of CPD" but the published pages do not list the
# choices). This list follows the activities its guidance names; anything
# else can be recorded as "Other", and unknown types are still accepted.
CPD_TYPES: tuple[str, ...] = (
    "E-learning",
    "Course or training",
    "Reading",
    "Supervision",
    "Peer discussion or team reflection",
    "Reflection on practice",
    "Research",
    "Other",
)


def field_spec(key: str) -> FieldSpec:
    """The field with this key; `KeyError` names the unknown key."""
    for spec in FORM_FIELDS:
        if spec.key == key:
            return spec
    raise KeyError(f"No CPD form field has the key {key!r}.")
