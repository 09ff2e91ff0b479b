"""Bad course content gives a clear file:line message, takes down only its own module,
and changes nothing on disk.

Each case in tests/corpus/content/ is a set of files laid over the small test course
(tests/helpers/course_builder.py) plus ``expected.txt``: ``unavailable: <module>``
lines, ``course: <text>`` for a course-level error, and otherwise text that must
appear in one of the formatted problems. Cases that would be silly to keep as
files (a 2 MB module, 5000 nested brackets, a symlink) are generated below.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from desktop.course.loader import CourseError, check_content, load_course
from desktop.course.model import Module, UnavailableModule
from desktop.services.startup import StartupError, start_services
from tests.helpers.course_builder import write_course

CORPUS = Path(__file__).resolve().parents[2] / "corpus" / "content"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir())

# Cases that show a bug in a file this suite does not own; each reason says the fix.


def _case_params() -> list:
    return list(CASES)


def build(tmp_path: Path, case: str | None = None) -> Path:
    """The test course with the case's files laid over it; returns the course root."""
    root = tmp_path / "course"
    write_course(root)
    if case is not None:
        for source in (CORPUS / case).rglob("*"):
            if source.is_file() and source.name != "expected.txt":
                target = root / source.relative_to(CORPUS / case)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(source, target)
    return root


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def expectations(case: str) -> tuple[set[str], list[str], list[str]]:
    unavailable, course_level, texts = set(), [], []
    for line in (CORPUS / case / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line.startswith("unavailable: "):
            unavailable.add(line.removeprefix("unavailable: "))
        elif line.startswith("course: "):
            course_level.append(line.removeprefix("course: "))
        elif line.strip():
            texts.append(line)
    return unavailable, course_level, texts


@pytest.mark.parametrize("case", _case_params())
def test_each_bad_file_gets_a_clear_message_and_changes_nothing(tmp_path, case) -> None:
    root = build(tmp_path, case)
    content = root / "content"
    before = snapshot(root)
    unavailable, course_level, texts = expectations(case)

    try:
        load = load_course(content, root / "assets")
    except CourseError as error:
        load, course_error = None, error
    problems = check_content(content, root / "assets") if load is None else list(load.problems)

    formatted = [p.format(content) for p in problems]
    assert problems, f"{case}: no problem reported"
    for text in texts:
        assert any(text in line for line in formatted), f"{text!r} not in {formatted}"
    for problem in problems:
        assert problem.line >= 1 and problem.message.strip()
        assert "Traceback" not in problem.message
    if course_level:
        assert load is None
        assert all(text in str(course_error) for text in course_level)
    else:
        assert load is not None
        course = load.course
        broken = {e.id for e in course.entries if isinstance(e, UnavailableModule)}
        assert broken == unavailable
        # One bad file never takes down the rest of the course.
        assert any(isinstance(e, Module) for e in course.entries)
    assert snapshot(root) == before


def test_the_corpus_readme_lists_every_case() -> None:
    readme = (CORPUS.parent / "README.md").read_text(encoding="utf-8")
    missing = [case for case in CASES if f"`{case}`" not in readme]
    assert missing == []


def test_a_broken_course_file_stops_start_up_with_a_message_not_a_crash(tmp_path) -> None:
    root = build(tmp_path, "course-yaml-not-a-mapping")
    with pytest.raises(StartupError, match="The course could not be read"):
        start_services(root / "content", root / "assets", tmp_path / "data")


def test_a_bad_module_still_lets_the_app_start(tmp_path) -> None:
    root = build(tmp_path, "malformed-quiz-yaml")
    services = start_services(root / "content", root / "assets", tmp_path / "data")
    try:
        assert [e.id for e in services.course.entries if isinstance(e, Module)] == ["beta"]
        assert any("quiz.yaml" in str(p.path) for p in services.problems)
    finally:
        services.close()


# --------------------------------------------------------------------------- #
# Generated cases
# --------------------------------------------------------------------------- #


def test_a_huge_module_file_is_refused_without_reading_it_all(tmp_path) -> None:
    root = build(tmp_path)
    module = root / "content" / "alpha" / "module.md"
    module.write_text(module.read_text() + "word " * 400_000, encoding="utf-8")  # 2 MB
    formatted = [p.format(root / "content") for p in check_content(root / "content")]
    assert any(
        "alpha/module.md:1: file is" in line and "content files must be under 1 MB" in line
        for line in formatted
    )


def test_a_huge_quiz_file_is_refused(tmp_path) -> None:
    root = build(tmp_path)
    quiz = root / "content" / "beta" / "quiz.yaml"
    quiz.write_text("# padding\n" * 150_000, encoding="utf-8")
    formatted = [p.format(root / "content") for p in check_content(root / "content")]
    assert any("beta/quiz.yaml:1:" in line and "under 1 MB" in line for line in formatted)


def test_deeply_nested_yaml_is_a_problem_not_a_crash(tmp_path) -> None:
    root = build(tmp_path)
    (root / "content" / "alpha" / "quiz.yaml").write_text(
        "questions: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )
    formatted = [p.format(root / "content") for p in check_content(root / "content")]
    assert any("alpha/quiz.yaml:1:" in line for line in formatted)


def test_a_very_long_scenario_is_checked_without_crashing(tmp_path) -> None:
    import yaml

    root = build(tmp_path)
    path = root / "content" / "alpha" / "scenario.yaml"
    data = yaml.safe_load(path.read_text())
    nodes = []
    for n in range(1500):
        nodes.append(
            {
                "id": f"n{n}",
                "text": "Next step.",
                "choices": [
                    {"text": "On", "next": f"n{n + 1}", "feedback": "Fine.", "recommended": True}
                ],
            }
        )
    nodes.append({"id": "n1500", "ending": "good", "text": "Done."})
    data.update(start="n0", nodes=nodes)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    load = load_course(root / "content", root / "assets")
    assert isinstance(load.course.entries[0], Module | UnavailableModule)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_a_figure_symlink_leading_out_of_the_assets_is_reported(tmp_path) -> None:
    root = build(tmp_path)
    secret = tmp_path / "outside.svg"
    secret.write_text("<svg xmlns='http://www.w3.org/2000/svg'/>", encoding="utf-8")
    (root / "assets" / "figures" / "fig.svg").unlink()
    (root / "assets" / "figures" / "fig.svg").symlink_to(secret)
    formatted = [p.format(root / "content") for p in check_content(root / "content")]
    assert any("fig.svg" in line for line in formatted)
