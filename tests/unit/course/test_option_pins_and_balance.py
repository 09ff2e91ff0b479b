"""quiz.yaml's `pin` key, and the warning about right answers written in one place."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import cli
from desktop.course.loader import check_content, load_course
from tests.helpers.course_builder import write_course
from tests.unit.course.test_loader import edit_quiz


@pytest.fixture
def content(tmp_path: Path) -> Path:
    return write_course(tmp_path)


def test_a_pinned_option_loads_as_pinned(content):
    edit_quiz(content, lambda d: d["questions"][0]["options"][2].update(pin=True))
    assert check_content(content) == []
    question = load_course(content).course.module("alpha").quiz.questions[0]
    assert [o.pinned for o in question.options] == [False, False, True]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["questions"][0]["options"][0].update(pin="yes"),
            "'pin' must be true or false",
        ),
        (
            lambda d: [o.update(pin=True) for o in d["questions"][0]["options"]],
            "pins every option",
        ),
        (lambda d: d["questions"][1]["options"][0].update(pin=True), "true_false"),
    ],
)
def test_a_wrong_pin_is_a_problem_naming_the_file(content, change, expected):
    edit_quiz(content, change)
    found = [p.format(content) for p in check_content(content)]
    assert any(m.startswith("alpha/quiz.yaml:") and expected in m for m in found), found


def test_content_check_warns_but_passes_when_right_answers_are_written_first(
    content, capsys, monkeypatch
):
    monkeypatch.chdir(content)
    assert cli.main(["content", "check", str(content)]) == 0
    out = capsys.readouterr().out
    # The builder writes every single-answer right option first, and every recommended
    # scenario choice first.
    assert "alpha/quiz.yaml:1: warning: the right answer is written as option 1" in out
    assert "alpha/scenario.yaml:1: warning: the recommended choice is written as choice 1" in out
    assert "all content checks passed, with 4 warnings" in out


def test_no_warning_once_the_written_order_is_mixed(content, capsys, monkeypatch):
    def mix(data):
        singles = [q for q in data["questions"] if q["type"] == "single"]
        for n, question in enumerate(singles):
            options = question["options"]
            question["options"] = options[n % 3 :] + options[: n % 3]

    edit_quiz(content, mix)
    monkeypatch.chdir(content)
    assert cli.main(["content", "check", str(content)]) == 0
    assert "alpha/quiz.yaml" not in capsys.readouterr().out
