"""Child process for the kill test: the real journal page, typed into until it is killed.

Run as ``python -m tests.durability.reflection_typist COURSE_ROOT`` with
``PRISM_DATA_DIR`` set. It prints ``ready <profile_id>``, then after every chunk of
keystrokes ``typed <characters so far> <time.monotonic()>``, flushing each line, and
keeps typing until the parent kills it.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SAMPLE = (
    "Tonight I noticed how quickly a late message from a parent felt personal, "
    "and how much easier it was to wait until the morning and answer from my work account. "
)
CHUNK = 4  # characters per timer tick
TICK_MS = 15


def text_for(length: int) -> str:
    """The first ``length`` characters the typist types (the sample, repeated)."""
    repeats = length // len(SAMPLE) + 1
    return (SAMPLE * repeats)[:length]


def main(argv: list[str]) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from desktop import paths
    from desktop.services.startup import start_services
    from desktop.ui.journal.page import JournalPage

    course_root = Path(argv[0])
    app = QApplication([])
    services = start_services(
        course_root / "content", course_root / "assets", paths.user_data_dir()
    )
    profile = services.profiles.create("Typist")
    page = JournalPage(services)
    page.resize(1000, 700)
    page.show()
    page.show_for(profile.id, "alpha")
    page.activateWindow()
    page.editor.setFocus()
    print(f"ready {profile.id}", flush=True)

    typed = 0

    def type_chunk() -> None:
        nonlocal typed
        chunk = text_for(typed + CHUNK)[typed:]
        QTest.keyClicks(page.editor, chunk)
        typed += len(chunk)
        print(f"typed {typed} {time.monotonic():.6f}", flush=True)

    timer = QTimer(interval=TICK_MS)
    timer.timeout.connect(type_chunk)
    timer.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
