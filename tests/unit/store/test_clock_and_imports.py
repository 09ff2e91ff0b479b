"""Timestamps are UTC with 'Z'; the store stays free of Qt and cheap to import."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta, timezone

from desktop.store.clock import utc_day, utc_iso, utc_now


def test_timestamps_are_utc_with_z_and_sort_as_text() -> None:
    london_summer = timezone(timedelta(hours=1))
    moment = datetime(2026, 6, 30, 23, 30, tzinfo=london_summer)
    assert utc_iso(moment) == "2026-06-30T22:30:00.000Z"
    assert utc_day(datetime(2026, 7, 1, 0, 30, tzinfo=london_summer)) == "2026-06-30"
    assert utc_iso(datetime(2026, 1, 1, 12, 0)) == "2026-01-01T12:00:00.000Z"  # naive = UTC
    nine = utc_iso(datetime(2026, 1, 1, 9, tzinfo=UTC))
    ten = utc_iso(datetime(2026, 1, 1, 10, tzinfo=UTC))
    assert nine < ten
    assert utc_now().endswith("Z")
    assert utc_now(lambda: datetime(2030, 5, 1, tzinfo=UTC)) == "2030-05-01T00:00:00.000Z"


def test_repositories_import_neither_qt_nor_sqlite_utils() -> None:
    code = (
        "import sys\n"
        "import desktop.store.capabilities, desktop.store.events, desktop.store.profiles\n"
        "import desktop.store.progress, desktop.store.quiz, desktop.store.reflections\n"
        "import desktop.store.scenarios, desktop.store.settings, desktop.store.errors\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'sqlite_utils')]\n"
        "assert not bad, bad\n"
        "import desktop.store.database\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
