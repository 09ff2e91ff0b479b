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
    "recovery",
    "check-report",
    "changed-outside",
)


def open_team_session(window: MainWindow, *, ended: bool) -> bool:
    """Start a team session with everyone on this laptop (at most four) on the first
    module with a case scenario, and show its first decision with the recommended choice
    highlighted; with ``ended``, end it and show the summary. False if there is nobody.

    This writes as a facilitator would (a session, and with ``ended`` a draft CPD record
    for each person): take these pictures on demo data (scripts/make-screenshots.sh).
    """
    from datetime import date

    people = [p.id for p in window.services.profiles.list()][:4]
    modules = [m for m in window.services.course.modules if m.scenario is not None]
    if not people or not modules:
        return False
    window.go("team-session")
    page = window.team_session_page
    session = page.service.start(
        title=modules[0].title,
        session_date=date.today(),
        facilitator_name="Jo Bloggs",
        facilitator_role="Practice educator",
        module_id=modules[0].id,
        attendee_ids=people,
    )
    page.present(session.id)
    presenter = page.presenter
    while presenter.current.kind != "decision":
        presenter.next_slide()
    state = page.service.scenario_state(session)
    choices = state.node.choices if state is not None else ()
    recommended = next((i for i, c in enumerate(choices) if c.recommended), 0)
    presenter.select_choice(recommended + 1)
    if ended:
        presenter.confirm_choice()
        presenter.request_end()
        presenter.confirm_end()
    return True


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


def _recovery(window: MainWindow) -> QDialog:
    """The start-up question for a damaged file, in the words this data folder would get
    (with its newest backup, if it has one). Nothing is moved: only the words are made."""
    from desktop import paths
    from desktop.services.recovery import describe_problem
    from desktop.ui.backups.actions import RecoveryDialog

    database = paths.database_path(window.services.data_dir)
    problem = describe_problem("damaged", database, window.services.context.clock, "example")
    return RecoveryDialog(problem, window)


def _check_report(window: MainWindow) -> QDialog:
    """A check that repaired one thing and could not repair another: every section."""
    from desktop.store.integrity import CheckReport
    from desktop.ui.backups.actions import CheckReportDialog

    report = CheckReport(
        found=("The journal's search index was damaged.", "2 pages of the file were unreadable."),
        fixed=("Rebuilt the journal's search index.",),
        not_fixed=("2 pages of the file were unreadable; restore a backup to get them back.",),
        safety_copy=window.services.data_dir / "prism.db.before-check-2026-12-06T2100Z",
    )
    return CheckReportDialog(report, window, open_restore=lambda: None)


def _changed_outside(window: MainWindow) -> QWidget:
    """What an unlock says when a profile's settings were edited outside Prism."""
    from desktop.store.seal_ledger import (
        SETTINGS_NAMES,
        SUMMARY_TAKEN_OUT_NOTICE,
        put_back_notice,
    )
    from desktop.ui.dialogs import warning_box
    from desktop.ui.profiles.passphrase_dialogs import CHANGED_OUTSIDE_TITLE

    changed = [SETTINGS_NAMES["name"], SETTINGS_NAMES["colour"]]
    notices = [put_back_notice(changed), SUMMARY_TAKEN_OUT_NOTICE]
    return warning_box(window, CHANGED_OUTSIDE_TITLE, "\n\n".join(notices))


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
    "recovery": _recovery,
    "check-report": _check_report,
    "changed-outside": _changed_outside,
}
