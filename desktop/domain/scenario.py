"""Branching case scenarios: the graph, its rules, and the debrief comparison."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Ending(StrEnum):
    GOOD = "good"
    MIXED = "mixed"
    POOR = "poor"


@dataclass(frozen=True)
class Choice:
    text: str
    next: str
    feedback: str
    recommended: bool = False


@dataclass(frozen=True)
class Node:
    id: str
    text: str
    choices: tuple[Choice, ...] = ()
    ending: Ending | None = None

    @property
    def is_ending(self) -> bool:
        return self.ending is not None


@dataclass(frozen=True)
class Scenario:
    id: str
    module_id: str
    title: str
    summary: str
    standards: tuple[str, ...]
    start: str
    nodes: Mapping[str, Node]
    debrief: str
    content_hash: str

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]


@dataclass(frozen=True)
class Step:
    """One decision as taken, set beside the recommended choice at that point."""

    node_id: str
    prompt: str
    taken: Choice
    recommended: Choice | None

    @property
    def matched(self) -> bool:
        return self.recommended is not None and self.taken == self.recommended


def graph_problems(scenario: Scenario) -> list[str]:
    """Everything that would strand or loop a learner, as plain sentences."""
    problems: list[str] = []
    nodes = scenario.nodes
    if scenario.start not in nodes:
        return [f"start node '{scenario.start}' does not exist"]
    for node in nodes.values():
        if node.is_ending and node.choices:
            problems.append(f"node '{node.id}' is an ending but also offers choices")
        if not node.is_ending and not node.choices:
            problems.append(f"node '{node.id}' is a dead end: give it choices or make it an ending")
        if node.choices and sum(c.recommended for c in node.choices) != 1:
            problems.append(f"node '{node.id}' needs exactly one recommended choice")
        problems.extend(
            f"node '{node.id}' leads to '{c.next}', which does not exist"
            for c in node.choices
            if c.next not in nodes
        )
    if problems:
        return problems
    reachable, cycle = _walk(scenario)
    if cycle:
        problems.append(f"the path {' -> '.join(cycle)} loops back on itself")
    problems.extend(
        f"node '{node_id}' cannot be reached from the start"
        for node_id in nodes
        if node_id not in reachable
    )
    if not problems:
        decisions = len(recommended_path(scenario))
        if decisions < 3:
            problems.append(
                f"the recommended path has {decisions} decision points; at least 3 needed"
            )
    return problems


def _walk(scenario: Scenario) -> tuple[set[str], list[str]]:
    """Depth-first walk: the nodes reached, and the first cycle found (empty if none).

    Iterative, with an explicit stack, so a scenario of thousands of steps cannot
    exhaust Python's recursion limit.
    """
    reached: set[str] = {scenario.start}
    done: set[str] = set()
    path: list[str] = [scenario.start]
    on_path: set[str] = {scenario.start}
    stack = [iter(scenario.nodes[scenario.start].choices)]
    while stack:
        choice = next(stack[-1], None)
        if choice is None:
            stack.pop()
            finished = path.pop()
            on_path.discard(finished)
            done.add(finished)
            continue
        target = choice.next
        if target in on_path:
            return reached, [*path[path.index(target) :], target]
        if target in done or target not in scenario.nodes:
            continue
        reached.add(target)
        path.append(target)
        on_path.add(target)
        stack.append(iter(scenario.nodes[target].choices))
    return reached, []


def recommended_path(scenario: Scenario) -> list[tuple[str, int]]:
    """The decisions an expert would make, as (node id, choice index) from the start."""
    steps: list[tuple[str, int]] = []
    node_id = scenario.start
    seen: set[str] = set()
    while node_id in scenario.nodes and node_id not in seen:
        seen.add(node_id)
        node = scenario.nodes[node_id]
        index = next((i for i, c in enumerate(node.choices) if c.recommended), None)
        if index is None:
            break
        steps.append((node_id, index))
        node_id = node.choices[index].next
    return steps


def compare_with_recommended(scenario: Scenario, taken: Sequence[tuple[str, int]]) -> list[Step]:
    """Each choice the learner made, beside the recommended choice at that node."""
    steps = []
    for node_id, index in taken:
        node = scenario.nodes.get(node_id)
        if node is None or not 0 <= index < len(node.choices):
            continue
        recommended = next((c for c in node.choices if c.recommended), None)
        steps.append(Step(node_id, node.text, node.choices[index], recommended))
    return steps
