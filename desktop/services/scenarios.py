"""Playing a branching case scenario: each choice is saved as it is made.

Choices are shown in a fresh order on every run (authors tend to write the
recommended one first), and saved by their authored index, which is the choice's
identity in that version of the scenario; where it appeared on screen is not kept
in the path. The order is drawn from the run's own id, so resuming a run shows the
same order and a new run shows a new one, with nothing more to store.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from desktop.course.model import Course
from desktop.domain.scenario import (
    Choice,
    Node,
    Scenario,
    Step,
    compare_with_recommended,
    recommended_path,
)
from desktop.domain.shuffle import choice_order
from desktop.store.scenarios import ScenarioRepo, ScenarioRun


@dataclass
class ScenarioSession:
    run: ScenarioRun
    scenario: Scenario
    node_id: str

    @property
    def node(self) -> Node:
        return self.scenario.node(self.node_id)

    def order(self, node_id: str | None = None) -> tuple[int, ...]:
        """Authored choice indexes of a node (the current one by default), as shown."""
        node = self.scenario.node(node_id or self.node_id)
        return choice_order(len(node.choices), random.Random(f"{self.run.id}/{node.id}"))

    def shown(self) -> list[tuple[int, Choice]]:
        """(authored index, choice) pairs of the current node, in the order shown."""
        return [(i, self.node.choices[i]) for i in self.order()]


@dataclass(frozen=True)
class Debrief:
    ending: Node
    steps: tuple[Step, ...]
    matched: int
    text: str
    recommended_decisions: int = 0  # decision points on the recommended path

    @property
    def followed_recommended(self) -> bool:
        """True when every choice was the recommended one all the way through."""
        return bool(self.steps) and self.matched == len(self.steps) == self.recommended_decisions

    @property
    def summary(self) -> str:
        """How the learner's path compares, in words that never claim what they did not do."""
        taken = len(self.steps)
        if self.followed_recommended:
            return f"You made all {taken} choices the way the recommended path does."
        same = f"{self.matched} of your {taken} choice{'s' if taken != 1 else ''}"
        text = f"{same} matched the recommended one."
        if taken != self.recommended_decisions:
            text += (
                f" Your path ended after {taken} decision{'s' if taken != 1 else ''}; "
                f"the recommended path has {self.recommended_decisions}."
            )
        return text


class ScenarioService:
    def __init__(self, course: Course, repo: ScenarioRepo) -> None:
        self._course = course
        self._repo = repo

    def _scenario(self, module_id: str) -> Scenario:
        module = self._course.module(module_id)
        if module is None or module.scenario is None:
            raise KeyError(f"module '{module_id}' has no scenario available")
        return module.scenario

    def start_or_resume(self, profile_id: str, module_id: str) -> ScenarioSession:
        """Carry on an unfinished run of the same version, else start at the beginning."""
        scenario = self._scenario(module_id)
        run = self._repo.open_run(profile_id, scenario.id)
        if run is not None and run.content_hash == scenario.content_hash:
            node_id = scenario.start
            for step_node, index in run.path:
                node_id = scenario.node(step_node).choices[index].next
            return ScenarioSession(run, scenario, node_id)
        return self.start_new(profile_id, module_id)

    def start_new(self, profile_id: str, module_id: str) -> ScenarioSession:
        scenario = self._scenario(module_id)
        run = self._repo.start_run(profile_id, module_id, scenario.id, scenario.content_hash)
        return ScenarioSession(run, scenario, scenario.start)

    def choose(self, session: ScenarioSession, index: int) -> Choice:
        """Record a choice (by authored index) and move on; an ending finishes the run."""
        choice = session.node.choices[index]
        session.run = self._repo.record_choice(session.run.id, session.node_id, index)
        session.node_id = choice.next
        if session.node.is_ending:
            session.run = self._repo.finish_run(session.run.id, session.node.ending.value)
        return choice

    def debrief(self, session: ScenarioSession) -> Debrief:
        steps = tuple(compare_with_recommended(session.scenario, session.run.path))
        return Debrief(
            session.node,
            steps,
            sum(s.matched for s in steps),
            session.scenario.debrief,
            len(recommended_path(session.scenario)),
        )
