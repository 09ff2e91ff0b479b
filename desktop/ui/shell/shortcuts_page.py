"""Help > Keyboard shortcuts: every key the app answers to, grouped, in one list.

The menu groups are read from the window's own actions each time the dialog opens,
so the list never goes stale when a menu item or a key changes. Keys that pages
handle themselves (quiz answers, links in the reader) are listed from ``PAGE_KEYS``.
A two-column tree reads well with a screen reader: each row is "action, keys".
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QMainWindow,
    QMenu,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.ui.style import heading, muted, plain_mnemonic_text
from desktop.ui.tree_wrap import wrap_tree_items

# Keys handled inside pages and by Qt itself; checked by tests/ui/test_keyboard_journey.py.
PAGE_KEYS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Anywhere",
        (
            ("Move to the next control", "Tab"),
            ("Move to the previous control", "Shift+Tab"),
            ("Press the focused button, or tick the focused box", "Space"),
            ("Press a button or open a menu by its underlined letter", "Alt+letter"),
            ("Close a dialog without changing anything", "Esc"),
        ),
    ),
    (
        "Lists (profiles, modules, contents)",
        (
            ("Move up and down the list", "Up, Down"),
            ("Open the chosen item", "Enter"),
            ("Find a profile by typing part of its name", "Tab to Find, then type"),
        ),
    ),
    (
        "Reading a module",
        (
            ("Scroll the text", "Up, Down, Page Up, Page Down"),
            ("Move to the next link in the text", "Tab"),
            ("Follow the chosen link", "Enter"),
            ("Previous or next module", "Alt+P, Alt+N"),
            ("Take the quiz, play the scenario", "Alt+Q, Alt+S"),
        ),
    ),
    (
        "Quiz",
        (
            ("Choose answer 1 to 9 (or tick it when more than one may be right)", "1 … 9"),
            ("Move between answers", "Up, Down"),
            ("Answer, then go to the next question", "Enter"),
        ),
    ),
    (
        "Case scenario",
        (
            ("Make choice 1 to 9", "Alt+1 … Alt+9"),
            ("Continue after a choice", "Alt+C"),
        ),
    ),
)


def plain_text(action_text: str) -> str:
    """Menu text without mnemonics ("&&" is a literal ampersand) or a trailing ellipsis."""
    return plain_mnemonic_text(action_text).removesuffix("...").removesuffix("…").strip()


def keys_text(action: QAction) -> str:
    """ "Ctrl+= or Ctrl++", in the platform's own spelling."""
    names = [s.toString(QKeySequence.SequenceFormat.NativeText) for s in action.shortcuts()]
    return " or ".join(name for name in names if name)


def menu_groups(window: QMainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(action, keys)]) for every menu action with a shortcut, menu order."""
    groups: list[tuple[str, list[tuple[str, str]]]] = []
    seen: set[int] = set()

    def walk(menu: QMenu, title: str) -> None:
        rows: list[tuple[str, str]] = []
        for action in menu.actions():
            if action.isSeparator():
                continue
            if action.menu() is not None:
                walk(action.menu(), f"{title} › {plain_text(action.text())}")
            elif action.shortcuts() and id(action) not in seen:
                seen.add(id(action))
                rows.append((plain_text(action.text()), keys_text(action)))
        if rows:
            groups.append((title, rows))

    for top in window.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), f"{plain_text(top.text())} menu")
    # Window-wide actions not in any menu still answer to their keys: list them too.
    loose = [
        (plain_text(a.text()), keys_text(a))
        for a in window.actions()
        if a.shortcuts() and id(a) not in seen and a.text()
    ]
    if loose:
        groups.append(("Other keys", loose))
    return groups


class ShortcutsDialog(QDialog):
    """Lists every keyboard shortcut; Esc or Enter closes it."""

    def __init__(self, window: QMainWindow, parent: QWidget | None = None) -> None:
        super().__init__(parent or window)
        self.setWindowTitle("Keyboard shortcuts")
        self.tree = QTreeWidget()
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setAccessibleName("Keyboard shortcuts")
        self.tree.setAccessibleDescription(
            "Each row is an action and the keys that do it, grouped by menu and by page."
        )
        self.tree.setAlternatingRowColors(True)
        wrap_tree_items(self.tree)  # long descriptions wrap rather than end in "…"
        self._fill(window)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText("&Close")
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Keyboard shortcuts"))
        layout.addWidget(
            muted(
                "Everything in Prism works from the keyboard. Menus show their keys too: "
                "press Alt and the underlined letter to open one."
            )
        )
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        self.resize(metrics.averageCharWidth() * 90, metrics.height() * 34)
        self.tree.setFocus()

    def _fill(self, window: QMainWindow) -> None:
        groups = menu_groups(window) + [(title, list(rows)) for title, rows in PAGE_KEYS]
        bold = QFont(self.tree.font())
        bold.setBold(True)
        for title, rows in groups:
            group = QTreeWidgetItem([title, ""])
            group.setFont(0, bold)
            group.setFlags(group.flags() & ~Qt.ItemFlag.ItemIsSelectable)
            self.tree.addTopLevelItem(group)
            for text, keys in rows:
                QTreeWidgetItem(group, [text, keys])
        self.tree.expandAll()
        self.tree.setColumnWidth(0, self.fontMetrics().averageCharWidth() * 56)
        first = self.tree.topLevelItem(0)
        if first is not None and first.childCount():
            self.tree.setCurrentItem(first.child(0))

    def rows(self) -> list[tuple[str, str, str]]:
        """(group, action, keys) for every row, top to bottom (for tests and checks)."""
        result = []
        for g in range(self.tree.topLevelItemCount()):
            group = self.tree.topLevelItem(g)
            for c in range(group.childCount()):
                child = group.child(c)
                result.append((group.text(0), child.text(0), child.text(1)))
        return result
