"""Tree rows that wrap long text onto more lines instead of ending it in "…".

Kept out of ``style`` so the launch, which shows no tree, never loads the tree and
item-view classes (a few ms of PySide type set-up).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QRect, QSize
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem, QTreeView


class _WrappingItemDelegate(QStyledItemDelegate):
    """Gives each row the height its wrapped text needs at the column's current width.

    Qt's QTreeView passes no width to the delegate (PySide6 6.12: the option rect is
    -1 wide), so ``setWordWrap(True)`` alone wraps text inside rows one line high.
    """

    def __init__(self, view: QTreeView) -> None:
        super().__init__(view)
        self._view = view

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        view = self._view
        width = view.header().sectionSize(index.column())
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= view.indentation() * (depth + (1 if view.rootIsDecorated() else 0))
        wrapped = QStyleOptionViewItem(option)
        wrapped.rect = QRect(0, 0, max(1, width), 100_000)
        return super().sizeHint(wrapped, index)


def wrap_tree_items(tree: QTreeView) -> None:
    """Wrap long entries onto more lines instead of cutting them short with "…"."""
    tree.setWordWrap(True)
    tree.setUniformRowHeights(False)
    tree.setItemDelegate(_WrappingItemDelegate(tree))
    tree.header().setStretchLastSection(True)
    tree.header().sectionResized.connect(lambda *_: tree.doItemsLayout())
