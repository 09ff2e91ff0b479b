"""The course text as a document for screen readers: headings, paragraphs, lists,
links, figures and boxes as accessible objects, not one long label.

Qt exposes a QTextBrowser as a single text object (AT-SPI "label" with thousands of
characters): no headings to jump between, links that never take accessible focus, a
figure that is one U+FFFC character. Rendering the Markdown as separate widgets would
fix that but re-implement the reader (scroll restore, anchors, figure sizing, the
reading look) and cost a widget per paragraph on every module open. So the browser
keeps drawing the text, and a factory installed with ``QAccessible.installFactory``
gives it an interface whose children describe the laid-out ``QTextDocument``:

- a heading per ``<hN>`` block, with its level as the description ("level 2"): the
  AT-SPI ``level`` attribute needs ``interface_cast`` overridden, and any Python
  override of it crashes in PySide6 6.11 (shiboken fails converting the return);
- a paragraph per text block, its text as the name; lists and their items;
- a link per anchor, focusable, sent a focus event when Tab selects it;
- a figure (role Graphic) named and described by its alt text;
- key-points, example, note and warning boxes (one-cell tables) as sections named
  by their title.

The tree is built only when assistive technology asks for it (never on a module open
without one) and dropped whenever the text changes.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QObject, QPoint, QRect
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAccessibleInterface,
    QTextBlock,
    QTextCursor,
    QTextFormat,
)
from PySide6.QtWidgets import QAccessibleWidget, QTextBrowser, QWidget

Role = QAccessible.Role
OBJECT_REPLACEMENT = "\ufffc"


class _Node(QAccessibleInterface):
    """One object in the document: a heading, paragraph, list, item, link, figure or box."""

    def __init__(
        self,
        document: DocumentAccessible,
        parent: QAccessibleInterface,
        role: QAccessible.Role,
        name: str,
        span: tuple[int, int],
        *,
        description: str = "",
        level: int = 0,
        href: str = "",
    ) -> None:
        super().__init__()
        self._document = document
        self._parent = parent
        self._role = role
        self._name = name
        self._description = description
        self.span = span
        self.level = level
        self.href = href
        self.children: list[_Node] = []

    # -- the QAccessibleInterface contract ------------------------------------
    def isValid(self) -> bool:
        return self._document.alive(self)

    def object(self) -> QObject | None:
        return None

    def window(self):
        return self._document.browser_window()

    def relations(self, _match=None):
        return []

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        for child in self.children:
            if child.rect().contains(x, y):
                return child
        return None

    def parent(self) -> QAccessibleInterface:
        return self._parent

    def child(self, index: int) -> QAccessibleInterface | None:
        return self.children[index] if 0 <= index < len(self.children) else None

    def childCount(self) -> int:
        return len(self.children)

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        for index, candidate in enumerate(self.children):
            if candidate is child:
                return index
        return -1

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._name
        if kind == QAccessible.Text.Description:
            return self._description
        if kind == QAccessible.Text.Value and self.href:
            return self.href
        return ""

    def setText(self, _kind, _text) -> None:
        return None

    def rect(self) -> QRect:
        return self._document.rect_of(self.span)

    def role(self) -> QAccessible.Role:
        return self._role

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.readOnly = True
        if self._role == Role.Link:
            state.focusable = True
            state.linked = True
            state.focused = self._document.focused_link() is self
        if not self._document.visible(self.span):
            state.offscreen = True
        return state


class DocumentAccessible(QAccessibleWidget):
    """The browser as a document whose children are the text's parts (see module doc)."""

    def __init__(self, browser: QTextBrowser) -> None:
        super().__init__(browser, Role.Document, browser.accessibleName())
        self._browser = browser
        self._nodes: list[_Node] | None = None  # None: not built for the current text
        self._all: set[int] = set()
        self._links: list[_Node] = []
        self._focused: _Node | None = None
        self._retired: list[_Node] = []
        browser.textChanged.connect(self._forget)
        browser.cursorPositionChanged.connect(self._cursor_moved)
        moved = getattr(browser, "linkFocusMoved", None)
        if moved is not None:
            moved.connect(self._cursor_moved)

    # -- building -------------------------------------------------------------
    def _tree(self) -> list[_Node]:
        if self._nodes is None:
            self._nodes = []
            self._links = []
            builder = _Builder(self)
            self._nodes = builder.build(self._browser.document())
        return self._nodes

    def register(self, node: _Node) -> None:
        self._all.add(id(node))
        if node.role() == Role.Link:
            self._links.append(node)

    def alive(self, node: _Node) -> bool:
        return id(node) in self._all and shiboken6.isValid(self._browser)

    def _forget(self) -> None:
        if self._nodes is None:
            return
        old, self._nodes = self._nodes, None
        self._all.clear()
        self._links = []
        self._focused = None
        self._retired.extend(old)  # Qt may still hold them: keep the Python side alive
        if QAccessible.isActive():
            QAccessible.updateAccessibility(
                QAccessibleEvent(self._browser, QAccessible.Event.ObjectReorder)
            )

    # -- geometry -------------------------------------------------------------
    def browser_window(self):
        handle = self._browser.window().windowHandle()
        return handle

    def rect_of(self, span: tuple[int, int]) -> QRect:
        browser = self._browser
        cursor = QTextCursor(browser.document())
        cursor.setPosition(span[0])
        first = browser.cursorRect(cursor)
        cursor.setPosition(max(span[0], span[1] - 1))
        last = browser.cursorRect(cursor)
        block = browser.document().findBlock(span[0])
        layout = browser.document().documentLayout()
        block_rect = layout.blockBoundingRect(block)
        left = round(block_rect.left()) - browser.horizontalScrollBar().value()
        width = max(1, round(block_rect.width()))
        top, bottom = first.top(), max(first.bottom(), last.bottom())
        origin = browser.viewport().mapToGlobal(QPoint(0, 0))
        return QRect(origin.x() + left, origin.y() + top, width, bottom - top + 1)

    def visible(self, span: tuple[int, int]) -> bool:
        viewport = self._browser.viewport()
        top_left = viewport.mapToGlobal(QPoint(0, 0))
        return self.rect_of(span).intersects(QRect(top_left, viewport.size()))

    # -- focus ----------------------------------------------------------------
    def focused_link(self) -> _Node | None:
        return self._focused if self._browser.hasFocus() else None

    def _cursor_moved(self) -> None:
        cursor = self._browser.textCursor()
        self._focused = None
        if not cursor.hasSelection() or not QAccessible.isActive():
            return
        start = cursor.selectionStart()
        for link in (node for node in self._links_built()):
            if link.span[0] <= start < link.span[1]:
                self._focused = link
                QAccessible.updateAccessibility(QAccessibleEvent(link, QAccessible.Event.Focus))
                return

    def _links_built(self) -> list[_Node]:
        self._tree()
        return self._links

    # -- the QAccessibleInterface contract ------------------------------------
    def childCount(self) -> int:
        return len(self._tree())

    def child(self, index: int) -> QAccessibleInterface | None:
        nodes = self._tree()
        return nodes[index] if 0 <= index < len(nodes) else None

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        for index, node in enumerate(self._tree()):
            if node is child:
                return index
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        for node in self._tree():
            if node.rect().contains(x, y):
                return node.childAt(x, y) or node
        return None

    def focusChild(self) -> QAccessibleInterface | None:
        return self.focused_link()

    def text(self, kind: QAccessible.Text) -> str:
        # The widget's name and description as they are now (the quiz renames its
        # feedback pane for the results; the scenario describes its situation).
        if kind == QAccessible.Text.Name:
            return self._browser.accessibleName()
        if kind == QAccessible.Text.Description:
            return self._browser.accessibleDescription()
        return super().text(kind)

    def state(self) -> QAccessible.State:
        state = super().state()
        state.readOnly = True
        state.focusable = True
        return state


