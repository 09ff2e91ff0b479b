"""Read content/ into a Course, checking every rule a program can check.

This is the one validator: the app calls it at start-up and `prism content check`
prints its problems. A module with any problem is listed as unavailable (with the
reasons) so one broken file never takes the rest of the course down.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop.course.fields import ID_PATTERN, FieldReader
from desktop.course.model import (
    Capability,
    Course,
    GlossaryTerm,
    Module,
    Problem,
    ReflectionPrompt,
    Standard,
    UnavailableModule,
)
from desktop.course.render import BOX_KINDS, collect_links, count_words
from desktop.course.yaml_lines import LineDict, YamlProblem, parse_yaml, read_text_limited
from desktop.domain.quiz import Option, Question, QuestionType, Quiz, SourceRef
from desktop.domain.scenario import Choice, Ending, Node, Scenario, graph_problems

WORDS_MIN, WORDS_MAX = 800, 1800
QUESTIONS_MIN = 10
SCENARIO_QUESTIONS_MIN = 3
FIGURE_SUFFIXES = (".svg", ".png")


class CourseError(Exception):
    """The course as a whole cannot be read (course.yaml missing or broken)."""


@dataclass(frozen=True)
class CourseLoad:
    course: Course
    problems: tuple[Problem, ...]


def check_content(root: Path, assets: Path | None = None) -> list[Problem]:
    """Every problem in a content folder, in file order (empty when all is well)."""
    try:
        return list(load_course(root, assets).problems)
    except CourseError as error:
        return [Problem(root / "course.yaml", 1, str(error))]


def default_assets_for(root: Path) -> Path:
    return root.parent / "assets"


def load_course(
    root: Path, assets: Path | None = None, *, authoring_checks: bool = True
) -> CourseLoad:
    """Load and validate the course under `root`; figures are looked up in `assets`.

    ``authoring_checks=False`` skips the one rule that matters only to authors and
    costs real time: the reading's word count, which renders every module's Markdown.
    The app passes it at start-up, where the count would delay the first window without
    changing whether a module can be shown; `prism content check` and CI always count.
    """
    root = root.resolve()
    assets = (assets or default_assets_for(root)).resolve()
    problems: list[Problem] = []
    course_file = root / "course.yaml"
    if not root.is_dir():
        raise CourseError(f"the content folder {root} does not exist")
    if not course_file.is_file():
        raise CourseError(f"{course_file} is missing: it lists the modules in order")
    try:
        data = parse_yaml(read_text_limited(course_file))
    except YamlProblem as error:
        raise CourseError(f"course.yaml line {error.line}: {error}") from None
    reader = FieldReader(course_file, problems)
    if not isinstance(data, LineDict):
        raise CourseError("course.yaml must be a mapping with title, content_version and modules")
    title = reader.text(data, "title") or "Prism course"
    version = reader.text(data, "content_version") or "unknown"
    reviewed = data.get("last_reviewed")
    if not isinstance(reviewed, date):
        reader.problem(
            data.line_of("last_reviewed"), "'last_reviewed' must be a date like 2026-11-21"
        )
        reviewed = None
    module_ids = module_ids_field(reader, data)

    standards = _load_standards(root / "standards.yaml", problems)
    glossary = _load_glossary(root / "glossary.yaml", problems, set(module_ids))
    about_path = root / "about.md"
    about = about_path.read_text(encoding="utf-8") if about_path.is_file() else ""
    if not about:
        problems.append(Problem(about_path, 1, "about.md is missing: the About page needs it"))

    links = _LinkTargets(
        glossary={t.id for t in glossary},
        modules=set(module_ids),
        figures=assets / "figures",
        standards={s.number for s in standards},
    )
    entries: list[Module | UnavailableModule] = []
    capabilities: tuple[Capability, ...] = ()
    scale: dict[int, str] = {}
    scenario_ids: dict[str, str] = {}
    for module_id in module_ids:
        module_problems: list[Problem] = []
        entry = _load_module(root / module_id, module_id, links, module_problems, authoring_checks)
        if isinstance(entry, Module) and entry.scenario is not None:
            other = scenario_ids.setdefault(entry.scenario.id, module_id)
            if other != module_id:
                module_problems.append(
                    Problem(
                        root / module_id / "scenario.yaml",
                        1,
                        f"scenario id '{entry.scenario.id}' is already used by module '{other}'",
                    )
                )
        caps_file = root / module_id / "capabilities.yaml"
        if caps_file.is_file():
            capabilities, scale = _load_capabilities(caps_file, module_problems)
        if module_problems:
            title_guess = entry.title if isinstance(entry, Module) else module_id
            entries.append(UnavailableModule(module_id, title_guess, tuple(module_problems)))
            problems.extend(module_problems)
        else:
            entries.append(entry)  # type: ignore[arg-type]
    for folder in sorted(p for p in root.iterdir() if p.is_dir() and (p / "module.md").exists()):
        if folder.name not in module_ids:
            problems.append(
                Problem(course_file, 1, f"folder '{folder.name}' is not listed in 'modules'")
            )

    course = Course(
        title=title,
        content_version=version,
        last_reviewed=reviewed,
        root=root,
        entries=tuple(entries),
        glossary=glossary,
        standards=standards,
        capabilities=capabilities,
        capability_scale=scale,
        about=about,
    )
    return CourseLoad(course, tuple(problems))


def module_ids_field(reader: FieldReader, data: LineDict) -> list[str]:
    """The 'modules' list of course.yaml or pack.yaml: valid, distinct ids in order."""
    ids: list[str] = []
    for value in reader.items(data, "modules", low=1):
        if not isinstance(value, str) or not ID_PATTERN.match(value):
            reader.problem(
                data.line_of("modules"),
                f"module id {value!r} must be lower-case words joined by hyphens",
            )
        elif value in ids:
            reader.problem(data.line_of("modules"), f"module '{value}' is listed twice")
        else:
            ids.append(value)
    return ids


@dataclass(frozen=True)
class _LinkTargets:
    glossary: set[str]
    modules: set[str]
    figures: Path
    standards: set[str]


def _read_yaml_file(path: Path, problems: list[Problem]) -> Any:
    try:
        return parse_yaml(read_text_limited(path))
    except YamlProblem as error:
        problems.append(Problem(path, error.line, str(error)))
    except OSError as error:
        problems.append(Problem(path, 1, f"cannot be read: {error.strerror}"))
    return None


def _load_standards(path: Path, problems: list[Problem]) -> tuple[Standard, ...]:
    if not path.is_file():
        problems.append(Problem(path, 1, "standards.yaml is missing: modules are tagged from it"))
        return ()
    data = _read_yaml_file(path, problems)
    reader = FieldReader(path, problems)
    if data is None or reader.mapping(data, 1, "standards.yaml") is None:
        return ()
    standards: list[Standard] = []
    for group in reader.items(data, "groups", low=1):
        group = reader.mapping(group, data.line_of("groups"), "each group")
        if group is None:
            continue
        number, heading = reader.text(group, "number"), reader.text(group, "heading")
        for item in reader.items(group, "standards", low=1):
            item = reader.mapping(item, group.line, "each standard")
            if item is None:
                continue
            confirmed = reader.flag(item, "confirmed", default=True)
            text = reader.text(item, "text", required=confirmed)
            code = reader.text(item, "number")
            if code and number and heading:
                standards.append(Standard(code, number, heading, text if confirmed else None))
    seen: set[str] = set()
    for s in standards:
        if s.number in seen:
            problems.append(Problem(path, 1, f"standard {s.number} appears twice"))
        seen.add(s.number)
    return tuple(standards)


def _load_glossary(
    path: Path, problems: list[Problem], module_ids: set[str]
) -> tuple[GlossaryTerm, ...]:
    if not path.is_file():
        problems.append(Problem(path, 1, "glossary.yaml is missing: module text links to it"))
        return ()
    data = _read_yaml_file(path, problems)
    reader = FieldReader(path, problems)
    if data is None or reader.mapping(data, 1, "glossary.yaml") is None:
        return ()
    terms: list[GlossaryTerm] = []
    seen: set[str] = set()
    for item in reader.items(data, "terms", low=1):
        item = reader.mapping(item, data.line_of("terms"), "each term")
        if item is None:
            continue
        term_id, term, definition = (
            reader.ident(item),
            reader.text(item, "term"),
            reader.text(item, "definition"),
        )
        module = reader.text(item, "module", required=False)
        if module and module not in module_ids:
            reader.problem(
                item.line_of("module"),
                f"term '{term_id}' names module '{module}', which is not in the course",
            )
            module = None
        if term_id in seen:
            reader.problem(item.line, f"glossary id '{term_id}' is used twice")
            continue
        if term_id and term and definition:
            seen.add(term_id)
            terms.append(GlossaryTerm(term_id, term, definition, module))
    return tuple(terms)


def _load_capabilities(
    path: Path, problems: list[Problem]
) -> tuple[tuple[Capability, ...], dict[int, str]]:
    data = _read_yaml_file(path, problems)
    reader = FieldReader(path, problems)
    if data is None or reader.mapping(data, 1, "capabilities.yaml") is None:
        return (), {}
    scale_data = reader.mapping(data.get("scale"), data.line_of("scale"), "'scale'") or {}
    scale = {k: str(v) for k, v in scale_data.items() if isinstance(k, int) and 1 <= k <= 5}
    if sorted(scale) != [1, 2, 3, 4, 5]:
        reader.problem(data.line_of("scale"), "'scale' needs a label for each of 1, 2, 3, 4 and 5")
    caps: list[Capability] = []
    for item in reader.items(data, "capabilities", low=14, high=14):
        item = reader.mapping(item, data.line_of("capabilities"), "each capability")
        if item is None:
            continue
        cap_id, title, desc = (
            reader.ident(item),
            reader.text(item, "title"),
            reader.text(item, "description"),
        )
        if cap_id and title and desc:
            caps.append(Capability(cap_id, title, desc))
    if len({c.id for c in caps}) != len(caps):
        reader.problem(data.line_of("capabilities"), "capability ids must be unique")
    return tuple(caps), scale


def _hash_files(paths: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def split_front_matter(text: str) -> tuple[str, str, int]:
    """Split module.md into (front matter YAML, Markdown body, line where the body starts)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise YamlProblem("module.md must start with a '---' line opening the front matter", 1)
    for i, line in enumerate(lines[1:], start=1):
        if line.strip() == "---":
            return "".join(lines[1:i]), "".join(lines[i + 1 :]), i + 2
    raise YamlProblem("the front matter is never closed: add a '---' line after it", 1)


