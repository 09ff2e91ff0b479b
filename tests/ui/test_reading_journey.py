"""A learner creates a profile, reads, quits, and comes back to the same place."""

from PySide6.QtCore import Qt

from desktop.ui import dialogs


def create_profile(qtbot, window, name: str) -> None:
    page = window.profiles_page
    qtbot.keyClicks(page.name, name)
    qtbot.keyClick(page.name, Qt.Key.Key_Return)


def test_first_run_shows_empty_state_then_creates_profile(make_window, qtbot):
    window = make_window()
    assert window.stack.currentWidget() is window.profiles_page
    assert window.profiles_page.empty.isVisible()
    create_profile(qtbot, window, "Priya")
    assert window.stack.currentWidget() is window.home_page
    assert "Priya" in window.home_page.greeting.text()
    assert "Start the course" in window.home_page.continue_button.text()


def test_duplicate_profile_name_is_refused_with_a_message(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.show_profiles()
    create_profile(qtbot, window, "  priya ")
    assert window.stack.currentWidget() is window.profiles_page
    assert window.profiles_page.error.text()


def test_read_quit_restart_resume(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    qtbot.mouseClick(window.home_page.continue_button, Qt.MouseButton.LeftButton)
    reader = window.reader_page
    assert window.stack.currentWidget() is reader
    assert reader.title.text() == "Module Alpha"
    assert reader.toc.topLevelItemCount() == 3  # one entry per ## section

    bar = reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    section = reader.current_anchor()
    assert section is not None
    assert reader.toc.currentItem().data(0, Qt.ItemDataRole.UserRole) == section
    section_title = reader.toc.currentItem().text(0)
    window.close()

    again = make_window()
    assert again.profiles_page.list.currentItem().text() == "Priya"  # last used preselected
    qtbot.keyClick(again.profiles_page.list, Qt.Key.Key_Return)
    assert "Module Alpha" in again.home_page.continue_button.text()
    # The section is named just after the home page paints (it needs the module rendered).
    qtbot.waitUntil(lambda: section_title in again.home_page.continue_button.text())
    qtbot.mouseClick(again.home_page.continue_button, Qt.MouseButton.LeftButton)
    restored = again.reader_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: restored.maximum() > 0 and restored.value() > 0)
    assert abs(again.reader_page.scroll_fraction() - 0.5) < 0.05
    assert again.reader_page.current_anchor() == section


def test_reaching_the_end_marks_the_module_read(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("module:alpha")
    bar = window.reader_page.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    window.reader_page.save_position()
    window.go("home")
    alpha, beta = window.home_page.module_cards[:2]
    assert alpha.summary_text().startswith("In progress · 1 of 3 steps")
    assert alpha.action.text() == "&Take the quiz"  # read to the end: the quiz is next
    assert beta.summary_text().startswith("Not started")


def test_next_and_previous_move_through_the_course(make_window, qtbot):
    window = make_window()
    create_profile(qtbot, window, "Priya")
    window.go("module:alpha")
    reader = window.reader_page
    assert not reader.previous_button.isEnabled()
    qtbot.mouseClick(reader.next_button, Qt.MouseButton.LeftButton)
    assert reader.title.text() == "Module Beta"
    assert not reader.next_button.isEnabled()


def test_broken_module_is_unavailable_and_the_rest_works(make_window, qtbot, course_root):
    (course_root / "content" / "beta" / "quiz.yaml").write_text("questions: [\n")
    window = make_window()
    create_profile(qtbot, window, "Priya")
    beta = window.home_page.module_cards[1]
    assert beta.summary_text().startswith("Unavailable")
    assert beta.action is None  # nothing to open
    assert "could not be loaded" in window.statusBar().currentMessage()
    window.go("module:alpha")
    assert window.reader_page.title.text() == "Module Alpha"


def test_external_link_needs_confirmation(make_window, qtbot, monkeypatch):
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url))
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: False)
    window = make_window()
    window.follow_link(QUrl("https://example.org/page"))
    assert opened == []
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: True)
    window.follow_link(QUrl("https://example.org/page"))
    assert [u.toString() for u in opened] == ["https://example.org/page"]
    window.follow_link(QUrl("file:///etc/passwd"))
    assert len(opened) == 1
