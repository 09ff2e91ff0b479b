"""check_year: counts, peer reflection, standard 4 coverage, hours and warnings."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from desktop.cpd.records import PeerReflection
from desktop.cpd.requirements import CURRENT_RULES, STANDARD_4_PARTS, CpdRules, check_year

from .demo import YEAR, demo_records, record

TODAY = date(2026, 3, 14)
PEER = PeerReflection("My supervisor", date(2026, 1, 20), "We talked about consent.")


def test_rules_are_data_in_one_place() -> None:
    assert CURRENT_RULES.min_records == 2
    assert CURRENT_RULES.min_peer_records == 1
    assert CURRENT_RULES.standard_parts == STANDARD_4_PARTS
    assert tuple(f"4.{n}" for n in range(1, 9)) == STANDARD_4_PARTS


def test_no_records() -> None:
    check = check_year([], YEAR, TODAY)
    assert check.count == 0
    assert not check.has_peer
    assert not check.met
    assert check.records_needed == 2
    assert check.total_minutes == 0
    assert check.standards_missing == STANDARD_4_PARTS
    assert check.warnings == ()
    assert check.shortfalls == (
        "Add 2 more pieces of CPD for 2025-26: Social Work England asks for at least "
        "2 different pieces each registration year.",
        "Add a peer reflection to 1 more record for 2025-26: say what you learnt from "
        "discussing the activity with a peer. Social Work England asks for at least "
        "1 record with one each year.",
    )


def test_one_record_with_peer_is_not_enough() -> None:
    check = check_year([record(peer=PEER)], YEAR, TODAY)
    assert check.count == 1
    assert check.has_peer
    assert check.records_needed == 1
    assert not check.met
    assert check.shortfalls[0].startswith("Add 1 more piece of CPD")
    assert len(check.shortfalls) == 1


def test_two_records_without_peer_are_not_enough() -> None:
    check = check_year([record(id="a"), record(id="b", title="Other CPD")], YEAR, TODAY)
    assert check.count == 2
    assert not check.has_peer
    assert not check.met
    assert check.shortfalls[0].startswith("Add a peer reflection")


def test_two_records_with_a_peer_meet_the_rules() -> None:
    check = check_year([record(id="a", peer=PEER), record(id="b", title="Other")], YEAR, TODAY)
    assert check.met
    assert check.has_peer
    assert check.peer_count == 1
    assert check.shortfalls == ()


def test_blank_peer_learning_does_not_count() -> None:
    blank = PeerReflection("My supervisor", date(2026, 1, 20), "   ")
    check = check_year([record(id="a", peer=blank), record(id="b", title="Other")], YEAR, TODAY)
    assert check.peer_count == 0
    assert not check.has_peer
    assert not check.met


def test_demo_set() -> None:
    check = check_year(demo_records(), YEAR, TODAY)
    assert check.count == 3
    assert check.met
    assert check.total_minutes == 150 + 60 + 45
    assert check.standards_covered == ("4.2", "4.3", "4.4", "4.6", "4.8")
    assert check.standards_missing == ("4.1", "4.5", "4.7")
    assert check.days_to_deadline == (date(2026, 11, 30) - TODAY).days
    assert check.warnings == (
        "1 record is still in draft: ‘Digital exclusion and the families I work with’. "
        "Finish and submit it in your Social Work England online account before "
        "30 November.",
    )


def test_records_are_counted_by_start_date_and_sorted() -> None:
    late = record(id="late", title="Late", start_date=date(2026, 11, 30))
    early = record(id="early", title="Early", start_date=date(2025, 12, 1))
    check = check_year([late, early], YEAR, date(2026, 11, 30))
    assert [r.id for r in check.records] == ["early", "late"]
    assert check.days_to_deadline == 0


def test_records_outside_the_year_are_warned_about_by_title() -> None:
    before = record(id="b", title="Last year's course", start_date=date(2025, 11, 30))
    after = record(id="a", title="Next year's course", start_date=date(2026, 12, 1))
    undated = record(id="u", title="Undated", start_date=None)
    inside = record(id="i", title="This year's course")
    check = check_year([after, inside, before, undated], YEAR, TODAY)
    assert check.count == 1
    assert check.warnings[0] == (
        "3 records are dated outside 2025-26 (1 December 2025 to 30 November 2026) and will "
        "not count towards it: ‘Last year's course’, ‘Next year's course’, ‘Undated’."
    )


def test_one_record_outside_uses_singular() -> None:
    before = record(id="b", title="Old", start_date=date(2025, 6, 1))
    check = check_year([before], YEAR, TODAY)
    assert check.warnings[0].startswith("1 record is dated outside 2025-26")


def test_identical_records_are_warned_about_and_count_once() -> None:
    first = record(id="a", title="Consent online", learning="Ask first.", impact="I ask.")
    copy = record(id="b", title="  consent   ONLINE ", learning="ask first.", impact="I  ask.\n")
    check = check_year([first, copy], YEAR, TODAY)
    assert check.count == 2
    assert check.distinct_count == 1
    assert not check.met
    assert (
        "‘Consent online’ appears 2 times with the same type, date, learning and impact. "
        "Social Work England flags identical records: delete the copy or make each one "
        "describe a different piece of CPD."
    ) in check.warnings


@pytest.mark.parametrize(
    "change",
    [
        {"cpd_type": "Reading"},
        {"title": "Consent online, part 2"},
        {"start_date": date(2026, 1, 15)},
        {"learning": "Ask first, always."},
        {"impact": "I ask every time."},
    ],
)
def test_records_differing_in_a_key_field_are_not_duplicates(change: dict[str, object]) -> None:
    first = record(id="a", title="Consent online", learning="Ask first.", impact="I ask.")
    second = record(
        **{"id": "b", "title": "Consent online", "learning": "Ask first.", "impact": "I ask."}
        | change
    )
    check = check_year([first, second], YEAR, TODAY)
    assert check.distinct_count == 2
    assert not any("appears" in w for w in check.warnings)


def test_drafts_are_warned_about() -> None:
    check = check_year(
        [record(id="a", title="One", status="draft"), record(id="b", title="Two", status="draft")],
        YEAR,
        TODAY,
    )
    assert check.warnings == (
        "2 records are still in draft: ‘One’, ‘Two’. Finish and submit them in your Social "
        "Work England online account before 30 November.",
    )


def test_no_record_describing_impact_is_warned_about() -> None:
    check = check_year(
        [record(id="a", impact=""), record(id="b", title="B", impact=" ")], YEAR, TODAY
    )
    assert check.warnings == (
        "None of the CPD for 2025-26 describes its impact on your practice and on the people "
        "you work with. Reviewers look for at least one record that does.",
    )
    assert not any("impact" in w for w in check_year([record()], YEAR, TODAY).warnings)


def test_future_dated_records_are_warned_about() -> None:
    check = check_year([record(title="Planned course", start_date=date(2026, 4, 1))], YEAR, TODAY)
    assert check.warnings == (
        "1 record is dated after today: ‘Planned course’. Only record CPD once you have done it.",
    )


def test_standard_4_coverage() -> None:
    records = [
        record(id="a", standards=("4.1", "2.5", "4.6")),
        record(id="b", title="B", standards=("4.6", "4.7", "4.10")),
    ]
    check = check_year(records, YEAR, TODAY)
    assert check.standards_covered == ("4.1", "4.6", "4.7")
    assert check.standards_missing == ("4.2", "4.3", "4.4", "4.5", "4.8")


def test_days_to_deadline_for_a_past_year_is_negative() -> None:
    past = YEAR.previous()
    assert check_year([], past, TODAY).days_to_deadline == (date(2025, 11, 30) - TODAY).days < 0


def test_today_may_be_a_datetime_in_uk_time() -> None:
    moment = datetime(2026, 11, 30, 23, 59, tzinfo=ZoneInfo("Europe/London"))
    assert check_year([], YEAR, moment).days_to_deadline == 0


def test_other_rules_can_be_applied() -> None:
    stricter = CpdRules(min_records=3, min_peer_records=2)
    check = check_year(demo_records(), YEAR, TODAY, rules=stricter)
    assert check.count == 3 and check.draft_count == 1  # one of the three is a draft
    assert check.records_needed == 1
    assert check.peer_count == 1
    assert not check.has_peer
    assert not check.met
    assert check.shortfalls == (
        "Finish and mark as ready 1 more record for 2025-26, or add new ones: only records "
        "marked ready count towards the 3 different pieces Social Work England asks for "
        "each registration year.",
        "Add a peer reflection to 1 more record for 2025-26: say what you learnt from "
        "discussing the activity with a peer. Social Work England asks for at least "
        "2 records with one each year.",
    )


def test_only_ready_records_meet_the_year() -> None:
    from desktop.cpd.progress_text import peer_progress, records_progress

    ready = record(id="a")
    draft_with_peer = record(id="b", title="Team session", peer=PEER, status="draft")
    check = check_year([ready, draft_with_peer], YEAR, TODAY)
    assert check.count == 2 and check.draft_count == 1 and check.distinct_count == 1
    assert not check.has_peer and not check.met
    assert records_progress(check) == "2 recorded, 1 still a draft"
    assert peer_progress(check) == "peer reflection in a draft"
    assert check.shortfalls[0].startswith("Finish and mark as ready 1 more record")
    assert check.shortfalls[1].startswith("Finish the 1 draft with a peer reflection")
    done = check_year([ready, record(id="b", title="Team session", peer=PEER)], YEAR, TODAY)
    assert done.met and records_progress(done) == "2 of 2 records ✓"
    assert peer_progress(done) == "peer reflection done ✓"
    extra = check_year([ready, done.records[1], record(id="c", status="draft")], YEAR, TODAY)
    assert extra.met and records_progress(extra) == "3 recorded, 1 still a draft (2 ready ✓)"
