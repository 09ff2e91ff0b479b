"""The CPD page: this registration year at a glance, then the records, then the editor.

A practitioner renewing by 30 November needs three answers fast: how many days
are left, whether the year's minimum is met (two different pieces of CPD, one
with a peer reflection), and what to do next. The tracker answers them in
plain words; the list below holds the records; the editor (same page, so the
main window needs one target, "cpd") drafts and copies them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.formatting import format_date_range_uk
from desktop.cpd.records import CpdRecord
from desktop.cpd.registration_year import RegistrationYear, registration_year_for
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.cpd.certificate_dialog import CertificateDialog
from desktop.ui.cpd.draft_dialog import CpdDraftDialog
from desktop.ui.cpd.editor import CpdEditor, prefilled_keys
from desktop.ui.cpd.export_dialog import ExportDialog
from desktop.ui.cpd.status_column import StatusTagDelegate
from desktop.ui.cpd.year_panel import YearTracker
from desktop.ui.design.components import (
    EmptyState,
    destructive_button,
    page_layout,
    primary_button,
    secondary_button,
)
from desktop.ui.design.shown_stack import ShownPageStack
from desktop.ui.style import error_text, heading

if TYPE_CHECKING:
    pass

EMPTY_TITLE = "No CPD records for this year yet"
EMPTY_TEXT = "Create one from a module you finished, or start a blank record."
COLUMNS = ("Date", "Title", "Type", "Time", "Peer reflection", "Status")


class CpdPage(QWidget):
    """Year tracker and record list for one profile; the editor opens in place."""

    navigate = Signal(str)

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.cpd = services.cpd
        self.profile_id: str | None = None
        self.profile_name = ""
        self.year: RegistrationYear | None = None
        self.deleted: CpdRecord | None = None
        self.draft_dialog: CpdDraftDialog | None = None
        self.export_dialog: ExportDialog | None = None
        self.certificate_dialog: CertificateDialog | None = None

        self.stack = ShownPageStack()
        self.list_view = QWidget()
        self.editor = CpdEditor(services)
        self.editor.closed.connect(self._editor_closed)
        self.stack.addWidget(self.list_view)
        self.stack.addWidget(self.editor)
        self.stack.currentChanged.connect(lambda _index: self.stack.updateGeometry())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

        self.tracker = YearTracker(services)
        self.year_choice = QComboBox()
        self.year_choice.setAccessibleName("Registration year to show")
        self.year_choice.activated.connect(self._year_chosen)
        year_label = QLabel("Registration &year:")
        year_label.setBuddy(self.year_choice)

        self.records = QTreeWidget()
        self.records.setAccessibleName("CPD records")
        self.records.setRootIsDecorated(False)
        self.records.setUniformRowHeights(True)
        self.records.setAlternatingRowColors(True)
        self.records.setColumnCount(len(COLUMNS))
        self.records.setHeaderLabels(COLUMNS)
        # Ready or draft as the same tags as the year panel (the cell keeps its words).
        self._status_tags = StatusTagDelegate(self.records)
        self.records.setItemDelegateForColumn(COLUMNS.index("Status"), self._status_tags)
        header = self.records.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(False)
        self.records.itemActivated.connect(lambda *_: self.open_current())
        self.records.currentItemChanged.connect(lambda *_: self._update_buttons())
        delete_key = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.records)
        delete_key.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete_key.activated.connect(self.delete_current)
        # The actions above it (create from learning, new record) are its way on.
        self.empty = EmptyState("✎", EMPTY_TITLE, EMPTY_TEXT)

        self.undo_bar = QFrame()
        self.undo_bar.setFrameShape(QFrame.Shape.StyledPanel)
        self.undo_text = QLabel()
        self.undo_text.setTextFormat(Qt.TextFormat.PlainText)
        self.undo_button = QPushButton("&Undo")
        self.undo_button.setAccessibleName("Undo the delete")
        self.undo_button.clicked.connect(self.undo_delete)
        undo_layout = QHBoxLayout(self.undo_bar)
        undo_layout.addWidget(self.undo_text, 1)
        undo_layout.addWidget(self.undo_button)
        self.undo_bar.hide()

        def button(
            text: str,
            slot: Callable[[], object],
            name: str | None = None,
            make: Callable[[str], QPushButton] = secondary_button,
        ) -> QPushButton:
            made = make(text)
            made.setAccessibleName(name or text.replace("&", "").rstrip("…"))
            made.clicked.connect(slot)
            return made

        self.home_button = button("Back to ho&me", lambda: self.navigate.emit("home"))
        self.new_button = button("&New record", self.new_record)
        # The one main action: a record drafted from what Prism already knows.
        self.draft_button = button(
            "Create from my &learning…", lambda: self.create_from_learning(), make=primary_button
        )
        self.open_button = button("&Open", self.open_current, "Open the chosen record")
        self.delete_button = button(
            "&Delete", self.delete_current, "Delete the chosen record", make=destructive_button
        )
        self.export_button = button("E&xport…", self.export)
        self.certificates_button = button("Ce&rtificates…", self.certificates)
        self.draft_button.setDefault(True)

        page = page_layout(self.list_view)
        top = QHBoxLayout()
        top.addWidget(heading("CPD records"), 1)
        top.addWidget(year_label)
        top.addWidget(self.year_choice)
        page.addLayout(top)
        page.addWidget(self.tracker)
        actions = QHBoxLayout()
        actions.addWidget(self.draft_button)
        actions.addWidget(self.new_button)
        actions.addStretch(1)
        actions.addWidget(self.certificates_button)
        actions.addWidget(self.export_button)
        page.addLayout(actions)
        page.addWidget(self.undo_bar)
        # Issue 16: a record that cannot be read is named here, never hides the others.
        self.unreadable_note = error_text(QLabel(""))
        self.unreadable_note.setWordWrap(True)
        self.unreadable_note.hide()
        page.addWidget(self.unreadable_note)
        page.addWidget(self.records, 1)
        page.addWidget(self.empty, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.home_button)
        bottom.addStretch(1)
        bottom.addWidget(self.open_button)
        bottom.addWidget(self.delete_button)
        page.addLayout(bottom)

    # Showing ------------------------------------------------------------------------

    def show_for(self, profile_id: str, profile_name: str) -> None:
        """Show this profile's current registration year and its records."""
        if profile_id != self.profile_id:
            self.clear()
        self.profile_id, self.profile_name = profile_id, profile_name
        self.year = self.cpd.current_year()  # coming back to the page means "where am I now"
        self.stack.setCurrentWidget(self.list_view)
        self.refresh()
        (self.records if self.records.topLevelItemCount() else self.draft_button).setFocus()

    def clear(self) -> None:
        """Forget the profile (switching learner): nothing of theirs stays on screen."""
        self.editor.save_now()
        self.editor.record = None
        self.stack.setCurrentWidget(self.list_view)
        self.profile_id, self.profile_name, self.year = None, "", None
        self.deleted = None
        self.undo_bar.hide()
        self.records.clear()

    def save_pending(self) -> None:
        """Save whatever the editor holds (call before the window closes)."""
        self.editor.save_now()

    def open_target(self, target: str) -> None:
        """Follow a "cpd:..." target: "", "new", "new-from:<module id>" or "record:<id>"."""
        kind, _, rest = target.partition(":")
        if kind == "new":
            self.new_record()
        elif kind == "new-from":
            self.create_from_learning([rest] if rest else [])
        elif kind == "record":
            record = self.cpd.get(rest)
            if record is not None:
                self.open_record(record)

    def refresh(self, select_id: str | None = None) -> None:
        if self.profile_id is None:
            return
        current = self.cpd.current_year()
        year = self.year or current
        self._fill_years(current, year)
        check = self.cpd.year_check(self.profile_id, year)
        self.tracker.show_check(check, is_current=year == current)
        records = self._records_for(year, current)
        self.records.clear()
        chosen: QTreeWidgetItem | None = None
        for record in records:
            item = QTreeWidgetItem(_row(record))
            item.setData(0, Qt.ItemDataRole.UserRole, record.id)
            self.records.addTopLevelItem(item)
            if record.id == select_id:
                chosen = item
        has_records = bool(records)
        self.records.setVisible(has_records)
        self.empty.setVisible(not has_records)
        if not has_records and year != current:
            self._say_empty(f"No CPD records for {year.label}", "")
        else:
            self._say_empty(EMPTY_TITLE, EMPTY_TEXT)
        if has_records:
            self.records.setCurrentItem(chosen or self.records.topLevelItem(0))
        self._show_unreadable(year)
        self._update_buttons()

    def _say_empty(self, title: str, text: str) -> None:
        self.empty.title.setText(title)
        self.empty.title.setAccessibleName(title)  # a heading's name is set when made
        self.empty.text.setText(text)
        self.empty.text.setVisible(bool(text))

    def _show_unreadable(self, year: RegistrationYear) -> None:
        assert self.profile_id is not None
        count = len(self.cpd.unreadable(self.profile_id, year))
        self.unreadable_note.setVisible(count > 0)
        if count:
            self.unreadable_note.setText(
                f"{count} CPD record{'s' if count != 1 else ''} could not be read (damaged, "
                "or changed outside Prism, perhaps put back from an older copy) and "
                f"{'are' if count != 1 else 'is'} not shown; "
                f"{'they are' if count != 1 else 'it is'} kept exactly as saved. Use File > "
                "Check database, or restore a recent backup from before the change."
            )

    def _records_for(self, year: RegistrationYear, current: RegistrationYear) -> list[CpdRecord]:
        assert self.profile_id is not None
        records = self.cpd.list(self.profile_id, year)
        if year == current:
            # A record with no date belongs to no year; show it here so it is never lost.
            records += self.cpd.undated(self.profile_id)
        return records

    def _fill_years(self, current: RegistrationYear, shown: RegistrationYear) -> None:
        assert self.profile_id is not None
        earliest = self.cpd.first_start_date(self.profile_id)
        starts = [registration_year_for(earliest).start.year] if earliest is not None else []
        first = min([*starts, current.start.year - 1, shown.start.year])
        last = max(current.start.year, shown.start.year)
        self.year_choice.clear()
        for start in range(last, first - 1, -1):
            year = RegistrationYear.starting_in(start)
            label = f"{year.label} (this year)" if year == current else year.label
            self.year_choice.addItem(label, year.label)
        self.year_choice.setCurrentIndex(self.year_choice.findData(shown.label))

    def _year_chosen(self) -> None:
        label = self.year_choice.currentData()
        if label:
            self.year = RegistrationYear.parse(label)
            self.refresh()
            announce(self.tracker, self.tracker.accessibleName())

    def _update_buttons(self) -> None:
        has_current = not self.records.isHidden() and self.records.currentItem() is not None
        self.open_button.setEnabled(has_current)
        self.delete_button.setEnabled(has_current)

    def current_record(self) -> CpdRecord | None:
        item = self.records.currentItem()
        if item is None or self.records.isHidden():
            return None
        return self.cpd.get(item.data(0, Qt.ItemDataRole.UserRole))

    # Records ------------------------------------------------------------------------

    def new_record(self) -> None:
        if self.profile_id is None:
            return
        # Not saved until the person types: an untouched blank record is not worth keeping.
        self.open_record(self.cpd.new_blank(self.profile_id))

    def open_current(self) -> None:
        record = self.current_record()
        if record is not None:
            self.open_record(record)

    def open_record(self, record: CpdRecord, prefilled: frozenset[str] = frozenset()) -> None:
        self.undo_bar.hide()
        self.editor.open_record(record, prefilled=prefilled)
        self.stack.setCurrentWidget(self.editor)
        announce(self.editor, f"Editing {self.editor.title.text()}")

    def _editor_closed(self) -> None:
        record = self.editor.record
        self.stack.setCurrentWidget(self.list_view)
        if (
            record is not None
            and record.start_date is not None
            and self.year is not None
            and not self.year.contains(record.start_date)
            and self.cpd.get(record.id) is not None
        ):
            self.year = registration_year_for(record.start_date)  # follow the record
        self.refresh(select_id=record.id if record else None)
        self.records.setFocus()

    def delete_current(self) -> None:
        record = self.current_record()
        if record is None:
            return
        title = record.title.strip() or "Untitled"
        if not dialogs.ask_yes_no(
            self,
            "Delete this CPD record?",
            f"Delete this CPD record?\n\n‘{title}’\n\nYou can undo this straight afterwards.",
            yes="Delete",
            no="Keep it",
        ):
            return
        self.deleted = self.cpd.delete(record.id)
        self.refresh()
        self.undo_text.setText(f"Deleted ‘{title}’.")
        self.undo_bar.show()
        self.undo_button.setFocus()
        announce(self.undo_text, f"Deleted {title}. Press Alt+U to undo.")

    def undo_delete(self) -> None:
        if self.deleted is None:
            return
        restored = self.cpd.restore(self.deleted)
        self.deleted = None
        self.undo_bar.hide()
        self.refresh(select_id=restored.id)
        self.records.setFocus()
        announce(self.records, f"Restored {restored.title.strip() or 'Untitled'}.")

    # Dialogs ------------------------------------------------------------------------

    def create_from_learning(self, preselected: Sequence[str] = ()) -> None:
        if self.profile_id is None:
            return
        modules = self.cpd.completed_modules(self.profile_id)
        missing = [m for m in preselected if m not in {c.module_id for c in modules}]
        if missing:
            module = self.services.course.module(missing[0])
            name = module.title if module else missing[0]
            dialogs.show_info(
                self,
                "Module not completed yet",
                f"This module is not completed yet:\n‘{name}’\n\nRead it to the end and pass "
                "its quiz, then create the CPD record. You can pick any module you have "
                "completed in the next window.",
            )
        dialog = CpdDraftDialog(modules, self.cpd.list(self.profile_id), preselected, self)
        dialog.finished.connect(lambda result, d=dialog: self._draft_chosen(d, result))
        self.draft_dialog = dialog
        dialog.open()

    def _draft_chosen(self, dialog: CpdDraftDialog, result: int) -> None:
        dialog.deleteLater()
        if self.draft_dialog is dialog:
            self.draft_dialog = None
        if dialog.go_home:
            self.navigate.emit("home")
            return
        ids = dialog.chosen_module_ids()
        if result != CpdDraftDialog.DialogCode.Accepted or not ids or self.profile_id is None:
            return
        draft = self.cpd.draft_from_modules(
            self.profile_id, ids, include_reflections=dialog.include_reflections()
        )
        # Saved at once: drafting is work done for the person, and it must never be lost.
        stored = self.cpd.save(draft)
        self.open_record(stored, prefilled=prefilled_keys(stored))

    def export(self) -> None:
        if self.profile_id is None:
            return
        self.editor.save_now()
        dialog = ExportDialog(
            self.services, self.profile_id, self.year or self.cpd.current_year(), self
        )
        dialog.fix_requested.connect(self._fix_record)
        dialog.finished.connect(lambda *_: self._dialog_done("export_dialog", dialog))
        self.export_dialog = dialog
        dialog.open()

    def _fix_record(self, record_id: str, field_key: str = "", matched: str = "") -> None:
        """Open a record the privacy check flagged, at the flagged field and words."""
        record = self.cpd.get(record_id)
        if record is not None:
            self.open_record(record)
            if field_key:
                self.editor.focus_field(field_key, matched)

    def certificates(self) -> None:
        if self.profile_id is None:
            return
        dialog = CertificateDialog(self.services, self.profile_id, self)
        dialog.finished.connect(lambda *_: self._dialog_done("certificate_dialog", dialog))
        self.certificate_dialog = dialog
        dialog.open()

    def _dialog_done(self, attribute: str, dialog: QWidget) -> None:
        dialog.deleteLater()
        if getattr(self, attribute) is dialog:
            setattr(self, attribute, None)
        if self.stack.currentWidget() is self.list_view:
            self.refresh(select_id=None)


def _row(record: CpdRecord) -> list[str]:
    when = format_date_range_uk(record.start_date, record.end_date) or "No date"
    return [
        when,
        record.title.strip() or "Untitled",
        record.cpd_type,
        record.hours_display if record.minutes > 0 else "—",
        "Yes" if record.has_peer_reflection else "No",
        "Ready" if record.is_ready else "Draft",
    ]