class _Builder:
    """Walks a laid-out QTextDocument block by block into accessible nodes."""

    def __init__(self, document: DocumentAccessible) -> None:
        self._document = document

    def build(self, text_document) -> list[_Node]:
        nodes: list[_Node] = []
        block = text_document.begin()
        while block.isValid():
            block = self._add(block, nodes, self._document)
        return nodes

    def _add(
        self, block: QTextBlock, into: list[_Node], parent: QAccessibleInterface
    ) -> QTextBlock:
        """Add the object(s) starting at ``block``; return the block after them."""
        table = QTextCursor(block).currentTable()
        if table is not None and not isinstance(parent, _Node):
            return self._add_box(table, block, into, parent)
        text_list = block.textList()
        if text_list is not None:
            return self._add_list(text_list, block, into, parent)
        node = self._block_node(block, parent)
        if node is not None:
            into.append(node)
        return block.next()

    def _add_box(self, table, block: QTextBlock, into: list[_Node], parent) -> QTextBlock:
        start, end = table.firstPosition(), table.lastPosition()
        # A one-cell table is a box (key points, example...), titled by its first line.
        title = block.text().strip() if table.rows() * table.columns() == 1 else "Table"
        box = _Node(self._document, parent, Role.Section, title or "Box", (start, end))
        self._document.register(box)
        while block.isValid() and block.position() <= end:
            block = self._add(block, box.children, box)
        into.append(box)
        return block

    def _add_list(self, text_list, block: QTextBlock, into: list[_Node], parent) -> QTextBlock:
        start = block.position()
        items = _Node(self._document, parent, Role.List, "", (start, start))
        self._document.register(items)
        last = block
        while block.isValid() and _same_list(block.textList(), text_list):
            item = self._block_node(block, items, role=Role.ListItem)
            if item is not None:
                items.children.append(item)
            last = block
            block = block.next()
        items.span = (start, last.position() + max(1, last.length() - 1))
        items._name = f"List of {len(items.children)} items"
        into.append(items)
        return block

    def _block_node(
        self, block: QTextBlock, parent, role: QAccessible.Role | None = None
    ) -> _Node | None:
        text = block.text().replace(OBJECT_REPLACEMENT, "").strip()
        span = (block.position(), block.position() + max(1, block.length() - 1))
        images = _images(block)
        level = block.blockFormat().headingLevel()
        if not text and images:
            alt = " ".join(images)
            node = _Node(self._document, parent, Role.Graphic, alt, span, description=alt)
            self._document.register(node)
            return node
        if not text:
            return None
        if role is None:
            role = Role.Heading if level else Role.Paragraph
        if role == Role.Heading:
            node = _Node(
                self._document, parent, role, text, span, level=level, description=f"level {level}"
            )
        else:
            node = _Node(self._document, parent, role, text, span)
        self._document.register(node)
        for link_text, href, link_span in _links(block):
            link = _Node(self._document, node, Role.Link, link_text, link_span, href=href)
            self._document.register(link)
            node.children.append(link)
        return node


