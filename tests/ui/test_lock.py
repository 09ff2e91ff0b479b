"""Locking: Switch learner (Ctrl+L) and the idle lock leave nothing personal behind.

A practitioner walks away from a shared laptop with their CPD record open. Ten minutes
later Prism has saved everything, cleared every page and forgotten the key: no widget
anywhere holds their reflection, their CPD learning or their capability note, and the
protected text cannot be read again without the passphrase.
"""

from __future__ import annotations

import gc
import shutil
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QTableWidget,
    QTextEdit,
    QTreeWidget,
    QTreeWidgetItemIterator,
)

from desktop.cpd.records import CpdRecord
from desktop.store.keys import ProfileLockedError, keyring_for
from desktop.store.reflections import ReflectionRepo
from desktop.store.sealing import KdfParams
from desktop.ui.shell import main_window as main_window_module

SHIPPED = Path(__file__).resolve().parents[2] / "content" / "digital-capabilities"
FAST = KdfParams(n=2**10, r=8, p=1)
PASSPHRASE = "the heron on the canal"
REFLECTION = "Seeing my client's daughter's TikTok made me uneasy about what I know."
LEARNING = "Logging off the team chat at six keeps my evenings for my own family."
NOTE = "I still use my personal phone for the duty rota group."
SECRETS = ("client's daughter's TikTok", "evenings for my own family", "duty rota group")


class Ticker:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def all_texts() -> list[str]:
    """Every piece of text any widget of the application holds, shown or not."""
    found: list[str] = []
    for widget in QApplication.allWidgets():
        found += [widget.windowTitle(), widget.toolTip(), widget.accessibleDescription()]
        if isinstance(widget, QLineEdit):
            found.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            found.append(widget.toPlainText())
        elif isinstance(widget, QLabel | QAbstractButton):
            found.append(widget.text())
        elif isinstance(widget, QComboBox):
            found += [widget.itemText(i) for i in range(widget.count())]
        if isinstance(widget, QListWidget):
            found += [widget.item(i).text() for i in range(widget.count())]
        elif isinstance(widget, QTreeWidget):
            iterator = QTreeWidgetItemIterator(widget)
            while iterator.value() is not None:
                item = iterator.value()
                found += [item.text(c) for c in range(item.columnCount())]
                iterator += 1
        elif isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    cell = widget.item(row, column)
                    found.append(cell.text() if cell is not None else "")
    return found


def personal_text_left() -> list[str]:
    texts = all_texts()
    return [secret for secret in SECRETS if any(secret in text for text in texts)]


def personal_text_in_undo_history() -> list[str]:
    """What Ctrl+Z in any text box would bring back (undoing as far as it goes)."""
    found = []
    for widget in QApplication.allWidgets():
        if isinstance(widget, QLineEdit):
            while widget.isUndoAvailable():
                widget.undo()
                found.append(widget.text())
        elif isinstance(widget, QPlainTextEdit | QTextEdit):
            while widget.document().isUndoAvailable():
                widget.undo()
                found.append(widget.toPlainText())
    return [secret for secret in SECRETS if any(secret in text for text in found)]


@pytest.fixture
def protected(make_window, course_root, monkeypatch):
    """A window with Sam's protected profile holding a reflection, a CPD record and a note."""
    shutil.copy(SHIPPED / "capabilities.yaml", course_root / "content" / "alpha")
    window = make_window()
    services = window.services
    services.passphrases.kdf = FAST
    profile = services.profiles.create("Sam Patel")
    services.journal.start(profile.id, "alpha", None, REFLECTION)
    capability = services.capabilities.capabilities()[0]
    services.capabilities.rate(profile.id, {capability.id: (3, NOTE)})
    record = services.cpd.save(
        CpdRecord(
            id="0b6e5c1e-1111-4222-8333-944455556666",
            profile_id=profile.id,
            cpd_type="E-learning",
            title="Work phones and boundaries",
            start_date=date(2026, 3, 14),
            learning=LEARNING,
        )
    )
    services.passphrases.protect(profile.id, PASSPHRASE)

    def unlock(parent, service, who) -> bool:
        service.unlock(who.id, PASSPHRASE)
        return True

    monkeypatch.setattr(main_window_module, "ask_unlock", unlock)
    window.open_profile(profile.id)
    return window, profile, record


def show_everything(window, record) -> None:
    """Visit the journal, the capabilities and the CPD record, ending in its editor."""
    window.go("journal")
    window.go("capabilities")
    window.go(f"cpd:record:{record.id}")
    QApplication.processEvents()


def test_the_idle_lock_leaves_no_personal_text_in_any_widget_and_forgets_the_key(protected):
    window, profile, record = protected
    show_everything(window, record)
    # The learner types on in the CPD record, so Ctrl+Z there could bring text back.
    box = next(
        b
        for b in window.cpd_page.editor.findChildren(QPlainTextEdit)
        if LEARNING in b.toPlainText()
    )
    box.moveCursor(QTextCursor.MoveOperation.End)
    box.insertPlainText(" I told my manager.")
    assert box.document().isUndoAvailable()
    assert personal_text_left() == list(SECRETS)  # all three really were on screen
    ticker = Ticker()
    window.idle_lock.clock = ticker
    ticker.now += 9 * 60
    assert window.idle_lock.check() is False  # nine minutes: not yet
    assert window.profile_id == profile.id

    ticker.now += 61
    assert window.idle_lock.check() is True

    assert personal_text_left() == []
    assert personal_text_in_undo_history() == []
    assert window.profile_id is None and window.windowTitle() == "Prism"
    assert window.stack.currentWidget() is window.profiles_page
    assert "locked itself" in window.statusBar().currentMessage()
    gc.collect()
    ring = keyring_for(window.services.db)
    assert ring.unlocked_ids() == [] and ring.is_locked(profile.id)
    with pytest.raises(ProfileLockedError):
        ReflectionRepo(window.services.db).list(profile.id)


