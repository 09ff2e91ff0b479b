"""The accessible-name sweep: every control a keyboard user can reach must have a name.

Names are read the way a screen reader gets them, through Qt's accessibility
interface (``QAccessibleInterface.text(Name)``), so whatever Qt counts as a name
counts here: a button's text (mnemonic removed), a QLabel buddy's text for an
edit box, or an explicit ``setAccessibleName``. Use ``assert_all_named(page)``
after bringing a page into the state to check (controls only count when visible).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractScrollArea, QWidget


def accessible_name(widget: QWidget) -> str:
    """The name assistive technology announces for ``widget`` ("" when it has none)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return ""
    return (interface.text(QAccessible.Text.Name) or "").strip()


def _is_viewport(widget: QWidget) -> bool:
    # A scroll area's viewport is part of the area, which carries the name.
    parent = widget.parentWidget()
    return isinstance(parent, QAbstractScrollArea) and parent.viewport() is widget


def focusable_widgets(root: QWidget) -> list[QWidget]:
    """Visible widgets under ``root`` (and ``root``) that Tab or a click can focus."""
    candidates = [root, *root.findChildren(QWidget)]
    return [
        w
        for w in candidates
        if w.focusPolicy() != Qt.FocusPolicy.NoFocus
        and w.isVisible()
        and w.focusProxy() is None
        and not _is_viewport(w)
    ]


def describe(widget: QWidget) -> str:
    """Enough to find the widget in the code: class, object name, text or placeholder."""
    hints = [type(widget).__name__]
    if widget.objectName():
        hints.append(f"objectName={widget.objectName()!r}")
    for attribute in ("text", "placeholderText", "toolTip"):
        getter = getattr(widget, attribute, None)
        value = getter() if callable(getter) else ""
        if isinstance(value, str) and value:
            hints.append(f"{attribute}={value[:40]!r}")
    parent = widget.parentWidget()
    while parent is not None and parent.parentWidget() is not None:
        if type(parent).__module__.startswith("desktop."):
            hints.append(f"in {type(parent).__name__}")
            break
        parent = parent.parentWidget()
    return " ".join(hints)


def unnamed(root: QWidget) -> list[str]:
    """Descriptions of the focusable widgets under ``root`` that have no accessible name."""
    return [describe(w) for w in focusable_widgets(root) if not accessible_name(w)]


def assert_all_named(root: QWidget) -> None:
    """Fail, listing each one, if any focusable visible widget under ``root`` has no name."""
    missing = unnamed(root)
    assert not missing, "Focusable widgets without an accessible name:\n  " + "\n  ".join(missing)


def _plain(text: str) -> str:
    from PySide6.QtGui import QTextDocumentFragment

    if "<" in text:
        text = QTextDocumentFragment.fromHtml(text).toPlainText()
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return " ".join(text.split())


def _words(text: str) -> list[str]:
    import re

    return re.findall(r"[\w'’.:,;?!-]+", text)


def labels_hiding_text(root: QWidget) -> list[str]:
    """Visible labels whose accessible name does not carry the text they show.

    A status line ("Saved at 16:12", "Not rated yet") named by what it is ("Save
    status") is silent about what it says: the name must include the visible text.
    """
    from PySide6.QtWidgets import QLabel

    hidden = []
    for label in root.findChildren(QLabel):
        shown = _plain(label.text())
        if not shown or not label.isVisible():
            continue
        name = accessible_name(label)
        # Compared word by word: a bullet or a status symbol may be spoken as words.
        if " ".join(_words(shown)[:10]) not in " ".join(_words(name)):
            hidden.append(f"{shown[:60]!r} is read as {name[:60]!r}")
    return hidden


def names_missing_their_label(root: QWidget) -> list[str]:
    """Visible buttons whose spoken name does not contain the words shown on them
    (WCAG 2.5.3 Label in Name: a voice-control user says what they see)."""
    from PySide6.QtWidgets import QAbstractButton

    missing = []
    for button in root.findChildren(QAbstractButton):
        shown = _plain(button.text())
        if not button.isVisible() or not any(c.isalpha() for c in shown):
            continue  # a bare option number ("1.") names nothing a voice user would say
        name = accessible_name(button)
        if " ".join(_words(shown)).lower() not in " ".join(_words(name)).lower():
            missing.append(f"{shown!r} is named {name!r}")
    return missing
