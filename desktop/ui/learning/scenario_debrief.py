"""The scenario debrief's summary: how it ended, in a tone, and the two paths side by side.

The ending is a callout in the ending's tone (a good outcome in the success tone, a
mixed one as a warning, a poor one as an error), its title saying it in words. Under
it, two cards: the learner's path and the recommended one, decision by decision, each
row marked by a symbol and words (never colour alone) for whether the two agree. The
narrative (the ending's text and the debrief) stays in the page's reading pane, which
a screen reader reads as before.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from desktop.domain.scenario import Step
from desktop.services.scenarios import Debrief
from desktop.ui.design.components import Callout, Card
from desktop.ui.design.tokens import SPACE_M, SPACE_S, TYPE_TITLE, Tone
from desktop.ui.style import clear_layout_widgets, scale_font

ENDING_LABEL = {"good": "A good outcome", "mixed": "A mixed outcome", "poor": "A poor outcome"}
ENDING_TONE = {"good": Tone.SUCCESS, "mixed": Tone.WARNING, "poor": Tone.ERROR}

SAME = "✓"  # the learner chose as the recommended path does
DIFFERENT = "≠"  # the learner chose otherwise


def ending_of(debrief: Debrief) -> str:
    """ "good", "mixed" or "poor" (an ending with none authored counts as mixed)."""
    return debrief.ending.ending.value if debrief.ending.ending else "mixed"


class PathCard(Card):
    """One path as a card: a title, then a numbered line per decision."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent, name=title)
        self.heading = QLabel(title)
        scale_font(self.heading, TYPE_TITLE)
        self.heading.setWordWrap(True)
        self.body.addWidget(self.heading)
        self.rows = QWidget()
        rows = QVBoxLayout(self.rows)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.setSpacing(SPACE_S)
        self.body.addWidget(self.rows)
        self.body.addStretch(1)

    def set_rows(self, lines: list[str]) -> None:
        clear_layout_widgets(self.rows)
        for line in lines:
            label = QLabel(line)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            self.rows.layout().addWidget(label)
        self.setAccessibleDescription("; ".join(lines))

    def lines(self) -> list[str]:
        layout = self.rows.layout()
        return [layout.itemAt(i).widget().text() for i in range(layout.count())]


class DebriefSummary(QWidget):
    """The ending as a toned callout and the two paths as cards, side by side."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ending = Callout(Tone.WARNING, "")
        self.yours = PathCard("Your path")
        self.recommended = PathCard("The recommended path")
        paths = QHBoxLayout()
        paths.setSpacing(SPACE_M)
        paths.addWidget(self.yours, 1)
        paths.addWidget(self.recommended, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(SPACE_M)
        layout.addWidget(self.ending)
        layout.addLayout(paths)

    def show_debrief(self, debrief: Debrief) -> None:
        ending = ending_of(debrief)
        self.ending.set_message(
            ENDING_LABEL.get(ending, "The outcome"),
            debrief.summary,
            tone=ENDING_TONE.get(ending, Tone.WARNING),
        )
        self.yours.set_rows([_taken_line(n, s) for n, s in enumerate(debrief.steps, start=1)])
        self.recommended.set_rows(
            [_recommended_line(n, s) for n, s in enumerate(debrief.steps, start=1)]
            + _beyond(debrief)
        )


def _taken_line(number: int, step: Step) -> str:
    mark = f"{SAME} same as recommended" if step.matched else f"{DIFFERENT} differs"
    return f"{number}. {step.taken.text} ({mark})"


def _recommended_line(number: int, step: Step) -> str:
    if step.recommended is None:
        return f"{number}. (no recommended choice here: the paths had parted)"
    return f"{number}. {step.recommended.text}"


def _beyond(debrief: Debrief) -> list[str]:
    """A line for the decisions the recommended path has after the learner's ended."""
    more = debrief.recommended_decisions - len(debrief.steps)
    if more <= 0:
        return []
    return [f"…and {more} more decision{'s' if more != 1 else ''} after yours ended."]


class DebriefPane(QScrollArea):
    """The summary in a frameless scroll area that asks for its whole height.

    The page caps its height (``cap``) so that at large text sizes the narrative below
    keeps room to be read; then the summary scrolls on its own.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary = DebriefSummary()
        self.setWidget(self.summary)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("How it ended and the two paths")

    def cap(self, height: int) -> None:
        self.setMaximumHeight(max(height, 1))

    def sizeHint(self) -> QSize:
        width = self.viewport().width() or 600
        inner = self.summary.layout()
        wanted = inner.heightForWidth(width) if inner.hasHeightForWidth() else -1
        return QSize(width, wanted if wanted > 0 else self.summary.sizeHint().height())
