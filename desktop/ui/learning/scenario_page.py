"""The scenario player: read the situation, choose, see the consequence, then a debrief."""

from __future__ import annotations

import math

from PySide6.QtCore import QSizeF, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from desktop.course.render import render_markdown
from desktop.services.scenarios import Debrief, ScenarioSession
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.design.components import Callout, page_layout
from desktop.ui.design.tokens import Tone
from desktop.ui.learning.browser import SafeBrowser
from desktop.ui.learning.reading_order import focus_situation
from desktop.ui.learning.scenario_debrief import ENDING_LABEL, DebriefPane, ending_of
from desktop.ui.style import WrappingButton, clear_layout_widgets, heading, muted


class ScenarioPage(QWidget):
    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.session: ScenarioSession | None = None
        self.profile_id: str | None = None
        self.shown: list[int] = []  # authored indexes of the choices on show, in order
        self.title = heading("")
        self.step_label = muted("")
        self.text = SafeBrowser(services.assets)
        self.text.setAccessibleName("The situation")
        # The situation is as tall as its words (scrolling only when the page is too
        # short), so what the choice led to sits right under it, not a pane away.
        self.text.document().documentLayout().documentSizeChanged.connect(self._fit_text)
        self.choices = QWidget()
        QVBoxLayout(self.choices).setContentsMargins(0, 0, 0, 0)
        # What a choice led to, under the situation it answered (the story stays on show).
        self.consequence = Callout(Tone.INFO, "")
        self.consequence.setVisible(False)
        self.debrief_pane = DebriefPane()
        self.debrief_pane.setVisible(False)
        self.debrief = self.debrief_pane.summary
        self.continue_button = QPushButton("&Continue")
        self.continue_button.clicked.connect(self._show_node)
        self.again_button = QPushButton("&Play again")
        self.again_button.clicked.connect(self.restart)
        self.back_button = QPushButton("&Back to the module")
        self.back_button.clicked.connect(self._back)
        layout = page_layout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.step_label)
        layout.addWidget(self.debrief_pane)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.consequence)
        layout.addWidget(self.choices)
        layout.addStretch(0)  # what the situation does not need is left below, not inside
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        row.addWidget(self.again_button)
        row.addWidget(self.continue_button)
        layout.addLayout(row)

    def _fit_text(self, size: QSizeF) -> None:
        # Half a line of slack, so a scroll bar coming or going cannot make it flicker.
        slack = 2 * self.text.frameWidth() + self.text.fontMetrics().height() // 2
        self.text.setMaximumHeight(math.ceil(size.height()) + slack)

    def start(self, profile_id: str, module_id: str) -> None:
        self.profile_id = profile_id
        self.session = self.services.scenarios.start_or_resume(profile_id, module_id)
        self.title.setText(f"Case scenario: {self.session.scenario.title}")
        self._show_node()

    def restart(self) -> None:
        if self.session is not None and self.profile_id is not None:
            module_id = self.session.scenario.module_id
            self.session = self.services.scenarios.start_new(self.profile_id, module_id)
            self._show_node()

    def _show_node(self) -> None:
        assert self.session is not None
        node = self.session.node
        self.continue_button.setVisible(False)
        self.consequence.setVisible(False)
        self.debrief_pane.setVisible(False)
        clear_layout_widgets(self.choices)
        if node.is_ending:
            self._show_debrief(self.services.scenarios.debrief(self.session))
            return
        self.again_button.setVisible(False)
        decision = len(self.session.run.path) + 1
        self.step_label.setText(f"Decision {decision}. {self.session.scenario.summary}")
        # Most authors end a decision with their own question ("What should Ana do?");
        # only a node that does not gets the generic one, so it is never asked twice.
        question = "" if ends_with_question(node.text) else "<p><b>What do you do?</b></p>"
        situation = render_markdown(node.text).html + question
        self.text.show_html(situation)
        self.shown = [index for index, _ in self.session.shown()]
        for position, (index, choice) in enumerate(self.session.shown()):
            button = WrappingButton(f"&{position + 1}. {choice.text}")
            button.setAccessibleName(choice.text)
            button.clicked.connect(lambda _=False, i=index: self.choose(i))
            self.choices.layout().addWidget(button)
        # The situation is read first (Tab then reaches the choices).
        layout = self.choices.layout()
        buttons = [layout.itemAt(i).widget() for i in range(layout.count())]
        focus_situation(self.text, f"Decision {decision}", situation, buttons)

    def choose(self, index: int) -> None:
        """Take the choice authored at ``index`` (not the one shown in that place)."""
        assert self.session is not None
        choice = self.services.scenarios.choose(self.session, index)
        self.shown = []  # no choices on show until the next decision
        clear_layout_widgets(self.choices)
        self.consequence.set_message(f"You chose: {choice.text}", choice.feedback)
        self.consequence.setVisible(True)
        self.continue_button.setText(
            # Alt+C, as for Continue (Alt+H is the Help menu).
            "&Continue to see how it ended" if self.session.node.is_ending else "&Continue"
        )
        self.continue_button.setVisible(True)
        self.continue_button.setFocus()
        announce(self, choice.feedback)

    def _show_debrief(self, debrief: Debrief) -> None:
        ending = ending_of(debrief)
        self.step_label.setText("Debrief")
        # The ending in its tone and both paths side by side; the story of the ending
        # and the debrief's reasoning below, in the reading pane.
        self.debrief.show_debrief(debrief)
        self.debrief_pane.setVisible(True)
        self.debrief_pane.updateGeometry()
        self.text.setAccessibleName("The outcome and debrief")
        self.text.setAccessibleDescription("")
        self.text.show_html(
            "<h3>How it ended</h3>"
            + render_markdown(debrief.ending.text).html
            + _debrief_heading(debrief)
            + render_markdown(debrief.text).html
        )
        self.again_button.setVisible(True)
        self.again_button.setFocus()
        announce(self, f"{ENDING_LABEL.get(ending, 'The outcome')}. Debrief.")

    def resizeEvent(self, event: QResizeEvent) -> None:
        # At large text sizes the summary takes at most half the page and scrolls.
        self.debrief_pane.cap(self.height() // 2)
        super().resizeEvent(event)

    def _back(self) -> None:
        if self.session is not None:
            self.navigate.emit(f"module:{self.session.scenario.module_id}")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Keys 1-9 take the choice shown in that place, as in the quiz and presenter view
        (Alt+digit still works through the buttons' mnemonics)."""
        key = event.key()
        no_modifier = not (event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier)
        if no_modifier and Qt.Key.Key_1 <= key <= Qt.Key.Key_9 and self.choices.isVisible():
            position = key - Qt.Key.Key_1
            if self.session is not None and position < len(self.shown):
                node = self.session.node
                if not node.is_ending and len(node.choices) == len(self.shown):
                    self.choose(self.shown[position])
                    return
        super().keyPressEvent(event)


def ends_with_question(text: str) -> bool:
    """True when a node's text already closes with a question to the learner."""
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return bool(lines) and lines[-1].endswith("?")


def _debrief_heading(debrief: Debrief) -> str:
    """The debrief tells the recommended path; say so when it was not the learner's."""
    if debrief.followed_recommended:
        return "<h3>Debrief</h3>"
    return (
        "<h3>Debrief: the recommended path</h3><p>Your path went another way. This is "
        "what the recommended path does, and why, for you to compare with yours.</p>"
    )
