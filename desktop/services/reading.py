"""Reading the course: rendered pages, module progress, and where to resume."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop.course.model import Course, Module, UnavailableModule
from desktop.course.outline import SectionIndex
from desktop.store.events import EventLog
from desktop.store.progress import Position, ProgressRepo
from desktop.store.quiz import QuizRepo
from desktop.store.scenarios import ScenarioRepo

if TYPE_CHECKING:
    from pathlib import Path

    from desktop.course.render import RenderedPage


@dataclass(frozen=True)
class ModuleStatus:
    module_id: str
    title: str
    summary: str
    minutes: int
    available: bool
    reason: str = ""
    started: bool = False
    read: bool = False
    quiz_passed: bool = False
    scenario_done: bool = False
    best_score: float | None = None
    quiz_attempts: int = 0

    @property
    def quiz_summary(self) -> str:
        """'best quiz score 90% (2 attempts)', or '' before any finished attempt."""
        if self.best_score is None:
            return ""
        tries = f"{self.quiz_attempts} attempt{'s' if self.quiz_attempts != 1 else ''}"
        return f"best quiz score {round(self.best_score)}% ({tries})"

    @property
    def state(self) -> str:
        """One plain phrase for the module list."""
        if not self.started:
            return "Not started"
        parts = ["Read" if self.read else "Reading"]
        if self.quiz_passed:
            parts.append("quiz passed")
        if self.scenario_done:
            parts.append("scenario done")
        return ", ".join(parts)


@dataclass(frozen=True)
class ResumePoint:
    module_id: str
    module_title: str
    anchor: str | None
    scroll: float
    section_title: str | None


class ReadingService:
    def __init__(
        self,
        course: Course,
        progress: ProgressRepo,
        events: EventLog,
        quizzes: QuizRepo,
        scenarios: ScenarioRepo,
        sections: SectionIndex | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        """``cache_dir``: where rendered pages are kept between launches (none: not kept)."""
        self.course = course
        self._cache_dir = cache_dir
        self._sections = sections if sections is not None else SectionIndex()
        self._progress = progress
        self._events = events
        self._quizzes = quizzes
        self._scenarios = scenarios
        self._pages: dict[str, RenderedPage] = {}

    def page(self, module_id: str) -> RenderedPage:
        """The module rendered to HTML: rendered once, then kept for this run and,
        with a cache folder, for the launches after it."""
        if module_id not in self._pages:
            module = self._module(module_id)
            self._pages[module_id] = self._saved_page(module) or self._render(module)
        return self._pages[module_id]

    def _saved_page(self, module: Module) -> RenderedPage | None:
        if self._cache_dir is None:
            return None
        from desktop.course import page_cache

        return page_cache.read(self._cache_dir, module)

    def _render(self, module: Module) -> RenderedPage:
        from desktop.course.render import render_markdown  # not needed to reach home

        page = render_markdown(module.body)
        if self._cache_dir is not None:
            from desktop.course import page_cache

            page_cache.write(self._cache_dir, module, page)
        return page

    def _module(self, module_id: str) -> Module:
        module = self.course.module(module_id)
        if module is None:
            raise KeyError(f"module '{module_id}' is not available")
        return module

    def statuses(self, profile_id: str) -> list[ModuleStatus]:
        read = self._progress.read_modules(profile_id)
        passed = self._quizzes.modules_passed(profile_id)
        scores = self._quizzes.best_scores(profile_id)
        scenarios_done = self._scenarios.completed_scenarios(profile_id)
        out = []
        for entry in self.course.entries:
            if isinstance(entry, UnavailableModule):
                out.append(ModuleStatus(entry.id, entry.title, "", 0, False, entry.reason))
                continue
            quiz_passed = entry.id in passed
            scenario_done = entry.scenario is not None and entry.scenario.id in scenarios_done
            opened = self._progress.position(profile_id, entry.id) is not None
            out.append(
                ModuleStatus(
                    entry.id,
                    entry.title,
                    entry.summary,
                    entry.minutes,
                    True,
                    started=opened or entry.id in read or quiz_passed or scenario_done,
                    read=entry.id in read,
                    quiz_passed=quiz_passed,
                    scenario_done=scenario_done,
                    best_score=scores.get(entry.id, (None, 0))[0],
                    quiz_attempts=scores.get(entry.id, (None, 0))[1],
                )
            )
        return out

    def resume(self, profile_id: str) -> ResumePoint | None:
        """Where the learner was last reading, if that module still exists."""
        last = self._progress.last_position(profile_id)
        if last is None:
            return None
        module = self.course.module(last.module_id)
        if module is None:
            return None
        return ResumePoint(
            module.id,
            module.title,
            last.anchor,
            last.scroll,
            self.section_title(module.id, last.anchor),
        )

    def section_title(self, module_id: str, anchor: str | None) -> str | None:
        """The title of the section ``anchor`` names in a module.

        Served from the section index (cached between launches), so naming where a
        learner stopped never renders the module on the way to the home page.
        """
        module = self.course.module(module_id)
        if not anchor or module is None:
            return None
        return self._sections.section_title(module, anchor)

    def position(self, profile_id: str, module_id: str) -> Position | None:
        return self._progress.position(profile_id, module_id)

    def save_position(
        self, profile_id: str, module_id: str, anchor: str | None, scroll: float
    ) -> None:
        self._progress.save_position(profile_id, module_id, anchor, min(1.0, max(0.0, scroll)))

    def mark_read(self, profile_id: str, module_id: str) -> None:
        self._progress.mark_read(profile_id, module_id, self._module(module_id).content_hash)

    def opened(self, profile_id: str, module_id: str) -> None:
        self._events.append(
            profile_id,
            "opened",
            f"module:{module_id}",
            content_version=self._module(module_id).content_hash,
        )

    def about_html(self) -> str:
        from html import escape  # with html.entities, ~1 ms the launch does not need

        from desktop.course.render import render_markdown

        page = render_markdown(self.course.about)
        reviewed = (
            self.course.last_reviewed.strftime("%-d %B %Y")
            if self.course.last_reviewed
            else "unknown"
        )
        footer = (
            f"<p><i>Content version {escape(self.course.content_version)}, "
            f"last reviewed {escape(reviewed)}.</i></p>"
        )
        return page.html + footer

    def glossary_html(self) -> str:
        """The glossary as one page; each term has an anchor so links can land on it."""
        from html import escape

        parts = ["<p>Plain definitions of the terms the course uses.</p>"]
        for term in sorted(self.course.glossary, key=lambda t: t.term.casefold()):
            module = self.course.module(term.module) if term.module else None
            see = (
                f' <a href="module:{module.id}">Read more in “{escape(module.title)}”</a>'
                if module
                else ""
            )
            parts.append(
                f'<h3><a name="{escape(term.id)}"></a>{escape(term.term)}</h3>'
                f"<p>{escape(term.definition)}{see}</p>"
            )
        return "\n".join(parts)
