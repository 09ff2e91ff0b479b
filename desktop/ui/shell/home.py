"""The home dashboard: continue where you left off, how the year is going, and every module.

A practitioner opening Prism at 9 pm needs three answers at a glance: where was I,
am I on track for renewal, and is anything waiting for me. The summary cards answer
those; below them each module is a card with its status, progress and next step
(after Kolibri's learner home and Anki's deck list: status at a glance). The page
scrolls as one column and never sideways; the module cards sit two abreast when
there is room and one above the other at large text sizes.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import format_study_time
from desktop.services.dashboard import Dashboard
from desktop.services.reading import ModuleStatus
from desktop.services.startup import Services
from desktop.ui.cpd.year_tile import CpdYearTile
from desktop.ui.design.components import (
    Card,
    EmptyState,
    ProgressWithText,
    SectionHeader,
    primary_button,
    secondary_button,
)
from desktop.ui.design.tokens import CARD_MIN_WIDTH_EM, SPACE_L, SPACE_M, SPACE_XL
from desktop.ui.shell.module_card import ModuleCard
from desktop.ui.style import heading, muted

EAGER_CARDS = 4  # two rows: what a 1280x800 window shows before scrolling
# The rest are built once the page is up and taking input (~15 ms of work): sooner than
# anyone can scroll or Tab to them, later than the first key a learner presses.
LATER_CARDS_MS = 150


class Tile(Card):
    """A summary card: a small heading, a line of text, a note and an optional button."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = heading(title, 3)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.note = muted("")
        self.note.setWordWrap(True)
        self.body.addWidget(self.title)
        self.body.addWidget(self.text)
        self.body.addWidget(self.note)
        self.body.addStretch(1)


