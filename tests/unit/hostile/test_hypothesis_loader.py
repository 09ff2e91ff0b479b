"""Property tests for the content loader: whatever is in a course file, loading never
raises, every problem has a file and a line, and only the broken module goes.

And the promise behind the scenario rules: if the validator accepts a scenario, no
path through it strands a learner or loops.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.course.loader import load_course
from desktop.course.model import Module, UnavailableModule
from tests.helpers.course_builder import quiz, scenario, write_course

SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Any YAML-representable value, small enough to keep examples fast.
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False),
    st.text(max_size=30),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=5),
        st.dictionaries(st.text(max_size=12), children, max_size=5),
    ),
    max_leaves=25,
)
QUIZ_KEYS = ["id", "type", "scenario", "prompt", "source", "options"]
OPTION_KEYS = ["text", "correct", "feedback"]


@pytest.fixture(scope="module")
def course(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two modules: the fuzzed one (beta), and one that must stay available."""
    return write_course(tmp_path_factory.mktemp("hypothesis-course"))


@pytest.fixture(scope="module")
def solo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One module, so each example parses half the YAML (the corpus tests prove that
    a broken module leaves the others available)."""
    return write_course(tmp_path_factory.mktemp("hypothesis-solo"), ("alpha",))


@contextmanager
def replaced(path: Path, text: str | bytes) -> Iterator[None]:
    """Put ``text`` in ``path`` for the duration, then restore the original."""
    original = path.read_bytes()
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    try:
        yield
    finally:
        path.write_bytes(original)


@contextmanager
def fast_word_count() -> Iterator[None]:
    # The YAML rules are under test, not Markdown rendering: skip the costly word count.
    with mock.patch("desktop.course.loader.count_words", return_value=1000):
        yield


def assert_contained(course: Path, broken: str) -> None:
    """Loading never raises; problems are located; only ``broken`` can be unavailable."""
    load = load_course(course)
    for problem in load.problems:
        assert problem.line >= 1
        assert problem.message.strip()
        assert problem.path.is_relative_to(course)
    entries = {entry.id: entry for entry in load.course.entries}
    assert broken in entries
    for module_id, entry in entries.items():
        if module_id != broken:
            assert isinstance(entry, Module), entry
    if load.problems:
        assert isinstance(entries[broken], UnavailableModule)
        assert all(broken in str(p.path) for p in load.problems)


@SETTINGS
@given(VALUES)
def test_any_yaml_value_as_a_quiz_is_handled(solo: Path, value: object) -> None:
    with fast_word_count(), replaced(solo / "alpha" / "quiz.yaml", yaml.safe_dump(value)):
        assert_contained(solo, "alpha")


@SETTINGS
@given(st.text(max_size=400))
def test_any_text_as_a_scenario_file_is_handled(solo: Path, text: str) -> None:
    with fast_word_count(), replaced(solo / "alpha" / "scenario.yaml", text):
        assert_contained(solo, "alpha")


@SETTINGS
@given(st.binary(max_size=300))
def test_any_bytes_as_a_quiz_file_are_handled(solo: Path, data: bytes) -> None:
    with fast_word_count(), replaced(solo / "alpha" / "quiz.yaml", data):
        assert_contained(solo, "alpha")


@SETTINGS
@given(
    question=st.integers(min_value=0, max_value=9),
    key=st.sampled_from(QUIZ_KEYS + [f"options.{k}" for k in OPTION_KEYS]),
    value=st.one_of(st.just("<delete>"), VALUES),
)
def test_one_broken_field_in_a_valid_quiz_is_reported(
    solo: Path, question: int, key: str, value: object
) -> None:
    data = quiz("al0")
    target = data["questions"][question]
    if key.startswith("options."):
        target = target["options"][0]
        key = key.removeprefix("options.")
    if value == "<delete>":
        target.pop(key, None)
    else:
        target[key] = value
    with fast_word_count(), replaced(solo / "alpha" / "quiz.yaml", yaml.safe_dump(data)):
        assert_contained(solo, "alpha")


@SETTINGS
@given(st.text(max_size=300), VALUES)
def test_any_front_matter_is_handled(course: Path, body: str, front: object) -> None:
    text = "---\n" + yaml.safe_dump(front) + "---\n" + body
    with replaced(course / "beta" / "module.md", text):
        assert_contained(course, "beta")


# --------------------------------------------------------------------------- #
# Accepted scenarios never strand or loop
# --------------------------------------------------------------------------- #

NODE_IDS = ["one", "two", "three", "four", "five"]


@st.composite
def scenario_graphs(draw: st.DrawFn) -> dict:
    data = copy.deepcopy(scenario("alpha-case"))
    nodes = []
    for node_id in NODE_IDS:
        ending = draw(st.sampled_from([None, None, "good", "mixed", "poor"]))
        node: dict = {"id": node_id, "text": f"Node {node_id}."}
        if ending is not None:
            node["ending"] = ending
        count = draw(st.integers(min_value=0, max_value=3))
        if count:
            recommended = draw(st.integers(min_value=0, max_value=count - 1))
            node["choices"] = [
                {
                    "text": f"Choice {n}",
                    "next": draw(st.sampled_from([*NODE_IDS, "nowhere"])),
                    "feedback": "Because.",
                    "recommended": n == recommended,
                }
                for n in range(count)
            ]
        nodes.append(node)
    data["nodes"] = nodes
    data["start"] = "one"
    return data


def every_path_ends(graph: dict) -> bool:
    """True when every walk from the start reaches an ending without revisiting a node."""
    nodes = {n["id"]: n for n in graph["nodes"]}

    def walk(node_id: str, seen: frozenset[str]) -> bool:
        if node_id not in nodes or node_id in seen:
            return False
        node = nodes[node_id]
        if node.get("ending"):
            return not node.get("choices")
        choices = node.get("choices") or []
        return bool(choices) and all(walk(c["next"], seen | {node_id}) for c in choices)

    return walk(graph["start"], frozenset())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_graphs())
def test_an_accepted_scenario_never_strands_or_loops(solo: Path, graph: dict) -> None:
    with fast_word_count(), replaced(solo / "alpha" / "scenario.yaml", yaml.safe_dump(graph)):
        load = load_course(solo)
    alpha = load.course.entries[0]
    if isinstance(alpha, Module):
        assert alpha.scenario is not None
        assert every_path_ends(graph)
