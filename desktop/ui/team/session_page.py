"""Team session: set up a session, present it on the projector, and see what it gave everyone.

Three views in one page, so the main window needs a single target ("team-session"):

- **Set-up**: title, date, the facilitator's name and role, a module with its
  discussion prompts and/or case scenario, and the attendees: a searchable checklist
  of the profiles on this computer (a team laptop may hold 30 or more) plus a
  quick-add for someone new. While a session runs, the same screen shows it, lets the
  facilitator add latecomers, and offers Resume or Discard. Past sessions are listed
  with their attendance sheets (PDF and CSV) for the training lead.
- **Presenter view** (``desktop.ui.team.presenter_view``): the projector slides.
- **Summary**: after the end, who received a draft CPD record and what each person
  does next.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.cpd.drafting import duration_words
from desktop.cpd.formatting import format_date_uk
from desktop.services.profiles import ProfileError, ProfileService, matches
from desktop.services.team_sessions import (
    MAX_NAME_LENGTH,
    MAX_ROLE_LENGTH,
    MAX_TITLE_LENGTH,
    EndResult,
    TeamSession,
    TeamSessionError,
    TeamSessionService,
    Topic,
)
from desktop.store.profiles import Profile
from desktop.ui import dialogs
from desktop.ui.a11y import announce
from desktop.ui.design.components import (
    Card,
    destructive_button,
    page_layout,
    primary_button,
)
from desktop.ui.design.date_edit import DateEdit
from desktop.ui.design.shown_stack import ShownPageStack
from desktop.ui.style import error_text, heading, muted
from desktop.ui.team import attendance_export
from desktop.ui.team.presenter_view import PresenterView, font_at

DATE_FORMAT = "d MMMM yyyy"
PROFILE_ROLE = Qt.ItemDataRole.UserRole
PAST_SESSIONS_SHOWN = 10
SUMMARY_PERCENT = 125
SUMMARY_ROWS_SHOWN = 12
"""The end summary's text, as a percentage of the application font (it is often projected)."""


def _section(title: str, content: QLayout) -> Card:
    """A part of the set-up as a card with its heading (as home's tiles are)."""
    card = Card(name=title)
    card.body.addWidget(heading(title, 3))
    card.body.addLayout(content)
    return card


