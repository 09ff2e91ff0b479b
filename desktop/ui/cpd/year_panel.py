"""The CPD page's year panel: days left, met or not and what to do next, drafts against
ready records, and standard 4's eight parts as tags.

A practitioner renewing by 30 November needs three answers fast: how many days are
left, whether the year's minimum is met (two different pieces of CPD, one with a peer
reflection), and what to do next. The answer to the second is a callout in the success
tone when met and the warning tone when not, its text the next steps; the records are
counted as status tags (ready, draft) so a draft that does not count yet is seen as one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFocusEvent, QFont, QPainter, QPaintEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QStyleOptionFocusRect,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.progress_text import days_left_text, peer_progress, records_progress
from desktop.cpd.requirements import STANDARD_4_PARTS
from desktop.services.startup import Services
from desktop.ui.design.components import Callout, Card, StatusTag, paint_pill
from desktop.ui.design.flow_layout import FlowLayout
from desktop.ui.design.tokens import (
    SPACE_L,
    SPACE_S,
    SPACE_XS,
    STATUS_SYMBOLS,
    TYPE_SMALL,
    Status,
    Tone,
)
from desktop.ui.style import FONT_SCALE_PROPERTY, heading, muted, scale_font

if TYPE_CHECKING:
    from desktop.cpd.requirements import YearCheck

DAYS_SCALE = 2.2  # days left is the one number everyone looks for first
HEADING_SCALE = 1.6  # what style.heading() applies to a level-1 heading


class StandardChip(QLabel):
    """One part of standard 4 as a status tag: "✓ 4.1" (covered) or "○ 4.2" (not yet).

    The symbol and the accessible name say it; the tag's tone repeats it in colour.
    What the part says was a tooltip only, which no keyboard reaches: each chip is a
    Tab stop, its words are its accessible description, and on focus it draws a ring
    and sends its words (``explained``) for the tracker to show under the chips. (A
    tooltip shown on focus would vanish at once: Qt hides tooltips on the Tab key's
    release.)
    """

    explained = Signal(str)  # the words on focus, "" when focus leaves

    def __init__(self, number: str, words: str) -> None:
        super().__init__()
        self.number = number
        self.words = words
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setContentsMargins(SPACE_S, SPACE_XS // 2, SPACE_S, SPACE_XS // 2)
        scale_font(self, TYPE_SMALL, bold=False)
        explanation = f"{number}: {words}" if words else number
        self.setToolTip(explanation)
        self.setAccessibleDescription(explanation)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.set_covered(False)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.explained.emit(self.toolTip())
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.explained.emit("")
        self.update()

    @property
    def status(self) -> Status:
        return Status.COMPLETE if self.covered else Status.NOT_STARTED

    def set_covered(self, covered: bool) -> None:
        self.covered = covered
        self.setText(f"{STATUS_SYMBOLS[self.status]} {self.number}")
        state = "covered" if covered else "not covered yet"
        self.setAccessibleName(f"Standard {self.number}: {state}")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        paint_pill(painter, QRectF(self.rect()), self.contentsRect(), self.status, self.text())
        if self.hasFocus():
            option = QStyleOptionFocusRect()
            option.initFrom(self)
            self.style().drawPrimitive(
                QStyle.PrimitiveElement.PE_FrameFocusRect, option, painter, self
            )


class YearTracker(Card):
    """The chosen registration year: days left, the minimums, standard 4 and what to do."""

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        catalogue = {s.number: (s.text or s.group_heading) for s in services.course.standards}
        self.year_title = heading("", 2)
        self.year_range = QLabel()
        self.days = heading("")
        # Larger than a heading; the property lets a later text-size change rescale it too.
        self.days.setProperty(FONT_SCALE_PROPERTY, DAYS_SCALE)
        big, ratio = QFont(self.days.font()), DAYS_SCALE / HEADING_SCALE
        if big.pointSizeF() > 0:
            big.setPointSizeF(big.pointSizeF() * ratio)
        else:
            big.setPixelSize(round(big.pixelSize() * ratio))
        self.days.setFont(big)
        self.deadline = muted("")

        # Met or not, and what to do next: one callout whose tone says which.
        self.status = Callout(Tone.WARNING, "")
        self.advice_title = self.status.title
        self.advice = self.status.text
        self.advice.setAccessibleDescription("What needs attention")

        self.records = muted("")  # the count in words, beside the tags
        self.ready_tag = StatusTag(Status.READY)
        self.draft_tag = StatusTag(Status.DRAFT)
        self.peer = QLabel()
        self.peer.setWordWrap(True)
        self.time = QLabel()
        self.chips: dict[str, StandardChip] = {}
        chips_row = FlowLayout(spacing=SPACE_XS)  # wraps at large text sizes
        for number in STANDARD_4_PARTS:
            chip = StandardChip(number, catalogue.get(number, ""))
            self.chips[number] = chip
            chips_row.addWidget(chip)
        # The focused chip's words, for a keyboard user (a mouse has the tooltip).
        self.chip_words = QLabel()
        self.chip_words.setWordWrap(True)
        self.chip_words.setTextFormat(Qt.TextFormat.PlainText)
        self.chip_words.hide()
        for chip in self.chips.values():
            chip.explained.connect(self._explain_chip)
        self.standards_text = muted("")

        left = QVBoxLayout()
        left.addWidget(self.year_title)
        left.addWidget(self.year_range)
        left.addSpacing(SPACE_S)
        left.addWidget(self.days)
        left.addWidget(self.deadline)
        left.addStretch(1)

        tags = QHBoxLayout()
        tags.setSpacing(SPACE_S)
        tags.addWidget(self.ready_tag)
        tags.addWidget(self.draft_tag)
        tags.addWidget(self.records, 1)
        facts = QGridLayout()
        facts.setColumnStretch(1, 1)
        facts.setHorizontalSpacing(SPACE_L)
        records_label = QLabel("Records this year:")
        records_label.setBuddy(self.records)
        facts.addWidget(records_label, 0, 0)
        facts.addLayout(tags, 0, 1)
        for row, (name, value) in enumerate(
            (("Peer reflection:", self.peer), ("Time in records:", self.time)), start=1
        ):
            label = QLabel(name)
            label.setBuddy(value)
            facts.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            facts.addWidget(value, row, 1)
        facts.addWidget(QLabel("Standard 4:"), 3, 0, Qt.AlignmentFlag.AlignTop)
        chips_box = QVBoxLayout()
        chips_box.setSpacing(SPACE_XS)
        chips_box.addLayout(chips_row)
        chips_box.addWidget(self.chip_words)
        chips_box.addWidget(self.standards_text)
        facts.addLayout(chips_box, 3, 1)

        right = QVBoxLayout()
        right.setSpacing(SPACE_S)
        right.addWidget(self.status)
        right.addLayout(facts)
        columns = QHBoxLayout()
        columns.addLayout(left, 2)
        columns.addSpacing(SPACE_L)
        columns.addLayout(right, 5)
        self.body.addLayout(columns)

    def _explain_chip(self, words: str) -> None:
        self.chip_words.setText(words)
        self.chip_words.setVisible(bool(words))

    def show_check(self, check: YearCheck, is_current: bool) -> None:
        year = check.year
        self.year_title.setText(f"Registration year {year.label}")
        self.year_range.setText(f"{format_date_uk(year.start)} to {format_date_uk(year.end)}")
        self.days.setText(days_left_text(check, is_current))
        if is_current and check.days_to_deadline >= 0:
            self.deadline.setText(
                f"to submit your CPD by 23:59 on {format_date_uk(year.deadline)} in your "
                "Social Work England online account"
            )
        else:
            self.deadline.setText("A past year: you can still look at and export its records.")
        self.records.setText(records_progress(check))
        ready = check.count - check.draft_count
        # No tick on "0 ready": the tag is ticked only when something is ready.
        self.ready_tag.set_status(Status.READY if ready else Status.NOT_STARTED, f"{ready} ready")
        self.draft_tag.set_status(
            Status.DRAFT, f"{check.draft_count} draft{'s' if check.draft_count != 1 else ''}"
        )
        self.draft_tag.setVisible(check.draft_count > 0)
        if check.has_peer:
            self.peer.setText("Yes ✓")
        elif check.draft_peer_count:
            # Only a ready record meets the year: a peer reflection in a draft waits.
            self.peer.setText("In a draft: it counts once that record is marked ready")
        else:
            self.peer.setText("Not yet: at least one record needs one")
        self.time.setText(
            format_minutes(check.total_minutes) if check.total_minutes else "None yet"
        )
        for number, chip in self.chips.items():
            chip.set_covered(number in check.standards_covered)
        covered = len(check.standards_covered)
        total = len(check.rules.standard_parts)
        self.standards_text.setText(
            f"{covered} of {total} parts covered. Aim to show all eight across the year; "
            "tick them under ‘Professional standards’ in each record."
            if covered < total
            else "All eight parts covered ✓"
        )
        self._show_status(check, is_current)
        self.setAccessibleName(
            f"Registration year {year.label}: {self.days.text()}, {records_progress(check)}, "
            f"{peer_progress(check)}"
        )

    def _show_status(self, check: YearCheck, is_current: bool) -> None:
        """Met or not as a callout: success or warning, its text what to do next."""
        notes = [*check.shortfalls, *check.warnings]
        steps = "\n".join(f"• {n}" for n in notes)
        if check.met:
            title = "This year's minimum is met" if is_current else "This year's minimum was met"
            tone = Tone.SUCCESS
            if notes:  # met, but something still wants a look (a duplicate, a misdated record)
                text = "Also worth a look:\n" + steps
            elif is_current:
                text = "Submit your records in your online account before the deadline."
            else:
                text = ""
        else:
            title = (
                "Not met yet: what to do next" if is_current else "This year's minimum was not met"
            )
            text, tone = steps, Tone.WARNING
        self.status.set_message(title, text, tone=tone)
