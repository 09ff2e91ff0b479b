"""Write a small, valid course to a folder, so tests can break one thing at a time."""

from __future__ import annotations

from pathlib import Path

import yaml

FILLER = (
    "Practitioners keep the same values online and offline and think about who can see "
    "what they share before they post anything at all. "
)
SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50">'
    '<rect width="100" height="50"/></svg>'
)


def module_md(module_id: str, title: str, *, words: int = 900, extra: str = "") -> str:
    front = {
        "id": module_id,
        "title": title,
        "summary": f"What {title} means for practice.",
        "minutes": 30,
        "outcomes": ["explain the idea", "apply it to a case", "reflect on your own practice"],
        "standards": ["2.5", "4.6"],
        "sources": [{"document": "000.txt", "section": "Some section"}],
        "reflection_prompts": [
            {"id": "learned", "prompt": "What did you learn?"},
            {"id": "change", "prompt": "What will you do differently?"},
        ],
    }
    sentence_words = len(FILLER.split())
    body_sections = []
    for n in range(1, 4):
        body_sections.append(f"## Section {n}\n\n" + FILLER * (words // sentence_words // 3) + "\n")
    body = (
        "Opening paragraph about [online proximity](glossary:online-proximity).\n\n"
        + "\n".join(body_sections)
        + '\n!!! key "Key points"\n    - Think before you post.\n\n'
        + '!!! example "Practice example: a late message"\n'
        + "    A worker replies the next morning.\n\n"
        + "![A diagram](figure:fig.svg)\n"
        + extra
    )
    return "---\n" + yaml.safe_dump(front, sort_keys=False) + "---\n\n" + body


def quiz(prefix: str) -> dict:
    questions = []
    kinds = ["single", "multiple", "true_false"]
    for n in range(1, 11):
        kind = kinds[n % 3]
        if kind == "true_false":
            options = [
                {"text": "True", "correct": True, "feedback": "Right, because the module says so."},
                {
                    "text": "False",
                    "correct": False,
                    "feedback": "Not so: the module says otherwise.",
                },
            ]
        else:
            options = [
                {"text": "Right answer", "correct": True, "feedback": "This is right because..."},
                {
                    "text": "Also right" if kind == "multiple" else "Wrong answer",
                    "correct": kind == "multiple",
                    "feedback": "Because...",
                },
                {"text": "Wrong answer", "correct": False, "feedback": "This is wrong because..."},
            ]
        questions.append(
            {
                "id": f"{prefix}-{n}",
                "type": kind,
                "scenario": n <= 3,
                "prompt": f"Question {n}?",
                "source": {"document": "000.txt", "section": "Some section"},
                "options": options,
            }
        )
    return {"pass_mark": 80, "questions": questions}


def scenario(scenario_id: str) -> dict:
    def choice(text: str, nxt: str, recommended: bool = False) -> dict:
        return {
            "text": text,
            "next": nxt,
            "feedback": f"Feedback on {text}.",
            "recommended": recommended,
        }

    return {
        "id": scenario_id,
        "title": "A message at 22:00",
        "summary": "A parent messages late at night.",
        "standards": ["2.3"],
        "start": "one",
        "nodes": [
            {
                "id": "one",
                "text": "First decision.",
                "choices": [choice("Wait", "two", True), choice("Reply now", "poor-end")],
            },
            {
                "id": "two",
                "text": "Second decision.",
                "choices": [choice("Check policy", "three", True), choice("Ignore", "poor-end")],
            },
            {
                "id": "three",
                "text": "Third decision.",
                "choices": [
                    choice("Reply at work", "good-end", True),
                    choice("Use own phone", "mixed-end"),
                ],
            },
            {"id": "good-end", "ending": "good", "text": "It went well."},
            {"id": "mixed-end", "ending": "mixed", "text": "It went partly well."},
            {"id": "poor-end", "ending": "poor", "text": "It went badly."},
        ],
        "debrief": "The recommended path keeps boundaries clear.",
    }


def write_course(root: Path, module_ids: tuple[str, ...] = ("alpha", "beta")) -> Path:
    """Write content/ and assets/ under root; return the content folder."""
    content = root / "content"
    figures = root / "assets" / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    (figures / "fig.svg").write_text(SVG, encoding="utf-8")
    content.mkdir(parents=True, exist_ok=True)

    def dump(path: Path, data: dict) -> None:
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    dump(
        content / "course.yaml",
        {
            "title": "Test course",
            "content_version": "t1",
            "last_reviewed": "2026-11-21",
            "modules": list(module_ids),
        },
    )
    (content / "course.yaml").write_text(
        (content / "course.yaml").read_text().replace("'2026-11-21'", "2026-11-21"),
        encoding="utf-8",
    )
    dump(
        content / "standards.yaml",
        {
            "groups": [
                {
                    "number": "2",
                    "heading": "Trust",
                    "standards": [
                        {"number": "2.3", "text": "Keep relationships professional."},
                        {"number": "2.5", "text": "Listen and communicate well."},
                    ],
                },
                {
                    "number": "4",
                    "heading": "CPD",
                    "standards": [{"number": "4.6", "text": "Show impact."}],
                },
                {
                    "number": "5",
                    "heading": "Integrity",
                    "standards": [{"number": "5.5", "confirmed": False}],
                },
            ]
        },
    )
    dump(
        content / "glossary.yaml",
        {
            "terms": [
                {
                    "id": "online-proximity",
                    "term": "Online proximity",
                    "definition": "Feeling close online.",
                }
            ]
        },
    )
    (content / "about.md").write_text("# About\n\nA test course.\n", encoding="utf-8")
    for n, module_id in enumerate(module_ids):
        folder = content / module_id
        folder.mkdir(exist_ok=True)
        (folder / "module.md").write_text(
            module_md(module_id, f"Module {module_id.title()}"), encoding="utf-8"
        )
        dump(folder / "quiz.yaml", quiz(module_id[:2] + str(n)))
        dump(folder / "scenario.yaml", scenario(f"{module_id}-case"))
    return content
