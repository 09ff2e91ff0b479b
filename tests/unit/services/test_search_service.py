"""Searching modules and glossary as a learner types (no Qt)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop.course.loader import load_course
from desktop.course.model import Course, GlossaryTerm, Module
from desktop.course.render import render_markdown
from desktop.services.search import SearchHit, SearchService
from desktop.store import search_index

ROOT = Path(__file__).resolve().parents[3]

BOUNDARIES = """\
Boundaries keep a working relationship safe to rely on.

## Dual relationships

A dual relationship sits alongside the professional role. Keep each boundary clear,
even in a small village where <b>everyone</b> knows everyone.

## Closed groups

A group set to private is still not a safe place for case details.

## Other places

People post in groups, groups and more groups online, and that is their choice.
"""

PROXIMITY = """\
## Feeling close

Online disinhibition and online proximity change how near people feel.
"""


def module(module_id: str, title: str, body: str) -> Module:
    return Module(
        id=module_id,
        title=title,
        summary="",
        minutes=10,
        outcomes=(),
        standards=(),
        sources=(),
        reflection_prompts=(),
        body=body,
        content_hash="h",
        folder=Path("."),
    )


def course() -> Course:
    return Course(
        title="Test",
        content_version="1",
        last_reviewed=None,
        root=Path("."),
        entries=(
            module("boundaries", "Professional boundaries online", BOUNDARIES),
            module("proximity", "Online proximity", PROXIMITY),
        ),
        glossary=(
            GlossaryTerm("dual-relationship", "Dual relationship", "A second tie to a person."),
            GlossaryTerm("online-disinhibition", "Online disinhibition", "Feeling bolder."),
        ),
    )


@pytest.fixture
def service() -> SearchService:
    return SearchService(course())


@pytest.fixture
def scanning(monkeypatch: pytest.MonkeyPatch) -> SearchService:
    """A service on an SQLite build without FTS5."""

    def no_fts5(connection: sqlite3.Connection) -> None:
        raise sqlite3.OperationalError("no such module: fts5")

    monkeypatch.setattr(search_index, "create_index_table", no_fts5)
    return SearchService(course())


def marked(hit: SearchHit) -> list[str]:
    return [hit.snippet[start:end] for start, end in hit.spans]


def test_a_plural_finds_the_singular_and_leads_to_the_section(service: SearchService) -> None:
    hits = service.search("boundaries")
    targets = [hit.target for hit in hits]
    assert "module:boundaries#dual-relationships" in targets  # the text says "boundary"
    assert targets[0] == "module:boundaries"  # the introduction, found by the module title
    dual = hits[targets.index("module:boundaries#dual-relationships")]
    assert (dual.kind, dual.title, dual.section) == (
        "section",
        "Professional boundaries online",
        "Dual relationships",
    )
    assert marked(dual) == ["boundary"]


def test_hits_lead_to_anchors_the_reader_knows(service: SearchService) -> None:
    toc = {entry.anchor for entry in render_markdown(BOUNDARIES).toc}
    hits = service.search("group")
    anchors = {hit.target.partition("#")[2] for hit in hits if hit.kind == "section"}
    assert anchors and anchors <= toc


def test_a_word_in_a_section_heading_outranks_the_same_word_in_text(
    service: SearchService,
) -> None:
    targets = [hit.target for hit in service.search("groups")]
    assert targets.index("module:boundaries#closed-groups") < targets.index(
        "module:boundaries#other-places"
    )


def test_the_last_word_matches_as_a_prefix_while_typing(service: SearchService) -> None:
    hits = service.search("online disinhib")
    assert hits[0].target == "glossary:online-disinhibition"
    assert hits[0].section_spans == ((0, 6), (7, 20))
    assert "module:proximity#feeling-close" in [hit.target for hit in hits]
    # A space after the word means it is finished, so it is no longer a prefix.
    assert service.search("disinhib ") == []


def test_glossary_terms_are_found_by_term_and_definition(service: SearchService) -> None:
    hit = next(h for h in service.search("dual relationship") if h.kind == "glossary")
    assert (hit.target, hit.title, hit.section) == (
        "glossary:dual-relationship",
        "Glossary",
        "Dual relationship",
    )
    assert service.search("bolder")[0].target == "glossary:online-disinhibition"


def test_snippets_are_plain_text_with_marked_words(service: SearchService) -> None:
    hit = service.search("village")[0]
    assert "<b>everyone</b>" in hit.snippet  # course text is never treated as markup
    assert marked(hit) == ["village"]
    assert "\n" not in hit.snippet


@pytest.mark.parametrize("query", ["", "   ", "\t\n", "-", "()", '"'])
def test_blank_or_punctuation_only_queries_find_nothing(service: SearchService, query: str) -> None:
    assert service.search(query) == []


@pytest.mark.parametrize(
    "query",
    ['"dual', "dual AND", "NEAR(dual", "body:dual", "dual*", "-dual", "^dual", "OR", "dual) ("],
)
def test_search_syntax_typed_by_a_learner_never_breaks_the_search(
    service: SearchService, query: str
) -> None:
    hits = service.search(query)
    assert all(isinstance(hit, SearchHit) for hit in hits)


def test_a_search_for_dual_with_stray_symbols_still_finds_it(service: SearchService) -> None:
    assert service.search('"dual')[0].section.startswith("Dual relationship")


def test_limit_caps_the_results(service: SearchService) -> None:
    assert len(service.search("a", limit=2)) <= 2
    assert len(service.search("online")) > 2
    assert service.search("online", limit=0) == []


def test_the_index_is_built_once_on_first_use(service: SearchService) -> None:
    assert not service.ready
    service.prepare()
    assert service.ready
    service.prepare()
    assert service.search("village")[0].target == "module:boundaries#dual-relationships"


def test_without_fts5_a_scan_still_finds_words_and_stems(scanning: SearchService) -> None:
    hits = scanning.search("Boundaries")
    targets = [hit.target for hit in hits]
    assert "module:boundaries#dual-relationships" in targets
    dual = hits[targets.index("module:boundaries#dual-relationships")]
    assert marked(dual) == ["boundary"]
    assert scanning.search("disinhib")[0].section == "Online disinhibition"
    assert scanning.search('"  (') == []
    assert scanning.search("nothing-like-this") == []


def test_without_fts5_headings_still_rank_first(scanning: SearchService) -> None:
    targets = [hit.target for hit in scanning.search("groups")]
    assert targets[0] == "module:boundaries#closed-groups"


def test_the_shipped_course_is_searchable_by_section_and_term() -> None:
    shipped = load_course(ROOT / "content", ROOT / "assets").course
    service = SearchService(shipped)
    hits = service.search("dual relationships")
    assert hits[0].target == "module:boundaries#dual-relationships"
    assert any(hit.target == "glossary:dual-relationship" for hit in hits)
    for hit in service.search("online", limit=50):
        if hit.kind == "section" and "#" in hit.target:
            module_id, _, anchor = hit.target.removeprefix("module:").partition("#")
            found = shipped.module(module_id)
            assert found is not None
            assert anchor in {entry.anchor for entry in render_markdown(found.body).toc}
