"""The summary beside a CPD record: is it ready, what is missing, how long each answer is.

Social Work England's online form has required fields (type, description, date, what
was learnt, impact) and an optional peer reflection that at least one record a year
needs. The summary keeps those in view while the person writes: a draft or ready tag,
how many required fields are filled in, each thing still missing in plain words, peer
reflection yes or no, details the privacy check has flagged, and the length of each
written answer (the form sets no limit, so lengths are shown, not judged).

Nothing in it takes the focus: it is read, not operated, so Tab goes from the last
field straight to the buttons, wherever the summary is placed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.privacy import Finding
from desktop.cpd.records import CpdRecord, is_blank
from desktop.ui.design.components import Card, ProgressWithText, StatusTag
from desktop.ui.design.tokens import SPACE_S, Status
from desktop.ui.style import heading, muted

COUNTED_FIELDS = ("description", "learning", "impact", "peer_learning")
SHORT_NAMES = {
    "description": "Description",
    "learning": "What I learnt",
    "impact": "Impact",
    "peer_learning": "Peer discussion",
}
PASTE_HINT = (
    "To submit, copy each field (its Copy button, or Ctrl+Shift+C in it) into your "
    "Social Work England online account, which signs you out after 60 minutes. "
    "This draft saves as you type."
)


def required_filled(record: CpdRecord) -> tuple[int, int]:
    """How many of the form's required fields hold something, out of how many."""
    required = [s for s in FORM_FIELDS if s.required]
    filled = sum(
        (record.minutes > 0) if s.kind == "duration" else not is_blank(record.field_value(s.key))
        for s in required
    )
    return filled, len(required)


def length_text(text: str) -> str:
    """ "120 characters, 21 words" ("empty" when there is nothing)."""
    stripped = text.strip()
    if not stripped:
        return "empty"
    chars = len(stripped)
    words = len(stripped.split())
    return f"{chars} character{'s' if chars != 1 else ''}, {words} word{'s' if words != 1 else ''}"


def _label(text: str = "") -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class RecordSummary(Card):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, name="Summary of this record")
        self.heading = heading("Summary", 2)
        self.tag = StatusTag(Status.DRAFT)
        top = QHBoxLayout()
        top.setSpacing(SPACE_S)
        top.addWidget(self.heading, 1)
        top.addWidget(self.tag, 0, Qt.AlignmentFlag.AlignVCenter)
        self.body.addLayout(top)

        self.state = _label()
        self.year_note = muted("")
        self.progress = ProgressWithText()
        self.checklist = _label()
        self.checklist.setAccessibleDescription("What stops this record being ready")
        self.peer_tag = StatusTag(Status.NOT_STARTED)
        self.peer_note = muted("")
        self.privacy = _label()
        self.privacy.setAccessibleDescription("Details the privacy check found")
        self.lengths = _label()
        self.lengths.setAccessibleDescription("The length of each written answer")
        self.paste_hint = muted(PASTE_HINT)
        for widget in (self.state, self.year_note, self.progress, self.checklist):
            self.body.addWidget(widget)
        self.body.addSpacing(SPACE_S)
        self.body.addWidget(self.peer_tag, 0, Qt.AlignmentFlag.AlignLeft)
        self.body.addWidget(self.peer_note)
        self.body.addWidget(self.privacy)
        self.body.addSpacing(SPACE_S)
        self.lengths_heading = muted("Length of your answers")
        self.body.addWidget(self.lengths_heading)
        self.body.addWidget(self.lengths)
        self.body.addSpacing(SPACE_S)
        self.body.addWidget(self.paste_hint)
        self.body.addStretch(1)  # beside a tall form, the spare height goes below
        self.compact = False
        self._length_parts: list[str] = []

    def set_compact(self, compact: bool) -> None:
        """Above the form (narrow window, large text) the summary keeps to what is
        needed first: the status, what is missing, peer reflection and privacy, with the
        lengths on one line. Beside the form it has room for the rest."""
        self.compact = compact
        for widget in (self.state, self.peer_note, self.paste_hint, self.lengths_heading):
            widget.setVisible(not compact)
        self._show_lengths()

    def _show_lengths(self) -> None:
        if self.compact:
            self.lengths.setText(" · ".join(self._length_parts))
        else:
            self.lengths.setText("\n".join(self._length_parts))

    def show_record(
        self,
        record: CpdRecord,
        *,
        ready: bool,
        year_text: str,
        flagged: Mapping[str, Sequence[Finding]],
    ) -> None:
        """Show ``record`` as typed now; ``ready`` is its stored status; ``flagged`` maps
        a field's label to what the privacy check found in it."""
        if ready:
            self.tag.set_status(Status.READY)
            self.state.setText("Status: ✓ Ready to paste into your Social Work England account.")
        else:
            self.tag.set_status(Status.DRAFT)
            self.state.setText(
                "Status: Draft. When every required field is filled in, choose ‘Mark as ready’."
            )
        self.year_note.setText(year_text)
        filled, total = required_filled(record)
        self.progress.set_progress(filled, total, f"{filled} of {total} required fields")
        found = record.problems()
        if found:
            self.checklist.setText("Still to do:\n" + "\n".join(f"• {p}" for p in found))
        elif ready:
            self.checklist.setText("✓ Ready. Paste each field into your online account.")
        else:
            self.checklist.setText("✓ Every required field is filled in. Choose ‘Mark as ready’.")

        if record.has_peer_reflection:
            self.peer_tag.set_status(Status.COMPLETE, "Peer reflection: yes")
            self.peer_note.setText("This record meets the peer reflection rule once it is ready.")
        else:
            self.peer_tag.set_status(Status.NOT_STARTED, "Peer reflection: no")
            self.peer_note.setText(
                "Optional here, but at least one record a year needs one: fill in "
                "‘What I learnt from the discussion’."
            )

        lines = [
            f"! ‘{f.matched}’ in ‘{label}’ may identify someone"
            for label, findings in flagged.items()
            for f in findings
        ]
        self.privacy.setText("Privacy check:\n" + "\n".join(lines) if lines else "")
        self.privacy.setVisible(bool(lines))

        self._length_parts = [
            f"{SHORT_NAMES[key]}: {length_text(str(record.field_value(key) or ''))}"
            for key in COUNTED_FIELDS
        ]
        self._show_lengths()
