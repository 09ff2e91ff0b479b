"""CPD records: peer reflection, durations, problems() and the dict round trip."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from desktop.cpd.form import CPD_TYPES, FORM_FIELDS, field_spec
from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection
from desktop.cpd.schema import SCHEMA, CpdImportError

from .demo import demo_records, record

PEER = PeerReflection("My supervisor", date(2026, 1, 20), "We talked about consent.")


class TestForm:
    def test_fields_follow_the_online_form_order(self) -> None:
        assert [f.key for f in FORM_FIELDS] == [
            "cpd_type",
            "title",
            "description",  # the online form asks for the description before the date
            "start_date",
            "end_date",
            "learning",
            "impact",
            "peer_role",
            "peer_discussed_on",
            "peer_learning",
            "duration",
            "standards",
            "evidence",
        ]

    def test_every_field_has_a_label_and_help_and_a_record_value(self) -> None:
        sample = record()
        for spec in FORM_FIELDS:
            assert spec.label and spec.help
            sample.field_value(spec.key)  # raises KeyError if the record lacks it

    def test_peer_fields_share_a_group(self) -> None:
        assert field_spec("peer_learning").full_label == (
            "Peer reflection: What I learnt from the discussion"
        )
        assert field_spec("title").full_label == "Title"

    def test_unknown_field_is_named(self) -> None:
        with pytest.raises(KeyError, match="colour"):
            field_spec("colour")
        with pytest.raises(KeyError, match="colour"):
            record().field_value("colour")

    def test_cpd_types(self) -> None:
        assert CPD_TYPES[0] == "E-learning"
        assert "Peer discussion or team reflection" in CPD_TYPES
        assert CPD_TYPES[-1] == "Other"
        assert len(set(CPD_TYPES)) == len(CPD_TYPES)


class TestPeerReflection:
    def test_counts_when_learning_is_written(self) -> None:
        assert record(peer=PEER).has_peer_reflection

    def test_no_peer(self) -> None:
        assert not record(peer=None).has_peer_reflection

    @pytest.mark.parametrize("learning", ["", "   ", "\n\t"])
    def test_blank_learning_does_not_count(self, learning: str) -> None:
        peer = PeerReflection("My supervisor", date(2026, 1, 20), learning)
        assert not record(peer=peer).has_peer_reflection


@pytest.mark.parametrize(
    ("minutes", "shown"),
    [(150, "2 h 30 min"), (60, "1 h"), (45, "45 min"), (0, "0 min"), (601, "10 h 1 min")],
)
def test_hours_display(minutes: int, shown: str) -> None:
    assert record(minutes=minutes).hours_display == shown


class TestProblems:
    def test_complete_record_has_none(self) -> None:
        assert record().problems() == []
        for demo in demo_records():
            assert demo.problems() == []

    def test_missing_title_date_learning_impact(self) -> None:
        problems = record(title=" ", start_date=None, learning="", impact="\n").problems()
        assert problems == [
            "Fill in ‘Title’.",
            "Fill in ‘Date’.",
            "Fill in ‘What I learnt’.",
            "Fill in ‘Impact on my practice and on the people I work with’.",
        ]

    def test_missing_type_and_description(self) -> None:
        assert record(cpd_type="", description="").problems() == [
            "Fill in ‘Type of CPD’.",
            "Fill in ‘Description and why it is relevant to my practice’.",
        ]

    def test_end_before_start(self) -> None:
        problems = record(start_date=date(2026, 3, 2), end_date=date(2026, 3, 1)).problems()
        assert problems == ["The end date is before the start date."]

    def test_end_on_or_after_start_is_fine(self) -> None:
        assert record(start_date=date(2026, 3, 2), end_date=date(2026, 3, 2)).problems() == []

    @pytest.mark.parametrize("minutes", [0, -5])
    def test_duration_must_be_positive(self, minutes: int) -> None:
        assert record(minutes=minutes).problems() == [
            "Give the duration: it must be more than 0 minutes."
        ]

    def test_optional_fields_are_not_problems(self) -> None:
        assert record(peer=None, standards=(), evidence=(), end_date=None).problems() == []


class TestConstruction:
    def test_lists_become_tuples_and_standards_are_trimmed(self) -> None:
        made = record(standards=[" 4.1", "4.2 "], evidence=[EvidenceLink("quiz", "q", "Quiz")])
        assert made.standards == ("4.1", "4.2")
        assert isinstance(made.evidence, tuple)

    def test_naive_times_are_taken_as_utc_and_aware_ones_converted(self) -> None:
        made = record(
            created_utc=datetime(2026, 1, 1, 9, 0),
            updated_utc=datetime(2026, 6, 1, 10, 0, tzinfo=timezone(timedelta(hours=1))),
        )
        assert made.created_utc == datetime(2026, 1, 1, 9, 0, tzinfo=UTC)
        assert made.updated_utc == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)

    def test_bad_status_kind_and_minutes_are_refused(self) -> None:
        with pytest.raises(ValueError, match="draft"):
            record(status="submitted")
        with pytest.raises(ValueError, match="whole number"):
            record(minutes=1.5)
        with pytest.raises(ValueError, match="whole number"):
            record(minutes=True)
        with pytest.raises(ValueError, match="module"):
            EvidenceLink("video", "v1", "A video")  # type: ignore[arg-type]

    def test_records_are_frozen(self) -> None:
        with pytest.raises(AttributeError):
            record().title = "Changed"  # type: ignore[misc]


class TestDictRoundTrip:
    def test_every_demo_record_round_trips(self) -> None:
        for demo in demo_records():
            data = demo.to_dict()
            assert data["schema"] == SCHEMA
            assert CpdRecord.from_dict(data) == demo

    def test_dict_is_json_safe_with_iso_dates(self) -> None:
        data = record(peer=PEER, end_date=date(2026, 1, 15)).to_dict()
        assert data["start_date"] == "2026-01-14"
        assert data["end_date"] == "2026-01-15"
        assert data["created_utc"] == "2026-03-10T12:00:00Z"
        assert data["peer"] == {
            "peer_role": "My supervisor",
            "discussed_on": "2026-01-20",
            "learning": "We talked about consent.",
        }

    def test_round_trips_undated_draft(self) -> None:
        draft = record(start_date=None, status="draft", minutes=0, title="")
        assert CpdRecord.from_dict(draft.to_dict()) == draft

    @pytest.mark.parametrize(
        ("schema", "message"),
        [
            ("prism.cpd/2", "newer version of Prism"),
            ("prism.cpd/10", "newer version of Prism"),
            ("prism.course/1", "is not Prism CPD data"),
            ("prism.cpd/0", "cannot read"),
            ("banana", "is not Prism CPD data"),
            (1, "should be text"),
            (None, "no ‘schema’"),
        ],
    )
    def test_refuses_wrong_or_future_schema(self, schema: object, message: str) -> None:
        data = record().to_dict()
        data["schema"] = schema
        with pytest.raises(CpdImportError, match=message):
            CpdRecord.from_dict(data)

    @pytest.mark.parametrize(
        ("key", "value", "message"),
        [
            ("title", 5, "‘title’ should be text, not a number"),
            ("minutes", "60", "‘minutes’ should be a whole number, not text"),
            ("minutes", True, "‘minutes’ should be a whole number"),
            ("start_date", "14/01/2026", "‘start_date’ should be a date such as"),
            ("standards", "4.1", "‘standards’ should be a list"),
            ("standards", [4.1], "every item in ‘standards’ should be text"),
            ("status", "submitted", "‘status’ should be ‘draft’ or ‘ready’"),
            ("peer", "yes", "‘peer’ should be a set of named fields"),
            ("evidence", [{"kind": "video", "ref": "v", "label": "V"}], "‘kind’ should be one of"),
            ("created_utc", "yesterday", "‘created_utc’ should be a date and time"),
        ],
    )
    def test_refuses_wrong_types_naming_the_field(
        self, key: str, value: object, message: str
    ) -> None:
        data = record().to_dict()
        data[key] = value
        with pytest.raises(CpdImportError, match=message):
            CpdRecord.from_dict(data, where="Record 3")

    def test_missing_field_is_named(self) -> None:
        data = record().to_dict()
        del data["impact"]
        with pytest.raises(CpdImportError, match="This record has no ‘impact’ entry"):
            CpdRecord.from_dict(data)

    def test_not_an_object(self) -> None:
        with pytest.raises(CpdImportError, match="not a list"):
            CpdRecord.from_dict([1, 2])
