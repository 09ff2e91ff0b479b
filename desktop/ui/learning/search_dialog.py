"""Search the course: type, see matching sections and glossary terms, press Enter to go.

Results update as the learner types (after a short pause), and the arrow keys move
through them without leaving the search field. Each result shows the section and
module with a snippet whose matched words are bold. Snippets come from the search
service as plain text plus match offsets; every piece is escaped here before the
bold marks are added, so nothing in the course is ever read as markup.
"""

from __future__ import annotations

import html

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QKeyEvent,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.search import SearchHit, SearchService
from desktop.ui.a11y import announce
from desktop.ui.style import heading, muted

__all__ = ["DEBOUNCE_MS", "SearchDialog", "hit_html", "marked_html"]

DEBOUNCE_MS = 150
"""Pause after the last key press before searching (keeps typing smooth)."""

START_TEXT = (
    "Type a word or phrase to search every module and the glossary.\n"
    "Results appear as you type; press Enter to open one."
)
TARGET_ROLE = Qt.ItemDataRole.UserRole
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
_PADDING = 6


def marked_html(text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """``text`` escaped, with the ``spans`` (start, end offsets) in bold."""
    parts = []
    position = 0
    for start, end in sorted(spans):
        if start < position or end <= start or end > len(text):
            continue  # overlapping or out-of-range spans are ignored, never trusted
        parts.append(html.escape(text[position:start]))
        parts.append(f"<b>{html.escape(text[start:end])}</b>")
        position = end
    parts.append(html.escape(text[position:]))
    return "".join(parts)


def hit_html(hit: SearchHit, muted_colour: str) -> str:
    """One result as rich text: section and module on the first line, snippet below."""
    return (
        f"<b>{html.escape(hit.section)}</b>"
        f'<span style="color: {muted_colour}"> · {html.escape(hit.title)}</span>'
        f"<br>{marked_html(hit.snippet, hit.spans)}"
    )


def hit_text(hit: SearchHit) -> str:
    """One result as plain text, for screen readers."""
    return f"{hit.section}, {hit.title}: {hit.snippet}"


class _ResultDelegate(QStyledItemDelegate):
    """Paints a result's rich text and sizes it to wrap in the list's width."""

    def __init__(self, view: QListWidget) -> None:
        super().__init__(view)
        self._view = view

    def _document(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> tuple[QTextDocument, QColor]:
        """The result laid out at the item's width, and the colour for its plain text."""
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        muted_role = text_role if selected else QPalette.ColorRole.PlaceholderText
        hit: SearchHit = index.data(HIT_ROLE)
        document = QTextDocument()
        document.setDefaultFont(option.font)
        document.setDocumentMargin(_PADDING)
        document.setHtml(hit_html(hit, palette.color(muted_role).name()))
        width = option.rect.width() if option.rect.width() > 0 else self._view.viewport().width()
        document.setTextWidth(max(80, width))
        return document, palette.color(text_role)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item_option = QStyleOptionViewItem(option)
        self.initStyleOption(item_option, index)
        item_option.text = ""  # the rich text is drawn below, over the selection
        widget = item_option.widget
        style = widget.style() if widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item_option, painter, widget)
        document, colour = self._document(option, index)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, colour)
        painter.save()
        painter.translate(option.rect.topLeft())
        painter.setClipRect(0, 0, option.rect.width(), option.rect.height())
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        item_option = QStyleOptionViewItem(option)
        # The item is as wide as the viewport less the list's spacing on each side.
        width = self._view.viewport().width() - 2 * self._view.spacing()
        item_option.rect.setWidth(width)
        document, _ = self._document(item_option, index)
        return QSize(width, round(document.size().height()))


