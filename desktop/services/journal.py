"""The reflection journal: prompts per module, autosaved free writing, listing and search.

Reflections are private free text. They are stored by ``ReflectionRepo`` (the event log
only records that a reflection was started, never its words) and shown grouped by module
in course order, newest first within each module.

Empty reflections: the journal page creates a reflection only when the learner types
its first character, so opening "New reflection" and walking away leaves nothing behind.
A reflection whose text is later erased completely is removed when the editor moves on
(``discard_if_blank``) and, as a safety net after a crash, when the journal is next opened
(``discard_blank``). Both deletes only ever remove a row whose stored text is blank.
"""

from __future__ import annotations

import builtins
import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from desktop.course.model import Course, Module, ReflectionPrompt
from desktop.services.journal_search import Query, fold, fold_with_origin, parse_query
from desktop.store.errors import RecordNotFoundError
from desktop.store.journal_index import match_expression
from desktop.store.reflections import Reflection, ReflectionRepo

if TYPE_CHECKING:
    from desktop.services.context import ServiceContext

SNIPPET_RADIUS = 50
"""Characters of context either side of a search match in a result's snippet."""

OPENING_LENGTH = 200
"""Characters of a reflection's opening shown in the list (the list may show fewer)."""

REMOVED_MODULE_TITLE = "A module no longer in the course"


@dataclass(frozen=True)
class JournalEntry:
    """A reflection with what the journal shows beside it."""

    reflection: Reflection
    module_title: str
    prompt: str | None  # the prompt's words; None for free writing or a prompt since removed
    # Plain text: the opening words, or the words around a search match. May be given
    # as a function, worked out when first read: a list of 10,000 draws a few dozen.
    excerpt: str | Callable[[], str] = field(default="", compare=False, repr=False)

    @property
    def snippet(self) -> str:
        """The opening words, or the words around a search match (plain text)."""
        value = self.excerpt
        if callable(value):
            value = value()
            object.__setattr__(self, "excerpt", value)  # worked out once
        return value

    @property
    def id(self) -> str:
        return self.reflection.id

    @property
    def module_id(self) -> str:
        return self.reflection.module_id

    @property
    def text(self) -> str:
        return self.reflection.text

    @property
    def created(self) -> datetime:
        """When it was started (timezone-aware, UTC); ``.astimezone()`` gives local time."""
        return parse_utc(self.reflection.created_utc)

    @property
    def updated(self) -> datetime:
        """When it was last changed (timezone-aware, UTC)."""
        return parse_utc(self.reflection.updated_utc)


@dataclass(frozen=True)
class JournalGroup:
    """The reflections on one module, newest first."""

    module_id: str
    module_title: str
    entries: tuple[JournalEntry, ...]


