"""Passphrase screens: unlock a profile, protect it, change or remove its passphrase.

Every dialog says plainly what a passphrase does and what it cannot do: a forgotten
passphrase cannot be recovered by anyone, so setting one offers an export first.
Passphrase boxes hide what is typed (with a "Show what I type" box for those who need
to see it), and a wrong passphrase is answered in words, with the Open button resting
for a growing moment after three wrong tries (the service decides how long).

Dialogs are opened through module-level functions (``ask_unlock``, ``protect_profile``,
``change_passphrase``, ``remove_passphrase``, ``ask_archive_passphrase``) so tests can
answer them; the dialog classes can also be driven directly. ``PrivacyNotice`` is the
one-time, non-modal note that an unprotected profile can be read by anyone.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import Enum
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.privacy_lock import (
    FORGOTTEN_WARNING,
    GROUP_NOTES_NOTE,
    UNPROTECTED_NOTICE,
    PassphraseError,
    PassphraseService,
    TooSoonError,
    WrongPassphraseError,
)
from desktop.ui.a11y import announce
from desktop.ui.busy import busy_cursor
from desktop.ui.design.components import Callout, TextScroll
from desktop.ui.design.tokens import Tone
from desktop.ui.style import error_text, heading, muted

if TYPE_CHECKING:
    from desktop.services.profiles import Profile
    from desktop.services.startup import Services

_WAIT_TICK_MS = 250
_MIN_WIDTH_CHARS = 72


def _quoted(name: str) -> str:
    return f"\u201c{name}\u201d"


def passphrase_box(name: str) -> QLineEdit:
    """A line edit that hides what is typed, named for screen readers."""
    box = QLineEdit()
    box.setEchoMode(QLineEdit.EchoMode.Password)
    box.setAccessibleName(name)
    # No autocompletion or input-method prediction may keep a passphrase.
    box.setInputMethodHints(
        Qt.InputMethodHint.ImhHiddenText
        | Qt.InputMethodHint.ImhSensitiveData
        | Qt.InputMethodHint.ImhNoPredictiveText
    )
    return box


def show_typing_box(boxes: list[QLineEdit]) -> QCheckBox:
    """'Show what I type': switches the boxes between hidden and shown text."""
    check = QCheckBox("S&how what I type")
    check.setAccessibleName("Show what I type")

    def toggled(on: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if on else QLineEdit.EchoMode.Password
        for box in boxes:
            box.setEchoMode(mode)

    check.toggled.connect(toggled)
    return check


def _sized(dialog: QDialog) -> None:
    dialog.setMinimumWidth(dialog.fontMetrics().averageCharWidth() * _MIN_WIDTH_CHARS)


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label


# --------------------------------------------------------------------------- #
# Unlock
# --------------------------------------------------------------------------- #


class UnlockDialog(QDialog):
    """Type the passphrase to open a protected profile; waits after repeated wrong tries."""

    def __init__(
        self, service: PassphraseService, profile: Profile, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.service = service
        self.profile = profile
        self.notices: list[str] = []
        self.setWindowTitle(f"Open {profile.name}'s profile")
        self.setAccessibleName(self.windowTitle())
        title = heading(f"{_quoted(profile.name)} is protected", 2)
        intro = _wrapped("Type this profile's passphrase to open it.")
        self.passphrase = passphrase_box("Passphrase")
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase)
        self.show_typing = show_typing_box([self.passphrase])
        self.message = error_text(_wrapped(""))
        self.message.setAccessibleDescription("Passphrase message")
        self.message.hide()
        forgotten = muted(
            "Forgotten it? Nobody can recover a passphrase: the writing in this profile "
            "cannot be opened without it."
        )
        self.open_button = QPushButton("&Open profile")
        self.open_button.setAccessibleName("Open profile")
        self.open_button.setDefault(True)
        self.open_button.setEnabled(False)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.open_button.clicked.connect(self.try_unlock)
        self.cancel_button.clicked.connect(self.reject)
        self.passphrase.textChanged.connect(lambda _text: self._update())

        form = QFormLayout()
        form.addRow(label, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.show_typing)
        layout.addWidget(self.message)
        layout.addWidget(forgotten)
        layout.addLayout(buttons)
        _sized(self)

        self._timer = QTimer(self)
        self._timer.setInterval(_WAIT_TICK_MS)
        self._timer.timeout.connect(self._tick)
        self.passphrase.setFocus()
        self._tick()  # a wait from tries made before this dialog opened still applies

    def try_unlock(self) -> bool:
        """Check the passphrase; True (and the dialog accepted) if it was right."""
        if not self.open_button.isEnabled():
            return False
        try:
            with busy_cursor():
                self.notices = self.service.unlock(self.profile.id, self.passphrase.text())
        except (WrongPassphraseError, TooSoonError) as error:
            self._say(str(error))
            self.passphrase.selectAll()
            self.passphrase.setFocus()
            self._tick()
            return False
        except PassphraseError as error:
            self._say(str(error))
            return False
        self.passphrase.clear()
        self.accept()
        if self.notices:
            _tell_changed_outside(self.parentWidget(), self.notices)
        return True

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()  # room for the message: wrapped labels do not grow a dialog
        announce(self.message, text)

    def _tick(self) -> None:
        wait = self.service.wait_seconds(self.profile.id)
        if wait > 0:
            seconds = max(1, round(wait + 0.49))
            self.open_button.setText(f"Wait {seconds} s")
            self.open_button.setAccessibleName(f"Open profile: wait {seconds} seconds")
            if not self._timer.isActive():
                self._timer.start()
        else:
            self._timer.stop()
            self.open_button.setText("&Open profile")
            self.open_button.setAccessibleName("Open profile")
        self._update()

    def _update(self) -> None:
        waiting = self.service.wait_seconds(self.profile.id) > 0
        self.open_button.setEnabled(bool(self.passphrase.text()) and not waiting)

    def done(self, result: int) -> None:
        self._timer.stop()
        self.passphrase.clear()  # the typed passphrase does not outlive the dialog
        super().done(result)


CHANGED_OUTSIDE_TITLE = "Changed outside Prism"


def _tell_changed_outside(parent: QWidget | None, notices: list[str]) -> None:
    """What the unlock found changed outside Prism (settings put back, versions)."""
    from desktop.ui import dialogs

    dialogs.show_error(parent, CHANGED_OUTSIDE_TITLE, "\n\n".join(notices))


def ask_unlock(parent: QWidget | None, service: PassphraseService, profile: Profile) -> bool:
    """Ask for the passphrase until it is right or the learner cancels; True if unlocked."""
    dialog = UnlockDialog(service, profile, parent)
    try:
        return dialog.exec() == QDialog.DialogCode.Accepted
    finally:
        dialog.deleteLater()


# --------------------------------------------------------------------------- #
# Protect, change, remove
# --------------------------------------------------------------------------- #


class PassphraseAction(Enum):
    PROTECT = "protect"
    CHANGE = "change"
    REMOVE = "remove"


_TITLES = {
    PassphraseAction.PROTECT: "Protect {name} with a passphrase",
    PassphraseAction.CHANGE: "Change the passphrase of {name}",
    PassphraseAction.REMOVE: "Remove the passphrase of {name}",
}
_BUTTONS = {
    PassphraseAction.PROTECT: "&Protect profile",
    PassphraseAction.CHANGE: "&Change passphrase",
    PassphraseAction.REMOVE: "&Remove passphrase",
}
_DONE = {
    PassphraseAction.PROTECT: "{name} is now protected with a passphrase.",
    PassphraseAction.CHANGE: "The passphrase of {name} has been changed.",
    PassphraseAction.REMOVE: "{name} no longer has a passphrase.",
}


class PassphraseDialog(QDialog):
    """Protect a profile, change its passphrase or remove it; says what that means first."""

    def __init__(
        self,
        services: Services,
        profile: Profile,
        action: PassphraseAction,
        parent: QWidget | None = None,
        *,
        in_use: bool = False,
        export: Callable[[QWidget], object] | None = None,
    ) -> None:
        """``in_use``: the learner is using the profile now, so it stays unlocked after.
        ``export``: how "Export a copy first…" saves a copy (default: the archive flow)."""
        super().__init__(parent)
        self.services = services
        self.service: PassphraseService = services.passphrases
        self.profile = profile
        self.action = action
        self.in_use = in_use
        self._export = export
        name = _quoted(profile.name)
        self.setWindowTitle(_TITLES[action].format(name=profile.name))
        self.setAccessibleName(self.windowTitle())

        layout = QVBoxLayout(self)
        layout.addWidget(heading(_TITLES[action].format(name=name), 2))
        # The explanations scroll if the screen is too short for them (200% text).
        self.explanation = TextScroll(*self._explanation(), name="What the passphrase protects")
        layout.addWidget(self.explanation, 1)

        self.current = passphrase_box("Current passphrase")
        self.new = passphrase_box("New passphrase")
        self.repeat = passphrase_box("New passphrase again")
        form = QFormLayout()
        boxes: list[QLineEdit] = []
        if action is not PassphraseAction.PROTECT:
            form.addRow(self._label("C&urrent passphrase:", self.current), self.current)
            boxes.append(self.current)
        if action is not PassphraseAction.REMOVE:
            form.addRow(self._label("&New passphrase:", self.new), self.new)
            form.addRow(self._label("Type it &again:", self.repeat), self.repeat)
            boxes += [self.new, self.repeat]
        layout.addLayout(form)
        self.show_typing = show_typing_box(boxes)
        layout.addWidget(self.show_typing)
        # Issue 16: earlier backups hold this profile's writing unprotected until sealed.
        self.protect_backups = QCheckBox("Also protect this writing in Prism's earlier &backups")
        self.protect_backups.setChecked(True)
        self.protect_backups.setVisible(action is PassphraseAction.PROTECT)
        layout.addWidget(self.protect_backups)
        self.message = error_text(_wrapped(""))
        self.message.setAccessibleDescription("Passphrase message")
        self.message.hide()
        layout.addWidget(self.message)

        self.export_button = QPushButton("&Export a copy first…")
        self.export_button.setAccessibleName("Export a copy first")
        self.export_button.setAutoDefault(False)
        self.export_button.clicked.connect(self.export_copy)
        self.export_note = muted("")
        self.export_note.hide()
        self.ok_button = QPushButton(_BUTTONS[action])
        self.ok_button.setAccessibleName(_BUTTONS[action].replace("&", ""))
        self.ok_button.setDefault(True)
        self.ok_button.clicked.connect(self.apply)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        if action is not PassphraseAction.REMOVE:
            buttons.addWidget(self.export_button)
        else:
            self.export_button.hide()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(self.cancel_button)
        layout.addWidget(self.export_note)
        layout.addLayout(buttons)
        for box in boxes:
            box.textChanged.connect(lambda _text: self._update())
        _sized(self)
        (boxes[0] if boxes else self.ok_button).setFocus()
        self._update()

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        return label

    def _explanation(self) -> list[QWidget]:
        if self.action is PassphraseAction.REMOVE:
            return [
                _wrapped(
                    "Your reflections, notes and CPD records will be stored without "
                    "protection again: anyone who uses this computer will be able to open "
                    "this profile and read them."
                )
            ]
        what = _wrapped(
            "Your reflections, notes on your digital capabilities and CPD records are "
            "stored locked with this passphrase, so nobody can read them without it, "
            "even with a copy of Prism's files. Progress, quiz scores and your name stay "
            "readable, so the profile list and team summary still work."
        )
        # The one thing a learner must not miss, as a warning callout (not bold body text).
        warning = Callout(Tone.WARNING, "A forgotten passphrase cannot be reset", FORGOTTEN_WARNING)
        if self.action is PassphraseAction.PROTECT:
            copy = (
                "To be safe, export a copy first and keep it somewhere private: it can be "
                "imported again even if the passphrase is forgotten, and it is not "
                "protected, so treat it like a paper notebook."
            )
        else:
            copy = (
                "To be safe, export a copy first: it opens with the current passphrase, "
                "so it helps only while you still remember that one."
            )
        if self.action is PassphraseAction.PROTECT:
            backups = (
                "Backups Prism made before now hold earlier writing without this "
                "protection unless you tick the box below; copies saved outside Prism "
                "(exports, copies of the data folder) are not changed."
            )
        else:
            backups = (
                "Backups Prism made before now open with the old passphrase if you restore them."
            )
        return [what, warning, _wrapped(copy), muted(f"{GROUP_NOTES_NOTE} {backups}")]

    def _update(self) -> None:
        ready = True
        if self.action is not PassphraseAction.PROTECT:
            ready = bool(self.current.text())
        if self.action is not PassphraseAction.REMOVE:
            ready = ready and bool(self.new.text()) and bool(self.repeat.text())
        self.ok_button.setEnabled(ready and self.service.wait_seconds(self.profile.id) <= 0)

    def problem(self) -> str:
        """What stops the change, before anything is tried ('' if nothing)."""
        if self.action is PassphraseAction.REMOVE:
            return ""
        return self.service.new_passphrase_problem(self.new.text(), self.repeat.text())

    def apply(self) -> bool:
        """Make the change; True (and the dialog accepted) if it was made."""
        problem = self.problem()
        if problem:
            self._say(problem)
            self.new.setFocus()
            return False
        profile_id = self.profile.id
        try:
            with busy_cursor():
                if self.action is PassphraseAction.PROTECT:
                    self.service.protect(
                        profile_id, self.new.text(), self.repeat.text(), stay_unlocked=self.in_use
                    )
                elif self.action is PassphraseAction.CHANGE:
                    self.service.change(
                        profile_id, self.current.text(), self.new.text(), self.repeat.text()
                    )
                else:
                    self.service.remove(profile_id, self.current.text())
        except (WrongPassphraseError, TooSoonError) as error:
            self._say(str(error))
            self.current.selectAll()
            self.current.setFocus()
            if error.wait_seconds > 0:
                QTimer.singleShot(round(error.wait_seconds * 1000) + 50, self._update)
            self._update()
            return False
        except PassphraseError as error:
            self._say(str(error))
            return False
        self.done_message = _DONE[self.action].format(name=_quoted(self.profile.name))
        if self.action is PassphraseAction.PROTECT and self.protect_backups.isChecked():
            said = self._protect_backups(profile_id)
            self.done_message += f" {said}" if said else ""
        self.accept()
        return True

    def _protect_backups(self, profile_id: str) -> str:
        """Seal the profile's writing in earlier backups; the words for the done message."""
        from desktop.services.backups import BackupError

        was_unlocked = self.service.is_unlocked(profile_id)
        try:
            with busy_cursor():
                if not was_unlocked:
                    self.service.unlock(profile_id, self.new.text())
                report = self.services.backups.reseal_backups(profile_id)
                return report.message() if report.sealed or report.failed else ""
        except (BackupError, PassphraseError) as error:
            return f"Earlier backups could not be protected: {error}"
        finally:
            if not was_unlocked:
                self.service.lock(profile_id)

    def export_copy(self) -> None:
        if self._export is not None:
            written = self._export(self)
        else:
            from desktop.ui.profiles import archive_dialogs

            written = archive_dialogs.export_profile_flow(
                self, self.services, self.profile.id, self.profile.name
            )
        if written:
            self.export_note.setText(f"A copy was saved to {written}.")
            self.export_note.show()
            announce(self.export_note, self.export_note.text())

    def _say(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()  # room for the message: wrapped labels do not grow a dialog
        announce(self.message, text)

    def done(self, result: int) -> None:
        for box in (self.current, self.new, self.repeat):
            box.clear()
        super().done(result)


def _run(
    parent: QWidget | None,
    services: Services,
    profile: Profile,
    action: PassphraseAction,
    in_use: bool,
) -> str | None:
    dialog = PassphraseDialog(services, profile, action, parent, in_use=in_use)
    try:
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.done_message
        return None
    finally:
        dialog.deleteLater()


def protect_profile(
    parent: QWidget | None, services: Services, profile: Profile, *, in_use: bool = False
) -> str | None:
    """Ask for a new passphrase and protect the profile; what was done, or None."""
    return _run(parent, services, profile, PassphraseAction.PROTECT, in_use)


def change_passphrase(parent: QWidget | None, services: Services, profile: Profile) -> str | None:
    return _run(parent, services, profile, PassphraseAction.CHANGE, False)


def remove_passphrase(parent: QWidget | None, services: Services, profile: Profile) -> str | None:
    return _run(parent, services, profile, PassphraseAction.REMOVE, False)


# --------------------------------------------------------------------------- #
# Importing a protected archive
# --------------------------------------------------------------------------- #


class ArchivePassphraseDialog(QDialog):
    """The passphrase an import needs, with the reason the import gave."""

    def __init__(self, profile_name: str, why: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Passphrase for {profile_name}")
        self.setAccessibleName(self.windowTitle())
        self.passphrase = passphrase_box("Passphrase")
        label = QLabel("&Passphrase:")
        label.setBuddy(self.passphrase)
        self.ok_button = QPushButton("&Import")
        self.ok_button.setAccessibleName("Import")
        self.ok_button.setDefault(True)
        self.ok_button.setEnabled(False)
        self.ok_button.clicked.connect(self.accept)
        cancel = QPushButton("Cancel")
        cancel.setAccessibleName("Cancel")
        cancel.clicked.connect(self.reject)
        self.passphrase.textChanged.connect(lambda text: self.ok_button.setEnabled(bool(text)))
        form = QFormLayout()
        form.addRow(label, self.passphrase)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.ok_button)
        buttons.addWidget(cancel)
        layout = QVBoxLayout(self)
        self.why = _wrapped(why)
        layout.addWidget(self.why)
        layout.addLayout(form)
        layout.addWidget(show_typing_box([self.passphrase]))
        layout.addLayout(buttons)
        _sized(self)
        self.passphrase.setFocus()


def ask_archive_passphrase(parent: QWidget | None, profile_name: str, why: str) -> str | None:
    """The passphrase typed for an import, or None if the learner cancels."""
    dialog = ArchivePassphraseDialog(profile_name, why, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        text = dialog.passphrase.text()
        dialog.passphrase.clear()
        return text
    finally:
        dialog.deleteLater()


# --------------------------------------------------------------------------- #
# The one-time note about unprotected profiles
# --------------------------------------------------------------------------- #


class PrivacyNotice(QFrame):
    """A quiet bar (not a dialog) saying, once per profile, that its text is readable."""

    protect_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.text = _wrapped("")
        self.text.setAccessibleDescription("Privacy note")
        self.protect_button = QPushButton("Protect with a pass&phrase…")
        self.protect_button.setAccessibleName("Protect with a passphrase")
        self.protect_button.clicked.connect(self.protect_requested)
        # Alt+I: Alt+G is the Go menu. The name is the visible text.
        self.dismiss_button = QPushButton("Got &it, hide this note")
        self.dismiss_button.clicked.connect(self.hide)
        row = QHBoxLayout(self)
        row.addWidget(self.text, 1)
        row.addWidget(self.protect_button)
        row.addWidget(self.dismiss_button)
        self.hide()

    def show_for(self, profile_name: str) -> None:
        message = (
            f"{UNPROTECTED_NOTICE} To keep them private, give {_quoted(profile_name)} a "
            "passphrase. This note is shown once."
        )
        self.text.setText(message)
        self.show()
        announce(self.text, message)

    def clear(self) -> None:
        self.text.setText("")
        self.hide()
