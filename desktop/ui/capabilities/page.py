"""Digital capability self-assessment: rate each capability 1-5 with an optional note,
save the set as a dated assessment, and see the change over time in a chart or table.

Keyboard: Tab reaches each capability's ratings (arrow keys move between 1-5, or press
a number key 1-5) and then its note. Ratings are saved only with Save ratings, so
leaving with changes asks first (``confirm_leave``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.course.model import Capability
from desktop.services.capabilities import (
    MAX_NOTE_LENGTH,
    CapabilityHistory,
    CurrentRating,
    local_day,
)
from desktop.services.startup import Services
from desktop.store.errors import StoreError
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.capabilities.chart import (
    EMPTY_TEXT,
    EMPTY_TITLE,
    CapabilityChart,
    change_text,
    short_date,
)
from desktop.ui.design.components import EmptyState, page_layout
from desktop.ui.style import heading, muted


class CapabilityRow(QFrame):
    """One capability: its name and meaning, a 1-5 choice and an optional note."""

    def __init__(
        self, capability: Capability, scale: dict[int, str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.capability = capability
        self.scale = scale
        self.saved: CurrentRating | None = None
        self.on_change = lambda: None  # set by the page

        title = QLabel(capability.title)
        title_font = QFont(title.font())
        title_font.setBold(True)
        title.setFont(title_font)
        title.setWordWrap(True)
        description = muted(capability.description)

        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        choices = QWidget()
        choices_layout = QHBoxLayout(choices)
        choices_layout.setContentsMargins(0, 0, 0, 0)
        for rating in range(1, 6):
            button = QRadioButton(str(rating))
            button.setToolTip(f"{rating}: {scale[rating]}")
            button.setAccessibleName(f"{capability.title}: {rating}, {scale[rating]}")
            self.group.addButton(button, rating)
            choices_layout.addWidget(button)
        self.group.idToggled.connect(self._toggled)
        self.meaning = QLabel()
        self.meaning.setWordWrap(True)
        self.meaning.setAccessibleDescription(f"{capability.title}: your rating")
        self.note = QLineEdit(placeholderText="Note (optional): what makes you say this?")
        self.note.setMaxLength(MAX_NOTE_LENGTH)
        self.note.setAccessibleName(f"Note on {capability.title} (optional)")
        self.note.textEdited.connect(lambda _text: self.on_change())

        rating_line = QHBoxLayout()
        rating_line.addWidget(choices)
        rating_line.addSpacing(12)
        rating_line.addWidget(self.meaning, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.setSpacing(4)
        layout.addWidget(title)
        layout.addWidget(description)
        layout.addLayout(rating_line)
        layout.addWidget(self.note)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._show_meaning()

    @property
    def rating(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked in range(1, 6) else None

    def set_value(self, saved: CurrentRating | None) -> None:
        """Show a saved rating (or none) as the starting point for changes."""
        self.saved = saved
        self.group.blockSignals(True)
        # An exclusive group refuses to uncheck its last button, so lift that briefly.
        self.group.setExclusive(False)
        for button in self.group.buttons():
            button.setChecked(saved is not None and self.group.id(button) == saved.rating)
        self.group.setExclusive(True)
        self.group.blockSignals(False)
        self.note.setText(saved.note if saved else "")
        self._show_meaning()

    def changed(self) -> bool:
        """True if the rating or note differs from the saved one."""
        saved_rating = self.saved.rating if self.saved else None
        saved_note = self.saved.note if self.saved else ""
        return self.rating != saved_rating or self.note.text().strip() != saved_note.strip()

    def _toggled(self, _rating: int, checked: bool) -> None:
        if checked:
            self._show_meaning()
            self.on_change()

    def _show_meaning(self) -> None:
        rating = self.rating
        if rating is None:
            self.meaning.setText("Not rated yet")
            self.meaning.setForegroundRole(QPalette.ColorRole.PlaceholderText)
            return
        self.meaning.setForegroundRole(QPalette.ColorRole.WindowText)
        was = ""
        if self.saved is not None and self.saved.rating != rating:
            was = f" (was {self.saved.rating})"
        self.meaning.setText(f"{self.scale[rating]}{was}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Number keys 1-5 choose a rating while a rating button has focus (the note
        # takes digits as text, so it never reaches here with them).
        key = event.key()
        if Qt.Key.Key_1 <= key <= Qt.Key.Key_5:
            button = self.group.button(key - Qt.Key.Key_0)
            button.setChecked(True)
            button.setFocus()
            return
        super().keyPressEvent(event)


class CapabilitiesPage(QWidget):
    """Rate the capabilities, save dated assessments, and see the change over time."""

    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.capabilities = services.capabilities
        self.profile_id: str | None = None
        self._saved_text = ""  # the status line when nothing is waiting to be saved
        scale = self.capabilities.scale()

        self.title = heading("Digital capabilities self-assessment")
        self.intro = muted(
            "Rate how confident you feel in each capability, from 1 to 5. Each time you "
            "save, your ratings are kept with the date, so you can see how you change. "
            "Rate yourself again whenever you like, for example after each module."
        )
        self.scale_line = muted("   ·   ".join(f"{n} {label}" for n, label in scale.items()))

        # Left: the rows, in a scroll area, and the save controls.
        self.rows: list[CapabilityRow] = []
        rows_widget = QWidget()
        rows_layout = QVBoxLayout(rows_widget)
        rows_layout.setSpacing(6)
        for capability in self.capabilities.capabilities():
            row = CapabilityRow(capability, scale)
            row.on_change = self._changed
            self.rows.append(row)
            rows_layout.addWidget(row)
        rows_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(rows_widget)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setAccessibleName("Capabilities to rate")
        self.no_capabilities = muted(
            "This course lists no capabilities to rate. Reinstall Prism, or run "
            "'prism content check' to see what is wrong with the course files."
        )
        self.no_capabilities.setVisible(not self.rows)

        self.status = muted("")
        self.status.setAccessibleDescription("Self-assessment status")
        self.revert_button = QPushButton("&Undo changes")
        self.revert_button.setAccessibleName("Undo changes since your last save")
        self.revert_button.clicked.connect(self.revert)
        self.save_button = QPushButton("&Save ratings")
        self.save_button.setAccessibleName("Save ratings")
        self.save_button.clicked.connect(self.save)
        actions = QHBoxLayout()
        actions.addWidget(self.status, 1)
        actions.addWidget(self.revert_button)
        actions.addWidget(self.save_button)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(heading("Rate yourself", 2))
        left_layout.addWidget(self.scroll, 1)
        left_layout.addWidget(self.no_capabilities)
        left_layout.addLayout(actions)

        # Right: the chart, or the same facts as a table.
        self.chart = CapabilityChart()
        self.table = QTableWidget()
        self.table.setAccessibleName("Your capability ratings over time, as a table")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.setWordWrap(True)
        # Never rated: an empty state says what to do, with the one action (start rating).
        self.empty = EmptyState("☆", EMPTY_TITLE, EMPTY_TEXT, "Start &rating")
        assert self.empty.button is not None
        self.empty.button.setAccessibleName("Start rating: go to the first capability")
        self.empty.button.clicked.connect(self._start_rating)
        self.view_stack = QStackedWidget()
        self.view_stack.addWidget(self.chart)
        self.view_stack.addWidget(self.table)
        self.view_stack.addWidget(self.empty)
        self.table_button = QPushButton("Show as a &table")
        self.table_button.setCheckable(True)
        self.table_button.setAccessibleDescription("Show the chart as a table")
        self.table_button.toggled.connect(self._toggle_table)

        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        chart_heading = QHBoxLayout()
        chart_heading.addWidget(heading("How your ratings have changed", 2), 1)
        chart_heading.addWidget(self.table_button)
        right_layout.addLayout(chart_heading)
        right_layout.addWidget(self.view_stack, 1)

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([620, 620])

        layout = page_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(self.scale_line)
        layout.addWidget(splitter, 1)
        self._update_buttons()

    # Public API -----------------------------------------------------------------------

    def show_for(self, profile_id: str) -> None:
        """Show a learner's latest ratings (as the starting point) and their history."""
        self.profile_id = profile_id
        self._load()
        if self.rows:
            first = self.rows[0]
            target = first.group.checkedButton() or first.group.button(1)
            target.setFocus()

    def clear(self) -> None:
        """Forget the learner: no ratings, notes or history left in any widget."""
        self.profile_id = None
        for row in self.rows:
            row.set_value(None)
        self.chart.set_history(None)
        self.table_button.setChecked(False)
        self.table_button.setEnabled(False)
        self.table.clear()
        self.table.setRowCount(0)
        self.table.setColumnCount(0)
        self._saved_text = ""
        self.status.setText("")
        self._update_buttons()

    def has_unsaved_changes(self) -> bool:
        return self.profile_id is not None and any(row.changed() for row in self.rows)

    def confirm_leave(self) -> bool:
        """Ask before unsaved ratings are lost; True if it is fine to leave the page."""
        if not self.has_unsaved_changes():
            return True
        count = sum(row.changed() for row in self.rows)
        what = "1 rating or note" if count == 1 else f"{count} ratings or notes"
        leave = dialogs.ask_yes_no(
            self,
            "Leave without saving your ratings?",
            f"You have changed {what} since you last saved. If you leave now, "
            "those changes are lost.\n\nChoose Stay, then Save ratings, to keep them.",
            yes="Leave without saving",
            no="Stay",
        )
        if leave:
            self.revert()
        return leave

    # Actions --------------------------------------------------------------------------

    def save(self) -> None:
        """Save every rated capability as one new dated assessment."""
        if self.profile_id is None:
            return
        ratings = {
            row.capability.id: (row.rating, row.note.text())
            for row in self.rows
            if row.rating is not None
        }
        if not ratings:
            self.status.setText(
                "Choose a rating from 1 to 5 for at least one capability, then save."
            )
            announce(self.status, self.status.text())
            return
        try:
            session = self.capabilities.rate(self.profile_id, ratings)  # type: ignore[arg-type]
        except StoreError as error:
            dialogs.show_error(self, "Your ratings were not saved", error.message)
            return
        self._load()
        unrated = len(self.rows) - len(ratings)
        day = short_date(local_day(session.rated_utc))
        message = f"Ratings saved on {day}."
        if unrated:
            message += f" {unrated} capabilit{'y' if unrated == 1 else 'ies'} not rated this time."
        self.status.setText(message)
        announce(self.status, message + " The chart now includes them.")

    def revert(self) -> None:
        """Put every row back to the last saved ratings and notes."""
        for row in self.rows:
            row.set_value(row.saved)
        self._changed()

    # Internals ------------------------------------------------------------------------

    def _load(self) -> None:
        if self.profile_id is None:
            return
        latest = self.capabilities.latest(self.profile_id)
        for row in self.rows:
            row.set_value(latest.get(row.capability.id))
        history = self.capabilities.history(self.profile_id)
        self.chart.set_history(history)
        self._fill_table(history)
        # An empty table says less than the chart's empty state, so offer it only with data.
        if history.empty:
            self.table_button.setChecked(False)
        self.table_button.setEnabled(not history.empty)
        self._toggle_table(self.table_button.isChecked())
        if history.empty:
            self._saved_text = "Not rated yet. Choose a number for each capability, then save."
        else:
            count = len(history.sessions)
            saves = "1 saved assessment" if count == 1 else f"{count} saved assessments"
            self._saved_text = f"Last saved on {short_date(history.sessions[-1].day)} ({saves})."
        self.status.setText(self._saved_text)
        self._update_buttons()

    def _fill_table(self, history: CapabilityHistory) -> None:
        dates = [short_date(s.day) for s in history.sessions]
        headers = ["Capability", *dates, "Change"]
        self.table.clear()
        self.table.setColumnCount(len(headers))
        self.table.setHorizontalHeaderLabels(headers)
        self.table.setRowCount(len(history.series))
        for row, series in enumerate(history.series):
            cells = [
                series.capability.title,
                *("–" if r is None else str(r) for r in series.ratings),
                change_text(series) or "–",
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column > 0:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                self.table.setItem(row, column, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.resizeRowsToContents()

    def _start_rating(self) -> None:
        if self.rows:
            first = self.rows[0].group.buttons()[0]
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll.ensureWidgetVisible(first)

    def _toggle_table(self, show_table: bool) -> None:
        history = self.chart.history
        if history is None or history.empty:
            self.view_stack.setCurrentWidget(self.empty)
        else:
            self.view_stack.setCurrentWidget(self.table if show_table else self.chart)
        self.table_button.setText("Show as a &chart" if show_table else "Show as a &table")
        self.table_button.setAccessibleDescription(
            "Show the table as a chart" if show_table else "Show the chart as a table"
        )

    def _changed(self) -> None:
        self._update_buttons()
        if self.has_unsaved_changes():
            self.status.setText("Changes not saved yet: choose Save ratings to keep them.")
        else:
            self.status.setText(self._saved_text)

    def _update_buttons(self) -> None:
        self.revert_button.setEnabled(self.has_unsaved_changes())
        self.save_button.setEnabled(self.profile_id is not None and bool(self.rows))
