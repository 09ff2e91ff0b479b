"""The screens the docs show, rendered from the shipped course with a learner part-way through.

Set PRISM_SCREENSHOTS to a folder to save each screen there as a 1280x800 PNG
(for README and the user guide; look at every one before committing them).
Without it the walk still renders every screen, so a page that breaks or paints
nothing fails here.

The learner, Priya Shah, has finished the first module (read, quiz passed after a
first try that missed some questions, scenario played), is part-way through the
second, has written a reflection, rated her capabilities and drafted a CPD
record. Refresh questions come back on a later day, so the refresh service's
``today`` is moved two days on to show them waiting.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QWidget

from desktop.services.startup import start_services
from desktop.ui.shell.main_window import SCREENSHOT_SIZE, MainWindow
from desktop.ui.theme import Theme, appearance, reset_appearance
from tests.ui.cpd_fakes import complete_module

ROOT = Path(__file__).resolve().parents[2]
FIRST, SECOND = "digital-professionalism", "identity-prism"
REFLECTION = (
    "I had not thought of my work phone's messaging app as part of my professional "
    "identity. A parent who can see I am online at 10 pm reads that as availability. "
    "From Monday I will switch off message previews after 6 pm and tell families at the "
    "first visit when I reply."
)
LEARNT = (
    "The identity prism helped me see that families meet a version of me online that I "
    "did not choose. Keeping the same values on every account matters more than which "
    "account I use."
)


class Shots:
    """Saves each screen as a PNG when asked to, and always checks it rendered."""

    def __init__(self, qtbot, folder: Path | None) -> None:
        self.qtbot = qtbot
        self.folder = folder
        self.taken: list[str] = []

    def take(self, name: str, window: MainWindow, dialog: QWidget | None = None) -> QPixmap:
        # Replaced widgets wait for the event loop to delete them; until they go they
        # can hold the window taller than the screenshot.
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        window.resize(*SCREENSHOT_SIZE)
        QApplication.processEvents()
        # After a text-size change the menu bar re-lays itself out a moment later;
        # until then its titles sit behind the overflow button.
        bar = window.menuBar()
        self.qtbot.waitUntil(lambda: bar.height() >= bar.sizeHint().height())
        picture = window.grab()
        if dialog is not None:
            QApplication.processEvents()
            # Where a window-modal dialog sits over the window: centred, a third down,
            # with a frame as the window manager would draw one.
            shown = dialog.grab()
            top_left = QPoint(
                (picture.width() - shown.width()) // 2,
                max(0, (picture.height() - shown.height()) // 3),
            )
            painter = QPainter(picture)
            painter.drawPixmap(top_left, shown)
            painter.setPen(window.palette().color(QPalette.ColorRole.Shadow))
            painter.drawRect(QRect(top_left, shown.size()).adjusted(-1, -1, 0, 0))
            painter.end()
        assert not picture.isNull()
        assert picture.size().toTuple() == SCREENSHOT_SIZE, name
        if self.folder is not None:
            assert picture.save(str(self.folder / f"{name}.png"))
        self.taken.append(name)
        return picture


@pytest.fixture
def shots(qtbot) -> Shots:
    folder = os.environ.get("PRISM_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
    return Shots(qtbot, Path(folder) if folder else None)


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch) -> Iterator[MainWindow]:
    services = start_services(ROOT / "content", ROOT / "assets", tmp_path / "data")
    built = MainWindow(services)
    qtbot.addWidget(built)
    built.resize(*SCREENSHOT_SIZE)
    built.show()
    qtbot.waitExposed(built)
    profile = services.profiles.create("Priya Shah")
    learner_part_way_through(built, profile.id, monkeypatch)
    built.open_profile(profile.id)
    notice = getattr(built, "privacy_notice", None)  # the once-only passphrase note
    if notice is not None and notice.isVisible():
        qtbot.mouseClick(notice.dismiss_button, Qt.MouseButton.LeftButton)  # "Got it"
    yield built
    reset_appearance()
    built.close()
    services.close()


def learner_part_way_through(window: MainWindow, profile_id: str, monkeypatch) -> None:
    services = window.services
    # A first try at the quiz that missed four questions: they come back to refresh.
    quizzes = services.quizzes
    session = quizzes.start_new(profile_id, FIRST)
    for number, question in enumerate(session.questions):
        wanted = sorted(question.correct_indexes)
        if number % 3 == 0:
            wanted = [next(i for i, o in enumerate(question.options) if not o.correct)]
        quizzes.answer(session, question.id, wanted)
    quizzes.finish(session)
    complete_module(services, profile_id, FIRST)  # read, time tracked, quiz passed
    scenario = services.scenarios.start_new(profile_id, FIRST)
    while not scenario.node.is_ending:
        recommended = next((i for i, c in enumerate(scenario.node.choices) if c.recommended), 0)
        services.scenarios.choose(scenario, recommended)
    # Part-way through the second module.
    toc = services.reading.page(SECOND).toc
    services.reading.opened(profile_id, SECOND)
    services.reading.save_position(profile_id, SECOND, toc[len(toc) // 2].anchor, 0.45)
    services.journal.start(profile_id, FIRST, "learned", REFLECTION)
    capabilities = services.capabilities.capabilities()
    services.capabilities.rate(
        profile_id,
        {c.id: (2 + n % 3, "") for n, c in enumerate(capabilities[:10])},
    )
    draft = services.cpd.draft_from_modules(profile_id, [FIRST], include_reflections=False)
    services.cpd.save(replace(draft, learning=LEARNT))
    later = services.refresh.today() + timedelta(days=2)
    monkeypatch.setattr(services.refresh, "today", lambda: later)


def test_the_screens_the_docs_show(window: MainWindow, shots: Shots, qtbot) -> None:
    home = window.home_page
    assert "Continue where you left off" in home.continue_button.text()
    shots.take("home", window)

    window.go(f"module:{SECOND}")
    reader = window.reader_page
    bar = reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    # Jump to the saved section from the contents, rather than count on the reader's
    # own restore, which can run before the text is laid out (see the report).
    anchor = window.services.reading.position(window.profile_id, SECOND).anchor
    section = next(
        item
        for item in reader.toc.findItems(
            "", Qt.MatchFlag.MatchContains | Qt.MatchFlag.MatchRecursive
        )
        if item.data(0, Qt.ItemDataRole.UserRole) == anchor
    )
    reader.toc.setCurrentItem(section)
    qtbot.keyClick(reader.toc, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bar.value() > 0)
    assert reader.current_anchor() == anchor
    shots.take("reader", window)

    window.go(f"quiz:{SECOND}")
    quiz = window.quiz_page
    wrong = next(i for i, o in enumerate(quiz.question.options) if not o.correct)
    qtbot.keyClick(quiz, Qt.Key(Qt.Key.Key_1 + quiz.options.order.index(wrong)))
    qtbot.keyClick(quiz, Qt.Key.Key_Return)
    assert quiz.next_button.isVisible()
    shots.take("quiz-feedback", window)

    window.go("cpd")
    cpd = window.cpd_page
    assert cpd.records.topLevelItemCount() == 1
    shots.take("cpd", window)
    cpd.export()
    shots.take("cpd-export", window, cpd.export_dialog)
    cpd.export_dialog.reject()

    window.go("journal")
    assert window.journal_page.editor.toPlainText() == REFLECTION
    shots.take("journal", window)

    window.go("capabilities")
    assert window.capabilities_page.rows[0].rating is not None
    shots.take("capabilities", window)

    window.go("home")
    search = window.search_dialog
    search.present("boundaries")
    assert search.hits
    shots.take("search-results", window, search)
    search.reject()

    window.go("team-session")
    setup = window.team_session_page.setup
    setup.facilitator.setText("Jo Bloggs")
    setup.role.setText("Practice educator")
    for name in ("Asha Patel", "Ben Okafor", "Chloe Brown"):
        setup.new_name.setText(name)
        setup.add_button.click()
    setup.start_button.click()
    presenter = window.team_session_page.presenter
    assert window.team_session_page.stack.currentWidget() is presenter
    while presenter.current.kind != "decision":
        presenter.next_slide()
    presenter.select_choice(1)
    shots.take("team-session-presenter", window)
    presenter.setup_button.click()

    window.go("home")
    appearance().apply(theme=Theme.DARK)
    shots.take("home-dark", window)
    appearance().apply(theme=Theme.LIGHT, text_size=200)
    shots.take("home-200-percent", window)
    reset_appearance()

    assert len(shots.taken) == 11