def _load_module(
    folder: Path,
    module_id: str,
    links: _LinkTargets,
    problems: list[Problem],
    authoring_checks: bool = True,
    warnings: list[Problem] | None = None,
) -> Module | None:
    """One module folder; with ``warnings`` (packs) the length rules land there instead."""
    md_path = folder / "module.md"
    if not md_path.is_file():
        problems.append(
            Problem(
                md_path, 1, f"module '{module_id}' has no module.md (is the folder named right?)"
            )
        )
        return None
    try:
        front_text, body, body_line = split_front_matter(read_text_limited(md_path))
        front = parse_yaml(front_text, line_offset=1)
    except YamlProblem as error:
        problems.append(Problem(md_path, error.line, str(error)))
        return None
    reader = FieldReader(md_path, problems)
    if reader.mapping(front, 1, "the front matter") is None:
        return None
    found_id = reader.ident(front)
    if found_id and found_id != module_id:
        reader.problem(
            front.line_of("id"), f"id '{found_id}' must match its folder name '{module_id}'"
        )
    title = reader.text(front, "title") or module_id
    summary = reader.text(front, "summary") or ""
    minutes = reader.integer(front, "minutes", 5, 120) or 0
    outcomes = reader.texts(front, "outcomes", low=3, high=5)
    standards = _standards_field(reader, front, links.standards)
    sources = _sources(reader, front, "sources", low=1)
    prompts = _prompts(reader, front)
    _check_body(reader, body, body_line, links, word_count=authoring_checks, warnings=warnings)

    quiz = _load_quiz(folder / "quiz.yaml", module_id, problems, warnings)
    scenario = None
    if (folder / "scenario.yaml").is_file():
        scenario = _load_scenario(folder / "scenario.yaml", module_id, links.standards, problems)
    content_hash = _hash_files([md_path, folder / "quiz.yaml", folder / "scenario.yaml"])
    return Module(
        id=module_id,
        title=title,
        summary=summary,
        minutes=minutes,
        outcomes=outcomes,
        standards=standards,
        sources=sources,
        reflection_prompts=prompts,
        body=body,
        content_hash=content_hash,
        folder=folder,
        quiz=quiz,
        scenario=scenario,
    )


