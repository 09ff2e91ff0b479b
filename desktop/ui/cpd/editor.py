"""The CPD record editor: the online form's fields in order, each with its own Copy button.

Social Work England's online account logs people out after 60 minutes, so the
record is drafted here and pasted in one field at a time. The fields follow
`desktop.cpd.form.FORM_FIELDS` (labels, help, order), and every Copy button
copies exactly the text the paste-ready export would give for that field
(`export_text.field_texts`), so the screen and the export never disagree.

Drafts save themselves shortly after each change and whenever the editor is
left, so nothing typed is lost. User text is only ever shown as plain text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime

from PySide6.QtCore import QDate, QLocale, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QHideEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
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
from desktop.cpd.requirements import STANDARD_4_PARTS
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.autosave import Autosaver
from desktop.ui.design.date_edit import DateEdit
from desktop.ui.style import heading, muted

PREFILLED_NOTE = "✎ Filled in from your learning — check and edit"
UK_LOCALE = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
DATE_FORMAT = "d MMMM yyyy"
# A start date the person has not chosen yet is shown as this (an imported record may lack one).
NO_DATE = QDate(1990, 1, 1)


PASTE_STEPS = (
    "1. Sign in to your Social Work England online account and start a new CPD record.\n\n"
    "2. Press Copy beside a field here (or Ctrl+Shift+C in it), then paste it into the "
    "matching box with Ctrl+V.\n\n"
    "3. The online account signs you out after 60 minutes. Your draft is safe here: it saves "
    "as you type."
)


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
    """One line (title, peer's role) or several (learning, impact), always plain text."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self.edit: QLineEdit | QPlainTextEdit
        if spec.multiline:
            edit = QPlainTextEdit()
            edit.setTabChangesFocus(True)  # Tab moves on, as in every other field
            lines = 6 if spec.required else 4
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * lines + 12)
            edit.textChanged.connect(self.changed)
            self.edit = edit
        else:
            line = QLineEdit()
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
    """Tick the professional standards shown: the eight parts of standard 4 first."""

    def __init__(self, spec: FieldSpec, services: Services) -> None:
        super().__init__()
        self.edit = QListWidget()
        self.edit.setMinimumHeight(self.edit.fontMetrics().lineSpacing() * 9)
        self._catalogue = {s.number: s for s in services.course.standards}
        numbers = list(STANDARD_4_PARTS)
        numbers += [n for n in self._catalogue if n not in numbers]
        for number in numbers:
            self._add(number)
        self.edit.itemChanged.connect(self.changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)

    def _add(self, number: str) -> QListWidgetItem:
        standard = self._catalogue.get(number)
        words = (standard.text or standard.group_heading) if standard else ""
        item = QListWidgetItem(f"{number}   {words}".rstrip())
        item.setData(Qt.ItemDataRole.UserRole, number)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.edit.addItem(item)
        return item

    def _items(self) -> Iterable[QListWidgetItem]:
        return (self.edit.item(i) for i in range(self.edit.count()))

    def value(self) -> tuple[str, ...]:
        return tuple(
            i.data(Qt.ItemDataRole.UserRole)
            for i in self._items()
            if i.checkState() == Qt.CheckState.Checked
        )

    def set_value(self, value: object) -> None:
        wanted = [str(s) for s in value] if isinstance(value, tuple | list) else []
        known = {i.data(Qt.ItemDataRole.UserRole) for i in self._items()}
        for number in wanted:
            if number not in known:  # kept from an import, even if the catalogue lacks it
                self._add(number)
        for item in self._items():
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)


