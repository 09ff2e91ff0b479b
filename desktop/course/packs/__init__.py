"""Content packs: an organisation's own modules, shipped as one checked, optionally signed file.

``manifest`` reads pack.yaml; ``folder`` checks a pack folder (the course's structural
rules, its length rules as warnings, and no raw HTML, scripts or remote content);
``archive`` builds a ``.prismpack`` and reads one back refusing anything hostile before
a byte is written; ``signing`` signs and verifies with Ed25519 against the data
folder's trusted publishers; ``installed`` installs, lists and removes packs in the
data folder, and adds them to the course wherever the course is loaded.
"""

from __future__ import annotations

from pathlib import Path

from desktop.course.model import Course, Problem


def load_installed_packs(
    course: Course, problems: tuple[Problem, ...], data_dir: Path | None
) -> tuple[Course, tuple[Problem, ...]]:
    """The course with the data folder's content packs; untouched when there are none.

    Every place that loads the course for a data folder (the window, the CPD and profile
    commands, `prism pack list`) goes through here, so packs appear in reading, search,
    CPD drafts and certificates alike. The pack code (zip, hashing, signatures) is
    imported only when a packs folder exists, so a launch without packs pays one
    directory check.
    """
    if data_dir is None or not (data_dir / "packs").is_dir():
        return course, problems
    from desktop.course.packs.installed import with_packs

    return with_packs(course, problems, data_dir)
