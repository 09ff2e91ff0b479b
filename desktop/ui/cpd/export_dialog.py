"""Export CPD records: choose a format and the years, check privacy, then Save as….

The order matters to the person: warnings about the records (drafts, records
outside the year) are shown while choosing; the privacy check runs before the
file is chosen; an existing file is never replaced without asking; and the
success message names the file and offers to open its folder.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from desktop.atomic_files import TargetExistsError
from desktop.cpd.form import FORM_FIELDS
from desktop.cpd.registration_year import RegistrationYear
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.busy import busy_cursor
from desktop.ui.cpd.privacy_dialog import PrivacyChoice, ask_privacy
from desktop.ui.design.components import primary_button
from desktop.ui.dialogs import choose_save_path, documents_folder
from desktop.ui.style import heading, muted

if TYPE_CHECKING:
    from desktop.services.cpd import CpdService, ExportPlan

# (format, label with mnemonic, one line on what it is for, file-type filter)
FORMATS: tuple[tuple[str, str, str, str], ...] = (
    (
        "text",
        "&Paste-ready text",
        "Every field in the online form's order, to copy into your Social Work England account.",
        "Text files (*.txt)",
    ),
    (
        "pdf",
        "P&DF portfolio",
        "A printable portfolio: a cover saying whether the year is met, a summary table, "
        "then each record, for a CPD review or your employer.",
        "PDF files (*.pdf)",
    ),
    (
        "csv",
        "&Spreadsheet (CSV)",
        "One row per record, to open in Excel, Numbers or LibreOffice.",
        "Spreadsheets (*.csv)",
    ),
    (
        "json",
        "Data &file (JSON)",
        "All your records as data: a backup, or to move them to Prism on another computer.",
        "Data files (*.json)",
    ),
    (
        "xapi",
        "&Learning record (xAPI)",
        "Statements for an employer's learning record store, if they ask for one.",
        "xAPI files (*.json)",
    ),
)
FORMAT_NAMES = {fmt: label.replace("&", "") for fmt, label, _, _ in FORMATS}
FORMAT_NOUNS = {
    "text": "paste-ready text",
    "pdf": "PDF portfolio",
    "csv": "spreadsheet",
    "json": "data file",
    "xapi": "learning record file",
}


# Messages below keep file names and the person's text off the first line: Qt decides
# whether a message box shows rich text from its first line alone.


# Module-level (with choose_save_path and documents_folder, imported from the kit) so
# tests can replace them: a test never opens a real file dialog or browser.
def open_folder(folder: Path) -> None:
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))


def make_portfolio_pdf(
    service: CpdService, profile_id: str, plan: ExportPlan, registration_number: str | None
) -> bytes:
    from desktop.ui import pdf  # loaded only when a PDF is made: QtPrintSupport is not free

    return pdf.portfolio_pdf(service, profile_id, plan, registration_number)


def save_file(
    parent: QWidget,
    service: CpdService,
    title: str,
    suggested_name: str,
    filter_: str,
    make: Callable[[], bytes],
) -> Path | None:
    """Ask where, confirm replacing, make the bytes (`make()`), write atomically.

    Returns the path written, or None if the person cancelled or it failed (after
    saying why). Shared by exports and certificates.
    """
    path = choose_save_path(parent, title, documents_folder() / suggested_name, filter_)
    if path is None:
        return None
    overwrite = False
    if path.exists():
        if not _ask_replace(parent, path):
            return None
        overwrite = True
    data = make()
    while True:
        try:
            return service.write_export(data, path, overwrite=overwrite)
        except TargetExistsError:
            # Another program made the file after we checked: ask again, never overwrite silently.
            if not _ask_replace(parent, path):
                return None
            overwrite = True
        except OSError as error:
            dialogs.show_error(
                parent,
                "Could not save the file",
                "Prism could not save the file here:\n"
                f"{path}\n({error.strerror or error})\n\n"
                "Choose another folder, such as Documents, and try again.",
            )
            return None


def _first_flagged(plan: ExportPlan, record_id: str) -> tuple[str, str]:
    """(field key, flagged words) of a record's first privacy finding, ("", "") if none."""
    for record, found in plan.findings:
        if record.id != record_id or not found:
            continue
        first = found[0]
        key = next((s.key for s in FORM_FIELDS if s.full_label == first.field_label), "")
        return key, first.finding.matched
    return "", ""