class JournalService:
    """What a learner can do with their reflections; plain Python, no Qt."""

    def __init__(self, course: Course, repo: ReflectionRepo) -> None:
        self._course = course
        self._repo = repo
        self._index: _Index | None = None

    # The index held in memory ------------------------------------------------------------

    def _entries_of(self, profile_id: str) -> _Index:
        """One learner's reflections as entries, read (and decrypted) once and kept in
        memory while they are unchanged: listing, search and the newest reflection then
        cost no query and no decryption. Never written anywhere; `forget` drops it (the
        window does when it locks or switches learner). Re-read when the store's stamp
        (`ReflectionRepo.version`) changes, so writes from elsewhere (an import, a
        restore) are never missed."""
        index = self._index
        seen = self._repo.writes_seen()
        if index is not None and index.profile_id == profile_id and index.seen == seen:
            return index  # nothing written anywhere since: no query at all
        version = self._repo.version(profile_id)
        if index is None or index.profile_id != profile_id or index.version != version:
            entries = [self._entry(r) for r in self._repo.list(profile_id)]
            index = self._index = _Index(profile_id, version, entries)
        index.seen = seen
        return index

    def _keep_in_step(self, index: _Index, reflection_id: str) -> None:
        """After this service wrote one reflection to a learner whose index was current,
        put that one reflection right (newest first) instead of reading them all again."""
        reflection = self._repo.get(reflection_id)
        if reflection is None or reflection.profile_id != index.profile_id:
            self._index = None
            return
        rest = [e for e in index.entries if e.id != reflection_id]
        if rest and rest[0].reflection.updated_utc > reflection.updated_utc:
            self._index = None  # the clock went back: let the store order them
            return
        version = self._repo.version(index.profile_id)
        self._index = _Index(index.profile_id, version, [self._entry(reflection), *rest])

    def forget(self) -> None:
        """Drop the reflections held in memory (on lock, or when the learner changes)."""
        self._index = None

    # The course side -------------------------------------------------------------------

    def modules(self) -> tuple[Module, ...]:
        """The modules a learner can start a reflection on, in course order."""
        return self._course.modules

    def prompts(self, module_id: str) -> tuple[ReflectionPrompt, ...]:
        """A module's reflection prompts; empty if the module is unavailable or unknown."""
        module = self._course.module(module_id)
        return module.reflection_prompts if module is not None else ()

    def prompt_text(self, module_id: str, prompt_id: str | None) -> str | None:
        """The words of a prompt, or None for free writing or a prompt no longer in the course."""
        return next((p.prompt for p in self.prompts(module_id) if p.id == prompt_id), None)

    def module_title(self, module_id: str) -> str:
        """The module's title, also for a module currently unavailable."""
        entry = next((e for e in self._course.entries if e.id == module_id), None)
        return entry.title if entry is not None else REMOVED_MODULE_TITLE

    # Reading ---------------------------------------------------------------------------

    def get(self, reflection_id: str) -> Reflection | None:
        return self._repo.get(reflection_id)

    def entry(self, reflection_id: str) -> JournalEntry | None:
        reflection = self._repo.get(reflection_id)
        return None if reflection is None else self._entry(reflection)

    def entries(self, profile_id: str, module_id: str | None = None) -> builtins.list[JournalEntry]:
        """Every reflection, grouped by module in course order, newest first in each."""
        everything = self._entries_of(profile_id).entries
        chosen = [e for e in everything if module_id is None or e.module_id == module_id]
        return [entry for group in self._group_entries(chosen) for entry in group.entries]

    def groups(self, profile_id: str, query: str = "") -> builtins.list[JournalGroup]:
        """The journal's list: all reflections, or only those matching ``query``, by module."""
        if normalise_query(query):
            return self._group_entries(self.search(profile_id, query))
        return self._entries_of(profile_id).groups(self)

    def unreadable_count(self, profile_id: str) -> int:
        """How many reflections do not open (damaged, or moved from another row).

        The stored count less those the copy in memory could open (asked after every
        search: reading and opening all 10,000 again cost more than the search)."""
        index = self._entries_of(profile_id)
        return max(0, index.version[0] - len(index.entries))

    def newest(self, profile_id: str) -> Reflection | None:
        """The most recently edited reflection; of two saved in the same millisecond,
        the one written last (the store orders by time, then by insertion)."""
        entries = self._entries_of(profile_id).entries
        return entries[0].reflection if entries else None

    def latest_for(
        self, profile_id: str, module_id: str, prompt_id: str | None
    ) -> Reflection | None:
        """The most recently edited reflection answering this prompt (None: free writing)."""
        return next(
            (
                e.reflection
                for e in self._entries_of(profile_id).entries
                if e.module_id == module_id and e.reflection.prompt_id == prompt_id
            ),
            None,
        )

    def search(self, profile_id: str, query: str) -> builtins.list[JournalEntry]:
        """Reflections whose text, or whose prompt with the module title, has every word
        typed at the start of some word (``journal_search``: any order, case and accents
        ignored, so results appear while a word is still being typed).

        In the journal's own order (modules in course order, newest first in each). Each
        entry's snippet shows the words around the first match in the text, or the
        opening words when only the title or prompt matched. For an unprotected learner
        the words are looked up in the full-text index; a protected learner's reflections
        (never indexed) and any SQLite without FTS5 are searched in the copy in memory.
        An empty query, or one with no letters or digits, matches nothing.
        """
        parsed = parse_query(query)
        if not parsed:
            return []
        index = self._entries_of(profile_id)
        grouped = index.grouped(self)
        in_text = self._repo.indexed_matches(profile_id, match_expression(parsed.spellings))
        if in_text is None:  # searched in memory
            in_text = {e.id for e in grouped if parsed.matches(index.folded_text(e)[1])}
        # Only the matches are looked at from here, not every reflection.
        where = index.positions(self)
        chosen = {where[i] for i in in_text if i in where}
        for key, places in index.by_labels(self).items():
            if parsed.matches(index.folded_labels(key, grouped[places[0]])):
                chosen.update(places)
        found = []
        for place in sorted(chosen):
            entry = grouped[place]
            if entry.id in in_text:
                around = functools.partial(_snippet_for, index, entry, parsed)
                entry = JournalEntry(entry.reflection, entry.module_title, entry.prompt, around)
            found.append(entry)
        return found

    def searches_index(self, profile_id: str) -> bool:
        """True when this learner's search is answered by the full-text index (an
        unprotected profile, on a SQLite with FTS5 and a sound index); False when it
        runs over the copy in memory."""
        return self._repo.indexed_matches(profile_id, match_expression([["a"]])) is not None

    def for_modules(
        self, profile_id: str, module_ids: Sequence[str]
    ) -> builtins.list[JournalEntry]:
        """Reflections with some text on these modules, for a CPD draft.

        In the order of ``module_ids``, oldest first within a module, so pasted together
        they tell the story of the learning in the order it happened.
        """
        result: builtins.list[JournalEntry] = []
        for module_id in dict.fromkeys(module_ids):  # each module once, order kept
            written = [r for r in self._repo.list(profile_id, module_id) if r.text.strip()]
            written.sort(key=lambda r: (r.created_utc, r.updated_utc))
            result.extend(self._entry(r) for r in written)
        return result

    # Writing ---------------------------------------------------------------------------

    def start(
        self, profile_id: str, module_id: str, prompt_id: str | None = None, text: str = ""
    ) -> Reflection:
        """Begin a reflection on a module, answering one of its prompts or free writing."""
        if self._course.module(module_id) is None:
            raise KeyError(f"module '{module_id}' is not available to reflect on")
        if prompt_id is not None and self.prompt_text(module_id, prompt_id) is None:
            raise KeyError(f"module '{module_id}' has no reflection prompt '{prompt_id}'")
        index = self._index
        current = (
            index is not None
            and index.profile_id == profile_id
            and index.version == self._repo.version(profile_id)
        )
        made = self._repo.create(profile_id, module_id, prompt_id, text)
        if current and index is not None:
            self._keep_in_step(index, made.id)
        return made

    def save(self, reflection_id: str, text: str) -> bool:
        """Autosave: store the text if it changed. True if anything was written.

        Raises ``RecordNotFoundError`` if the reflection was deleted meanwhile.
        """
        index = self._index
        current = index is not None and index.version == self._repo.version(index.profile_id)
        changed = self._repo.update(reflection_id, text)
        if changed and current and index is not None:
            self._keep_in_step(index, reflection_id)
        return changed

    def discard_if_blank(self, reflection_id: str) -> bool:
        """Remove this reflection if its stored text is blank; True if it was removed."""
        return self._repo.delete_if_blank(reflection_id)

    def discard_blank(self, profile_id: str) -> int:
        """Remove every blank reflection of a learner (left by a crash); how many went."""
        blank = self._entries_of(profile_id).blank_ids()
        return sum(self._repo.delete_if_blank(reflection_id) for reflection_id in blank)

    def delete(self, reflection_id: str) -> Reflection:
        """Delete a reflection and return it, so it can be put back with ``restore``."""
        reflection = self._repo.get(reflection_id)
        if reflection is None:
            raise RecordNotFoundError("reflection", reflection_id)
        self._repo.delete(reflection_id)
        return reflection

    def restore(self, reflection: Reflection) -> None:
        """Undo a delete: the reflection comes back with its text and dates unchanged."""
        self._repo.restore(reflection)

    # Helpers ---------------------------------------------------------------------------

    def _entry(self, reflection: Reflection) -> JournalEntry:
        return JournalEntry(
            reflection=reflection,
            module_title=self.module_title(reflection.module_id),
            prompt=self.prompt_text(reflection.module_id, reflection.prompt_id),
            excerpt=functools.partial(opening_words, reflection.text),
        )

    def _grouped(self, reflections: Iterable[Reflection]) -> builtins.list[JournalGroup]:
        return self._group_entries(self._entry(r) for r in reflections)

    def _group_entries(self, entries: Iterable[JournalEntry]) -> builtins.list[JournalGroup]:
        """Group entries by module in course order (unknown modules last), keeping order."""
        by_module: dict[str, builtins.list[JournalEntry]] = {}
        for entry in entries:
            by_module.setdefault(entry.module_id, []).append(entry)
        course_order = {e.id: n for n, e in enumerate(self._course.entries)}
        ordered = sorted(by_module, key=lambda m: (course_order.get(m, len(course_order)), m))
        return [JournalGroup(m, by_module[m][0].module_title, tuple(by_module[m])) for m in ordered]