def _same_list(a, b) -> bool:
    return a is not None and shiboken6.getCppPointer(a)[0] == shiboken6.getCppPointer(b)[0]


def _images(block: QTextBlock) -> list[str]:
    """The alt text of each image in the block."""
    found = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        char_format = fragment.charFormat()
        if char_format.isImageFormat():
            alt = char_format.stringProperty(QTextFormat.Property.ImageAltText)
            found.append(alt or "Figure")
        it += 1
    return found


def _links(block: QTextBlock) -> list[tuple[str, str, tuple[int, int]]]:
    """(text, href, span) for each link in the block, neighbouring fragments merged."""
    found: list[tuple[str, str, tuple[int, int]]] = []
    it = block.begin()
    while not it.atEnd():
        fragment = it.fragment()
        char_format = fragment.charFormat()
        href = char_format.anchorHref() if char_format.isAnchor() else ""
        if href:
            start, end = fragment.position(), fragment.position() + fragment.length()
            if found and found[-1][1] == href and found[-1][2][1] == start:
                text, _, (first, _) = found[-1]
                found[-1] = (text + fragment.text(), href, (first, end))
            else:
                found.append((fragment.text(), href, (start, end)))
        it += 1
    return [(text.strip(), href, span) for text, href, span in found]


_installed = False
# Qt takes the interfaces it is given but does not keep their Python side alive.
_kept: dict[int, DocumentAccessible] = {}


def install_document_accessibility(is_document: Callable[[QObject], bool]) -> None:
    """Install the factory once; ``is_document`` says which widgets get the interface."""
    global _installed
    if _installed:
        return
    _installed = True

    def factory(_class_name: str, widget: QObject) -> QAccessibleInterface | None:
        if isinstance(widget, QWidget) and is_document(widget):
            key = id(widget)
            interface = _kept.get(key)
            if interface is None:
                interface = _kept[key] = DocumentAccessible(widget)  # type: ignore[arg-type]
                widget.destroyed.connect(lambda *_: _kept.pop(key, None))
            return interface
        return None

    QAccessible.installFactory(factory)