def test_switch_learner_with_ctrl_l_locks_the_same_way(protected, qtbot):
    window, profile, record = protected
    show_everything(window, record)

    QTest.keyClick(window.windowHandle(), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: window.profile_id is None)
    assert personal_text_left() == []
    assert keyring_for(window.services.db).is_locked(profile.id)


def test_typing_keeps_the_profile_open_and_zero_means_never(protected, qtbot):
    window, profile, _record = protected
    ticker = Ticker()
    window.idle_lock.clock = ticker
    ticker.now += 8 * 60
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Shift)  # someone is here
    ticker.now += 8 * 60
    assert window.idle_lock.check() is False and window.profile_id == profile.id

    window.idle_lock.set_minutes(0)
    ticker.now += 24 * 60
    assert window.idle_lock.check() is False and window.profile_id == profile.id


def test_the_idle_lock_closes_an_open_dialog_first(protected, qtbot):
    window, _profile, _record = protected
    box = QMessageBox(QMessageBox.Icon.Information, "CPD record", LEARNING, parent=window)
    box.show()
    ticker = Ticker()
    window.idle_lock.clock = ticker
    ticker.now += 11 * 60

    assert window.idle_lock.check() is False  # first the dialog goes...
    qtbot.waitUntil(lambda: window.profile_id is None)  # ...then the profile is locked
    assert not box.isVisible()


def test_unsaved_capability_ratings_are_saved_not_lost_when_prism_locks_itself(protected):
    window, profile, _record = protected
    window.go("capabilities")
    page = window.capabilities_page
    row = page.rows[1]
    row.group.button(5).setChecked(True)
    row.note.setText("Rated just before my break")
    assert page.has_unsaved_changes()
    ticker = Ticker()
    window.idle_lock.clock = ticker
    ticker.now += 11 * 60

    assert window.idle_lock.check() is True

    window.services.passphrases.unlock(profile.id, PASSPHRASE)
    latest = window.services.capabilities.latest(profile.id)
    assert latest[row.capability.id].note == "Rated just before my break"
    assert latest[row.capability.id].rating == 5


def test_a_team_session_on_screen_is_never_interrupted(protected):
    window, profile, _record = protected
    window.go("team-session")
    ticker = Ticker()
    window.idle_lock.clock = ticker
    ticker.now += 60 * 60
    assert window.idle_lock.check() is False
    assert window.profile_id == profile.id


def test_a_protected_profile_asks_for_its_passphrase_and_cancel_keeps_the_list(
    protected, monkeypatch
):
    window, profile, _record = protected
    window.lock()
    asked = []

    def cancel(parent, service, who) -> bool:
        asked.append(who.name)
        return False

    monkeypatch.setattr(main_window_module, "ask_unlock", cancel)
    window.profiles_page.select(profile.id)
    window.profiles_page.open_current()

    assert asked == ["Sam Patel"]
    assert window.profile_id is None
    assert window.stack.currentWidget() is window.profiles_page
    assert window.profiles_page.current_profile().id == profile.id


def test_an_unprotected_profile_says_once_that_anyone_can_read_it(make_window):
    window = make_window()
    profile = window.services.profiles.create("Priya Shah")

    window.open_profile(profile.id)

    notice = window.privacy_notice
    assert notice.isVisible()
    assert "anyone who uses this computer can open it" in notice.text.text()
    assert "Priya Shah" in notice.text.text()
    window.lock()
    assert not notice.isVisible()
    window.open_profile(profile.id)
    assert not notice.isVisible()  # said once


def test_drafts_from_a_team_session_reach_a_protected_profile_when_it_is_opened(
    make_window, monkeypatch
):
    window = make_window()
    services = window.services
    services.passphrases.kdf = FAST
    facilitator, attendee = (services.profiles.create(n) for n in ("Jo Bloggs", "Ben Carter"))
    services.passphrases.protect(attendee.id, PASSPHRASE)
    session = services.team_sessions.start(
        title="Messaging apps",
        session_date=date.today(),
        facilitator_name="Jo Bloggs",
        facilitator_role="Practice educator",
        module_id="alpha",
        attendee_ids=[facilitator.id, attendee.id],
    )
    result = services.team_sessions.end(session.id, minutes=40)
    assert [a.profile_id for a in result.waiting] == [attendee.id]

    def unlock(parent, service, who) -> bool:
        service.unlock(who.id, PASSPHRASE)
        return True

    monkeypatch.setattr(main_window_module, "ask_unlock", unlock)
    window.open_profile(attendee.id)

    assert [r.title for r in services.cpd.list(attendee.id)] == ["Messaging apps"]
