"""Imported questions written as Prism's quiz.yaml, and format detection for the command."""

from __future__ import annotations

from pathlib import Path

from desktop.course.question_import.model import (
    MAX_BANK_BYTES,
    BankError,
    ImportedQuestion,
    ImportResult,
    slug,
)

FORMATS = ("gift", "aiken", "moodle-xml")


def detect_format(path: Path, data: bytes) -> str | None:
    """The bank's format from its name, else from its first lines; None when unsure."""
    suffix = path.suffix.lower()
    if suffix == ".gift":
        return "gift"
    if suffix == ".xml" or data.lstrip()[:5] == b"<?xml" or data.lstrip()[:5] == b"<quiz":
        return "moodle-xml"
    text = data.decode("utf-8", errors="replace")
    if any(line.strip().upper().startswith("ANSWER:") for line in text.splitlines()):
        return "aiken"
    if "{" in text and "}" in text:
        return "gift"
    return None


def read_bank(path: Path, fmt: str) -> ImportResult:
    """Parse ``path`` as ``fmt``; BankError when the file as a whole cannot be read."""
    data = path.read_bytes()
    if len(data) > MAX_BANK_BYTES:
        raise BankError(1, f"the file is over {MAX_BANK_BYTES // 1_000_000} MB: too big for a bank")
    if fmt == "moodle-xml":
        from desktop.course.question_import.moodle_xml import parse_moodle_xml

        return parse_moodle_xml(data)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise BankError(line, "the file is not UTF-8 text: save it again as UTF-8") from None
    if fmt == "gift":
        from desktop.course.question_import.gift import parse_gift

        return parse_gift(text)
    from desktop.course.question_import.aiken import parse_aiken

    return parse_aiken(text)


def question_ids(questions: list[ImportedQuestion], prefix: str) -> list[str]:
    """Stable, unique ids: from the title where there is one, else prefix-N."""
    ids: list[str] = []
    for number, question in enumerate(questions, start=1):
        base = slug(question.title) or f"{prefix}-{number}"
        candidate, n = base, 2
        while candidate in ids:
            candidate, n = f"{base}-{n}", n + 1
        ids.append(candidate)
    return ids


def option_feedback(own: str, general: str) -> str:
    """What the learner reads after choosing an option: its own feedback, then the general."""
    return "\n\n".join(part for part in (own, general) if part)


def quiz_document(
    result: ImportResult, *, source_document: str, id_prefix: str, pass_mark: int = 80
) -> dict:
    """The quiz.yaml mapping for ``result``'s questions (every option's feedback filled where
    the bank had any), noting options that still have none."""
    questions = []
    ids = question_ids(result.questions, id_prefix)
    for question_id, question in zip(ids, result.questions, strict=True):
        options = []
        for option in question.options:
            feedback = option_feedback(option.feedback, question.general_feedback)
            if not feedback:
                result.note(
                    question.line,
                    f"option {option.text[:40]!r} has no feedback: Prism explains every option, "
                    "so write one in quiz.yaml before building a pack",
                )
            options.append({"text": option.text, "correct": option.correct, "feedback": feedback})
        questions.append(
            {
                "id": question_id,
                "type": question.kind,
                "scenario": False,
                "prompt": question.prompt,
                "source": {
                    "document": source_document,
                    "section": question.category or "Question bank",
                },
                "options": options,
            }
        )
    return {"pass_mark": pass_mark, "questions": questions}


def dump_quiz(document: dict) -> str:
    import yaml

    class _Dumper(yaml.SafeDumper):
        """Text over several lines is written as a block (``|``), as authors write it."""

    def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _text)

    header = (
        "# Imported by `prism content import-questions`. Check each question, mark the\n"
        "# practice scenarios with `scenario: true`, and fill any empty feedback.\n"
    )
    return header + yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=88,
        default_flow_style=False,
    )
