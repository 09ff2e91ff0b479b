"""Autosave timing for free writing: soon after a pause, and regularly during a long burst.

A debounce alone would never save while someone types without stopping, so a second
timer caps how long a change can wait. With the defaults, at most about 0.7 s of typing
is unsaved at any moment, inside the promise that no more than a second is at risk.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

DEBOUNCE_MS = 400
"""Save this long after the last keystroke."""

MAX_WAIT_MS = 700
"""...and never let a change wait longer than this, however fast the typing."""


class Autosaver(QObject):
    """Calls ``save`` after changes stop for ``debounce_ms``, or ``max_wait_ms`` after the
    first unsaved change, whichever comes first; ``flush`` saves at once."""

    def __init__(
        self,
        save: Callable[[], None],
        parent: QObject | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
        max_wait_ms: int = MAX_WAIT_MS,
    ) -> None:
        super().__init__(parent)
        self._save = save
        self._debounce = QTimer(self, singleShot=True, interval=debounce_ms)
        self._deadline = QTimer(self, singleShot=True, interval=max_wait_ms)
        self._debounce.timeout.connect(self.flush)
        self._deadline.timeout.connect(self.flush)

    @property
    def pending(self) -> bool:
        """True while a change is waiting to be saved."""
        return self._debounce.isActive() or self._deadline.isActive()

    def changed(self) -> None:
        """Note a change: restart the pause timer; start the deadline if not running."""
        self._debounce.start()
        if not self._deadline.isActive():
            self._deadline.start()

    def flush(self) -> None:
        """Save now if anything is waiting."""
        if not self.pending:
            return
        self.cancel()
        self._save()

    def cancel(self) -> None:
        """Forget the waiting change (the caller has saved or discarded it)."""
        self._debounce.stop()
        self._deadline.stop()
