"""The first window fits the screen it opens on.

The window used to open at 1280x800 whatever the screen, so on a 1366x768 laptop its
bottom row (Answer, Next question, Open module) was below the screen edge, and
keyboard focus went there. Now it opens at 1280x800 or the available area, whichever
is smaller, centred within that area (below any panel), leaving room for the title bar.
"""

from __future__ import annotations

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

# The window manager's title bar and borders, which resize() does not include; the
# real frame is only known once the window is shown.
FRAME_ALLOWANCE = (16, 40)


def fit_to_screen(window: QWidget, wanted: tuple[int, int]) -> None:
    """Size ``window`` to ``wanted`` or less, and place it within the available screen.

    On the offscreen platform (tests, ``--screenshot``) the nominal 800x800 screen
    is no one's: the window keeps ``wanted`` there, so pictures and checks are made
    at the documented size.
    """
    if QGuiApplication.platformName() == "offscreen":
        window.resize(*wanted)
        return
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        window.resize(*wanted)
        return
    area = screen.availableGeometry()
    width = min(wanted[0], area.width() - FRAME_ALLOWANCE[0])
    height = min(wanted[1], area.height() - FRAME_ALLOWANCE[1])
    window.resize(width, height)
    left = area.x() + (area.width() - width - FRAME_ALLOWANCE[0]) // 2
    top = area.y() + (area.height() - height - FRAME_ALLOWANCE[1]) // 2
    window.move(max(area.x(), left), max(area.y(), top))
