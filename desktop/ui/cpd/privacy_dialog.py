"""Before an export: show text that could identify someone, and let the person fix it.

CPD records must keep people anonymous (professional standards 2.2 and 2.6).
The check is a prompt, not a guarantee, so the person decides: go back and fix
the record (the default), or export anyway after ticking that they have checked.
Everything shown comes from the person's own text and is escaped.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.privacy import FieldFinding
from desktop.cpd.records import CpdRecord
from desktop.ui.style import heading, muted

Findings = Sequence[tuple[CpdRecord, Sequence[FieldFinding]]]

KIND_NAMES: dict[str, str] = {
    "email": "Email address",
    "phone": "Phone number",
    "postcode": "Postcode",
    "address": "Street address",
    "case_number": "Case or reference number",
    "date_of_birth": "Date of birth",
    "date": "A full date (often fine)",
    "nhs_number": "NHS number",
    "name": "Name after a title",
}
CONTEXT_CHARS = 45  # how much of the surrounding text to show either side of a match
ANYWAY_CHECKBOX = "I have &checked these: none of them identifies a person I work with"


class PrivacyChoice(enum.Enum):
    FIX = "fix"
    EXPORT_ANYWAY = "export anyway"
    CANCEL = "cancel"


def field_source(record: CpdRecord, finding: FieldFinding) -> str:
    """The text a finding was found in, so it can be shown in context ("" if unknown)."""
    for spec in FORM_FIELDS:
        if spec.full_label != finding.field_label:
            continue
        if spec.kind == "evidence":
            match = finding.finding
            for link in record.evidence:
                if link.label[match.start : match.end] == match.matched:
                    return link.label
            return ""
        value = record.field_value(spec.key)
        return value if isinstance(value, str) else ""
    return ""


def snippet_html(source: str, finding: FieldFinding, palette: QPalette) -> str:
    """The match underlined, bold and highlighted, with a little escaped context each side."""
    match = finding.finding
    if source[match.start : match.end] != match.matched:
        before, after = "", ""
    else:
        before = source[max(0, match.start - CONTEXT_CHARS) : match.start]
        after = source[match.end : match.end + CONTEXT_CHARS]
        # Cut the context at whole words, so a number or name is never shown half cut off.
        if match.start > CONTEXT_CHARS:
            before = "…" + before[before.find(" ") + 1 :].lstrip()
        if match.end + CONTEXT_CHARS < len(source):
            cut = after.rfind(" ")
            after = (after[:cut] if cut > 0 else after).rstrip() + "…"
    before, after = before.replace("\n", " "), after.replace("\n", " ")
    back = palette.color(QPalette.ColorRole.Highlight).name()
    fore = palette.color(QPalette.ColorRole.HighlightedText).name()
    marked = (
        f'<span style="background-color: {back}; color: {fore}; font-weight: bold; '
        f'text-decoration: underline">{_e(match.matched)}</span>'
    )
    return f"{_e(before)}{marked}{_e(after)}"


def findings_html(findings: Findings, palette: QPalette) -> str:
    """The whole report: per record, per field, the text in context, what it is and what to do."""
    parts: list[str] = []
    for record, found in findings:
        title = record.title.strip() or "Untitled"
        parts.append(f"<h3>Record: {_e(title)}</h3>")
        for item in found:
            kind = KIND_NAMES.get(item.finding.kind, item.finding.kind)
            context = snippet_html(field_source(record, item), item, palette)
            parts.append(
                f"<p><b>{_e(item.field_label)}</b> — {_e(kind)}<br>"
                f"“{context}”<br>"
                f"<i>{_e(item.finding.explanation)}</i></p>"
            )
    return "\n".join(parts)


class PrivacyDialog(QDialog):
    """Shows findings; `choice` and `record_to_fix` say what the person decided."""

    def __init__(self, findings: Findings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Check for details that could identify someone")
        self.findings = [(record, tuple(found)) for record, found in findings]
        self.choice = PrivacyChoice.CANCEL
        self.record_to_fix: CpdRecord | None = None
        count = sum(len(found) for _, found in self.findings)
        records = len(self.findings)

        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.setAccessibleName("Details that could identify someone")
        self.report.setHtml(findings_html(self.findings, self.palette()))
        self.record_choice = QComboBox()
        self.record_choice.setAccessibleName("Record to fix")
        for record, _ in self.findings:
            self.record_choice.addItem(record.title.strip() or "Untitled", record.id)
        choice_label = QLabel("Record to &fix:")
        choice_label.setBuddy(self.record_choice)
        self.fix_button = QPushButton("&Go back and fix")
        self.fix_button.setDefault(True)
        self.fix_button.setAutoDefault(True)
        self.fix_button.clicked.connect(self._fix)
        self.checked_box = QCheckBox(ANYWAY_CHECKBOX)
        self.checked_box.setAccessibleName(ANYWAY_CHECKBOX.replace("&", ""))
        self.anyway_button = QPushButton("&Export anyway")
        self.anyway_button.setAutoDefault(False)
        self.anyway_button.setEnabled(False)
        self.anyway_button.clicked.connect(self._anyway)
        self.checked_box.toggled.connect(self.anyway_button.setEnabled)
        self.cancel_button = QPushButton("Cancel export")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)

        in_records = "1 record" if records == 1 else f"{records} records"
        things = "1 detail" if count == 1 else f"{count} details"
        layout = QVBoxLayout(self)
        layout.addWidget(heading("Check for details that could identify someone", 2))
        self.intro = QLabel(
            f"Prism found {things} in {in_records} that could identify a person you work "
            "with. Keep people anonymous: use a role, such as ‘the young person's "
            "grandmother’, instead of a name or contact details."
        )
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.intro)
        layout.addWidget(self.report, 1)
        fix_row = QHBoxLayout()
        if records > 1:
            fix_row.addWidget(choice_label)
            fix_row.addWidget(self.record_choice, 1)
        else:
            choice_label.hide()
            self.record_choice.hide()
            fix_row.addStretch(1)
        fix_row.addWidget(self.fix_button)
        layout.addLayout(fix_row)
        layout.addWidget(muted("Only if you are sure these details cannot identify anyone:"))
        anyway_row = QHBoxLayout()
        anyway_row.addWidget(self.checked_box, 1)
        anyway_row.addWidget(self.anyway_button)
        layout.addLayout(anyway_row)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)
        width = self.fontMetrics().averageCharWidth() * 110
        self.resize(width, int(width * 0.75))
        self.fix_button.setFocus()

    def _fix(self) -> None:
        index = max(0, self.record_choice.currentIndex())
        self.record_to_fix = self.findings[index][0] if self.findings else None
        self.choice = PrivacyChoice.FIX
        self.accept()

    def _anyway(self) -> None:
        if not self.checked_box.isChecked():
            return  # a deliberate choice: the tick box comes first
        self.choice = PrivacyChoice.EXPORT_ANYWAY
        self.accept()


def ask_privacy(
    parent: QWidget | None, findings: Findings
) -> tuple[PrivacyChoice, CpdRecord | None]:
    """Show the dialog and wait for the person's decision."""
    dialog = PrivacyDialog(findings, parent)
    dialog.exec()
    choice, record = dialog.choice, dialog.record_to_fix
    dialog.deleteLater()
    return choice, record


def _e(text: str) -> str:
    return escape(text, quote=True)
