"""`prism --smoke`: prove that an installed or bundled Prism really works, then exit.

It opens the main window offscreen, renders a module, writes to the database and reads
it back after closing and reopening it, and exits 0; anything wrong prints what broke
and exits 1. CI runs it on the PyInstaller bundle, where it catches what a build can
lose: a missing Qt plugin, content/ or assets/ left out, a module not collected.

The data folder is always a new temporary folder, deleted afterwards, whatever
--data-dir or PRISM_DATA_DIR say: a smoke run never touches a learner's data. Like
desktop/app.py, this module imports Qt and is reached from desktop.cli only by a
deferred import.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import traceback
from pathlib import Path

from desktop import __version__, paths

SMOKE_PROFILE = "Smoke test"


class SmokeFailure(Exception):
    """One check failed; the message says which and what was found."""


def check(condition: object, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def say(message: str) -> None:
    print(f"smoke: {message}", flush=True)


def run(args: argparse.Namespace) -> int:
    """Run every check in a throwaway data folder; 0 when all pass, 1 otherwise."""
    say(f"Prism {__version__}, Python {sys.version.split()[0]}, frozen={_frozen()}")
    with tempfile.TemporaryDirectory(prefix="prism-smoke-") as folder:
        say(f"data folder {folder} (temporary)")
        try:
            _run_checks(Path(folder), getattr(args, "content_dir", None))
        except SmokeFailure as failure:
            say(f"FAILED: {failure}")
            return 1
        except Exception:
            traceback.print_exc()
            say("FAILED: an unexpected error (traceback above)")
            return 1
    say("all checks passed")
    return 0


def _frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def _run_checks(data_dir: Path, content_override: str | None) -> None:
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from desktop.services.startup import StartupError, start_services
    from desktop.ui.shell.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    qInstallMessageHandler(_quiet_offscreen_noise)
    say(f"Qt platform '{QGuiApplication.platformName()}'; resources in {paths.resource_root()}")
    content, assets = paths.content_dir(content_override), paths.assets_dir()
    check(content.is_dir(), f"the course folder {content} is missing")
    check(assets.is_dir(), f"the assets folder {assets} is missing")
    from desktop.ui.shell.app_identity import app_icon

    check(not app_icon(assets).isNull(), f"the application icon is missing from {assets}")
    try:
        services = start_services(content=content, assets=assets, data_dir=data_dir)
    except StartupError as error:
        raise SmokeFailure(f"start-up failed: {error}") from None
    try:
        check(
            not services.problems,
            "the course has problems: "
            + "; ".join(p.format(content) for p in services.problems[:3]),
        )
        modules = services.course.modules
        check(modules, "the course has no modules available")
        profile = services.profiles.create(SMOKE_PROFILE)
        module = next((m for m in modules if m.quiz is not None), modules[0])

        window = MainWindow(services)
        window.show()
        window.open_profile(profile.id)
        app.processEvents()
        check(window.stack.currentWidget() is window.home_page, "the home page did not open")
        window.go(f"module:{module.id}")
        app.processEvents()
        check(
            window.stack.currentWidget() is window.reader_page,
            f"module '{module.id}' did not open in the reader",
        )
        text = window.reader_page.browser.toPlainText()
        check(len(text) > 200, f"module '{module.id}' rendered only {len(text)} characters")
        check(not window.grab().isNull(), "the window could not be drawn")
        say(f"window opened; module '{module.id}' rendered ({len(text)} characters)")
        _check_pdf(module.title, text)

        answered = None
        if module.quiz is not None:
            session = services.quizzes.start_new(profile.id, module.id)
            answered = session.questions[0]
            services.quizzes.answer(session, answered.id, sorted(answered.correct_indexes))
        services.journal.start(profile.id, module.id, None, "A smoke test reflection, café")
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        services.close()

    reopened = start_services(content=content, assets=assets, data_dir=data_dir)
    try:
        found = reopened.profiles.find(SMOKE_PROFILE)
        check(found is not None, "the profile was not there after reopening the database")
        if answered is not None:
            session = reopened.quizzes.start_or_resume(found.id, module.id)
            feedback = session.feedback.get(answered.id)
            check(
                feedback is not None and feedback.correct,
                "the quiz answer was not there after reopening the database",
            )
        found_text = reopened.journal.search(found.id, "cafe smoke")
        check(len(found_text) == 1, "the reflection was not found by the journal's search")
        how = "full-text index" if reopened.journal.searches_index(found.id) else "in memory"
        say(f"database written and read back ({paths.database_path(data_dir).name})")
        say(f"journal search works ({how})")
    finally:
        reopened.close()


def _quiet_offscreen_noise(mode: object, context: object, message: str) -> None:
    """Keep Qt's messages except the offscreen plugin's expected "does not support" lines."""
    if not message.startswith("This plugin does not support"):
        print(f"Qt: {message}", file=sys.stderr)


def _check_pdf(title: str, text: str) -> None:
    """Print a page to PDF when the PDF module exists (it needs Qt's print support)."""
    try:
        from desktop.ui import pdf
    except ModuleNotFoundError as error:
        if error.name == "desktop.ui.pdf":
            say("PDF: not built yet, skipped")
            return
        raise
    html_to_pdf = getattr(pdf, "html_to_pdf", None)
    if html_to_pdf is None:
        say("PDF: html_to_pdf not built yet, skipped")
        return
    import html

    data = html_to_pdf(f"<h1>{html.escape(title)}</h1><p>{html.escape(text[:2000])}</p>", title)
    check(bytes(data).startswith(b"%PDF"), "the PDF writer did not produce a PDF")
    say(f"PDF written in memory ({len(data)} bytes)")
