"""Scenario graph rules: no learner is ever stranded or sent round in circles."""

from desktop.domain.scenario import (
    Choice,
    Ending,
    Node,
    Scenario,
    compare_with_recommended,
    graph_problems,
    recommended_path,
)


def build(nodes: list[Node], start: str = "a") -> Scenario:
    return Scenario("s", "m", "T", "S", (), start, {n.id: n for n in nodes}, "Debrief", "h")


def good_graph() -> list[Node]:
    return [
        Node("a", "A", (Choice("go", "b", "fa", True), Choice("stop", "bad", "fx"))),
        Node("b", "B", (Choice("go", "c", "fb", True), Choice("stop", "bad", "fy"))),
        Node("c", "C", (Choice("go", "end", "fc", True), Choice("stop", "bad", "fz"))),
        Node("end", "E", ending=Ending.GOOD),
        Node("bad", "X", ending=Ending.POOR),
    ]


def test_valid_graph_has_no_problems_and_a_three_step_recommended_path():
    scenario = build(good_graph())
    assert graph_problems(scenario) == []
    assert recommended_path(scenario) == [("a", 0), ("b", 0), ("c", 0)]


def test_dead_end_unknown_target_and_unreachable_nodes_are_reported():
    nodes = good_graph()
    nodes[1] = Node("b", "B", ())  # no choices and not an ending
    nodes.append(Node("orphan", "O", ending=Ending.MIXED))
    problems = graph_problems(build(nodes))
    assert any("dead end" in p for p in problems)
    nodes[1] = Node("b", "B", (Choice("go", "nowhere", "f", True),))
    assert any("does not exist" in p for p in graph_problems(build(nodes)))


def test_cycle_is_reported_with_its_path():
    nodes = good_graph()
    nodes[2] = Node("c", "C", (Choice("back", "a", "f", True), Choice("end", "end", "f")))
    problems = graph_problems(build(nodes))
    assert any("loops back" in p and "a -> b -> c -> a" in p for p in problems)


def test_exactly_one_recommended_choice_per_decision():
    nodes = good_graph()
    nodes[0] = Node("a", "A", (Choice("go", "b", "f", True), Choice("also", "bad", "f", True)))
    assert any("exactly one recommended" in p for p in graph_problems(build(nodes)))


def test_debrief_compares_taken_path_with_recommended():
    scenario = build(good_graph())
    steps = compare_with_recommended(scenario, [("a", 0), ("b", 1)])
    assert [s.matched for s in steps] == [True, False]
    assert steps[1].recommended.text == "go"
