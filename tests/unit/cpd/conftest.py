"""Fixtures for the CPD tests: the demo records and a golden-file checker."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from desktop.cpd.records import CpdRecord

from .demo import demo_records

GOLDEN_DIR = Path(__file__).parent / "golden"
UPDATE_GOLDEN = os.environ.get("PRISM_UPDATE_GOLDEN") == "1"


@pytest.fixture
def records() -> tuple[CpdRecord, ...]:
    """The fixed demo set of three records."""
    return demo_records()


@pytest.fixture
def golden() -> Callable[[str, str], None]:
    """Compare text with tests/unit/cpd/golden/<name>, byte for byte (line endings too).

    With PRISM_UPDATE_GOLDEN=1 the file is rewritten instead; review the
    diff by eye before committing it.
    """

    def check(name: str, text: str) -> None:
        path = GOLDEN_DIR / name
        if UPDATE_GOLDEN:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.exists(), (
            f"Golden file {path} is missing: run with PRISM_UPDATE_GOLDEN=1 and review it."
        )
        expected = path.read_bytes().decode("utf-8")
        assert text == expected, (
            f"{name} differs from its golden file. If the change is intended, rerun with "
            "PRISM_UPDATE_GOLDEN=1 and review the diff."
        )

    return check
