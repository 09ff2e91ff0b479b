"""The one-minute walk: a finished module becomes a paste-ready CPD record, with screenshots.

Set PRISM_SCREENSHOTS=docs/screenshots to refresh the pictures in the docs;
otherwise they go to the test's temporary folder and are thrown away.
"""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, Qt, QTimer
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui import dialogs
from desktop.ui.cpd import export_dialog
from desktop.ui.cpd.page import CpdPage
from desktop.ui.shell.main_window import SCREENSHOT_SIZE, MainWindow
from tests.ui.test_quiz_and_scenario import answer_by_keys
from tests.ui.test_reading_journey import create_profile

LEARNT = (
    "Online proximity can make a family feel I am always available. Setting reply times at "
    "the start keeps the relationship professional without feeling cold."
)
IMPACT = (
    "I now explain my working hours and reply times at the first visit. A parent told me this "
    "made it easier to plan calls around her shifts, and I no longer answer late messages."
)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PRISM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def snap(folder: Path, name: str, window: QWidget, dialog: QWidget | None = None) -> Path:
    """Save the window at 1280x800, with an open dialog drawn where it sits over it."""
    # Widgets the pages replaced wait for the event loop to delete them; a test has none
    # running, and until they go they hold the window taller than 800.
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.resize(*SCREENSHOT_SIZE)
    QApplication.processEvents()
    picture = window.grab()
    if dialog is not None:
        top_left = QPoint(
            (picture.width() - dialog.width()) // 2, (picture.height() - dialog.height()) // 3
        )
        painter = QPainter(picture)
        painter.drawPixmap(top_left, dialog.grab())
        painter.end()
    path = folder / f"cpd-{name}.png"
    assert picture.save(str(path))
    assert QPixmap(str(path)).size().toTuple() == SCREENSHOT_SIZE
    return path


def go_cpd(window: MainWindow, target: str = "cpd") -> CpdPage:
    """Open the CPD page the way the main window will once it is wired ("cpd", "cpd:...").

    Until main_window has a `cpd_page`, the test adds one with the wiring the report asks
    the lead to make: show it for the profile, then follow the rest of the target.
    """
    if hasattr(window, "cpd_page") and not hasattr(window, "_test_cpd_page"):
        window.go(target)
        return window.cpd_page
    page = getattr(window, "_test_cpd_page", None)
    if page is None:
        page = CpdPage(window.services)
        window.stack.addWidget(page)
        page.navigate.connect(window.go)
        window._test_cpd_page = page
    page.show_for(window.profile_id, window.profile_name)
    window.stack.setCurrentWidget(page)
    page.open_target(target.partition(":")[2])
    return page


def track_study_time(services, profile_id: str, module_id: str) -> None:
    """Ten minutes of active reading, as the window's activity monitor would record it."""
    start = datetime.now(UTC) - timedelta(minutes=30)
    for step in range(21):
        services.study_time.activity(
            profile_id, module_id, "", at=start + timedelta(seconds=30 * step)
        )
    services.study_time.flush()


def test_from_a_finished_module_to_a_paste_ready_record(
    make_window, qtbot, shots, tmp_path, monkeypatch
):
    window = make_window()
    window.resize(*SCREENSHOT_SIZE)
    create_profile(qtbot, window, "Priya")

    # 1. The module is done: read to the end (with tracked study time), then the quiz
    #    passed, by keyboard.
    track_study_time(window.services, window.profile_id, "alpha")
    window.services.reading.mark_read(window.profile_id, "alpha")
    window.go("quiz:alpha")
    for _ in range(10):
        answer_by_keys(qtbot, window.quiz_page, right=True)
    assert window.quiz_page.result.passed
    snap(shots, "1-module-done", window)

    # 2. The CPD page: nine days (or however many) left, nothing recorded yet.
    page = go_cpd(window)
    assert window.stack.currentWidget() is page
    assert page.empty.isVisible()
    snap(shots, "2-page", window)

    # 3. Create from my learning: the finished module is offered, reflections left off.
    qtbot.mouseClick(page.draft_button, Qt.MouseButton.LeftButton)
    dialog = page.draft_dialog
    dialog.set_checked("alpha")
    assert not dialog.include_reflections()
    snap(shots, "3-draft-dialog", window, dialog)
    qtbot.mouseClick(dialog.create_button, Qt.MouseButton.LeftButton)

    # 4. The editor, filled in from the learning; the person writes the two answers.
    editor = page.editor
    assert page.stack.currentWidget() is editor
    qtbot.keyClicks(editor.fields["learning"].edit, LEARNT)
    qtbot.keyClicks(editor.fields["impact"].edit, IMPACT)
    editor.scroll.ensureWidgetVisible(editor.blocks["impact"], 0, 40)
    snap(shots, "4-editor", window)

    # 5. Copy "What I learnt" for the online form.
    editor.fields["learning"].edit.setFocus()
    editor.scroll.ensureWidgetVisible(editor.blocks["learning"], 0, 40)
    qtbot.mouseClick(editor.copy_buttons["learning"], Qt.MouseButton.LeftButton)
    assert QApplication.clipboard().text() == LEARNT
    assert editor.status.text().startswith("Copied ‘What I learnt’")
    snap(shots, "5-copied", window)

    # 6. Ready, and the year tracker counts it.
    qtbot.mouseClick(editor.ready_button, Qt.MouseButton.LeftButton)
    assert editor.record.is_ready
    qtbot.mouseClick(editor.back_button, Qt.MouseButton.LeftButton)
    assert page.tracker.records.text() == "1 of 2 records"
    snap(shots, "6-ready", window)

    # 7. Export the paste-ready text to a file.
    target = tmp_path / "Priya CPD.txt"
    monkeypatch.setattr(export_dialog, "choose_save_path", lambda *_: target)
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: False)
    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    export = page.export_dialog
    export.number.setText("SW123456")
    snap(shots, "7-export", window, export)
    assert export.export() == target
    assert LEARNT in target.read_text(encoding="utf-8")


def test_the_other_cpd_windows_look_right(make_window, qtbot, shots):
    """Not part of the one-minute path, but every screen gets looked at."""
    window = make_window()
    window.resize(*SCREENSHOT_SIZE)
    create_profile(qtbot, window, "Priya")
    services = window.services
    from tests.ui.cpd_fakes import complete_module

    complete_module(services, window.profile_id, "alpha")
    draft = services.cpd.draft_from_modules(window.profile_id, ["alpha"], include_reflections=False)
    services.cpd.save(
        replace(
            draft,
            learning=LEARNT,
            impact="I supported Mrs Smith to agree reply times; her number is 07700 900123.",
        )
    )
    page = go_cpd(window)
    snap(shots, "8-list", window)

    qtbot.mouseClick(page.certificates_button, Qt.MouseButton.LeftButton)
    snap(shots, "9-certificates", window, page.certificate_dialog)
    page.certificate_dialog.reject()

    qtbot.mouseClick(page.export_button, Qt.MouseButton.LeftButton)
    export = page.export_dialog
    seen: list[str] = []

    def while_open() -> None:
        privacy = QApplication.activeModalWidget()
        seen.append(str(snap(shots, "10-privacy", window, privacy)))
        privacy.reject()

    QTimer.singleShot(0, while_open)
    assert export.export() is None
    assert seen
