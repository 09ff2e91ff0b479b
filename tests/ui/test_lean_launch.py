"""Opening Prism to a learner's home page loads only what that page needs.

The launch budget (issue 8: at most twice a bare Qt window) holds only while the
libraries and screens the home page does not use stay unloaded until first used. This
guards that in behaviour, not in milliseconds: a real `prism --profile NAME` launch, in
a fresh interpreter, with the course cache filled as on every launch but the first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from desktop import paths
from desktop.services.startup import start_services

# What each would cost the launch if it crept back onto the start-up path.
NOT_AT_LAUNCH = (
    "sqlite_utils",  # ~85 ms with click and pluggy: only migrations need it
    "markdown",  # the reader renders on first open; sections come from the cache
    "yaml",  # the course comes from the cache
    "cryptography",  # only protected profiles need it, once unlocked
    "logging.handlers",  # ~7 ms: the log file is set up at its first record
    "uuid",  # new ids are made when something is saved, not to show the home page
    "_hashlib",  # OpenSSL, ~3 ms: the course cache compares its fingerprint, not a digest
    "html.entities",  # ~1 ms: only the About and Glossary pages escape text in Python
    "_strptime",  # ~4 ms of locale set-up; backup names are read by position
    "desktop.course.loader",
    "desktop.course.render",
    "desktop.store.migrations",
    "desktop.cpd.export_text",
    "desktop.cpd.export_csv",
    "desktop.cpd.export_json",
    "desktop.cpd.export_xapi",
    "desktop.cpd.portfolio_html",
    "desktop.ui.pdf",
    "desktop.ui.cpd.page",
    "desktop.ui.learning.reader",
    "desktop.ui.profiles.picker",  # the list is not shown when --profile opens one
    "desktop.ui.profiles.archive_dialogs",
    "desktop.ui.backups.actions",
    "desktop.services.archive",
    "desktop.services.team_sessions",
    "desktop.store.team_sessions",  # one query in team_session_status answers "owed?"
    "desktop.store.lrs_queue",  # ~3 ms: the sync status line needs only its counts' shape
    "desktop.services.search",  # its index is built a second after the window is up
    "desktop.services.quiz",
    "desktop.services.scenarios",
    "desktop.domain.grading",
    "desktop.cpd.learning",  # drafting and exporting only
    "desktop.commands.cpd",
)

PROBE = """
import gc, json, os, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

app = QApplication(sys.argv[:1])

def report():
    window = next(w for w in app.topLevelWidgets() if type(w).__name__ == "MainWindow")
    page = type(window.stack.currentWidget()).__name__
    print(json.dumps({
        "page": page,
        "loaded": sorted(sys.modules),
        "collecting": gc.isenabled(),
        "frozen": gc.get_freeze_count(),
    }), flush=True)
    os._exit(0)

# After the loop's first turn, when start-up's own work on it is done.
QTimer.singleShot(0, lambda: QTimer.singleShot(0, report))
from desktop.cli import main
main(sys.argv[1:])
"""


def test_home_page_launch_leaves_heavy_modules_unloaded(tmp_path: Path) -> None:
    data, cache = tmp_path / "data", tmp_path / "cache"
    services = start_services(paths.content_dir(), paths.assets_dir(), data, cache_dir=cache)
    services.profiles.create("Sam Patel")
    services.close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PRISM_CACHE_DIR=str(cache))
    result = subprocess.run(
        [sys.executable, "-c", PROBE, "--data-dir", str(data), "--profile", "Sam Patel"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["page"] == "HomePage"
    loaded = set(report["loaded"])
    assert "desktop.ui.shell.home" in loaded  # the probe really saw the app
    assert sorted(loaded & set(NOT_AT_LAUNCH)) == []
    # The garbage collector, paused while start-up builds its long-lived objects, is
    # back on once the window is up, with those objects set aside rather than scanned.
    assert report["collecting"] is True
    assert report["frozen"] > 10_000
