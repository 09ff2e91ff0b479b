"""Errors the store raises, each worded so the app can show it to a learner as it is.

Every message says what is wrong and what to do. The technical cause, when there
is one, is kept in ``detail`` for logs and bug reports, never in the message.
"""

from __future__ import annotations

from pathlib import Path


class StoreError(Exception):
    """Base class for every error raised by ``desktop.store``."""

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.detail = detail


class DatabaseUnavailableError(StoreError):
    """The progress file could not be opened (permissions, disk full, in use)."""

    def __init__(self, path: Path, detail: str) -> None:
        if "locked" in detail or "busy" in detail:
            reason = (
                "it is in use by another program, perhaps another copy of Prism. "
                "Close the other copy and try again."
            )
        else:
            reason = (
                "the file or its folder cannot be used. Check that the folder exists, "
                "that you are allowed to save files there and that the disk is not "
                "full, then try again."
            )
        super().__init__(f"Prism cannot open its progress file ({path}) because {reason}", detail)
        self.path = path


class DatabaseCorruptError(StoreError):
    """The progress file is damaged or is not a Prism progress file at all."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            f"Prism cannot read its progress file ({path}). The file is damaged or is "
            "not a Prism progress file, so Prism has left it exactly as it was. "
            "To carry on, restore a backup of the file, or move it to another folder "
            "and Prism will start a new one.",
            detail,
        )
        self.path = path


class DatabaseTooNewError(StoreError):
    """The progress file was written by a newer Prism; opening it could damage it."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            f"This progress file ({path}) was saved by a newer version of Prism "
            f"(data version {found}; this version understands up to {supported}). "
            "Prism has not changed it. Install the latest version of Prism to open it.",
            f"schema_version={found} > {supported}",
        )
        self.path = path
        self.found = found
        self.supported = supported


class ProfileNameError(StoreError):
    """A profile name is empty, too long or already taken."""


class RecordNotFoundError(StoreError):
    """A row the caller referred to does not exist (or was deleted meanwhile)."""

    def __init__(self, what: str, record_id: str = "") -> None:
        super().__init__(
            f"Prism could not find this {what}. It may have been deleted. "
            "Go back, choose again and try once more.",
            f"{what} {record_id!r} not found",
        )
        self.what = what


class DuplicateAnswerError(StoreError):
    """A question was answered a second time within one quiz attempt."""

    def __init__(self, question_id: str) -> None:
        super().__init__(
            "This question has already been answered in this attempt, and the first "
            "answer is kept. Start a new attempt to answer it again.",
            f"question {question_id!r} already answered",
        )


class AlreadyFinishedError(StoreError):
    """A finished quiz attempt or scenario run was asked to change."""

    def __init__(self, what: str) -> None:
        super().__init__(
            f"This {what} has already finished, so it cannot be changed. "
            "Start a new one to try again.",
        )


class InvalidValueError(StoreError, ValueError):
    """A value is out of range (a rating of 7, a negative study time...)."""
