"""A module on the home page as a card: number and title, status tag, progress through
its steps, time and best score, and the one next thing to do.

What to do next is worked out here from the module's status (plain rules, tested in
``tests/ui/test_home_dashboard.py``): start reading, carry on reading, take the quiz,
play the scenario, or look back over a finished module.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy

from desktop.services.reading import ModuleStatus
from desktop.ui.design.components import Card, paint_bar, paint_pill, secondary_button
from desktop.ui.design.tokens import (
    CARD_MIN_WIDTH_EM,
    SPACE_L,
    SPACE_M,
    SPACE_S,
    SPACE_XS,
    STATUS_WORDS,
    TYPE_SMALL,
    TYPE_TITLE,
    Status,
    status_label,
)


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

    Eight or more of these are built at every launch, and every widget costs start-up
    time (its events pass every application-wide filter), so a card is two widgets: the
    card paints its kicker ("Module 3"), status tag, title, summary, meta line and
    steps bar itself (with the design system's painters and the type scale), and its
    one action is a real button. What the card shows is its accessible name and
    description, and the button's description, so a screen reader that tabs to the
    action hears the whole card.
    """

    navigate = Signal(str)

    def __init__(
        self, kicker: str, status: ModuleStatus, has_scenario: bool, origin: str = ""
    ) -> None:
        """``kicker``: the small line above the title, "Module 3" or the pack's name;
        ``origin``: where a pack's module comes from ("version 1.0 · from …")."""
        super().__init__(name=f"{kicker}: {status.title}", with_body=False)
        self.kicker = kicker
        self.origin = origin
        self.module_id = status.module_id
        self.status = status
        self.state = module_state(status, has_scenario)
        self.step = next_step(status, has_scenario)
        self.done, self.total = steps_done(status, has_scenario)
        self.title_text = status.title
        self.summary = status.summary if status.available else status.reason
        self.meta_text = self._meta_text()
        self._blocks_at: tuple[tuple[int, str], list] | None = None
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

        self.action: QPushButton | None = None
        if self.step is not None:
            button = secondary_button(self.step.text, self)
            button.setAccessibleName(f"{button.text().replace('&', '')}: {status.title}")
            button.setAccessibleDescription(self.summary_text())
            button.clicked.connect(lambda: self.navigate.emit(self.step.target))
            self.action = button
        self.setToolTip(f"{kicker}: {status.title}")
        self.setAccessibleDescription(f"{self.summary_text()}. {self.summary}")

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
        parts.append(self.meta_text)
        return " · ".join(parts)

    # Fonts and geometry -------------------------------------------------------------

    def tag_font(self) -> QFont:
        return _scaled(self.font(), TYPE_SMALL)

    def title_font(self) -> QFont:
        font = _scaled(self.font(), TYPE_TITLE)
        font.setBold(True)
        return font

    def _band(self) -> int:
        """The height of the top line: the kicker beside the tag."""
        return max(self.fontMetrics().height(), QFontMetrics(self.tag_font()).height() + 4)

    def _blocks(self, width: int) -> list[tuple[QFont, str, int, QPalette.ColorRole]]:
        """Title, summary and meta: font, text, wrapped height and colour, at ``width``.

        Layouts ask a card's height at a width many times while they settle, so the
        answer is kept for the last width and font (wrapping text is not free).
        """
        key = (width, self.font().key())
        if self._blocks_at is not None and self._blocks_at[0] == key:
            return self._blocks_at[1]
        inner = max(10, width - 2 * SPACE_L)
        blocks = []
        for font, text, role in (
            (self.title_font(), self.title_text, QPalette.ColorRole.WindowText),
            (self.font(), self.summary, QPalette.ColorRole.WindowText),
            (self.font(), self.meta_text, QPalette.ColorRole.PlaceholderText),
        ):
            box = QFontMetrics(font).boundingRect(0, 0, inner, 100_000, _WRAP, text)
            blocks.append((font, text, box.height(), role))
        self._blocks_at = (key, blocks)
        return blocks

    def _button_height(self) -> int:
        return self.action.sizeHint().height() if self.action is not None else 0

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        text = sum(height for _font, _text, height, _role in self._blocks(width))
        button = self._button_height()
        gaps = SPACE_S + 2 * SPACE_XS + (SPACE_M if button else 0)
        return 2 * SPACE_L + self._band() + gaps + text + button

    def sizeHint(self) -> QSize:
        width = self.fontMetrics().horizontalAdvance("M") * CARD_MIN_WIDTH_EM
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().horizontalAdvance("M") * 12, 0)

    def title_rect(self) -> QRectF:
        """Where the title is drawn (below the kicker and the tag)."""
        top = SPACE_L + self._band() + SPACE_S
        height = self._blocks(self.width())[0][2]
        return QRectF(SPACE_L, top, self.width() - 2 * SPACE_L, height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.action is not None:
            hint = self.action.sizeHint()
            top = self.height() - SPACE_L - hint.height()
            self.action.setGeometry(SPACE_L, top, hint.width(), hint.height())

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.updateGeometry()

    def tag_rect(self) -> QRectF:
        metrics = QFontMetrics(self.tag_font())
        width = metrics.horizontalAdvance(self.tag_text) + 2 * SPACE_S
        height = metrics.height() + 4
        return QRectF(self.width() - SPACE_L - width, SPACE_L, width, height)

    # Painting -------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        palette = self.palette()
        tag = self.tag_rect()
        painter.setFont(self.tag_font())
        paint_pill(painter, tag, tag, self.state, self.tag_text)
        painter.setFont(self.font())
        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
        kicker = QRectF(SPACE_L, SPACE_L, tag.left() - SPACE_L - SPACE_S, tag.height())
        elided = self.fontMetrics().elidedText(
            self.kicker, Qt.TextElideMode.ElideRight, int(kicker.width())
        )
        painter.drawText(kicker, int(Qt.AlignmentFlag.AlignVCenter), elided)
        top = SPACE_L + self._band() + SPACE_S
        inner = self.width() - 2 * SPACE_L
        for index, (font, text, height, role) in enumerate(self._blocks(self.width())):
            painter.setFont(font)
            painter.setPen(palette.color(role))
            painter.drawText(QRectF(SPACE_L, top, inner, height), _WRAP, text)
            top += height + (SPACE_XS if index < 2 else 0)
        if self.action is not None and self.status.available:
            painter.setFont(self.font())
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


_WRAP = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


def _scaled(font: QFont, scale: float) -> QFont:
    scaled = QFont(font)
    if scaled.pointSizeF() > 0:
        scaled.setPointSizeF(scaled.pointSizeF() * scale)
    else:
        scaled.setPixelSize(round(scaled.pixelSize() * scale))
    return scaled
