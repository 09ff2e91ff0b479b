"""The projector view of a running team session: one large, calm slide at a time.

Slides run in order: a welcome, the module's reflection prompts as discussion
prompts, each decision of the case scenario (the group chooses; the consequence is
shown), the debrief beside the recommended path, and a wrap-up. The group's notes
box sits under every slide and saves as it is typed; each scenario decision has its
own "why" line. Ending asks to confirm the length, then hands every attendee a draft.

Text sizes are multiples of the application font (never px or pt), so the view grows
with the user's text size. Keys, when no text box has focus: N / P (or Page Down /
Page Up, as presentation clickers send) for the next and previous slide, 1-9 to pick a
choice and Enter to confirm it; Esc leaves a text box so the keys work again.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.course.render import render_markdown
from desktop.services.team_sessions import (
    MAX_MINUTES,
    ScenarioState,
    TeamSession,
    TeamSessionError,
    TeamSessionService,
)
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.autosave import Autosaver
from desktop.ui.design.components import page_layout, primary_button
from desktop.ui.style import WrappingButton, clear_layout_widgets, heading, muted
from desktop.ui.text_size import scaled_font

SLIDE_TEXT_PERCENT = 200
"""Slide text, as a percentage of the application font: readable from the back of a room."""
DEBRIEF_TEXT_PERCENT = 140
CHOICE_PERCENT = 150
PROGRESS_PERCENT = 120
NOTES_PERCENT = 125
MAX_NAMES_SHOWN = 12

KEY_HINT = (
    "Keys: N next, P previous, 1–9 choose, Enter confirm. "
    "Esc leaves a text box so the keys work again."
)


@dataclass(frozen=True)
class Slide:
    """One step of the session: kind is welcome, prompt, decision, debrief or wrap-up."""

    kind: str
    number: int = 0  # the prompt's or decision's number, from 1

    @property
    def key(self) -> tuple[str, int]:
        return (self.kind, self.number)


def font_at(percent: int, *, bold: bool = False) -> QFont:
    """The application font at ``percent`` of its size."""
    font = scaled_font(QApplication.font(), percent)
    font.setBold(bold)
    return font


class _EscapeLeavesTextBox(QObject):
    """Esc in a text box hands focus back to the view, so N, P and the numbers work."""

    def __init__(self, view: PresenterView) -> None:
        super().__init__(view)
        self._view = view

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
            self._view.setFocus(Qt.FocusReason.ShortcutFocusReason)
            announce(self._view, "Back on the slide. N next, P previous.")
            return True
        return False


class PresenterView(QWidget):
    """Drives a running session on the projector; ``ended`` carries the ``EndResult``."""

    ended = Signal(object)
    back_to_setup = Signal()

    def __init__(self, service: TeamSessionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.session: TeamSession | None = None
        self.slides: list[Slide] = []
        self.position = 0
        self._pending_reasons: dict[str, str] = {}  # node id -> "why" typed before confirming
        self._last_slide: dict[str, tuple[str, int]] = {}  # session id -> slide, for Resume
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName("Presenter view")

        # Header: what this session is, and the controls that leave the slides.
        self.title = heading("")
        self.meta = muted("")
        self.setup_button = QPushButton("&Back to set-up")
        self.setup_button.setAccessibleDescription(
            "The session keeps running; add latecomers or resume from the set-up screen."
        )
        self.setup_button.clicked.connect(self._back_to_setup)
        self.full_screen_button = QPushButton("&Full screen (F11)")
        self.full_screen_button.clicked.connect(self.toggle_full_screen)
        self.end_button = QPushButton("&End session…")
        self.end_button.clicked.connect(self.request_end)
        top = QHBoxLayout()
        titles = QVBoxLayout()
        titles.addWidget(self.title)
        titles.addWidget(self.meta)
        top.addLayout(titles, 1)
        for button in (self.setup_button, self.full_screen_button, self.end_button):
            top.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)

        # The slide.
        self.progress = QLabel()
        self.progress.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.slide_text = QLabel()
        self.slide_text.setWordWrap(True)
        self.slide_text.setTextFormat(Qt.TextFormat.RichText)
        self.slide_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.choices = QWidget()
        self.choices.setAccessibleName("The choices")
        choice_layout = QVBoxLayout(self.choices)
        choice_layout.setContentsMargins(0, 0, 0, 0)
        self.choice_group = QButtonGroup(self)
        self.choice_group.setExclusive(True)
        self.choice_group.idToggled.connect(self._choice_toggled)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setTextFormat(Qt.TextFormat.RichText)
        self.reason = QLineEdit()
        self.reason.setPlaceholderText("For example: we wanted to check the policy first")
        self.reason.setAccessibleName("Why the group chose this")
        self.reason.textEdited.connect(self._reason_edited)
        self.reason_label = QLabel("&Why the group chose this (optional):")
        self.reason_label.setBuddy(self.reason)
        self.confirm_button = primary_button("&Confirm the group's choice")
        self.confirm_button.clicked.connect(self.confirm_choice)
        self.take_back_button = QPushButton("&Take back this decision")
        self.take_back_button.clicked.connect(self.take_back)
        reason_row = QHBoxLayout()
        reason_row.addWidget(self.reason_label)
        reason_row.addWidget(self.reason, 1)
        self.reason_box = QWidget()
        self.reason_box.setLayout(reason_row)
        reason_row.setContentsMargins(0, 0, 0, 0)
        decision_row = QHBoxLayout()
        decision_row.addWidget(self.take_back_button)
        decision_row.addStretch(1)
        decision_row.addWidget(self.confirm_button)

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setSpacing(self.fontMetrics().height())
        content_layout.addWidget(self.slide_text)
        content_layout.addWidget(self.choices)
        content_layout.addWidget(self.outcome)
        content_layout.addWidget(self.reason_box)
        content_layout.addLayout(decision_row)
        content_layout.addStretch(1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(content)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        # Confirming the end, shown in place of the slide.
        self.end_panel = QWidget()
        end_layout = QVBoxLayout(self.end_panel)
        end_layout.addWidget(heading("End the session?", 2))
        self.end_text = QLabel()
        self.end_text.setWordWrap(True)
        self.end_text.setFont(font_at(NOTES_PERCENT))
        self.minutes = QSpinBox()
        self.minutes.setRange(1, MAX_MINUTES)
        # "1 minute", never "1 minutes": the suffix follows the value.
        self.minutes.valueChanged.connect(self._minutes_suffix)
        self._minutes_suffix()
        self.minutes.setAccessibleName("Length of the session in minutes")
        minutes_label = QLabel("&Length of the session:")
        minutes_label.setBuddy(self.minutes)
        minutes_row = QHBoxLayout()
        minutes_row.addWidget(minutes_label)
        minutes_row.addWidget(self.minutes)
        minutes_row.addStretch(1)
        self.confirm_end_button = primary_button("End session and &create the drafts")
        self.confirm_end_button.clicked.connect(self.confirm_end)
        self.cancel_end_button = QPushButton("Not yet: back to the &session")
        self.cancel_end_button.clicked.connect(self.cancel_end)
        end_buttons = QHBoxLayout()
        end_buttons.addWidget(self.cancel_end_button)
        end_buttons.addStretch(1)
        end_buttons.addWidget(self.confirm_end_button)
        end_layout.addWidget(self.end_text)
        end_layout.addLayout(minutes_row)
        end_layout.addLayout(end_buttons)
        end_layout.addStretch(1)

        self.pages = QStackedWidget()
        self.pages.addWidget(self.scroll)
        self.pages.addWidget(self.end_panel)

        # The group's notes, and moving between slides.
        self.notes = QPlainTextEdit()
        self.notes.setAccessibleName("Group notes")
        self.notes.setPlaceholderText(
            "Type the main points of the discussion here. They go into everyone's draft "
            "CPD record as the group's notes."
        )
        self.notes.textChanged.connect(self._notes_changed)
        notes_label = QLabel("&Group notes (saved as you type):")
        notes_label.setBuddy(self.notes)
        self.previous_button = QPushButton("&Previous")
        self.previous_button.setAccessibleDescription("Previous slide (P)")
        self.previous_button.clicked.connect(self.previous_slide)
        self.next_button = QPushButton("&Next")
        self.next_button.setAccessibleDescription("Next slide (N)")
        self.next_button.clicked.connect(self.next_slide)
        for button in (self.previous_button, self.next_button):
            button.setAutoDefault(True)  # Enter on a focused button presses it
        nav = QHBoxLayout()
        nav.addWidget(self.previous_button)
        nav.addWidget(muted(KEY_HINT), 1)
        nav.addWidget(self.next_button)

        layout = page_layout(self)
        layout.addLayout(top)
        layout.addWidget(self.progress)
        layout.addWidget(self.pages, 3)
        layout.addWidget(notes_label)
        layout.addWidget(self.notes, 1)
        layout.addLayout(nav)

        self._notes_saver = Autosaver(self._save_notes, self)
        self._reason_saver = Autosaver(self._save_reason, self)
        escape = _EscapeLeavesTextBox(self)
        self.notes.installEventFilter(escape)
        self.reason.installEventFilter(escape)
        full_screen = QShortcut(QKeySequence(Qt.Key.Key_F11), self)
        full_screen.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        full_screen.activated.connect(self.toggle_full_screen)
        self._apply_fonts()

    # -- opening --------------------------------------------------------------------------

    def open(self, session_id: str) -> None:
        """Show a running session from its first slide (or where the group had got to)."""
        self.flush()
        session = self.service.get(session_id)
        if session is None:
            return
        self.session = session
        self._pending_reasons.clear()
        self.title.setText(session.title)
        self.title.setAccessibleName(session.title)
        self._update_meta()
        self.notes.blockSignals(True)
        self.notes.setPlainText(session.discussion_notes)
        self.notes.blockSignals(False)
        self.pages.setCurrentWidget(self.scroll)
        self._build_slides()
        self.position = 0
        # Carry on where the group left off: the slide last shown, else its latest decision.
        state = self.service.scenario_state(session)
        if session.id in self._last_slide:
            self._go_to(self._last_slide[session.id])
        elif state is not None and state.choices:
            self._go_to(("decision", len(state.choices)))
        else:
            self._show_slide()

    def _update_meta(self) -> None:
        if self.session is None:
            return
        count = len(self.service.attendees(self.session.id))
        people = "1 person attending" if count == 1 else f"{count} people attending"
        self.meta.setText(f"{self.session.topic}. Led by {self.session.facilitator}. {people}.")

    def _build_slides(self) -> None:
        assert self.session is not None
        slides = [Slide("welcome")]
        prompts = self.service.prompts(self.session)
        slides += [Slide("prompt", n) for n in range(1, len(prompts) + 1)]
        state = self.service.scenario_state(self.session)
        if state is not None:
            decisions = len(state.choices) + (0 if state.finished else 1)
            slides += [Slide("decision", n) for n in range(1, decisions + 1)]
            if state.finished:
                slides.append(Slide("debrief"))
        slides.append(Slide("wrap-up"))
        self.slides = slides

    @property
    def current(self) -> Slide:
        return self.slides[self.position]

    # -- moving between slides ------------------------------------------------------------

    def next_slide(self) -> None:
        if self.session is None or self.pages.currentWidget() is not self.scroll:
            return
        if self._undecided():
            announce(self, "Choose the group's decision first: press its number, then Enter.")
            self.progress.setText(
                self._progress_text() + " — choose the group's decision first (1 to 9, Enter)"
            )
            return
        if self.position + 1 < len(self.slides):
            self.flush()
            self.position += 1
            self._show_slide()

    def previous_slide(self) -> None:
        if self.session is None or self.pages.currentWidget() is not self.scroll:
            return
        if self.position > 0:
            self.flush()
            self.position -= 1
            self._show_slide()

    def _go_to(self, key: tuple[str, int]) -> None:
        for index, slide in enumerate(self.slides):
            if slide.key == key:
                self.position = index
                break
        self._show_slide()

    # -- showing a slide --------------------------------------------------------------------

    def _progress_text(self) -> str:
        slide = self.current
        prompts = sum(1 for s in self.slides if s.kind == "prompt")
        if slide.kind == "prompt":
            return f"Discussion prompt {slide.number} of {prompts}"
        if slide.kind == "decision":
            return f"Case scenario: decision {slide.number}"
        if slide.kind == "debrief":
            return "Case scenario: debrief"
        if slide.kind == "wrap-up":
            return "Wrap-up"
        return "Welcome"

    def _show_slide(self) -> None:
        assert self.session is not None
        slide = self.current
        self._last_slide[self.session.id] = slide.key
        self.progress.setText(self._progress_text())
        self._clear_choices()
        self.outcome.hide()
        self.reason_box.hide()
        self.confirm_button.hide()
        self.take_back_button.hide()
        self.slide_text.setFont(font_at(SLIDE_TEXT_PERCENT))
        if slide.kind == "welcome":
            self._show_welcome()
        elif slide.kind == "prompt":
            prompt = self.service.prompts(self.session)[slide.number - 1]
            self.slide_text.setText(f"<p>{html.escape(prompt.prompt)}</p>")
        elif slide.kind == "decision":
            self._show_decision(slide.number)
        elif slide.kind == "debrief":
            self._show_debrief()
        else:
            self._show_wrap_up()
        self.previous_button.setEnabled(self.position > 0)
        # Until the group decides, the next decision is not known: N explains that instead.
        self.next_button.setEnabled(self.position + 1 < len(self.slides) and not self._undecided())
        self.scroll.verticalScrollBar().setValue(0)
        self.slide_text.setAccessibleDescription(self._progress_text())
        if not isinstance(QApplication.focusWidget(), QLineEdit | QPlainTextEdit):
            self.setFocus(Qt.FocusReason.OtherFocusReason)
        spoken = self._progress_text()
        if slide.kind == "prompt":
            spoken += ". " + self.service.prompts(self.session)[slide.number - 1].prompt
        announce(self, spoken)

    def _show_welcome(self) -> None:
        assert self.session is not None
        names = [a.name for a in self.service.attendees(self.session.id)]
        if not names:
            people = "Nobody is on the list yet: go back to set-up to add people."
        elif len(names) <= MAX_NAMES_SHOWN:
            people = "Welcome, " + ", ".join(names) + "."
        else:
            people = f"Welcome, all {len(names)} of you."
        self.slide_text.setText(
            f"<p><b>{html.escape(self.session.title)}</b></p>"
            f"<p>{html.escape(self.session.topic)}</p>"
            f"<p>Led by {html.escape(self.session.facilitator)}.</p>"
            f"<p>{html.escape(people)}</p>"
        )

    def _state(self) -> ScenarioState:
        assert self.session is not None
        state = self.service.scenario_state(self.session)
        assert state is not None
        return state

    def _show_decision(self, number: int) -> None:
        state = self._state()
        decided = number <= len(state.choices)
        if decided:
            made = state.choices[number - 1]
            node = state.scenario.node(made.node_id)
        else:
            node = state.node
        self.slide_text.setText(render_markdown(node.text).html)
        self.reason_box.show()
        if decided:
            choice = node.choices[made.choice_index]
            self.outcome.setText(
                f"<p><b>The group chose {made.choice_index + 1}. "
                f"{html.escape(choice.text)}</b></p><p>{html.escape(choice.feedback)}</p>"
            )
            self.outcome.show()
            self.reason.setText(made.notes)
            self.take_back_button.setVisible(number == len(state.choices))
            return
        for index, choice in enumerate(node.choices):
            button = WrappingButton(f"&{index + 1}. {choice.text}")
            button.setCheckable(True)
            button.setFont(font_at(CHOICE_PERCENT))
            button.setAccessibleDescription(f"Press {index + 1} to choose, then Enter")
            self.choice_group.addButton(button, index)
            self.choices.layout().addWidget(button)
        self.choices.show()
        self.reason.setText(self._pending_reasons.get(node.id, ""))
        self.confirm_button.show()
        self.confirm_button.setEnabled(False)

    def _show_debrief(self) -> None:
        assert self.session is not None
        debrief = self.service.debrief(self.session)
        if debrief is None:
            return
        self.slide_text.setFont(font_at(DEBRIEF_TEXT_PERCENT))
        rows = "".join(
            f"<tr><td>{n}</td><td>{html.escape(step.taken.text)}</td>"
            f"<td>{'Same' if step.matched else html.escape(_recommended_text(step))}</td></tr>"
            for n, step in enumerate(debrief.steps, start=1)
        )
        count = len(debrief.steps)
        self.slide_text.setText(
            f"<p><b>{html.escape(debrief.ending_label)}</b></p>"
            + render_markdown(debrief.ending.text).html
            + f"<p>The group made {debrief.matched} of {count} "
            f"choice{'s' if count != 1 else ''} the same way as the recommended path.</p>"
            "<table border='1' cellspacing='0' cellpadding='6' width='100%'>"
            "<tr><th>Decision</th><th>The group chose</th><th>Recommended</th></tr>"
            f"{rows}</table>" + render_markdown(debrief.text).html
        )

    def _show_wrap_up(self) -> None:
        self.slide_text.setText(
            "<p><b>Before you finish</b></p>"
            "<p>Agree the group notes together: they go into everyone's draft.</p>"
            "<p>When you end the session, each person on the list gets a draft CPD record. "
            "Each of you then adds what you learnt and the difference it will make to your "
            "practice, in your own profile.</p>"
        )

    def _clear_choices(self) -> None:
        for button in self.choice_group.buttons():
            self.choice_group.removeButton(button)
        clear_layout_widgets(self.choices)
        self.choices.hide()  # an empty box would still hold the old buttons' height

    # -- the group's decision -------------------------------------------------------------

    def _undecided(self) -> bool:
        return self.current.kind == "decision" and bool(self.choice_group.buttons())

    def select_choice(self, number: int) -> bool:
        """Highlight choice ``number`` (from 1) on an undecided decision; False if none."""
        button = self.choice_group.button(number - 1)
        if button is None:
            return False
        button.setChecked(True)
        return True

    def _choice_toggled(self, index: int, checked: bool) -> None:
        button = self.choice_group.button(index)
        if button is None:
            return
        _show_selected(button, checked)
        if checked:
            self.progress.setText(self._progress_text())  # drop any "choose first" hint
            self.confirm_button.setEnabled(True)
            announce(self, f"Choice {index + 1} selected. Press Enter to confirm.")

    def confirm_choice(self) -> None:
        """Record the highlighted choice as the group's decision and show its consequence."""
        if self.session is None or not self._undecided():
            return
        index = self.choice_group.checkedId()
        if index < 0:
            announce(self, "Choose first: press the number of the group's choice.")
            return
        node_id = self._state().node.id
        try:
            choice = self.service.choose(self.session.id, index, self.reason.text().strip())
        except TeamSessionError as error:
            dialogs.show_error(self, "Could not record the choice", str(error))
            return
        self._pending_reasons.pop(node_id, None)
        number = self.current.number
        self._build_slides()
        self._go_to(("decision", number))
        announce(self, f"The group chose {choice.text}. {choice.feedback}")

    def take_back(self) -> None:
        """Undo the group's latest decision; its "why" comes back, ready to edit."""
        if self.session is None:
            return
        self._reason_saver.flush()
        try:
            removed = self.service.undo_last_choice(self.session.id)
        except TeamSessionError as error:
            dialogs.show_error(self, "Could not take the decision back", str(error))
            return
        if removed is None:
            return
        if removed.notes:
            self._pending_reasons[removed.node_id] = removed.notes
        self._build_slides()
        self._go_to(("decision", removed.step))
        announce(self, f"Decision {removed.step} taken back. Choose again.")

    def _reason_edited(self, text: str) -> None:
        if self.current.kind != "decision":
            return
        if self._undecided():
            self._pending_reasons[self._state().node.id] = text
        else:
            self._reason_saver.changed()

    def _save_reason(self) -> None:
        slide = self.current
        if self.session is None or slide.kind != "decision" or self._undecided():
            return
        self.service.set_choice_notes(self.session.id, slide.number, self.reason.text().strip())

    # -- notes ------------------------------------------------------------------------------

    def _notes_changed(self) -> None:
        self._notes_saver.changed()

    def _save_notes(self) -> None:
        if self.session is not None:
            self.service.set_notes(self.session.id, self.notes.toPlainText())

    def flush(self) -> None:
        """Save typed notes now (before leaving, ending or closing)."""
        self._notes_saver.flush()
        self._reason_saver.flush()

    # -- ending -------------------------------------------------------------------------------

    def request_end(self) -> None:
        """Show the confirmation, with the length of the session to check."""
        if self.session is None:
            return
        self.flush()
        count = len(self.service.attendees(self.session.id))
        if count == 0:
            text = (
                "Nobody is on the attendance list, so no CPD drafts will be made. "
                "To add people first, go back to the session, then choose Back to set-up."
            )
        else:
            people = "the 1 person" if count == 1 else f"each of the {count} people"
            text = (
                f"When it ends, {people} on the attendance list gets a draft CPD record of "
                "this session, with the group notes, to finish in their own profile. "
                "After that you cannot add people or change the group's decisions.\n\n"
                "Check the length of the session: it goes into every draft."
            )
        self.end_text.setText(text)
        self.minutes.setValue(self.service.elapsed_minutes(self.session))
        self._minutes_suffix()
        self.pages.setCurrentWidget(self.end_panel)
        self.progress.setText("Ending the session")
        self.minutes.setFocus()
        announce(self, "End the session? Check the length, then confirm.")

    def cancel_end(self) -> None:
        self.pages.setCurrentWidget(self.scroll)
        self._show_slide()

    def confirm_end(self) -> None:
        if self.session is None:
            return
        self.flush()
        try:
            result = self.service.end(self.session.id, self.minutes.value())
        except TeamSessionError as error:
            dialogs.show_error(self, "Could not end the session", str(error))
            return
        self.session = None
        self.pages.setCurrentWidget(self.scroll)
        self.ended.emit(result)

    # -- keys, fonts, leaving ---------------------------------------------------------------

    def _minutes_suffix(self, *_args: object) -> None:
        self.minutes.setSuffix(" minute" if self.minutes.value() == 1 else " minutes")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if self.pages.currentWidget() is self.end_panel:
            if key == Qt.Key.Key_Escape:
                self.cancel_end()
                return
            super().keyPressEvent(event)
            return
        if event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            super().keyPressEvent(event)
            return
        if key in (Qt.Key.Key_N, Qt.Key.Key_PageDown, Qt.Key.Key_Right):
            self.next_slide()
        elif key in (Qt.Key.Key_P, Qt.Key.Key_PageUp, Qt.Key.Key_Left):
            self.previous_slide()
        elif Qt.Key.Key_1 <= key <= Qt.Key.Key_9:
            if not self.select_choice(key - Qt.Key.Key_0):
                super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self._undecided():
                self.confirm_choice()
            else:
                self.next_slide()
        else:
            super().keyPressEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ApplicationFontChange:
            self._apply_fonts()
        return super().event(event)

    def _apply_fonts(self) -> None:
        self.progress.setFont(font_at(PROGRESS_PERCENT, bold=True))
        self.outcome.setFont(font_at(CHOICE_PERCENT))
        self.notes.setFont(font_at(NOTES_PERCENT))
        self.reason.setFont(font_at(NOTES_PERCENT))
        self.reason_label.setFont(font_at(NOTES_PERCENT))
        debrief = bool(self.slides) and self.current.kind == "debrief"
        self.slide_text.setFont(font_at(DEBRIEF_TEXT_PERCENT if debrief else SLIDE_TEXT_PERCENT))
        for button in self.choice_group.buttons():
            button.setFont(font_at(CHOICE_PERCENT))

    def toggle_full_screen(self) -> None:
        window = self.window()
        if window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def hasHeightForWidth(self) -> bool:
        """No: the view fills the window and its slide scrolls inside it. Asking for the
        words' full height would make the window's page scroll instead, pushing the
        group's notes and Next below the screen at 200% text."""
        return False

    def _back_to_setup(self) -> None:
        self.flush()
        self.back_to_setup.emit()

    def hideEvent(self, event) -> None:
        self.flush()
        super().hideEvent(event)


def _recommended_text(step) -> str:
    return step.recommended.text if step.recommended is not None else ""


def _show_selected(button: QWidget, selected: bool) -> None:
    """Mark the chosen button in the theme's highlight colours (palette roles only)."""
    # An empty palette resolves nothing, so an unselected button follows the theme again.
    palette = QPalette()
    if selected:
        theme = QApplication.palette()
        palette.setColor(QPalette.ColorRole.Button, theme.color(QPalette.ColorRole.Highlight))
        palette.setColor(
            QPalette.ColorRole.ButtonText, theme.color(QPalette.ColorRole.HighlightedText)
        )
    button.setPalette(palette)
    label = getattr(button, "label", None)
    if isinstance(label, QLabel):
        label.setPalette(palette)
    name = button.accessibleName().removesuffix(" (selected)")
    button.setAccessibleName(f"{name} (selected)" if selected else name)
