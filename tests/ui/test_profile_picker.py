"""The profile picker on a shared training laptop: 30 people, found by typing, opened with
Enter, renamed, recoloured, deleted only after typing the name (with an offer to export
first), and profiles moved between laptops with Export… and Import profile…."""

from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from desktop.store.profiles import ProfileRepo
from desktop.ui import dialogs
from desktop.ui.profiles import archive_dialogs, picker, profile_actions
from desktop.ui.profiles.picker import DeleteChoice, DeleteProfileDialog
from tests.ui.a11y_sweep import assert_all_named

NAMES = [
    "Priya Shah", "Sam Patel", "Élodie Dubois", "Tom O'Neil", "Aisha Khan", "Ben Carter",
    "Chloe Evans", "Dan Murphy", "Ewa Nowak", "Femi Adeyemi", "Grace Liu", "Hassan Ali",
    "Isla Brown", "Jack Wilson", "Kemi Okafor", "Liam Walsh", "Maya Singh", "Noah Green",
    "Olivia Hall", "Pat Quinn", "Rosa García", "Sean Kelly", "Tara Nolan", "Umar Farooq",
    "Vic Lee", "Wendy Clarke", "Xin Zhao", "Yusuf Demir", "Zara Ahmed", "Alex Morgan",
]  # fmt: skip


def screenshot(widget: QWidget, tmp_path: Path, name: str) -> Path:
    """Save a PNG (set PRISM_SCREENSHOT_DIR to keep copies to look at)."""
    QApplication.processEvents()
    path = tmp_path / f"{name}.png"
    assert widget.grab().save(str(path))
    assert path.stat().st_size > 5000
    keep = os.environ.get("PRISM_SCREENSHOT_DIR")
    if keep:
        shutil.copy(path, Path(keep) / path.name)
    return path


@pytest.fixture
def team_window(make_window):
    """A window over a data folder with 30 profiles, the first 20 used in turn."""
    window = make_window()
    repo = ProfileRepo(window.services.db)
    now = datetime.now(UTC)
    for n, name in enumerate(NAMES):
        profile = repo.create(name)
        if n % 3 == 0:
            repo.set_team_summary_consent(profile.id, True)
        if n < 20:
            used = (now - timedelta(hours=7 * n)).isoformat(timespec="milliseconds")
            window.services.db.execute(
                "UPDATE profiles SET last_used_utc = ? WHERE id = ?",
                [used.replace("+00:00", "Z"), profile.id],
            )
    window.show_profiles()
    return window


def visible_names(page) -> list[str]:
    return [
        page.list.item(row).text()
        for row in range(page.list.count())
        if not page.list.item(row).isHidden()
    ]


def test_thirty_profiles_are_listed_last_used_first_with_the_first_preselected(
    team_window, tmp_path
):
    page = team_window.profiles_page
    assert page.list.count() == 30
    assert visible_names(page)[:3] == ["Priya Shah", "Sam Patel", "Élodie Dubois"]
    assert page.list.currentItem().text() == "Priya Shah"
    assert page.list.currentItem().data(picker.INITIALS_ROLE) == "PS"
    assert "Last used today at" in page.list.currentItem().data(picker.LAST_USED_ROLE)
    unused = page.list.item(29)
    assert unused.data(picker.LAST_USED_ROLE) == "Not used yet"
    assert page.team.isChecked()  # Priya agreed to the team summary
    screenshot(team_window, tmp_path, "picker-30-profiles")


def test_typing_in_the_list_filters_and_arrows_and_enter_open(team_window, qtbot, tmp_path):
    page = team_window.profiles_page
    page.list.setFocus()
    qtbot.keyClicks(page.list, "sa")  # typed into the list: goes to the search box
    assert page.filter.text() == "sa"
    assert page.filter.hasFocus()
    assert visible_names(page) == ["Sam Patel", "Hassan Ali", "Rosa García"]
    screenshot(team_window, tmp_path, "picker-filtered")
    qtbot.keyClick(page.filter, Qt.Key.Key_Down)
    assert page.list.currentItem().text() == "Hassan Ali"
    with qtbot.waitSignal(page.chosen) as opened:
        qtbot.keyClick(page.filter, Qt.Key.Key_Return)
    assert opened.args == [ProfileRepo(team_window.services.db).find_by_name("Hassan Ali").id]
    assert team_window.stack.currentWidget() is team_window.home_page


