"""Checks for clipped and overlapping text, used at 200% text and at QT_SCALE_FACTOR=2.

A label or button is clipped when the room its layout gave it is smaller than the
room its text needs (``sizeHint``, or ``heightForWidth`` for wrapped labels).
Two widgets overlap when their rectangles in the same parent intersect.
Also runnable as a script (``python -m tests.ui.layout_checks``) so a test can run
it in a fresh process with QT_SCALE_FACTOR set before Qt starts.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QLabel,
    QLayout,
    QMainWindow,
    QStackedWidget,
    QTreeWidget,
    QWidget,
)

SLACK = 1  # rounding between size hints and geometry


def _visible(root: QWidget, cls: type) -> list[QWidget]:
    return [w for w in root.findChildren(cls) if w.isVisible() and w.window() is root.window()]


def _name(widget: QWidget) -> str:
    text = widget.text() if hasattr(widget, "text") else ""
    return f"{type(widget).__name__} {text[:50]!r}"


def clipped(root: QWidget) -> list[str]:
    """Visible labels and buttons under ``root`` whose text does not fit their geometry."""
    problems = []
    for label in _visible(root, QLabel):
        if not label.text():
            continue
        size = label.size()
        if label.wordWrap():
            needed_height = label.heightForWidth(size.width())
            if needed_height > size.height() + SLACK:
                problems.append(
                    f"{_name(label)} needs {needed_height}px height, has {size.height()}px"
                )
        else:
            hint = label.sizeHint()
            if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
                problems.append(f"{_name(label)} needs {hint.toTuple()}, has {size.toTuple()}")
    for button in _visible(root, QAbstractButton):
        if not button.text():
            continue
        hint, size = button.sizeHint(), button.size()
        if hint.width() > size.width() + SLACK or hint.height() > size.height() + SLACK:
            problems.append(f"{_name(button)} needs {hint.toTuple()}, has {size.toTuple()}")
    return problems


def elided_items(root: QWidget) -> list[str]:
    """Tree entries (the reader's contents) cut short, on one line or wrapped."""
    problems = []
    for tree in _visible(root, QTreeWidget):
        metrics = tree.fontMetrics()
        items = [tree.topLevelItem(i) for i in range(tree.topLevelItemCount())]
        while items:
            item = items.pop()
            items.extend(item.child(i) for i in range(item.childCount()))
            rect = tree.visualItemRect(item)
            if not rect.isValid():
                continue
            # The item rectangle includes a few pixels of padding on each side.
            room = QRect(0, 0, rect.width() - 6, 100_000)
            if tree.wordWrap():
                flags = Qt.TextFlag.TextWordWrap
                cut = metrics.boundingRect(room, flags, item.text(0)).height() > rect.height()
            else:
                cut = metrics.horizontalAdvance(item.text(0)) > room.width()
            if cut:
                problems.append(f"{type(tree).__name__} entry {item.text(0)[:50]!r} is cut short")
    return problems


def _layout_widgets(layout: QLayout) -> list[QWidget]:
    widgets = []
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is not None:
            widgets.append(item.widget())
        elif item.layout() is not None:
            widgets.extend(_layout_widgets(item.layout()))
    return widgets


def overlapping(root: QWidget) -> list[str]:
    """Pairs of visible widgets placed by the same layout whose rectangles intersect."""
    problems = []
    for parent in [root, *root.findChildren(QWidget)]:
        layout = parent.layout()
        if layout is None or not parent.isVisible():
            continue
        placed = [w for w in _layout_widgets(layout) if w.isVisible()]
        for i, first in enumerate(placed):
            for second in placed[i + 1 :]:
                shared = first.geometry().intersected(second.geometry())
                if shared.width() > SLACK and shared.height() > SLACK:
                    problems.append(f"{_name(first)} overlaps {_name(second)}")
    return problems


def _needs(page: QWidget, width: int) -> tuple[int, int]:
    """The (width, height) a page needs at ``width``: wrapped text grows taller."""
    hint = page.minimumSizeHint()
    height = page.heightForWidth(width) if page.hasHeightForWidth() else hint.height()
    return hint.width(), max(height, hint.height())


def pages_that_do_not_fit(
    window: QMainWindow, width: int = 1280, height: int = 800, only_current: bool = False
) -> list[str]:
    """Stack pages whose content needs more room than a ``width`` x ``height`` window has.

    QStackedWidget asks every page, shown or not, so one page that cannot shrink
    (no scroll area round a long form) pushes the whole window past the screen.
    """
    stack = window.centralWidget()
    if not isinstance(stack, QStackedWidget):
        return []
    # The room the pages get in a window of the nominal size (menus and status bar aside).
    room_width = width - (window.width() - stack.width())
    room_height = height - (window.height() - stack.height())
    pages = (
        [stack.currentWidget()] if only_current else [stack.widget(i) for i in range(stack.count())]
    )
    problems = []
    for page in pages:
        needed_width, needed_height = _needs(page, room_width)
        if needed_width > room_width + SLACK or needed_height > room_height + SLACK:
            problems.append(
                f"{type(page).__name__} needs {needed_width}x{needed_height}, "
                f"a {width}x{height} window has {room_width}x{room_height}"
            )
    return problems


def layout_problems(window: QWidget, width: int = 1280, height: int = 800) -> list[str]:
    """Clipped, cut short or overlapping text, and a current page too big for the window."""
    problems = clipped(window) + elided_items(window) + overlapping(window)
    if isinstance(window, QMainWindow):
        problems += pages_that_do_not_fit(window, width, height, only_current=True)
    return problems


def _main(argv: list[str]) -> int:
    """Open the test course at QT_SCALE_FACTOR (set by the caller) and check each page."""
    import tempfile
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    from desktop.services.startup import start_services
    from desktop.ui.shell.main_window import MainWindow
    from tests.helpers.course_builder import write_course

    app = QApplication([])
    root = Path(tempfile.mkdtemp())
    write_course(root / "course")
    services = start_services(root / "course" / "content", root / "course" / "assets", root / "d")
    window = MainWindow(services)
    window.resize(1280, 800)
    window.show()
    profile = services.profiles.create("Priya")
    window.open_profile(profile.id)
    problems = []
    for page in ["home", "module:alpha", "quiz:alpha", "scenario:alpha", "about", "glossary"]:
        window.go(page)
        app.processEvents()
        problems += [f"{page}: {p}" for p in layout_problems(window)]
    if len(argv) > 1:
        window.go("module:alpha")
        app.processEvents()
        window.grab().save(argv[1])
    print("\n".join(problems) or "ok")
    services.close()
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv))