def _ask_replace(parent: QWidget, path: Path) -> bool:
    return dialogs.ask_yes_no(
        parent,
        "Replace the existing file?",
        f"A file with this name already exists:\n{path}\n\nReplace it with this one?",
        yes="Replace",
        no="Cancel",
    )


class ExportDialog(QDialog):
    """Choose what to export and save it; `fix_requested(record_id, field key, words)` asks
    to edit a record at the field (and the words) the privacy check flagged."""

    fix_requested = Signal(str, str, str)
    exported = Signal(object)  # Path

    def __init__(
        self,
        services: Services,
        profile_id: str,
        year: RegistrationYear,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Export CPD records")
        self.cpd = services.cpd
        self.profile_id = profile_id
        self.year = year
        self.saved_path: Path | None = None

        self.format_group = QButtonGroup(self)
        formats = QGroupBox("Format")
        formats_layout = QVBoxLayout(formats)
        self.format_buttons: dict[str, QRadioButton] = {}
        for index, (fmt, label, explanation, _) in enumerate(FORMATS):
            button = QRadioButton(label)
            button.setAccessibleName(label.replace("&", ""))
            button.setAccessibleDescription(explanation)
            self.format_group.addButton(button, index)
            self.format_buttons[fmt] = button
            formats_layout.addWidget(button)
            note = muted(explanation)
            note.setIndent(24)
            formats_layout.addWidget(note)
        self.format_buttons["text"].setChecked(True)

        scope = QGroupBox("Which records")
        scope_layout = QVBoxLayout(scope)
        self.this_year = QRadioButton(
            f"Registration &year {year.label} (1 December {year.start.year} to "
            f"30 November {year.end.year})"
        )
        self.this_year.setAccessibleDescription(f"Registration year {year.label}")
        self.all_years = QRadioButton("&All years")
        self.all_years.setAccessibleName("All years")
        self.this_year.setChecked(True)
        self.scope_group = QButtonGroup(self)
        self.scope_group.addButton(self.this_year)
        self.scope_group.addButton(self.all_years)
        scope_layout.addWidget(self.this_year)
        scope_layout.addWidget(self.all_years)

        self.number = QLineEdit(self.cpd.registration_number(profile_id) or "")
        self.number.setPlaceholderText("For example SW123456 (optional)")
        self.number.setAccessibleName("Social Work England registration number (optional)")
        self.number.setMaxLength(30)
        number_form = QFormLayout()
        number_label = QLabel("Registration &number:")
        number_label.setBuddy(self.number)
        number_form.addRow(number_label, self.number)

        # The PDF's learning appendix lists passed quizzes; practice runs that did not
        # pass are the learner's to share or not, so they are left out unless ticked.
        self.failed_attempts = QCheckBox("Include quiz attempts that did &not pass")
        self.failed_attempts.setAccessibleDescription(
            "In the PDF portfolio's appendix of modules and quiz results"
        )

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setAccessibleDescription("What will be exported")
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setAccessibleName("Export in progress")
        self.busy.setTextVisible(False)
        self.busy.hide()
        self.save_button = primary_button("&Save as…")  # the dialog's one main action
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.export)
        self.close_button = QPushButton("Cancel")
        self.close_button.setAutoDefault(False)
        self.close_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Export CPD records", 2))
        layout.addWidget(formats)
        layout.addWidget(scope)
        layout.addLayout(number_form)
        layout.addWidget(self.failed_attempts)
        layout.addWidget(
            muted("Your registration number is printed on the export and remembered for next time.")
        )
        layout.addWidget(self.summary)
        layout.addWidget(self.busy)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)
        buttons.addWidget(self.save_button)
        layout.addLayout(buttons)
        self.format_group.idToggled.connect(lambda *_: self.refresh_summary())
        self.format_group.idToggled.connect(lambda *_: self._show_pdf_choices())
        self._show_pdf_choices()
        self.this_year.toggled.connect(lambda *_: self.refresh_summary())
        self.resize(self.fontMetrics().averageCharWidth() * 105, self.sizeHint().height())
        self.refresh_summary()

    # Choices ------------------------------------------------------------------------

    def chosen_format(self) -> str:
        return FORMATS[max(0, self.format_group.checkedId())][0]

    def chosen_year(self) -> RegistrationYear | None:
        return self.year if self.this_year.isChecked() else None

    def set_format(self, fmt: str) -> None:
        self.format_buttons[fmt].setChecked(True)

    def plan(self) -> ExportPlan:
        plan = self.cpd.plan_export(self.profile_id, self.chosen_format(), self.chosen_year())  # type: ignore[arg-type]
        if plan.format == "pdf" and self.failed_attempts.isChecked():
            plan = replace(plan, include_failed_attempts=True)
        return plan

    def _show_pdf_choices(self) -> None:
        self.failed_attempts.setVisible(self.chosen_format() == "pdf")

    def refresh_summary(self) -> None:
        plan = self.plan()
        n = len(plan.records)
        where = f"for {plan.year.label}" if plan.year else "from all years"
        if n == 0:
            lines = [
                f"There are no CPD records {where} to export. "
                "Choose All years, or create a record first."
            ]
        else:
            lines = [f"{'1 record' if n == 1 else f'{n} records'} {where} will be exported."]
        lines += [f"• {warning}" for warning in plan.warnings]
        if plan.findings:
            lines.append(
                "• Prism found details that could identify someone; you will be asked to "
                "check them before saving."
            )
        self.summary.setText("\n".join(lines))
        self.save_button.setEnabled(n > 0)

    # Saving -------------------------------------------------------------------------

    def _registration_number(self) -> str | None:
        number = self.number.text().strip() or None
        if number != self.cpd.registration_number(self.profile_id):
            self.cpd.set_registration_number(self.profile_id, number)
        return number

    def export(self) -> Path | None:
        """The whole Save as… flow; returns the file written, or None."""
        plan = self.plan()
        if not plan.records:
            self.refresh_summary()
            return None
        # Kept before anything else can end the flow: going back to fix a record must not
        # lose the registration number just typed.
        number = self._registration_number()
        if plan.findings:
            choice, record = ask_privacy(self, plan.findings)
            if choice is PrivacyChoice.FIX and record is not None:
                # Closed first: closing hands focus back to where it was before the
                # dialog, which would pull it away from the field the fix lands on.
                self.reject()
                self.fix_requested.emit(record.id, *_first_flagged(plan, record.id))
                return None
            if choice is not PrivacyChoice.EXPORT_ANYWAY:
                return None
        fmt = plan.format
        filter_ = next(f for key, _, _, f in FORMATS if key == fmt)

        def make() -> bytes:
            return self._render(plan, number)

        path = save_file(
            self, self.cpd, f"Save {FORMAT_NAMES[fmt]}", plan.suggested_name, filter_, make
        )
        if path is None:
            return None
        self.saved_path = path
        self.exported.emit(path)
        announce(self, f"Saved {path.name}")
        opened = dialogs.ask_yes_no(
            self,
            "Export saved",
            f"Your {FORMAT_NOUNS[fmt]} is saved as:\n{path}",
            yes="Open folder",
            no="Close",
        )
        if opened:
            open_folder(path.parent)
        self.accept()
        return path

    def _render(self, plan: ExportPlan, number: str | None) -> bytes:
        self.busy.show()
        self.summary.setText("Making your PDF…" if plan.format == "pdf" else "Saving…")
        self.save_button.setEnabled(False)
        QApplication.processEvents()  # paint the progress bar before the work starts
        try:
            with busy_cursor():
                if plan.format == "pdf":
                    return make_portfolio_pdf(self.cpd, self.profile_id, plan, number)
                data = self.cpd.render_export(self.profile_id, plan, registration_number=number)
                return data.encode("utf-8") if isinstance(data, str) else data
        finally:
            self.busy.hide()
            self.save_button.setEnabled(True)
            self.refresh_summary()
