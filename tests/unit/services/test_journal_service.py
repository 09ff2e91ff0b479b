"""The reflection journal's rules: listing by module, search snippets, delete and Undo,
no empty clutter, and what a CPD draft can pull in (no Qt)."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlite_utils

from desktop.course.loader import load_course
from desktop.services import journal as journal_module
from desktop.services.context import ServiceContext
from desktop.services.journal import JournalService, opening_words, snippet_around
from desktop.store.errors import RecordNotFoundError
from desktop.store.events import EventLog
from desktop.store.profiles import ProfileRepo
from tests.helpers.course_builder import write_course
from tests.unit.store.fakes import FakeClock


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def journal(tmp_path: Path, db: sqlite_utils.Database, clock: FakeClock) -> JournalService:
    write_course(tmp_path / "course")
    course = load_course(tmp_path / "course" / "content", tmp_path / "course" / "assets").course
    ctx = ServiceContext(course, db, tmp_path / "data", tmp_path / "course" / "assets", clock)
    return journal_module.create(ctx)


@pytest.fixture
def profile_id(db: sqlite_utils.Database, clock: FakeClock) -> str:
    return ProfileRepo(db, clock).create("Sam").id


def test_prompts_come_from_the_module(journal: JournalService) -> None:
    assert [p.id for p in journal.prompts("alpha")] == ["learned", "change"]
    assert journal.prompt_text("alpha", "change") == "What will you do differently?"
    assert journal.prompt_text("alpha", None) is None
    assert journal.prompts("no-such-module") == ()


def test_entries_are_grouped_by_module_in_course_order_newest_first(
    journal: JournalService, profile_id: str
) -> None:
    beta = journal.start(profile_id, "beta", "learned", "Beta thoughts")
    alpha_old = journal.start(profile_id, "alpha", "learned", "Alpha first")
    alpha_new = journal.start(profile_id, "alpha", None, "Alpha second")

    groups = journal.groups(profile_id)
    assert [(g.module_id, g.module_title) for g in groups] == [
        ("alpha", "Module Alpha"),
        ("beta", "Module Beta"),
    ]
    assert [e.id for e in groups[0].entries] == [alpha_new.id, alpha_old.id]
    assert [e.id for e in journal.entries(profile_id)] == [alpha_new.id, alpha_old.id, beta.id]
    first = groups[0].entries[1]
    assert first.prompt == "What did you learn?" and first.snippet == "Alpha first"
    assert groups[0].entries[0].prompt is None  # free writing
    assert first.created.tzinfo is not None


def test_editing_moves_a_reflection_to_the_top_of_its_module(
    journal: JournalService, profile_id: str
) -> None:
    older = journal.start(profile_id, "alpha", "learned", "one")
    newer = journal.start(profile_id, "alpha", "change", "two")
    assert journal.save(older.id, "one, and more") is True
    assert journal.save(older.id, "one, and more") is False  # unchanged: nothing written
    assert [e.id for e in journal.entries(profile_id)] == [older.id, newer.id]
    assert journal.latest_for(profile_id, "alpha", "learned") == journal.get(older.id)
    assert journal.latest_for(profile_id, "alpha", None) is None


def test_search_finds_words_in_any_case_with_a_snippet_around_them(
    journal: JournalService, profile_id: str
) -> None:
    long_text = (
        "At the start of the week I was unsure about the team's group chat. "
        "After supervision I understood that a CLOSED group is still not private, "
        "because anyone in it can copy or forward what is posted there."
    )
    hit = journal.start(profile_id, "alpha", "learned", long_text)
    journal.start(profile_id, "beta", "learned", "Nothing relevant here")

    found = journal.search(profile_id, "closed\n  group")
    assert [e.id for e in found] == [hit.id]
    snippet = found[0].snippet
    assert "CLOSED group" in snippet
    assert snippet.startswith("…") and snippet.endswith("…")
    assert journal.search(profile_id, "zebra") == []
    assert journal.search(profile_id, "   ") == []
    assert [g.module_id for g in journal.groups(profile_id, "closed group")] == ["alpha"]


def test_search_matches_module_titles_and_prompts_too(
    journal: JournalService, profile_id: str
) -> None:
    reflection = journal.start(profile_id, "beta", "change", "My plan for next week")
    assert [e.id for e in journal.search(profile_id, "module beta")] == [reflection.id]
    found = journal.search(profile_id, "differently")
    assert [e.id for e in found] == [reflection.id]
    assert found[0].snippet == "My plan for next week"


def test_snippets_keep_whole_words_and_survive_case_folding() -> None:
    assert snippet_around("Die Straße ist lang", "STRASSE") == "Die Straße ist lang"
    text = "word " * 40 + "needle " + "word " * 40
    snippet = snippet_around(text, "needle", radius=12)
    assert snippet is not None and "needle" in snippet
    assert snippet.startswith("… word") or snippet.startswith("…word")
    assert " wor…" not in snippet  # never cut mid-word
    assert snippet_around("abc", "xyz") is None
    assert opening_words("short text") == "short text"
    assert opening_words("one two three four five", limit=12) == "one two…"


def test_delete_returns_the_reflection_and_restore_brings_it_back_unchanged(
    db: sqlite_utils.Database, journal: JournalService, profile_id: str
) -> None:
    reflection = journal.start(profile_id, "alpha", "learned", "Worth keeping")
    journal.save(reflection.id, "Worth keeping, edited")
    before = journal.get(reflection.id)

    deleted = journal.delete(reflection.id)
    assert deleted == before
    assert journal.entries(profile_id) == []
    journal.restore(deleted)
    journal.restore(deleted)  # a second Undo does no harm
    assert journal.get(reflection.id) == before
    assert len(EventLog(db).for_profile(profile_id, verb="reflected")) == 1
    with pytest.raises(RecordNotFoundError):
        journal.delete("no-such-id")


def test_blank_reflections_are_tidied_and_written_ones_never_are(
    journal: JournalService, profile_id: str
) -> None:
    blank = journal.start(profile_id, "alpha", "learned", "")
    spaces = journal.start(profile_id, "alpha", "change", "  \n\t ")
    written = journal.start(profile_id, "beta", None, "Keep me")

    assert journal.discard_if_blank(written.id) is False
    assert journal.discard_if_blank(blank.id) is True
    assert journal.discard_blank(profile_id) == 1
    assert [e.id for e in journal.entries(profile_id)] == [written.id]
    assert journal.get(spaces.id) is None


def test_start_refuses_unknown_modules_and_prompts(
    journal: JournalService, profile_id: str
) -> None:
    with pytest.raises(KeyError):
        journal.start(profile_id, "no-such-module")
    with pytest.raises(KeyError):
        journal.start(profile_id, "alpha", "no-such-prompt")


def test_for_modules_gives_written_reflections_for_a_cpd_draft(
    journal: JournalService, profile_id: str
) -> None:
    a1 = journal.start(profile_id, "alpha", "learned", "Alpha, first")
    journal.start(profile_id, "alpha", "change", "   ")  # blank: not worth pulling in
    b1 = journal.start(profile_id, "beta", "learned", "Beta")
    a2 = journal.start(profile_id, "alpha", None, "Alpha, second")
    journal.save(a1.id, "Alpha, first (edited later)")

    pulled = journal.for_modules(profile_id, ["beta", "alpha", "beta"])
    assert [e.id for e in pulled] == [b1.id, a1.id, a2.id]
    assert pulled[1].text == "Alpha, first (edited later)"
    assert pulled[1].module_title == "Module Alpha"
    assert journal.for_modules(profile_id, ["gamma"]) == []


def test_reflections_on_a_removed_module_are_still_listed(
    journal: JournalService, profile_id: str, db: sqlite_utils.Database
) -> None:
    from desktop.store.reflections import ReflectionRepo

    ReflectionRepo(db).create(profile_id, "retired-module", "old", "Still mine")
    [group] = journal.groups(profile_id)
    assert group.module_title == journal_module.REMOVED_MODULE_TITLE
    assert group.entries[0].text == "Still mine"
    assert group.entries[0].prompt is None


def test_the_index_in_memory_sees_writes_made_elsewhere(tmp_path) -> None:
    """An import or a restore writes reflections without the journal: it must notice."""
    from desktop.store.database import close_database, open_database
    from desktop.store.profiles import ProfileRepo
    from desktop.store.reflections import ReflectionRepo
    from tests.helpers.course_builder import write_course

    course = load_course(write_course(tmp_path / "course")).course
    db = open_database(tmp_path / "prism.db")
    try:
        profile = ProfileRepo(db).create("Sam").id
        journal = JournalService(course, ReflectionRepo(db))
        first = journal.start(profile, "alpha", None, "First words")
        assert [e.text for e in journal.search(profile, "words")] == ["First words"]
        other = ReflectionRepo(db)  # another part of Prism, same file
        other.create(profile, "beta", None, "More words from an import")
        other.update(first.id, "First words, edited")
        found = sorted(e.text for e in journal.search(profile, "WORDS"))
        assert found == ["First words, edited", "More words from an import"]
        other.delete(first.id)
        assert [e.text for e in journal.entries(profile)] == ["More words from an import"]
        journal.save(journal.newest(profile).id, "Changed here")  # kept in step in place
        assert journal.newest(profile).text == "Changed here"
        assert [e.text for e in journal.search(profile, "changed")] == ["Changed here"]
    finally:
        close_database(db)
