"""Every focusable control on every screen has a name a screen reader can say.

The sweep (tests/ui/a11y_sweep.py) reads names through Qt's accessibility
interface, as Orca and NVDA do. Screens are visited in each state that shows
different controls (a quiz question, its feedback, the result...), and every
dialog is opened without blocking: built and ``show()``n, or opened the way the
page opens it (``open()``), with the ``desktop.ui.dialogs`` facade answered.

New pages and dialogs: add a case to SCREENS. A case gets a ``Visit`` (the
window with a learner, Priya, already open) and returns the dialog it opened, or
None when the screen is in the window; both are swept. A case may also sweep
states of its own along the way (``visit.sweep(widget)``).
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.privacy import scan_record
from desktop.services.recovery import StartProblem
from desktop.ui import dialogs
from desktop.ui.backups.actions import RecoveryDialog
from desktop.ui.cpd.privacy_dialog import PrivacyDialog
from desktop.ui.profiles.passphrase_dialogs import (
    ArchivePassphraseDialog,
    PassphraseAction,
    PassphraseDialog,
    UnlockDialog,
)
from desktop.ui.profiles.picker import ColourDialog, DeleteProfileDialog, RenameDialog
from desktop.ui.shell.error_dialog import ErrorDialog
from desktop.ui.shell.main_window import MainWindow
from desktop.ui.shell.shortcuts_page import ShortcutsDialog
from desktop.ui.shell.welcome import WelcomeDialog
from desktop.ui.style import WrappingButton, wrapping_choice
from desktop.ui.theme import reset_appearance
from tests.ui.a11y_sweep import (
    accessible_name,
    assert_all_named,
    labels_hiding_text,
    names_missing_their_label,
    unnamed,
)
from tests.ui.cpd_fakes import complete_module
from tests.ui.test_keyboard_journey import with_view_menu

PASSPHRASE = "correct horse battery staple"
SHIPPED_CAPABILITIES = (
    Path(__file__).resolve().parents[2] / "content" / "digital-capabilities" / "capabilities.yaml"
)


@pytest.fixture(autouse=True)
def _restore_look():
    yield
    reset_appearance()


@pytest.fixture(autouse=True)
def _answer_dialogs(monkeypatch):
    """No message box may block a sweep: questions are answered yes, notices noted."""
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *a, **k: True)
    monkeypatch.setattr(dialogs, "show_info", lambda *a, **k: None)
    monkeypatch.setattr(dialogs, "show_error", lambda *a, **k: None)


def test_the_sweep_finds_an_unnamed_control_and_accepts_qt_names(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    bare = QLineEdit()
    labelled = QLineEdit()
    label = QLabel("&Name:")
    label.setBuddy(labelled)
    named = QLineEdit()
    named.setAccessibleName("Search the course")
    button = QPushButton("&Open module")
    for widget in (bare, label, labelled, named, button):
        layout.addWidget(widget)
    qtbot.addWidget(page)
    page.show()
    assert accessible_name(labelled) == "Name:"  # a buddy label names its edit box
    assert accessible_name(button) == "Open module"  # button text, mnemonic removed
    problems = unnamed(page)
    assert len(problems) == 1 and problems[0].startswith("QLineEdit")
    with pytest.raises(AssertionError, match="QLineEdit"):
        assert_all_named(page)


# --------------------------------------------------------------------------- #
# Visiting a screen
# --------------------------------------------------------------------------- #


@dataclass
class Visit:
    """The window with Priya's profile open, and ways to put it in a state."""

    window: MainWindow
    qtbot: object
    monkeypatch: pytest.MonkeyPatch
    profile_id: str

    @property
    def services(self):
        return self.window.services

    def show(self, dialog: QDialog) -> QDialog:
        """Show a dialog without blocking (never exec()), as the sweep needs it."""
        self.qtbot.addWidget(dialog)
        dialog.show()
        self.settle()
        return dialog

    def settle(self) -> None:
        # New buttons are shown on the next turn of the event loop; replaced ones deleted.
        QApplication.processEvents()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        QApplication.processEvents()

    def sweep(self, widget: QWidget | None = None) -> None:
        self.settle()
        assert_all_named(widget or self.window)
        assert labels_hiding_text(widget or self.window) == []
        assert names_missing_their_label(widget or self.window) == []

    def complete(self, module_id: str = "alpha") -> None:
        """Read to the end and pass the quiz, through the real services."""
        complete_module(self.services, self.profile_id, module_id)

    def fail_quiz(self, module_id: str = "alpha") -> None:
        """One attempt with every answer wrong, so the questions wait to be refreshed."""
        quizzes = self.services.quizzes
        session = quizzes.start_new(self.profile_id, module_id)
        for question in session.questions:
            wrong = next(i for i, o in enumerate(question.options) if not o.correct)
            quizzes.answer(session, question.id, [wrong])
        quizzes.finish(session)

    def days_later(self, days: int = 2) -> None:
        later = self.services.refresh.today() + timedelta(days=days)
        self.monkeypatch.setattr(self.services.refresh, "today", lambda: later)

    def cpd_record(self, **changes):
        """A saved CPD draft made from the completed module alpha."""
        self.complete()
        cpd = self.services.cpd
        draft = cpd.draft_from_modules(self.profile_id, ["alpha"], include_reflections=False)
        return cpd.save(replace(draft, **changes))