class CardGrid(QWidget):
    """Module cards in reading order: two columns when each gets 32 em, else one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(SPACE_L)
        self.grid.setVerticalSpacing(SPACE_L)
        self.cards: list[QWidget] = []
        self.columns = 0

    def set_cards(self, cards: list[QWidget]) -> None:
        for old in self.cards:
            self.grid.removeWidget(old)
            # Hidden now, deleted later: until the event loop deletes it, a card left
            # visible would still be laid out and painted under the new ones.
            old.hide()
            old.deleteLater()
        self.cards = list(cards)
        self.columns = 0
        # Before the page is first shown its width is Qt's default, not the window's:
        # guess from the window, so the cards are laid out once, not once and again.
        shown = self.isVisible()
        self._place(self._columns_for(self.width() if shown else self.window().width()))

    def add_cards(self, cards: list[QWidget]) -> None:
        """Place more cards after those already placed."""
        start = len(self.cards)
        self.cards += cards
        if not self.columns:
            shown = self.isVisible()
            self._place(self._columns_for(self.width() if shown else self.window().width()))
            return
        for index, card in enumerate(cards, start=start):
            self.grid.addWidget(card, index // self.columns, index % self.columns)

    def _columns_for(self, width: int) -> int:
        card = self.fontMetrics().horizontalAdvance("M") * CARD_MIN_WIDTH_EM
        return 2 if width >= 2 * card + SPACE_L else 1

    def _place(self, columns: int) -> None:
        if columns == self.columns:
            return
        self.columns = columns
        for card in self.cards:
            self.grid.removeWidget(card)
        for column in range(2):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)
        for index, card in enumerate(self.cards):
            self.grid.addWidget(card, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place(self._columns_for(event.size().width()))

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # a new text size: cards wider or narrower
            self._place(self._columns_for(self.width()))


class HomePage(QWidget):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.dashboard: Dashboard | None = None
        self.greeting = heading("")
        self.course_title = muted(services.course.title)
        self.continue_button = primary_button("")
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self._continue)
        self._resume_target = ""

        self.study_tile = Tile("Active study time")
        self.study_tile.setAccessibleName("Active study time")
        self.cpd_tile = CpdYearTile(services)
        self.cpd_tile.navigate.connect(self.navigate)
        self.refresh_tile = Tile("Refresh")
        self.refresh_button = QPushButton("Start the &refresh")
        self.refresh_button.clicked.connect(lambda: self.navigate.emit("refresh"))
        self.refresh_tile.body.addWidget(self.refresh_button, 0, Qt.AlignmentFlag.AlignLeft)
        tiles = QGridLayout()
        tiles.setHorizontalSpacing(SPACE_L)
        tiles.addWidget(self.study_tile, 0, 0)
        tiles.addWidget(self.cpd_tile, 0, 1)
        tiles.addWidget(self.refresh_tile, 0, 2)
        for column in range(3):
            tiles.setColumnStretch(column, 1)

        self.journal_button = secondary_button("Reflection &journal")
        self.journal_button.clicked.connect(lambda: self.navigate.emit("journal"))
        self.capabilities_button = secondary_button("Rate your digital &capabilities")
        self.capabilities_button.clicked.connect(lambda: self.navigate.emit("capabilities"))
        more = QHBoxLayout()
        more.addWidget(self.journal_button)
        more.addWidget(self.capabilities_button)
        more.addStretch(1)

        self.modules_header = SectionHeader("Modules")
        self.summary = self.modules_header.description
        self.summary.setVisible(True)
        self.course_progress = ProgressWithText()
        self.cards = CardGrid()
        self._cards: list[ModuleCard] = []
        self._pack_cards: list[ModuleCard] = []
        self._pending: list[tuple[str, ModuleStatus, bool, str]] = []
        # Modules from installed packs, in their own section under the pack's name and
        # origin, so a learner always knows which text is the national course and
        # which is their organisation's.
        self.pack_header = SectionHeader(
            "From your organisation", "Modules your organisation added as course packs."
        )
        self.pack_cards = CardGrid()
        self.pack_section = self.pack_header if services.course.packs else None
        self.pack_header.setVisible(self.pack_section is not None)
        self.pack_cards.setVisible(self.pack_section is not None)
        # Built only for a course with no module to show: almost no launch needs it.
        self.empty: EmptyState | None = None

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(SPACE_XL, SPACE_L, SPACE_XL, SPACE_XL)
        layout.setSpacing(SPACE_M)
        layout.addWidget(self.greeting)
        layout.addWidget(self.course_title)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addSpacing(SPACE_M)
        layout.addLayout(tiles)
        layout.addLayout(more)
        layout.addWidget(self.modules_header)
        layout.addWidget(self.course_progress)
        layout.addWidget(self.cards)
        layout.addWidget(self.pack_header)
        layout.addWidget(self.pack_cards)
        layout.addStretch(1)

        self.scroll = QScrollArea()
        self.scroll.setWidget(content)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The page shows through: no second fill of the window colour, and Qt then
        # paints the page itself before its content (a page hidden behind an opaque
        # viewport is never painted, so nothing could tell that home had been drawn).
        self.scroll.viewport().setAutoFillBackground(False)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # A Tab stop of its own, so Page Down scrolls the page from the keyboard.
        self.scroll.setAccessibleName("Home page, your modules and progress")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.scroll)

    def refresh(self, profile_id: str, profile_name: str) -> None:
        board = self.services.dashboard.summary(profile_id)
        self.dashboard = board
        self.greeting.setText(f"Welcome, {profile_name}")
        self.greeting.setAccessibleName(self.greeting.text())
        self._show_continue(board)
        self._show_study_time(board)
        self.cpd_tile.refresh(profile_id, board.cpd)
        self._show_refresh(board)
        self._show_modules(board)

    def first_action(self) -> QWidget:
        """Where focus goes when home opens: the first module's action, else Continue."""
        for card in self._cards:
            if card.action is not None:
                return card.action
        return self.continue_button

    def _show_continue(self, board: Dashboard) -> None:
        resume = board.resume
        if resume is None:
            first = self.services.course.modules[0] if self.services.course.modules else None
            self._resume_target = f"module:{first.id}" if first else ""
            self.continue_button.setText(
                f"&Start the course: {first.title}" if first else "No modules available"
            )
        else:
            self._resume_target = f"module:{resume.module_id}"
            self._set_continue_text(resume.module_title, resume.section_title)
        self.continue_button.setEnabled(bool(self._resume_target))

    def _set_continue_text(self, module_title: str, section: str | None) -> None:
        where = f" — {section}" if section else ""
        self.continue_button.setText(f"&Continue where you left off: {module_title}{where}")

    def _show_study_time(self, board: Dashboard) -> None:
        year = format_study_time(board.study_seconds_year)
        self.study_tile.text.setText(f"{year} this registration year ({board.year.label})")
        earlier = board.study_seconds_all - board.study_seconds_year
        total = f"{format_study_time(board.study_seconds_all)} in all. " if earlier >= 60 else ""
        self.study_tile.note.setText(
            f"{total}Time counts while you read, answer or reflect; "
            "a pause of more than 2 minutes is left out."
        )
        self.study_tile.setAccessibleDescription(
            f"{self.study_tile.text.text()}. {self.study_tile.note.text()}"
        )

    def _show_refresh(self, board: Dashboard) -> None:
        due = board.refresh_due
        if due:
            shown = min(due, 5)
            self.refresh_tile.text.setText(
                f"{due} question{'s' if due != 1 else ''} you missed "
                f"{'are' if due != 1 else 'is'} ready to try again."
            )
            self.refresh_tile.note.setText(
                f"A refresh set takes {shown} at a time and about {shown} minutes."
            )
        else:
            self.refresh_tile.text.setText("Nothing to refresh today.")
            self.refresh_tile.note.setText(
                "Questions you answer wrongly come back here on later days, "
                "at growing intervals, until they stick."
            )
        self.refresh_button.setVisible(due > 0)
        self.refresh_tile.setAccessibleName(
            f"Refresh: {self.refresh_tile.text.text()} {self.refresh_tile.note.text()}"
        )

    def _show_modules(self, board: Dashboard) -> None:
        course = self.services.course
        packs = course.packs
        pack_of = {
            module_id: pack
            for pack in packs
            for module_id in pack.module_ids
            if module_id not in pack.replaces
        }
        available = board.modules_available
        self.summary.setText(
            f"{board.modules_passed} of {available} modules passed. "
            "Each card shows where you are and what to do next."
        )
        self.course_progress.set_progress(
            board.modules_passed, available, f"{board.modules_passed} of {available} passed"
        )
        specs: list[tuple[str, ModuleStatus, bool, str]] = []
        course_count = 0
        for status in board.statuses:
            module = course.module(status.module_id)
            has_scenario = module is not None and module.scenario is not None
            pack = pack_of.get(status.module_id)
            if pack is None:
                course_count += 1
                specs.append((f"Module {course_count}", status, has_scenario, ""))
            else:
                origin = f"Version {pack.version} · {pack.origin}"
                specs.append((pack.title, status, has_scenario, origin))
        nothing_to_show = not specs  # (``specs`` empties as the cards are built)
        self._cards, self._pack_cards = [], []
        self.cards.set_cards([])
        self.pack_cards.set_cards([])
        # The cards a learner sees first are built now; the rest, below the fold, as soon
        # as the page has painted (or at once, if anything asks for them before).
        self._pending = specs
        self._build_cards(EAGER_CARDS)
        if self._pending:
            QTimer.singleShot(LATER_CARDS_MS, self._finish_cards)
        self.cards.setVisible(course_count > 0)
        self.course_progress.setVisible(course_count > 0)
        if nothing_to_show and self.empty is None:
            self.empty = EmptyState(
                "○",
                "No modules to show",
                "The course folder has no module Prism can open. "
                "Run prism content check to see why.",
            )
            layout = self.scroll.widget().layout()
            layout.insertWidget(layout.indexOf(self.cards) + 1, self.empty)
        if self.empty is not None:
            self.empty.setVisible(nothing_to_show)

    @property
    def module_cards(self) -> list[ModuleCard]:
        """The course's module cards, in order (all of them: pending ones are built now)."""
        self._finish_cards()
        return self._cards

    @property
    def pack_module_cards(self) -> list[ModuleCard]:
        """Cards of modules from installed packs."""
        self._finish_cards()
        return self._pack_cards

    def _finish_cards(self) -> None:
        self._build_cards(len(self._pending))

    def _build_cards(self, count: int) -> None:
        made: list[ModuleCard] = []
        made_pack: list[ModuleCard] = []
        for kicker, status, has_scenario, origin in self._pending[:count]:
            card = ModuleCard(kicker, status, has_scenario, origin)
            card.navigate.connect(self.navigate)
            (made_pack if origin else made).append(card)
        del self._pending[:count]
        if made:
            self._cards += made
            self.cards.add_cards(made)
        if made_pack:
            self._pack_cards += made_pack
            self.pack_cards.add_cards(made_pack)

    def _continue(self) -> None:
        if self._resume_target:
            self.navigate.emit(self._resume_target)