def test_search_ignores_accents_and_says_when_nothing_matches(team_window, qtbot, tmp_path):
    page = team_window.profiles_page
    qtbot.keyClicks(page.filter, "elo")
    assert visible_names(page) == ["Élodie Dubois"]
    page.filter.clear()
    qtbot.keyClicks(page.filter, "zzz")
    assert visible_names(page) == []
    assert page.no_match.isVisible() and "zzz" in page.no_match.text()
    assert not page.open_button.isEnabled() and not page.delete_button.isEnabled()
    screenshot(team_window, tmp_path, "picker-no-match")
    qtbot.keyClick(page.filter, Qt.Key.Key_Escape)
    assert len(visible_names(page)) == 30 and not page.no_match.isVisible()


def test_rename_keeps_the_profile_selected(team_window, qtbot, monkeypatch):
    page = team_window.profiles_page
    monkeypatch.setattr(picker, "ask_new_name", lambda parent, profile: "Priya Shah-Jones")
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_F2)
    assert page.list.currentItem().text() == "Priya Shah-Jones"
    assert page.list.currentItem().data(picker.INITIALS_ROLE) == "PS"


def test_renaming_to_a_taken_name_explains(team_window, monkeypatch):
    page = team_window.profiles_page
    errors = []
    monkeypatch.setattr(picker, "ask_new_name", lambda parent, profile: "sam patel")
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    page.rename_current()
    assert errors and "already a profile called" in errors[0]
    assert page.list.currentItem().text() == "Priya Shah"


def test_choosing_a_colour(team_window, monkeypatch):
    page = team_window.profiles_page
    monkeypatch.setattr(picker, "ask_colour", lambda parent, profile: "amber")
    page.colour_button.click()
    assert page.list.currentItem().data(picker.COLOUR_ROLE) == "#ffb300"
    assert ProfileRepo(team_window.services.db).find_by_name("Priya Shah").colour == "amber"


def test_the_delete_dialog_needs_the_name_typed(qtbot, team_window, tmp_path):
    profile = team_window.profiles_page.current_profile()
    dialog = DeleteProfileDialog(profile)
    qtbot.addWidget(dialog)
    dialog.show()
    assert "cannot be undone" in " ".join(
        label.text() for label in dialog.findChildren(picker.QLabel)
    )
    assert not dialog.delete_button.isEnabled()
    assert dialog.cancel_button.isDefault()  # Enter never deletes by accident
    qtbot.keyClicks(dialog.typed, "priya")
    assert not dialog.delete_button.isEnabled()
    qtbot.keyClicks(dialog.typed, "  shah ")
    assert dialog.delete_button.isEnabled()
    screenshot(dialog, tmp_path, "delete-dialog")
    dialog.delete_button.click()
    assert dialog.choice is DeleteChoice.DELETE


def test_delete_offers_export_first_then_deletes(team_window, monkeypatch, tmp_path):
    page = team_window.profiles_page
    page.select(ProfileRepo(team_window.services.db).find_by_name("Sam Patel").id)
    answers = iter([DeleteChoice.EXPORT_FIRST, DeleteChoice.DELETE])
    shown: list[Path | None] = []

    def confirm(parent, profile, exported_to=None):
        shown.append(exported_to)
        return next(answers)

    monkeypatch.setattr(picker, "confirm_delete", confirm)
    monkeypatch.setattr(
        archive_dialogs, "choose_export_path", lambda parent, title, suggested, f: tmp_path / "sam"
    )
    monkeypatch.setattr(dialogs, "show_info", lambda *args: None)
    page.delete_button.click()

    assert shown == [None, tmp_path / "sam.prism"]  # the second question says where the copy is
    assert (tmp_path / "sam.prism").exists()
    assert "Sam Patel" not in visible_names(page)
    assert page.list.count() == 29


def test_cancelling_delete_keeps_everything(team_window, qtbot, monkeypatch):
    page = team_window.profiles_page
    monkeypatch.setattr(picker, "confirm_delete", lambda *args: DeleteChoice.CANCEL)
    page.list.setFocus()
    qtbot.keyClick(page.list, Qt.Key.Key_Delete)
    assert page.list.count() == 30