def _standards_field(reader: FieldReader, data: LineDict, known: set[str]) -> tuple[str, ...]:
    numbers = []
    for value in reader.items(data, "standards", low=1):
        number = str(value).strip() if isinstance(value, str | int | float) else ""
        if known and number not in known:
            reader.problem(
                data.line_of("standards"), f"standard '{number}' is not in standards.yaml"
            )
        else:
            numbers.append(number)
    return tuple(numbers)


def _sources(reader: FieldReader, data: LineDict, key: str, low: int) -> tuple[SourceRef, ...]:
    refs = []
    for item in reader.items(data, key, low=low):
        item = reader.mapping(item, data.line_of(key), f"each entry of '{key}'")
        if item is not None:
            document, section = reader.text(item, "document"), reader.text(item, "section")
            if document and section:
                refs.append(SourceRef(document, section))
    return tuple(refs)


def _source(reader: FieldReader, data: LineDict) -> SourceRef | None:
    item = reader.mapping(
        data.get("source"), data.line_of("source"), "'source' (document and section)"
    )
    if item is None:
        return None
    document, section = reader.text(item, "document"), reader.text(item, "section")
    return SourceRef(document, section) if document and section else None


def _prompts(reader: FieldReader, data: LineDict) -> tuple[ReflectionPrompt, ...]:
    prompts, seen = [], set()
    for item in reader.items(data, "reflection_prompts", low=2, high=3):
        item = reader.mapping(item, data.line_of("reflection_prompts"), "each reflection prompt")
        if item is None:
            continue
        prompt_id, text = reader.ident(item), reader.text(item, "prompt")
        if prompt_id in seen:
            reader.problem(item.line, f"reflection prompt id '{prompt_id}' is used twice")
        elif prompt_id and text:
            seen.add(prompt_id)
            prompts.append(ReflectionPrompt(prompt_id, text))
    return tuple(prompts)


