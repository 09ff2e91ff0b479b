"""Linux desktop integration: install Prism's menu entry, metadata and icon for one user.

`prism desktop-entry install` copies the shipped .desktop file (with ``Exec`` pointing
at this installation, whether a virtual environment, pipx or the PyInstaller bundle),
the AppStream metainfo and the icon in every size into the XDG data folder
(``$XDG_DATA_HOME``, by default ``~/.local/share``), where desktops look for
applications the user installed. Nothing needs root, and `remove` takes it all away.
No Qt: the PNG sizes are rendered ahead of time (scripts/render_icons.py).
"""

from __future__ import annotations

import os
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop import APP_ID

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


@dataclass(frozen=True)
class InstalledEntry:
    """Where each file went, and the command line the menu entry runs."""

    desktop_file: Path
    metainfo: Path
    icons: tuple[Path, ...]
    command: tuple[str, ...]


def xdg_data_home() -> Path:
    """$XDG_DATA_HOME if set to an absolute path (as the spec requires), else ~/.local/share."""
    chosen = os.environ.get("XDG_DATA_HOME", "")
    if chosen and Path(chosen).is_absolute():
        return Path(chosen)
    return Path.home() / ".local" / "share"


def launch_command() -> tuple[str, ...]:
    """The command that starts this installation of Prism, as absolute paths.

    The bundle's executable; else the `prism` script this process was started from
    (a venv or pipx puts it outside PATH as often as not); else `prism` on PATH; else
    this Python running the package.
    """
    if getattr(sys, "frozen", False):
        return (str(Path(sys.executable).resolve()),)
    started = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if started is not None and started.name in {"prism", "prism.exe"} and started.is_file():
        return (str(started.absolute()),)
    found = shutil.which("prism")
    if found:
        return (str(Path(found).absolute()),)
    return (str(Path(sys.executable).absolute()), "-m", "desktop")


def exec_value(command: tuple[str, ...]) -> str:
    """``Exec`` as the Desktop Entry spec wants it: arguments with reserved characters quoted.

    Inside double quotes ``"``, `````, ``$`` and ``\\`` are escaped with a backslash;
    then the whole value is a string, where a backslash is written twice.
    """
    reserved = set(" \t\n\"'\\><~|&;$*?#()`")
    parts = []
    for argument in command:
        if any(char in reserved for char in argument):
            escaped = "".join("\\" + c if c in '"`$\\' else c for c in argument)
            argument = f'"{escaped}"'
        parts.append(argument.replace("\\", "\\\\"))
    return " ".join(parts)


def desktop_file_text(template: str, command: tuple[str, ...]) -> str:
    """The shipped entry with Exec and TryExec set to `command` (the rest unchanged)."""
    lines = []
    for line in template.splitlines():
        if line.startswith("Exec="):
            line = f"Exec={exec_value(command)}"
        elif line.startswith("TryExec="):
            line = f"TryExec={command[0]}"
        lines.append(line)
    return "\n".join(lines) + "\n"


def install(assets: Path, data_home: Path | None = None) -> InstalledEntry:
    """Write the entry, metainfo and icons under `data_home`; OSError if they cannot be."""
    data_home = data_home or xdg_data_home()
    shipped = assets / "linux"
    icons_dir = assets / "icons" / "app"
    command = launch_command()
    desktop_file = data_home / "applications" / f"{APP_ID}.desktop"
    metainfo = data_home / "metainfo" / f"{APP_ID}.metainfo.xml"
    template = (shipped / f"{APP_ID}.desktop").read_text(encoding="utf-8")
    _write(desktop_file, desktop_file_text(template, command).encode("utf-8"))
    _write(metainfo, (shipped / f"{APP_ID}.metainfo.xml").read_bytes())
    icons = [_icon_path(data_home, "scalable", "svg")]
    _write(icons[0], (icons_dir / "prism.svg").read_bytes())
    for size in ICON_SIZES:
        target = _icon_path(data_home, f"{size}x{size}", "png")
        _write(target, (icons_dir / f"prism-{size}.png").read_bytes())
        icons.append(target)
    _refresh_caches(data_home)
    return InstalledEntry(desktop_file, metainfo, tuple(icons), command)


def remove(data_home: Path | None = None) -> list[Path]:
    """Delete what `install` wrote; returns the files that were there."""
    data_home = data_home or xdg_data_home()
    candidates = [
        data_home / "applications" / f"{APP_ID}.desktop",
        data_home / "metainfo" / f"{APP_ID}.metainfo.xml",
        _icon_path(data_home, "scalable", "svg"),
        *(_icon_path(data_home, f"{size}x{size}", "png") for size in ICON_SIZES),
    ]
    removed = [path for path in candidates if path.exists()]
    for path in removed:
        path.unlink()
    _refresh_caches(data_home)
    return removed


def _icon_path(data_home: Path, size: str, suffix: str) -> Path:
    return data_home / "icons" / "hicolor" / size / "apps" / f"{APP_ID}.{suffix}"


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_bytes(data)
    os.replace(partial, path)


def _refresh_caches(data_home: Path) -> None:
    """Tell the desktop now rather than at next login, where its tools are installed."""
    import subprocess

    for tool, folder in (
        ("update-desktop-database", data_home / "applications"),
        ("gtk-update-icon-cache", data_home / "icons" / "hicolor"),
    ):
        if shutil.which(tool) and folder.is_dir():
            # -q: quiet; -t (icon cache): no index.theme is needed in a user's folder.
            arguments = ["-q", "-t", str(folder)] if tool.startswith("gtk") else ["-q", str(folder)]
            subprocess.run([tool, *arguments], check=False, capture_output=True)
