"""Moodle XML question banks, read with the standard library's expat, safely.

A Moodle export never needs a DTD or entity declarations, and those are how XML
attacks work (billion laughs, external entities reading local files), so any
``<!DOCTYPE`` or ``<!ENTITY`` refuses the whole file, as defusedxml would. Expat is
used directly, not ElementTree, because every message must name a source line.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from xml.parsers import expat

from desktop.course.question_import.model import (
    MAX_BANK_BYTES,
    BankError,
    ImportedOption,
    ImportedQuestion,
    ImportResult,
    Skipped,
    check_options,
)
from desktop.course.question_import.text import html_to_text, tidy

MAX_DEPTH = 64
_SKIPPED_NAMES = {
    "multianswer": "cloze",
    "shortanswer": "short answer",
    "ddwtos": "drag and drop",
    "gapselect": "select missing words",
    "calculatedsimple": "calculated",
    "calculatedmulti": "calculated",
}


@dataclass
class _Element:
    tag: str
    attrs: dict[str, str]
    line: int
    children: list[_Element] = field(default_factory=list)
    text: str = ""

    def child(self, tag: str) -> _Element | None:
        return next((c for c in self.children if c.tag == tag), None)

    def text_of(self, tag: str) -> str:
        """The ``<text>`` inside child ``tag`` (Moodle wraps every string so)."""
        found = self.child(tag)
        if found is None:
            return ""
        inner = found.child("text")
        return (inner.text if inner is not None else found.text).strip()


def _parse(data: bytes) -> _Element:
    if len(data) > MAX_BANK_BYTES:
        raise BankError(1, f"the file is over {MAX_BANK_BYTES // 1_000_000} MB: too big for a bank")
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root = _Element("", {}, 0)
    stack = [root]

    def refuse(what: str) -> None:
        raise BankError(
            parser.CurrentLineNumber,
            f"the file declares {what}; a Moodle export never does, and Prism refuses it "
            "because declarations are how XML attacks work",
        )

    def start(tag: str, attrs: dict[str, str]) -> None:
        if len(stack) > MAX_DEPTH:
            raise BankError(parser.CurrentLineNumber, "elements are nested too deeply")
        element = _Element(tag, attrs, parser.CurrentLineNumber)
        stack[-1].children.append(element)
        stack.append(element)

    def end(_tag: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        stack[-1].text += data

    parser.StartDoctypeDeclHandler = lambda *_: refuse("a DTD (<!DOCTYPE>)")
    parser.EntityDeclHandler = lambda *_: refuse("an entity (<!ENTITY>)")
    parser.ExternalEntityRefHandler = lambda *_: refuse("an external entity")
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        raise BankError(
            error.lineno, f"not well-formed XML: {expat.errors.messages[error.code]}"
        ) from None
    if len(root.children) != 1 or root.children[0].tag != "quiz":
        raise BankError(1, "this is not a Moodle XML question bank: the top element must be <quiz>")
    return root.children[0]


def parse_moodle_xml(data: bytes) -> ImportResult:
    result = ImportResult()
    category = ""
    for element in _parse(data).children:
        if element.tag != "question":
            result.error(element.line, f"unexpected <{element.tag}> inside <quiz>")
            continue
        kind = element.attrs.get("type", "")
        if kind == "category":
            category = element.text_of("category").split("/")[-1].strip()
            continue
        title = _text(element.text_of("name"), "plain", result, element.line)
        if kind == "multichoice":
            question = _multichoice(result, element, title, category)
        elif kind == "truefalse":
            question = _true_false(result, element, title, category)
        else:
            result.skipped.append(Skipped(element.line, _SKIPPED_NAMES.get(kind, kind), title))
            continue
        if question is not None and check_options(result, question):
            result.questions.append(question)
    return result


def _text(value: str, markup: str, result: ImportResult, line: int) -> str:
    if markup != "html":
        return tidy(value)
    text, removed = html_to_text(value)
    for what in sorted(set(removed)):
        result.note(line, f"removed an {what} from the text: Prism shows no raw HTML or media")
    return text


def _format(element: _Element, tag: str) -> str:
    found = element.child(tag)
    return (found.attrs.get("format", "html") if found is not None else "html").lower()


def _answers(result: ImportResult, element: _Element) -> list[tuple[float, str, str, int]]:
    found = []
    for answer in (c for c in element.children if c.tag == "answer"):
        try:
            fraction = float(answer.attrs.get("fraction", "0"))
        except ValueError:
            result.error(answer.line, "the answer's fraction must be a number from -100 to 100")
            continue
        markup = answer.attrs.get("format", "html").lower()
        text = _text(answer.text_of("answer") or _own_text(answer), markup, result, answer.line)
        feedback = _text(
            answer.text_of("feedback"), _format(answer, "feedback"), result, answer.line
        )
        found.append((fraction, text, feedback, answer.line))
    return found


def _own_text(answer: _Element) -> str:
    inner = answer.child("text")
    return inner.text.strip() if inner is not None else ""


def _prompt_and_general(result: ImportResult, element: _Element) -> tuple[str, str]:
    prompt = _text(
        element.text_of("questiontext"), _format(element, "questiontext"), result, element.line
    )
    general = _text(
        element.text_of("generalfeedback"),
        _format(element, "generalfeedback"),
        result,
        element.line,
    )
    return prompt, general


def _multichoice(
    result: ImportResult, element: _Element, title: str, category: str
) -> ImportedQuestion | None:
    prompt, general = _prompt_and_general(result, element)
    single_text = (element.child("single").text if element.child("single") else "true").strip()
    options = []
    for fraction, text, feedback, line in _answers(result, element):
        if not text:
            result.error(line, "an answer has no text")
            return None
        options.append(ImportedOption(text, fraction > 0, feedback))
    single = single_text.lower() in {"true", "1"}
    if single and sum(o.correct for o in options) > 1:
        result.note(
            element.line, "several answers have positive weights: imported as multiple answer"
        )
        single = False
    kind = "single" if single else "multiple"
    return ImportedQuestion(element.line, kind, prompt, tuple(options), title, general, category)


def _true_false(
    result: ImportResult, element: _Element, title: str, category: str
) -> ImportedQuestion | None:
    prompt, general = _prompt_and_general(result, element)
    by_value: dict[str, tuple[bool, str]] = {}
    for fraction, text, feedback, line in _answers(result, element):
        value = text.strip().lower()
        if value not in {"true", "false"}:
            result.error(line, f"a true/false answer must be 'true' or 'false', not {text!r}")
            return None
        by_value[value] = (fraction > 0, feedback)
    if set(by_value) != {"true", "false"}:
        result.error(element.line, "a true/false question needs one 'true' and one 'false' answer")
        return None
    options = (
        ImportedOption("True", *by_value["true"]),
        ImportedOption("False", *by_value["false"]),
    )
    return ImportedQuestion(element.line, "true_false", prompt, options, title, general, category)
