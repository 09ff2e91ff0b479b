"""A team session walked by keyboard: set up with 3 attendees, present, end, drafts exist.

Set PRISM_SCREENSHOTS=/some/folder to keep the pictures (set-up, presenter view,
debrief, end confirmation and summary, at 1280x800); otherwise they go to the test's
temporary folder.
"""

from __future__ import annotations

import csv
import io
import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.context import ServiceContext
from desktop.services.cpd import CpdService
from desktop.services.startup import start_services
from desktop.services.team_sessions import PEER_REFLECTION_TYPE, TeamSessionService
from desktop.ui import dialogs
from desktop.ui.shell.main_window import SCREENSHOT_SIZE
from desktop.ui.team import attendance_export
from desktop.ui.team.session_page import TeamSessionPage
from tests.ui.a11y_sweep import assert_all_named
from tests.ui.keyboard import Key, KeyboardUser
from tests.unit.store.fakes import FakeClock

NOTES = "Most of us reply to parents from work phones only"
WHY = "check policy"


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("PRISM_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def world(course_root, tmp_path):
    services = start_services(course_root / "content", course_root / "assets", tmp_path / "data")
    clock = FakeClock(datetime(2026, 3, 4, 9, 30, tzinfo=UTC))
    ctx = ServiceContext(
        course=services.course,
        db=services.db,
        data_dir=services.data_dir,
        assets=services.assets,
        clock=clock,
    )
    cpd = CpdService(ctx)
    team = TeamSessionService(services.course, services.db, cpd, clock)
    yield services, team, cpd, clock
    services.close()


@pytest.fixture
def page(qtbot, world):
    services, team, _cpd, _clock = world
    view = TeamSessionPage(services, team_sessions=team)
    qtbot.addWidget(view)
    view.resize(*SCREENSHOT_SIZE)
    view.show()
    qtbot.waitExposed(view)
    return view


def snap(folder: Path, name: str, widget: QWidget) -> Path:
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    widget.resize(*SCREENSHOT_SIZE)
    QApplication.processEvents()
    path = folder / f"team-session-{name}.png"
    assert widget.grab().save(str(path))
    assert QPixmap(str(path)).size().toTuple() == SCREENSHOT_SIZE
    return path


def tick_by_keyboard(user: KeyboardUser, page: TeamSessionPage, name: str) -> None:
    """Find a person by typing part of their name, then tick them with Space."""
    setup = page.setup
    user.tab_to(lambda w: w is setup.find)
    setup.find.selectAll()
    user.type(name)
    user.press(Key.Key_Tab)  # into the list: the first match is current
    assert user.focus is setup.people
    visible = [
        setup.people.item(r)
        for r in range(setup.people.count())
        if not setup.people.item(r).isHidden()
    ]
    assert [item.text() for item in visible] == [name]
    setup.people.setCurrentItem(visible[0])
    user.press(Key.Key_Space)
    assert visible[0].checkState() == Qt.CheckState.Checked


def test_a_team_session_walked_by_keyboard_gives_three_drafts(
    qtbot, page, world, shots, monkeypatch, tmp_path
):
    services, _team, cpd, clock = world
    # A team laptop with many profiles: the checklist must be searchable.
    for n in range(1, 31):
        services.profiles.create(f"Colleague {n:02d}")
    asha = services.profiles.create("Asha Patel")
    ben = services.profiles.create("Ben Okafor")
    page.open()
    setup = page.setup
    user = KeyboardUser(qtbot, page)
    assert user.focus is setup.title
    assert setup.title.text() == "Module Alpha"  # suggested from the module until typed over

    setup.title.selectAll()
    user.type("Boundaries on messaging apps")
    user.press(Key.Key_Tab)  # date: today by default
    user.tab_to(lambda w: w is setup.facilitator)
    user.type("Jo Bloggs")
    user.press(Key.Key_Tab)
    user.type("Practice educator")
    tick_by_keyboard(user, page, "Asha Patel")
    tick_by_keyboard(user, page, "Ben Okafor")
    user.tab_to(lambda w: w is setup.new_name)
    user.type("Chloe Brown")
    user.press(Key.Key_Return)  # quick-add: a new profile, ticked
    chloe = services.profiles.find("Chloe Brown")
    assert chloe is not None
    assert setup.people_count.text() == "3 of 33 ticked."
    setup.find.setText("")
    assert_all_named(page)
    snap(shots, "1-setup", page)

    user.press(Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Start the session
    presenter = page.presenter
    # A mnemonic "animates" the click, so the page changes a moment later.
    qtbot.waitUntil(lambda: page.stack.currentWidget() is presenter)
    assert presenter.current.kind == "welcome"
    assert "Asha Patel, Ben Okafor, Chloe Brown" in presenter.slide_text.text()

    user.press(Key.Key_N)
    assert presenter.progress.text() == "Discussion prompt 1 of 2"
    assert "What did you learn?" in presenter.slide_text.text()
    user.press(Key.Key_G, Qt.KeyboardModifier.AltModifier)  # into the group notes
    assert user.focus is presenter.notes
    user.type(NOTES)
    user.press(Key.Key_Escape)  # back to the slide, so N moves on
    user.press(Key.Key_N)
    assert presenter.progress.text() == "Discussion prompt 2 of 2"
    user.press(Key.Key_P)
    assert presenter.progress.text() == "Discussion prompt 1 of 2"
    user.press(Key.Key_N)
    user.press(Key.Key_N)
    assert presenter.progress.text() == "Case scenario: decision 1"
    assert_all_named(page)

    # Decision 1: pick 1 ("Wait"), give a reason, confirm with Enter.
    user.press(Key.Key_N)  # cannot move on before the group decides
    assert presenter.current.kind == "decision"
    user.press(Key.Key_1)
    assert presenter.choice_group.checkedId() == 0
    snap(shots, "2-presenter-choice", page)
    user.press(Key.Key_W, Qt.KeyboardModifier.AltModifier)
    user.type(WHY)
    user.press(Key.Key_Return)  # Enter in the reason box confirms the choice
    assert "The group chose 1. Wait" in presenter.outcome.text()
    # The group changes its mind about decision 2, then settles on the recommended path.
    user.press(Key.Key_Escape)  # out of the reason box
    assert user.focus is presenter
    user.press(Key.Key_N)
    user.press(Key.Key_2)
    user.press(Key.Key_Return)
    assert "The group chose 2. Ignore" in presenter.outcome.text()
    user.press(Key.Key_T, Qt.KeyboardModifier.AltModifier)  # Take back this decision
    qtbot.waitUntil(lambda: presenter.choice_group.buttons() != [])
    assert presenter.progress.text() == "Case scenario: decision 2"
    for _ in range(2):
        user.press(Key.Key_1)
        user.press(Key.Key_Return)
        user.press(Key.Key_N)
    assert presenter.current.kind == "debrief"
    assert "A good outcome" in presenter.slide_text.text()
    assert "3 of 3" in presenter.slide_text.text()
    snap(shots, "3-debrief", page)
    user.press(Key.Key_N)
    assert presenter.current.kind == "wrap-up"

    # End: confirm the length, then the drafts are made.
    clock.advance(minutes=75)
    user.press(Key.Key_E, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: presenter.pages.currentWidget() is presenter.end_panel)
    assert presenter.minutes.value() == 75
    assert_all_named(page)
    snap(shots, "4-end-confirm", page)
    user.press(Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.summary)
    assert page.summary.people.count() == 3
    assert_all_named(page)
    snap(shots, "5-summary", page)

    for person in (asha, ben, chloe):
        records = cpd.list(person.id)
        assert len(records) == 1
        record = records[0]
        assert record.cpd_type == PEER_REFLECTION_TYPE and record.status == "draft"
        assert record.minutes == 75 and record.title == "Boundaries on messaging apps"
        assert NOTES in record.description
        assert "Group notes: check policy" in record.description
        assert record.learning == "" and record.impact == ""
        assert record.peer is not None and "Practice educator" in record.peer.peer_role

    # The training lead saves the attendance sheet as CSV and as PDF.
    monkeypatch.setattr(
        attendance_export,
        "choose_save_path",
        lambda _p, _t, suggested, _f: tmp_path / suggested.name,
    )
    told: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda _p, title, _text: told.append(title))
    page.summary.csv_button.click()
    page.summary.pdf_button.click()
    assert told == ["Attendance sheet saved", "Attendance sheet saved"]
    csv_file = tmp_path / "attendance-2026-03-04-boundaries-on-messaging-apps.csv"
    rows = list(csv.reader(io.StringIO(csv_file.read_text(encoding="utf-8-sig"))))
    assert [row[8] for row in rows[1:]] == ["Asha Patel", "Ben Okafor", "Chloe Brown"]
    assert csv_file.with_suffix(".pdf").read_bytes().startswith(b"%PDF")

    page.summary.done_button.click()
    assert page.stack.currentWidget() is setup
    assert setup.past.count() == 1 and "Boundaries on messaging apps" in setup.past.item(0).text()
    # The ended session's title and attendees do not linger in the next set-up.
    assert setup.title.text() != "Boundaries on messaging apps"
    assert setup._ticked_ids() == set()


def start_with_jo(team, title: str, attendee_ids=()):
    """A session on Module Alpha, today, led by Jo, already running."""
    return team.start(
        title=title,
        session_date=team.today(),
        facilitator_name="Jo",
        facilitator_role="",
        module_id="alpha",
        attendee_ids=list(attendee_ids),
    )


def test_a_one_minute_session_says_1_minute(qtbot, page, world):
    services, team, _cpd, _clock = world
    asha = services.profiles.create("Asha Patel")
    session = start_with_jo(team, "Quick huddle", [asha.id])
    page.open()
    page.present(session.id)
    presenter = page.presenter
    presenter.request_end()
    assert presenter.minutes.value() == 1
    assert presenter.minutes.text() == "1 minute"
    presenter.confirm_end()
    qtbot.waitUntil(lambda: page.stack.currentWidget() is page.summary)
    assert "1 minute long" in page.summary.lead.text()
    assert "1 minutes" not in page.summary.lead.text()


def test_a_running_session_is_offered_again_and_latecomers_can_join(qtbot, page, world):
    services, team, _cpd, _clock = world
    asha = services.profiles.create("Asha Patel")
    services.profiles.create("Dev Shah")
    session = start_with_jo(team, "Left open", [asha.id])

    page.open()

    setup = page.setup
    assert setup.running_box.isVisible() and not setup.details_box.isEnabled()
    assert "Left open" in setup.running_text.text()
    assert_all_named(page)
    dev = next(
        setup.people.item(r)
        for r in range(setup.people.count())
        if setup.people.item(r).text() == "Dev Shah"
    )
    dev.setCheckState(Qt.CheckState.Checked)  # a latecomer joins the running session
    assert [a.name for a in team.attendees(session.id)] == ["Asha Patel", "Dev Shah"]
    team.choose(session.id, 0)  # the group had already made its first decision
    setup.resume_button.click()

    presenter = page.presenter
    assert page.stack.currentWidget() is presenter
    assert "2 people attending" in presenter.meta.text()
    # Back where the group left off: its decision, with the consequence on screen.
    assert presenter.current.kind == "decision" and presenter.current.number == 1
    assert "The group chose 1. Wait" in presenter.outcome.text()
    # Projector text is a multiple of the user's own text size, never a fixed size.
    base = QApplication.font().pointSizeF()
    assert presenter.slide_text.font().pointSizeF() == pytest.approx(base * 2)


def test_discarding_a_running_session_asks_first(qtbot, page, world, monkeypatch):
    _services, team, _cpd, _clock = world
    start_with_jo(team, "Practice run")
    page.open()
    answers = iter([False, True])
    monkeypatch.setattr(dialogs, "ask_yes_no", lambda *_a, **_k: next(answers))

    page.setup.discard_button.click()
    assert team.active() is not None  # "Keep it"
    page.setup.discard_button.click()

    assert team.active() is None
    assert not page.setup.running_box.isVisible()


def test_starting_without_attendees_says_what_to_do(qtbot, page, world):
    page.open()
    page.setup.facilitator.setText("Jo Bloggs")
    page.setup.start_button.click()

    assert "Tick at least one person" in page.setup.message.text()
    assert page.stack.currentWidget() is page.setup


def test_group_notes_are_saved_as_they_are_typed(qtbot, page, world):
    services, team, _cpd, _clock = world
    sam = services.profiles.create("Sam")
    session = start_with_jo(team, "Notes", [sam.id])
    page.open()
    page.setup.resume_button.click()
    presenter = page.presenter

    qtbot.keyClicks(presenter.notes, "We agreed a reply-time script")
    qtbot.waitUntil(lambda: team.get(session.id).discussion_notes != "")

    assert team.get(session.id).discussion_notes == "We agreed a reply-time script"
