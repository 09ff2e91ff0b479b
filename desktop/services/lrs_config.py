"""The organisation's learning record store settings, in the data folder, readable only by us.

``lrs.json`` beside the database holds the xAPI endpoint, the username, the password
(the secret itself, copied from the file the organisation handed out, so the sync keeps
working if that file is moved) and the home page IRI that names the organisation's
accounts. The file is written with mode 0600 in a folder Prism owns; a file others can
read is refused until its permissions are fixed. No file means organisation sync is off:
nothing is queued for sending and no connection is ever opened.
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlsplit

CONFIG_NAME = "lrs.json"
DEFAULT_HOME_PAGE = "https://prism.invalid/profiles"


class LrsConfigError(Exception):
    """The settings cannot be used; the message says what is wrong and what to do."""


@dataclass(frozen=True)
class LrsConfig:
    endpoint: str
    username: str
    password: str
    home_page: str = DEFAULT_HOME_PAGE

    @property
    def statements_url(self) -> str:
        return self.endpoint.rstrip("/") + "/statements"

    def describe(self) -> str:
        """The settings as text for `prism lrs status`: never the password."""
        return (
            f"Endpoint:   {self.endpoint}\nUsername:   {self.username}\n"
            f"Home page:  {self.home_page}"
        )


def config_path(data_dir: Path) -> Path:
    return data_dir / CONFIG_NAME


def _web_address(value: str, problem: str) -> str:
    """``value`` trimmed if it is an http(s) address with a host, else ``problem`` raised."""
    url = value.strip()
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise LrsConfigError(problem) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise LrsConfigError(problem)
    return url


def check_endpoint(endpoint: str) -> str:
    """The endpoint, trimmed and ending in "/", or ``LrsConfigError`` saying what to give."""
    url = _web_address(
        endpoint,
        f"“{endpoint}” is not a web address Prism can send to. Give the LRS's xAPI "
        "endpoint as your organisation wrote it, e.g. https://lrs.example.org/xAPI/",
    )
    return url if url.endswith("/") else url + "/"


def check_home_page(home_page: str) -> str:
    return _web_address(
        home_page,
        f"“{home_page}” is not a home page IRI. Give the web address your organisation "
        "uses to name its staff accounts, e.g. https://www.example.org",
    )


def read_password_file(path: Path) -> str:
    try:
        text = path.expanduser().read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LrsConfigError(f"There is no password file at {path}. Check the path.") from None
    except (OSError, UnicodeDecodeError) as error:
        raise LrsConfigError(f"The password file {path} cannot be read: {error}") from None
    password = text.strip("\r\n")
    if not password:
        raise LrsConfigError(f"The password file {path} is empty.")
    return password


def load(data_dir: Path) -> LrsConfig | None:
    """The settings, or None when organisation sync was never configured."""
    path = config_path(data_dir)
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    if info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise LrsConfigError(
            f"{path} can be read by other accounts on this computer, so Prism will not use "
            f"the password in it. Fix it with:  chmod 600 {path}"
        )
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return LrsConfig(
            endpoint=check_endpoint(str(data["endpoint"])),
            username=str(data["username"]),
            password=str(data["password"]),
            home_page=check_home_page(str(data.get("home_page") or DEFAULT_HOME_PAGE)),
        )
    except (OSError, ValueError, KeyError, TypeError) as error:
        raise LrsConfigError(
            f"The organisation sync settings in {path} are damaged ({error}). "
            "Configure them again with:  prism lrs configure …"
        ) from None


def save(data_dir: Path, config: LrsConfig) -> Path:
    """Write the settings atomically with mode 0600 (never readable by other accounts)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    path = config_path(data_dir)
    temporary = path.with_name(path.name + ".tmp")
    text = json.dumps(asdict(config), indent=2) + "\n"
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(temporary, path)
    return path


def remove(data_dir: Path) -> bool:
    """Turn organisation sync off on this computer; True if there were settings."""
    try:
        config_path(data_dir).unlink()
    except FileNotFoundError:
        return False
    return True


def make(endpoint: str, username: str, password: str, home_page: str | None) -> LrsConfig:
    """Checked settings from what the organisation gave (``LrsConfigError`` otherwise)."""
    if not username.strip():
        raise LrsConfigError("Give the username your organisation gave you for its LRS.")
    if not password:
        raise LrsConfigError("Give the password your organisation gave you for its LRS.")
    return LrsConfig(
        endpoint=check_endpoint(endpoint),
        username=username.strip(),
        password=password,
        home_page=check_home_page(home_page) if home_page else DEFAULT_HOME_PAGE,
    )