def test_team_summary_consent_is_per_profile(team_window):
    page = team_window.profiles_page
    page.select(ProfileRepo(team_window.services.db).find_by_name("Sam Patel").id)
    assert not page.team.isChecked()
    page.team.click()
    assert ProfileRepo(team_window.services.db).find_by_name("Sam Patel").include_in_team_summary
    assert page.current_profile().name == "Sam Patel"
    assert page.list.currentItem().data(picker.TEAM_ROLE)  # shown beside the name
    assert page.team.isChecked()


def test_export_and_import_move_a_profile_to_another_laptop(
    make_window, qtbot, monkeypatch, tmp_path, course_root
):
    window = make_window()
    repo = ProfileRepo(window.services.db)
    repo.create("Sam Patel")
    window.show_profiles()
    archive = tmp_path / "moved.prism"
    monkeypatch.setattr(
        archive_dialogs, "choose_export_path", lambda parent, title, suggested, f: archive
    )
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(text))
    window.profiles_page.export_button.click()
    assert archive.exists() and "Saved Sam Patel's profile" in infos[-1]

    # The other laptop: a different data folder with someone else already on it.
    from desktop.services.startup import start_services
    from desktop.ui.shell.main_window import MainWindow

    other_services = start_services(
        course_root / "content", course_root / "assets", tmp_path / "other"
    )
    other = MainWindow(other_services)
    qtbot.addWidget(other)
    ProfileRepo(other_services.db).create("Alex")
    other.show_profiles()
    monkeypatch.setattr(archive_dialogs, "choose_import_path", lambda parent, start: archive)
    questions: list[str] = []
    monkeypatch.setattr(
        dialogs, "ask_yes_no", lambda parent, title, text, **kw: questions.append(text) or True
    )
    other.profiles_page.import_button.click()
    assert "holds the profile \u201cSam Patel\u201d" in questions[-1]
    assert "Added the profile \u201cSam Patel\u201d" in infos[-1]
    assert other.profiles_page.current_profile().name == "Sam Patel"
    assert sorted(visible_names(other.profiles_page)) == ["Alex", "Sam Patel"]

    other.profiles_page.import_button.click()  # a second import changes nothing
    assert "already up to date" in infos[-1]
    other_services.close()


def test_a_bad_archive_is_explained_and_nothing_is_imported(make_window, monkeypatch, tmp_path):
    window = make_window()
    bad = tmp_path / "holiday-photos.zip"
    bad.write_bytes(b"not an archive")
    monkeypatch.setattr(archive_dialogs, "choose_import_path", lambda parent, start: bad)
    errors: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, text: errors.append(text))
    window.profiles_page.import_button.click()
    assert "not a Prism profile archive" in errors[-1]
    assert window.profiles_page.empty.isVisible()


def test_file_menu_actions_work_from_the_window(make_window, monkeypatch, tmp_path):
    window = make_window()
    file_menu = window.menuBar().actions()[0].menu()
    actions = profile_actions.install_profile_actions(window, file_menu)
    assert [a.text() for a in actions] == ["E&xport profile…", "&Import profile…", "&Team summary…"]
    infos: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: infos.append(title))
    actions[0].trigger()  # no profile open yet
    assert infos[-1] == "Open a profile first"
    actions[2].trigger()  # nobody has agreed
    assert infos[-1] == "Nobody has agreed yet"

    repo = ProfileRepo(window.services.db)
    sam = repo.create("Sam")
    repo.set_team_summary_consent(sam.id, True)
    target = tmp_path / "team"
    monkeypatch.setattr(
        archive_dialogs, "choose_export_path", lambda parent, title, suggested, f: target
    )
    actions[2].trigger()
    assert infos[-1] == "Team summary saved"
    assert "Sam" in (tmp_path / "team.csv").read_text(encoding="utf-8-sig")


def test_empty_state_says_what_to_do(make_window, tmp_path):
    window = make_window()
    page = window.profiles_page
    assert page.empty.isVisible() and "Import profile" in page.empty.text()
    assert not page.list.isVisible() and not page.filter.isVisible()
    assert window.focusWidget() is page.name  # ready to type a name
    screenshot(window, tmp_path, "picker-empty")


def test_every_control_has_an_accessible_name(team_window, make_window):
    assert_all_named(team_window.profiles_page)
    empty = make_window()
    assert_all_named(empty.profiles_page)