class SetupView(QWidget):
    """Set a session up (or see the running one); ``start_requested`` etc. go to the page."""

    resume_requested = Signal(str)  # session id
    started = Signal(str)  # session id
    leave_requested = Signal()

    def __init__(
        self, profiles: ProfileService, service: TeamSessionService, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.profiles = profiles
        self.service = service
        self.running: TeamSession | None = None
        self._title_edited = False
        self._topics: list[Topic] = []

        # A running session: shown above everything, with what to do about it.
        self.running_box = QGroupBox("A session is running")
        self.running_text = QLabel()
        self.running_text.setWordWrap(True)
        self.resume_button = QPushButton("&Resume the presenter view")
        self.resume_button.clicked.connect(self._resume)
        self.discard_button = destructive_button("D&iscard this session…")
        self.discard_button.clicked.connect(self._discard)
        running_layout = QHBoxLayout(self.running_box)
        running_layout.addWidget(self.running_text, 1)
        running_layout.addWidget(self.discard_button)
        running_layout.addWidget(self.resume_button)

        # The session's details.
        self.title = QLineEdit()
        self.title.setMaxLength(MAX_TITLE_LENGTH)
        self.title.setAccessibleName("Session title")
        self.title.setPlaceholderText("For example: Boundaries on messaging apps")
        self.title.textEdited.connect(self._title_typed)
        self.date = DateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat(DATE_FORMAT)
        self.date.setAccessibleName("Date of the session")
        self.facilitator = QLineEdit()
        self.facilitator.setMaxLength(MAX_NAME_LENGTH)
        self.facilitator.setAccessibleName("Facilitator's name")
        self.role = QLineEdit()
        self.role.setMaxLength(MAX_ROLE_LENGTH)
        self.role.setAccessibleName("Facilitator's role")
        self.role.setPlaceholderText("For example: practice educator, or team manager")
        self.module = QComboBox()
        self.module.setAccessibleName("Module")
        self.module.currentIndexChanged.connect(self._module_changed)
        self.use_prompts = QCheckBox("Its discussion &prompts")
        self.use_scenario = QCheckBox("Its case sc&enario")
        form = QFormLayout()
        for text, field in (
            ("&Title:", self.title),
            ("&Date:", self.date),
            ("Facilitator's &name:", self.facilitator),
            ("Facilitator's r&ole:", self.role),
            ("&Module:", self.module),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            form.addRow(label, field)
        form.addRow(QLabel("The group works through:"), self.use_prompts)
        form.addRow("", self.use_scenario)
        self.details_box = _section("Session details", form)

        # Past sessions and their attendance sheets.
        self.past = QListWidget()
        self.past.setAccessibleName("Past sessions")
        self.past.currentRowChanged.connect(self._past_changed)
        self.past.setMaximumHeight(self.fontMetrics().lineSpacing() * 8)
        self.past_empty = muted("Sessions you end are listed here, with their attendance sheets.")
        self.pdf_button = QPushButton("&Attendance sheet (PDF)…")
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.csv_button = QPushButton("Attendance sheet (CS&V)…")
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        past_layout = QVBoxLayout()
        past_layout.addWidget(self.past, 1)
        past_layout.addWidget(self.past_empty)
        export_row = QHBoxLayout()
        export_row.addStretch(1)
        export_row.addWidget(self.pdf_button)
        export_row.addWidget(self.csv_button)
        past_layout.addLayout(export_row)
        self.past_box = _section("Past sessions", past_layout)

        # Attendees: find and tick, or add someone new.
        self.find = QLineEdit()
        self.find.setAccessibleName("Find a person")
        self.find.setPlaceholderText("Type part of a name")
        self.find.textChanged.connect(self._filter)
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find)
        self.people = QListWidget()
        self.people.setAccessibleName("People at this session")
        self.people.setAccessibleDescription("Press Space to tick or untick a person.")
        self.people.itemChanged.connect(self._person_ticked)
        self.people_count = muted("")
        self.no_people = muted("No profiles on this computer yet. Add each person below.")
        self.new_name = QLineEdit()
        self.new_name.setMaxLength(60)
        self.new_name.setAccessibleName("Name of a person to add")
        self.new_name.setPlaceholderText("Their name as they want it shown")
        self.new_name.returnPressed.connect(self._quick_add)
        new_label = QLabel("Ne&w person:")
        new_label.setBuddy(self.new_name)
        self.add_button = QPushButton("Add to the &list")
        self.add_button.clicked.connect(self._quick_add)
        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find, 1)
        # The label, the box and the button each on a line of their own: side by side
        # they left the name box three letters wide at 200% text.
        add_row = QVBoxLayout()
        add_row.addWidget(self.new_name)
        add_row.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignRight)
        people_layout = QVBoxLayout()
        people_layout.addLayout(find_row)
        people_layout.addWidget(self.people, 1)
        people_layout.addWidget(self.no_people)
        people_layout.addWidget(self.people_count)
        people_layout.addWidget(new_label)
        people_layout.addLayout(add_row)
        people_layout.addWidget(
            muted("Someone new gets their own profile, where their draft CPD record will wait.")
        )
        self.people_box = _section("Attendees", people_layout)

        self.message = error_text(QLabel())
        self.message.setWordWrap(True)
        self.message.setAccessibleDescription("Set-up message")
        self.back_button = QPushButton("&Close team session")
        self.back_button.clicked.connect(self.leave_requested)
        self.start_button = primary_button("&Start the session")
        self.start_button.setDefault(True)
        self.start_button.clicked.connect(self._start)

        left = QVBoxLayout()
        left.addWidget(self.details_box)
        left.addWidget(self.past_box)
        left.addStretch(1)
        columns = QHBoxLayout()
        columns.addLayout(left, 1)
        columns.addWidget(self.people_box, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.message, 1)
        buttons.addWidget(self.start_button)
        layout = page_layout(self)
        layout.addWidget(heading("Team session"))
        layout.addWidget(
            muted(
                "Lead a group through a module on this computer. When you end the session, "
                "everyone on the list gets a draft CPD record of it, to finish in their own "
                "profile."
            )
        )
        layout.addWidget(self.running_box)
        layout.addLayout(columns, 1)
        layout.addLayout(buttons)

    # -- filling in ---------------------------------------------------------------------------

    def refresh(self) -> None:
        """Load the running session (if any), the modules, the people and past sessions."""
        self.message.clear()
        self.running = self.service.active()
        self._fill_topics()
        self._fill_people()
        self._fill_past()
        running = self.running is not None
        self.running_box.setVisible(running)
        self.details_box.setEnabled(not running)
        self.start_button.setVisible(not running)
        if self.running is not None:
            session = self.running
            started = session.started_utc.astimezone().strftime("%H:%M")
            self.running_text.setText(
                f"‘{session.title}’, led by {session.facilitator}, started at {started}. "
                "Ticking or adding people now adds them to this session. Resume to carry on "
                "where the group left off."
            )
            self._show_session(session)
            self.resume_button.setFocus()
        else:
            self._fill_defaults()
            self.title.setFocus()

    def _fill_topics(self) -> None:
        self._topics = self.service.topics()
        current = self.module.currentData()
        self.module.blockSignals(True)
        self.module.clear()
        for topic in self._topics:
            self.module.addItem(topic.title, topic.module_id)
        index = self.module.findData(current)
        self.module.setCurrentIndex(max(0, index))
        self.module.blockSignals(False)
        self._module_changed()

    def _fill_defaults(self) -> None:
        """A new session: today, and the facilitator of the last session (often the same)."""
        self._title_edited = False
        self.date.setDate(_qdate(self.service.today()))
        last = self.service.recent(1)
        if last and not self.facilitator.text():
            self.facilitator.setText(last[0].facilitator_name)
            self.role.setText(last[0].facilitator_role)
        self._module_changed()

    def _show_session(self, session: TeamSession) -> None:
        self.title.setText(session.title)
        self.date.setDate(_qdate(session.session_date))
        self.facilitator.setText(session.facilitator_name)
        self.role.setText(session.facilitator_role)
        self.module.setCurrentIndex(max(0, self.module.findData(session.module_id)))
        self.use_prompts.setChecked(session.include_prompts)
        self.use_scenario.setChecked(session.scenario_id is not None)

    def _fill_people(self) -> None:
        ticked = self._ticked_ids()
        if self.running is not None:
            ticked = {a.profile_id for a in self.service.attendees(self.running.id)}
        self.people.blockSignals(True)
        self.people.clear()
        # Alphabetical: in a room of 30, people look for their own name.
        for profile in sorted(self.profiles.list(), key=lambda p: p.name.casefold()):
            self._add_person_item(profile, profile.id in ticked)
        self.people.blockSignals(False)
        has_people = self.people.count() > 0
        self.no_people.setVisible(not has_people)
        self.people.setVisible(has_people)
        self._filter(self.find.text())
        self._update_count()

    def _add_person_item(self, profile: Profile, ticked: bool) -> QListWidgetItem:
        item = QListWidgetItem(profile.name)
        item.setData(PROFILE_ROLE, profile)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self.people.addItem(item)
        return item

    def _fill_past(self) -> None:
        self.past.clear()
        for session in self.service.recent(PAST_SESSIONS_SHOWN):
            count = len(self.service.attendees(session.id))
            item = QListWidgetItem(
                f"{format_date_uk(session.session_date)}: {session.title} "
                f"({count} {'person' if count == 1 else 'people'})"
            )
            item.setData(PROFILE_ROLE, session.id)
            self.past.addItem(item)
        has_past = self.past.count() > 0
        self.past.setVisible(has_past)
        self.past_empty.setVisible(not has_past)
        if has_past:
            self.past.setCurrentRow(0)
        self._past_changed()

    # -- reacting -------------------------------------------------------------------------------

    def _title_typed(self, _text: str) -> None:
        self._title_edited = True

    def _module_changed(self) -> None:
        topic = self._current_topic()
        prompts = topic.prompt_count if topic else 0
        self.use_prompts.setText(
            f"Its discussion &prompts ({prompts})" if prompts else "Its discussion &prompts (none)"
        )
        self.use_prompts.setEnabled(prompts > 0)
        self.use_prompts.setChecked(prompts > 0)
        has_scenario = topic is not None and topic.scenario_title is not None
        self.use_scenario.setText(
            f"Its case sc&enario: ‘{topic.scenario_title}’"
            if topic is not None and topic.scenario_title
            else "Its case sc&enario (none)"
        )
        self.use_scenario.setEnabled(has_scenario)
        self.use_scenario.setChecked(has_scenario)
        if topic is not None and not self._title_edited and self.running is None:
            self.title.setText(topic.title)

    def _current_topic(self) -> Topic | None:
        module_id = self.module.currentData()
        return next((t for t in self._topics if t.module_id == module_id), None)

    def _filter(self, text: str) -> None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            item.setHidden(not matches(item.data(PROFILE_ROLE), text))

    def clear_for_next(self) -> None:
        """Forget the ended session's title, topic choice and attendees, so the next
        set-up starts clean (the facilitator's name stays: often the same person)."""
        self.title.clear()
        self._title_edited = False
        self.find.clear()
        self.people.blockSignals(True)
        for row in range(self.people.count()):
            self.people.item(row).setCheckState(Qt.CheckState.Unchecked)
        self.people.blockSignals(False)
        self._update_count()

    def _ticked_ids(self) -> set[str]:
        return {
            self.people.item(row).data(PROFILE_ROLE).id
            for row in range(self.people.count())
            if self.people.item(row).checkState() == Qt.CheckState.Checked
        }

    def _person_ticked(self, item: QListWidgetItem) -> None:
        profile: Profile = item.data(PROFILE_ROLE)
        ticked = item.checkState() == Qt.CheckState.Checked
        if self.running is not None:
            try:
                if ticked:
                    self.service.add_attendee(self.running.id, profile.id)
                else:
                    self.service.remove_attendee(self.running.id, profile.id)
            except TeamSessionError as error:
                self.message.setText(str(error))
                self._fill_people()
                return
        self._update_count()
        announce(self.people, f"{profile.name} {'added' if ticked else 'removed'}.")

    def _update_count(self) -> None:
        count = len(self._ticked_ids())
        total = self.people.count()
        self.people_count.setText(f"{count} of {total} ticked." if total else "")

    def _quick_add(self) -> None:
        name = self.new_name.text()
        if not name.strip():
            self.message.setText("Type the new person's name first, then choose Add to the list.")
            self.new_name.setFocus()
            return
        existing = self.profiles.find(name)
        try:
            profile = existing or self.profiles.create(name)
        except ProfileError as error:
            self.message.setText(str(error))
            self.new_name.setFocus()
            return
        self.message.clear()
        self.new_name.clear()
        self.find.clear()
        item = self._item_for(profile.id)
        if item is None:
            self.people.blockSignals(True)
            item = self._add_person_item(profile, False)
            self.people.sortItems()
            self.people.blockSignals(False)
            self.people.setVisible(True)
            self.no_people.setVisible(False)
        item.setCheckState(Qt.CheckState.Checked)  # adds to a running session, too
        self.people.scrollToItem(item)
        self._update_count()
        what = "was already on this computer and is" if existing else "has a new profile and is"
        announce(self.people, f"{profile.name} {what} on the list.")
        self.new_name.setFocus()

    def _item_for(self, profile_id: str) -> QListWidgetItem | None:
        for row in range(self.people.count()):
            item = self.people.item(row)
            if item.data(PROFILE_ROLE).id == profile_id:
                return item
        return None

    def _start(self) -> None:
        topic = self._current_topic()
        if topic is None:
            self.message.setText("There is no module to work through. Check the course content.")
            return
        ticked = self._ticked_ids()
        if not ticked:
            self.message.setText(
                "Tick at least one person on the attendance list, or add someone new."
            )
            self.find.setFocus()
            return
        day = self.date.date()
        try:
            session = self.service.start(
                title=self.title.text(),
                session_date=_pydate(day),
                facilitator_name=self.facilitator.text(),
                facilitator_role=self.role.text(),
                module_id=topic.module_id,
                use_prompts=self.use_prompts.isChecked(),
                use_scenario=self.use_scenario.isChecked(),
                attendee_ids=sorted(ticked),
            )
        except TeamSessionError as error:
            self.message.setText(str(error))
            announce(self.message, str(error))
            return
        self.started.emit(session.id)

    def _resume(self) -> None:
        if self.running is not None:
            self.resume_requested.emit(self.running.id)

    def _discard(self) -> None:
        if self.running is None:
            return
        if not dialogs.ask_yes_no(
            self,
            "Discard this session?",
            f"Discard the session ‘{self.running.title}’? Its group notes and scenario "
            "decisions are deleted, and nobody gets a CPD draft from it. This cannot be undone.",
            yes="Discard session",
            no="Keep it",
        ):
            return
        try:
            self.service.discard(self.running.id)
        except TeamSessionError as error:
            dialogs.show_error(self, "Could not discard the session", str(error))
        self.refresh()

    def _past_changed(self, *_args) -> None:
        has_choice = self.past.currentItem() is not None
        self.pdf_button.setEnabled(has_choice)
        self.csv_button.setEnabled(has_choice)

    def _export(self, fmt: attendance_export.SheetFormat) -> None:
        item = self.past.currentItem()
        session = self.service.get(item.data(PROFILE_ROLE)) if item is not None else None
        if session is not None:
            attendance_export.save_attendance(self, self.service, session, fmt)


