"""An unexpected error: logged without personal text, shown kindly, and Prism carries on."""

from __future__ import annotations

import sqlite3
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from desktop import logs
from desktop.ui.shell.error_report import MAX_DIALOGS, ErrorReporter, install_error_handler

PRIVATE = "I felt out of my depth with the Jones family tonight"


@pytest.fixture
def log_path(tmp_path: Path):
    path = logs.setup_logging(tmp_path / "data")
    yield path
    logs.stop_logging()


@pytest.fixture
def window(qtbot) -> QWidget:
    widget = QWidget()
    widget.resize(800, 600)
    qtbot.addWidget(widget)
    widget.show()
    return widget


@pytest.fixture
def reporter(window, qtbot) -> ErrorReporter:
    reporter = ErrorReporter(window)
    yield reporter
    if reporter.dialog is not None:
        reporter.dialog.close()


def raised(error: BaseException):
    """(type, error, traceback) of ``error`` raised from a real frame."""
    try:
        raise error
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def raised_elsewhere(error: BaseException):
    """The same error raised from another line, so it counts as a different error."""
    try:
        raise error
    except BaseException as caught:
        return type(caught), caught, caught.__traceback__


def test_an_error_shows_a_calm_dialog_and_the_window_stays(reporter, window, log_path) -> None:
    reporter.handle(*raised(ValueError(PRIVATE)))

    dialog = reporter.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowTitle() == "Something went wrong. Your work is saved."
    assert dialog.heading.text() == "Something went wrong. Your work is saved."
    assert "carry on working" in dialog.message.text()
    assert str(logs.safe_path(log_path)) in dialog.log_label.text()
    assert window.isVisible()  # Prism keeps running


def test_the_report_and_the_log_hold_no_personal_text(reporter, log_path) -> None:
    reporter.handle(*raised(ValueError(PRIVATE)))

    report = reporter.dialog.report
    assert PRIVATE not in report and "Jones" not in report
    assert "ValueError (message withheld, 52 characters)" in report
    assert "test_error_report.py, line" in report  # where it happened
    assert "Prism " in report and "Python" in report
    logged = log_path.read_text(encoding="utf-8")
    assert "ValueError" in logged and "test_error_report.py" in logged
    assert PRIVATE not in logged and "Jones" not in logged


def test_a_safe_system_message_is_kept(reporter, log_path) -> None:
    reporter.handle(*raised(sqlite3.OperationalError("database is locked")))
    assert "sqlite3.OperationalError: database is locked" in reporter.dialog.report


def test_copy_report_puts_it_on_the_clipboard(reporter, qtbot) -> None:
    reporter.handle(*raised(RuntimeError(PRIVATE)))
    dialog = reporter.dialog
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.report
    assert dialog.copy_button.text() == "&Copied"


def test_a_full_disk_gets_its_own_words(reporter) -> None:
    reporter.handle(*raised(sqlite3.OperationalError("database or disk is full")))
    dialog = reporter.dialog
    assert dialog.windowTitle() == "Prism could not save"
    assert "could not save your last change" in dialog.message.text()
    assert "free some space" in dialog.message.text()


def test_errors_while_the_dialog_is_open_are_counted_not_stacked(reporter, log_path) -> None:
    reporter.handle(*raised(KeyError("a")))
    first = reporter.dialog
    for _ in range(4):
        reporter.handle(*raised_elsewhere(IndexError("b")))
    assert reporter.dialog is first and reporter.dialogs_shown == 1
    assert first.more_label.isVisible()
    assert first.more_label.text().startswith("4 more errors happened")
    assert log_path.read_text(encoding="utf-8").count("Unexpected error") == 5


def test_the_same_error_is_shown_once_and_there_is_a_cap(reporter, qtbot) -> None:
    def fail_here():
        return raised(ZeroDivisionError("x"))

    reporter.handle(*fail_here())
    reporter.dialog.close()
    qtbot.waitUntil(lambda: reporter.dialog is None or not reporter.dialog.isVisible())
    reporter.handle(*fail_here())  # same type, same place: logged, not shown again
    assert reporter.dialogs_shown == 1

    errors = [TypeError, AttributeError, LookupError, OSError]
    for number, kind in enumerate(errors):
        exec(f"def f{number}(): raise kind()", {"kind": kind}, scope := {})
        try:
            scope[f"f{number}"]()
        except Exception as error:
            reporter.handle(type(error), error, error.__traceback__)
        if reporter.dialog is not None:
            reporter.dialog.close()
            qtbot.waitUntil(lambda: reporter.dialog is None or not reporter.dialog.isVisible())
    assert reporter.dialogs_shown == MAX_DIALOGS
    assert reporter.errors_seen == 6


def test_install_and_uninstall_restore_the_previous_hooks(window) -> None:
    before, before_thread = sys.excepthook, threading.excepthook
    reporter = install_error_handler(window)
    try:
        assert sys.excepthook == reporter.handle
        assert threading.excepthook != before_thread
    finally:
        reporter.uninstall()
    assert sys.excepthook == before and threading.excepthook == before_thread


def test_an_error_in_another_thread_is_shown_on_the_gui_thread(window, qtbot) -> None:
    reporter = install_error_handler(window)
    try:
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
        qtbot.waitUntil(lambda: reporter.dialog is not None)
        assert reporter.dialog.thread() is window.thread()
        assert "ZeroDivisionError" in reporter.dialog.report
    finally:
        reporter.uninstall()
        if reporter.dialog is not None:
            reporter.dialog.close()


def test_keyboard_interrupt_is_passed_on(reporter, monkeypatch) -> None:
    passed = []
    reporter._previous_hook = lambda *exc: passed.append(exc[0])
    reporter.handle(*raised(KeyboardInterrupt()))
    assert passed == [KeyboardInterrupt] and reporter.dialog is None


def test_every_control_is_named_and_reachable_by_keyboard(reporter) -> None:
    reporter.handle(*raised(ValueError("x")))
    dialog = reporter.dialog
    for widget in (dialog.copy_button, dialog.close_button, dialog.report_view):
        assert widget.accessibleName()
        assert widget.focusPolicy() & widget.focusPolicy().TabFocus
    assert dialog.close_button.isDefault()


def test_screenshot(reporter, tmp_path) -> None:
    """Saved for a person to look at (see the report); the test only checks it renders."""
    reporter.handle(*raised(ValueError(PRIVATE)))
    dialog = reporter.dialog
    dialog.resize(640, 480)
    assert dialog.grab().save(str(tmp_path / "error-dialog.png"))