def _check_body(
    reader: FieldReader,
    body: str,
    first_line: int,
    links: _LinkTargets,
    *,
    word_count: bool = True,
    warnings: list[Problem] | None = None,
) -> None:
    words = count_words(body) if word_count else None
    if words is not None and not WORDS_MIN <= words <= WORDS_MAX:
        _length_rule(
            reader,
            warnings,
            first_line,
            f"the reading has {words} words; it must have {WORDS_MIN}-{WORDS_MAX}",
        )
    boxes = {
        line.split()[1]
        for line in body.splitlines()
        if line.startswith("!!! ") and len(line.split()) > 1
    }
    for needed in ("key", "example"):
        if needed not in boxes:
            reader.problem(first_line, f"the reading needs a '!!! {needed}' box")
    for kind in boxes - set(BOX_KINDS):
        reader.problem(
            first_line, f"box kind '{kind}' is unknown; use one of {', '.join(BOX_KINDS)}"
        )
    for offset, line in enumerate(body.splitlines()):
        if line.startswith("# "):
            reader.problem(
                first_line + offset, "no level-1 heading in the reading: the app shows the title"
            )
    for line, url, is_image in collect_links(body):
        _check_link(reader, first_line + line - 1, url, is_image, links)


def _check_link(
    reader: FieldReader, line: int, url: str, is_image: bool, links: _LinkTargets
) -> None:
    scheme, _, target = url.partition(":")
    if is_image:
        name = target
        if (
            scheme != "figure"
            or "/" in name
            or "\\" in name
            or ".." in name
            or not name.endswith(FIGURE_SUFFIXES)
        ):
            reader.problem(
                line, f"image '{url}' must be figure:NAME.svg (a file in assets/figures)"
            )
        elif not (links.figures / name).is_file():
            reader.problem(line, f"figure '{name}' is not in {links.figures}")
        elif (links.figures / name).resolve().parent != links.figures.resolve():
            reader.problem(
                line, f"figure '{name}' links to a file outside {links.figures}; copy it in instead"
            )
        return
    if url.startswith("#"):
        return
    if scheme == "glossary":
        if target not in links.glossary:
            reader.problem(line, f"glossary term '{target}' is not in glossary.yaml")
    elif scheme == "module":
        if target.split("#")[0] not in links.modules:
            reader.problem(line, f"module '{target}' is not in the course")
    elif scheme != "https":
        reader.problem(
            line,
            f"link '{url}' uses a scheme the reader refuses; use glossary:, module:, # or https:",
        )