Screen = Callable[[Visit], QWidget | None]


# Profiles ------------------------------------------------------------------------------


def _profiles(v: Visit) -> None:
    v.window.show_profiles()


def _profiles_no_match(v: Visit) -> None:
    v.window.show_profiles()
    v.window.profiles_page.filter.setText("zzz")


def _profile_rename(v: Visit) -> QWidget:
    v.window.show_profiles()
    return v.show(RenameDialog(v.services.profiles.find("Priya"), v.window))


def _profile_colour(v: Visit) -> QWidget:
    v.window.show_profiles()
    return v.show(ColourDialog(v.services.profiles.find("Priya"), v.window))


def _profile_delete(v: Visit) -> QWidget:
    v.window.show_profiles()
    return v.show(DeleteProfileDialog(v.services.profiles.find("Priya"), None, v.window))


def _profiles_one_protected(v: Visit) -> None:
    v.window.show_profiles()
    v.services.passphrases.protect(v.profile_id, PASSPHRASE, PASSPHRASE)
    v.window.profiles_page.refresh(select=v.profile_id)


def _passphrase_dialog(action: PassphraseAction) -> Screen:
    def visit(v: Visit) -> QWidget:
        v.window.show_profiles()
        profile = v.services.profiles.find("Priya")
        return v.show(PassphraseDialog(v.services, profile, action, v.window))

    return visit


def _unlock_wrong_passphrase(v: Visit) -> QWidget:
    v.window.show_profiles()
    v.services.passphrases.protect(v.profile_id, PASSPHRASE, PASSPHRASE)
    profile = v.services.profiles.find("Priya")
    dialog = v.show(UnlockDialog(v.services.passphrases, profile, v.window))
    v.sweep(dialog)  # as it opens
    dialog.passphrase.setText("not the passphrase")
    assert not dialog.try_unlock()
    assert dialog.message.isVisible()
    return dialog


def _import_passphrase(v: Visit) -> QWidget:
    v.window.show_profiles()
    why = "This profile's writing was protected on the other computer."
    return v.show(ArchivePassphraseDialog("Priya", why, v.window))


# Home, reader, quiz, scenario -----------------------------------------------------------


def _home(v: Visit) -> None:
    v.window.go("home")
    assert v.window.privacy_notice.isVisible()  # the once-only note about passphrases


def _home_with_progress(v: Visit) -> None:
    v.fail_quiz()
    v.complete()
    v.days_later()
    v.window.go("home")
    assert v.window.home_page.refresh_button.isVisible()


def _reader(v: Visit) -> None:
    v.window.go("module:alpha")


def _quiz_question(v: Visit) -> None:
    v.window.go("quiz:alpha")


def _quiz_one_answer_question(v: Visit) -> None:
    v.window.go("quiz:alpha")
    page = v.window.quiz_page
    page.options.buttons[0].setChecked(True)  # question 1 takes several answers
    page.submit()
    page.advance()
    assert isinstance(page.options.buttons[0], QRadioButton)


def _quiz_feedback(v: Visit) -> None:
    v.window.go("quiz:alpha")
    page = v.window.quiz_page
    page.options.buttons[0].setChecked(True)
    page.submit()


def _quiz_result(v: Visit) -> None:
    v.window.go("quiz:alpha")
    page = v.window.quiz_page
    while page.question is not None:
        page.options.buttons[0].setChecked(True)
        page.submit()
        page.advance()
    assert page.retake_button.isVisible()


def _scenario_choice(v: Visit) -> None:
    v.window.go("scenario:alpha")


def _scenario_consequence(v: Visit) -> None:
    v.window.go("scenario:alpha")
    v.window.scenario_page.choose(0)


def _scenario_debrief(v: Visit) -> None:
    v.window.go("scenario:alpha")
    page = v.window.scenario_page
    while not page.session.node.is_ending:
        page.choose(0)
        page._show_node()


