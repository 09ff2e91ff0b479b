"""Playing a branching case scenario: each choice is saved as it is made."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.course.model import Course
from desktop.domain.scenario import Choice, Node, Scenario, Step, compare_with_recommended
from desktop.store.scenarios import ScenarioRepo, ScenarioRun


@dataclass
class ScenarioSession:
    run: ScenarioRun
    scenario: Scenario
    node_id: str

    @property
    def node(self) -> Node:
        return self.scenario.node(self.node_id)


@dataclass(frozen=True)
class Debrief:
    ending: Node
    steps: tuple[Step, ...]
    matched: int
    text: str


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
        """Record a choice and move on; reaching an ending finishes the run."""
        choice = session.node.choices[index]
        session.run = self._repo.record_choice(session.run.id, session.node_id, index)
        session.node_id = choice.next
        if session.node.is_ending:
            session.run = self._repo.finish_run(session.run.id, session.node.ending.value)
        return choice

    def debrief(self, session: ScenarioSession) -> Debrief:
        steps = tuple(compare_with_recommended(session.scenario, session.run.path))
        return Debrief(session.node, steps, sum(s.matched for s in steps), session.scenario.debrief)
