"""`prism desktop-entry install|remove`: put Prism in this user's application menu (Linux).

The work is in `desktop.desktop_entry`; this module only reads the command line.
"""

from __future__ import annotations

import argparse
import sys

HELP = """\
Add Prism to your desktop's application menu, for you alone (no administrator needed):
a menu entry, its icon in every size and the AppStream description that software
centres show, written under $XDG_DATA_HOME (usually ~/.local/share). The menu entry
starts this copy of Prism, wherever it is installed. Use `remove` to take them away.
Linux and other XDG desktops only.
"""


def register(commands: argparse._SubParsersAction) -> None:
    """Add `prism desktop-entry install|remove`."""
    entry = commands.add_parser(
        "desktop-entry",
        help="add Prism to your application menu (Linux), or remove it",
        description=HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = entry.add_subparsers(dest="entry_action", metavar="ACTION", required=True)
    install = actions.add_parser("install", help="add the menu entry and icon for this user")
    install.set_defaults(handler=install_command)
    remove = actions.add_parser("remove", help="remove what install added")
    remove.set_defaults(handler=remove_command)


def install_command(args: argparse.Namespace) -> int:
    from desktop import paths
    from desktop.desktop_entry import install

    if sys.platform in {"win32", "darwin"}:
        print(
            "Desktop entries are for Linux desktops. On Windows and macOS, pin the Prism "
            "application from the folder you unpacked it to.",
            file=sys.stderr,
        )
        return 1
    try:
        installed = install(paths.assets_dir())
    except OSError as error:
        print(
            f"Prism could not add its menu entry: {error.strerror or error} "
            f"({error.filename or 'unknown file'}). Check that you may write to that folder.",
            file=sys.stderr,
        )
        return 1
    print(f"Added Prism to your application menu: {installed.desktop_file}")
    print(f"It starts: {' '.join(installed.command)}")
    print("If it does not appear straight away, log out and in again.")
    return 0


def remove_command(args: argparse.Namespace) -> int:
    from desktop.desktop_entry import remove

    removed = remove()
    if not removed:
        print("Prism's menu entry was not installed for you, so there was nothing to remove.")
        return 0
    print(f"Removed Prism's menu entry, metadata and icons ({len(removed)} files).")
    return 0
