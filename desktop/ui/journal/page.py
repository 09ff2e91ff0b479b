"""The reflection journal: a list of reflections by module beside a plain-text editor.

Writing is saved as it is typed (see ``autosave.py``): soon after a pause, at least
every 0.7 s during a long burst, when the editor loses focus, and when the main window
calls ``flush``. A new reflection is stored only once its first character is typed, and
one erased to nothing is removed when the editor moves on, so empty entries never
clutter the list. Text is only ever handled as plain text, never rendered as HTML.
"""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import MONTHS
from desktop.services.journal import JournalEntry, JournalGroup
from desktop.services.startup import Services
from desktop.store.errors import StoreError
from desktop.store.reflections import Reflection
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.autosave import Autosaver
from desktop.ui.design.components import EmptyState, destructive_button, page_layout, primary_button
from desktop.ui.design.tokens import ROLE_PROPERTY
from desktop.ui.style import error_text, heading, muted

SHORT_MONTHS = tuple(name[:3] for name in MONTHS)  # "Jan": English in any locale
FREE_WRITING = "Free writing, without a prompt"
ID_ROLE = Qt.ItemDataRole.UserRole
DATE_ROLE = Qt.ItemDataRole.UserRole + 1
WORDS_ROLE = Qt.ItemDataRole.UserRole + 2
MORE_ROLE = Qt.ItemDataRole.UserRole + 3  # on a "Show older reflections" row: its module
ROWS_PER_GROUP = 50  # reflections drawn per module at first; older ones on request
MORE_BATCH = 200  # drawn each time "Show older reflections" is chosen
SEARCH_DEBOUNCE_MS = 150  # the search runs once typing pauses this long
SNIPPET_LINES = 3  # at most this many lines of a reflection's words in the list
EDITOR_COLUMNS = 100  # cap the writing area near 100 characters a line, for easy reading
FIRST_TIME_TEXT = (
    "You have not written any reflections yet.\n\n"
    "Choose New reflection to write about a module, or open a module and use its "
    "reflection prompts. Your writing stays on this computer, in your profile only, "
    "and is saved as you type."
)
CHOOSE_TEXT = (
    "Choose a reflection from the list to read it or carry on writing, "
    "or choose New reflection to start another."
)


def when(moment: datetime, now: datetime | None = None) -> str:
    """'Today, 21:04', 'Yesterday, 08:15' or '3 Mar 2026, 21:04', in local time.

    Month names are spelt here, not by strftime, so they stay English in any locale.
    """
    local = moment.astimezone()
    today = (now or datetime.now().astimezone()).date()
    clock = f"{local:%H:%M}"
    if local.date() == today:
        return f"Today, {clock}"
    if (today - local.date()).days == 1:
        return f"Yesterday, {clock}"
    return f"{local.day} {SHORT_MONTHS[local.month - 1]} {local.year}, {clock}"


def when_in_sentence(moment: datetime, now: datetime | None = None) -> str:
    """'today at 21:04', 'yesterday at 08:15' or 'on 3 Mar 2026 at 21:04'."""
    day, _, clock = when(moment, now).partition(", ")
    if day in ("Today", "Yesterday"):
        return f"{day.lower()} at {clock}"
    return f"on {day} at {clock}"


class ReflectionEditor(QPlainTextEdit):
    """The writing area; tells the page when focus leaves so it can save at once."""

    focus_lost = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.focus_lost.emit()
        super().focusOutEvent(event)


class ReflectionList(QTreeWidget):
    """The list of reflections: module headings, each with its reflections below."""

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.scheduleDelayedItemsLayout()  # wrapped rows change height with the width


