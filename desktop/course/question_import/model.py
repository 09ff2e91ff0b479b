"""What a question-bank reader finds: questions, skipped questions, errors, notes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SUPPORTED_KINDS = ("single", "multiple", "true_false")


@dataclass(frozen=True)
class ImportedOption:
    text: str
    correct: bool
    feedback: str = ""


@dataclass(frozen=True)
class ImportedQuestion:
    """One question Prism can show, with the line of the source it starts on."""

    line: int
    kind: str  # single | multiple | true_false
    prompt: str
    options: tuple[ImportedOption, ...]
    title: str = ""
    general_feedback: str = ""
    category: str = ""


@dataclass(frozen=True)
class Skipped:
    """A question of a type Prism cannot show (essay, matching, numerical, cloze...)."""

    line: int
    kind: str
    title: str


@dataclass(frozen=True)
class LineMessage:
    line: int
    message: str

    def format(self, name: str) -> str:
        return f"{name}:{self.line}: {self.message}"


@dataclass
class ImportResult:
    questions: list[ImportedQuestion] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    errors: list[LineMessage] = field(default_factory=list)
    notes: list[LineMessage] = field(default_factory=list)

    def error(self, line: int, message: str) -> None:
        self.errors.append(LineMessage(line, message))

    def note(self, line: int, message: str) -> None:
        self.notes.append(LineMessage(line, message))


class BankError(Exception):
    """The whole file cannot be read (wrong format, unsafe XML, too big)."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


MAX_BANK_BYTES = 5_000_000  # a bank this big is a mistake (or an attack), not a quiz


def check_options(result: ImportResult, question: ImportedQuestion) -> bool:
    """Apply Prism's own rules to one question; add an error and return False if it breaks one."""
    where = question.line
    label = f"question '{question.title}'" if question.title else "this question"
    if not question.prompt.strip():
        result.error(where, f"{label} has no text")
        return False
    if not 2 <= len(question.options) <= 6:
        result.error(
            where,
            f"{label} has {len(question.options)} answers; Prism shows 2-6 options",
        )
        return False
    right = sum(o.correct for o in question.options)
    if right == 0:
        result.error(where, f"{label} has no right answer (no '=' or positive weight)")
        return False
    if question.kind == "single" and right != 1:
        result.error(where, f"{label} takes one answer but marks {right} as right")
        return False
    return True


_SLUG = re.compile(r"[^a-z0-9]+")


def slug(text: str, limit: int = 40) -> str:
    """Lower-case words joined by hyphens, as Prism's ids are."""
    words = _SLUG.sub("-", text.lower()).strip("-")
    return words[:limit].rstrip("-")