def _length_rule(
    reader: FieldReader, warnings: list[Problem] | None, line: int, message: str
) -> None:
    """A course length rule: a problem for the course, a warning for a pack."""
    if warnings is None:
        reader.problem(line, message)
    else:
        warnings.append(Problem(reader.path, line, message))


def _load_quiz(
    path: Path, module_id: str, problems: list[Problem], warnings: list[Problem] | None = None
) -> Quiz | None:
    if not path.is_file():
        problems.append(Problem(path, 1, "quiz.yaml is missing: every module has a quiz"))
        return None
    before_read = len(problems)
    data = _read_yaml_file(path, problems)
    reader = FieldReader(path, problems)
    # An empty file reads as None: that is a broken quiz, not a missing one.
    if len(problems) > before_read or reader.mapping(data, 1, "quiz.yaml") is None:
        return None
    before = len(problems)
    pass_mark = reader.integer(data, "pass_mark", 1, 100) or 80
    questions: list[Question] = []
    ids: set[str] = set()
    items = reader.items(data, "questions", low=QUESTIONS_MIN if warnings is None else 1)
    if warnings is not None and 0 < len(items) < QUESTIONS_MIN:
        _length_rule(
            reader,
            warnings,
            data.line_of("questions"),
            f"'questions' has {len(items)} entries; the course's quizzes have at least "
            f"{QUESTIONS_MIN}",
        )
    for item in items:
        item = reader.mapping(item, data.line_of("questions"), "each question")
        question = _question(reader, item) if item is not None else None
        if question is None:
            continue
        if question.id in ids:
            reader.problem(item.line, f"question id '{question.id}' is used twice")
            continue
        ids.add(question.id)
        questions.append(question)
    kinds = {q.type for q in questions}
    if questions and kinds != set(QuestionType):
        missing = ", ".join(sorted(t.value for t in set(QuestionType) - kinds))
        _length_rule(
            reader,
            warnings,
            data.line_of("questions"),
            f"the quiz should mix question types; none is {missing}",
        )
    if questions and sum(q.scenario for q in questions) < SCENARIO_QUESTIONS_MIN:
        _length_rule(
            reader,
            warnings,
            data.line_of("questions"),
            f"at least {SCENARIO_QUESTIONS_MIN} questions must be practice scenarios "
            "(scenario: true)",
        )
    if len(problems) > before:
        return None
    return Quiz(module_id, pass_mark, tuple(questions), _hash_files([path]))


def _question(reader: FieldReader, item: LineDict) -> Question | None:
    question_id = reader.ident(item)
    prompt = reader.text(item, "prompt")
    raw_type = item.get("type")
    try:
        qtype = QuestionType(raw_type)
    except ValueError:
        reader.problem(
            item.line_of("type"),
            f"question type {raw_type!r} must be single, multiple or true_false",
        )
        return None
    source = _source(reader, item)
    options: list[Option] = []
    for opt in reader.items(item, "options", low=2, high=6):
        opt = reader.mapping(opt, item.line_of("options"), "each option")
        if opt is None:
            continue
        text, feedback = reader.text(opt, "text"), reader.text(opt, "feedback")
        correct = reader.flag(opt, "correct")
        pinned = reader.flag(opt, "pin")
        if pinned and qtype is QuestionType.TRUE_FALSE:
            reader.problem(
                opt.line_of("pin"),
                f"question '{question_id}' is true_false: its options never move, so "
                "'pin' is not needed",
            )
        if text and feedback:
            options.append(Option(text, correct, feedback, pinned))
    where = item.line_of("options")
    n_right = sum(o.correct for o in options)
    if n_right == 0:
        reader.problem(where, f"question '{question_id}' has no correct option")
    elif qtype is not QuestionType.MULTIPLE and n_right != 1:
        reader.problem(
            where,
            f"question '{question_id}' takes one answer, so exactly one option must be correct",
        )
    if qtype is QuestionType.TRUE_FALSE and [o.text for o in options] != ["True", "False"]:
        reader.problem(
            where,
            f"question '{question_id}' is true_false: its options must be 'True' then 'False'",
        )
    if options and all(o.pinned for o in options) and qtype is not QuestionType.TRUE_FALSE:
        reader.problem(
            where,
            f"question '{question_id}' pins every option, so they can never be shuffled; "
            "pin only an option whose place matters, such as 'None of these' last",
        )
    if not (question_id and prompt and source) or len(options) < 2:
        return None
    return Question(
        question_id, qtype, prompt, tuple(options), source, reader.flag(item, "scenario")
    )