class _Index:
    """One learner's journal entries in memory, newest first, with what search needs
    worked out once (grouped order, case-folded text) on first use."""

    def __init__(
        self, profile_id: str, version: tuple[int, str | None, float], entries: list[JournalEntry]
    ) -> None:
        self.profile_id = profile_id
        self.version = version
        self.seen: tuple[int, int] | None = None  # `ReflectionRepo.writes_seen` when checked
        self.entries = entries
        self._groups: list[JournalGroup] | None = None
        self._grouped: list[JournalEntry] | None = None
        self._folded: dict[str, tuple[str, str]] = {}
        self._labels: dict[tuple[str, str | None], str] = {}
        self._positions: dict[str, int] | None = None
        self._by_labels: dict[tuple[str, str | None], list[int]] | None = None
        self._blank: list[str] | None = None

    def groups(self, service: JournalService) -> list[JournalGroup]:
        if self._groups is None:
            self._groups = service._group_entries(self.entries)
        return list(self._groups)

    def grouped(self, service: JournalService) -> list[JournalEntry]:
        if self._grouped is None:
            self._grouped = [e for group in self.groups(service) for e in group.entries]
        return self._grouped

    def blank_ids(self) -> list[str]:
        if self._blank is None:
            self._blank = [e.id for e in self.entries if not e.text.strip()]
        return list(self._blank)

    def folded_text(self, entry: JournalEntry) -> tuple[str, str]:
        """The entry's text on one line, and that folded as search compares it
        (``journal_search.fold``); worked out once per entry."""
        pair = self._folded.get(entry.id)
        if pair is None:
            flat = " ".join(entry.text.split())
            pair = self._folded[entry.id] = (flat, fold(flat))
        return pair

    def positions(self, service: JournalService) -> dict[str, int]:
        """Each entry's place in the grouped order, by id."""
        if self._positions is None:
            self._positions = {e.id: n for n, e in enumerate(self.grouped(service))}
        return self._positions

    def by_labels(self, service: JournalService) -> dict[tuple[str, str | None], list[int]]:
        """Places in the grouped order of the entries on each (module, prompt)."""
        if self._by_labels is None:
            self._by_labels = {}
            for n, e in enumerate(self.grouped(service)):
                self._by_labels.setdefault((e.module_id, e.reflection.prompt_id), []).append(n)
        return self._by_labels

    def folded_labels(self, key: tuple[str, str | None], entry: JournalEntry) -> str:
        """The module title and the prompt of ``entry`` (one with this key), folded."""
        folded = self._labels.get(key)
        if folded is None:
            folded = self._labels[key] = fold(f"{entry.module_title}\n{entry.prompt or ''}")
        return folded


