"""The real Prism window, driven line by line from stdin, for the AT-SPI check.

Run with the project's Python on a display with an accessibility bus (tests/atspi/
bus.py makes one). It opens the shipped course over a fresh data folder with one
profile, shows the window, then obeys one command a line and answers each with one
JSON line, after letting Qt settle so the accessibility bus has caught up:

    go <target>      MainWindow.go (home, module:<id>, quiz:<id>, glossary, ...)
    answer           press 1 then Enter on the quiz question
    go-next-question the quiz's Next question
    key <Name>       press a key (Qt.Key_<Name>) on the focused widget
    view <slot>      a View menu action (larger, smaller, reset_text_size, ...)
    trigger <attr>   trigger a View menu action (e.g. spacing_action)
    popup-menu <t>   open the menu titled <t> (e.g. &Theme); close-menus closes them
    text-size <n>    text size in percent
    size <w> <h>     resize the window
    quit

The reply names the focused widget (class, accessible name, visible text).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QPoint, QSocketNotifier, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMenu

from desktop import paths
from desktop.services.startup import start_services


def _describe_focus() -> dict:
    widget = QApplication.focusWidget()
    if widget is None:
        return {"focus": None}
    text = widget.text() if isinstance(widget, (QAbstractButton, QLabel)) else ""
    return {
        "focus": type(widget).__name__,
        "focus_name": widget.accessibleName(),
        "focus_text": text,
        "focus_visible": widget.isVisible(),
    }


def main() -> int:
    data_dir = Path(sys.argv[1])
    app = QApplication(sys.argv[:1])
    app.setApplicationName("Prism")
    from desktop.ui.shell.main_window import MainWindow
    from desktop.ui.theme import appearance

    services = start_services(
        content=paths.content_dir(None),
        assets=paths.assets_dir(),
        data_dir=data_dir,
        cache_dir=data_dir / "cache",
    )
    services.preferences.mark_welcome_seen()
    if services.profiles.find("Alex") is None:
        services.profiles.create("Alex")
    appearance().apply_preferences(services.preferences.load(None))
    window = MainWindow(services, profile_name="Alex")
    window.show()
    window.raise_()
    window.activateWindow()

    def keep_active() -> None:
        # The window manager decides when a window is active; a popup closed from code
        # or a resize can leave none. A person would click the window: ask again.
        if not window.isActiveWindow():
            window.raise_()
            window.activateWindow()

    def reply(payload: dict) -> None:
        sys.stdout.write(json.dumps(payload) + "\n")
        sys.stdout.flush()

    def settle_then_reply(extra: dict | None = None, waited: int = 0) -> None:
        # The bridge sends its updates from the event loop: give it a few turns, and
        # on a busy machine, up to two seconds more for the window to hold focus.
        def done() -> None:
            if QApplication.focusWidget() is None and waited < 2000:
                keep_active()
                settle_then_reply(extra, waited + 250)
                return
            reply({"ok": True, "pid": app.applicationPid(), **_describe_focus(), **(extra or {})})

        QTimer.singleShot(250, done)

    def command() -> None:
        line = sys.stdin.readline()
        if not line:
            app.quit()
            return
        verb, _, rest = line.strip().partition(" ")
        if verb not in ("popup-menu", "quit"):
            keep_active()
        try:
            if verb == "quit":
                app.quit()
                return
            if verb == "go":
                window.go(rest)
            elif verb == "answer":  # as a keyboard user: key 1, then Enter
                quiz = window.quiz_page
                QTest.keyClick(QApplication.focusWidget() or quiz, Qt.Key.Key_1)
                QTest.keyClick(QApplication.focusWidget() or quiz, Qt.Key.Key_Return)
            elif verb == "go-next-question":
                window.quiz_page.advance()
            elif verb == "key":
                target = QApplication.focusWidget() or window
                QTest.keyClick(target, getattr(Qt.Key, f"Key_{rest}"))
            elif verb == "view":  # a View menu slot, as the menu item calls it
                getattr(window.view_menu, rest)()
            elif verb == "trigger":  # a View menu QAction by attribute, as a click would
                getattr(window.view_menu, rest).trigger()
            elif verb == "popup-menu":  # a menu of the window, open as on screen
                menu = next(m for m in window.findChildren(QMenu) if m.title() == rest)
                menu.popup(window.mapToGlobal(QPoint(80, 80)))
            elif verb == "close-menus":
                for menu in window.findChildren(QMenu):
                    menu.hide()
            elif verb == "text-size":
                appearance().apply(text_size=int(rest))
            elif verb == "size":
                width, height = (int(part) for part in rest.split())
                window.resize(width, height)
            elif verb != "ready":
                reply({"ok": False, "error": f"unknown command {verb}"})
                return
        except Exception as error:
            reply({"ok": False, "error": repr(error)})
            return
        settle_then_reply()

    notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
    notifier.activated.connect(command)
    code = app.exec()
    services.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
