"""Fill a data folder with a believable learner, for README screenshots and demos.

    python scripts/demo_data.py DATA_DIR

Everything goes through Prism's own services over the shipped course: one module read
with its quiz failed then passed, the next module part-read, active study time, a
reflection, two capability self-ratings and a CPD record drafted from the finished
module. It refuses a folder that already holds a database, so it never mixes with real
data.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.services.startup import start_services

ROOT = Path(__file__).resolve().parent.parent


def main(data_dir: Path) -> int:
    if (data_dir / "prism.db").exists():
        print(f"{data_dir} already holds a Prism database; choose an empty folder.")
        return 1
    services = start_services(ROOT / "content", ROOT / "assets", data_dir)
    try:
        fill(services)
    finally:
        services.close()
    print(f"Demo learner written to {data_dir}")
    return 0


def fill(services) -> None:
    profile = services.profiles.create("Sam Okafor")
    first, second = services.course.modules[0], services.course.modules[1]
    start = datetime.now(UTC) - timedelta(hours=2)
    for step in range(70):  # 35 minutes of active reading, an input every 30 s
        services.study_time.activity(
            profile.id, first.id, "", at=start + timedelta(seconds=30 * step)
        )
    services.study_time.flush()
    services.reading.opened(profile.id, first.id)
    services.reading.mark_read(profile.id, first.id)
    session = services.quizzes.start_or_resume(profile.id, first.id)
    for index, question in enumerate(session.questions):
        right = sorted(question.correct_indexes)
        wrong = [i for i, o in enumerate(question.options) if not o.correct][:1]
        services.quizzes.answer(session, question.id, wrong if index % 3 == 0 else right)
    services.quizzes.finish(session)
    session = services.quizzes.start_new(profile.id, first.id)
    for question in session.questions:
        services.quizzes.answer(session, question.id, sorted(question.correct_indexes))
    services.quizzes.finish(session)
    prompt = first.reflection_prompts[0].id if first.reflection_prompts else None
    reflection = services.journal.start(profile.id, first.id, prompt)
    services.journal.save(
        reflection.id,
        "I had not thought of my late-evening replies as part of my professional identity. "
        "From next week I will tell families when I reply, and keep to it.",
    )
    ids = [c.id for c in services.capabilities.capabilities()]
    services.capabilities.rate(profile.id, {c: (2 + i % 2, "") for i, c in enumerate(ids)})
    services.capabilities.rate(profile.id, {c: (3 + i % 3 // 2, "") for i, c in enumerate(ids)})
    services.reading.opened(profile.id, second.id)
    services.reading.save_position(profile.id, second.id, None, 0.35)
    draft = services.cpd.draft_from_modules(profile.id, [first.id], include_reflections=True)
    services.cpd.save(draft)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """The command line: one data folder (``--help`` is help, never a folder name)."""
    parser = argparse.ArgumentParser(
        prog="python scripts/demo_data.py",
        description="Fill a new data folder with a believable demo learner, for screenshots "
        "and demos. Refuses a folder that already holds a Prism database.",
    )
    parser.add_argument(
        "data_dir", type=Path, metavar="DATA_DIR", help="the data folder to create and fill"
    )
    return parser.parse_args(argv)


if __name__ == "__main__":
    sys.exit(main(parse_args().data_dir))