def _snippet_for(index: _Index, entry: JournalEntry, query: Query) -> str:
    """The words around the first match of ``query`` in the entry's text, on one line.
    The opening words if the words are not found as this module splits them (the
    index's tokenizer may split a rare character differently)."""
    flat, folded = index.folded_text(entry)
    if len(folded) == len(flat):  # nearly all text: positions match
        span = query.first_match(folded)
        if span is None:
            return opening_words(flat)
        return _snippet(flat, span[0], span[1], SNIPPET_RADIUS)
    folded, origin = fold_with_origin(flat)
    span = query.first_match(folded)
    if span is None:
        return opening_words(flat)
    return _snippet(flat, origin[span[0]], origin[span[1] - 1] + 1, SNIPPET_RADIUS)


def parse_utc(stamp: str) -> datetime:
    """A stored timestamp as an aware datetime; one that is not real never stops the page."""
    from desktop.store.timestamps import shown_utc

    return shown_utc(stamp)


def normalise_query(query: str) -> str:
    """The query as searched: runs of spaces and line breaks become one space."""
    return " ".join(query.split())


def opening_words(text: str, limit: int = OPENING_LENGTH) -> str:
    """The start of a text on one line, cut at a word with '…' if it goes on."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    cut = flat.rfind(" ", 0, limit)
    return flat[: cut if cut > limit // 2 else limit].rstrip(" ,.;:") + "…"


def snippet_around(text: str, needle: str, radius: int = SNIPPET_RADIUS) -> str | None:
    """The words around the first case-insensitive match of ``needle``, or None.

    Works on case-folded text without losing track of positions, so a match on
    'STRASSE' for 'straße' still points at the right words.
    """
    flat = " ".join(text.split())
    folded_needle = needle.casefold()
    if not folded_needle:
        return None
    folded_flat = flat.casefold()
    if len(folded_flat) == len(flat):
        # Folding kept every character one character (nearly all text): positions match.
        found = folded_flat.find(folded_needle)
        if found < 0:
            return None
        return _snippet(flat, found, found + len(folded_needle), radius)
    folded_parts: builtins.list[str] = []
    origin: builtins.list[int] = []  # for each folded character, its index in flat
    for index, char in enumerate(flat):
        folded = char.casefold()
        folded_parts.append(folded)
        origin.extend([index] * len(folded))
    found = "".join(folded_parts).find(folded_needle)
    if found < 0:
        return None
    start, end = origin[found], origin[found + len(folded_needle) - 1] + 1
    return _snippet(flat, start, end, radius)


def _snippet(flat: str, start: int, end: int, radius: int) -> str:
    """The words of FLAT around [START, END), widened to whole words, with '…' marks."""
    left = max(0, start - radius)
    right = min(len(flat), end + radius)
    # Widen to whole words so a snippet never starts or ends mid-word.
    if left > 0:
        space = flat.rfind(" ", 0, left)
        left = space + 1 if space >= 0 else 0
    if right < len(flat):
        space = flat.find(" ", right)
        right = space if space >= 0 else len(flat)
    return ("…" if left > 0 else "") + flat[left:right] + ("…" if right < len(flat) else "")


def create(ctx: ServiceContext) -> JournalService:
    """Build the service from the shared start-up context."""
    return JournalService(ctx.course, ReflectionRepo(ctx.db, ctx.clock))
