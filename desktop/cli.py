"""The `prism` command. Commands that need no window never import Qt.

`prism` alone opens the app; `prism content check` validates a course folder;
`prism --screenshot FILE.png` renders the window offscreen for docs and checks.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from desktop import __version__, paths, precompiled

NO_DISPLAY_MESSAGE = (
    "Prism needs a desktop session to show its window, and none was found "
    "(DISPLAY and WAYLAND_DISPLAY are not set).\n"
    "Run it from your desktop, or on a server without a screen use:  xvfb-run prism\n"
    "To check content without a window:  prism content check"
)


def build_parser(*, with_commands: bool = True) -> argparse.ArgumentParser:
    """The full parser; ``with_commands=False`` gives the options alone, with no -h.

    ``main`` parses with the options alone first: opening the window, which is most
    runs, then never imports the subcommand modules (~20 ms of the launch).
    """
    parser = argparse.ArgumentParser(
        prog="prism",
        description="Prism: an offline course on digital professionalism for social workers.",
        add_help=with_commands,
    )
    parser.add_argument("--version", action="version", version=f"Prism {__version__}")
    parser.add_argument(
        "--data-dir", help=f"where your progress is kept (or set {paths.DATA_DIR_ENV})"
    )
    parser.add_argument("--content-dir", help="a course folder to use instead of the bundled one")
    parser.add_argument("--profile", help="open this profile straight away")
    parser.add_argument(
        "--screenshot", metavar="FILE.png", help="save the window as a PNG (1280x800) and exit"
    )
    parser.add_argument(
        "--page",
        default="home",
        help="with --screenshot: home, module:<id>, quiz:<id>, quiz-feedback[-right|-wrong]:<id>, "
        "quiz-result:<id>, scenario:<id>, scenario-consequence:<id>, scenario-debrief:<id>, "
        "journal, capabilities, cpd, cpd-record[:<field>], "
        "cpd-export, refresh, refresh-feedback:<id>, refresh-summary:<id>, team-session, "
        "team-presenter, team-summary (these two start a session: use demo data), "
        "about, glossary, profiles, design (the component gallery) or dialog:<name> "
        "(welcome, shortcuts, search, restore, packs, sync, consent, "
        "rename, colour, delete-profile, protect, unlock, certificates, cpd-draft, error, "
        "recovery, check-report, changed-outside)",
    )
    parser.add_argument(
        "--window-size",
        metavar="WxH",
        default="1280x800",
        help="with --screenshot: the window's size, e.g. 1366x768 (default 1280x800)",
    )
    parser.add_argument(
        "--theme",
        choices=["light", "dark", "high-contrast"],
        help="with --screenshot: draw in this theme",
    )
    parser.add_argument(
        "--text-size",
        type=int,
        choices=[100, 115, 130, 150, 175, 200],
        help="with --screenshot: text size in percent",
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="check this installation works (window offscreen, a module, the database, "
        "in a temporary data folder) and exit 0",
    )
    if not with_commands:
        parser.set_defaults(command=None)
        return parser
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    content = commands.add_parser("content", help="work with course content")
    content_commands = content.add_subparsers(
        dest="content_command", metavar="ACTION", required=True
    )
    check = content_commands.add_parser("check", help="validate a content folder")
    check.add_argument("folder", nargs="?", help="the content folder (default: the bundled course)")
    from desktop.commands.question_bank import add_import_parser

    add_import_parser(content_commands)
    _register_commands(commands)
    return parser


def _register_commands(commands: argparse._SubParsersAction) -> None:
    """Add every subcommand module in `desktop.commands` (see its docstring)."""
    import importlib
    import pkgutil

    import desktop.commands

    for info in sorted(pkgutil.iter_modules(desktop.commands.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"desktop.commands.{info.name}")
        register = getattr(module, "register", None)  # a helper module may hang elsewhere
        if register is not None:
            register(commands)


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything that creates a dataclass: their methods then come precompiled
    # (desktop/precompiled says why; ~50 ms of every launch).
    precompiled.install()
    argv = list(sys.argv[1:] if argv is None else argv)
    args, rest = build_parser(with_commands=False).parse_known_args(argv)
    if rest:  # a command, -h, or a mistake: the full parser acts on it or says what is wrong
        args = build_parser().parse_args(argv)
    if args.command == "content" and args.content_command == "check":
        return content_check(args.folder or args.content_dir)
    handler = getattr(args, "handler", None)
    if handler is not None:
        return handler(args)
    if args.smoke:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from desktop.smoke import run as run_smoke  # Qt, as for the window

        return run_smoke(args)
    if args.screenshot:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    elif not _display_available():
        print(NO_DISPLAY_MESSAGE, file=sys.stderr)
        return 2
    from desktop.app import run  # Qt is imported only on this path

    return run(args)


def _display_available() -> bool:
    if not sys.platform.startswith("linux"):
        return True
    if os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] in {"offscreen", "minimal", "vnc"}:
        return True
    return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def content_check(folder: str | None) -> int:
    """Print one `file:line: message` per problem, then any authoring warnings.

    Exit 0 when there are no problems (warnings alone do not fail), 1 otherwise.
    """
    from desktop.course.balance import position_warnings
    from desktop.course.loader import CourseError, load_course
    from desktop.course.model import Problem

    root = paths.content_dir(folder)
    assets = None if folder else paths.assets_dir()
    warnings: list[Problem] = []
    try:
        loaded = load_course(root, assets)
        problems = list(loaded.problems)
        warnings = position_warnings(loaded.course)
    except CourseError as error:
        problems = [Problem(root / "course.yaml", 1, str(error))]
    for problem in (*problems, *warnings):
        print(problem.format(Path.cwd()))
    if problems:
        print(
            f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {root}", file=sys.stderr
        )
        return 1
    if warnings:
        count = len(warnings)
        print(f"{root}: all content checks passed, with {count} warning{'s' * (count != 1)}")
        return 0
    print(f"{root}: all content checks passed")
    return 0
