"""The passphrase screens as a learner meets them: the protected mark in the list, the
unlock box with its waits, and protecting, changing and removing a passphrase with a
plain warning that a forgotten passphrase cannot be recovered."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams
from desktop.ui import dialogs
from desktop.ui.profiles.passphrase_dialogs import (
    ArchivePassphraseDialog,
    PassphraseAction,
    PassphraseDialog,
    UnlockDialog,
)
from desktop.ui.profiles.picker import PROTECTED_ROLE, passphrase_dialogs
from tests.ui.a11y_sweep import assert_all_named

FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "marmalade at midnight"
NEW = "a quieter train home"


class Ticker:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def screenshot(widget: QWidget, name: str) -> Path:
    """Save a PNG to look at (PRISM_SCREENSHOT_DIR keeps a copy)."""
    QApplication.processEvents()
    path = Path(os.environ.get("PRISM_SCREENSHOT_DIR", "/tmp")) / f"{name}.png"
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def window(make_window):
    window = make_window()
    window.services.passphrases.kdf = FAST
    return window


@pytest.fixture
def sam(window):
    profile = window.services.profiles.create("Sam Patel")
    window.services.journal.start(profile.id, "alpha", None, "What I wrote on the train.")
    return profile


def show(qtbot, dialog: QWidget) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)


# The list of profiles ---------------------------------------------------------------------


def test_a_protected_profile_is_marked_in_the_list_in_words_too(window, sam, qtbot):
    other = window.services.profiles.create("Priya Shah")
    window.services.passphrases.protect(sam.id, PASSPHRASE)
    page = window.profiles_page
    page.refresh(select=sam.id)

    items = {page.list.item(i).text(): page.list.item(i) for i in range(page.list.count())}
    assert items["Sam Patel"].data(PROTECTED_ROLE) is True
    assert items["Priya Shah"].data(PROTECTED_ROLE) is False
    spoken = items["Sam Patel"].data(Qt.ItemDataRole.AccessibleTextRole)
    assert "protected with a passphrase" in spoken
    assert "is protected: opening it asks for its passphrase" in page.privacy_note.text()
    assert page.change_action.isEnabled() and page.remove_action.isEnabled()
    assert not page.protect_action.isEnabled()
    page.select(other.id)
    assert "has no passphrase: anyone using this computer can open it" in (page.privacy_note.text())
    assert page.protect_action.isEnabled() and not page.change_action.isEnabled()
    page.select(sam.id)
    window.resize(1280, 800)
    screenshot(window, "picker-protected")
    assert_all_named(page)


def test_protecting_from_the_list_runs_the_dialog_and_says_what_happened(window, sam, monkeypatch):
    page = window.profiles_page
    page.refresh(select=sam.id)
    told = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: told.append(text))

    def answer(parent, services, profile):
        dialog = PassphraseDialog(services, profile, PassphraseAction.PROTECT, parent)
        dialog.new.setText(PASSPHRASE)
        dialog.repeat.setText(PASSPHRASE)
        assert dialog.apply()
        return dialog.done_message

    monkeypatch.setattr(passphrase_dialogs, "protect_profile", answer)
    page.protect_action.trigger()

    assert told == ["\u201cSam Patel\u201d is now protected with a passphrase."]
    assert window.services.passphrases.is_locked(sam.id)
    assert page.list.currentItem().data(PROTECTED_ROLE) is True


def test_the_idle_lock_time_is_chosen_in_the_list(window, sam):
    page = window.profiles_page
    page.refresh()
    assert page.idle_minutes.value() == 10

    page.idle_minutes.setValue(0)
    assert page.idle_minutes.text() == "Never"
    assert window.services.passphrases.idle_minutes() == 0
    assert window.idle_lock.minutes == 0
    page.idle_minutes.setValue(20)
    assert window.idle_lock.minutes == 20


# Unlocking ---------------------------------------------------------------------------------


def test_unlocking_hides_the_passphrase_and_explains_a_wrong_one(window, sam, qtbot):
    service = window.services.passphrases
    service.protect(sam.id, PASSPHRASE)
    ticker = Ticker()
    service._now = ticker
    dialog = UnlockDialog(service, sam, window)
    show(qtbot, dialog)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.open_button.isEnabled()  # nothing typed yet
    assert_all_named(dialog)

    for attempt in range(3):
        dialog.passphrase.setText(f"wrong guess {attempt}")
        assert dialog.try_unlock() is False
    assert "not right" in dialog.message.text() and dialog.message.isVisible()
    assert "waits 1 second" in dialog.message.text()
    assert not dialog.open_button.isEnabled()  # resting after three wrong tries
    assert dialog.open_button.text() == "Wait 1 s"
    screenshot(dialog, "unlock-wrong")

    ticker.now += 1.5
    qtbot.waitUntil(lambda: dialog.open_button.text() == "&Open profile")
    dialog.passphrase.setText(PASSPHRASE)
    assert dialog.open_button.isEnabled()
    assert dialog.try_unlock() is True
    assert dialog.result() == UnlockDialog.DialogCode.Accepted
    assert dialog.passphrase.text() == ""  # not kept in the widget
    assert [r.text for r in ReflectionRepo(window.services.db).list(sam.id)] == [
        "What I wrote on the train."
    ]


def test_unlocking_says_what_was_changed_outside_prism(window, sam, qtbot, monkeypatch):
    """Renamed and put into the team summary by hand while locked: the owner is told on
    opening the profile, and both are put back."""
    service = window.services.passphrases
    service.protect(sam.id, PASSPHRASE)
    window.services.db.execute(
        "UPDATE profiles SET name = 'Sam (left)', name_key = 'sam (left)', "
        "include_in_team_summary = 1 WHERE id = ?",
        [sam.id],
    )
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        dialogs, "show_error", lambda _parent, title, text: shown.append((title, text))
    )
    dialog = UnlockDialog(service, sam, window)
    show(qtbot, dialog)
    dialog.passphrase.setText(PASSPHRASE)

    assert dialog.try_unlock() is True

    assert len(shown) == 1 and shown[0][0] == "Changed outside Prism"
    assert "name, agreement to be in the team summary" in shown[0][1]
    profile = window.services.profiles.get(sam.id)
    assert (profile.name, profile.include_in_team_summary) == ("Sam Patel", False)


def test_show_what_i_type_reveals_the_text(window, sam, qtbot):
    window.services.passphrases.protect(sam.id, PASSPHRASE)
    dialog = UnlockDialog(window.services.passphrases, sam, window)
    show(qtbot, dialog)
    dialog.show_typing.setChecked(True)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Normal
    dialog.show_typing.setChecked(False)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password


# Protect, change, remove -------------------------------------------------------------------


def test_protecting_warns_that_a_forgotten_passphrase_cannot_be_recovered(window, sam, qtbot):
    exported = []
    dialog = PassphraseDialog(
        window.services,
        sam,
        PassphraseAction.PROTECT,
        window,
        export=lambda parent: exported.append(parent) or Path("/tmp/sam.prism"),
    )
    show(qtbot, dialog)
    words = " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    assert "nobody can get your writing back" in words
    assert "cannot be reset" in words
    assert "export a copy first" in words.lower()
    assert "Team-session discussion notes belong to the whole group" in words
    assert_all_named(dialog)
    screenshot(dialog, "protect-dialog")

    dialog.export_button.click()
    assert exported and "A copy was saved to /tmp/sam.prism." in dialog.export_note.text()

    dialog.new.setText("short")
    dialog.repeat.setText("short")
    assert dialog.apply() is False and "at least 8" in dialog.message.text()
    dialog.new.setText(PASSPHRASE)
    dialog.repeat.setText(PASSPHRASE + " ")
    assert dialog.apply() is False and "not the same" in dialog.message.text()
    assert not window.services.passphrases.is_protected(sam.id)

    dialog.repeat.setText(PASSPHRASE)
    assert dialog.apply() is True
    assert window.services.passphrases.is_protected(sam.id)
    assert dialog.new.text() == dialog.repeat.text() == ""


def test_changing_needs_the_current_passphrase(window, sam, qtbot):
    window.services.passphrases.protect(sam.id, PASSPHRASE)
    dialog = PassphraseDialog(window.services, sam, PassphraseAction.CHANGE, window)
    show(qtbot, dialog)
    assert not dialog.ok_button.isEnabled()
    dialog.current.setText("not it")
    dialog.new.setText(NEW)
    dialog.repeat.setText(NEW)
    assert dialog.ok_button.isEnabled()
    assert dialog.apply() is False and "not right" in dialog.message.text()
    screenshot(dialog, "change-dialog")

    dialog.current.setText(PASSPHRASE)
    assert dialog.apply() is True
    service = window.services.passphrases
    service.unlock(sam.id, NEW)
    assert service.is_unlocked(sam.id)


def test_removing_says_the_writing_will_be_readable_again(window, sam, qtbot):
    window.services.passphrases.protect(sam.id, PASSPHRASE)
    dialog = PassphraseDialog(window.services, sam, PassphraseAction.REMOVE, window)
    show(qtbot, dialog)
    words = " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    assert "anyone who uses this computer will be able to open" in words
    assert not dialog.export_button.isVisible()
    screenshot(dialog, "remove-dialog")
    dialog.current.setText(PASSPHRASE)

    assert dialog.apply() is True
    assert not window.services.passphrases.is_protected(sam.id)


def test_an_import_that_needs_a_passphrase_says_why(qtbot):
    dialog = ArchivePassphraseDialog(
        "Sam Patel", "\u201cSam Patel\u201d is protected with a passphrase on this computer."
    )
    show(qtbot, dialog)
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.ok_button.isEnabled()
    dialog.passphrase.setText(PASSPHRASE)
    assert dialog.ok_button.isEnabled()
    assert_all_named(dialog)


def test_the_privacy_note_offers_protection_while_the_profile_is_open(window, sam, monkeypatch):
    window.open_profile(sam.id)
    notice = window.privacy_notice
    assert notice.isVisible()
    window.resize(1280, 800)
    screenshot(window, "home-privacy-note")
    assert_all_named(notice)
    monkeypatch.setattr(
        "desktop.ui.shell.main_window.ask_protect",
        lambda parent, services, profile, in_use: (
            services.passphrases.protect(profile.id, PASSPHRASE, stay_unlocked=in_use) or "done"
        ),
    )

    notice.protect_button.click()

    assert not notice.isVisible()
    assert window.services.passphrases.is_unlocked(sam.id)  # still in use: still open
    assert window.profile_id == sam.id


def test_protecting_also_seals_the_writing_in_earlier_backups(qtbot, tmp_path) -> None:
    """Issue 16, finding 2: once the box (ticked by default) is left ticked, no backup
    holds the newly protected profile's writing in the clear."""
    from desktop.services.startup import start_services
    from desktop.ui.profiles.passphrase_dialogs import PassphraseAction, PassphraseDialog
    from tests.helpers.course_builder import write_course

    content = write_course(tmp_path / "course")
    services = start_services(content, tmp_path / "course" / "assets", tmp_path / "data")
    services.passphrases.kdf = FAST
    try:
        sam = services.profiles.create("Sam")
        ReflectionRepo(services.context.db).create(sam.id, "alpha", None, "Words for me alone")
        services.backups.back_up_now()
        dialog = PassphraseDialog(services, sam, PassphraseAction.PROTECT)
        qtbot.addWidget(dialog)
        assert dialog.protect_backups.isChecked()
        dialog.new.setText("a lighthouse in the fog")
        dialog.repeat.setText("a lighthouse in the fog")

        assert dialog.apply()

        assert "earlier backup" in dialog.done_message
        assert services.passphrases.is_locked(sam.id)
        for backup in services.backups.folder.iterdir():
            assert b"Words for me alone" not in backup.read_bytes(), backup.name
    finally:
        services.close()
