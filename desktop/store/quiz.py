"""Quiz attempts and their answers, each attempt pinned to the quiz's content hash.

Pinning the hash means editing a quiz later never changes what an old attempt meant.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from desktop.store.clock import Clock, utc_now
from desktop.store.errors import (
    AlreadyFinishedError,
    DuplicateAnswerError,
    InvalidValueError,
    RecordNotFoundError,
)
from desktop.store.events import EventLog
from desktop.store.records import first_row, from_json, missing_parent_means, new_id, to_json

if TYPE_CHECKING:
    from desktop.store.connection import Database


@dataclass(frozen=True)
class Attempt:
    """One try at a module's quiz; unfinished while ``finished_utc`` is None."""

    id: str
    profile_id: str
    module_id: str
    content_hash: str
    started_utc: str
    finished_utc: str | None
    score_percent: float | None
    passed: bool | None
    question_order: tuple[str, ...]
    # Per question id, the authored option indexes in the order they are shown; a
    # question missing here is shown in authored order (attempts from before shuffling).
    option_order: Mapping[str, tuple[int, ...]] = field(default_factory=dict)

    @property
    def is_finished(self) -> bool:
        return self.finished_utc is not None


@dataclass(frozen=True)
class Answer:
    """The options (indexes) a learner chose for one question in one attempt."""

    attempt_id: str
    question_id: str
    chosen: tuple[int, ...]
    correct: bool
    answered_utc: str