class _EvidenceField(_Field):
    """The modules, quizzes and reflections that back the record up: read-only, removable."""

    def __init__(self, spec: FieldSpec) -> None:
        super().__init__()
        self._links: list[EvidenceLink] = []
        self.edit = QListWidget()
        self.edit.setMaximumHeight(self.edit.fontMetrics().lineSpacing() * 5 + 12)
        self.empty = muted("Nothing linked. Records made from your learning link it here.")
        self.remove_button = QPushButton("Remo&ve from this record")
        self.remove_button.setAccessibleDescription("Remove the chosen evidence from this record")
        self.remove_button.clicked.connect(self.remove_current)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.empty)
        layout.addWidget(self.edit)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)

    def value(self) -> tuple[EvidenceLink, ...]:
        return tuple(self._links)

    def set_value(self, value: object) -> None:
        self._links = list(value) if isinstance(value, tuple | list) else []
        self._show()

    def _show(self) -> None:
        self.edit.clear()
        for link in self._links:
            self.edit.addItem(link.display)
        has_links = bool(self._links)
        self.edit.setVisible(has_links)
        self.remove_button.setVisible(has_links)
        self.empty.setVisible(not has_links)
        if has_links:
            self.edit.setCurrentRow(0)

    def remove_current(self) -> EvidenceLink | None:
        row = self.edit.currentRow()
        if not 0 <= row < len(self._links):
            return None
        removed = self._links.pop(row)
        self._show()
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
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.year_note = muted("")
        self.prefilled_banner = QLabel(
            "Prism filled in the fields marked ✎ from your learning. Check each one, then "
            "write in your own words what you learnt and how it changes your practice."
        )
        self.prefilled_banner.setWordWrap(True)
        self.prefilled_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.prefilled_banner.setMargin(8)

        self.fields: dict[str, _Field] = {}
        self.blocks: dict[str, QWidget] = {}
        self._focus_key = ""
        self.copy_buttons: dict[str, QPushButton] = {}
        self.notes: dict[str, QLabel] = {}
        form = QWidget()
        form_layout = QVBoxLayout(form)
        groups: dict[str, QVBoxLayout] = {}
        for spec in FORM_FIELDS:
            block = self._field_block(spec)
            if spec.group:
                if spec.group not in groups:
                    groups[spec.group] = self._group_box(spec.group, form_layout)
                groups[spec.group].addWidget(block)
            else:
                form_layout.addWidget(block)
        form_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(form)
        scroll.setAccessibleName("The record's fields, in the online form's order")
        self.scroll = scroll

        self.checklist = QLabel()
        self.checklist.setWordWrap(True)
        self.checklist.setTextFormat(Qt.TextFormat.PlainText)
        self.checklist.setAccessibleDescription("What stops this record being ready")
        side = QFrame()
        side.setFrameShape(QFrame.Shape.StyledPanel)
        side.setMaximumWidth(side.fontMetrics().averageCharWidth() * 42)
        side_layout = QVBoxLayout(side)
        side_layout.addWidget(heading("Pasting it in", 2))
        steps = QLabel(PASTE_STEPS)
        steps.setWordWrap(True)
        side_layout.addWidget(steps)
        side_layout.addSpacing(12)
        side_layout.addWidget(heading("Before it is ready", 2))
        side_layout.addWidget(self.checklist)
        side_layout.addStretch(1)
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setAccessibleDescription("Editor status")
        self.back_button = QPushButton("&Back to CPD records")
        self.back_button.clicked.connect(self.close_editor)
        self.copy_all_button = QPushButton("Copy &all fields")
        self.copy_all_button.setAccessibleName("Copy all fields of this record")
        self.copy_all_button.clicked.connect(self.copy_all)
        self.ready_button = QPushButton("Mark as &ready")
        self.ready_button.clicked.connect(self.toggle_ready)
        shortcut = QShortcut(QKeySequence("Ctrl+Shift+C"), self)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        shortcut.activated.connect(self.copy_focused_field)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.state)
        layout.addWidget(self.year_note)
        layout.addWidget(self.prefilled_banner)
        body = QHBoxLayout()
        body.addWidget(scroll, 1)
        body.addWidget(side)
        layout.addLayout(body, 1)
        bar = QHBoxLayout()
        bar.addWidget(self.back_button)
        bar.addWidget(self.status, 1)
        bar.addWidget(self.copy_all_button)
        bar.addWidget(self.ready_button)
        layout.addLayout(bar)

    # Building -----------------------------------------------------------------------

    def _group_box(self, group: str, parent_layout: QVBoxLayout) -> QVBoxLayout:
        box = QGroupBox(f"{group} (optional)")
        box.setAccessibleName(f"{group} (optional)")
        inner = QVBoxLayout(box)
        if group == PEER_GROUP:
            inner.addWidget(
                muted(
                    "Fill this in if you talked the activity through with a peer: a colleague, "
                    "your supervisor or manager, or another professional who knows your "
                    "practice. Social Work England asks for at least one record a year with "
                    "a peer reflection."
                )
            )
        parent_layout.addWidget(box)
        return inner

    def _field_block(self, spec: FieldSpec) -> QWidget:
        field = self._make_field(spec)
        field.changed.connect(self._changed)
        self.fields[spec.key] = field
        edit = field.edit
        name = spec.label if spec.required or spec.group else f"{spec.label} (optional)"
        label = QLabel(name)
        bold = QFont()  # only the weight is set, so the size still follows the text size
        bold.setBold(True)
        label.setFont(bold)
        label.setBuddy(edit)
        if not edit.accessibleName():
            edit.setAccessibleName(spec.label)
        edit.setAccessibleDescription(spec.help)
        note = QLabel(PREFILLED_NOTE)
        font = QFont()
        font.setItalic(True)
        note.setFont(font)
        note.hide()
        self.notes[spec.key] = note
        copy = QPushButton("Copy")
        copy.setAccessibleName(f"Copy ‘{spec.label}’")
        copy.setToolTip(f"Copy ‘{spec.label}’, ready to paste into your online account")
        copy.clicked.connect(lambda _=False, s=spec: self.copy_field(s.key))
        self.copy_buttons[spec.key] = copy

        block = QWidget()
        layout = QVBoxLayout(block)
        layout.setContentsMargins(0, 6, 0, 6)
        layout.setSpacing(2)
        layout.addWidget(label)
        layout.addWidget(muted(spec.help))
        layout.addWidget(note)
        row = QHBoxLayout()
        row.addWidget(field, 1)
        row.addWidget(copy, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(row)
        self.blocks[spec.key] = block
        return block

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
        self._show_state()
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
        if self.record.is_ready:
            self.state.setText("Status: ✓ Ready to paste into your Social Work England account.")
            self.ready_button.setText("Mark as &draft")
        else:
            self.state.setText(
                "Status: Draft. When every required field is filled in, choose ‘Mark as ready’."
            )
            self.ready_button.setText("Mark as &ready")
        self.year_note.setText(self._year_text(record))
        found = record.problems()
        if found:
            self.checklist.setText("Still to do:\n" + "\n".join(f"• {p}" for p in found))
        elif self.record.is_ready:
            self.checklist.setText("✓ Ready. Paste each field into your online account.")
        else:
            self.checklist.setText("✓ Every required field is filled in. Choose ‘Mark as ready’.")

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
