"""A keyboard-only user for UI tests: keys go to the window, as a real keyboard's do.

Keys are sent to ``window.windowHandle()`` so Qt routes them as it routes real
key presses: to the focused widget, and through shortcuts and mnemonics (which
never fire for keys sent straight to a widget). Nothing here clicks or calls the
window's methods.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.a11y_sweep import accessible_name

Key = Qt.Key
Mod = Qt.KeyboardModifier


class KeyboardUser:
    def __init__(self, qtbot, window: QWidget) -> None:
        self.qtbot = qtbot
        self.window = window

    def _target(self):
        # Dialogs are windows of their own: keys go to whichever window is active.
        active = QApplication.activeWindow() or self.window
        return active.windowHandle()

    def press(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Mod.NoModifier) -> None:
        QTest.keyClick(self._target(), key, modifier)

    def type(self, text: str) -> None:
        for character in text:
            if character == " ":
                key, modifier = Key.Key_Space, Mod.NoModifier
            else:
                key = Qt.Key(ord(character.upper()))
                modifier = Mod.ShiftModifier if character.isupper() else Mod.NoModifier
            QTest.sendKeyEvent(QTest.KeyAction.Click, self._target(), key, character, modifier)

    @property
    def focus(self) -> QWidget | None:
        return QApplication.focusWidget()

    def focus_name(self) -> str:
        widget = self.focus
        return accessible_name(widget) if widget is not None else ""

    def tab_to(self, wanted: Callable[[QWidget], bool], limit: int = 60) -> QWidget:
        """Press Tab until the focused widget is ``wanted``; fail if Tab never gets there."""
        for _ in range(limit):
            if self.focus is not None and wanted(self.focus):
                return self.focus
            self.press(Key.Key_Tab)
        raise AssertionError(f"Tab never reached the control (last focus: {self.focus_name()!r})")

    def tab_to_named(self, name: str, limit: int = 60) -> QWidget:
        return self.tab_to(lambda w: accessible_name(w) == name, limit)

    def tab_cycle(self, limit: int = 200) -> list[QWidget]:
        """Every widget focus visits while Tab goes once round the window."""
        seen: list[QWidget] = []
        previous = self.focus
        for _ in range(limit):
            self.press(Key.Key_Tab)
            widget = self.focus
            if widget is None:
                break
            # Back at the first control, arriving from another one: a full round.
            # (Tab also steps through links inside a text browser without leaving it.)
            if seen and widget is seen[0] and previous is not widget:
                break
            if widget not in seen:
                seen.append(widget)
            previous = widget
        return seen

    def arrow_through(self, start: QWidget, limit: int = 12) -> list[QWidget]:
        """Tab to ``start``, then press Down and Up: what the arrow keys visit (a button group)."""
        self.tab_to(lambda w: w is start)
        seen = [start]
        for key in (Key.Key_Down, Key.Key_Up):
            for _ in range(limit):
                self.press(key)
                if self.focus not in seen:
                    seen.append(self.focus)
        return seen
