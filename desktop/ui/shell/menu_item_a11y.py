"""Checkable menu items as screen readers expect them: radio items and check items.

Qt exposes every menu item with the one role ``MenuItem``; a checkable one only gains
the ``checkable``/``checked`` states, which Orca does not read as "radio" or "check"
on a menu item. So the View menu's themes (one of three, an exclusive group) were
heard as three plain items and "Extra spacing" as one that never said whether it was
on. Qt builds a menu item's interface by asking ``QAccessible.queryAccessibleInterface``
for its action first, so a factory can answer for checkable actions: role
``RadioButton`` in an exclusive group, ``CheckBox`` otherwise, with Qt's own states.
Every other action gets Qt's default item. Nothing here runs unless assistive
technology (or a test) asks for a menu's children.
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QObject, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAction
from PySide6.QtWidgets import QMenu

Role = QAccessible.Role


def _menu_of(action: QAction) -> QMenu | None:
    for owner in action.associatedObjects():
        if isinstance(owner, QMenu):
            return owner
    return None


class _CheckableMenuItem(QAccessibleInterface):
    """A checkable action in a menu, as a radio or check item."""

    def __init__(self, action: QAction, menu: QMenu) -> None:
        super().__init__()
        self._action = action
        self._menu = menu

    def isValid(self) -> bool:
        return shiboken6.isValid(self._action) and shiboken6.isValid(self._menu)

    def object(self) -> QObject | None:
        return self._action

    def window(self):
        return self._menu.window().windowHandle()

    def relations(self, _match=None):
        return []

    def focusChild(self) -> QAccessibleInterface | None:
        return None

    def childAt(self, _x: int, _y: int) -> QAccessibleInterface | None:
        return None

    def parent(self) -> QAccessibleInterface | None:
        return QAccessible.queryAccessibleInterface(self._menu)

    def child(self, _index: int) -> QAccessibleInterface | None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, _child: QAccessibleInterface) -> int:
        return -1

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self._action.iconText()  # the text without its "&" mnemonic marks
        if kind == QAccessible.Text.Description:
            return self._action.statusTip()
        if kind == QAccessible.Text.Accelerator:
            return self._action.shortcut().toString()
        return ""

    def setText(self, _kind, _text) -> None:
        return None

    def rect(self) -> QRect:
        place = self._menu.actionGeometry(self._action)
        return QRect(self._menu.mapToGlobal(place.topLeft()), place.size())

    def role(self) -> QAccessible.Role:
        group = self._action.actionGroup()
        if group is not None and group.isExclusive():
            return Role.RadioButton
        return Role.CheckBox

    def state(self) -> QAccessible.State:
        # As Qt's own menu item reports them.
        state = QAccessible.State()
        action = self._action
        state.invisible = not (self._menu.isVisible() and action.isVisible())
        state.focused = self._menu.activeAction() is action
        state.disabled = not action.isEnabled()
        state.checkable = True
        state.checked = action.isChecked()
        return state


_installed = False
# Qt takes the interfaces it is given but does not keep their Python side alive.
_kept: dict[int, _CheckableMenuItem] = {}


def install_checkable_menu_items() -> None:
    """Install the factory once (before any menu item's interface is made)."""
    global _installed
    if _installed:
        return
    _installed = True

    def factory(_class_name: str, action: QObject) -> QAccessibleInterface | None:
        if not isinstance(action, QAction) or not action.isCheckable():
            return None
        menu = _menu_of(action)
        if menu is None:
            return None
        key = id(action)
        interface = _kept.get(key)
        if interface is None:
            interface = _kept[key] = _CheckableMenuItem(action, menu)
            action.destroyed.connect(lambda *_: _kept.pop(key, None))
        return interface

    QAccessible.installFactory(factory)