# Journal ---------------------------------------------------------------------------------


def _journal_first_time(v: Visit) -> None:
    v.window.go("journal")
    assert v.window.journal_page.right.currentWidget() is v.window.journal_page.welcome


def _journal_list_and_editor(v: Visit) -> None:
    v.services.journal.start(v.profile_id, "alpha", "learned", "Reply times matter.")
    v.window.go("journal")
    page = v.window.journal_page
    assert page.right.currentWidget() is page.editor_panel


def _journal_new_reflection(v: Visit) -> None:
    v.services.journal.start(v.profile_id, "alpha", "learned", "Reply times matter.")
    v.window.go("journal")
    v.window.journal_page.choose_new()
    assert v.window.journal_page.right.currentWidget() is v.window.journal_page.chooser


def _journal_no_match(v: Visit) -> None:
    v.services.journal.start(v.profile_id, "alpha", "learned", "Reply times matter.")
    v.window.go("journal")
    v.window.journal_page.search.setText("zzz")
    v.window.journal_page.search_settled()  # as when typing pauses
    assert v.window.journal_page.list_empty.isVisible()


def _journal_undo(v: Visit) -> None:
    v.services.journal.start(v.profile_id, "alpha", "learned", "Reply times matter.")
    v.window.go("journal")
    v.window.journal_page.delete_current()  # "yes" from the facade
    assert v.window.journal_page.undo_bar.isVisible()


# Capabilities ------------------------------------------------------------------------------


def _capabilities(v: Visit) -> None:
    v.window.go("capabilities")
    assert v.window.capabilities_page.rows


def _capabilities_table(v: Visit) -> None:
    v.window.go("capabilities")
    page = v.window.capabilities_page
    page.rows[0].group.button(4).setChecked(True)
    page.save()
    page.rows[1].group.button(2).setChecked(True)  # and a change not saved yet
    page.table_button.setChecked(True)
    assert page.view_stack.currentWidget() is page.table


# Search ----------------------------------------------------------------------------------


def _search_start(v: Visit) -> QWidget:
    v.window.search_dialog.present()
    return v.window.search_dialog


def _search_results(v: Visit) -> QWidget:
    v.window.search_dialog.present("online")
    assert v.window.search_dialog.hits
    return v.window.search_dialog


def _search_no_results(v: Visit) -> QWidget:
    v.window.search_dialog.present("zzzqqq")
    assert not v.window.search_dialog.hits
    return v.window.search_dialog


# Refresh -----------------------------------------------------------------------------------


def _refresh_empty(v: Visit) -> None:
    v.window.go("refresh")
    assert not v.window.refresh_page.answer_button.isVisible()


def _refresh_question_feedback_summary(v: Visit) -> None:
    v.fail_quiz()
    v.days_later()
    v.window.go("refresh")
    page = v.window.refresh_page
    while page.current is not None:
        v.sweep()  # the question
        page.options.buttons[0].setChecked(True)
        page.submit()
        v.sweep()  # its feedback
        page.advance()
    assert page.progress_label.text() == "Refresh set complete"


# CPD ---------------------------------------------------------------------------------------


def _cpd_empty(v: Visit) -> None:
    v.window.go("cpd")
    assert v.window.cpd_page.empty.isVisible()


def _cpd_list(v: Visit) -> None:
    v.cpd_record()
    v.window.go("cpd")
    assert v.window.cpd_page.records.isVisible()


def _cpd_undo(v: Visit) -> None:
    v.cpd_record()
    v.window.go("cpd")
    v.window.cpd_page.delete_current()  # "yes" from the facade
    assert v.window.cpd_page.undo_bar.isVisible()


def _cpd_editor(v: Visit) -> None:
    record = v.cpd_record()
    v.window.go(f"cpd:record:{record.id}")
    assert v.window.cpd_page.stack.currentWidget() is v.window.cpd_page.editor


def _cpd_draft_dialog(v: Visit) -> QWidget:
    v.complete()
    v.window.go("cpd")
    v.window.cpd_page.create_from_learning()
    return v.window.cpd_page.draft_dialog


def _cpd_draft_dialog_nothing_done(v: Visit) -> QWidget:
    v.window.go("cpd")
    v.window.cpd_page.create_from_learning()
    return v.window.cpd_page.draft_dialog


def _cpd_privacy_dialog(v: Visit) -> QWidget:
    identifying = "I rang Mrs Smith on 07700 900123 and emailed jo@example.org."
    first = v.cpd_record(impact=identifying)
    second = v.cpd_record(title="Another record", learning=identifying)
    v.window.go("cpd")
    findings = [(r, scan_record(r)) for r in (first, second)]
    assert all(found for _, found in findings)
    return v.show(PrivacyDialog(findings, v.window))  # two records: the record chooser shows


