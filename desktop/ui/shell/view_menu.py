"""The View menu (text size, theme, extra spacing), Help > Keyboard shortcuts, and the
Back/Forward history behind Alt+Left and Alt+Right.

``install_view_menu`` adds the menu to a window and keeps each profile's choices
(``PreferencesService``); ``install_back_forward`` adds Back and Forward to a menu
and remembers the pages ``go()`` opened. Both are called once by the main window.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QMenuBar

from desktop.services.preferences import (
    TEXT_SIZES,
    Preferences,
    PreferencesService,
    larger_text_size,
    smaller_text_size,
)
from desktop.ui.a11y import announce
from desktop.ui.shell.menu_item_a11y import install_checkable_menu_items
from desktop.ui.text_size import text_size_label
from desktop.ui.theme import THEME_LABELS, Theme, appearance

SHORTCUTS_KEYS = ("Ctrl+/", "Shift+F1")  # F1 is About this course


def _keys(*sequences: str | QKeySequence.StandardKey) -> list[QKeySequence]:
    """The key sequences without repeats: a platform's standard key is often one of ours,
    and an action holding the same sequence twice makes Qt call the shortcut ambiguous."""
    keys: list[QKeySequence] = []
    for sequence in sequences:
        for key in (
            QKeySequence.keyBindings(sequence)
            if not isinstance(sequence, str)
            else [QKeySequence(sequence)]
        ):
            if not key.isEmpty() and key not in keys:
                keys.append(key)
    return keys


def find_menu(menubar: QMenuBar, title: str) -> QMenu | None:
    """The menu whose title, without its & mnemonic, is ``title``."""
    for action in menubar.actions():
        menu = action.menu()
        if menu is not None and action.text().replace("&", "") == title:
            return menu
    return None


class ViewMenu(QObject):
    """Owns the View menu's actions and keeps them in step with the preferences in use."""

    def __init__(
        self,
        window: QMainWindow,
        menubar: QMenuBar,
        prefs: PreferencesService,
        profile_id_getter: Callable[[], str | None],
    ) -> None:
        super().__init__(window)
        self.window = window
        self.prefs = prefs
        self.profile_id = profile_id_getter
        self.appearance = appearance()
        self.shortcuts_dialog = None

        install_checkable_menu_items()  # themes heard as radio items, spacing as a check
        self.menu = QMenu("&View", menubar)
        self.larger_action = self._action("&Larger text", self.larger, "Ctrl+=", "Ctrl++")
        self.smaller_action = self._action("&Smaller text", self.smaller, "Ctrl+-")
        self.reset_action = self._action("&Reset text size", self.reset_text_size, "Ctrl+0")
        self.menu.addSeparator()
        theme_menu = self.menu.addMenu("&Theme")
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[Theme, QAction] = {}
        for theme, label in THEME_LABELS.items():
            action = QAction(label, self.theme_group, checkable=True)
            action.triggered.connect(lambda _=False, t=theme: self.set_theme(t))
            theme_menu.addAction(action)
            self.theme_actions[theme] = action
        self.spacing_action = QAction("E&xtra spacing for reading", self, checkable=True)
        self.spacing_action.setStatusTip(
            "Wider line, letter and word spacing in the course text, which many readers "
            "with dyslexia find easier."
        )
        self.spacing_action.toggled.connect(self.set_extra_spacing)
        self.menu.addAction(self.spacing_action)

        help_menu = find_menu(menubar, "Help")
        if help_menu is None:
            menubar.addMenu(self.menu)
            help_menu = menubar.addMenu("&Help")
        else:
            menubar.insertMenu(help_menu.menuAction(), self.menu)
        self.shortcuts_action = QAction("&Keyboard shortcuts", self.window)
        self.shortcuts_action.setShortcuts(_keys(*SHORTCUTS_KEYS))
        self.shortcuts_action.triggered.connect(self.show_shortcuts)
        help_menu.addAction(self.shortcuts_action)
        self.apply_profile(None)  # the machine's look, until someone signs in

    def _action(self, text: str, slot: Callable[[], None], *keys: str) -> QAction:
        # Parented to the window so the keys work on every page, menu open or not.
        action = QAction(text, self.window)
        action.setShortcuts(_keys(*keys))
        action.triggered.connect(slot)
        self.menu.addAction(action)
        return action

    # Applying -----------------------------------------------------------------------

    def apply_profile(self, profile_id: str | None) -> None:
        """Use the profile's saved look (the app-wide one when ``None``): call on open."""
        preferences = self.prefs.load(profile_id)
        self.appearance.apply_preferences(preferences)
        self._sync(preferences)

    def _change(self, message: str, **changes: object) -> None:
        preferences = self.prefs.update(self.profile_id(), **changes)
        self.appearance.apply_preferences(preferences)
        self._sync(preferences)
        announce(self.window, message)

    def _sync(self, preferences: Preferences) -> None:
        """Check the right theme and spacing, and grey out steps past either end."""
        self.larger_action.setEnabled(preferences.text_size < TEXT_SIZES[-1])
        self.smaller_action.setEnabled(preferences.text_size > TEXT_SIZES[0])
        self.theme_actions[Theme(preferences.theme)].setChecked(True)
        self.spacing_action.blockSignals(True)
        self.spacing_action.setChecked(preferences.extra_spacing)
        self.spacing_action.blockSignals(False)

    # Slots --------------------------------------------------------------------------

    def larger(self) -> None:
        size = larger_text_size(self.appearance.text_size)
        self._change(text_size_label(size), text_size=size)

    def smaller(self) -> None:
        size = smaller_text_size(self.appearance.text_size)
        self._change(text_size_label(size), text_size=size)

    def reset_text_size(self) -> None:
        self._change(text_size_label(TEXT_SIZES[0]), text_size=TEXT_SIZES[0])

    def set_theme(self, theme: Theme) -> None:
        name = THEME_LABELS[theme].replace("&", "")
        self._change(f"Theme: {name}", theme=str(theme))

    def set_extra_spacing(self, on: bool) -> None:
        self._change("Extra spacing on" if on else "Extra spacing off", extra_spacing=on)

    def show_shortcuts(self) -> None:
        from desktop.ui.shell.shortcuts_page import ShortcutsDialog

        self.shortcuts_dialog = ShortcutsDialog(self.window)
        self.shortcuts_dialog.open()