class QuizRepo:
    """Starts, answers, finishes and looks up quiz attempts; logs each step as an event."""

    def __init__(self, db: Database, clock: Clock | None = None) -> None:
        self._db = db
        self._clock = clock
        self._events = EventLog(db, clock)

    def start_attempt(
        self,
        profile_id: str,
        module_id: str,
        content_hash: str,
        question_ids: Sequence[str],
        option_order: Mapping[str, Sequence[int]] | None = None,
    ) -> Attempt:
        """A new attempt with the questions, and each one's options, in the order shown."""
        if not question_ids or len(set(question_ids)) != len(question_ids):
            raise InvalidValueError("A quiz attempt needs a list of different questions.")
        orders = {qid: tuple(order) for qid, order in (option_order or {}).items()}
        for qid, order in orders.items():
            if qid not in question_ids or sorted(order) != list(range(len(order))):
                raise InvalidValueError(f"The option order for question {qid!r} is not valid.")
        attempt = Attempt(
            new_id(),
            profile_id,
            module_id,
            content_hash,
            utc_now(self._clock),
            None,
            None,
            None,
            tuple(question_ids),
            orders,
        )
        with self._db.atomic(), missing_parent_means("profile", profile_id):
            self._db.execute(
                "INSERT INTO quiz_attempts (id, profile_id, module_id, content_hash, "
                "started_utc, question_order, option_order) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    attempt.id,
                    profile_id,
                    module_id,
                    content_hash,
                    attempt.started_utc,
                    to_json(list(question_ids)),
                    to_json({qid: list(order) for qid, order in orders.items()}),
                ],
            )
            self._events.append(
                profile_id,
                "attempted",
                f"quiz:{module_id}",
                {"attempt_id": attempt.id},
                content_hash,
            )
        return attempt

    def record_answer(
        self, attempt_id: str, question_id: str, chosen: Sequence[int], correct: bool
    ) -> Answer:
        """Save one answer and log it; a question can be answered once per attempt."""
        with self._db.atomic():
            attempt = self._require(attempt_id)
            if attempt.is_finished:
                raise AlreadyFinishedError("quiz attempt")
            if question_id not in attempt.question_order:
                raise InvalidValueError(
                    f"Question {question_id!r} is not part of this quiz attempt."
                )
            answer = Answer(attempt_id, question_id, tuple(chosen), correct, utc_now(self._clock))
            try:
                self._db.execute(
                    "INSERT INTO quiz_answers (attempt_id, question_id, response, correct, "
                    "answered_utc) VALUES (?, ?, ?, ?, ?)",
                    [
                        attempt_id,
                        question_id,
                        to_json(list(answer.chosen)),
                        int(correct),
                        answer.answered_utc,
                    ],
                )
            except sqlite3.IntegrityError as error:
                raise DuplicateAnswerError(question_id) from error
            self._events.append(
                attempt.profile_id,
                "answered",
                f"question:{attempt.module_id}/{question_id}",
                {"attempt_id": attempt_id, "response": list(answer.chosen), "success": correct},
                attempt.content_hash,
            )
        return answer

    def finish_attempt(self, attempt_id: str, score_percent: float, passed: bool) -> Attempt:
        """Close an attempt with its score and log 'passed' or 'failed'."""
        if not 0 <= score_percent <= 100:
            raise InvalidValueError("A quiz score must be between 0 and 100 per cent.")
        with self._db.atomic():
            attempt = self._require(attempt_id)
            if attempt.is_finished:
                raise AlreadyFinishedError("quiz attempt")
            finished = utc_now(self._clock)
            self._db.execute(
                "UPDATE quiz_attempts SET finished_utc = ?, score_percent = ?, passed = ? "
                "WHERE id = ?",
                [finished, float(score_percent), int(passed), attempt_id],
            )
            self._events.append(
                attempt.profile_id,
                "passed" if passed else "failed",
                f"quiz:{attempt.module_id}",
                {"attempt_id": attempt_id, "score_percent": float(score_percent)},
                attempt.content_hash,
            )
        return self._require(attempt_id)

    def get(self, attempt_id: str) -> Attempt | None:
        """The attempt with this id, or None."""
        row = first_row(self._db, "SELECT * FROM quiz_attempts WHERE id = ?", [attempt_id])
        return None if row is None else _attempt(row)

    def open_attempt(self, profile_id: str, module_id: str) -> Attempt | None:
        """The newest unfinished attempt at this quiz, to resume; None if there is none."""
        row = first_row(
            self._db,
            "SELECT * FROM quiz_attempts WHERE profile_id = ? AND module_id = ? "
            "AND finished_utc IS NULL ORDER BY started_utc DESC, rowid DESC LIMIT 1",
            [profile_id, module_id],
        )
        return None if row is None else _attempt(row)

    def answers(self, attempt_id: str) -> list[Answer]:
        """The answers given so far in an attempt, in the order they were given."""
        rows = self._db.query(
            "SELECT * FROM quiz_answers WHERE attempt_id = ? ORDER BY answered_utc, rowid",
            [attempt_id],
        )
        return [
            Answer(
                row["attempt_id"],
                row["question_id"],
                tuple(from_json(row["response"])),
                bool(row["correct"]),
                row["answered_utc"],
            )
            for row in rows
        ]

    def attempts(self, profile_id: str, module_id: str) -> list[Attempt]:
        """All attempts at one quiz, newest first."""
        rows = self._db.query(
            "SELECT * FROM quiz_attempts WHERE profile_id = ? AND module_id = ? "
            "ORDER BY started_utc DESC, rowid DESC",
            [profile_id, module_id],
        )
        return [_attempt(row) for row in rows]

    def best_attempt(self, profile_id: str, module_id: str) -> Attempt | None:
        """The finished attempt with the highest score (the earliest, on a tie)."""
        row = first_row(
            self._db,
            "SELECT * FROM quiz_attempts WHERE profile_id = ? AND module_id = ? "
            "AND finished_utc IS NOT NULL "
            "ORDER BY score_percent DESC, finished_utc, rowid LIMIT 1",
            [profile_id, module_id],
        )
        return None if row is None else _attempt(row)

    def best_scores(self, profile_id: str) -> dict[str, tuple[float, int]]:
        """Per module: (best score of a finished attempt, number of finished attempts)."""
        rows = self._db.query(
            "SELECT module_id, MAX(score_percent) AS best, COUNT(*) AS finished "
            "FROM quiz_attempts WHERE profile_id = ? AND finished_utc IS NOT NULL "
            "GROUP BY module_id",
            [profile_id],
        )
        return {row["module_id"]: (row["best"], row["finished"]) for row in rows}

    def modules_passed(self, profile_id: str) -> set[str]:
        """Ids of the modules whose quiz this learner has passed at least once."""
        rows = self._db.query(
            "SELECT DISTINCT module_id FROM quiz_attempts WHERE profile_id = ? AND passed = 1",
            [profile_id],
        )
        return {row["module_id"] for row in rows}

    def _require(self, attempt_id: str) -> Attempt:
        attempt = self.get(attempt_id)
        if attempt is None:
            raise RecordNotFoundError("quiz attempt", attempt_id)
        return attempt


def _attempt(row: dict[str, Any]) -> Attempt:
    passed = row["passed"]
    return Attempt(
        id=row["id"],
        profile_id=row["profile_id"],
        module_id=row["module_id"],
        content_hash=row["content_hash"],
        started_utc=row["started_utc"],
        finished_utc=row["finished_utc"],
        score_percent=row["score_percent"],
        passed=None if passed is None else bool(passed),
        question_order=tuple(from_json(row["question_order"])),
        option_order=_option_order(row.get("option_order")),
    )


def _option_order(raw: str | None) -> dict[str, tuple[int, ...]]:
    """The stored orders; anything unreadable means "authored order", never a crash."""
    try:
        data = from_json(raw) if raw else {}
    except ValueError:
        return {}
    if not isinstance(data, dict):
        return {}
    return {
        str(qid): tuple(order)
        for qid, order in data.items()
        if isinstance(order, list) and all(isinstance(i, int) for i in order)
    }
