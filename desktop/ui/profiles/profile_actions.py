"""File menu actions for profiles: Export profile…, Import profile… and Team summary….

The dialogs and the archive service behind them are imported when an action is first
used, so the menu costs the launch nothing but three actions.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from desktop.ui import dialogs

if TYPE_CHECKING:
    from desktop.services.startup import Services


def install_profile_actions(
    window: Any, file_menu: QMenu, services_getter: Callable[[], Services] | None = None
) -> list[QAction]:
    """Add Export profile…, Import profile… and Team summary… to ``file_menu``.

    ``window`` is the main window: its ``profile_id``/``profile_name`` say which
    profile is open, ``profiles_page`` is refreshed after an import.
    """

    def services() -> Services:
        return services_getter() if services_getter is not None else window.services

    def export() -> None:
        from desktop.ui.profiles import archive_dialogs

        profile_id = getattr(window, "profile_id", None)
        if profile_id is None:
            dialogs.show_info(
                window,
                "Open a profile first",
                "Choose your profile in the list, then use File \u203a Export profile…. "
                "You can also select any profile in the list and choose Export….",
            )
            return
        archive_dialogs.export_profile_flow(window, services(), profile_id, window.profile_name)

    def import_() -> None:
        from desktop.ui.profiles import archive_dialogs

        report = archive_dialogs.import_profile_flow(window, services())
        if report is None:
            return
        # Never build the profile list just to look at it.
        built = getattr(window, "built", None)
        page = built("profiles_page") if built else getattr(window, "profiles_page", None)
        stack = getattr(window, "stack", None)
        if page is not None and stack is not None and stack.currentWidget() is page:
            page.refresh(select=report.profile_id)
        elif getattr(window, "profile_id", None) == report.profile_id:
            window.go("home")  # the open profile gained work: show it

    def summary() -> None:
        from desktop.ui.profiles import archive_dialogs

        archive_dialogs.team_summary_flow(window, services())

    actions = []
    for text, slot in (
        ("E&xport profile…", export),
        ("&Import profile…", import_),
        ("&Team summary…", summary),
    ):
        action = QAction(text, window)
        action.triggered.connect(slot)
        file_menu.addAction(action)
        actions.append(action)
    return actions