class SummaryView(QWidget):
    """What ending the session did, and what each person does next."""

    done = Signal()

    def __init__(self, service: TeamSessionService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.result: EndResult | None = None
        self.title = heading("Session ended")
        self.lead = QLabel()
        self.lead.setWordWrap(True)
        self.lead.setFont(font_at(SUMMARY_PERCENT))
        self.next_steps = QLabel(
            "<p><b>What each person does next</b></p>"
            "<p>Open your own profile, then your CPD records. The draft of this session is "
            "there, with the date, the length, the facilitator's role and the group notes. "
            "Add what <i>you</i> learnt and the difference it will make to your practice. "
            "It stays a draft until you have written those.</p>"
        )
        self.next_steps.setWordWrap(True)
        self.next_steps.setTextFormat(Qt.TextFormat.RichText)
        self.next_steps.setFont(font_at(SUMMARY_PERCENT))
        self.people_heading = heading("Drafts", 2)
        self.people = QListWidget()
        self.people.setAccessibleName("Who received a draft CPD record")
        self.people.setFont(font_at(SUMMARY_PERCENT))
        self.pdf_button = QPushButton("&Attendance sheet (PDF)…")
        self.pdf_button.clicked.connect(lambda: self._export("pdf"))
        self.csv_button = QPushButton("Attendance sheet (CS&V)…")
        self.csv_button.clicked.connect(lambda: self._export("csv"))
        self.done_button = primary_button("&Done")  # the summary's one main action
        self.done_button.setDefault(True)
        self.done_button.clicked.connect(self.done)
        buttons = QHBoxLayout()
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.csv_button)
        buttons.addStretch(1)
        buttons.addWidget(self.done_button)
        # One calm column in the middle: this screen is often still on the projector.
        column = QWidget()
        column.setMaximumWidth(self.fontMetrics().horizontalAdvance("x") * 120)
        layout = QVBoxLayout(column)
        layout.addWidget(self.title)
        layout.addWidget(self.lead)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.next_steps)
        layout.addSpacing(self.fontMetrics().height())
        layout.addWidget(self.people_heading)
        layout.addWidget(self.people)
        layout.addSpacing(self.fontMetrics().height())
        # The actions straight under what they act on, not at the foot of a tall empty
        # page: at 200% text on a 768-pixel screen they then stay in view with the list.
        layout.addLayout(buttons)
        layout.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 6)
        outer.addStretch(1)

    def show_result(self, result: EndResult) -> None:
        self.result = result
        session = result.session
        self.title.setText(f"Session ended: {session.title}")
        self.title.setAccessibleName(self.title.text())
        made = len(result.created)
        waiting = len(result.waiting)
        if made == 0 and waiting == 0:
            lead = "Nobody was on the attendance list, so no CPD drafts were made."
        else:
            drafts = "1 draft CPD record was" if made == 1 else f"{made} draft CPD records were"
            lead = (
                f"{drafts} made, of type ‘Peer discussion or team reflection’, dated "
                f"{format_date_uk(session.session_date)}, "
                f"{duration_words(session.duration_minutes)} long."
            )
            if waiting:
                lead += (
                    " 1 protected profile gets its draft when it is next opened."
                    if waiting == 1
                    else f" {waiting} protected profiles get theirs when they are next opened."
                )
        self.lead.setText(lead)
        self.people.clear()
        for attendee in result.created:
            self.people.addItem(f"{attendee.name}: draft CPD record made")
        for attendee in result.waiting:
            self.people.addItem(f"{attendee.name}: draft waits until the profile is next opened")
        rows = min(self.people.count(), SUMMARY_ROWS_SHOWN)
        if rows:
            # As tall as its names (up to a dozen; more scroll), not a tall empty box.
            frame = 2 * self.people.frameWidth()
            self.people.setFixedHeight(self.people.sizeHintForRow(0) * rows + frame + 2)
        self.people.setVisible(rows > 0)
        self.people_heading.setVisible(rows > 0)
        self.done_button.setFocus()
        announce(self, f"Session ended. {lead}")

    def _export(self, fmt: attendance_export.SheetFormat) -> None:
        if self.result is not None:
            session = self.service.get(self.result.session.id) or self.result.session
            attendance_export.save_attendance(self, self.service, session, fmt)


