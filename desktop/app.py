"""Composition root: find the course and the data folder, open the store, build the
services, and show the main window. The only module outside desktop.ui importing Qt."""

from __future__ import annotations

import argparse
import gc
import sys
from typing import TYPE_CHECKING

from desktop import __version__, paths

if TYPE_CHECKING:
    from desktop.services.recovery import RecoveryChoice, StartProblem


def _choose_recovery(problem: StartProblem) -> RecoveryChoice:
    """Ask the person what to do about a damaged or too-new progress file.

    Its dialogs are imported only here: almost every launch finds a healthy file.
    """
    from desktop.ui.backups.actions import choose_recovery

    gc.enable()  # a person may take their time over this choice
    return choose_recovery(problem)


def run(args: argparse.Namespace) -> int:
    gc.disable()  # see _collect_from_now_on
    try:
        return _run(args)
    finally:
        gc.enable()


def _collect_from_now_on() -> None:
    """Switch the cyclic garbage collector back on, leaving start-up's objects out of it.

    Start-up builds some 44,000 objects that live as long as the app (Qt types and
    enums, modules, widgets, the course) and only a few hundred bytes of cyclic
    garbage. Collecting while it runs found nothing to free and cost ~9 ms of every
    launch, and re-scanning those objects on each later full collection would cost
    more. So ``run`` pauses the collector, and this (called on the first turn of the
    event loop) freezes what exists, so collection never scans it, and resumes.
    """
    gc.freeze()
    gc.enable()


def _run(args: argparse.Namespace) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.ui.shell.qt_import_hook import speed_up_pyside_import_hook

    speed_up_pyside_import_hook()  # before the imports below: ~15 ms of every launch
    from desktop.logs import setup_logging
    from desktop.services.startup import StartupError, start_services
    from desktop.ui.dialogs import show_fatal
    from desktop.ui.shell.error_report import install_error_handler
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.theme import appearance

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Prism")
    app.setOrganizationName("Prism")
    app.setApplicationVersion(__version__)
    from desktop.ui.shell.app_identity import apply_identity

    apply_identity(app, paths.assets_dir())  # window icon, and the desktop entry it matches
    data_dir = paths.user_data_dir(args.data_dir)
    setup_logging(data_dir)
    try:
        services = start_services(
            content=paths.content_dir(args.content_dir),
            assets=paths.assets_dir(),
            data_dir=data_dir,
            cache_dir=paths.user_cache_dir(),
            # --screenshot runs unattended: nobody to ask, so a bad file stops it.
            choose_recovery=None if args.screenshot else _choose_recovery,
            # The window takes today's backup after its first paint, in the background.
            defer_backup=not args.screenshot,
        )
    except StartupError as error:
        if args.screenshot:
            print(f"Prism could not start: {error}", file=sys.stderr)
            return 1
        gc.enable()  # the message may stay open a while
        show_fatal(None, "Prism could not start", str(error))
        return 1
    appearance().apply_preferences(services.preferences.load(None))
    if args.profile and services.profiles.find(args.profile) is None:
        print(
            f"No profile called '{args.profile}'. Pick or create one in the window.",
            file=sys.stderr,
        )
    window = MainWindow(services, profile_name=args.profile)
    if args.screenshot:
        from desktop.ui.shell.screenshots import save_screenshot

        width, _, height = str(getattr(args, "window_size", "") or "1280x800").partition("x")
        size = (int(width), int(height)) if width.isdigit() and height.isdigit() else (1280, 800)
        return save_screenshot(
            window, args.screenshot, args.page, args.theme, args.text_size, size=size
        )
    from desktop.ui.shell.after_start import start_after_first_paint

    # The file check (if the open skipped it) and today's backup, in a worker thread.
    window.after_start = start_after_first_paint(window, services)  # type: ignore[attr-defined]
    window.show()
    QTimer.singleShot(0, _collect_from_now_on)  # the loop's first turn (or the welcome's)
    reporter = install_error_handler(window)  # kept referenced while the app runs
    if not services.preferences.welcome_seen():  # the welcome's module loads only then
        from desktop.ui.shell.welcome import show_welcome_if_first_run

        show_welcome_if_first_run(window, services.preferences)
    try:
        return app.exec()
    finally:
        reporter.uninstall()
        services.close()