def _cpd_export_dialog(v: Visit) -> QWidget:
    v.cpd_record()
    v.window.go("cpd")
    v.window.cpd_page.export()
    return v.window.cpd_page.export_dialog


def _cpd_certificates(v: Visit) -> QWidget:
    v.complete()
    v.window.go("cpd")
    v.window.cpd_page.certificates()
    return v.window.cpd_page.certificate_dialog


def _cpd_certificates_none(v: Visit) -> QWidget:
    v.window.go("cpd")
    v.window.cpd_page.certificates()
    return v.window.cpd_page.certificate_dialog


# Team session --------------------------------------------------------------------------------


def _team_setup(v: Visit) -> None:
    v.window.go("team-session")


def _start_team_session(v: Visit):
    v.window.go("team-session")
    page = v.window.team_session_page
    page.setup.facilitator.setText("Jo Bloggs")
    page.setup.people.item(0).setCheckState(Qt.CheckState.Checked)  # Priya attends
    page.setup.start_button.click()
    assert page.stack.currentWidget() is page.presenter, page.setup.message.text()
    return page


def _team_presenter_every_slide(v: Visit) -> None:
    presenter = _start_team_session(v).presenter
    for _ in range(20):
        v.sweep()
        if presenter.current.kind == "decision" and presenter.choice_group.buttons():
            presenter.select_choice(1)
            v.sweep()  # a choice highlighted
            presenter.confirm_choice()
            continue
        if presenter.current.kind == "wrap-up":
            break
        presenter.next_slide()
    assert presenter.current.kind == "wrap-up"
    presenter.request_end()
    assert presenter.pages.currentWidget() is presenter.end_panel


def _team_running_session_setup(v: Visit) -> None:
    page = _start_team_session(v)
    page.presenter.setup_button.click()
    assert page.setup.running_box.isVisible()


def _team_summary(v: Visit) -> None:
    page = _start_team_session(v)
    page.presenter.request_end()
    page.presenter.confirm_end_button.click()
    assert page.stack.currentWidget() is page.summary


# Backups, errors, start-up -------------------------------------------------------------------


def _backup_restore_list(v: Visit) -> QWidget:
    v.services.backups.back_up_now()
    dialog = v.window.backup_actions.open_restore_dialog()
    assert dialog.list.isVisible()
    return dialog


def _backup_restore_none(v: Visit) -> QWidget:
    v.monkeypatch.setattr(v.services.backups, "list_backups", lambda: [])
    dialog = v.window.backup_actions.open_restore_dialog()
    assert dialog.empty.isVisible()
    return dialog


def _backup_check_report(v: Visit) -> QWidget:
    return v.window.backup_actions.check_database()


def _recovery_question(v: Visit) -> QWidget:
    backups = v.services.backups.list_backups()
    problem = StartProblem(
        kind="damaged",
        database=v.services.data_dir / "prism.db",
        set_aside_as=v.services.data_dir / "prism.damaged.db",
        backup=backups[0] if backups else None,
        what_happened="Prism could not read your progress file.",
        options="Restore the newest backup, start with empty progress, or quit.",
    )
    return v.show(RecoveryDialog(problem))  # asked before any window exists


def _error_report(v: Visit) -> QWidget:
    return v.show(
        ErrorDialog(
            "Traceback (most recent call last):\n  ValueError: example",
            title="Something went wrong",
            message="Something went wrong. Your work is saved.",
            log_path=None,
            parent=v.window,
        )
    )


def _message_box(v: Visit) -> QWidget:
    """The facade's question box, as every confirmation shows it."""
    v.monkeypatch.undo()  # the real facade, with exec() answered instead of blocking
    shown: list[QMessageBox] = []

    def capture(box: QMessageBox) -> int:
        box.show()
        shown.append(box)
        v.sweep(box)
        box.close()
        return 0

    v.monkeypatch.setattr(QMessageBox, "exec", capture)
    dialogs.ask_yes_no(v.window, "Delete this reflection?", "It will be deleted.", yes="Delete")
    assert shown


def _welcome_every_step(v: Visit) -> QWidget:
    welcome = v.show(WelcomeDialog(v.window))
    for _ in range(2):
        v.sweep(welcome)
        welcome.next()
    assert welcome.start_button.isVisible()
    return welcome


def _shortcuts(v: Visit) -> QWidget:
    return v.show(ShortcutsDialog(v.window))


def _about(v: Visit) -> None:
    v.window.go("about")


