"""Each module's sections (anchor, title, text), kept so they are rendered once.

Search indexes the course a section at a time and the home page names the section a
learner stopped in; both need the module's Markdown rendered and split. Rendering all
eight modules costs ~100 ms and the Markdown library, so the sections are kept here,
by module and content hash, and saved with the course cache (``course.cache``): on
every launch but the first after an install or a content change, nothing is rendered
until the learner opens a module.
"""

from __future__ import annotations

from collections.abc import Mapping

from desktop.course.model import Module, Section

Key = tuple[str, str]
"""(module id, content hash)"""


class SectionIndex:
    """The sections of each module, rendered on first need and then remembered."""

    def __init__(self, known: Mapping[Key, tuple[Section, ...]] | None = None) -> None:
        # Keyed by module and content hash, so an edited module is rendered afresh.
        self._known: dict[Key, tuple[Section, ...]] = dict(known or {})

    def sections(self, module: Module) -> tuple[Section, ...]:
        key = (module.id, module.content_hash)
        found = self._known.get(key)
        if found is None:
            from desktop.course.sections import module_sections

            found = self._known[key] = module_sections(module.body)
        return found

    def section_title(self, module: Module, anchor: str) -> str | None:
        """The heading ``anchor`` names in the module, or None if it has no such heading."""
        return next((s.title for s in self.sections(module) if s.anchor == anchor), None)

    def known(self) -> dict[Key, tuple[Section, ...]]:
        """What has been rendered so far (what the course cache saves)."""
        return dict(self._known)
