"""Moodle's GIFT format: one question per paragraph, answers between braces.

Supported: multiple choice with one right answer (``=right ~wrong``), with several
(``~%50%right ~%-100%wrong``: positive weights are right answers), true/false
(``{T}``, ``{FALSE#wrong-feedback#right-feedback}``), per-answer feedback (``#...``)
and general feedback (``####...``), titles (``::title::``), ``$CATEGORY:`` lines,
comments (``//``), the escapes ``\\~ \\= \\# \\{ \\} \\:`` and ``\\n``, and the
text formats ``[html]``, ``[markdown]``, ``[plain]`` and ``[moodle]``. A missing-word
question (text after the braces) keeps a blank where the answer goes.

Essay (``{}``), numerical (``{#...}``), matching (``=a -> b``), short answer (only
``=`` answers) and descriptions (no braces) are listed as skipped.
"""

from __future__ import annotations

import re

from desktop.course.question_import.model import (
    ImportedOption,
    ImportedQuestion,
    ImportResult,
    Skipped,
    check_options,
)
from desktop.course.question_import.text import html_to_text, tidy

# Escaped specials become private-use characters while the structure is read.
_ESCAPES = {"\\~": "\ue001", "\\=": "\ue002", "\\#": "\ue003", "\\{": "\ue004",
            "\\}": "\ue005", "\\:": "\ue006", "\\n": "\n"}  # fmt: skip
_UNESCAPE = {v: k[1] for k, v in _ESCAPES.items() if k != "\\n"}
_FORMAT = re.compile(r"^\[(html|markdown|plain|moodle)\]", re.IGNORECASE)
_TRUE_FALSE = re.compile(r"^(T|TRUE|F|FALSE)\s*(#.*)?$", re.IGNORECASE | re.DOTALL)
_WEIGHT = re.compile(r"^%(-?\d+(?:\.\d+)?)%")


def parse_gift(text: str) -> ImportResult:
    """Every question in a GIFT file, with skipped types and errors by line."""
    result = ImportResult()
    category = ""
    for line, chunk in _paragraphs(text):
        if chunk.startswith("$CATEGORY:"):
            category = chunk.split(":", 1)[1].strip().split("/")[-1]
            continue
        _question(result, line, _escape(chunk), category)
    return result


def _paragraphs(text: str) -> list[tuple[int, str]]:
    """(first line, text) of each question: non-comment lines between blank lines."""
    found: list[tuple[int, str]] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.lstrip("\ufeff").splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//"):
            continue
        if not stripped:
            if current:
                found.append((start, "\n".join(current)))
                current = []
            continue
        if not current:
            start = number
        current.append(raw.rstrip())
    if current:
        found.append((start, "\n".join(current)))
    return found


def _escape(chunk: str) -> str:
    for escape, mark in _ESCAPES.items():
        chunk = chunk.replace(escape, mark)
    return chunk


def _plain(text: str, markup: str) -> str:
    for mark, char in _UNESCAPE.items():
        text = text.replace(mark, char)
    if markup == "html":
        return html_to_text(text)[0]
    return tidy(text)


