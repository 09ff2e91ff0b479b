"""The course text as Orca reads it: through the real AT-SPI bus, from the real window.

Before: the reader was one "label" holding the whole module (some 8,000 characters),
with no heading or link objects and the figure's alt text nowhere.
"""

from __future__ import annotations

import re

from desktop import paths
from tests.atspi.conftest import find, showing, walk

MODULE = "identity-prism"  # has a figure, links, a key-points box and an example box
LONG_TEXT = 1000  # characters: more than any paragraph, far less than a module


def _document(tree: dict, name: str) -> dict:
    documents = [n for n in walk(tree) if n["role"] == "document frame" and n["name"] == name]
    assert len(documents) == 1, f"expected one document named {name!r}"
    return documents[0]


def _alt_texts(module_id: str) -> list[str]:
    source = (paths.content_dir(None) / module_id / "module.md").read_text(encoding="utf-8")
    return re.findall(r"!\[([^\]]+)\]\(figure:", source)


def test_the_reader_is_a_document_of_headings_links_and_figures(prism_on_bus) -> None:
    prism_on_bus.command(f"go module:{MODULE}")
    document = _document(prism_on_bus.tree(), "Module text")

    headings = find(document, role="heading")
    assert len(headings) >= 3
    assert all(re.fullmatch(r"level [1-6]", h["description"]) for h in headings)
    assert {"level 2", "level 3"} <= {h["description"] for h in headings}
    assert "The narrative dimension" in [h["name"] for h in headings]

    links = find(document, role="link")
    assert len(links) >= 5
    assert all(link["name"] and "focusable" in link["states"] for link in links)
    assert "identity prism" in [link["name"] for link in links]

    alts = _alt_texts(MODULE)
    assert alts, "the module chosen for this test should have a figure"
    images = find(document, role="image")
    assert [image["description"] for image in images] == alts

    sections = {n["name"] for n in find(document, role="section")}
    assert "Key points" in sections
    assert any(name.startswith("Practice example") for name in sections)
    assert find(document, role="list item")
    assert len(find(document, role="paragraph")) >= 10


def test_no_long_text_is_one_flat_object(prism_on_bus) -> None:
    for page in (f"module:{MODULE}", "glossary", f"quiz:{MODULE}", f"scenario:{MODULE}"):
        prism_on_bus.command(f"go {page}")
        for node in walk(prism_on_bus.tree()):
            size = max(len(node["name"]), node.get("text_length", 0))
            assert size < LONG_TEXT, (page, node["role"], node["name"][:60], size)


def test_tab_gives_a_link_accessible_focus(prism_on_bus) -> None:
    prism_on_bus.command(f"go module:{MODULE}")
    events = prism_on_bus.focus_events("key Tab")
    focused = [e for e in events if e["detail"] == 1]
    assert focused, events
    assert focused[-1]["role"] == "link"
    assert focused[-1]["name"] == "digital identity"  # the first link in the text
    document = _document(prism_on_bus.tree(), "Module text")
    assert [n["name"] for n in find(document, role="link") if "focused" in n["states"]] == [
        "digital identity"
    ]


def test_text_below_the_fold_is_not_reported_as_showing(prism_on_bus) -> None:
    prism_on_bus.command(f"go module:{MODULE}")
    document = _document(prism_on_bus.tree(), "Module text")
    paragraphs = find(document, role="paragraph")
    assert showing(paragraphs[0])
    assert not showing(paragraphs[-1])
