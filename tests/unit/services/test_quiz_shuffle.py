"""Each quiz attempt shows options in its own order, kept for resuming (no Qt)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from desktop.course.model import Course, Module
from desktop.domain.quiz import Option, Question, QuestionType, Quiz, SourceRef
from desktop.domain.scenario import Choice, Ending, Node, Scenario
from desktop.services.quiz import QuizService
from desktop.services.scenarios import ScenarioService
from desktop.store.profiles import ProfileRepo
from desktop.store.quiz import QuizRepo
from desktop.store.scenarios import ScenarioRepo


def single(qid: str) -> Question:
    options = tuple(Option(f"{qid} option {i}", i == 0, "Because.") for i in range(4))
    return Question(qid, QuestionType.SINGLE, "Which?", options, SourceRef("d.txt", "S"))


def true_false(qid: str) -> Question:
    options = (Option("True", True, "Yes."), Option("False", False, "No."))
    return Question(qid, QuestionType.TRUE_FALSE, "True?", options, SourceRef("d.txt", "S"))


def scenario() -> Scenario:
    def node(nid: str, nxt: str) -> Node:
        choices = tuple(Choice(f"{nid} {i}", nxt, "F.", recommended=(i == 0)) for i in range(3))
        return Node(nid, f"Situation {nid}.", choices)

    nodes = {
        "a": node("a", "b"),
        "b": node("b", "c"),
        "c": node("c", "end"),
        "end": Node("end", "Done.", ending=Ending.GOOD),
    }
    return Scenario("s", "m", "S", "Sum.", (), "a", nodes, "Debrief.", "h")


QUESTIONS = (*(single(f"q{n}") for n in range(10)), true_false("tf"))
MODULE = Module(
    "m", "M", "", 10, (), (), (), (), "Text.", "h", Path("."),
    quiz=Quiz("m", 80, QUESTIONS, "quiz-hash"),
    scenario=scenario(),
)  # fmt: skip
COURSE = Course("Test", "1", None, Path("."), (MODULE,))


@pytest.fixture
def sam(db) -> str:
    return ProfileRepo(db).create("Sam").id


def test_options_are_shuffled_per_attempt_and_kept_when_resuming(db, sam) -> None:
    service = QuizService(COURSE, QuizRepo(db), random.Random(11))
    session = service.start_or_resume(sam, "m")
    orders = {q.id: session.order(q) for q in QUESTIONS}
    # The right answer is written first everywhere; shown first in only some questions.
    assert 0 < sum(orders[q.id][0] == 0 for q in QUESTIONS[:10]) < 10
    assert orders["tf"] == (0, 1)
    service.answer(session, "q0", [0])

    again = QuizService(COURSE, QuizRepo(db), random.Random(99)).start_or_resume(sam, "m")
    assert again.attempt.id == session.attempt.id
    assert {q.id: again.order(q) for q in QUESTIONS} == orders
    retake = service.start_new(sam, "m")
    assert {q.id: retake.order(q) for q in QUESTIONS} != orders


def test_pressing_the_first_place_every_time_no_longer_passes(db, sam) -> None:
    service = QuizService(COURSE, QuizRepo(db), random.Random(2024))
    session = service.start_new(sam, "m")
    for q in session.questions:
        service.answer(session, q.id, [session.order(q)[0]])  # whatever is shown first
    result = service.finish(session)
    assert not result.passed and result.score < 60


def test_answers_are_kept_by_written_index_whatever_the_order(db, sam) -> None:
    service = QuizService(COURSE, QuizRepo(db), random.Random(5))
    session = service.start_new(sam, "m")
    q = QUESTIONS[0]
    shown = session.shown(q)
    right_place = next(p for p, (_, option) in enumerate(shown) if option.correct)
    feedback = service.answer(session, q.id, [shown[right_place][0]])
    assert feedback.correct
    [answer] = QuizRepo(db).answers(session.attempt.id)
    assert answer.chosen == (0,)  # the written index of the right option


def test_an_attempt_from_before_shuffling_resumes_in_written_order(db, sam) -> None:
    repo = QuizRepo(db)
    repo.start_attempt(sam, "m", "quiz-hash", [q.id for q in QUESTIONS])  # no order kept
    session = QuizService(COURSE, repo, random.Random(1)).start_or_resume(sam, "m")
    assert all(session.order(q) == tuple(range(len(q.options))) for q in QUESTIONS)


def test_scenario_choices_come_in_a_fresh_order_per_run_and_are_saved_by_identity(db, sam) -> None:
    service = ScenarioService(COURSE, ScenarioRepo(db))
    runs = [service.start_new(sam, "m") for _ in range(12)]
    assert len({run.order("a") for run in runs}) > 1
    session = runs[-1]
    shown = session.order()
    resumed = service.start_or_resume(sam, "m")
    assert resumed.run.id == session.run.id and resumed.order() == shown
    written = shown[-1]  # the choice shown last
    service.choose(session, written)
    assert session.run.path == (("a", written),)
