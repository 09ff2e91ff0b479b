"""The CPD record editor: the online form's fields in sections, each with its own Copy button.

Social Work England's online account logs people out after 60 minutes, so the
record is drafted here and pasted in one field at a time. The fields follow
`desktop.cpd.form.FORM_FIELDS` (labels, help), grouped into the sections a person
thinks in (`SECTIONS`: what you did, what you learnt, impact, standards and peer
reflection, evidence), and every Copy button copies exactly the text the paste-ready
export would give for that field (`export_text.field_texts`), so the screen and the
export never disagree. A summary (`record_summary`) sits beside the sections, or above
them when the window is narrow or the text large; the export's privacy check runs on
each field as it is typed (`privacy_live`); nothing inside the form scrolls by itself.

Drafts save themselves shortly after each change and whenever the editor is
left, so nothing typed is lost. User text is only ever shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QDate, QEvent, QLocale, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QResizeEvent, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.export_text import field_texts
from desktop.cpd.form import CPD_TYPES, FORM_FIELDS, PEER_GROUP, FieldSpec
from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.cpd.presentation import NOT_FILLED_IN
from desktop.cpd.records import CpdRecord, EvidenceLink, PeerReflection, is_blank
from desktop.cpd.registration_year import registration_year_for
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.autosave import Autosaver
from desktop.ui.cpd.privacy_live import DEBOUNCE_MS, PrivacyNote, live_findings
from desktop.ui.cpd.record_summary import RecordSummary
from desktop.ui.cpd.standards_picker import StandardsPicker
from desktop.ui.design.components import (
    Callout,
    Card,
    SectionHeader,
    primary_button,
    secondary_button,
)
from desktop.ui.design.date_edit import DateEdit
from desktop.ui.design.growing_text import GrowingTextEdit
from desktop.ui.design.tokens import SPACE_L, SPACE_S, SPACE_XS, Tone
from desktop.ui.style import clear_layout_widgets, heading, muted, scale_font

PREFILLED_NOTE = "✎ Filled in from your learning — check and edit"
UK_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
DATE_FORMAT = "d MMMM yyyy"
# A start date the person has not chosen yet is shown as this (an imported record may lack one).
NO_DATE = QDate(1990, 1, 1)


# The record in sections a person thinks in; inside each, the online form's fields.
SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "What you did",
        "",
        ("cpd_type", "title", "start_date", "end_date", "duration", "description"),
    ),
    ("What you learnt", "", ("learning",)),
    ("Impact on your practice", "", ("impact",)),
    (
        "Standards and peer reflection",
        "Tick the standards this CPD shows; across the year, aim to show all eight parts "
        "of standard 4.",
        ("standards", "peer_role", "peer_discussed_on", "peer_learning"),
    ),
    ("Evidence", "", ("evidence",)),
)
PEER_KEYS = ("peer_role", "peer_discussed_on", "peer_learning")
# Short words inside an empty box (the full help is the tooltip and accessible description).
PLACEHOLDERS = {
    "title": "A short name you and a reviewer will recognise",
    "description": "What you did, and why it matters for your work as a social worker",
    "learning": "The knowledge, skills or insight you gained",
    "impact": "The difference this makes, or will make, to your practice and to people",
    "peer_role": "Their role, not their name: for example ‘my supervisor’",
    "peer_learning": "What you learnt from talking it through, one to one or in a group",
}
# One-line hints, only where the box alone would leave a question.
HINTS = {
    "impact": "Give a concrete example, and keep people anonymous.",
}
SIDE_BY_SIDE_CHARS = 150  # editor width, in characters, for the summary to sit beside
SUMMARY_CHARS = 40  # the summary's width beside the form


def prefilled_keys(record: CpdRecord) -> frozenset[str]:
    """The fields of a freshly drafted record that Prism filled in, to mark for checking."""
    return frozenset(s.key for s in FORM_FIELDS if not is_blank(record.field_value(s.key)))


def field_copy_text(record: CpdRecord, spec: FieldSpec) -> str:
    """The paste-ready text of one field, exactly as the text export gives it ("" when blank)."""
    return dict(field_texts(record)).get(spec.full_label, "")


def all_fields_text(record: CpdRecord) -> str:
    """Every field worth pasting, label then text, in the form's order."""
    return (
        "\n\n".join(f"{label}:\n{text or NOT_FILLED_IN}" for label, text in field_texts(record))
        + "\n"
    )


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _to_date(qdate: QDate) -> date:
    return date(qdate.year(), qdate.month(), qdate.day())