def _glossary(v: Visit) -> None:
    v.window.go("glossary")


SCREENS: dict[str, Screen] = {
    "profiles": _profiles,
    "profiles, none match": _profiles_no_match,
    "rename profile dialog": _profile_rename,
    "profile colour dialog": _profile_colour,
    "delete profile dialog": _profile_delete,
    "profiles, one protected": _profiles_one_protected,
    "protect with a passphrase dialog": _passphrase_dialog(PassphraseAction.PROTECT),
    "change passphrase dialog": _passphrase_dialog(PassphraseAction.CHANGE),
    "remove passphrase dialog": _passphrase_dialog(PassphraseAction.REMOVE),
    "unlock dialog, wrong passphrase": _unlock_wrong_passphrase,
    "import passphrase dialog": _import_passphrase,
    "home": _home,
    "home with progress and a refresh due": _home_with_progress,
    "reader": _reader,
    "quiz question (several answers)": _quiz_question,
    "quiz question (one answer)": _quiz_one_answer_question,
    "quiz feedback": _quiz_feedback,
    "quiz result": _quiz_result,
    "scenario choice": _scenario_choice,
    "scenario consequence": _scenario_consequence,
    "scenario debrief": _scenario_debrief,
    "journal, first time": _journal_first_time,
    "journal list and editor": _journal_list_and_editor,
    "journal new-reflection chooser": _journal_new_reflection,
    "journal search, no match": _journal_no_match,
    "journal undo after delete": _journal_undo,
    "capabilities": _capabilities,
    "capabilities table view": _capabilities_table,
    "search dialog, start": _search_start,
    "search dialog, results": _search_results,
    "search dialog, no results": _search_no_results,
    "refresh, nothing due": _refresh_empty,
    "refresh question, feedback and summary": _refresh_question_feedback_summary,
    "CPD tracker, no records": _cpd_empty,
    "CPD tracker and list": _cpd_list,
    "CPD undo after delete": _cpd_undo,
    "CPD editor": _cpd_editor,
    "CPD draft dialog": _cpd_draft_dialog,
    "CPD draft dialog, nothing completed": _cpd_draft_dialog_nothing_done,
    "CPD privacy dialog": _cpd_privacy_dialog,
    "CPD export dialog": _cpd_export_dialog,
    "CPD certificates dialog": _cpd_certificates,
    "CPD certificates dialog, none yet": _cpd_certificates_none,
    "team session set-up": _team_setup,
    "team session presenter, every slide and the end": _team_presenter_every_slide,
    "team session set-up while running": _team_running_session_setup,
    "team session summary": _team_summary,
    "backup restore list": _backup_restore_list,
    "backup restore, no backups": _backup_restore_none,
    "database check report": _backup_check_report,
    "start-up recovery question": _recovery_question,
    "error report dialog": _error_report,
    "question message box": _message_box,
    "welcome dialog, every step": _welcome_every_step,
    "keyboard shortcuts dialog": _shortcuts,
    "about": _about,
    "glossary": _glossary,
}


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_focusable_control_has_a_name(make_window, qtbot, monkeypatch, course_root, screen):
    shutil.copy(SHIPPED_CAPABILITIES, course_root / "content" / "alpha")
    window = make_window()
    with_view_menu(window)
    profile = window.services.profiles.create("Priya")
    window.open_profile(profile.id)
    visit = Visit(window, qtbot, monkeypatch, profile.id)
    dialog = SCREENS[screen](visit)
    visit.sweep()
    if dialog is not None:
        assert dialog.isVisible()
        visit.sweep(dialog)


def test_the_first_run_profile_picker_is_named(make_window):
    window = make_window()  # no profiles yet: the empty state
    assert_all_named(window)


def test_wrapping_choices_keep_their_names_and_keys(qtbot):
    page = QWidget()
    layout = QVBoxLayout(page)
    long_text = ("Reply in working hours and explain when the account is checked " * 3).strip()
    button = WrappingButton(f"&1. {long_text}")
    radio = QRadioButton("&2.")
    radio.setAccessibleName(long_text)
    layout.addWidget(button)
    layout.addWidget(wrapping_choice(radio, long_text))
    qtbot.addWidget(page)
    page.resize(400, 400)
    page.show()
    assert_all_named(page)
    assert accessible_name(button) == f"1. {long_text}"
    assert button.label.height() > button.label.fontMetrics().height() * 2  # it wrapped
    assert button.width() <= 400
    label = page.findChildren(QLabel)[-1]
    qtbot.mouseClick(label, Qt.MouseButton.LeftButton)
    assert radio.isChecked()  # the text is part of the control, as a radio label is
