"""The main window: one stack of pages, menus with shortcuts, and link routing."""

from __future__ import annotations

import importlib

from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from desktop.course.model import UnavailableModule
from desktop.services.startup import Services
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.backups.menu import install_backup_actions
from desktop.ui.packs.menu import install_pack_actions
from desktop.ui.profiles.passphrase_dialogs import PrivacyNotice, ask_archive_passphrase, ask_unlock
from desktop.ui.profiles.passphrase_dialogs import protect_profile as ask_protect
from desktop.ui.profiles.profile_actions import install_profile_actions
from desktop.ui.shell.activity import ActivityMonitor
from desktop.ui.shell.enter_key import install_enter_presses_buttons
from desktop.ui.shell.home import HomePage
from desktop.ui.shell.idle_lock import IdleLock
from desktop.ui.shell.view_menu import install_back_forward, install_view_menu
from desktop.ui.shell.window_fit import fit_to_screen
from desktop.ui.sync.lrs_dialogs import install_lrs_sync

SCREENSHOT_SIZE = (1280, 800)
SEARCH_INDEX_DELAY_MS = 1000


class PageStack(QStackedWidget):
    """The window's pages; tall ones scroll instead of stretching the window.

    A stacked widget sizes itself for its tallest page, shown or not, so at 200% text
    the form-like pages (capabilities, CPD, team sessions) would push the window past
    a 1280x800 screen. Those pages sit in a scroll area; callers still deal in pages.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._areas: dict[QWidget, QScrollArea] = {}

    def add_page(self, page: QWidget, *, scroll: bool = False) -> None:
        if not scroll:
            self.addWidget(page)
            return
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QFrame.Shape.NoFrame)
        area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a Tab stop of its own
        area.setWidget(page)
        self._areas[page] = area
        self.addWidget(area)

    def setCurrentWidget(self, page: QWidget) -> None:
        super().setCurrentWidget(self._areas.get(page, page))

    def currentWidget(self) -> QWidget:
        shown = super().currentWidget()
        if isinstance(shown, QScrollArea) and shown.widget() in self._areas:
            return shown.widget()
        return shown


class LazyPage:
    """A page built, imported and added to the window's stack the first time it is used.

    Launch builds only the home page, and the profile list when no profile is opened
    straight away: the other pages cost imports and widgets nobody needs until they
    go there. Code that must not build a
    page (a flush on leaving, a clear on switching learner) uses ``window.built()``.
    """

    def __init__(self, where: str, *, scroll: bool = False, wire: str = "") -> None:
        """``where``: "module:Class"; ``wire``: a window method that connects the
        page's own signals, beyond the ``navigate`` and ``link`` every page may have."""
        self.where, self.scroll, self.wire = where, scroll, wire

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    def __get__(self, window: MainWindow | None, owner: type) -> QWidget:
        if window is None:
            return self  # type: ignore[return-value]
        page = window._pages.get(self.name)
        if page is None:
            module, _, cls = self.where.partition(":")
            page = getattr(importlib.import_module(module), cls)(window.services)
            window._pages[self.name] = page
            window.stack.add_page(page, scroll=self.scroll)
            window._connect(page)
            if self.wire:
                getattr(window, self.wire)(page)
        return page


