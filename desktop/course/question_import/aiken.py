"""Moodle's Aiken format: a question, lettered options, then ``ANSWER: X``.

The format has no feedback and no titles. Questions are separated by blank lines (or
simply follow the previous ``ANSWER:`` line); the text may run over several lines
before the first option. ``ANSWER: A, C`` (an extension some tools write) makes a
multiple-answer question.
"""

from __future__ import annotations

import re

from desktop.course.question_import.model import (
    ImportedOption,
    ImportedQuestion,
    ImportResult,
    check_options,
)

_OPTION = re.compile(r"^([A-Z])[.)]\s+(.*\S)\s*$")
_ANSWER = re.compile(r"^ANSWER\s*:\s*(.*?)\s*$", re.IGNORECASE)


def parse_aiken(text: str) -> ImportResult:
    result = ImportResult()
    prompt: list[str] = []
    options: list[tuple[str, str]] = []
    start = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        line = raw.strip()
        if not line:
            if options:
                result.error(start, "the options are never followed by an 'ANSWER: X' line")
                prompt, options = [], []
            continue
        answer = _ANSWER.match(line)
        option = _OPTION.match(line)
        if answer:
            if not prompt or not options:
                result.error(number, "'ANSWER:' comes before a question with lettered options")
            else:
                _finish(result, start, " ".join(prompt), options, answer.group(1), number)
            prompt, options = [], []
        elif option and prompt:
            letter = option.group(1)
            expected = chr(ord("A") + len(options))
            if letter != expected:
                result.error(number, f"option '{letter}' is out of order: expected '{expected}'")
            options.append((letter, option.group(2)))
        elif options:
            result.error(
                number,
                "expected an option like 'C. text' or the 'ANSWER: X' line, found other text",
            )
        else:
            if not prompt:
                start = number
            prompt.append(line)
    if prompt and not options:
        result.error(start, "this question has no lettered options")
    elif options:
        result.error(start, "the options are never followed by an 'ANSWER: X' line")
    return result


def _finish(
    result: ImportResult,
    line: int,
    prompt: str,
    options: list[tuple[str, str]],
    answer: str,
    answer_line: int,
) -> None:
    letters = [a.strip().upper() for a in re.split(r"[,\s]+", answer) if a.strip()]
    known = [letter for letter, _ in options]
    wrong = [a for a in letters if a not in known]
    if not letters or wrong:
        shown = ", ".join(wrong) or "nothing"
        result.error(answer_line, f"ANSWER names {shown}, which is not one of {', '.join(known)}")
        return
    kind = "multiple" if len(set(letters)) > 1 else "single"
    question = ImportedQuestion(
        line,
        kind,
        prompt,
        tuple(ImportedOption(text, letter in letters) for letter, text in options),
    )
    if check_options(result, question):
        result.questions.append(question)