def _load_scenario(
    path: Path, module_id: str, standards: set[str], problems: list[Problem]
) -> Scenario | None:
    before_read = len(problems)
    data = _read_yaml_file(path, problems)
    reader = FieldReader(path, problems)
    if len(problems) > before_read or reader.mapping(data, 1, "scenario.yaml") is None:
        return None
    before = len(problems)
    scenario_id, title = reader.ident(data), reader.text(data, "title")
    summary, start, debrief = (
        reader.text(data, "summary"),
        reader.ident(data, "start"),
        reader.text(data, "debrief"),
    )
    tags = _standards_field(reader, data, standards)
    nodes: dict[str, Node] = {}
    for item in reader.items(data, "nodes", low=2):
        item = reader.mapping(item, data.line_of("nodes"), "each node")
        if item is None:
            continue
        node = _node(reader, item)
        if node is None:
            continue
        if node.id in nodes:
            reader.problem(item.line, f"node id '{node.id}' is used twice")
        nodes[node.id] = node
    if len(problems) > before or not (scenario_id and title and start and debrief):
        return None
    scenario = Scenario(
        scenario_id,
        module_id,
        title,
        summary or "",
        tags,
        start,
        nodes,
        debrief,
        _hash_files([path]),
    )
    for message in graph_problems(scenario):
        reader.problem(data.line_of("nodes"), message)
    return None if len(problems) > before else scenario


def _node(reader: FieldReader, item: LineDict) -> Node | None:
    node_id, text = reader.ident(item), reader.text(item, "text")
    ending_value = item.get("ending")
    ending = None
    if ending_value is not None:
        try:
            ending = Ending(ending_value)
        except ValueError:
            reader.problem(
                item.line_of("ending"), f"ending {ending_value!r} must be good, mixed or poor"
            )
    choices = []
    for choice in reader.items(item, "choices", high=4):
        choice = reader.mapping(choice, item.line_of("choices"), "each choice")
        if choice is None:
            continue
        label, nxt, feedback = (
            reader.text(choice, "text"),
            reader.text(choice, "next"),
            reader.text(choice, "feedback"),
        )
        if label and nxt and feedback:
            choices.append(Choice(label, nxt, feedback, reader.flag(choice, "recommended")))
    if not (node_id and text):
        return None
    return Node(node_id, text, tuple(choices), ending)


def load_pack_modules(
    root: Path,
    module_ids: Iterable[str],
    course: Course,
    *,
    figures: Path,
    authoring_checks: bool = True,
) -> tuple[list[Module | UnavailableModule], list[Problem], list[Problem]]:
    """A pack's module folders under ``root``, checked against the course they join.

    The same structural rules as the course's own modules (ids, options, feedback,
    links, figures, scenario graphs); the course's length rules (word counts, number
    and mix of questions) come back as warnings. Links may name the course's modules,
    glossary and standards, and this pack's own modules; figures come from ``figures``.
    Returns (entries, problems, warnings).
    """
    ids = list(module_ids)
    links = _LinkTargets(
        glossary={t.id for t in course.glossary},
        modules={e.id for e in course.entries} | set(ids),
        figures=figures,
        standards={s.number for s in course.standards},
    )
    entries: list[Module | UnavailableModule] = []
    problems: list[Problem] = []
    warnings: list[Problem] = []
    for module_id in ids:
        module_problems: list[Problem] = []
        entry = _load_module(
            root / module_id, module_id, links, module_problems, authoring_checks, warnings
        )
        if module_problems or entry is None:
            title = entry.title if isinstance(entry, Module) else module_id
            entries.append(UnavailableModule(module_id, title, tuple(module_problems)))
            problems.extend(module_problems)
        else:
            entries.append(entry)
    return entries, problems, warnings