class MainWindow(QMainWindow):
    # Scrolls at 200% text on a short screen rather than squeezing the list to one row.
    profiles_page = LazyPage(
        "desktop.ui.profiles.picker:ProfilePage", scroll=True, wire="_wire_profiles_page"
    )
    about_page = LazyPage("desktop.ui.learning.text_page:AboutPage")
    glossary_page = LazyPage("desktop.ui.learning.text_page:GlossaryPage")
    reader_page = LazyPage("desktop.ui.learning.reader:ReaderPage")
    quiz_page = LazyPage("desktop.ui.learning.quiz_page:QuizPage")
    scenario_page = LazyPage("desktop.ui.learning.scenario_page:ScenarioPage")
    journal_page = LazyPage("desktop.ui.journal.page:JournalPage")
    capabilities_page = LazyPage("desktop.ui.capabilities.page:CapabilitiesPage", scroll=True)
    refresh_page = LazyPage("desktop.ui.learning.refresh_page:RefreshPage")
    cpd_page = LazyPage("desktop.ui.cpd.page:CpdPage", scroll=True)
    team_session_page = LazyPage("desktop.ui.team.session_page:TeamSessionPage", scroll=True)

    def __init__(self, services: Services, profile_name: str | None = None) -> None:
        """``profile_name``: open that profile at home straight away (``--profile``);
        otherwise, or if it is not there or stays locked, show the profile list."""
        super().__init__()
        self.services = services
        self.profile_id: str | None = None
        self.profile_name = ""
        self.setWindowTitle("Prism")
        fit_to_screen(self, SCREENSHOT_SIZE)
        install_enter_presses_buttons()

        self.stack = PageStack()
        self._pages: dict[str, QWidget] = {}
        self.home_page = HomePage(services)
        # Scrolls up and down at large text sizes rather than squeezing the module list.
        self.stack.add_page(self.home_page, scroll=True)
        # The one-time privacy note sits above the pages, never over them.
        self.privacy_notice = PrivacyNotice()
        self.privacy_notice.protect_requested.connect(self._protect_open_profile)
        central = QWidget()
        central_layout = QVBoxLayout(central)
        central_layout.setContentsMargins(0, 0, 0, 0)
        central_layout.setSpacing(0)
        central_layout.addWidget(self.privacy_notice)
        central_layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)

        self.home_page.navigate.connect(self.go)
        self._search_dialog: QWidget | None = None
        self.activity = ActivityMonitor(services.study_time, self._study_context, self)
        self.activity.start()
        # Locks the open profile after some minutes without use (File › Switch learner too).
        self.idle_lock = IdleLock(self, services.passphrases.idle_minutes(), parent=self)
        # An import that must re-seal protected text asks for the passphrase here.
        services.archive_passphrase_prompt = lambda name, why: ask_archive_passphrase(
            self, name, why
        )
        # Built a moment after the window can take input (a few ms with the course
        # cache), so the first search is instant and the launch never waits for it,
        # nor for the search service's import. Each move to another page puts it off
        # again (``go``): it waits for a pause, never lands inside opening a page.
        self._search_prep = QTimer(self, singleShot=True, interval=SEARCH_INDEX_DELAY_MS)
        self._search_prep.timeout.connect(lambda: services.search.prepare())
        self._search_prep.start()
        self._build_menus()
        self._show_status_problems()
        # Opening a profile straight away never builds the profile list.
        wanted = services.profiles.find(profile_name) if profile_name else None
        if wanted is not None:
            self.open_profile(wanted.id)
        if self.profile_id is None:
            self.show_profiles()
            if wanted is not None:  # it stayed locked: leave it chosen in the list
                self.profiles_page.select(wanted.id)

    def _connect(self, page: QWidget) -> None:
        """Route a newly built page's requests (the signals it has) through the window."""
        if hasattr(page, "navigate"):
            page.navigate.connect(self.go)
        if hasattr(page, "link"):
            page.link.connect(self.follow_link)

    def _wire_profiles_page(self, page: QWidget) -> None:
        """The profile list's own requests: open a profile, change the idle lock."""
        page.chosen.connect(self.open_profile)  # type: ignore[attr-defined]
        page.idle_minutes_changed.connect(self.idle_lock.set_minutes)  # type: ignore[attr-defined]

    def built(self, name: str) -> QWidget | None:
        """The page called ``name`` if it has been built, without building it."""
        return self._pages.get(name)

    def _current_is(self, name: str) -> bool:
        page = self._pages.get(name)
        return page is not None and self.stack.currentWidget() is page

    @property
    def search_dialog(self) -> QWidget:
        if self._search_dialog is None:
            from desktop.ui.learning.search_dialog import SearchDialog

            self._search_dialog = SearchDialog(self.services.search, self)
            self._search_dialog.navigate.connect(self.go)
        return self._search_dialog

    def _search(self) -> None:
        self.search_dialog.present()  # type: ignore[attr-defined]

    def _build_menus(self) -> None:
        def action(menu, text: str, slot, shortcut: QKeySequence | str | None = None) -> QAction:
            act = QAction(text, self)
            if shortcut is not None:
                act.setShortcut(QKeySequence(shortcut))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        file_menu = self.menuBar().addMenu("&File")
        self.switch_action = action(file_menu, "&Switch learner", lambda: self.lock(), "Ctrl+L")
        action(file_menu, "Run a &team session…", lambda: self.go("team-session"), "Ctrl+Shift+T")
        file_menu.addSeparator()
        self.profile_actions = install_profile_actions(self, file_menu)
        file_menu.addSeparator()
        self.pack_actions = install_pack_actions(self, file_menu, self.services)
        self._let_the_reader_find_pack_figures()
        self.lrs_sync = install_lrs_sync(self, file_menu)
        file_menu.addSeparator()
        action(file_menu, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        self.backup_actions = install_backup_actions(
            self, file_menu, self.services, before_restore=self._flush_pages
        )
        go_menu = self.menuBar().addMenu("&Go")
        self.home_action = action(go_menu, "&Home", lambda: self.go("home"), "Ctrl+Home")
        action(go_menu, "Reflection &journal", lambda: self.go("journal"), "Ctrl+J")
        action(go_menu, "Digital &capabilities", lambda: self.go("capabilities"), "Ctrl+K")
        action(go_menu, "C&PD records", lambda: self.go("cpd"), "Ctrl+P")
        action(go_menu, "&Glossary", lambda: self.go("glossary"), "Ctrl+G")
        go_menu.addSeparator()
        find = QKeySequence.StandardKey.Find
        self.search_action = action(go_menu, "&Search the course…", self._search, find)
        action(go_menu, "&Refresh what you missed", lambda: self.go("refresh"), "Ctrl+R")
        self.back_forward = install_back_forward(self, go_menu, self.go)
        help_menu = self.menuBar().addMenu("&Help")
        action(help_menu, "&About this course", lambda: self.go("about"), "F1")
        self.view_menu = install_view_menu(
            self, self.menuBar(), self.services.preferences, lambda: self.profile_id
        )
        self._learner_actions = [self.home_action]

    def _show_status_problems(self) -> None:
        unavailable = [e for e in self.services.course.entries if isinstance(e, UnavailableModule)]
        if unavailable:
            names = ", ".join(e.title for e in unavailable)
            self.statusBar().showMessage(
                f"Some modules could not be loaded and are marked unavailable: {names}. "
                "Run 'prism content check' for details."
            )

    # Navigation ---------------------------------------------------------------------

    def show_profiles(self) -> None:
        """Back to the list of profiles (File › Switch learner): the same as ``lock``."""
        self.lock()

    def lock(self, *, idle: bool = False) -> bool:
        """Save everything, clear every page, forget the keys and show the profile list.

        ``idle``: nobody is at the computer, so nothing is asked, and unsaved capability
        ratings are saved rather than lost. Returns False if the learner chose to stay.
        """
        capabilities = self.built("capabilities_page")
        if idle:
            if capabilities is not None and capabilities.has_unsaved_changes():  # type: ignore[attr-defined]
                capabilities.save()  # type: ignore[attr-defined]
        elif not self._may_leave_current_page("profiles"):
            return False
        self._flush_pages()
        # Nothing of one learner's stays on screen (or in the pages' memory) for the next.
        for name in (
            "journal_page",
            "capabilities_page",
            "refresh_page",
            "cpd_page",
            "reader_page",
        ):
            page = self.built(name)
            if page is not None:
                page.clear()  # type: ignore[attr-defined]
        cpd = self.built("cpd_page")
        if cpd is not None:
            _scrub_text(cpd.editor)  # type: ignore[attr-defined]  # its boxes outlive clear()
        self.privacy_notice.clear()
        self.statusBar().clearMessage()  # one learner's messages are not the next one's
        self.profile_id = None
        self.profile_name = ""
        self.view_menu.apply_profile(None)  # nor their look: the list uses the machine's
        self.back_forward.clear()
        self.setWindowTitle("Prism")
        self.services.passphrases.lock_all()
        self.profiles_page.refresh()
        self.stack.setCurrentWidget(self.profiles_page)
        if idle:
            message = "Prism locked itself after a while without use. Choose your profile to go on."
            self.statusBar().showMessage(message)
            announce(self.statusBar(), message)
        return True

    def may_idle_lock(self) -> bool:
        """Whether the idle lock may act now: a profile is open, and no team session shows."""
        return self.profile_id is not None and not self._current_is("team_session_page")

    def _let_the_reader_find_pack_figures(self) -> None:
        """Installed packs keep their figures in their own folders (checked on install)."""
        if not self.services.course.packs:
            return
        from desktop.course.packs.installed import pack_figure_folders
        from desktop.ui.learning.browser import SafeBrowser

        folders = pack_figure_folders(self.services.course)
        SafeBrowser.pack_figure_folders = tuple(f.resolve() for f in folders)

    def open_profile(self, profile_id: str, *, privacy_note: bool = True) -> None:
        """Open a profile (asking for its passphrase if it is protected) at home.

        ``privacy_note``: tell the learner, once, if the profile is unprotected (not in
        screenshots made for the documentation).
        """
        passphrases = self.services.passphrases
        if passphrases.is_locked(profile_id):
            locked = self.services.profiles.get(profile_id)
            if locked is None or not ask_unlock(self, passphrases, locked):
                self.profiles_page.select(profile_id)
                return
        profile = self.services.profiles.use(profile_id)
        # Drafts from a team session this learner attended arrive when they next open Prism.
        self.services.deliver_team_drafts(profile.id)
        self.profile_id, self.profile_name = profile.id, profile.name
        self.view_menu.apply_profile(profile.id)
        self.setWindowTitle(f"Prism — {profile.name}")
        self.idle_lock.touch()
        self.go("home")
        if privacy_note and passphrases.notice_needed(profile.id):
            # Said once per profile, in a bar above the page rather than in a dialog.
            self.privacy_notice.show_for(profile.name)
            passphrases.notice_seen(profile.id)

    def _protect_open_profile(self) -> None:
        profile = self.services.profiles.get(self.profile_id) if self.profile_id else None
        if profile is None:
            return
        done = ask_protect(self, self.services, profile, in_use=True)
        if done:
            self.privacy_notice.clear()
            self.statusBar().showMessage(done)
            announce(self.statusBar(), done)

    def open_profile_named(self, name: str) -> bool:
        profile = self.services.profiles.find(name)
        if profile is None:
            return False
        self.open_profile(profile.id)
        return True

    def go(self, target: str) -> None:
        """Open a page by name: home, about, glossary, module:<id>[#anchor]."""
        kind, _, rest = target.partition(":")
        if not self._may_leave_current_page(kind):
            return
        if self._search_prep.isActive():
            self._search_prep.start()  # still to come: after this page, in a pause
        self.back_forward.record(target)
        self._flush_pages()
        # A message is about the moment it was said ("progress file is healthy"): it does
        # not follow the learner to another page. Course problems stay in view at home.
        self.statusBar().clearMessage()
        if kind == "home":
            self._show_status_problems()
        if kind == "team-session":
            # A facilitator runs a session for everyone, without opening a profile.
            self.team_session_page.open()
            self.stack.setCurrentWidget(self.team_session_page)
            return
        if kind == "about":
            self.about_page.browser.show_html(self.services.reading.about_html())
            self.stack.setCurrentWidget(self.about_page)
            return
        if kind == "glossary":
            self.glossary_page.browser.show_html(self.services.reading.glossary_html())
            if rest:
                self.glossary_page.browser.scrollToAnchor(rest)
            self.stack.setCurrentWidget(self.glossary_page)
            return
        if self.profile_id is None:
            self.show_profiles()
            return
        if kind == "home":
            self.home_page.refresh(self.profile_id, self.profile_name)
            self.stack.setCurrentWidget(self.home_page)
            self.home_page.first_action().setFocus()
        elif kind == "module":
            module_id, _, anchor = rest.partition("#")
            if self.services.course.module(module_id) is not None:
                # Shown first, then filled: the page then has its real width while the
                # text is laid out and its figures drawn. Filled while hidden, the
                # column (see SafeBrowser._apply_measure) would be sized for a guessed
                # width, and text and figures done again on showing.
                self.stack.setCurrentWidget(self.reader_page)
                self.reader_page.open(self.profile_id, module_id, anchor or None)
        elif kind == "quiz":
            self.quiz_page.start(self.profile_id, rest)
            self.stack.setCurrentWidget(self.quiz_page)
        elif kind == "scenario":
            self.scenario_page.start(self.profile_id, rest)
            self.stack.setCurrentWidget(self.scenario_page)
        elif kind == "cpd":
            self.cpd_page.show_for(self.profile_id, self.profile_name)
            self.stack.setCurrentWidget(self.cpd_page)
            self.cpd_page.open_target(rest)
        elif kind == "refresh":
            self.refresh_page.start(self.profile_id)
            self.stack.setCurrentWidget(self.refresh_page)
        elif kind == "journal":
            self.journal_page.show_for(self.profile_id, rest or None)
            self.stack.setCurrentWidget(self.journal_page)
        elif kind == "capabilities":
            self.capabilities_page.show_for(self.profile_id)
            self.stack.setCurrentWidget(self.capabilities_page)

    def _study_context(self) -> tuple[str, str, str] | None:
        """What the learner is studying now, for active-time tracking (None: not studying)."""
        if self.profile_id is None:
            return None
        page = self.stack.currentWidget()
        name = next((n for n, built in self._pages.items() if built is page), None)
        if name == "reader_page" and page.module_id:  # type: ignore[attr-defined]
            return (self.profile_id, page.module_id, page.current_anchor() or "")  # type: ignore[attr-defined]
        if name == "quiz_page" and page.session is not None:  # type: ignore[attr-defined]
            return (self.profile_id, page.session.quiz.module_id, "quiz")  # type: ignore[attr-defined]
        if name == "scenario_page" and page.session is not None:  # type: ignore[attr-defined]
            module_id = page.session.scenario.module_id  # type: ignore[attr-defined]
            return (self.profile_id, module_id, "scenario")
        if name == "journal_page" and page.module_id:  # type: ignore[attr-defined]
            return (self.profile_id, page.module_id, "reflection")  # type: ignore[attr-defined]
        return None

    def _flush_pages(self) -> None:
        """Write everything typed or tracked so far: on leaving a page, switching learner,
        closing, and before a restore replaces the file. Pages never built hold nothing."""
        for name, method in (
            ("journal_page", "flush"),
            ("team_session_page", "flush"),
            ("cpd_page", "save_pending"),
            ("reader_page", "save_position"),
        ):
            page = self.built(name)
            if page is not None:
                getattr(page, method)()
        self.activity.flush()

    def _may_leave_current_page(self, kind: str) -> bool:
        """Unsaved capability ratings are the one thing not autosaved: ask before leaving."""
        if self._current_is("capabilities_page") and kind != "capabilities":
            return self.capabilities_page.confirm_leave()
        return True

    def follow_link(self, url: QUrl) -> None:
        scheme = url.scheme()
        if scheme == "module":
            self.go(f"module:{url.path()}" + (f"#{url.fragment()}" if url.hasFragment() else ""))
        elif scheme == "glossary":
            term = self.services.course.term(url.path())
            if term is not None:
                dialogs.show_info(self, term.term, term.definition)
        elif scheme == "https":
            text = (
                f"This link opens {url.host()} in your web browser, outside Prism:\n\n"
                f"{url.toString()}\n\nOpen it?"
            )
            if dialogs.ask_yes_no(self, "Open a web page?", text, yes="Open in browser"):
                QDesktopServices.openUrl(url)

    # Life cycle ---------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self._may_leave_current_page("quit"):
            event.ignore()
            return
        self._flush_pages()
        self.activity.stop()
        self.idle_lock.stop()
        self.services.passphrases.lock_all()
        super().closeEvent(event)


def _scrub_text(root: QWidget) -> None:
    """Empty every text box under ``root`` and its undo history, without signals (so no
    autosave writes blanks). QLineEdit.clear() keeps its undo history; setText does not."""
    for line in root.findChildren(QLineEdit):
        line.blockSignals(True)
        line.setText("")
        line.blockSignals(False)
    for box in [*root.findChildren(QPlainTextEdit), *root.findChildren(QTextEdit)]:
        box.blockSignals(True)
        box.clear()  # also clears the undo history
        box.blockSignals(False)
