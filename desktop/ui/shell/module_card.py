"""A module on the home page as a card: number and title, status tag, progress through
its steps, time and best score, and the one next thing to do.

What to do next is worked out here from the module's status (plain rules, tested in
``tests/ui/test_home_dashboard.py``): start reading, carry on reading, take the quiz,
play the scenario, or look back over a finished module.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QLabel, QPushButton

from desktop.services.reading import ModuleStatus
from desktop.ui.design.components import Card, paint_bar, paint_pill, secondary_button
from desktop.ui.design.tokens import (
    SPACE_L,
    SPACE_S,
    STATUS_WORDS,
    TYPE_SMALL,
    Status,
    status_label,
)
from desktop.ui.style import heading, muted


@dataclass(frozen=True)
class NextStep:
    """The card's action: its words and where it goes."""

    text: str
    target: str


def module_state(status: ModuleStatus, has_scenario: bool) -> Status:
    """The tag a module shows."""
    if not status.available:
        return Status.UNAVAILABLE
    if not status.started and status.quiz_attempts == 0:
        return Status.NOT_STARTED
    if status.quiz_passed and status.read and (status.scenario_done or not has_scenario):
        return Status.COMPLETE
    if status.quiz_passed:
        return Status.PASSED
    return Status.IN_PROGRESS


def steps_done(status: ModuleStatus, has_scenario: bool) -> tuple[int, int]:
    """(done, total) of the module's steps: read, pass the quiz, and play the scenario."""
    steps = [status.read, status.quiz_passed]
    if has_scenario:
        steps.append(status.scenario_done)
    return sum(steps), len(steps)


def next_step(status: ModuleStatus, has_scenario: bool) -> NextStep | None:
    """What the learner would do next in this module, or None if it cannot be opened."""
    if not status.available:
        return None
    mid = status.module_id
    if not status.started:
        return NextStep("&Start reading", f"module:{mid}")
    if not status.read:
        return NextStep("&Continue reading", f"module:{mid}")
    if not status.quiz_passed:
        again = status.quiz_attempts > 0
        return NextStep("&Try the quiz again" if again else "&Take the quiz", f"quiz:{mid}")
    if has_scenario and not status.scenario_done:
        return NextStep("&Play the scenario", f"scenario:{mid}")
    return NextStep("&Look back over it", f"module:{mid}")


class ModuleCard(Card):
    """One module; ``navigate`` carries the target of its action ("quiz:<id>", …).

    Eight or more of these are built at every launch, so a card is five widgets, not
    twelve: the kicker ("Module 3"), the status tag and the progress bar are painted by
    the card itself (with the design system's own painters), and what they say is in
    the card's accessible description. Only the title, summary, meta line and button
    are widgets.
    """

    navigate = Signal(str)

    def __init__(
        self, kicker: str, status: ModuleStatus, has_scenario: bool, origin: str = ""
    ) -> None:
        """``kicker``: the small line above the title, "Module 3" or the pack's name;
        ``origin``: where a pack's module comes from ("version 1.0 · from …")."""
        super().__init__(name=f"{kicker}: {status.title}")
        self.kicker = kicker
        self.origin = origin
        self.module_id = status.module_id
        self.status = status
        self.state = module_state(status, has_scenario)
        self.step = next_step(status, has_scenario)
        self.done, self.total = steps_done(status, has_scenario)

        self.title = heading(status.title, 3)
        self.body.addWidget(self.title)
        self.summary = QLabel(status.summary if status.available else status.reason)
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.body.addWidget(self.summary)
        self.meta = muted(self._meta_text())
        self.body.addWidget(self.meta)
        self.body.addStretch(1)

        self.action: QPushButton | None = None
        if self.step is not None:
            button = secondary_button(self.step.text)
            button.setAccessibleName(f"{button.text().replace('&', '')}: {status.title}")
            button.clicked.connect(lambda: self.navigate.emit(self.step.target))
            self.body.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
            self.action = button
        self.setToolTip(f"{kicker}: {status.title}")
        self.setAccessibleDescription(self.summary_text())
        self._fit_top_band()

    @property
    def tag_text(self) -> str:
        """ "✓ Quiz passed": what the tag shows."""
        return status_label(self.state)

    @property
    def progress_text(self) -> str:
        return f"{self.done} of {self.total} steps"

    def _meta_text(self) -> str:
        if not self.status.available:
            return "Fix the module's files, then run prism content check."
        parts = [self.origin] if self.origin else []
        parts.append(f"About {self.status.minutes} min")
        if self.status.quiz_summary:
            parts.append(self.status.quiz_summary)
        return " · ".join(parts)

    def summary_text(self) -> str:
        """The card in one line, as a screen reader's description and for tests:
        "Quiz passed · 2 of 3 steps · About 40 min · best quiz score 100% (2 attempts)"."""
        parts = [STATUS_WORDS[self.state]]
        if self.status.available:
            parts.append(self.progress_text)
        parts.append(self.meta.text())
        return " · ".join(parts)

    # Painted parts ------------------------------------------------------------------

    def tag_font(self) -> QFont:
        font = QFont(self.font())
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * TYPE_SMALL)
        return font

    def _fit_top_band(self) -> None:
        """Room above the title for the kicker and the tag, at the current text size."""
        band = max(self.fontMetrics().height(), QFontMetrics(self.tag_font()).height() + 4)
        self.body.setContentsMargins(SPACE_L, SPACE_L + band + SPACE_S, SPACE_L, SPACE_L)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_top_band()

    def tag_rect(self) -> QRectF:
        metrics = QFontMetrics(self.tag_font())
        width = metrics.horizontalAdvance(self.tag_text) + 2 * SPACE_S
        height = metrics.height() + 4
        return QRectF(self.width() - SPACE_L - width, SPACE_L, width, height)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        tag = self.tag_rect()
        painter.setFont(self.tag_font())
        paint_pill(painter, tag, tag, self.state, self.tag_text)
        painter.setFont(self.font())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        kicker = QRectF(SPACE_L, SPACE_L, tag.left() - SPACE_L - SPACE_S, tag.height())
        elided = self.fontMetrics().elidedText(
            self.kicker, Qt.TextElideMode.ElideRight, int(kicker.width())
        )
        painter.drawText(kicker, int(Qt.AlignmentFlag.AlignVCenter), elided)
        if self.action is not None and self.status.available:
            self._paint_progress(painter)

    def _paint_progress(self, painter: QPainter) -> None:
        """The steps bar and its words, to the right of the action button."""
        button = self.action.geometry()
        words = self.progress_text
        words_width = self.fontMetrics().horizontalAdvance(words)
        right = self.width() - SPACE_L
        left = button.right() + SPACE_L
        bar_width = right - left - SPACE_S - words_width
        if bar_width < 40:  # too narrow beside the button: the words alone
            bar_width = 0
        height = max(8, self.fontMetrics().height() // 2)
        middle = button.center().y()
        if bar_width:
            bar = QRectF(left, middle - height / 2, bar_width, height)
            paint_bar(painter, bar, self.done / max(self.total, 1), self.palette())
        painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
        text = QRectF(right - words_width, button.top(), words_width, button.height())
        painter.drawText(text, int(Qt.AlignmentFlag.AlignVCenter), words)
