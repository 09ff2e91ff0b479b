"""Dialogs and pages `prism --screenshot` can open that no `MainWindow.go` target reaches.

``prism --screenshot x.png --page dialog:<name>`` renders one of ``DIALOGS`` over the
window (as a person would see it); ``--page profiles`` shows the profile list. They
exist so every screen can be looked at in each theme and text size without clicking
(issue 21's screen pass), and so the docs can show them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QWidget

from desktop.ui.shell.main_window import MainWindow

DIALOGS = (
    "welcome",
    "shortcuts",
    "search",
    "restore",
    "packs",
    "sync",
    "consent",
    "rename",
    "colour",
    "delete-profile",
    "protect",
    "unlock",
    "certificates",
    "cpd-draft",
    "error",
)


def open_dialog(window: MainWindow, name: str) -> QWidget | None:
    """Build and show the dialog called ``name`` over ``window``; None if unknown or it
    needs an open profile and none is open."""
    build = _BUILDERS.get(name)
    if build is None:
        return None
    dialog = build(window)
    if dialog is None:
        return None
    dialog.show()
    return dialog


def _profile(window: MainWindow):
    return window.services.profiles.get(window.profile_id) if window.profile_id else None


def _welcome(window: MainWindow) -> QDialog:
    from desktop.ui.shell.welcome import WelcomeDialog

    return WelcomeDialog(window)


def _shortcuts(window: MainWindow) -> QDialog:
    from desktop.ui.shell.shortcuts_page import ShortcutsDialog

    return ShortcutsDialog(window)


def _search(window: MainWindow) -> QWidget:
    dialog = window.search_dialog
    window.services.search.prepare()
    dialog.present("boundaries")  # type: ignore[attr-defined]
    return dialog


def _restore(window: MainWindow) -> QDialog:
    from desktop.ui.backups.actions import RestoreDialog

    return RestoreDialog(window.services.backups, lambda _message: None, window)


def _packs(window: MainWindow) -> QDialog:
    from desktop.ui.packs.manage_dialog import ManagePacksDialog

    dialog = ManagePacksDialog(window.pack_actions, window)
    dialog.reload()
    return dialog


def _sync(window: MainWindow) -> QDialog:
    from desktop.ui.sync.lrs_dialogs import OrganisationSyncDialog

    return OrganisationSyncDialog(window.services.data_dir, window)


def _consent(window: MainWindow) -> QDialog | None:
    from desktop.store.lrs_queue import LrsQueue
    from desktop.ui.sync.lrs_dialogs import ConsentDialog

    if window.profile_id is None:
        return None
    return ConsentDialog(LrsQueue(window.services.db), window.profile_id, window)


def _rename(window: MainWindow) -> QDialog | None:
    from desktop.ui.profiles.picker import RenameDialog

    profile = _profile(window)
    return RenameDialog(profile, window) if profile else None


def _colour(window: MainWindow) -> QDialog | None:
    from desktop.ui.profiles.picker import ColourDialog

    profile = _profile(window)
    return ColourDialog(profile, window) if profile else None


def _delete(window: MainWindow) -> QDialog | None:
    from desktop.ui.profiles.picker import DeleteProfileDialog

    profile = _profile(window)
    return DeleteProfileDialog(profile, parent=window) if profile else None


def _protect(window: MainWindow) -> QDialog | None:
    from desktop.ui.profiles.passphrase_dialogs import PassphraseAction, PassphraseDialog

    profile = _profile(window)
    if profile is None:
        return None
    return PassphraseDialog(window.services, profile, PassphraseAction.PROTECT, window)


def _unlock(window: MainWindow) -> QDialog | None:
    from desktop.ui.profiles.passphrase_dialogs import UnlockDialog

    profile = _profile(window)
    return UnlockDialog(window.services.passphrases, profile, window) if profile else None


def _certificates(window: MainWindow) -> QDialog | None:
    from desktop.ui.cpd.certificate_dialog import CertificateDialog

    if window.profile_id is None:
        return None
    return CertificateDialog(window.services, window.profile_id, window)


def _cpd_draft(window: MainWindow) -> QDialog | None:
    from desktop.ui.cpd.draft_dialog import CpdDraftDialog

    if window.profile_id is None:
        return None
    cpd = window.services.cpd
    modules = cpd.completed_modules(window.profile_id)
    return CpdDraftDialog(modules, cpd.list(window.profile_id), parent=window)


def _error(window: MainWindow) -> QDialog:
    from desktop.ui.shell.error_dialog import ErrorDialog

    report = "Prism 0.1.0 on Linux\nValueError: an example for the screenshot\n  at home.py:1"
    return ErrorDialog(
        report,
        title="Something went wrong",
        message="Prism hit a problem it did not expect. Your work is saved.",
        log_path=window.services.data_dir / "logs" / "prism.log",
        parent=window,
    )


_BUILDERS: dict[str, Callable[[MainWindow], QWidget | None]] = {
    "welcome": _welcome,
    "shortcuts": _shortcuts,
    "search": _search,
    "restore": _restore,
    "packs": _packs,
    "sync": _sync,
    "consent": _consent,
    "rename": _rename,
    "colour": _colour,
    "delete-profile": _delete,
    "protect": _protect,
    "unlock": _unlock,
    "certificates": _certificates,
    "cpd-draft": _cpd_draft,
    "error": _error,
}
