"""The content validator: clean content passes; each broken rule names file and line."""

from pathlib import Path

import pytest
import yaml

from desktop.course.loader import check_content, load_course
from desktop.course.model import Module, UnavailableModule
from tests.helpers.course_builder import write_course


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_course(tmp_path)


def messages(content: Path) -> list[str]:
    return [p.format(content) for p in check_content(content)]


def test_valid_course_loads_with_no_problems(content):
    loaded = load_course(content)
    assert loaded.problems == ()
    assert [m.id for m in loaded.course.modules] == ["alpha", "beta"]
    module = loaded.course.modules[0]
    assert len(module.quiz.questions) == 10
    assert module.scenario.id == "alpha-case"
    assert loaded.course.standard("5.5").text is None


def test_broken_quiz_yaml_names_file_and_line_and_only_that_module_goes(content):
    quiz = content / "beta" / "quiz.yaml"
    lines = quiz.read_text().splitlines()
    lines[4] = lines[4] + " : : ["  # a YAML syntax error on line 5
    quiz.write_text("\n".join(lines))
    found = messages(content)
    assert len(found) == 1
    assert found[0].startswith("beta/quiz.yaml:5: YAML is malformed")
    course = load_course(content).course
    assert isinstance(course.entries[0], Module)
    assert isinstance(course.entries[1], UnavailableModule)
    assert "malformed" in course.entries[1].reason


def edit_quiz(content: Path, change) -> None:
    path = content / "alpha" / "quiz.yaml"
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def test_question_without_a_correct_option(content):
    edit_quiz(content, lambda d: [o.update(correct=False) for o in d["questions"][1]["options"]])
    assert any("has no correct option" in m for m in messages(content))


def test_option_without_feedback(content):
    edit_quiz(content, lambda d: d["questions"][0]["options"][0].pop("feedback"))
    assert any("'feedback' is missing" in m for m in messages(content))


def test_single_answer_with_two_correct_options(content):
    def change(d):
        q = next(q for q in d["questions"] if q["type"] == "single")
        for o in q["options"]:
            o["correct"] = True

    edit_quiz(content, change)
    assert any("exactly one option must be correct" in m for m in messages(content))


def test_duplicate_question_ids_and_too_few_questions(content):
    edit_quiz(content, lambda d: d["questions"][1].update(id=d["questions"][0]["id"]))
    found = messages(content)
    assert any("is used twice" in m for m in found)
    edit_quiz(content, lambda d: d.update(questions=d["questions"][:5]))
    assert any("needs at least 10" in m for m in messages(content))


def test_wrong_types_are_named(content):
    edit_quiz(content, lambda d: d.update(pass_mark="eighty"))
    assert any("'pass_mark' must be a whole number" in m for m in messages(content))


def test_scenario_dead_end_and_cycle(content):
    path = content / "alpha" / "scenario.yaml"
    data = yaml.safe_load(path.read_text())
    data["nodes"][2]["choices"][0]["next"] = "one"
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    assert any("loops back on itself" in m for m in messages(content))


def test_front_matter_rules(content):
    path = content / "alpha" / "module.md"
    text = path.read_text().replace('- "2.5"', '- "9.9"').replace("- '2.5'", "- '9.9'")
    text = text.replace("glossary:online-proximity", "glossary:no-such-term")
    text = text.replace("figure:fig.svg", "figure:../../etc/passwd")
    path.write_text(text)
    found = messages(content)
    assert any("standard '9.9' is not in standards.yaml" in m for m in found)
    assert any("glossary term 'no-such-term'" in m for m in found)
    assert any("must be figure:NAME.svg" in m for m in found)


def test_word_count_limits(content):
    path = content / "beta" / "module.md"
    front, _, _ = path.read_text().partition("\n---\n")
    path.write_text(
        front + '\n---\n\nToo short.\n\n!!! key "K"\n    - a\n\n!!! example "E"\n    b\n'
    )
    assert any("words; it must have 800-1800" in m for m in messages(content))


def test_missing_course_file_is_one_clear_problem(tmp_path):
    found = check_content(tmp_path)
    assert len(found) == 1 and "course.yaml" in found[0].message


def test_shipped_course_passes_every_check():
    root = Path(__file__).resolve().parents[3]
    problems = check_content(root / "content", root / "assets")
    assert [p.format(root) for p in problems] == []
