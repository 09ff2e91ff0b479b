"""Course packs in the window: add, refuse, manage, remove, and their section on home."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop import paths
from desktop.course.loader import load_course
from desktop.course.packs.archive import write_archive
from desktop.course.packs.installed import install_pack
from desktop.services.startup import start_services
from desktop.ui import dialogs
from desktop.ui.shell.main_window import MainWindow
from tests.corpus.packs.build import EXAMPLE, HOSTILE, MODULE, write_zip

PACK_TITLE = "Northshire Council social media policy"


class Answers:
    """Records every dialog and answers questions as told."""

    def __init__(self, monkeypatch, *answers: bool) -> None:
        self.answers = list(answers)
        self.asked: list[str] = []
        self.errors: list[str] = []
        monkeypatch.setattr(dialogs, "ask_yes_no", self._ask)
        monkeypatch.setattr(dialogs, "show_error", lambda p, t, x: self.errors.append(x))

    def _ask(self, parent, title, text, **kwargs) -> bool:
        self.asked.append(f"{title}: {text}")
        return self.answers.pop(0)


@pytest.fixture
def window_over(qtbot, tmp_path):
    made: list[MainWindow] = []

    def make(data_dir: Path) -> MainWindow:
        services = start_services(paths.content_dir(), paths.assets_dir(), data_dir)
        if not services.profiles.list():
            services.profiles.create("Asha")
        window = MainWindow(services, profile_name="Asha")
        qtbot.addWidget(window)
        window.show()
        made.append(window)
        return window

    yield make
    for window in made:
        window.services.close()


@pytest.fixture
def example_pack(tmp_path) -> Path:
    out = tmp_path / "northshire.prismpack"
    write_archive(EXAMPLE, out)
    return out


def _file_menu_texts(window: MainWindow) -> list[str]:
    menu = window.menuBar().actions()[0].menu()
    return [a.text() for a in menu.actions() if not a.isSeparator()]


def test_adding_a_pack_offers_a_restart_and_then_shows_it_on_home(
    window_over, example_pack, tmp_path, monkeypatch
):
    data_dir = tmp_path / "data"
    window = window_over(data_dir)
    assert "Add course &pack…" in _file_menu_texts(window)
    assert "&Manage packs…" in _file_menu_texts(window)
    assert window.home_page.pack_section is None  # no packs: no section
    answers = Answers(monkeypatch, True)
    restarted: list[MainWindow] = []
    actions = window.pack_actions
    actions.choose_file = lambda parent: example_pack
    actions.restart = restarted.append
    actions.add_action.trigger()
    assert restarted == [window]
    assert f"Installed '{PACK_TITLE}' version 1.0" in answers.asked[0]
    assert not answers.errors
    # "Restarting": a new window over the same data folder.
    again = window_over(data_dir)
    home = again.home_page
    assert home.pack_section is not None and home.pack_section.isVisible()
    assert home.pack_header.title.text() == "From your organisation"
    (card,) = home.pack_module_cards
    assert card.title_text == "Our social media policy in practice"
    assert card.kicker == PACK_TITLE
    assert "from Northshire Council (unverified)" in card.meta_text
    assert all("Our social media policy" not in c.title_text for c in home.module_cards)
    card.action.click()
    assert again.stack.currentWidget() is again.reader_page
    assert again.reader_page.module_id == MODULE


def test_a_hostile_pack_is_refused_with_the_reason_and_nothing_changes(
    window_over, tmp_path, monkeypatch
):
    data_dir = tmp_path / "data"
    window = window_over(data_dir)
    answers = Answers(monkeypatch)
    make, _words = HOSTILE["remote-image"]
    bad = write_zip(tmp_path / "bad.prismpack", make(tmp_path))
    assert not window.pack_actions.install(bad)
    assert len(answers.errors) == 1
    assert "bad.prismpack was not installed, and nothing was changed" in answers.errors[0]
    assert "never fetched" in answers.errors[0]
    assert not (data_dir / "packs").exists()


def test_manage_packs_lists_updates_and_removes_with_confirmation(
    window_over, example_pack, tmp_path, monkeypatch
):
    data_dir = tmp_path / "data"
    course = load_course(paths.content_dir(), paths.assets_dir(), authoring_checks=False).course
    install_pack(example_pack, data_dir, course)
    window = window_over(data_dir)
    window.pack_actions.restart = lambda w: None
    window.pack_actions.manage_action.trigger()
    dialog = window.pack_actions.dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.packs.count() == 1
    assert dialog.packs.item(0).text().startswith(f"{PACK_TITLE} · version 1.0")
    # Installing the same version again asks first; declining changes nothing.
    answers = Answers(monkeypatch, False)
    assert not window.pack_actions.install(example_pack, dialog)
    assert "already installed" in answers.asked[0]
    # Remove: declined, then confirmed.
    answers = Answers(monkeypatch, False)
    assert not dialog.remove_selected()
    assert (data_dir / "packs" / "northshire-social-media").is_dir()
    answers = Answers(monkeypatch, True, False)
    assert dialog.remove_selected()
    assert "progress, reflections and CPD records on them are kept" in answers.asked[0]
    assert "Restart Prism now?" in answers.asked[1]
    assert not (data_dir / "packs" / "northshire-social-media").exists()
    assert dialog.packs.count() == 0 and dialog.empty.isVisibleTo(dialog)
    assert "Changes show when Prism next opens" in dialog.note.text()
    assert dialog.remove_button.isEnabled() is False
