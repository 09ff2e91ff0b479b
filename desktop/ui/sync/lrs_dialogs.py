"""Organisation sync in the window: File › Organisation sync…, the learner's consent, and
a background sync with its status ("12 waiting · last sent 10:42") in the status bar.

``install_lrs_sync(window, file_menu)`` is the one hook the main window calls. Nothing
here touches the network unless ``lrs.json`` exists (the organisation configured it): the
timer only looks for that file. Sending runs on a worker thread with its own database
connection, so the window never waits for an LRS.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop import paths
from desktop.services import lrs_config
from desktop.services.lrs_disclosure import disclosure
from desktop.services.lrs_status import status_line
from desktop.ui import dialogs
from desktop.ui.design.components import Callout, TextScroll
from desktop.ui.design.tokens import Tone
from desktop.ui.style import heading

if TYPE_CHECKING:
    from desktop.store.lrs_queue import LrsQueue

SYNC_EVERY_MS = 5 * 60 * 1000
STATUS_EVERY_MS = 30 * 1000


class OrganisationSyncDialog(QDialog):
    """The organisation's LRS settings: endpoint, username, password, home page."""

    def __init__(self, data_dir: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Organisation sync")
        self.setMinimumWidth(560)
        self._data_dir = data_dir
        try:
            current = lrs_config.load(data_dir)
        except lrs_config.LrsConfigError as error:
            current = None
            dialogs.show_error(self, "Organisation sync settings", str(error))
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Your organisation can collect learning records in its learning record store "
            "(LRS). Nothing is sent until it is set up here and each learner agrees for "
            "their own profile. Use the details your organisation gave you."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.endpoint = QLineEdit(current.endpoint if current else "")
        self.endpoint.setPlaceholderText("https://lrs.example.org/xAPI/")
        self.username = QLineEdit(current.username if current else "")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText("unchanged" if current else "")
        self.home_page = QLineEdit(
            current.home_page
            if current and current.home_page != lrs_config.DEFAULT_HOME_PAGE
            else ""
        )
        self.home_page.setPlaceholderText("https://www.example.org (names staff accounts)")
        form.addRow("xAPI &endpoint:", self.endpoint)
        form.addRow("&Username:", self.username)
        form.addRow("&Password:", self.password)
        form.addRow("&Home page:", self.home_page)
        layout.addLayout(form)
        self.message = QLabel("")
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.turn_off = QPushButton("Turn &off on this computer")
        self.turn_off.setEnabled(current is not None)
        buttons.addButton(self.turn_off, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        self.turn_off.clicked.connect(self._turn_off)
        layout.addWidget(buttons)
        self._current = current

    def save(self) -> None:
        password = self.password.text() or (self._current.password if self._current else "")
        try:
            config = lrs_config.make(
                self.endpoint.text(), self.username.text(), password, self.home_page.text() or None
            )
            lrs_config.save(self._data_dir, config)
        except lrs_config.LrsConfigError as error:
            self.message.setText(str(error))
            return
        except OSError as error:
            self.message.setText(f"Prism could not save the settings ({error.strerror}).")
            return
        self.accept()

    def _turn_off(self) -> None:
        if not dialogs.ask_yes_no(
            self,
            "Turn organisation sync off?",
            "Nothing more will be sent from this computer. Statements still waiting stay "
            "here and go if it is set up again.",
        ):
            return
        lrs_config.remove(self._data_dir)
        self.accept()


DETAILS_TITLE = "What your organisation receives, and what it never does"


class ConsentDialog(QDialog):
    """The open learner's own choice: share learning (and CPD records) or not."""

    def __init__(self, queue: LrsQueue, profile_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Share my learning with my organisation")
        self._queue, self._profile_id = queue, profile_id
        consent = queue.consent(profile_id)
        layout = QVBoxLayout(self)
        self.share = QCheckBox("&Share my learning with my organisation")
        self.share.setChecked(consent is not None)
        self.with_cpd = QCheckBox("Include my &CPD records (type, hours, date, standards)")
        self.with_cpd.setChecked(bool(consent and consent.with_cpd))
        self.org_id = QLineEdit(consent.org_id or "" if consent else "")
        self.org_id.setPlaceholderText("optional: the id your organisation knows you by")
        self.void_sent = QCheckBox("When I stop, also mark what was already sent as &void")
        # What is sent and what never is, set apart as information, not a wall of text.
        self.details_box = Callout(Tone.INFO, DETAILS_TITLE)
        self.details = self.details_box.text
        self.setMinimumWidth(560)
        layout.addWidget(heading("Share my learning with my organisation", 2))
        layout.addWidget(self.share)
        layout.addWidget(self.with_cpd)
        form = QFormLayout()
        form.addRow("Organisation &id:", self.org_id)
        layout.addLayout(form)
        layout.addWidget(self.void_sent)
        layout.addWidget(TextScroll(self.details_box, name=DETAILS_TITLE), 1)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.share.toggled.connect(self._update)
        self.with_cpd.toggled.connect(self._update)
        self._update()

    def _update(self) -> None:
        on = self.share.isChecked()
        self.with_cpd.setEnabled(on)
        self.org_id.setEnabled(on)
        self.void_sent.setVisible(not on and self._queue.consent(self._profile_id) is not None)
        self.details_box.set_message(DETAILS_TITLE, disclosure(self.with_cpd.isChecked() and on))

    def save(self) -> None:
        if self.share.isChecked():
            self._queue.give_consent(
                self._profile_id, with_cpd=self.with_cpd.isChecked(), org_id=self.org_id.text()
            )
        elif self._queue.consent(self._profile_id) is not None:
            self._queue.withdraw_consent(self._profile_id, void_sent=self.void_sent.isChecked())
        self.accept()


class _SyncThread(QThread):
    """One sync on its own connection; ``finished_with`` carries an error text or ''."""

    finished_with = Signal(str)

    def __init__(self, data_dir: Path, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._data_dir = data_dir

    def run(self) -> None:
        from desktop.services.lrs_sync import SyncError, SyncService  # urllib, ssl: not at launch
        from desktop.store.database import close_database, open_database

        try:
            db = open_database(paths.database_path(self._data_dir))
        except Exception as error:  # a damaged file is reported by the window itself
            self.finished_with.emit(str(error))
            return
        try:
            SyncService(db, self._data_dir).sync()
            self.finished_with.emit("")
        except (SyncError, lrs_config.LrsConfigError) as error:
            self.finished_with.emit(str(error))
        except Exception as error:  # never let a sync problem take the window down
            self.finished_with.emit(f"Organisation sync failed: {error}")
        finally:
            close_database(db)


class LrsSync(QObject):
    """The menu actions, the status-bar label and the background sync timer."""

    def __init__(self, window: Any, file_menu: QMenu) -> None:
        super().__init__(window)
        self._window = window
        self._thread: _SyncThread | None = None
        self._last_error = ""
        self.settings_action = QAction("Organisation &sync…", window)
        self.settings_action.triggered.connect(self.open_settings)
        self.consent_action = QAction("Share my learning with my &organisation…", window)
        self.consent_action.triggered.connect(self.open_consent)
        file_menu.addAction(self.settings_action)
        file_menu.addAction(self.consent_action)
        self.status = QLabel("")
        self.status.setAccessibleDescription("Organisation sync status")
        window.statusBar().addPermanentWidget(self.status)
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)
        self.timer.start(SYNC_EVERY_MS)
        self.status_timer = QTimer(self)
        self.status_timer.timeout.connect(self.refresh_status)
        self.status_timer.start(STATUS_EVERY_MS)
        app = QCoreApplication.instance()
        if app is not None:  # a sync under way finishes before the app goes
            app.aboutToQuit.connect(self.shutdown)
        self.refresh_status()

    @property
    def data_dir(self) -> Path:
        return self._window.services.context.data_dir

    def configured(self) -> bool:
        return lrs_config.config_path(self.data_dir).exists()

    def refresh_status(self) -> None:
        """The status-bar text; empty (and no label) when sync is not set up."""
        if not self.configured():
            self.status.setText("")
            self.status.setVisible(False)
            self.consent_action.setEnabled(False)
            return
        self.consent_action.setEnabled(True)
        counts = _queue(self._window.services.context.db).counts()
        text = "Organisation sync: " + status_line(counts)
        if self._last_error:
            text += " · not sent just now"
        self.status.setText(text)
        self.status.setToolTip(self._last_error or "Sent in the background every few minutes.")
        self.status.setVisible(True)

    def sync_now(self) -> None:
        if not self.configured() or self._thread is not None:
            return
        self._thread = _SyncThread(self.data_dir, self)
        self._thread.finished_with.connect(self._done)
        self._thread.start()

    def _done(self, error: str) -> None:
        if self._thread is not None:
            self._thread.wait()
            self._thread.deleteLater()
        self._thread = None
        self._last_error = error
        self.refresh_status()

    def open_settings(self) -> None:
        dialog = OrganisationSyncDialog(self.data_dir, self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_status()
            self.sync_now()

    def open_consent(self) -> None:
        profile_id = getattr(self._window, "profile_id", None)
        if not self.configured():
            dialogs.show_info(
                self._window,
                "Organisation sync is not set up",
                "Nothing is shared: your organisation has not set up a learning record store "
                "on this computer (File › Organisation sync…).",
            )
            return
        if profile_id is None:
            dialogs.show_info(self._window, "Open a profile first", "Choose your profile first.")
            return
        dialog = ConsentDialog(_queue(self._window.services.context.db), profile_id, self._window)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.refresh_status()

    def shutdown(self) -> None:
        self.timer.stop()
        self.status_timer.stop()
        if self._thread is not None:
            self._thread.wait(20_000)


def _queue(db: Any) -> LrsQueue:
    """The statement queue, loaded when sync is set up or consent asked, not at launch."""
    from desktop.store.lrs_queue import LrsQueue

    return LrsQueue(db)


def install_lrs_sync(window: Any, file_menu: QMenu) -> LrsSync:
    """Add the organisation-sync actions to ``file_menu`` and start the background sync."""
    return LrsSync(window, file_menu)
