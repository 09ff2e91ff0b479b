"""What every service is built from: the course, the open database and the folders.

Start-up builds one context and hands it to each service module's ``create`` function,
so adding a service never means threading new arguments through the composition root.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from desktop.course.model import Course
from desktop.course.outline import SectionIndex
from desktop.store.clock import Clock, system_clock

if TYPE_CHECKING:
    from desktop.store.connection import Database


@dataclass(frozen=True)
class ServiceContext:
    course: Course
    db: Database
    data_dir: Path
    assets: Path
    clock: Clock = system_clock
    # Each module's sections, shared by search and the home page (cached between launches).
    sections: SectionIndex = field(default_factory=SectionIndex)