class _Field(QWidget):
    """One field's editor: `edit` takes the focus, `changed` fires on every edit."""

    changed = Signal()
    edit: QWidget

    def value(self) -> object:
        raise NotImplementedError

    def set_value(self, value: object) -> None:
        raise NotImplementedError


class _TextField(_Field):
    """One line (title, peer's role) or several (learning, impact), always plain text.

    A multi-line answer grows with its text (up to a sensible height), so the record
    has one scroll, not a scroll box per answer.
    """

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.edit: QLineEdit | QPlainTextEdit
        if spec.multiline:
            edit = GrowingTextEdit(min_lines=4 if spec.required else 3, max_lines=14)
            edit.setPlaceholderText(PLACEHOLDERS.get(spec.key, spec.help))
            edit.textChanged.connect(self.changed)
            self.edit = edit
        else:
            line = QLineEdit()
            line.setPlaceholderText(PLACEHOLDERS.get(spec.key, ""))
            line.textChanged.connect(self.changed)
            self.edit = line
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def value(self) -> str:
        if isinstance(self.edit, QPlainTextEdit):
            return self.edit.toPlainText()
        return self.edit.text()

    def set_value(self, value: object) -> None:
        text = "" if value is None else str(value)
        if isinstance(self.edit, QPlainTextEdit):
            self.edit.setPlainText(text)
        else:
            self.edit.setText(text)


class _ChoiceField(_Field):
    """The type of CPD: Prism's list, plus whatever an imported record already says."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.edit = QComboBox()
        self.edit.addItems(CPD_TYPES)
        self.edit.currentIndexChanged.connect(self.changed)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        layout.addStretch(1)

    def value(self) -> str:
        return self.edit.currentText()

    def set_value(self, value: object) -> None:
        text = str(value or "")
        if text and self.edit.findText(text) < 0:
            self.edit.addItem(text)
        self.edit.setCurrentIndex(max(0, self.edit.findText(text)))


class _DateField(_Field):
    """A UK-format date; optional dates have a tick box so "no date" is a real choice."""

    def __init__(
        self, spec: FieldSpec, optional_text: str | None, fallback: Callable[[], date]
    ) -> None:
        super().__init__()
        self._fallback = fallback
        self.edit = DateEdit()
        self.edit.setLocale(UK_LOCALE)
        self.edit.setDisplayFormat(DATE_FORMAT)
        self.edit.setCalendarPopup(True)
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText("Choose a date")
        self.edit.dateChanged.connect(self.changed)
        self.check: QCheckBox | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        if optional_text is not None:
            self.check = QCheckBox(optional_text)
            self.check.setAccessibleName(optional_text)
            self.check.toggled.connect(self._toggled)
            layout.addWidget(self.check)
        layout.addWidget(self.edit)
        layout.addStretch(1)

    def _toggled(self, on: bool) -> None:
        self.edit.setEnabled(on)
        if on and self.edit.date() == NO_DATE:
            self.edit.setDate(_to_qdate(self._fallback()))
        self.changed.emit()

    def value(self) -> date | None:
        if self.check is not None and not self.check.isChecked():
            return None
        if self.edit.date() == NO_DATE:
            return None
        return _to_date(self.edit.date())

    def set_value(self, value: object) -> None:
        day = value if isinstance(value, date) else None
        self.edit.setDate(_to_qdate(day) if day else NO_DATE)
        if self.check is not None:
            self.check.setChecked(day is not None)
            self.edit.setEnabled(day is not None)


class _DurationField(_Field):
    """Hours and minutes, stored as whole minutes."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.hours = QSpinBox()
        self.hours.setRange(0, 999)
        self.hours.setSuffix(" h")
        self.hours.setAccessibleName(f"{spec.label}: hours")
        self.minutes = QSpinBox()
        self.minutes.setRange(0, 59)
        self.minutes.setSuffix(" min")
        self.minutes.setAccessibleName(f"{spec.label}: minutes")
        self.edit = self.hours
        for box in (self.hours, self.minutes):
            box.valueChanged.connect(self.changed)
        # What Prism measured, beside the figure the learner claims, so the two can be
        # compared before the record goes to the regulator.
        self.tracked = QLabel()
        self.tracked.setTextFormat(Qt.TextFormat.PlainText)
        self.tracked.setAccessibleDescription(f"{spec.label}: time Prism tracked")
        self.tracked.hide()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.hours)
        layout.addWidget(self.minutes)
        layout.addWidget(self.tracked)
        layout.addStretch(1)

    def show_tracked(self, minutes: int | None) -> None:
        """Show the active time tracked on the record's modules (hidden when it links none)."""
        if minutes is None:
            self.tracked.hide()
            return
        shown = format_minutes(minutes) if minutes > 0 else "under a minute"
        self.tracked.setText(f"Prism tracked {shown} of active study on these modules")
        self.tracked.show()

    def value(self) -> int:
        return self.hours.value() * 60 + self.minutes.value()

    def set_value(self, value: object) -> None:
        minutes = value if isinstance(value, int) and value > 0 else 0
        hours, rest = divmod(minutes, 60)
        self.hours.setValue(min(hours, self.hours.maximum()))
        self.minutes.setValue(rest)


