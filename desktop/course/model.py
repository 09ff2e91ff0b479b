"""The course as the app sees it once content/ has been read and checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from desktop.domain.quiz import Quiz, SourceRef
from desktop.domain.scenario import Scenario


@dataclass(frozen=True)
class Problem:
    """One thing wrong in the content, located as file:line."""

    path: Path
    line: int
    message: str

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.relative_to(root)
            except ValueError:
                shown = self.path
        return f"{shown}:{self.line}: {self.message}"


@dataclass(frozen=True)
class ReflectionPrompt:
    id: str
    prompt: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    minutes: int
    outcomes: tuple[str, ...]
    standards: tuple[str, ...]
    sources: tuple[SourceRef, ...]
    reflection_prompts: tuple[ReflectionPrompt, ...]
    body: str
    content_hash: str
    folder: Path
    quiz: Quiz | None = None
    scenario: Scenario | None = None


@dataclass(frozen=True)
class UnavailableModule:
    """A module listed in course.yaml that could not be loaded, with the reasons."""

    id: str
    title: str
    problems: tuple[Problem, ...]

    @property
    def reason(self) -> str:
        first = self.problems[0].message if self.problems else "it could not be read"
        more = len(self.problems) - 1
        return first + (f" (and {more} more problem{'s' if more > 1 else ''})" if more > 0 else "")


@dataclass(frozen=True)
class GlossaryTerm:
    id: str
    term: str
    definition: str
    module: str | None = None


@dataclass(frozen=True)
class Standard:
    number: str
    group: str
    group_heading: str
    text: str | None  # None where the wording could not be confirmed


@dataclass(frozen=True)
class Capability:
    id: str
    title: str
    description: str


@dataclass(frozen=True)
class PackInfo:
    """An installed content pack: who made it, which modules it adds, whether it is signed.

    ``verified`` is True only when the pack's signature checks out against a key in the
    trusted-publishers list; ``signer`` then names that publisher as the list does.
    ``replaces`` lists built-in modules the pack replaces (a signed course update).
    """

    id: str
    title: str
    version: str
    publisher: str
    module_ids: tuple[str, ...]
    folder: Path
    verified: bool = False
    signer: str | None = None
    replaces: tuple[str, ...] = ()

    @property
    def origin(self) -> str:
        """ "from Northshire Council (verified)" or "(unverified)", as the window shows it."""
        if self.verified:
            return f"from {self.signer or self.publisher} (verified)"
        return f"from {self.publisher} (unverified)"


@dataclass(frozen=True)
class Course:
    title: str
    content_version: str
    last_reviewed: date | None
    root: Path
    entries: tuple[Module | UnavailableModule, ...]
    glossary: tuple[GlossaryTerm, ...] = ()
    standards: tuple[Standard, ...] = ()
    capabilities: tuple[Capability, ...] = ()
    capability_scale: dict[int, str] = field(default_factory=dict)
    about: str = ""
    packs: tuple[PackInfo, ...] = ()  # installed content packs, whose modules are in entries

    def pack_of(self, module_id: str) -> PackInfo | None:
        """The pack a module comes from (None for the built-in course's own modules)."""
        return next(
            (p for p in self.packs if module_id in p.module_ids and module_id not in p.replaces),
            None,
        )

    @property
    def modules(self) -> tuple[Module, ...]:
        return tuple(e for e in self.entries if isinstance(e, Module))

    def module(self, module_id: str) -> Module | None:
        return next((m for m in self.modules if m.id == module_id), None)

    def term(self, term_id: str) -> GlossaryTerm | None:
        return next((t for t in self.glossary if t.id == term_id), None)

    def standard(self, number: str) -> Standard | None:
        return next((s for s in self.standards if s.number == number), None)

    def neighbours(self, module_id: str) -> tuple[Module | None, Module | None]:
        """The available modules before and after this one, for previous/next."""
        modules = self.modules
        ids = [m.id for m in modules]
        if module_id not in ids:
            return None, None
        i = ids.index(module_id)
        return (modules[i - 1] if i > 0 else None, modules[i + 1] if i + 1 < len(modules) else None)


@dataclass(frozen=True)
class Section:
    """One part of a module: its heading (anchor, title, level) and its text.

    ``anchor`` is ``""`` and ``level`` 0 for the introduction before the first heading.
    """

    anchor: str
    title: str
    level: int
    text: str
