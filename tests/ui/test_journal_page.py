"""The reflection journal as a learner uses it: write (autosaved), find, delete and undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.autosave import Autosaver
from desktop.ui.journal.page import FREE_WRITING, JournalPage
from tests.ui.pages import shown


@pytest.fixture
def profile_id(services: Services) -> str:
    return services.profiles.create("Priya").id


@pytest.fixture
def page(qtbot, services: Services) -> JournalPage:
    return shown(qtbot, JournalPage(services))


def stored_texts(services: Services, profile_id: str) -> list[str]:
    return [entry.text for entry in services.journal.entries(profile_id)]


def list_texts(page: JournalPage) -> list[str]:
    texts = []
    for top in range(page.tree.topLevelItemCount()):
        header = page.tree.topLevelItem(top)
        texts.append(header.text(0))
        texts.extend(header.child(n).text(0) for n in range(header.childCount()))
    return texts


def test_first_visit_explains_how_to_start(page: JournalPage, profile_id: str) -> None:
    page.show_for(profile_id)
    assert page.right.currentWidget() is page.welcome
    assert "not written any reflections yet" in page.welcome_text.text()
    assert page.welcome.title.text() == "Start your journal"  # the EmptyState's title
    assert page.welcome.button is page.welcome_new
    assert page.list_empty.isVisible() and not page.tree.isVisible()
    assert page.new_button.hasFocus()


def test_opening_a_module_shows_its_first_prompt_and_saves_as_you_type(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id, "alpha")
    assert page.module_title.text() == "Module Alpha"
    assert page.prompt_label.text() == "What did you learn?"
    assert page.editor.hasFocus()
    page.flush()
    assert stored_texts(services, profile_id) == []  # nothing typed, nothing stored

    qtbot.keyClicks(page.editor, "Context changes boundaries")
    assert page.status.text() == "Saving…"
    qtbot.waitUntil(lambda: stored_texts(services, profile_id) == ["Context changes boundaries"])
    assert page.status.text().startswith("Saved at ")
    assert "Context changes boundaries" in list_texts(page)[1]

    page.show_for(profile_id, "alpha")  # coming back opens the same reflection
    assert page.editor.toPlainText() == "Context changes boundaries"


def test_flush_and_leaving_the_editor_save_at_once(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id, "beta")
    qtbot.keyClicks(page.editor, "First")
    page.flush()
    assert stored_texts(services, profile_id) == ["First"]

    qtbot.keyClicks(page.editor, " and second")
    page.search.setFocus()  # focus leaves the writing area
    assert stored_texts(services, profile_id) == ["First and second"]


def test_a_long_burst_of_typing_is_saved_before_it_ends(qtbot) -> None:
    saves: list[int] = []
    owner = QWidget()
    qtbot.addWidget(owner)
    saver = Autosaver(lambda: saves.append(1), owner, debounce_ms=60, max_wait_ms=150)
    for _ in range(40):  # a keystroke every 20 ms, never pausing long enough to debounce
        saver.changed()
        qtbot.wait(20)
    assert saves, "a change waited for the whole burst"
    saver.flush()
    assert not saver.pending


def test_list_groups_by_module_and_opens_a_reflection(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    journal = services.journal
    journal.start(profile_id, "beta", "change", "Speak to my supervisor")
    older = journal.start(profile_id, "alpha", "learned", "Alpha thoughts")
    journal.start(profile_id, "alpha", None, "Free thoughts")
    page.show_for(profile_id)

    texts = list_texts(page)
    assert texts[0] == "Module Alpha (2)" and texts[3] == "Module Beta (1)"
    assert texts[1].endswith("Free thoughts") and texts[2].endswith("Alpha thoughts")
    assert page.prompt_label.text() == FREE_WRITING  # the newest is open

    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(1))
    assert page.reflection_id == older.id
    assert page.prompt_label.text() == "What did you learn?"
    assert page.editor.toPlainText() == "Alpha thoughts"


def test_search_filters_the_list_and_says_when_nothing_matches(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "A closed group is not private")
    services.journal.start(profile_id, "beta", "learned", "Reply in working hours")
    page.show_for(profile_id)

    qtbot.keyClicks(page.search, "CLOSED")
    assert len(list_texts(page)) == 4  # typing: the search waits for a pause
    qtbot.waitUntil(lambda: len(list_texts(page)) == 2)
    assert "closed group" in list_texts(page)[1]

    page.search.clear()
    qtbot.keyClicks(page.search, "zebra")
    qtbot.waitUntil(lambda: not page.tree.isVisible())
    assert "No reflections match “zebra”" in page.list_empty.text()
    page.search.clear()
    assert len(list_texts(page)) == 4


def test_delete_asks_first_and_can_be_undone(
    qtbot, page: JournalPage, services: Services, profile_id: str, monkeypatch
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Worth keeping")
    page.show_for(profile_id)
    questions: list[str] = []

    def answer(_parent, title, _text, **_kwargs) -> bool:
        questions.append(title)
        return len(questions) > 1  # keep it the first time, delete the second

    monkeypatch.setattr(dialogs, "ask_yes_no", answer)
    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert stored_texts(services, profile_id) == ["Worth keeping"]

    qtbot.mouseClick(page.delete_button, Qt.MouseButton.LeftButton)
    assert questions == ["Delete this reflection?"] * 2
    assert stored_texts(services, profile_id) == []
    assert page.undo_bar.isVisible() and "deleted" in page.undo_label.text()
    assert page.editor.toPlainText() == ""

    qtbot.mouseClick(page.undo_button, Qt.MouseButton.LeftButton)
    assert stored_texts(services, profile_id) == ["Worth keeping"]
    assert not page.undo_bar.isVisible()
    assert page.editor.toPlainText() == "Worth keeping"


def test_new_reflection_is_chosen_with_the_keyboard(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id)
    qtbot.keyClick(page.new_button, Qt.Key.Key_Space)
    assert page.right.currentWidget() is page.chooser
    assert page.prompt_list.hasFocus()
    assert page.prompt_list.item(page.prompt_list.count() - 1).text() == FREE_WRITING

    qtbot.keyClick(page.prompt_list, Qt.Key.Key_Down)
    qtbot.keyClick(page.prompt_list, Qt.Key.Key_Return)
    assert page.right.currentWidget() is page.editor_panel
    assert page.prompt_label.text() == "What will you do differently?"
    qtbot.keyClicks(page.editor, "Check my settings")
    page.flush()
    [entry] = services.journal.entries(profile_id)
    assert (entry.module_id, entry.reflection.prompt_id) == ("alpha", "change")


def test_escape_leaves_the_chooser_without_creating_anything(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id)
    page.choose_new()
    qtbot.keyClick(page.prompt_list, Qt.Key.Key_Escape)
    assert page.right.currentWidget() is page.welcome
    assert stored_texts(services, profile_id) == []


def test_a_reflection_erased_to_nothing_is_removed_when_the_editor_moves_on(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Oops")
    page.show_for(profile_id)
    page.editor.selectAll()
    qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
    page.flush()
    assert stored_texts(services, profile_id) == [""]  # still there while it is open
    page.choose_new()
    page.start_chosen()
    assert stored_texts(services, profile_id) == []
    assert page.tree.topLevelItemCount() == 0


def test_writing_is_plain_text_never_html(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id, "alpha")
    qtbot.keyClicks(page.editor, "<b>not bold</b> & <img src=x>")
    page.flush()
    assert stored_texts(services, profile_id) == ["<b>not bold</b> & <img src=x>"]
    assert "<b>not bold</b> & <img src=x>" in list_texts(page)[1]


def test_clear_saves_then_removes_every_word_from_the_screen(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    page.show_for(profile_id, "alpha")
    qtbot.keyClicks(page.editor, "Private words")
    page.search.setText("Private")
    page.clear()
    assert stored_texts(services, profile_id) == ["Private words"]
    assert page.editor.toPlainText() == ""
    assert page.search.text() == ""
    assert page.tree.topLevelItemCount() == 0
    assert page.module_title.text() == "" and page.prompt_label.text() == ""
    other = services.profiles.create("Sam").id
    page.show_for(other)
    assert page.tree.topLevelItemCount() == 0


def test_every_control_has_an_accessible_name(
    page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Some words")
    page.show_for(profile_id)
    page.choose_new()
    focusable = [
        w
        for w in page.findChildren(QWidget)
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(page)
    ]
    assert focusable
    unnamed = [type(w).__name__ for w in focusable if not w.accessibleName()]
    assert unnamed == []


def test_choosing_another_reflection_after_erasing_one_removes_the_blank_one(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Keep")
    services.journal.start(profile_id, "beta", "learned", "Erase me")
    page.show_for(profile_id)
    assert page.editor.toPlainText() == "Erase me"
    page.editor.selectAll()
    qtbot.keyClick(page.editor, Qt.Key.Key_Delete)
    page.tree.setCurrentItem(page.tree.topLevelItem(0).child(0))
    assert page.editor.toPlainText() == "Keep"
    assert stored_texts(services, profile_id) == ["Keep"]
    assert list_texts(page)[0] == "Module Alpha (1)" and len(list_texts(page)) == 2


def test_when_saving_fails_the_words_stay_and_are_saved_on_the_next_try(
    qtbot, page: JournalPage, services: Services, profile_id: str, monkeypatch
) -> None:
    from desktop.store.errors import StoreError

    page.show_for(profile_id, "alpha")
    qtbot.keyClicks(page.editor, "Draft")
    page.flush()
    real_save = services.journal.save

    def failing_save(_reflection_id: str, _text: str) -> bool:
        raise StoreError("The disk is full. Free some space; your words are still on screen.")

    monkeypatch.setattr(services.journal, "save", failing_save)
    qtbot.keyClicks(page.editor, " that matters")
    page.flush()
    assert page.status.text().startswith("Not saved yet: The disk is full.")
    assert page.editor.toPlainText() == "Draft that matters"

    monkeypatch.setattr(services.journal, "save", real_save)
    page.flush()
    assert stored_texts(services, profile_id) == ["Draft that matters"]
    assert page.status.text().startswith("Saved at ")


def test_a_full_disk_keeps_the_words_and_saves_them_by_itself_once_there_is_room(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    """Issue 16, finding 8: a real SQLITE_FULL, then room again, and no key pressed."""
    db = services.context.db
    page.show_for(profile_id, "alpha")
    qtbot.keyClicks(page.editor, "Draft")
    page.flush()
    pages = db.execute("PRAGMA page_count").fetchone()[0]
    db.execute(f"PRAGMA max_page_count = {pages}")
    page.editor.insertPlainText(" that matters." * 20_000)
    page.flush()
    assert page.status.text().startswith("Not saved yet: Prism could not save because the disk")
    assert stored_texts(services, profile_id) == ["Draft"]

    db.execute("PRAGMA max_page_count = 1073741823")
    qtbot.waitUntil(lambda: page.status.text().startswith("Saved at "), timeout=10_000)
    assert stored_texts(services, profile_id)[0].endswith(" that matters.")


def test_search_words_are_shown_as_typed_never_as_markup(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Some words")
    page.show_for(profile_id)
    qtbot.keyClicks(page.search, "<b>bold</b>")
    qtbot.waitUntil(lambda: "bold" in page.list_empty.text())
    assert page.list_empty.textFormat() == Qt.TextFormat.PlainText
    assert "“<b>bold</b>”" in page.list_empty.text()


def test_a_reflection_that_does_not_open_is_counted_and_the_rest_still_show(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    """Issue 16: a sealed value moved onto another row hides only that reflection."""
    from desktop.store.sealing import KdfParams

    services.passphrases.kdf = KdfParams(n=2**10, r=8, p=1)
    services.journal.start(profile_id, "alpha", "learned", "Mine")
    services.journal.start(profile_id, "beta", "learned", "Also mine")
    services.passphrases.protect(profile_id, "a lighthouse in the fog", stay_unlocked=True)
    db = services.context.db
    (_first, text), (second, _) = db.execute(
        "SELECT id, text FROM reflections WHERE profile_id = ? ORDER BY id", [profile_id]
    ).fetchall()
    db.execute("UPDATE reflections SET text = ? WHERE id = ?", [text, second])

    page.show_for(profile_id)

    assert page.unreadable_note.isVisible()
    assert page.unreadable_note.text().startswith("1 reflection could not be opened")
    assert len([t for t in list_texts(page) if not t.startswith("Module")]) == 1


def test_years_of_reflections_draw_the_newest_and_the_rest_on_request(
    qtbot, page: JournalPage, services: Services, profile_id: str
) -> None:
    from desktop.ui.journal.page import MORE_BATCH, MORE_ROLE, ROWS_PER_GROUP

    total = ROWS_PER_GROUP + MORE_BATCH + 7
    with services.db.atomic():
        for number in range(total):
            services.journal.start(profile_id, "alpha", "learned", f"Note {number}")
    page.show_for(profile_id)
    header = page.tree.topLevelItem(0)
    assert header.text(0).endswith(f"({total})")  # the heading counts them all
    more = header.child(header.childCount() - 1)
    assert header.childCount() == ROWS_PER_GROUP + 1
    assert more.text(0) == f"Show {total - ROWS_PER_GROUP:,} older reflections…"
    assert more.data(0, MORE_ROLE) == "alpha"
    page.tree.setCurrentItem(more)  # chosen with the keyboard or the mouse
    assert header.childCount() == ROWS_PER_GROUP + MORE_BATCH + 1
    assert header.child(header.childCount() - 1).text(0) == "Show 7 older reflections…"
    page.tree.setCurrentItem(header.child(header.childCount() - 1))
    assert header.childCount() == total  # every one drawn, no "Show" row left
    assert page.tree.currentItem().text(0) != ""


def test_the_journal_forgets_its_words_when_the_learner_leaves(
    page: JournalPage, services: Services, profile_id: str
) -> None:
    services.journal.start(profile_id, "alpha", "learned", "Held in memory while open")
    page.show_for(profile_id)
    assert services.journal._index is not None
    page.clear()
    assert services.journal._index is None
