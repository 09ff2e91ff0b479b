"""The CPD records list's Status column drawn as status tags ("✎ Draft", "✓ Ready").

The cell keeps its plain text ("Draft", "Ready"), so screen readers, sorting and tests
read what they always did; only the painting changes, to the same pill the year panel
and the home page use, so ready and draft read at a glance (after Anki's deck list).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QApplication,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
)

from desktop.ui.design.components import paint_pill
from desktop.ui.design.tokens import SPACE_S, SPACE_XS, Status, status_label

STATES = {"Ready": Status.READY, "Draft": Status.DRAFT}

Index = QModelIndex | QPersistentModelIndex


class StatusTagDelegate(QStyledItemDelegate):
    """Paints a "Ready"/"Draft" cell as its status tag; any other text as usual."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        status = STATES.get(str(index.data() or ""))
        if status is None:
            super().paint(painter, option, index)
            return
        cell = QStyleOptionViewItem(option)
        self.initStyleOption(cell, index)
        cell.text = ""  # the row's background and selection as usual, the words in the pill
        style = cell.widget.style() if cell.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, cell, painter, cell.widget)
        label = status_label(status)
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(label) + 2 * SPACE_S
        height = min(metrics.height() + 4, option.rect.height() - 2)
        top = option.rect.top() + (option.rect.height() - height) / 2
        pill = QRectF(option.rect.left() + SPACE_XS, top, width, height)
        painter.save()
        painter.setFont(option.font)
        paint_pill(painter, pill, pill, status, label)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        hint = super().sizeHint(option, index)
        status = STATES.get(str(index.data() or ""))
        if status is None:
            return hint
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(status_label(status)) + 2 * SPACE_S + 2 * SPACE_XS
        return QSize(max(hint.width(), width), max(hint.height(), metrics.height() + 6))