class EntryDelegate(QStyledItemDelegate):
    """Draws a reflection in the list as a muted date line over its words (wrapped).

    Headings and anything without a date fall back to the default drawing.
    """

    PADDING = 6

    def __init__(self, view: QTreeWidget) -> None:
        super().__init__(view)
        self._view = view

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        return max(80, self._view.viewport().width() - self._view.indentation() - 2 * self.PADDING)

    def _words_lines(self, option: QStyleOptionViewItem, words: str) -> int:
        metrics = QFontMetrics(option.font)
        flags = int(Qt.TextFlag.TextWordWrap)
        rect = metrics.boundingRect(QRect(0, 0, self._text_width(option), 10_000), flags, words)
        return max(1, min(SNIPPET_LINES, -(-rect.height() // metrics.lineSpacing())))

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        base = super().sizeHint(option, index)
        date = index.data(DATE_ROLE)
        if not date:  # a module heading: a little air above it
            return QSize(base.width(), base.height() + self.PADDING)
        metrics = QFontMetrics(option.font)
        lines = 1 + self._words_lines(option, index.data(WORDS_ROLE) or "")
        return QSize(base.width(), lines * metrics.lineSpacing() + 2 * self.PADDING)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        date = index.data(DATE_ROLE)
        if not date:
            option = QStyleOptionViewItem(option)
            option.displayAlignment = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom
            super().paint(painter, option, index)
            return
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""
        style = self._view.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, self._view)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        date_role = text_role if selected else QPalette.ColorRole.PlaceholderText
        metrics = QFontMetrics(option.font)
        area = option.rect.adjusted(self.PADDING, self.PADDING, -self.PADDING, -self.PADDING)
        painter.save()
        painter.setFont(option.font)
        painter.setPen(palette.color(date_role))
        painter.drawText(
            QRect(area.left(), area.top(), area.width(), metrics.lineSpacing()),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            date,
        )
        painter.setPen(palette.color(text_role))
        words_area = area.adjusted(0, metrics.lineSpacing(), 0, 0)
        words = index.data(WORDS_ROLE) or ""
        lines = self._words_lines(option, words)
        # Draw whole lines only; the last one ends with an ellipsis if the words go on.
        shown = _fit_lines(metrics, words, words_area.width(), lines)
        painter.drawText(
            words_area, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop), shown
        )
        painter.restore()


def _fit_lines(metrics: QFontMetrics, text: str, width: int, max_lines: int) -> str:
    """Break ``text`` into at most ``max_lines`` lines of ``width``, eliding the last."""
    lines: list[str] = []
    rest = text.split()
    while rest and len(lines) < max_lines:
        line = rest.pop(0)
        while rest and metrics.horizontalAdvance(f"{line} {rest[0]}") <= width:
            line = f"{line} {rest.pop(0)}"
        lines.append(line)
    if rest and lines:
        lines[-1] = metrics.elidedText(
            f"{lines[-1]} {' '.join(rest)}", Qt.TextElideMode.ElideRight, width
        )
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)


