"""File > Back up now, Restore from backup… and Check database…, and the start-up
question for a damaged progress file, as a learner uses them."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop.services.backups import BackupError
from desktop.services.recovery import RecoveryChoice, StartProblem, diagnose
from desktop.store.reflections import ReflectionRepo
from desktop.ui import dialogs
from desktop.ui.backups import actions as backup_actions
from desktop.ui.backups.actions import RecoveryDialog
from desktop.ui.backups.menu import BackupActions, install_backup_actions


class Answers:
    """Records dialogs and answers questions, in place of desktop.ui.dialogs."""

    def __init__(self, monkeypatch, yes: bool = True) -> None:
        self.yes = yes
        self.asked: list[str] = []
        self.info: list[tuple[str, str]] = []
        self.errors: list[tuple[str, str]] = []
        monkeypatch.setattr(dialogs, "ask_yes_no", self._ask)
        monkeypatch.setattr(dialogs, "show_info", lambda p, t, x: self.info.append((t, x)))
        monkeypatch.setattr(dialogs, "show_error", lambda p, t, x: self.errors.append((t, x)))

    def _ask(self, parent, title, text, **kwargs) -> bool:
        self.asked.append(text)
        return self.yes


@pytest.fixture
def answers(monkeypatch) -> Answers:
    return Answers(monkeypatch)


def file_menu(window):
    return window.menuBar().actions()[0].menu()


@pytest.fixture
def setup(make_window):
    """A window with a learner who has written one reflection, and the backup actions."""
    window = make_window()
    profile = window.services.profiles.create("Sam")
    window.open_profile(profile.id)
    ReflectionRepo(window.services.db).create(profile.id, "alpha", None, "First thoughts")
    actions = getattr(window, "backup_actions", None) or install_backup_actions(
        window, file_menu(window), window.services
    )
    return window, actions, profile


def reflections(window, profile) -> list[str]:
    return sorted(r.text for r in ReflectionRepo(window.services.db).list(profile.id))


def test_the_three_actions_sit_in_the_file_menu_above_quit(setup) -> None:
    window, _actions, _ = setup
    texts = [a.text() for a in file_menu(window).actions() if not a.isSeparator()]
    for text in ("&Back up now", "&Restore from backup…", "Check &database…"):
        assert texts.count(text) == 1
    assert texts[-1] == "&Quit"
    assert texts.index("&Back up now") < texts.index("&Quit")


def test_back_up_now_saves_a_copy_and_says_where(setup, answers) -> None:
    window, actions, _ = setup
    backup = actions.back_up_now()
    assert backup is not None and backup.path.is_file()
    ((title, text),) = answers.info
    assert title == "Backup saved" and str(backup.path) in text
    assert "Backup saved" in window.statusBar().currentMessage()


def test_back_up_now_explains_a_failure(setup, answers, monkeypatch) -> None:
    _window, actions, _ = setup

    def full():
        raise BackupError("Prism could not save a backup. The disk is full.")

    monkeypatch.setattr(actions.service, "back_up_now", full)
    assert actions.back_up_now() is None
    assert answers.errors == [
        ("The backup was not saved", "Prism could not save a backup. The disk is full.")
    ]


def test_the_restore_dialog_lists_backups_newest_first(setup, answers, qtbot) -> None:
    _window, actions, _ = setup
    actions.back_up_now()
    actions.back_up_now()
    dialog = actions.open_restore_dialog()
    assert dialog.list.isVisible() and not dialog.empty.isVisible()
    assert dialog.list.topLevelItemCount() == 2
    first = dialog.list.topLevelItem(0)
    assert first.text(1) == "Made by you"
    assert first.text(2).endswith("KB")
    assert dialog.selected() == dialog.backups[0]
    assert dialog.restore_button.isEnabled()
    dialog.close()


def test_with_no_backups_the_dialog_says_how_to_get_one(setup) -> None:
    _window, actions, _ = setup
    dialog = actions.open_restore_dialog()
    assert not dialog.list.isVisible()
    assert "There are no backups yet" in dialog.empty.text()
    assert "File > Back up now" in dialog.empty.text()
    assert not dialog.restore_button.isEnabled()
    dialog.close()


def test_restoring_asks_first_then_brings_the_backup_back(setup, answers, qtbot) -> None:
    window, actions, profile = setup
    actions.back_up_now()
    ReflectionRepo(window.services.db).create(profile.id, "alpha", None, "Later thoughts")
    dialog = actions.open_restore_dialog()

    dialog.restore_button.click()

    assert "saved as a backup first" in answers.asked[0]
    assert reflections(window, profile) == ["First thoughts"]
    assert not dialog.isVisible()
    assert window.stack.currentWidget() is window.profiles_page  # choose a profile again
    assert answers.info[-1][0] == "Backup restored"
    assert "Choose your profile to carry on" in answers.info[-1][1]
    kinds = [b.kind for b in window.services.backups.list_backups()]
    assert "before-restore" in kinds


def test_pending_work_is_saved_before_the_restore(make_window, answers) -> None:
    window = make_window()
    profile = window.services.profiles.create("Sam")
    calls: list[str] = []
    actions = BackupActions(
        window,
        file_menu(window),
        window.services.backups,
        on_restored=lambda: calls.append("restored"),
        before_restore=lambda: calls.append("saved pending work"),
    )
    backup = actions.back_up_now()
    ReflectionRepo(window.services.db).create(profile.id, "alpha", None, "Later")
    actions.open_restore_dialog().restore_button.click()
    assert calls == ["saved pending work", "restored"]
    assert backup is not None


def test_saying_no_changes_nothing(setup, monkeypatch) -> None:
    window, actions, profile = setup
    answers = Answers(monkeypatch, yes=False)
    actions.back_up_now()
    ReflectionRepo(window.services.db).create(profile.id, "alpha", None, "Later thoughts")
    dialog = actions.open_restore_dialog()
    dialog.restore_button.click()
    assert len(answers.asked) == 1
    assert reflections(window, profile) == ["First thoughts", "Later thoughts"]
    assert dialog.isVisible()
    dialog.close()


def test_enter_on_a_backup_restores_it(setup, answers, qtbot) -> None:
    _window, actions, _profile = setup
    actions.back_up_now()
    dialog = actions.open_restore_dialog()
    qtbot.waitExposed(dialog)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert answers.asked, "Enter on the chosen backup should ask to restore it"


def test_a_file_that_is_not_a_backup_is_refused_with_the_reason(
    setup, answers, monkeypatch, tmp_path
) -> None:
    window, actions, profile = setup
    bad = tmp_path / "holiday-photo.db"
    bad.write_bytes(b"\xff\xd8\xff not a database")
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: bad)
    dialog = actions.open_restore_dialog()
    dialog.file_button.click()
    ((title, text),) = answers.errors
    assert title == "This file cannot be restored"
    assert "not a Prism backup" in text
    assert answers.asked == []
    assert reflections(window, profile) == ["First thoughts"]
    dialog.close()


def test_a_backup_from_elsewhere_can_be_restored(setup, answers, monkeypatch, tmp_path) -> None:
    window, actions, profile = setup
    made = actions.back_up_now()
    elsewhere = tmp_path / "usb-stick" / "my-backup.db"
    elsewhere.parent.mkdir()
    elsewhere.write_bytes(made.path.read_bytes())
    ReflectionRepo(window.services.db).create(profile.id, "alpha", None, "Later thoughts")
    monkeypatch.setattr(backup_actions, "choose_backup_file", lambda parent, folder: elsewhere)
    dialog = actions.open_restore_dialog()
    dialog.file_button.click()
    assert "my-backup.db" in answers.asked[0]
    assert reflections(window, profile) == ["First thoughts"]


def test_check_database_reports_a_healthy_file(setup) -> None:
    window, actions, _ = setup
    dialog = actions.check_database()
    assert "healthy" in dialog.summary.text()
    assert "Nothing wrong." in dialog.sections["found"].text()
    assert "fixed" not in dialog.sections and dialog.restore_button is None
    assert "healthy" in window.statusBar().currentMessage()
    dialog.close()


def test_check_database_repairs_and_says_what_it_did(setup) -> None:
    window, actions, _ = setup
    raw = sqlite3.connect(window.services.backups.database_path)
    raw.execute("PRAGMA foreign_keys = OFF")
    raw.execute(
        "INSERT INTO reflections (id, profile_id, module_id, prompt_id, text, created_utc, "
        "updated_utc) VALUES ('r-lost', 'p-gone', 'alpha', NULL, 'Lost words', "
        "'2026-03-02T09:00:00Z', '2026-03-02T09:00:00Z')"
    )
    raw.commit()
    raw.close()
    dialog = actions.check_database()
    assert "repaired them all" in dialog.summary.text()
    assert "1 reflection belonged to a learner profile" in dialog.sections["found"].text()
    assert "Recovered learner" in dialog.sections["fixed"].text()
    dialog.close()
    again = actions.check_database()
    assert "healthy" in again.summary.text()
    again.close()


def test_damage_it_cannot_repair_offers_a_restore(setup, monkeypatch) -> None:
    from desktop.store.integrity import CheckReport

    _window, actions, _ = setup
    report = CheckReport(found=("Parts of the progress file are damaged.",), not_fixed=("x",))
    monkeypatch.setattr(actions.service, "check_database", lambda: report)
    dialog = actions.check_database()
    assert dialog.restore_button is not None
    dialog.restore_button.click()
    assert actions.restore_dialog is not None and actions.restore_dialog.isVisible()
    actions.restore_dialog.close()


def test_start_notices_are_shown_once_in_the_status_bar(make_window, qtbot, monkeypatch) -> None:
    window = make_window()
    window.services.profiles.create("Sam")

    def full(*args, **kwargs):
        raise BackupError("The disk is full.")

    monkeypatch.setattr("desktop.services.backups.write_backup", full)
    window.services.backups.start_up()  # what start-up does before the window opens
    install_backup_actions(window, file_menu(window), window.services)
    expected = "Prism could not make today's automatic backup. The disk is full."
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == expected)
    assert window.services.backups.take_notices() == []


def test_every_focusable_control_has_a_name(setup, answers) -> None:
    _window, actions, _ = setup
    actions.back_up_now()
    restore = actions.open_restore_dialog()
    check = actions.check_database()
    for dialog in (restore, check):
        for widget in dialog.findChildren(type(restore.restore_button)):
            assert widget.accessibleName(), widget.text()
    assert restore.list.accessibleName()
    restore.close()
    check.close()


# --------------------------------------------------------------------------- #
# The start-up question
# --------------------------------------------------------------------------- #


@pytest.fixture
def problem(tmp_path: Path) -> StartProblem:
    from desktop.services.backups import BackupService
    from desktop.store.database import close_database, open_database
    from desktop.store.profiles import ProfileRepo

    data = tmp_path / "data"
    db = open_database(data / "prism.db")
    ProfileRepo(db).create("Sam")
    BackupService(
        db, data / "prism.db", lambda: datetime(2026, 11, 20, 9, tzinfo=UTC)
    ).back_up_now()
    close_database(db)
    (data / "prism.db").write_bytes(b"\x00damaged" * 1000)
    found = diagnose(data, lambda: datetime(2026, 11, 21, 9, tzinfo=UTC))
    assert isinstance(found, StartProblem)
    return found


@pytest.mark.parametrize(
    ("button", "choice"),
    [
        ("restore_button", RecoveryChoice.RESTORE_BACKUP),
        ("empty_button", RecoveryChoice.START_EMPTY),
        ("quit_button", RecoveryChoice.QUIT),
    ],
)
def test_the_start_up_question_returns_the_choice(qtbot, problem, button, choice) -> None:
    dialog = RecoveryDialog(problem)
    qtbot.addWidget(dialog)
    dialog.open()
    getattr(dialog, button).click()
    assert dialog.choice is choice and not dialog.isVisible()


def test_the_start_up_question_explains_and_defaults_to_the_backup(qtbot, problem) -> None:
    dialog = RecoveryDialog(problem)
    qtbot.addWidget(dialog)
    dialog.open()
    assert dialog.windowTitle() == "Your progress file is damaged"
    assert "Friday 20 November 2026, 09:00" in dialog.explanation.text()
    assert dialog.restore_button is not None and dialog.restore_button.isDefault()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert dialog.choice is RecoveryChoice.QUIT


def test_without_a_backup_quit_is_the_default(qtbot, problem) -> None:
    from dataclasses import replace

    dialog = RecoveryDialog(replace(problem, backup=None))
    qtbot.addWidget(dialog)
    assert dialog.restore_button is None
    assert dialog.quit_button.isDefault()


def test_a_status_message_does_not_follow_to_another_page_or_learner(setup) -> None:
    window, actions, _profile = setup
    actions.check_database().close()
    said = window.statusBar().currentMessage()
    assert said  # "The progress file is healthy…" or the like
    window.go("journal")
    assert window.statusBar().currentMessage() == ""
    actions.check_database().close()
    assert window.statusBar().currentMessage() == said
    window.lock()  # switching learner
    assert window.statusBar().currentMessage() == ""
