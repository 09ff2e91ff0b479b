"""Exports and certificates: the privacy check, Save as…, never replacing a file silently."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from desktop.cpd.privacy import scan_record
from desktop.ui import dialogs
from desktop.ui.cpd import export_dialog
from desktop.ui.cpd.certificate_dialog import CertificateDialog
from desktop.ui.cpd.export_dialog import ExportDialog
from desktop.ui.cpd.page import CpdPage
from desktop.ui.cpd.privacy_dialog import PrivacyDialog, findings_html
from tests.ui.cpd_fakes import make_services
from tests.ui.pages import cpd_page_with_a_record

NAMED = "I helped Mrs Smith plan how to contact her son's school safely."


class Answers:
    """Stands in for dialogs.ask_yes_no: answers by title and remembers what was asked."""

    def __init__(self, **by_title: bool) -> None:
        self.by_title = {"Replace the existing file?": False, "Export saved": False, **by_title}
        self.asked: list[tuple[str, str]] = []

    def __call__(self, _parent, title: str, text: str, **_kw) -> bool:
        self.asked.append((title, text))
        return self.by_title[title]

    def titles(self) -> list[str]:
        return [t for t, _ in self.asked]


@pytest.fixture
def page(qtbot, tmp_path):
    with cpd_page_with_a_record(
        qtbot, tmp_path, learning="Reply times matter.", impact="Clearer boundaries."
    ) as made:
        yield made


@pytest.fixture
def save_to(monkeypatch, tmp_path):
    """Stand in for the Save as… window: (paths, asked). Each save goes to paths[-1];
    `asked` holds the suggested path Prism offered each time."""
    target = tmp_path / "exports" / "my-cpd.txt"
    target.parent.mkdir()
    paths: list[Path] = [target]
    asked: list[Path] = []

    def choose(_parent, _title, suggested: Path, _filter) -> Path:
        asked.append(suggested)
        return paths[-1]

    monkeypatch.setattr(export_dialog, "choose_save_path", choose)
    return paths, asked


def open_export(page: CpdPage) -> ExportDialog:
    page.export()
    dialog = page.export_dialog
    assert isinstance(dialog, ExportDialog)
    return dialog


def test_export_writes_the_paste_ready_text_and_remembers_the_number(page, save_to, monkeypatch):
    answers = Answers(**{"Export saved": True})
    monkeypatch.setattr(dialogs, "ask_yes_no", answers)
    opened: list[Path] = []
    monkeypatch.setattr(export_dialog, "open_folder", opened.append)
    (chosen, calls) = save_to
    dialog = open_export(page)
    assert "1 record for 2" in dialog.summary.text()
    dialog.number.setText(" SW123456 ")
    path = dialog.export()
    assert path == chosen[0]
    text = path.read_text(encoding="utf-8")
    assert "Priya (registration number SW123456)" in text
    assert "What I learnt:\nReply times matter." in text
    assert calls[0].name.startswith("prism-cpd-") and calls[0].suffix == ".txt"
    assert page.cpd.registration_number(page.profile_id) == "SW123456"
    assert answers.titles() == ["Export saved"]
    assert str(path) in answers.asked[0][1]
    assert opened == [path.parent]
    assert open_export(page).number.text() == "SW123456"


def test_an_existing_file_is_never_replaced_without_asking(page, save_to, monkeypatch):
    (chosen, _) = save_to
    chosen[0].write_text("my old notes", encoding="utf-8")
    answers = Answers()
    monkeypatch.setattr(dialogs, "ask_yes_no", answers)
    assert open_export(page).export() is None
    assert answers.titles() == ["Replace the existing file?"]
    assert chosen[0].read_text(encoding="utf-8") == "my old notes"

    answers.by_title["Replace the existing file?"] = True
    assert open_export(page).export() == chosen[0]
    assert "Reply times matter." in chosen[0].read_text(encoding="utf-8")


def test_the_privacy_check_blocks_until_the_person_chooses_to_fix(
    qtbot, page, save_to, monkeypatch
):
    record = page.cpd.list(page.profile_id)[0]
    page.cpd.save(replace(record, impact=NAMED))
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    (chosen, calls) = save_to
    seen: dict[str, object] = {}

    def while_open() -> None:
        shown = QApplication.activeModalWidget()
        seen["dialog"] = type(shown).__name__
        seen["report"] = shown.report.toPlainText()
        seen["saved_yet"] = bool(calls) or chosen[0].exists()
        seen["anyway_enabled"] = shown.anyway_button.isEnabled()
        qtbot.mouseClick(shown.fix_button, Qt.MouseButton.LeftButton)

    dialog = open_export(page)
    QTimer.singleShot(0, while_open)
    assert dialog.export() is None
    assert seen["dialog"] == "PrivacyDialog"
    assert "Mrs Smith" in seen["report"] and "Name after a title" in seen["report"]
    assert seen["saved_yet"] is False  # nothing is written while the question is open
    assert seen["anyway_enabled"] is False  # exporting anyway takes a deliberate tick
    assert not chosen[0].exists() and calls == []
    assert page.stack.currentWidget() is page.editor  # "Go back and fix" opens the record
    assert page.editor.value("impact") == NAMED


def test_go_back_and_fix_lands_on_the_flagged_words_and_keeps_the_number(
    qtbot, page, save_to, monkeypatch
):
    record = page.cpd.list(page.profile_id)[0]
    page.cpd.save(replace(record, impact=NAMED))
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())

    def while_open() -> None:
        qtbot.mouseClick(QApplication.activeModalWidget().fix_button, Qt.MouseButton.LeftButton)

    dialog = open_export(page)
    dialog.number.setText("SW654321")
    QTimer.singleShot(0, while_open)
    assert dialog.export() is None
    editor = page.editor
    impact = editor.fields["impact"].edit
    # The page's focus widget (the window may not be active again yet offscreen).
    qtbot.waitUntil(lambda: page.window().focusWidget() is impact)
    assert impact.textCursor().selectedText() == "Mrs Smith"  # the flagged words
    qtbot.waitUntil(lambda: editor.blocks["impact"].visibleRegion().boundingRect().height() > 0)
    assert page.cpd.registration_number(page.profile_id) == "SW654321"
    assert open_export(page).number.text() == "SW654321"


def test_export_anyway_needs_the_tick_then_saves(qtbot, page, save_to, monkeypatch):
    record = page.cpd.list(page.profile_id)[0]
    page.cpd.save(replace(record, impact=NAMED))
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    (chosen, _) = save_to
    still_open = []

    def while_open() -> None:
        shown = QApplication.activeModalWidget()
        qtbot.mouseClick(shown.anyway_button, Qt.MouseButton.LeftButton)  # disabled: no effect
        still_open.append(shown.isVisible())
        shown.checked_box.setChecked(True)
        qtbot.mouseClick(shown.anyway_button, Qt.MouseButton.LeftButton)

    dialog = open_export(page)
    QTimer.singleShot(0, while_open)
    assert dialog.export() == chosen[0]
    assert still_open == [True]
    assert "Mrs Smith" in chosen[0].read_text(encoding="utf-8")


def test_clean_records_export_without_the_privacy_dialog(page, save_to, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    monkeypatch.setattr(
        "desktop.ui.cpd.export_dialog.ask_privacy",
        lambda *_: pytest.fail("the privacy dialog should not open for clean records"),
    )
    (chosen, _) = save_to
    assert open_export(page).export() == chosen[0]


def test_warnings_show_before_saving_and_an_empty_choice_cannot_be_saved(page):
    dialog = open_export(page)
    assert "still in draft" in dialog.summary.text()
    page.cpd.delete(page.cpd.list(page.profile_id)[0].id)
    dialog.all_years.setChecked(True)
    assert "There are no CPD records from all years to export" in dialog.summary.text()
    assert not dialog.save_button.isEnabled()


def test_formats_give_their_own_files(page, save_to, monkeypatch, tmp_path):
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    (chosen, calls) = save_to
    for fmt, suffix, start in (("csv", ".csv", b"\xef\xbb\xbf"), ("json", ".json", b"{")):
        chosen.append(tmp_path / "exports" / f"out{suffix}")
        dialog = open_export(page)
        dialog.set_format(fmt)
        path = dialog.export()
        assert path is not None and path.read_bytes().startswith(start)
        assert calls[-1].name.endswith(suffix)


def test_a_pdf_portfolio_is_made_with_a_busy_cursor_that_goes_away(page, save_to, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    (chosen, _) = save_to
    chosen.append(chosen[0].with_suffix(".pdf"))
    dialog = open_export(page)
    dialog.set_format("pdf")
    path = dialog.export()
    assert path is not None and path.read_bytes().startswith(b"%PDF")
    assert QApplication.overrideCursor() is None
    assert dialog.busy.isHidden()


def test_failed_quiz_attempts_are_in_the_pdf_only_when_ticked(page):
    dialog = open_export(page)
    assert dialog.failed_attempts.isHidden()  # a PDF choice: not shown for text
    dialog.set_format("pdf")
    assert not dialog.failed_attempts.isHidden() and not dialog.failed_attempts.isChecked()
    assert not dialog.plan().include_failed_attempts
    dialog.failed_attempts.setChecked(True)
    assert dialog.plan().include_failed_attempts
    dialog.set_format("csv")
    assert not dialog.plan().include_failed_attempts and dialog.failed_attempts.isHidden()


def test_the_privacy_report_escapes_everything(page):
    record = replace(
        page.cpd.list(page.profile_id)[0],
        title="<script>alert(1)</script>",
        impact="Met Mrs Smith <b>at home</b>.",
    )
    html = findings_html([(record, tuple(scan_record(record)))], page.palette())
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>at home</b>" not in html and "&lt;b&gt;at home&lt;/b&gt;" in html
    assert "Mrs Smith" in html


def test_the_privacy_dialog_offers_each_flagged_record_to_fix(qtbot, page):
    record = page.cpd.list(page.profile_id)[0]
    other = replace(record, id="other", title="Second", impact="Called Dr Jones on 07700 900123.")
    findings = [(record, ()), (other, tuple(scan_record(other)))]
    dialog = PrivacyDialog(findings)
    qtbot.addWidget(dialog)
    assert dialog.record_choice.count() == 2
    dialog.record_choice.setCurrentIndex(1)
    qtbot.mouseClick(dialog.fix_button, Qt.MouseButton.LeftButton)
    assert dialog.record_to_fix.id == "other"
    assert "Phone number" in dialog.report.toPlainText()


# Certificates ------------------------------------------------------------------------------


def test_save_a_certificate_and_check_its_code(qtbot, page, save_to, monkeypatch):
    monkeypatch.setattr(dialogs, "ask_yes_no", Answers())
    (chosen, calls) = save_to
    chosen.append(chosen[0].with_name("certificate.pdf"))
    page.certificates()
    dialog = page.certificate_dialog
    assert isinstance(dialog, CertificateDialog)
    code = page.cpd.certificate(page.profile_id, "alpha").code
    assert dialog.code.text() == f"Verification code: {code}"
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert chosen[-1].read_bytes().startswith(b"%PDF")
    assert calls[-1].name.startswith("prism-certificate-alpha-")
    assert code in dialog.code.text()

    qtbot.keyClicks(dialog.code_input, code.lower())
    qtbot.keyClick(dialog.code_input, Qt.Key.Key_Return)
    assert dialog.result.text().startswith("✓ Valid. Priya completed ‘Module Alpha’ on ")

    dialog.code_input.setText("PRISM-AAAA-BBBB-CCCC")
    qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
    assert dialog.result.text().startswith("✗ No certificate with the code")


def test_certificates_before_any_module_is_completed(qtbot, tmp_path):
    services = make_services(tmp_path)
    try:
        profile = services.profiles.create("Sam")
        dialog = CertificateDialog(services, profile.id)
        qtbot.addWidget(dialog)
        assert "No certificates yet" in dialog.empty.text()
        assert not dialog.save_button.isVisibleTo(dialog)
        qtbot.mouseClick(dialog.check_button, Qt.MouseButton.LeftButton)
        assert "Type or paste a code first" in dialog.result.text()
    finally:
        services.close()