def _question(result: ImportResult, line: int, chunk: str, category: str) -> None:
    title = ""
    if chunk.startswith("::"):
        end = chunk.find("::", 2)
        if end < 0:
            result.error(line, "the title opened with '::' is never closed with '::'")
            return
        title, chunk = _plain(chunk[2:end], "plain"), chunk[end + 2 :].lstrip()
    markup = "moodle"
    found = _FORMAT.match(chunk)
    if found:
        markup, chunk = found.group(1).lower(), chunk[found.end() :].lstrip()
    opened, closed = chunk.find("{"), chunk.find("}")
    if opened < 0:
        if closed >= 0:
            result.error(line, "'}' closes an answer block that was never opened with '{'")
        else:
            result.skipped.append(Skipped(line, "description", title or _first_words(chunk)))
        return
    if 0 <= closed < opened:
        result.error(line, "'}' closes an answer block that was never opened with '{'")
        return
    if closed < 0:
        result.error(line, "the answer block opened with '{' is never closed with '}'")
        return
    if chunk.find("{", opened + 1) >= 0:
        result.error(line, "more than one answer block: Prism imports one '{...}' per question")
        return
    before, answers, after = chunk[:opened], chunk[opened + 1 : closed], chunk[closed + 1 :]
    prompt = _plain(before, markup)
    if after.strip():
        prompt = f"{prompt} _____ {_plain(after, markup)}".strip()
    name = title or _first_words(prompt)
    kind = _skipped_kind(answers)
    if kind:
        result.skipped.append(Skipped(line, kind, name))
        return
    general = ""
    if "####" in answers:
        answers, general = answers.split("####", 1)
        general = _plain(general, markup)
    tf = _TRUE_FALSE.match(answers.strip())
    if tf:
        question = _true_false(line, tf, prompt, title, general, markup, category)
    else:
        question = _choice(result, line, answers, prompt, title, general, markup, category)
    if question is not None and check_options(result, question):
        result.questions.append(question)


def _skipped_kind(answers: str) -> str:
    body = answers.split("####", 1)[0].strip()
    if not body:
        return "essay"
    if body.startswith("#"):
        return "numerical"
    parts = _split_answers(body)
    if parts and any("->" in text for _, text in parts):
        return "matching"
    if parts and all(mark == "=" for mark, _ in parts) and not _TRUE_FALSE.match(body):
        return "short answer"
    return ""


def _split_answers(body: str) -> list[tuple[str, str]]:
    """[(mark, text)] for each answer beginning with '=' or '~'."""
    pieces = re.split(r"([=~])", body)
    found = []
    for i in range(1, len(pieces), 2):
        found.append((pieces[i], pieces[i + 1] if i + 1 < len(pieces) else ""))
    return found


def _true_false(
    line: int,
    match: re.Match[str],
    prompt: str,
    title: str,
    general: str,
    markup: str,
    category: str,
) -> ImportedQuestion:
    is_true = match.group(1).upper().startswith("T")
    feedbacks = (match.group(2) or "").split("#")[1:]
    # Moodle's order: the feedback for a wrong answer first, then for a right one.
    wrong_fb = _plain(feedbacks[0], markup) if feedbacks else ""
    right_fb = _plain(feedbacks[1], markup) if len(feedbacks) > 1 else ""
    options = (
        ImportedOption("True", is_true, right_fb if is_true else wrong_fb),
        ImportedOption("False", not is_true, wrong_fb if is_true else right_fb),
    )
    return ImportedQuestion(line, "true_false", prompt, options, title, general, category)


def _choice(
    result: ImportResult,
    line: int,
    answers: str,
    prompt: str,
    title: str,
    general: str,
    markup: str,
    category: str,
) -> ImportedQuestion | None:
    options: list[ImportedOption] = []
    equals = 0
    weighted = False
    parts = _split_answers(answers)
    if not parts:
        result.error(line, "the answers must each start with '=' (right) or '~' (wrong)")
        return None
    for mark, raw in parts:
        text, _, feedback = raw.partition("#")
        weight = _WEIGHT.match(text.strip())
        if weight:
            weighted = True
            right = float(weight.group(1)) > 0
            text = text.strip()[weight.end() :]
        else:
            right = mark == "="
        equals += mark == "="
        option_text = _plain(text, markup)
        if not option_text:
            result.error(line, "an answer has no text")
            return None
        options.append(ImportedOption(option_text, right, _plain(feedback, markup)))
    kind = "multiple" if weighted and equals == 0 else "single"
    if kind == "single" and sum(o.correct for o in options) > 1:
        kind = "multiple"
    return ImportedQuestion(line, kind, prompt, tuple(options), title, general, category)


def _first_words(text: str) -> str:
    words = " ".join(text.split()[:8])
    return words[:60]
