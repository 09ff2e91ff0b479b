"""Who the running app says it is to the desktop: its icon and its desktop entry's name.

The window icon comes from the PNGs rendered from assets/icons/app/prism.svg (PNG, not
the SVG, so the launch does not load Qt's SVG icon engine first). The desktop file name
lets Wayland compositors and X11 task bars match the window to the installed
`org.prism_learning.Prism.desktop` entry (its icon and name) instead of a generic one.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from desktop import APP_ID

WINDOW_ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def app_icon(assets: Path) -> QIcon:
    """Prism's icon in each rendered size (empty if the files are missing)."""
    icon = QIcon()
    folder = assets / "icons" / "app"
    for size in WINDOW_ICON_SIZES:
        path = folder / f"prism-{size}.png"
        if path.is_file():
            icon.addFile(str(path), QSize(size, size))  # the size given: no header read
    return icon


def apply_identity(app: QGuiApplication, assets: Path) -> None:
    """Set the application's window icon and desktop file name (before any window shows)."""
    QGuiApplication.setDesktopFileName(APP_ID)
    icon = app_icon(assets)
    if not icon.isNull():
        app.setWindowIcon(icon)