class _StandardsField(_Field):
    """Tick the professional standards shown: every one on show, standard 4 first."""

    def __init__(self, spec: FieldSpec, services: Services) -> None:
        super().__init__()
        self.picker = StandardsPicker(services.course.standards)
        self.picker.changed.connect(self.changed)
        self.edit = self.picker
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.picker)

    def value(self) -> tuple[str, ...]:
        return self.picker.value()

    def set_value(self, value: object) -> None:
        self.picker.set_value([str(s) for s in value] if isinstance(value, tuple | list) else [])


class _EvidenceField(_Field):
    """The modules, quizzes and reflections that back the record up: read-only, removable.

    Each link is a line with its own Remove button, all on show (no list box to scroll).
    """

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self._links: list[EvidenceLink] = []
        self.edit = QWidget()
        self.edit.setAccessibleName(spec.label)
        self._rows = QVBoxLayout(self.edit)
        self._rows.setContentsMargins(0, 0, 0, 0)
        self._rows.setSpacing(SPACE_XS)
        self.remove_buttons: list[QPushButton] = []
        self.empty = muted("Nothing linked. Records made from your learning link it here.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.edit)

    def value(self) -> tuple[EvidenceLink, ...]:
        return tuple(self._links)

    def set_value(self, value: object) -> None:
        self._links = list(value) if isinstance(value, tuple | list) else []
        self._show()

    def _show(self) -> None:
        clear_layout_widgets(self.edit)
        self.remove_buttons = []
        for index, link in enumerate(self._links):
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            words = QLabel(link.display)
            words.setWordWrap(True)
            words.setTextFormat(Qt.TextFormat.PlainText)
            remove = QPushButton("Remove")
            remove.setAccessibleName(f"Remove ‘{link.display}’ from this record")
            remove.clicked.connect(lambda _=False, i=index: self.remove(i))
            line.addWidget(words, 1)
            line.addWidget(remove, 0, Qt.AlignmentFlag.AlignTop)
            self._rows.addWidget(row)
            self.remove_buttons.append(remove)
        self.edit.setFocusProxy(self.remove_buttons[0] if self.remove_buttons else None)
        self.edit.setVisible(bool(self._links))
        self.empty.setVisible(not self._links)

    def remove(self, index: int) -> EvidenceLink | None:
        """Take link ``index`` off the record; the focus moves to the next one's button."""
        if not 0 <= index < len(self._links):
            return None
        removed = self._links.pop(index)
        self._show()
        if self.remove_buttons:
            self.remove_buttons[min(index, len(self.remove_buttons) - 1)].setFocus()
        self.changed.emit()
        return removed


class CpdEditor(QWidget):
    """Edit one CPD record; `saved` carries each stored version, `closed` asks to go back."""

    saved = Signal(object)  # CpdRecord
    closed = Signal()

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.cpd = services.cpd
        self.record: CpdRecord | None = None
        self._loading = False
        self._dirty = False
        self._autosave = Autosaver(self._save_quietly, self)

        self.title = heading("CPD record")
        self.title.setTextFormat(Qt.TextFormat.PlainText)  # the person's title, never markup
        self.summary = RecordSummary()
        # The summary shows the status, the year and what is still to do (kept as
        # attributes of the editor, where the rest of the app reads them).
        self.state = self.summary.state
        self.year_note = self.summary.year_note
        self.checklist = self.summary.checklist
        self.prefilled_banner = Callout(
            Tone.INFO,
            "Prism filled in the fields marked ✎ from your learning",
            "Check each one, then write in your own words what you learnt and how it "
            "changes your practice.",
        )

        self.fields: dict[str, _Field] = {}
        self.blocks: dict[str, QWidget] = {}
        self._focus_key = ""
        self.copy_buttons: dict[str, QPushButton] = {}
        self.notes: dict[str, QLabel] = {}
        self.privacy_notes: dict[str, PrivacyNote] = {}
        self.sections: dict[str, Card] = {}
        form = QWidget()
        form_layout = QVBoxLayout(form)
        form_layout.setContentsMargins(0, 0, SPACE_S, 0)
        form_layout.setSpacing(SPACE_L)
        self._form_layout = form_layout
        form_layout.addWidget(self.prefilled_banner)
        specs = {s.key: s for s in FORM_FIELDS}
        for title, description, keys in SECTIONS:
            card = Card(name=title)
            card.body.addWidget(SectionHeader(title, description))
            for key in keys:
                spec = specs[key]
                if spec.group == PEER_GROUP and key == PEER_KEYS[0]:
                    card.body.addWidget(self._peer_heading())
                card.body.addWidget(self._field_block(spec))
            self.sections[title] = card
            form_layout.addWidget(card)
        form_layout.addStretch(1)
        assert set(self.fields) == set(specs), "every form field is in a section"
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form)
        scroll.setAccessibleName("The record's fields, in sections")
        self.scroll = scroll
        # Beside the form when there is room; otherwise (narrow window, large text) at
        # the top of the form, so nothing needs a sideways scroll.
        self.side = QScrollArea()
        self.side.setWidgetResizable(True)
        self.side.setFrameShape(QFrame.Shape.NoFrame)
        self.side.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.side.setAccessibleName("Summary of this record")
        self.side.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # read, not operated: no Tab stop
        self.side.setWidget(self.summary)
        self._summary_beside = True

        self._privacy_timer = QTimer(self)
        self._privacy_timer.setSingleShot(True)
        self._privacy_timer.setInterval(DEBOUNCE_MS)
        self._privacy_timer.timeout.connect(self.check_privacy)

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleDescription("Editor status")
        self.back_button = secondary_button("&Back to CPD records")
        self.back_button.clicked.connect(self.close_editor)
        self.copy_all_button = secondary_button("Copy &all fields")
        self.copy_all_button.setAccessibleName("Copy all fields of this record")
        self.copy_all_button.clicked.connect(self.copy_all)
        self.ready_button = primary_button("Mark as &ready")
        self.ready_button.clicked.connect(self.toggle_ready)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.copy_focused_field)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        body = QHBoxLayout()
        body.setSpacing(SPACE_L)
        body.addWidget(scroll, 1)
        body.addWidget(self.side)
        layout.addLayout(body, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.copy_all_button)
        bar.addWidget(self.ready_button)
        layout.addLayout(bar)
        self._place_summary()

    # Building -----------------------------------------------------------------------

    def _peer_heading(self) -> QWidget:
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, SPACE_S, 0, 0)
        inner.setSpacing(SPACE_XS)
        title = QLabel(f"{PEER_GROUP} (optional)")
        scale_font(title, 1.0)
        title.setAccessibleName(f"{PEER_GROUP} (optional)")
        inner.addWidget(title)
        inner.addWidget(
            muted(
                "If you talked it through with a colleague, your supervisor or another "
                "professional who knows your practice. At least one record a year needs one."
            )
        )
        return box

    def _field_block(self, spec: FieldSpec) -> QWidget:
        field = self._make_field(spec)
        field.changed.connect(self._changed)
        self.fields[spec.key] = field
        edit = field.edit
        name = spec.label if spec.required or spec.group else f"{spec.label} (optional)"
        label = QLabel(name)
        label.setWordWrap(True)
        bold = QFont()  # only the weight is set, so the size still follows the text size
        bold.setBold(True)
        label.setFont(bold)
        label.setBuddy(edit)
        if not edit.accessibleName():
            edit.setAccessibleName(spec.label)
        # The full help is read by screen readers and shown as a tooltip; on screen a
        # placeholder or a one-line hint carries it only where it helps.
        edit.setAccessibleDescription(spec.help)
        edit.setToolTip(spec.help)
        note = QLabel(PREFILLED_NOTE)
        font = QFont()
        font.setItalic(True)
        note.setFont(font)
        note.hide()
        self.notes[spec.key] = note
        copy = secondary_button("Copy")
        copy.setAccessibleName(f"Copy ‘{spec.label}’")
        copy.setToolTip(f"Copy ‘{spec.label}’, ready to paste into your online account")
        copy.clicked.connect(lambda _=False, s=spec: self.copy_field(s.key))
        self.copy_buttons[spec.key] = copy

        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, SPACE_XS, 0, SPACE_XS)
        layout.setSpacing(SPACE_XS)
        layout.addWidget(label)
        if spec.key in HINTS:
            layout.addWidget(muted(HINTS[spec.key]))
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        if spec.kind == "text":
            privacy = PrivacyNote(spec.full_label)
            self.privacy_notes[spec.key] = privacy
            layout.addWidget(privacy)
        self.blocks[spec.key] = block
        return block

    # Where the summary goes ------------------------------------------------------------

    def _wide_enough(self) -> bool:
        """Room for the form and the summary side by side (in characters, so 200% text
        on a 1366-pixel screen stacks them)."""
        return self.width() >= self.fontMetrics().averageCharWidth() * SIDE_BY_SIDE_CHARS

    def _place_summary(self) -> None:
        beside = self._wide_enough()
        if beside == self._summary_beside:
            return
        self._summary_beside = beside
        if beside:
            self._form_layout.removeWidget(self.summary)
            self.side.setWidget(self.summary)
        else:
            self.side.takeWidget()
            self._form_layout.insertWidget(0, self.summary)
        self.side.setVisible(beside)
        self.summary.set_compact(not beside)
        self.summary.show()

    def hasHeightForWidth(self) -> bool:
        # The editor takes the height it is given and scrolls its own form, so the page
        # around it never needs to scroll as well (no scroll inside a scroll).
        return False

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), self.fontMetrics().lineSpacing() * 12))

    def _relayout(self) -> None:
        self.side.setFixedWidth(
            min(self.fontMetrics().averageCharWidth() * SUMMARY_CHARS, self.width() // 3)
        )
        self._place_summary()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._relayout()  # a larger text size may no longer fit side by side

    def _make_field(self, spec: FieldSpec) -> _Field:
        if spec.kind == "choice":
            return _ChoiceField(spec)
        if spec.kind == "date":
            optional = None
            if spec.key == "end_date":
                optional = "It ran over more than one day; it ended on"
            elif not spec.required:
                optional = "Add this date:"
            return _DateField(spec, optional, self._fallback_date)
        if spec.kind == "duration":
            return _DurationField(spec)
        if spec.kind == "standards":
            return _StandardsField(spec, self.services)
        if spec.kind == "evidence":
            return _EvidenceField(spec)
        return _TextField(spec)

    def _fallback_date(self) -> date:
        """Where an optional date starts when ticked: the activity's date, else today."""
        start = self.value("start_date") if "start_date" in self.fields else None
        return start if isinstance(start, date) else date.today()

    # Loading and reading back -------------------------------------------------------

    def open_record(self, record: CpdRecord, *, prefilled: frozenset[str] = frozenset()) -> None:
        """Show `record`; `prefilled` names fields Prism filled in, marked for checking."""
        self.save_now()
        self._loading = True
        try:
            self.record = record
            for spec in FORM_FIELDS:
                self.fields[spec.key].set_value(record.field_value(spec.key))
                self.notes[spec.key].setVisible(spec.key in prefilled)
            self._show_tracked(record)
        finally:
            self._loading = False
        self._dirty = False
        self.prefilled_banner.setVisible(bool(prefilled))
        self.status.setText("Changes are saved as you type.")
        self.check_privacy(say=False)  # what is already there is shown, not announced
        self.scroll.verticalScrollBar().setValue(0)
        self._focus_first_gap()
        # Once laid out, bring that field into view (the layout is not done until shown).
        QTimer.singleShot(0, self._show_focus)

    def _show_tracked(self, record: CpdRecord) -> None:
        duration = self.fields.get("duration")
        if isinstance(duration, _DurationField):
            duration.show_tracked(self.cpd.tracked_minutes(record))

    def _focus_first_gap(self) -> None:
        """Put the cursor in the first required field still empty (else the title), in view."""
        record = self.current_record()
        key = next(
            (
                s.key
                for s in FORM_FIELDS
                if s.required
                and (
                    record.minutes <= 0
                    if s.kind == "duration"
                    else is_blank(record.field_value(s.key))
                )
            ),
            "title",
        )
        self.fields[key].edit.setFocus()
        self._focus_key = key

    def focus_field(self, key: str, matched: str = "") -> None:
        """Put the cursor in field ``key``, in view, with ``matched`` selected if found there.

        "Go back and fix" in the privacy check lands here, on the flagged words, instead
        of at the top of the record.
        """
        field = self.fields.get(key)
        if field is None:
            return
        edit = field.edit
        edit.setFocus()
        self._focus_key = key
        if matched and isinstance(edit, QPlainTextEdit):
            cursor = edit.document().find(matched)
            if not cursor.isNull():
                edit.setTextCursor(cursor)
        elif matched and isinstance(edit, QLineEdit):
            start = edit.text().find(matched)
            if start >= 0:
                edit.setSelection(start, len(matched))
        QTimer.singleShot(0, self._show_focus)

    def _show_focus(self) -> None:
        block = self.blocks.get(self._focus_key)
        if block is not None:
            # The field near the top, with a little of the one above for context.
            top = block.mapTo(self.scroll.widget(), block.rect().topLeft()).y()
            bar = self.scroll.verticalScrollBar()
            bar.setValue(max(0, top - self.scroll.viewport().height() // 5))

    def value(self, key: str) -> object:
        """The value a field holds now (for tests and for building the record)."""
        return self.fields[key].value()

    def _text(self, key: str) -> str:
        return str(self.value(key))

    def _date(self, key: str) -> date | None:
        value = self.value(key)
        return value if isinstance(value, date) else None

    def current_record(self) -> CpdRecord:
        """The record as the widgets show it now (not yet saved)."""
        assert self.record is not None
        role, discussed, learnt = (
            self._text("peer_role"),
            self._date("peer_discussed_on"),
            self._text("peer_learning"),
        )
        peer = None
        if not (is_blank(role) and discussed is None and is_blank(learnt)):
            peer = PeerReflection(role, discussed, learnt)
        minutes, standards, evidence = (
            self.value("duration"),
            self.value("standards"),
            self.value("evidence"),
        )
        return replace(
            self.record,
            cpd_type=self._text("cpd_type"),
            title=self._text("title"),
            start_date=self._date("start_date"),
            end_date=self._date("end_date"),
            description=self._text("description"),
            learning=self._text("learning"),
            impact=self._text("impact"),
            peer=peer,
            minutes=minutes if isinstance(minutes, int) else 0,
            standards=tuple(standards) if isinstance(standards, tuple) else (),
            evidence=tuple(evidence) if isinstance(evidence, tuple) else (),
        )

    # Saving -------------------------------------------------------------------------

    def _changed(self) -> None:
        if self._loading or self.record is None:
            return
        self._dirty = True
        self._autosave.changed()
        self._privacy_timer.start()  # restarts: the check runs once typing pauses
        self.status.setText("Saving soon…")
        self._show_state()

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def save_now(self) -> bool:
        """Save pending changes at once; True when nothing is left unsaved."""
        self._autosave.cancel()
        if self.record is None or not self._dirty:
            return True
        record = self.current_record()
        back_to_draft = record.is_ready and bool(record.problems())
        if back_to_draft:
            record = replace(record, status="draft")
        try:
            stored = self.cpd.save(record)
        except Exception as error:  # whatever went wrong, keep the text and say so
            self.status.setText(
                f"Could not save this record: {error}. Your text is still here. "
                "Check there is space on the disc, then type again to retry."
            )
            announce(self.status, self.status.text())
            return False
        self.record = stored
        self._dirty = False
        stamp = datetime.now().strftime("%H:%M")
        if back_to_draft:
            self.status.setText(
                f"Saved at {stamp}. Back to draft until it is complete again: "
                + " ".join(stored.problems())
            )
            announce(self.status, self.status.text())
        else:
            self.status.setText(f"Saved at {stamp}.")
        self._show_state()
        self.saved.emit(stored)
        return True

    def _save_quietly(self) -> None:
        self.save_now()

    def close_editor(self) -> None:
        if self.save_now():
            self.closed.emit()

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()  # leaving the page (or closing the window) never loses typing
        super().hideEvent(event)

    # State --------------------------------------------------------------------------

    def _show_state(self) -> None:
        if self.record is None:
            return
        record = self.current_record()
        self.title.setText(record.title.strip() or "New CPD record")
        self.title.setAccessibleName(self.title.text())
        ready = self.record.is_ready
        self.ready_button.setText("Mark as &draft" if ready else "Mark as &ready")
        flagged = {
            note.field_label: note.findings for note in self.privacy_notes.values() if note.findings
        }
        self.summary.show_record(
            record, ready=ready, year_text=self._year_text(record), flagged=flagged
        )

    # Privacy while typing ---------------------------------------------------------------

    def check_privacy(self, *, say: bool = True) -> None:
        """Run the export's privacy check on each written field now; warn under a field
        that holds something identifying, and (``say``) announce what is new, politely."""
        self._privacy_timer.stop()
        if self.record is None:
            return
        for key, note in self.privacy_notes.items():
            new = note.show_findings(live_findings(str(self.value(key))))
            if new and say:
                announce(note, note.announcement(new))
        self._show_state()

    def _year_text(self, record: CpdRecord) -> str:
        if record.start_date is None:
            return (
                "Choose the date of the activity: it decides which registration year it counts for."
            )
        year = registration_year_for(record.start_date)
        current = self.cpd.current_year()
        if year == current:
            return (
                f"Counts towards registration year {year.label} "
                f"(submit by {format_date_uk(year.deadline)})."
            )
        return (
            f"Dated in registration year {year.label}, so it does not count towards "
            f"{current.label}. Check the date if that is not what you meant."
        )

    def toggle_ready(self) -> None:
        if self.record is None or not self.save_now():
            return
        if self.record.is_ready:
            self.cpd.mark_draft(self.record.id)
            message = "Marked as draft. You can keep editing."
        else:
            concerns = self.cpd.ready_concerns(self.record)
            if concerns and not dialogs.ask_yes_no(
                self,
                "Check the time before marking it ready",
                " ".join(concerns)
                + "\n\nThe time you give goes to Social Work England. Mark it as ready anyway?",
                yes="Mark as ready",
                no="Go back and check",
            ):
                self.fields["duration"].edit.setFocus()
                self._say("Not marked as ready. Check the time spent, then try again.")
                return
            found = self.cpd.mark_ready(self.record.id)
            if found:
                self._focus_first_gap()
                self._say("Not ready yet. Fill these in first: " + " ".join(found))
                return
            message = "Marked as ready. Copy each field into your Social Work England account."
        stored = self.cpd.get(self.record.id)
        if stored is not None:
            self.record = stored
            self.saved.emit(stored)
        self._show_state()
        self.status.setText(message)
        announce(self.status, message)

    # Copying ------------------------------------------------------------------------

    def copy_field(self, key: str) -> str:
        """Copy one field's paste-ready text to the clipboard; returns what was copied."""
        spec = next(s for s in FORM_FIELDS if s.key == key)
        text = field_copy_text(self.current_record(), spec)
        if not text:
            self._say(f"‘{spec.label}’ is empty, so there is nothing to copy yet.")
            return ""
        QApplication.clipboard().setText(text)
        self._say(f"Copied ‘{spec.label}’. Paste it into the matching box.")
        return text

    def copy_all(self) -> str:
        record = self.current_record()
        text = all_fields_text(record)
        QApplication.clipboard().setText(text)
        self._say(f"Copied all fields of ‘{record.title.strip() or 'Untitled'}’.")
        return text

    def copy_focused_field(self) -> None:
        focus = QApplication.focusWidget()
        for key, field in self.fields.items():
            if focus is not None and (focus is field or field.isAncestorOf(focus)):
                self.copy_field(key)
                return
        self._say("Move to a field first, then press Ctrl+Shift+C to copy it.")

    def _say(self, message: str) -> None:
        self.status.setText(message)
        announce(self.status, message)