class SearchDialog(QDialog):
    """The search box: emits ``navigate`` with a target for the main window's ``go``."""

    navigate = Signal(str)

    def __init__(
        self,
        search: SearchService,
        parent: QWidget | None = None,
        *,
        debounce_ms: int = DEBOUNCE_MS,
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._hits: list[SearchHit] = []
        self.setWindowTitle("Search the course")
        self.setModal(True)
        self.resize(760, 560)

        self.title = heading("Search the course", 2)
        self.field = QLineEdit()
        self.field.setPlaceholderText("Search the modules and glossary")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search the course")
        self.field.setAccessibleDescription(
            "Type to search. Up and Down move through the results; Enter opens one."
        )
        label = QLabel("&Find:")
        label.setBuddy(self.field)
        self.status = muted("")
        self.status.setAccessibleDescription("Search status")
        # Shown instead of the list when there is nothing to list: what to do next.
        self.placeholder = QLabel(START_TEXT)
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setMargin(24)
        self.placeholder.setAccessibleDescription("Search help")
        self.results = QListWidget()
        self.results.setAccessibleName("Search results")
        self.results.setWordWrap(True)
        self.results.setSpacing(2)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.results.setItemDelegate(_ResultDelegate(self.results))
        self.results.itemActivated.connect(self._activate)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(debounce_ms)
        self._timer.timeout.connect(self.run_search)
        self.field.textChanged.connect(self._timer.start)
        self.field.returnPressed.connect(self.open_current)
        self.field.installEventFilter(self)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(label)
        layout.addWidget(self.field)
        layout.addWidget(self.status)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(self.results)
        layout.addWidget(self.pages, 1)
        self._show_start()

    # Showing ---------------------------------------------------------------------------

    def present(self, query: str | None = None) -> None:
        """Show the dialog with the field focused and its text selected, ready to type."""
        if query is not None:
            self.field.setText(query)
            self.run_search()
        self.show()
        self.raise_()
        self.activateWindow()
        self.field.setFocus()
        self.field.selectAll()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self._search.ready:
            # Build the index just after the dialog appears, before the first key press.
            QTimer.singleShot(0, self._search.prepare)

    # Searching -------------------------------------------------------------------------

    def run_search(self) -> None:
        """Search for the field's text now (normally called after the typing pause)."""
        self._timer.stop()
        query = self.field.text()
        self._hits = self._search.search(query) if query.strip() else []
        self.results.clear()
        if not query.strip():
            self._show_start()
            return
        for hit in self._hits:
            item = QListWidgetItem(hit_text(hit))
            item.setData(TARGET_ROLE, hit.target)
            item.setData(HIT_ROLE, hit)
            self.results.addItem(item)
        if self._hits:
            self.pages.setCurrentWidget(self.results)
            count = len(self._hits)
            self.results.setCurrentRow(0)
            found = "1 result" if count == 1 else f"{count} results"
            if count >= 20:
                found = f"The first {count} results"
            self.status.setText(
                f"{found}. Use the arrow keys to choose one and press Enter to open it."
            )
            announce(self, f"{found}.")
        else:
            shown = query.strip()
            self._show_message(f"No matches for ‘{shown}’. Try a shorter word.")

    def _show_start(self) -> None:
        self._show_message(START_TEXT)

    def _show_message(self, text: str) -> None:
        self.status.setText("")
        self.placeholder.setText(text)
        self.pages.setCurrentWidget(self.placeholder)
        announce(self, text)

    @property
    def message(self) -> str:
        """What the dialog tells the learner now: the result count or the empty state."""
        if self.pages.currentWidget() is self.placeholder:
            return self.placeholder.text()
        return self.status.text()

    @property
    def hits(self) -> list[SearchHit]:
        """The results on show, best first."""
        return list(self._hits)

    # Going -----------------------------------------------------------------------------

    def open_current(self) -> None:
        """Open the chosen result (the first, if none was chosen)."""
        if self._timer.isActive():
            self.run_search()  # Enter pressed before the pause ended: search first
        item = self.results.currentItem() or self.results.item(0)
        if item is not None:
            self._activate(item)

    def _activate(self, item: QListWidgetItem) -> None:
        target = item.data(TARGET_ROLE)
        if target:
            self.accept()
            self.navigate.emit(target)

    # Keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (
                Qt.Key.Key_Up,
                Qt.Key.Key_Down,
                Qt.Key.Key_PageUp,
                Qt.Key.Key_PageDown,
            ):
                if self._timer.isActive():
                    self.run_search()
                self._move(event.key())
                return True
        return super().eventFilter(watched, event)

    def _move(self, key: int) -> None:
        count = self.results.count()
        if count == 0:
            return
        step = {
            Qt.Key.Key_Up: -1,
            Qt.Key.Key_Down: 1,
            Qt.Key.Key_PageUp: -5,
            Qt.Key.Key_PageDown: 5,
        }[Qt.Key(key)]
        row = min(count - 1, max(0, self.results.currentRow() + step))
        self.results.setCurrentRow(row)
        self.results.scrollToItem(self.results.currentItem())
        hit = self._hits[row]
        announce(self.results, f"{row + 1} of {count}: {hit_text(hit)}")
