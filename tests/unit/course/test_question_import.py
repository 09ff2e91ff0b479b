"""Question banks from GIFT, Aiken and Moodle XML become quizzes Prism accepts."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from desktop.cli import main
from desktop.course.fields import ID_PATTERN
from desktop.course.loader import _load_quiz
from desktop.course.question_import.aiken import parse_aiken
from desktop.course.question_import.gift import parse_gift
from desktop.course.question_import.model import BankError
from desktop.course.question_import.moodle_xml import parse_moodle_xml

BANKS = Path(__file__).resolve().parents[2] / "corpus" / "question_banks"


def _by_title(result):
    return {q.title: q for q in result.questions}


def test_gift_format_examples_import_every_supported_type_with_feedback():
    result = parse_gift((BANKS / "format-examples.gift").read_text())
    found = _by_title(result)
    assert set(found) == {"Capital", "Rivers", "Bridge", "Seasons", "Missing word", "Escapes"}
    capital = found["Capital"]
    assert capital.kind == "single"
    assert [o.correct for o in capital.options] == [True, False, False]
    assert capital.options[1].feedback == "No, Brookley is the largest market town."
    assert capital.general_feedback == "The county town is where the council's offices are."
    assert capital.category == "Format examples"
    # {T#wrong#right}: the True option is right and gets the "right" feedback.
    rivers = found["Rivers"]
    assert rivers.kind == "true_false"
    assert [(o.text, o.correct) for o in rivers.options] == [("True", True), ("False", False)]
    assert rivers.options[0].feedback == "Yes, its source is in the hills."
    assert rivers.options[1].feedback == "It does rise there."
    bridge = found["Bridge"]
    assert [o.correct for o in bridge.options] == [False, True]
    assert bridge.options[1].feedback == "Right, it is wooden."
    seasons = found["Seasons"]
    assert seasons.kind == "multiple"
    assert [o.correct for o in seasons.options] == [True, True, False, False]
    assert found["Missing word"].prompt == "The council meets in the _____ every month."
    escapes = found["Escapes"]
    assert "hyphenated name: a dash {-} or a tilde ~?" in escapes.prompt
    assert escapes.options[0].feedback == "Right: the dash {-}."


def test_gift_unsupported_types_are_listed_with_their_lines_not_dropped():
    result = parse_gift((BANKS / "format-examples.gift").read_text())
    skipped = {(s.kind, s.title, s.line) for s in result.skipped}
    assert ("essay", "Essay", 26) in skipped
    assert ("matching", "Matching", 28) in skipped
    assert ("numerical", "Numerical", 34) in skipped
    assert ("short answer", "Short answer", 36) in skipped
    assert any(kind == "description" for kind, _, _ in skipped)
    assert not result.errors
    assert len(result.questions) + len(result.skipped) == 11


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("// note\n\n::Open::Never closed {=a ~b", 3, "never closed"),
        ("::Broken title {=a ~b}", 1, "title"),
        ("Q one {=a ~b}\n\nQ two {~a ~b}", 3, "no right answer"),
        ("Q {=a ~b} and {=c ~d}", 1, "more than one answer block"),
        ("Q {=only}", 1, "short answer"),
        ("\n\nQ {=a =b ~c}\n", 3, ""),
        ("Q {=a ~b ~c ~d ~e ~f ~g}", 1, "2-6 options"),
        ("Q closes } first {=a ~b", 1, "never opened"),
    ],
)
def test_gift_errors_name_the_source_line(text, line, words):
    result = parse_gift(text)
    messages = [(e.line, e.message) for e in result.errors] + [
        (s.line, s.kind) for s in result.skipped
    ]
    if words:
        assert any(at == line and words in message for at, message in messages), messages
    else:  # two '=' and a '~' is multiple choice with two right answers
        assert result.questions[0].kind == "multiple"
        assert result.questions[0].line == line


def test_gift_html_questions_become_markdown_without_tags():
    result = parse_gift("[html]<p>Is <em>this</em> <b>bold</b>?<br>Yes</p>{T}")
    assert result.questions[0].prompt == "Is *this* **bold**?\nYes"


def test_aiken_bank_converts_and_reports_bad_answers_by_line():
    result = parse_aiken((BANKS / "training-lead.txt").read_text())
    assert [q.kind for q in result.questions] == ["single", "single", "multiple"]
    assert [o.correct for o in result.questions[0].options] == [False, True, False, False]
    assert result.questions[1].line == 8
    broken = parse_aiken("Question?\nA. one\nB. two\nANSWER: D\n\nNext?\nA. x\nC. y\nANSWER: A\n")
    assert [(e.line, e.message.split(" ")[0]) for e in broken.errors] == [
        (4, "ANSWER"),
        (8, "option"),
    ]
    missing = parse_aiken("Question?\nA. one\nB. two\n\nOther?\nA. x\nB. y\nANSWER: A")
    assert [e.line for e in missing.errors] == [1]
    assert len(missing.questions) == 1


def test_moodle_xml_keeps_feedback_and_lists_unsupported_types():
    result = parse_moodle_xml((BANKS / "format-examples.xml").read_bytes())
    found = _by_title(result)
    meeting = found["Meeting place"]
    assert meeting.prompt == "Where does the **Northshire** team hold its monthly meeting?"
    assert meeting.general_feedback == "The meeting room is booked each month."
    assert meeting.options[2].feedback == "It meets in person."
    assert meeting.category == "Format examples"
    assert any("image" in n.message and n.line == 6 for n in result.notes)
    assert found["Safe passwords"].kind == "multiple"
    assert [o.correct for o in found["Safe passwords"].options] == [True, True, False]
    work = found["Work phone"]
    assert [(o.text, o.correct) for o in work.options] == [("True", True), ("False", False)]
    assert {(s.kind, s.line) for s in result.skipped} == {
        ("essay", 29),
        ("matching", 33),
        ("numerical", 37),
        ("cloze", 41),
        ("short answer", 45),
    }


@pytest.mark.parametrize(
    ("xml", "words"),
    [
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE quiz [<!ENTITY a "aaaa">]>\n<quiz>&a;</quiz>',
            "DTD",
        ),
        (
            b'<?xml version="1.0"?>\n<!DOCTYPE quiz SYSTEM "file:///etc/passwd">\n<quiz/>',
            "DTD",
        ),
        (b"<quiz>\n<question>\n</quiz>", "not well-formed"),
        (b"<html><body/></html>", "not a Moodle XML"),
        (b"<quiz>" + b"<a>" * 100 + b"</a>" * 100 + b"</quiz>", "nested too deeply"),
    ],
)
def test_hostile_or_wrong_xml_is_refused_with_a_line(xml, words):
    with pytest.raises(BankError) as caught:
        parse_moodle_xml(xml)
    assert words in str(caught.value)
    assert caught.value.line >= 1


def test_command_writes_a_quiz_the_course_loader_accepts_apart_from_length(tmp_path, capsys):
    out = tmp_path / "quiz.yaml"
    code = main(
        ["content", "import-questions", str(BANKS / "training-lead.gift"), "--out", str(out)]
    )
    printed = capsys.readouterr()
    assert code == 0
    assert "training-lead.gift:33: skipped essay question 'ns-work-3'" in printed.out
    assert "training-lead.gift:35: skipped matching question 'ns-work-4'" in printed.out
    assert "Wrote 5 questions" in printed.out
    data = yaml.safe_load(out.read_text())
    assert all(ID_PATTERN.match(q["id"]) for q in data["questions"])
    first = data["questions"][0]["options"][1]
    assert first["feedback"].startswith("Restricting visibility")
    assert first["feedback"].endswith(
        "Section 4 of the policy covers contact from people we work with."
    )
    problems: list = []
    quiz = _load_quiz(out, "northshire", problems)
    # Only the course's length rules complain: 5 questions, no practice scenarios.
    assert {p.message.split(";")[0].split(" ")[0] for p in problems} <= {"'questions'", "at"}
    assert quiz is None or len(quiz.questions) == 5
    # A second run never replaces the file without --force.
    assert main(["content", "import-questions", str(BANKS / "training-lead.gift"),
                 "--out", str(out)]) == 1  # fmt: skip
    assert "already exists" in capsys.readouterr().err


def test_command_reports_options_without_feedback_and_errors(tmp_path, capsys):
    bank = tmp_path / "bank.txt"
    bank.write_text("Which?\nA. one\nB. two\nANSWER: B\n\nBroken?\nA. x\nB. y\nANSWER: Q\n")
    out = tmp_path / "quiz.yaml"
    code = main(["content", "import-questions", str(bank), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 1  # written, but one question had an error
    assert "bank.txt:9: ANSWER names Q" in printed.err
    assert "bank.txt:1: option 'one' has no feedback" in printed.out
    assert out.exists()


def test_command_refuses_unknown_format_and_unsafe_xml(tmp_path, capsys):
    odd = tmp_path / "bank.dat"
    odd.write_text("just some words\n")
    assert main(["content", "import-questions", str(odd), "--out", str(tmp_path / "q.yaml")]) == 2
    assert "--format" in capsys.readouterr().err
    bomb = tmp_path / "bank.xml"
    bomb.write_text('<?xml version="1.0"?>\n<!DOCTYPE q [<!ENTITY a "b">]>\n<quiz/>')
    out = tmp_path / "q.yaml"
    assert main(["content", "import-questions", str(bomb), "--out", str(out)]) == 1
    assert "bank.xml:2:" in capsys.readouterr().err
    assert not out.exists()


_GIFT_BITS = st.sampled_from(
    ["::T::", "{", "}", "=a", "~b", "~%50%c", "#fb", "####g", "T", "FALSE", "->", "\\{",
     "\\=", "$CATEGORY: x", "// c", "[html]<p>x</p>", "text", " ", "\n", "\n\n", "{}"]
)  # fmt: skip


@given(st.lists(_GIFT_BITS, max_size=40).map("".join))
def test_gift_never_crashes_and_never_drops_a_question_in_silence(text):
    """Every paragraph with a brace is imported, skipped or reported: none vanishes."""
    from desktop.course.question_import.gift import _paragraphs

    result = parse_gift(text)
    accounted = (
        {q.line for q in result.questions}
        | {s.line for s in result.skipped}
        | {e.line for e in result.errors}
    )
    for line, chunk in _paragraphs(text):
        if not chunk.startswith("$CATEGORY:"):
            assert line in accounted, (line, chunk)


@given(st.text(max_size=300))
def test_aiken_never_crashes_and_answers_lines_it_does_not_understand(text):
    result = parse_aiken(text)
    assert all(e.line >= 1 for e in result.errors)
    for question in result.questions:
        assert 2 <= len(question.options) <= 6
