"""Lock Prism after some minutes without use, like a screen lock for one profile.

``IdleLock`` watches the whole application's input (keys, mouse, wheel, touch) through
an event filter and, on a timer, asks whether the open profile has been left alone for
the set number of minutes (default 10; 0 means never). When it has, any open dialog is
closed first (Cancel), then the window's ``lock(idle=True)`` runs: everything typed is
saved, every page is cleared, the keys are forgotten and the profile list is shown.

The clock is injectable (``clock``), so a test moves time on and calls ``check()``
instead of waiting. A running team session is never interrupted: the facilitator's
projector view is not personal, and a room discussing a case does not touch the laptop.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QProgressDialog

INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.HoverMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TouchUpdate,
        QEvent.Type.TabletPress,
        QEvent.Type.InputMethod,
    }
)
"""What counts as someone using the computer."""

CHECK_EVERY_MS = 5_000
_AFTER_CLOSING_DIALOGS_MS = 250
_CLOSING_TRIES = 3  # a dialog that will not close does not keep the profile open


class Lockable(Protocol):
    """What the idle lock needs of the window."""

    def may_idle_lock(self) -> bool: ...

    def lock(self, *, idle: bool = False) -> bool: ...


class IdleLock(QObject):
    """Calls ``window.lock(idle=True)`` after ``minutes`` without input (0 = never)."""

    def __init__(
        self,
        window: Lockable,
        minutes: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        check_every_ms: int = CHECK_EVERY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window = window
        self._clock = clock
        self._minutes = max(0, int(minutes))
        self._last_input = clock()
        self._closing = 0
        self._timer = QTimer(self)
        self._timer.setInterval(check_every_ms)
        self._timer.timeout.connect(self.check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    # Settings ---------------------------------------------------------------------------

    @property
    def minutes(self) -> int:
        return self._minutes

    def set_minutes(self, minutes: int) -> None:
        """Change the delay (0 = never lock); counts from now."""
        self._minutes = max(0, int(minutes))
        self.touch()

    @property
    def clock(self) -> Callable[[], float]:
        return self._clock

    @clock.setter
    def clock(self, clock: Callable[[], float]) -> None:
        """Use another clock (tests); the idle time counts from now on that clock."""
        self._clock = clock
        self.touch()

    # Watching -------------------------------------------------------------------------

    def touch(self) -> None:
        """Someone is here: start counting again."""
        self._last_input = self._clock()

    def idle_seconds(self) -> float:
        return max(0.0, self._clock() - self._last_input)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in INPUT_EVENTS:
            self._last_input = self._clock()
        return False

    def check(self) -> bool:
        """Lock now if the time has come; True if the window was locked."""
        if not self._minutes or not self._window.may_idle_lock():
            return False
        if self.idle_seconds() < self._minutes * 60:
            return False
        if self._closing < _CLOSING_TRIES and _close_dialogs():
            # Let each dialog's own event loop end before the window changes under it.
            self._closing += 1
            QTimer.singleShot(_AFTER_CLOSING_DIALOGS_MS, self.check)
            return False
        self._closing = 0
        return self._window.lock(idle=True)

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


def _close_dialogs() -> bool:
    """Cancel every open dialog (they may show personal text); True if any was open."""
    closed = False
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.isVisible():
            if isinstance(widget, QProgressDialog):
                continue  # work in progress (an import): it ends by itself
            widget.reject()
            closed = True
    return closed
