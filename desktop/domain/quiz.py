"""Quiz values: questions, options and where each question's facts come from."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class QuestionType(StrEnum):
    """How many options a learner may choose, and how the answer is scored."""

    SINGLE = "single"
    MULTIPLE = "multiple"
    TRUE_FALSE = "true_false"


@dataclass(frozen=True)
class SourceRef:
    """The guidance document and section a fact was taken from."""

    document: str
    section: str

    @property
    def document_title(self) -> str:
        """The document's name as a learner knows it, not its file name."""
        return SOURCE_DOCUMENT_TITLES.get(self.document, self.document)


# The two guidance documents the course teaches, by the file names content cites.
SOURCE_DOCUMENT_TITLES: dict[str, str] = {
    "000_12fdbeb0ffbb1fb8.txt": "Social media and digital technologies guidance "
    "(Social Work England with the PCFSW network)",
    "001_2bd269be963b368c.txt": "Communicating online: proposed guidance (draft, August 2025)",
}


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str
    pinned: bool = False  # keeps its authored position when options are shuffled


@dataclass(frozen=True)
class Question:
    id: str
    type: QuestionType
    prompt: str
    options: tuple[Option, ...]
    source: SourceRef
    scenario: bool = False

    @property
    def allows_several(self) -> bool:
        return self.type is QuestionType.MULTIPLE

    @property
    def correct_indexes(self) -> frozenset[int]:
        return frozenset(i for i, option in enumerate(self.options) if option.correct)


@dataclass(frozen=True)
class Quiz:
    module_id: str
    pass_mark: int
    questions: tuple[Question, ...]
    content_hash: str

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)


MULTIPLE_ANSWER_RULE = (
    "Choose every option you think is right. The answer counts as correct only when you "
    "pick all the right options and none of the wrong ones."
)
