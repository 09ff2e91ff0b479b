"""Certificates: save a PDF for a completed module, and check a certificate's code.

Each certificate carries a verification code (a hash of the completion
record), so a manager can check it in Prism on the computer where it was made.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import format_date_uk, format_minutes
from desktop.services.startup import Services
from desktop.ui.a11y import announce
from desktop.ui.cpd.draft_dialog import module_details
from desktop.ui.cpd.export_dialog import save_file
from desktop.ui.style import heading, muted

if TYPE_CHECKING:
    from desktop.services.certificates import Certificate

EMPTY_TEXT = (
    "No certificates yet. You get one for each module you complete: read it to the end "
    "and pass its quiz. Open a module from the course home to start."
)


def make_certificate_pdf(certificate: Certificate) -> bytes:
    from desktop.ui import pdf  # loaded only when a PDF is made

    return pdf.certificate_pdf(certificate)


def certificate_summary(certificate: Certificate) -> str:
    """One sentence a manager can read: who, what, when, how long, what score."""
    score = (
        f", quiz score {round(certificate.score_percent)}%"
        if certificate.score_percent is not None
        else ""
    )
    return (
        f"{certificate.profile_name} completed ‘{certificate.module_title}’ on "
        f"{format_date_uk(certificate.completed_on)} "
        f"({format_minutes(certificate.minutes)}{score})."
    )


class CertificateDialog(QDialog):
    """Completed modules with Save certificate…, and a field to check a code."""

    def __init__(self, services: Services, profile_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Certificates")
        self.cpd = services.cpd
        self.profile_id = profile_id
        self.modules = self.cpd.completed_modules(profile_id)
        self.saved_path: Path | None = None

        self.list = QListWidget()
        self.list.setAccessibleName("Completed modules")
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        self.list.setMinimumHeight(self.list.fontMetrics().lineSpacing() * 8)
        for module in self.modules:
            item = QListWidgetItem(f"{module.title}\n    {module_details(module)}")
            item.setData(Qt.ItemDataRole.UserRole, module.module_id)
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._show_code)
        self.list.itemActivated.connect(lambda _item: self.save_certificate())
        self.empty = muted(EMPTY_TEXT)
        self.code = QLabel()
        self.code.setWordWrap(True)
        self.code.setTextFormat(Qt.TextFormat.PlainText)
        self.code.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code.setAccessibleDescription("Verification code")
        self.save_button = QPushButton("&Save certificate…")
        self.save_button.clicked.connect(self.save_certificate)

        self.code_input = QLineEdit()
        self.code_input.setPlaceholderText("PRISM-XXXX-XXXX-XXXX")
        self.code_input.setAccessibleName("Certificate code to check")
        self.code_input.returnPressed.connect(self.check_code)
        code_label = QLabel("C&ode:")
        code_label.setBuddy(self.code_input)
        self.check_button = QPushButton("Chec&k")
        self.check_button.setAutoDefault(False)
        self.check_button.clicked.connect(self.check_code)
        self.result = QLabel()
        self.result.setWordWrap(True)
        self.result.setTextFormat(Qt.TextFormat.PlainText)
        self.result.setAccessibleName("Result of the check")
        close = QPushButton("Close")
        close.setAutoDefault(False)
        close.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(heading("Certificates", 2))
        if self.modules:
            layout.addWidget(
                muted(
                    "Save a certificate for a module you completed. Each one has a code that "
                    "Prism on this computer can check."
                )
            )
            layout.addWidget(self.list, 1)
            layout.addWidget(self.code)
            layout.addWidget(self.save_button, 0, Qt.AlignmentFlag.AlignLeft)
        else:
            layout.addWidget(self.empty, 1)
            for widget in (self.list, self.code, self.save_button):
                widget.hide()
        check = QGroupBox("Check a certificate's code")
        check_layout = QVBoxLayout(check)
        row = QHBoxLayout()
        row.addWidget(code_label)
        row.addWidget(self.code_input, 1)
        row.addWidget(self.check_button)
        check_layout.addLayout(row)
        check_layout.addWidget(self.result)
        layout.addWidget(check)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(close)
        layout.addLayout(bottom)
        self.resize(self.fontMetrics().averageCharWidth() * 80, self.sizeHint().height())
        if self.modules:
            self.list.setCurrentRow(0)
            self.list.setFocus()

    def _current(self) -> Certificate | None:
        item = self.list.currentItem()
        if item is None:
            return None
        return self.cpd.certificate(self.profile_id, item.data(Qt.ItemDataRole.UserRole))

    def _show_code(self) -> None:
        certificate = self._current()
        self.code.setText(
            f"Verification code: {certificate.code}" if certificate is not None else ""
        )

    def save_certificate(self) -> Path | None:
        certificate = self._current()
        if certificate is None:
            return None
        name = (
            f"prism-certificate-{certificate.module_id}-{certificate.completed_on.isoformat()}.pdf"
        )
        path = save_file(
            self,
            self.cpd,
            "Save certificate",
            name,
            "PDF files (*.pdf)",
            lambda: make_certificate_pdf(certificate),
        )
        if path is not None:
            self.saved_path = path
            message = f"Certificate saved as {path}. Its code is {certificate.code}."
            self.code.setText(message)
            announce(self.code, message)
        return path

    def check_code(self) -> Certificate | None:
        code = self.code_input.text().strip()
        if not code:
            self._say("Type or paste a code first, such as PRISM-7K3Q-9XHD-2M4T.")
            return None
        found = self.cpd.verify(code)
        if found is None:
            self._say(
                f"✗ No certificate with the code {code} was made on this computer. Check it for "
                "typing mistakes (letters and numbers in groups of four). A certificate made on "
                "another computer can only be checked there."
            )
        else:
            self._say(f"✓ Valid. {certificate_summary(found)}")
        return found

    def _say(self, message: str) -> None:
        self.result.setText(message)
        announce(self.result, message)
