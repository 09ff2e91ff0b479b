"""Prism's store survives being killed at random moments (the short CI run: 20 kills).

The full run is ``python -m tests.durability.kill_harness --kills 500``; see
kill_harness.py for what the writer does and what is checked after each kill.
"""

from __future__ import annotations

import sys

import pytest

from tests.durability.kill_harness import Acknowledged, run

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")

KILLS = 20


def test_every_acknowledged_write_survives_twenty_kills(tmp_path) -> None:
    result = run(KILLS, seed=20, workdir=tmp_path)

    assert result.failures == []
    assert result.kills == KILLS
    # The harness must have been writing when it was killed, or it proves nothing.
    assert result.acked_writes > KILLS * 10
    assert result.rows_checked >= result.acked_writes
    assert result.backups_checked >= 1


def test_the_checker_notices_a_lost_write(tmp_path) -> None:
    """The verification is not vacuous: an acknowledged id that is not stored fails."""
    from tests.durability.kill_harness import verify

    run(1, seed=3, workdir=tmp_path)
    acked = Acknowledged()
    acked.add("ack reflection 0123456789abcdef0123456789abcdef")
    acked.add("ack backup prism-2026-01-01T000000Z-manual.db")

    problems, _ = verify(tmp_path / "prism.db", acked, set())

    assert "1 acknowledged reflections missing" in problems
    assert "acknowledged backup prism-2026-01-01T000000Z-manual.db missing" in problems