def install_view_menu(
    window: QMainWindow,
    menubar: QMenuBar,
    prefs: PreferencesService,
    profile_id_getter: Callable[[], str | None],
) -> ViewMenu:
    """Add View (before Help) and Help > Keyboard shortcuts to ``menubar``."""
    return ViewMenu(window, menubar, prefs, profile_id_getter)


# --------------------------------------------------------------------------- #
# Back and forward
# --------------------------------------------------------------------------- #


class NavigationHistory:
    """Pages visited, like a web browser's: going somewhere new drops the forward list."""

    def __init__(self, limit: int = 100) -> None:
        self._pages: list[str] = []
        self._index = -1
        self._limit = limit

    @property
    def current(self) -> str | None:
        return self._pages[self._index] if self._index >= 0 else None

    def visit(self, target: str) -> None:
        if target == self.current:
            return
        del self._pages[self._index + 1 :]
        self._pages.append(target)
        if len(self._pages) > self._limit:
            del self._pages[0]
        self._index = len(self._pages) - 1

    def can_go_back(self) -> bool:
        return self._index > 0

    def can_go_forward(self) -> bool:
        return self._index < len(self._pages) - 1

    def back(self) -> str | None:
        if not self.can_go_back():
            return None
        self._index -= 1
        return self.current

    def forward(self) -> str | None:
        if not self.can_go_forward():
            return None
        self._index += 1
        return self.current

    def clear(self) -> None:
        self._pages.clear()
        self._index = -1


class BackForward(QObject):
    """Back (Alt+Left) and Forward (Alt+Right) over the targets given to ``record``."""

    def __init__(self, window: QMainWindow, menu: QMenu, go: Callable[[str], None]) -> None:
        super().__init__(window)
        self.history = NavigationHistory()
        self._go = go
        self._moving = False
        self.back_action = QAction("&Back", window)
        self.back_action.setShortcuts(_keys("Alt+Left", QKeySequence.StandardKey.Back))
        self.back_action.triggered.connect(self.back)
        self.forward_action = QAction("&Forward", window)
        self.forward_action.setShortcuts(_keys("Alt+Right", QKeySequence.StandardKey.Forward))
        self.forward_action.triggered.connect(self.forward)
        first = menu.actions()[0] if menu.actions() else None
        menu.insertActions(first, [self.back_action, self.forward_action])
        menu.insertSeparator(first)
        self._update()

    def record(self, target: str) -> None:
        """Call at the start of ``go(target)``; moves made by Back and Forward are skipped."""
        if not self._moving:
            self.history.visit(target)
            self._update()

    def clear(self) -> None:
        """Forget the pages (on switching learner, so nobody steps into another's work)."""
        self.history.clear()
        self._update()

    def back(self) -> None:
        self._move(self.history.back())

    def forward(self) -> None:
        self._move(self.history.forward())

    def _move(self, target: str | None) -> None:
        if target is None:
            return
        self._moving = True
        try:
            self._go(target)
        finally:
            self._moving = False
            self._update()

    def _update(self) -> None:
        self.back_action.setEnabled(self.history.can_go_back())
        self.forward_action.setEnabled(self.history.can_go_forward())


def install_back_forward(
    window: QMainWindow, menu: QMenu, go: Callable[[str], None]
) -> BackForward:
    """Add Back and Forward at the top of ``menu`` (the Go menu)."""
    return BackForward(window, menu, go)
