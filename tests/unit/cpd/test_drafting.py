"""Drafted CPD descriptions: first person, built from facts, "in full" only when true."""

from __future__ import annotations

import re
from datetime import date

import pytest

from desktop.cpd.drafting import describe, first_person, read_in_full
from desktop.cpd.learning import CompletedModule

# The shipped identity-prism module's own outcomes, written to the reader.
PRISM_OUTCOMES = (
    "explain the narrative, performative and relational dimensions of the identity prism",
    "apply the prism to your own online activity, including when and how you contact "
    "people who use services",
    "use the prism to help children, young people, families and adults think about their "
    "own online identities",
)


def module(**changes: object) -> CompletedModule:
    base = {
        "module_id": "identity-prism",
        "title": "The identity prism",
        "first_activity": date(2026, 3, 2),
        "completed_on": date(2026, 3, 4),
        "minutes": 0,
        "quiz_score": 91.0,
        "standards": ("2.3",),
        "reflection_ids": (),
        "quiz_attempts": 1,
        "estimated_minutes": 40,
        "outcomes": PRISM_OUTCOMES,
    }
    base.update(changes)
    return CompletedModule(**base)  # type: ignore[arg-type]


LEARNERS = {
    # Scrolled to the end in 14 seconds, then passed the quiz: the case.
    "skimmer": [module(reading_seconds=14, seconds=200)],
    # Read for 42 minutes of a 40-minute module, three tries at the quiz, did the scenario.
    "thorough": [
        module(
            reading_seconds=42 * 60 + 10,
            seconds=55 * 60,
            quiz_score=87.5,
            quiz_attempts=3,
            scenario_completed=True,
            scenario_title="A familiar face in a small town",
        )
    ],
    # Exactly half the estimate is enough; a module without a quiz says nothing of one.
    "two modules": [
        module(reading_seconds=20 * 60, seconds=20 * 60),
        module(
            module_id="glossary-walk",
            title="Words that matter online",
            completed_on=date(2026, 3, 9),
            quiz_score=None,
            quiz_attempts=0,
            reading_seconds=7 * 60 + 40,
            estimated_minutes=30,
            outcomes=("use the terms in your own words",),
        ),
    ],
    # Time tracked only on the quiz: the text was never actively read.
    "no reading tracked": [module(reading_seconds=0, seconds=300, outcomes=())],
}


def test_drafts_for_several_learners_match_their_golden_text(golden) -> None:
    text = "".join(
        f"== {name} ==\n{describe('Digital professionalism', chosen)}\n\n"
        for name, chosen in LEARNERS.items()
    )
    golden("drafts.txt", text)


@pytest.mark.parametrize("name", list(LEARNERS))
def test_every_draft_is_first_person_and_never_second(name: str) -> None:
    text = describe("Digital professionalism", LEARNERS[name])
    assert not re.search(r"\byou(r|rs|rself)?\b", text, re.IGNORECASE), text
    assert "covers" not in text and "Gives" not in text  # no summary written to the reader
    sentences = [s for line in text.splitlines() if not line.startswith("- ") for s in [line]]
    assert all(s.startswith(("I ", "The module set out")) for s in sentences if s), text


def test_in_full_only_from_half_the_estimate() -> None:
    assert not read_in_full(module(reading_seconds=14))
    assert not read_in_full(module(reading_seconds=20 * 60 - 1))
    assert read_in_full(module(reading_seconds=20 * 60))
    assert not read_in_full(module(reading_seconds=9999, estimated_minutes=0))
    assert "in full" not in describe("C", [module(reading_seconds=14)])
    assert "I read the module (under a minute of active reading)." in describe(
        "C", [module(reading_seconds=14)]
    )


def test_outcomes_turn_to_the_first_person() -> None:
    assert first_person("rate your confidence and choose priorities for your development") == (
        "rate my confidence and choose priorities for my development"
    )
    assert first_person("use simple checks on your own messages before you send them.") == (
        "use simple checks on my own messages before I send them"
    )
