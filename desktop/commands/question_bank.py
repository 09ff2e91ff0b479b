"""`prism content import-questions FILE`: a Moodle question bank as a Prism quiz.yaml.

Registered under `prism content` by ``desktop.cli`` (``add_import_parser``), so this
module has no ``register``: `desktop.commands` would otherwise add it at the top level.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

OK, FAILED, USAGE = 0, 1, 2


def add_import_parser(content_commands: argparse._SubParsersAction) -> None:
    parser = content_commands.add_parser(
        "import-questions",
        help="convert a GIFT, Aiken or Moodle XML question bank to quiz.yaml",
        description="Convert a question bank to Prism's quiz format. Questions Prism cannot "
        "show (essay, matching, numerical, short answer, cloze) are listed and skipped.",
    )
    parser.add_argument("file", help="the question bank")
    parser.add_argument("--format", choices=["gift", "aiken", "moodle-xml"])
    parser.add_argument("--out", required=True, help="the quiz.yaml to write")
    parser.add_argument("--force", action="store_true", help="replace --out if it exists")
    parser.add_argument(
        "--source-document",
        help="the document the questions come from (default: the bank's file name)",
    )
    parser.add_argument("--id-prefix", help="question ids where a question has no title")
    parser.set_defaults(handler=import_questions)


def import_questions(args: argparse.Namespace) -> int:
    from desktop.atomic_files import TargetExistsError, write_text_atomic
    from desktop.course.question_import.model import BankError, slug
    from desktop.course.question_import.quiz_yaml import (
        detect_format,
        dump_quiz,
        quiz_document,
        read_bank,
    )

    source = Path(args.file).expanduser()
    out = Path(args.out).expanduser()
    try:
        data = source.read_bytes()
    except OSError as error:
        print(f"{source}: cannot be read: {error.strerror}", file=sys.stderr)
        return FAILED
    fmt = args.format or detect_format(source, data)
    if fmt is None:
        print(
            f"{source}: cannot tell the format; add --format gift, aiken or moodle-xml",
            file=sys.stderr,
        )
        return USAGE
    try:
        result = read_bank(source, fmt)
    except BankError as error:
        print(f"{source}:{error.line}: {error}", file=sys.stderr)
        return FAILED
    name = source.name
    document = quiz_document(
        result,
        source_document=args.source_document or name,
        id_prefix=args.id_prefix or slug(source.stem) or "question",
    )
    for skipped in result.skipped:
        print(f"{name}:{skipped.line}: skipped {skipped.kind} question {skipped.title!r}: "
              "Prism cannot show this type")  # fmt: skip
    for note in result.notes:
        print(note.format(name))
    for error in result.errors:
        print(error.format(name), file=sys.stderr)
    if not result.questions:
        print(f"{name}: no question Prism can show was found; nothing written", file=sys.stderr)
        return FAILED
    try:
        write_text_atomic(out, dump_quiz(document), overwrite=args.force)
    except TargetExistsError:
        print(f"{out} already exists. Choose another name, or add --force to replace it.",
              file=sys.stderr)  # fmt: skip
        return FAILED
    kinds = [q.kind for q in result.questions]
    print(
        f"Wrote {len(kinds)} question{'s' if len(kinds) != 1 else ''} to {out} "
        f"({kinds.count('single')} single, {kinds.count('multiple')} multiple, "
        f"{kinds.count('true_false')} true/false); {len(result.skipped)} skipped, "
        f"{len(result.errors)} with errors."
    )
    return FAILED if result.errors else OK
