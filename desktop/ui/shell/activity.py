"""Watches the learner's input across the whole app and turns it into study time.

``ActivityMonitor`` is an application-wide event filter: each key press, mouse
press, wheel turn or scroll tells the study-time service that the learner is
active in whatever the window says they are studying (its ``context`` callable).
It never consumes an event, and it does almost nothing per event: at most one call
to the service per second, because a second's precision is plenty for CPD hours.
Unsaved time is written every 30 seconds and when the monitor stops, so a crash
loses at most half a minute.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer

from desktop.services.study_time import StudyTimeService
from desktop.store.clock import Clock, system_clock
from desktop.store.errors import StoreError

__all__ = ["FLUSH_INTERVAL_MS", "ActivityMonitor", "StudyContextSource"]

logger = logging.getLogger(__name__)

FLUSH_INTERVAL_MS = 30_000
_THROTTLE = timedelta(seconds=1)
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.Wheel,
        QEvent.Type.Scroll,
    }
)

StudyContextSource = Callable[[], tuple[str, str, str] | None]
"""Returns (profile id, module id, section anchor) while studying, else None."""


class ActivityMonitor(QObject):
    """Feeds user input to ``StudyTimeService`` while the learner is studying."""

    def __init__(
        self,
        study_time: StudyTimeService,
        context: StudyContextSource,
        parent: QObject | None = None,
        *,
        clock: Clock = system_clock,
        flush_interval_ms: int = FLUSH_INTERVAL_MS,
    ) -> None:
        super().__init__(parent)
        self._study_time = study_time
        self._context = context
        self._clock = clock
        self._last_noted: datetime | None = None
        self._studying = False
        self._running = False
        self.timer = QTimer(self)
        self.timer.setInterval(flush_interval_ms)
        self.timer.timeout.connect(self.flush)

    @property
    def running(self) -> bool:
        return self._running

    def start(self) -> None:
        """Begin watching input (idempotent)."""
        if self._running:
            return
        app = QCoreApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.timer.start()
        self._running = True

    def stop(self) -> None:
        """Stop watching: the current spell ends now and everything is written."""
        if self._running:
            app = QCoreApplication.instance()
            if app is not None:
                app.removeEventFilter(self)
            self.timer.stop()
            self._running = False
        self._study_time.leave(self._clock())
        self._studying = False
        self._last_noted = None
        self.flush()

    def flush(self) -> None:
        """Write unsaved study time; a store problem is logged and retried next time."""
        try:
            self._study_time.flush()
        except StoreError as error:
            logger.warning("Study time not saved yet (%s); will try again", error.message)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT_EVENTS:
            self.note_activity()
        return False  # only watching; the event carries on as usual

    def note_activity(self) -> None:
        """Tell the service the learner did something now (throttled to once a second)."""
        now = self._clock()
        if self._last_noted is not None and timedelta(0) <= now - self._last_noted < _THROTTLE:
            return
        self._last_noted = now
        where = self._context()
        if where is None:
            if self._studying:
                self._study_time.leave(now)
                self._studying = False
            return
        profile_id, module_id, section = where
        self._study_time.activity(profile_id, module_id, section, at=now)
        self._studying = True
