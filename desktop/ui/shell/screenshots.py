"""`prism --screenshot`: render one screen offscreen to a PNG, for the README and checks.

Most screens are pages reached with `MainWindow.go`; three need a step more — quiz
feedback (the first question answered), the CPD export dialog (a window of its own)
and ``design``, the component gallery of ``docs/design.md`` — so the docs can show
them without a person clicking. Theme and text size are
applied first, so the dark-theme and 200% shots come from the same command.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from desktop.ui.shell.main_window import SCREENSHOT_SIZE, MainWindow
from desktop.ui.theme import Theme, appearance

SPECIAL_PAGES = (
    "quiz-feedback:<module id>",
    "quiz-feedback-right:<module id>",
    "quiz-feedback-wrong:<module id>",
    "quiz-result:<module id>",
    "refresh-feedback:<module id>",
    "refresh-summary:<module id>",
    "cpd-record[:<field key>]",
    "cpd-export",
    "design",
    "profiles",
    "team-presenter",
    "team-summary",
    "dialog:<name>",
)


def save_screenshot(
    window: MainWindow,
    path: str,
    page: str,
    theme: str | None = None,
    text_size: int | None = None,
    size: tuple[int, int] = SCREENSHOT_SIZE,
) -> int:
    """Render ``page`` at ``size`` (1280x800 unless asked) to ``path``; 0 on success, 1 if
    the PNG was not written."""
    if window.profile_id is None:
        passphrases = window.services.passphrases
        profiles = [p for p in window.services.profiles.list() if not passphrases.is_locked(p.id)]
        if profiles:
            # No privacy note in a screenshot, and taking one must not mark it as seen.
            window.open_profile(profiles[0].id, privacy_note=False)
    if page == "profiles":  # the list, in the look asked for (locking restores the machine's)
        window.lock()
    # After the profile opens: opening applies the profile's own look.
    if theme or text_size:
        appearance().apply(theme=Theme(theme) if theme else None, text_size=text_size)
    window.resize(*size)
    window.show()
    target: QWidget = window
    kind, _, rest = page.partition(":")
    if kind in ("quiz-feedback", "quiz-result", "quiz-feedback-right", "quiz-feedback-wrong"):
        # Answered with the option shown first: the first question only (feedback), or
        # every question (a realistic mixed result); -right and -wrong answer it so.
        window.go(f"quiz:{rest}")
        quiz = window.quiz_page
        while quiz.question is not None:
            question = quiz.question
            chosen = [quiz.options.order[0]]
            if kind == "quiz-feedback-right":
                chosen = sorted(question.correct_indexes)
            elif kind == "quiz-feedback-wrong":
                chosen = [next(i for i, o in enumerate(question.options) if not o.correct)]
            for index in chosen:
                quiz.options.button_for(index).setChecked(True)
            quiz.submit()
            if kind != "quiz-result":
                break
            quiz.advance()
    elif kind in ("scenario-consequence", "scenario-debrief"):
        # A fresh run: the recommended choice first, then another one (a path that
        # parts from the recommended one shows the debrief's comparison at its best).
        window.go(f"scenario:{rest}")
        scenario = window.scenario_page
        if scenario.session is not None:
            scenario.restart()
            while not scenario.session.node.is_ending:
                choices = scenario.session.node.choices
                first = not scenario.session.run.path
                pick = next((i for i, c in enumerate(choices) if c.recommended == first), 0)
                scenario.choose(pick)
                if kind == "scenario-consequence":
                    break
            else:
                scenario._show_node()
    elif kind in ("refresh-feedback", "refresh-summary") and window.profile_id is not None:
        # Three of the module's questions made due now (as "Practise what I missed"
        # does), answered with the option shown first: one, or all three.
        module = window.services.course.module(rest)
        if module is not None and module.quiz is not None:
            ids = [question.id for question in module.quiz.questions[:3]]
            window.services.refresh.practise_now(window.profile_id, rest, ids)
        window.go("refresh")
        refresh = window.refresh_page
        while refresh.current is not None:
            refresh.options.buttons[0].setChecked(True)
            refresh.submit()
            if kind == "refresh-feedback":
                break
            refresh.advance()
    elif kind == "cpd-record" and window.profile_id is not None:
        # The newest record open in the editor (a drafted one, in the demo data).
        window.go("cpd")
        records = window.services.cpd.list(window.profile_id)
        if records:
            newest = max(records, key=lambda r: r.updated_utc)
            window.cpd_page.open_record(newest)
            if rest:  # e.g. cpd-record:description, to show the drafted text
                QApplication.processEvents()
                window.cpd_page.editor.focus_field(rest)
    elif kind == "cpd-export" and window.profile_id is not None:
        from desktop.ui.cpd.export_dialog import ExportDialog

        window.go("cpd")
        year = window.services.cpd.current_year()
        dialog = ExportDialog(window.services, window.profile_id, year, window)
        dialog.show()
        target = dialog
    elif kind in ("team-presenter", "team-summary"):
        from desktop.ui.shell.screenshot_dialogs import open_team_session

        if not open_team_session(window, ended=kind == "team-summary"):
            return 1
    elif kind == "dialog":
        from desktop.ui.shell.screenshot_dialogs import open_dialog

        dialog = open_dialog(window, rest)
        if dialog is None:
            return 1
        target = dialog
    elif kind == "design":
        from desktop.ui.design.gallery import ComponentGallery

        target = ComponentGallery()
        target.resize(*SCREENSHOT_SIZE)
        target.show()
    elif page not in ("home", "profiles"):
        window.go(page)
    if window.stack.currentWidget() is window.home_page:
        window.home_page.module_cards  # noqa: B018  every card, not only those built first
    for _ in range(8):  # layouts settle over a few passes (wrapped labels, growing boxes)
        QApplication.processEvents()
    ok = target.grab().save(path)
    window.close()
    return 0 if ok else 1
