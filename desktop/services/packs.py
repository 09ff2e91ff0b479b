"""Content packs for the window: what is installed, install or update one, remove one.

The course a running Prism shows was loaded at start-up, so a pack installed or
removed here takes effect when Prism next opens (the window offers to restart);
``installed`` always reads the data folder afresh so the list is current at once.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from desktop.course.model import Course, PackInfo
from desktop.services.context import ServiceContext


def built_in_course(course: Course) -> Course:
    """The course without any pack's modules (a replaced built-in module counts as built in)."""
    if not course.packs:
        return course
    own = tuple(e for e in course.entries if course.pack_of(e.id) is None)
    return dataclasses.replace(course, entries=own, packs=())


@dataclass
class PackService:
    course: Course
    data_dir: Path
    changed_since_start: bool = False

    def installed(self) -> tuple[PackInfo, ...]:
        from desktop.course.packs import load_installed_packs

        course, _ = load_installed_packs(built_in_course(self.course), (), self.data_dir)
        return course.packs

    def install(self, file: Path, *, force: bool = False):
        """Install or update from ``file``; PackError (nothing written) when refused."""
        from desktop.course.packs.installed import install_pack

        result = install_pack(file, self.data_dir, built_in_course(self.course), force=force)
        self.changed_since_start = True
        return result

    def remove(self, pack_id: str) -> str:
        from desktop.course.packs.installed import remove_pack

        removed = remove_pack(self.data_dir, pack_id)
        self.changed_since_start = True
        return removed.title


def create(ctx: ServiceContext) -> PackService:
    return PackService(ctx.course, ctx.data_dir)
