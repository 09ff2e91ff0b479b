"""The module reader: contents panel, the text, previous/next and the module's activities."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, QUrl, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.services.startup import Services
from desktop.ui.design.components import page_layout
from desktop.ui.learning.browser import SafeBrowser
from desktop.ui.learning.next_step import StepButton, suggest
from desktop.ui.style import heading, muted
from desktop.ui.tree_wrap import wrap_tree_items

SAVE_DELAY_MS = 400


class ReaderPage(QWidget):
    """Reads one module; remembers the position as the learner scrolls."""

    navigate = Signal(str)  # "module:<id>", "quiz:<id>", "scenario:<id>", "home"
    link = Signal(QUrl)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.profile_id: str | None = None
        self.module_id: str | None = None
        self._toc_items: dict[str, QTreeWidgetItem] = {}  # anchor -> its contents entry
        self._restoring = False

        self.title = heading("")
        self.meta = muted("")
        self.toc = QTreeWidget()
        self.toc.setHeaderHidden(True)
        wrap_tree_items(self.toc)
        self.toc.setAccessibleName("Contents of this module")
        self.toc.itemActivated.connect(self._toc_jump)
        self.toc.itemClicked.connect(self._toc_jump)
        self.browser = SafeBrowser(services.assets)
        self.browser.setAccessibleName("Module text")
        self.browser.linkActivated.connect(self.link)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)

        self.previous_button = QPushButton("← &Previous module")
        self.next_button = QPushButton("&Next module →")
        # The module's activities: the one to do next is the primary button (next_step).
        self.quiz_button = StepButton("Take the &quiz")
        self.scenario_button = StepButton("Play the &scenario")
        self.reflect_button = StepButton("&Reflect on this module")
        self.next_line = muted("")
        self.next_line.setWordWrap(True)  # wraps at large text rather than widen the window
        self.next_line.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.reflect_button.setToolTip("Write in your journal, with this module's prompts")
        self.previous_button.clicked.connect(lambda: self._go_neighbour(0))
        self.next_button.clicked.connect(lambda: self._go_neighbour(1))
        self.quiz_button.clicked.connect(lambda: self.navigate.emit(f"quiz:{self.module_id}"))
        self.scenario_button.clicked.connect(
            lambda: self.navigate.emit(f"scenario:{self.module_id}")
        )

        self.reflect_button.clicked.connect(lambda: self.navigate.emit(f"journal:{self.module_id}"))

        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_position)
        self._last_saved: tuple[str, str, str | None, float] | None = None
        self._anchor_cache: tuple[tuple, list[tuple[int, str]]] | None = None

        side = QWidget()
        side_layout = QVBoxLayout(side)
        side_layout.setContentsMargins(0, 0, 0, 0)
        contents_label = QLabel("Contents")
        contents_label.setBuddy(self.toc)
        side_layout.addWidget(contents_label)
        side_layout.addWidget(self.toc)
        splitter = QSplitter()
        splitter.addWidget(side)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([300, 900])

        actions = QHBoxLayout()
        actions.addWidget(self.previous_button)
        actions.addStretch(1)
        for button in (self.reflect_button, self.scenario_button, self.quiz_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.next_button)

        layout = page_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.meta)
        layout.addWidget(splitter, 1)
        # Said in words above the buttons too: the filled button is not the only signal.
        layout.addWidget(self.next_line)
        layout.addLayout(actions)

    def open(
        self,
        profile_id: str,
        module_id: str,
        anchor: str | None = None,
        scroll: float | None = None,
    ) -> bool:
        module = self.services.course.module(module_id)
        if module is None:
            return False
        self.save_position()
        self.profile_id, self.module_id = profile_id, module_id
        self._last_saved = None
        page = self.services.reading.page(module_id)
        self.title.setText(module.title)
        self.title.setAccessibleName(module.title)
        self.meta.setText(f"About {module.minutes} minutes · {module.summary}")
        self._restoring = True
        self._anchor_cache = None
        self.browser.show_html(page.html)
        self._fill_toc(page.toc)
        previous, following = self.services.course.neighbours(module_id)
        self.previous_button.setEnabled(previous is not None)
        self.next_button.setEnabled(following is not None)
        self.quiz_button.setEnabled(module.quiz is not None)
        self.scenario_button.setEnabled(module.scenario is not None)
        # Not inside open() itself: the durable "opened" entry in the log (a synced
        # write), then which activity comes next, which reads it, in the next turn of
        # the event loop (a timer, so a caller that opens and moves on never waits).
        QTimer.singleShot(0, lambda: self._after_open(profile_id, module_id))
        if anchor is None and scroll is None:
            saved = self.services.reading.position(profile_id, module_id)
            if saved is not None:
                anchor, scroll = saved.anchor, saved.scroll
        # The scroll range is only known once the page has its final size.
        QTimer.singleShot(0, lambda: self._restore(anchor, scroll))
        self.browser.setFocus()
        return True

    def _after_open(self, profile_id: str, module_id: str) -> None:
        self.services.reading.opened(profile_id, module_id)
        self.show_next_step()

    def show_next_step(self) -> None:
        """Make the next activity the primary button and say which it is."""
        if self.profile_id is None or self.module_id is None:
            return
        module = self.services.course.module(self.module_id)
        if module is None:
            return
        status = next(
            (
                s
                for s in self.services.reading.statuses(self.profile_id)
                if s.module_id == module.id
            ),
            None,
        )
        step = suggest(status, module.quiz is not None, module.scenario is not None)
        buttons = {
            "quiz": self.quiz_button,
            "scenario": self.scenario_button,
            "reflect": self.reflect_button,
        }
        for name, button in buttons.items():
            button.set_primary(name == step.step)
        self.next_line.setText(step.line)

    def _restore(self, anchor: str | None, scroll: float | None) -> None:
        self._restoring = True
        bar = self.browser.verticalScrollBar()
        if scroll is not None and bar.maximum() == 0 and scroll > 0:
            # Laid out later than usual (a page built on first use, a slow machine):
            # restore once the document has its height, whenever that comes.
            module_id = self.module_id

            def when_laid_out(_low: int, high: int) -> None:
                if high > 0 or self.module_id != module_id:
                    bar.rangeChanged.disconnect(when_laid_out)
                    if self.module_id == module_id:
                        self._restore(anchor, scroll)

            bar.rangeChanged.connect(when_laid_out)
        if scroll is not None and bar.maximum() > 0:
            bar.setValue(round(scroll * bar.maximum()))
        elif anchor:
            self.browser.scrollToAnchor(anchor)
        else:
            bar.setValue(0)
        self._highlight_current()
        self._restoring = False

    def _fill_toc(self, entries: tuple) -> None:
        self.toc.clear()
        self._toc_items.clear()
        parent: QTreeWidgetItem | None = None
        for entry in entries:
            item = QTreeWidgetItem([entry.title])
            item.setData(0, Qt.ItemDataRole.UserRole, entry.anchor)
            self._toc_items[entry.anchor] = item
            if entry.level <= 2 or parent is None:
                self.toc.addTopLevelItem(item)
                parent = item
            else:
                parent.addChild(item)
        self.toc.expandAll()

    def _anchor_positions(self) -> list[tuple[int, str]]:
        """Where each heading anchor sits in the document, top to bottom, in pixels."""
        document = self.browser.document()
        layout = document.documentLayout()
        positions = []
        for number, name in self._anchor_blocks():
            block = document.findBlockByNumber(number)
            positions.append((round(layout.blockBoundingRect(block).top()), name))
        return sorted(positions)

    def _anchor_blocks(self) -> list[tuple[int, str]]:
        """(block number, anchor) of each heading in the contents, found once per
        document: walking every block and fragment in Python is most of the cost, and
        it is asked on every scroll. A new document (another module, a restyle) has
        another revision or length, and opening a module forgets the list."""
        document = self.browser.document()
        key = (document.revision(), document.characterCount(), tuple(self._toc_items))
        if self._anchor_cache is not None and self._anchor_cache[0] == key:
            return self._anchor_cache[1]
        wanted = self._toc_items.keys()
        found = []
        block = document.begin()
        while block.isValid():
            names = block.charFormat().anchorNames()
            it = block.begin()
            while not it.atEnd():
                names += it.fragment().charFormat().anchorNames()
                it += 1
            found += [(block.blockNumber(), name) for name in names if name in wanted]
            block = block.next()
        self._anchor_cache = (key, found)
        return found

    def current_anchor(self) -> str | None:
        top = self.browser.verticalScrollBar().value() + 40
        current = None
        for y, name in self._anchor_positions():
            if y <= top:
                current = name
        return current

    def _highlight_current(self) -> None:
        self.toc.setCurrentItem(self._toc_items.get(self.current_anchor()))

    def _scrolled(self, _value: int) -> None:
        self._highlight_current()
        if not self._restoring:
            self._save_timer.start()

    def scroll_fraction(self) -> float:
        bar = self.browser.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def save_position(self) -> None:
        self._save_timer.stop()
        if self.profile_id is None or self.module_id is None:
            return
        fraction = self.scroll_fraction()
        place = (self.profile_id, self.module_id, self.current_anchor(), fraction)
        if place == self._last_saved:
            return  # saved on leaving and asked again on the next open: one synced write
        self.services.reading.save_position(*place)
        self._last_saved = place
        bar = self.browser.verticalScrollBar()
        if bar.maximum() == 0 or bar.value() >= bar.maximum() - 4:
            self.services.reading.mark_read(self.profile_id, self.module_id)

    def _toc_jump(self, item: QTreeWidgetItem) -> None:
        anchor = item.data(0, Qt.ItemDataRole.UserRole)
        if anchor:
            self.browser.scrollToAnchor(anchor)

    def _go_neighbour(self, which: int) -> None:
        if self.module_id is None:
            return
        target = self.services.course.neighbours(self.module_id)[which]
        if target is not None:
            self.navigate.emit(f"module:{target.id}")

    def clear(self) -> None:
        """Forget the learner: used on switch learner and lock."""
        self.save_position()
        self.profile_id = self.module_id = None
        self.browser.clear()
        self.toc.clear()
        self._toc_items.clear()
        self.title.setText("")
        self.meta.setText("")