class JournalPage(QWidget):
    """Lists, searches, writes, deletes (with Undo) a learner's reflections."""

    navigate = Signal(str)  # "module:<id>"

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.journal = services.journal
        self.profile_id: str | None = None
        # What the editor holds: a module and prompt, and the stored reflection's id once
        # the first character has been saved (None for a new, still-empty reflection).
        self.module_id: str | None = None
        self.prompt_id: str | None = None
        self.reflection_id: str | None = None
        self._dirty = False  # the editor holds text not yet stored
        self._loading = False  # text or list being filled by code, not by the learner
        self._deleted: Reflection | None = None  # kept for Undo
        self._autosaver = Autosaver(self._save_now, self)
        # A search runs once typing pauses, not at every key (see `search_settled`).
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self.search_settled)
        self._more: dict[str, list[JournalEntry]] = {}  # rows not drawn yet, by module

        self.title = heading("Reflection journal")
        self.intro = muted(
            "Your reflections are private to your profile and saved as you type. "
            "Use them later in your CPD records."
        )

        # Left: search, the list by module, New reflection.
        self.search = QLineEdit(placeholderText="Words to find")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search your reflections")
        self.search.textChanged.connect(self._search_changed)
        search_label = QLabel("&Search your reflections")
        search_label.setBuddy(self.search)
        self.tree = ReflectionList()
        self.tree.setHeaderHidden(True)
        self.tree.setRootIsDecorated(False)
        self.tree.setIndentation(14)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(EntryDelegate(self.tree))
        self.tree.setAccessibleName("Your reflections, by module")
        self.tree.currentItemChanged.connect(self._current_item_changed)
        self.list_empty = muted("")
        self.list_empty.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the search words
        self.list_empty.setAccessibleDescription("Reflections list message")
        self.list_empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.new_button = primary_button("&New reflection")
        self.new_button.setAccessibleName("New reflection")
        self.new_button.clicked.connect(self.choose_new)

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        side_layout.addWidget(search_label)
        side_layout.addWidget(self.search)
        # Issue 16: a reflection that does not open is counted here, never hides the rest.
        self.unreadable_note = error_text(QLabel(""))
        self.unreadable_note.setWordWrap(True)
        self.unreadable_note.hide()
        side_layout.addWidget(self.unreadable_note)
        side_layout.addWidget(self.tree, 1)
        side_layout.addWidget(self.list_empty, 1)
        side_layout.addWidget(self.new_button)

        # Right: a welcome/empty state, the New reflection chooser, or the editor.
        self.right = QStackedWidget()
        self.welcome = self._build_welcome()
        self.chooser = self._build_chooser()
        self.editor_panel = self._build_editor()
        for panel in (self.welcome, self.chooser, self.editor_panel):
            self.right.addWidget(panel)
        # One main action at a time: the welcome and the chooser have their own (Start a
        # new reflection, Start writing), so New reflection stands out only beside the editor.
        self.right.currentChanged.connect(self._show_main_action)
        self._show_main_action()

        splitter = QSplitter()
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(side)
        splitter.addWidget(self.right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([420, 820])

        # Undo after a delete, in plain sight rather than in a status bar.
        self.undo_label = QLabel()
        self.undo_label.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo the delete")
        self.undo_button.clicked.connect(self.undo_delete)
        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.addWidget(self.undo_label)
        undo_layout.addWidget(self.undo_button)
        undo_layout.addStretch(1)
        self.undo_bar.setVisible(False)

        layout = page_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.intro)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.undo_bar)
        self.setTabOrder(self.search, self.tree)
        self.setTabOrder(self.tree, self.new_button)

    # Building -------------------------------------------------------------------------

    def _build_welcome(self) -> QWidget:
        """The empty state (no reflections yet) or, once there are some, what to do."""
        panel = EmptyState("✎", "Start your journal", FIRST_TIME_TEXT, "Start a new reflection")
        self.welcome_heading = panel.title
        self.welcome_text = panel.text
        self.welcome_text.setAccessibleDescription("Journal guidance")
        self.welcome_new = panel.button
        assert self.welcome_new is not None
        self.welcome_new.setAccessibleName("Start a new reflection")
        self.welcome_new.clicked.connect(self.choose_new)
        # A readable measure: the guidance wraps as the editor's text does.
        metrics = QFontMetrics(self.welcome_text.font())
        self.welcome_text.setMaximumWidth(metrics.averageCharWidth() * EDITOR_COLUMNS + 40)
        return panel

    def _build_chooser(self) -> QWidget:
        panel = QWidget()
        self.module_list = QListWidget()
        self.module_list.setAccessibleName("Module to reflect on")
        self.module_list.currentRowChanged.connect(self._fill_prompts)
        self.prompt_list = QListWidget()
        self.prompt_list.setWordWrap(True)
        self.prompt_list.setSpacing(2)
        self.prompt_list.setAccessibleName("Prompt to answer")
        self.prompt_list.itemActivated.connect(lambda _item: self.start_chosen())
        self.module_list.itemActivated.connect(lambda _item: self.prompt_list.setFocus())
        self.start_button = primary_button("Start &writing")
        self.start_button.setAccessibleName("Start writing")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self.start_chosen)
        self.cancel_button = QPushButton("&Cancel")
        self.cancel_button.setAccessibleName("Cancel the new reflection")
        self.cancel_button.clicked.connect(self.cancel_new)

        module_label = QLabel("1. Choose a &module")
        module_label.setBuddy(self.module_list)
        prompt_label = QLabel("2. Choose a &prompt to answer, or free writing")
        prompt_label.setBuddy(self.prompt_list)
        lists = QHBoxLayout()
        left, right = QVBoxLayout(), QVBoxLayout()
        left.addWidget(module_label)
        left.addWidget(self.module_list, 1)
        right.addWidget(prompt_label)
        right.addWidget(self.prompt_list, 1)
        lists.addLayout(left, 2)
        lists.addLayout(right, 3)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.start_button)
        layout = QVBoxLayout(panel)
        layout.addWidget(heading("New reflection", 2))
        layout.addWidget(muted("Press Enter on a prompt, or choose Start writing."))
        layout.addLayout(lists, 1)
        layout.addLayout(buttons)
        return panel

    def _build_editor(self) -> QWidget:
        panel = QWidget()
        self.module_title = heading("", 2)
        self.prompt_label = QLabel()
        self.prompt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.prompt_label.setWordWrap(True)
        self.prompt_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        prompt_font = QFont(self.prompt_label.font())
        prompt_font.setItalic(True)
        self.prompt_label.setFont(prompt_font)
        self.editor = ReflectionEditor()
        self.editor.setAccessibleName("Your reflection")
        self.editor.setPlaceholderText("Write here. Your words are saved as you type.")
        self.editor.setTabChangesFocus(True)  # Tab moves on, so the keyboard never gets stuck
        self.editor.textChanged.connect(self._text_changed)
        self.editor.focus_lost.connect(self.flush)
        self.status = muted("")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleDescription("Save status")
        self.open_module_button = QPushButton("Open the &module")
        self.open_module_button.setAccessibleName("Open the module")
        self.open_module_button.clicked.connect(self._open_module)
        self.delete_button = destructive_button("&Delete reflection")
        self.delete_button.setAccessibleDescription("Delete this reflection")
        self.delete_button.clicked.connect(self.delete_current)

        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.open_module_button)
        bottom.addWidget(self.delete_button)
        # One column of comfortable width, so lines of writing stay easy to follow.
        self.editor_column = QWidget()
        layout = QVBoxLayout(self.editor_column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.module_title)
        layout.addWidget(self.prompt_label)
        layout.addSpacing(4)
        layout.addWidget(self.editor, 1)
        layout.addLayout(bottom)
        outer = QHBoxLayout(panel)
        outer.addWidget(self.editor_column, 1)
        outer.addStretch(0)
        self._fit_column()
        return panel

    def _fit_column(self) -> None:
        metrics = QFontMetrics(self.editor.font())
        self.editor_column.setMaximumWidth(metrics.averageCharWidth() * EDITOR_COLUMNS + 40)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == event.Type.FontChange and hasattr(self, "editor_column"):
            self._fit_column()

    # Opening the page -----------------------------------------------------------------

    def show_for(self, profile_id: str, module_id: str | None = None) -> None:
        """Show a learner's journal; with ``module_id``, open that module's reflection on
        its first prompt (or a new one, stored once the learner types)."""
        self._close_editor()
        if profile_id != self.profile_id:
            self.clear()
        self.profile_id = profile_id
        self.journal.discard_blank(profile_id)  # tidy any left empty by a crash
        self._hide_undo()
        self._loading = True
        self.search.clear()
        self._loading = False
        entries = self._refresh_list()
        if module_id is not None and self.services.course.module(module_id) is not None:
            prompts = self.journal.prompts(module_id)
            prompt_id = prompts[0].id if prompts else None
            existing = self.journal.latest_for(profile_id, module_id, prompt_id)
            if existing is not None:
                self.open_reflection(existing.id)
            else:
                self._open_draft(module_id, prompt_id)
            self.editor.setFocus()
        elif entries and (newest := self.journal.newest(profile_id)) is not None:
            self.open_reflection(newest.id)
            self.tree.setFocus()
        else:
            self._show_welcome()
            self.new_button.setFocus()

    def flush(self) -> None:
        """Store whatever is in the editor now (the main window calls this before it
        leaves the page and when it closes)."""
        self._autosaver.cancel()
        self._save_now()

    def clear(self) -> None:
        """Forget the learner: flush, then remove every piece of their text from widgets."""
        self._close_editor()
        self.profile_id = None
        self.module_id = self.prompt_id = self.reflection_id = None
        self._dirty = False
        self._deleted = None
        self._hide_undo()
        self._loading = True
        self._search_timer.stop()
        self.search.clear()
        self.tree.clear()
        self._more.clear()
        self.journal.forget()  # no learner's words stay in memory after they leave
        self.editor.clear()
        self._loading = False
        self.module_title.setText("")
        self.prompt_label.setText("")
        self.status.setText("")
        self.list_empty.setText("")
        self.editor.setAccessibleDescription("")
        self.right.setCurrentWidget(self.welcome)

    # The list -------------------------------------------------------------------------

    def _refresh_list(self) -> list[JournalEntry]:
        """Rebuild the list for the current search; keep the open reflection selected."""
        if self.profile_id is None:
            return []
        query = self.search.text()
        groups = self.journal.groups(self.profile_id, query)
        self._loading = True
        self.tree.clear()
        self._more.clear()
        current_item = None
        for group in groups:
            header = self._group_item(group)
            self.tree.addTopLevelItem(header)
            # Years of reflections: draw the newest of each module, the rest on request.
            ids = [entry.id for entry in group.entries]
            shown = ROWS_PER_GROUP
            if self.reflection_id in ids:
                shown = max(shown, ids.index(self.reflection_id) + 1)
            for entry in group.entries[:shown]:
                item = self._entry_item(header, entry)
                if entry.id == self.reflection_id:
                    current_item = item
            if len(group.entries) > shown:
                self._more[group.module_id] = list(group.entries[shown:])
                self._more_item(header, group.module_id)
        self.tree.expandAll()
        if current_item is not None:
            self.tree.setCurrentItem(current_item)
        self._loading = False
        entries = [entry for group in groups for entry in group.entries]
        has_search = bool(query.strip())
        if entries:
            self.list_empty.setText("")
        elif has_search:
            self.list_empty.setText(
                f"No reflections match “{query.strip()}”.\n\n"
                "Check the spelling or try fewer words, or clear the search to see them all."
            )
        else:
            self.list_empty.setText("No reflections yet.")
        self.tree.setVisible(bool(entries))
        self.list_empty.setVisible(not entries)
        # Nothing to search until there is something written.
        self.search.setEnabled(bool(entries) or has_search)
        unreadable = self.journal.unreadable_count(self.profile_id)
        self.unreadable_note.setVisible(unreadable > 0)
        self.unreadable_note.setText(
            f"{unreadable} reflection{'s' if unreadable != 1 else ''} could not be opened "
            "(changed outside Prism, or damaged) and "
            f"{'are' if unreadable != 1 else 'is'} not shown; nothing was deleted. Restore a "
            "backup from before the change to get the words back."
        )
        return entries

    def _entry_item(self, header: QTreeWidgetItem, entry: JournalEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem()
        self._fill_item(item, entry)
        item.setData(0, ID_ROLE, entry.id)
        item.setToolTip(0, entry.prompt or FREE_WRITING)
        header.addChild(item)
        return item

    def _more_item(self, header: QTreeWidgetItem, module_id: str) -> None:
        count = len(self._more[module_id])
        item = QTreeWidgetItem([f"Show {count:,} older reflection{'s' if count != 1 else ''}…"])
        item.setData(0, MORE_ROLE, module_id)
        item.setToolTip(0, "Older reflections on this module")
        header.addChild(item)

    def _show_more(self, item: QTreeWidgetItem) -> None:
        """Draw the next batch of a module's older reflections in place of the "Show" row."""
        module_id = item.data(0, MORE_ROLE)
        header = item.parent()
        waiting = self._more.get(module_id, [])
        if header is None or not waiting:
            return
        self._loading = True
        header.removeChild(item)
        batch, rest = waiting[:MORE_BATCH], waiting[MORE_BATCH:]
        first = None
        for entry in batch:
            added = self._entry_item(header, entry)
            first = first or added
        if rest:
            self._more[module_id] = rest
            self._more_item(header, module_id)
        else:
            self._more.pop(module_id, None)
        self._loading = False
        if first is not None:
            self.tree.setCurrentItem(first)

    def _group_item(self, group: JournalGroup) -> QTreeWidgetItem:
        count = len(group.entries)
        item = QTreeWidgetItem([f"{group.module_title} ({count})"])
        font = QFont(item.font(0))
        font.setBold(True)
        item.setFont(0, font)
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)  # a heading: not a reflection to open
        return item

    def _fill_item(self, item: QTreeWidgetItem, entry: JournalEntry) -> None:
        words = entry.snippet or "(nothing written yet)"
        date = when(entry.updated)
        item.setData(0, DATE_ROLE, date)
        item.setData(0, WORDS_ROLE, words)
        item.setText(0, f"{date}. {words}")  # what screen readers read for the row

    def _find_item(self, reflection_id: str) -> QTreeWidgetItem | None:
        for top in range(self.tree.topLevelItemCount()):
            header = self.tree.topLevelItem(top)
            for child in range(header.childCount()):
                item = header.child(child)
                if item.data(0, ID_ROLE) == reflection_id:
                    return item
        return None

    def _current_item_changed(self, item: QTreeWidgetItem | None, _previous: object) -> None:
        if self._loading or item is None:
            return
        if item.data(0, MORE_ROLE):
            self._show_more(item)
            return
        reflection_id = item.data(0, ID_ROLE)
        if reflection_id and reflection_id != self.reflection_id:
            self.open_reflection(reflection_id)

    def _search_changed(self, text: str) -> None:
        if self._loading:
            return
        if text.strip():
            self._search_timer.start()  # restarted by each key: runs when typing pauses
        else:
            self.search_settled()  # cleared: show everything at once

    def search_settled(self) -> None:
        """Run the search for what the box holds now (the debounce timer calls this)."""
        self._search_timer.stop()
        if self.profile_id is None:
            return
        self.flush()
        entries = self._refresh_list()
        query = self.search.text().strip()
        if query:
            found = len(entries)
            announce(
                self.search,
                f"{found} reflection{'s' if found != 1 else ''} match"
                f"{'es' if found == 1 else ''} “{query}”.",
            )

    # The editor -----------------------------------------------------------------------

    def open_reflection(self, reflection_id: str) -> bool:
        """Show a stored reflection in the editor; False if it no longer exists."""
        if reflection_id != self.reflection_id:
            self._close_editor()
        entry = self.journal.entry(reflection_id)
        if entry is None:
            self._refresh_list()
            return False
        self.module_id, self.prompt_id = entry.module_id, entry.reflection.prompt_id
        self.reflection_id = entry.id
        self._show_editor(entry.module_title, entry.prompt, entry.text)
        self.status.setText(f"Last saved {when_in_sentence(entry.updated)}.")
        item = self._find_item(entry.id)
        if item is not None and self.tree.currentItem() is not item:
            self._loading = True
            self.tree.setCurrentItem(item)
            self._loading = False
        return True

    def _open_draft(self, module_id: str, prompt_id: str | None) -> None:
        """A new reflection in the editor; stored once the learner types something."""
        self._close_editor()
        self.module_id, self.prompt_id, self.reflection_id = module_id, prompt_id, None
        self._show_editor(
            self.journal.module_title(module_id), self.journal.prompt_text(module_id, prompt_id), ""
        )
        self.status.setText("New reflection: start typing and it is saved as you go.")
        self._loading = True
        self.tree.setCurrentItem(None)
        self._loading = False

    def _show_editor(self, module_title: str, prompt: str | None, text: str) -> None:
        self.module_title.setText(module_title)
        self.module_title.setAccessibleName(module_title)
        self.prompt_label.setText(prompt or FREE_WRITING)
        self.editor.setAccessibleDescription(f"Prompt: {prompt}" if prompt else FREE_WRITING)
        self._loading = True
        self.editor.setPlainText(text)
        self._loading = False
        self._dirty = False
        self.open_module_button.setEnabled(
            self.module_id is not None and self.services.course.module(self.module_id) is not None
        )
        self.right.setCurrentWidget(self.editor_panel)

    def _show_main_action(self, _index: int = 0) -> None:
        editing = self.right.currentWidget() is self.editor_panel
        self.new_button.setProperty(ROLE_PROPERTY, "primary" if editing else "secondary")
        self.new_button.update()

    def _show_welcome(self) -> None:
        has_any = self.tree.topLevelItemCount() > 0 or bool(self.search.text().strip())
        title = "Your reflections" if has_any else "Start your journal"
        self.welcome_heading.setText(title)
        self.welcome_heading.setAccessibleName(title)  # a heading's name is set when made
        self.welcome_text.setText(CHOOSE_TEXT if has_any else FIRST_TIME_TEXT)
        self.right.setCurrentWidget(self.welcome)

    def _text_changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.status.setText("Saving…")
        self._autosaver.changed()

    def _save_now(self) -> None:
        """Write the editor's text if it changed; create the reflection on first text."""
        if not self._dirty or self.profile_id is None or self.module_id is None:
            return
        text = self.editor.toPlainText()
        try:
            if self.reflection_id is None:
                if not text.strip():
                    self._dirty = False
                    return
                reflection = self.journal.start(
                    self.profile_id, self.module_id, self.prompt_id, text
                )
                self.reflection_id = reflection.id
                self._dirty = False
                self._refresh_list()
            else:
                self.journal.save(self.reflection_id, text)
                self._dirty = False
                entry = self.journal.entry(self.reflection_id)
                item = self._find_item(self.reflection_id)
                if item is not None and entry is not None and not self.search.text().strip():
                    self._fill_item(item, entry)
        except StoreError as error:
            # Keep the words on screen and keep trying on the next keystroke or flush.
            self.status.setText(f"Not saved yet: {error.message}")
            announce(self.status, "Your reflection could not be saved. " + error.message)
            self._autosaver.changed()  # try again shortly, so it saves once writing works
            return
        except KeyError:
            self.status.setText(
                "This module is no longer in the course, so new writing cannot be saved "
                "here. Copy your text into a reflection on another module."
            )
            return
        self.status.setText(f"Saved at {datetime.now():%H:%M}")

    def _close_editor(self) -> None:
        """Save what the editor holds; remove the reflection if it was left blank."""
        self.flush()
        if self.reflection_id is not None and not self._dirty:
            try:
                removed = self.journal.discard_if_blank(self.reflection_id)
            except StoreError:
                removed = False
            if removed:
                self.reflection_id = None
                self._refresh_list()

    def _open_module(self) -> None:
        if self.module_id is not None:
            self.flush()
            self.navigate.emit(f"module:{self.module_id}")

    # New reflection -------------------------------------------------------------------

    def choose_new(self) -> None:
        """Show the chooser: a module (the open one preselected), then a prompt."""
        if self.profile_id is None:
            return
        self.flush()
        self._loading = True
        self.module_list.clear()
        for module in self.journal.modules():
            item = QListWidgetItem(module.title)
            item.setData(ID_ROLE, module.id)
            self.module_list.addItem(item)
        self._loading = False
        ids = [m.id for m in self.journal.modules()]
        row = ids.index(self.module_id) if self.module_id in ids else 0
        self.module_list.setCurrentRow(row)
        self._fill_prompts(row)
        self.right.setCurrentWidget(self.chooser)
        self.prompt_list.setFocus()

    def _fill_prompts(self, row: int) -> None:
        if self._loading:
            return
        self.prompt_list.clear()
        item = self.module_list.item(row)
        if item is None:
            self.start_button.setEnabled(False)
            return
        for prompt in self.journal.prompts(item.data(ID_ROLE)):
            entry = QListWidgetItem(prompt.prompt)
            entry.setData(ID_ROLE, prompt.id)
            self.prompt_list.addItem(entry)
        free = QListWidgetItem(FREE_WRITING)
        free.setData(ID_ROLE, None)
        self.prompt_list.addItem(free)
        self.prompt_list.setCurrentRow(0)
        self.start_button.setEnabled(True)

    def start_chosen(self) -> None:
        """Open a new reflection on the chosen module and prompt, ready to type."""
        module_item = self.module_list.currentItem()
        prompt_item = self.prompt_list.currentItem()
        if module_item is None or prompt_item is None:
            return
        self._open_draft(module_item.data(ID_ROLE), prompt_item.data(ID_ROLE))
        self.editor.setFocus()
        announce(self.editor, f"New reflection on {module_item.text()}. {prompt_item.text()}")

    def cancel_new(self) -> None:
        if self.reflection_id is not None:
            self.open_reflection(self.reflection_id)
        elif self.module_id is not None and self.editor.toPlainText():
            self.right.setCurrentWidget(self.editor_panel)
        else:
            self.module_id = self.prompt_id = None
            self._show_welcome()
        self.new_button.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.right.currentWidget() is self.chooser:
            self.cancel_new()
            return
        super().keyPressEvent(event)

    # Delete and Undo ------------------------------------------------------------------

    def delete_current(self) -> None:
        """Delete the open reflection after asking; offer Undo straight after."""
        self.flush()
        if self.reflection_id is None:  # nothing stored: just put the blank draft away
            self.module_id = self.prompt_id = None
            self._show_welcome()
            return
        entry = self.journal.entry(self.reflection_id)
        if entry is None:
            return
        confirmed = dialogs.ask_yes_no(
            self,
            "Delete this reflection?",
            f"Your reflection on “{entry.module_title}”, last changed "
            f"{when_in_sentence(entry.updated)}, will be deleted.\n\n"
            "You can undo this straight afterwards, while the journal is open.",
            yes="Delete reflection",
            no="Keep it",
        )
        if not confirmed:
            return
        try:
            self._deleted = self.journal.delete(entry.id)
        except StoreError as error:
            dialogs.show_error(self, "Could not delete the reflection", error.message)
            return
        self.reflection_id = self.module_id = self.prompt_id = None
        self._loading = True
        self.editor.clear()
        self._loading = False
        self._refresh_list()
        self._show_welcome()
        message = f"Reflection on “{entry.module_title}” deleted."
        self.undo_label.setText(message)
        self.undo_bar.setVisible(True)
        self.undo_button.setFocus()
        announce(self.undo_label, message + " Choose Undo to bring it back.")

    def undo_delete(self) -> None:
        """Put the last deleted reflection back and open it."""
        if self._deleted is None or self._deleted.profile_id != self.profile_id:
            self._hide_undo()
            return
        restored = self._deleted
        try:
            self.journal.restore(restored)
        except StoreError as error:
            dialogs.show_error(self, "Could not bring the reflection back", error.message)
            return
        self._deleted = None
        self._hide_undo()
        self.reflection_id = None
        self._refresh_list()
        self.open_reflection(restored.id)
        self.editor.setFocus()
        announce(self.editor, "Reflection restored.")

    def _hide_undo(self) -> None:
        self.undo_bar.setVisible(False)
        self.undo_label.setText("")