class TeamSessionPage(QWidget):
    """The "team-session" page: set-up, presenter view and end summary in one place.

    ``navigate`` asks the main window to go elsewhere ("home", or "profiles" when no
    learner is open). Everything typed is saved as it is typed, so leaving is always safe.
    """

    navigate = Signal(str)

    def __init__(
        self,
        services,
        team_sessions: TeamSessionService | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.service: TeamSessionService = team_sessions or services.team_sessions
        self.setup = SetupView(services.profiles, self.service)
        self.presenter = PresenterView(self.service)
        self.summary = SummaryView(self.service)
        # Sized by the view it shows: the long set-up form must not make the window's
        # page scroll around the presenter view, which fits the window and scrolls its slide.
        self.stack = ShownPageStack()
        for view in (self.setup, self.presenter, self.summary):
            self.stack.addWidget(view)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.setup.started.connect(self.present)
        self.setup.resume_requested.connect(self.present)
        self.setup.leave_requested.connect(lambda: self.navigate.emit("home"))
        self.presenter.back_to_setup.connect(self.show_setup)
        self.presenter.ended.connect(self._ended)
        self.summary.done.connect(self.show_setup)

    def open(self) -> None:
        """Show set-up (with the running session, if one was left open)."""
        self.show_setup()

    def show_setup(self) -> None:
        self.setup.refresh()
        self.stack.setCurrentWidget(self.setup)

    def present(self, session_id: str) -> None:
        self.presenter.open(session_id)
        self.stack.setCurrentWidget(self.presenter)
        self.presenter.setFocus()

    def flush(self) -> None:
        """Save anything typed in the presenter view (the main window calls this on leaving)."""
        self.presenter.flush()

    def _ended(self, result: EndResult) -> None:
        self.setup.clear_for_next()  # the ended session's set-up must not linger
        self.summary.show_result(result)
        self.stack.setCurrentWidget(self.summary)


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> date:
    return date(day.year(), day.month(), day.day())
