"""Enter presses the focused button everywhere, not only in dialogs.

Qt presses a focused push button with Space; Enter only when the button is
"auto-default", which Qt turns on by itself only inside dialogs. In the main window
Enter on "Reflect on this module" or "Continue" did nothing (or was taken by the page
for something else), though docs/accessibility.md says Enter and Space work alike.
So each push button outside a dialog is made auto-default when it first takes focus:
its own key handler then presses it on Enter, before any page sees the key. Watching
focus changes costs nothing per event, unlike an application-wide event filter.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QDialog, QPushButton, QWidget


def _make_enter_press(_old: QWidget | None, new: QWidget | None) -> None:
    # Dialogs keep their own default-button rules.
    if (
        isinstance(new, QPushButton)
        and not new.autoDefault()
        and not isinstance(new.window(), QDialog)
    ):
        new.setAutoDefault(True)


_installed = False


def install_enter_presses_buttons() -> None:
    """Watch focus once for the whole application (safe to call again)."""
    global _installed
    app = QApplication.instance()
    if _installed or not isinstance(app, QApplication):
        return
    _installed = True
    app.focusChanged.connect(_make_enter_press)
