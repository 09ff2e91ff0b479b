"""Prism's log: a small rotating file in the data folder that never holds personal text.

``setup_logging(data_dir)`` writes to ``<data folder>/logs/prism.log`` (rotated at
1 MB, three old files kept). ``error_report`` builds the text a person can copy
from the error dialog; it is the same scrubbed text the log gets.

What may go into the log, and why:

- the exception *type* and the traceback *frames* (file, line, function and the
  line of Prism's source code): enough to find a bug, and written by developers;
- exception *messages* only when they come from a fixed list of system messages
  known to hold no user text ("database is locked", "disk I/O error", the errno of
  an OSError...). Every other message is withheld and only its length is logged.
  Messages are dropped rather than "cleaned" because a message can carry anything
  a learner typed (``int('my reflection...')`` puts it in a ValueError; our own
  errors quote profile names), and no pattern can tell prose from a harmless value;
- the arguments of a log call only when they are numbers, ids (lower-case, no
  spaces, like ``identity-prism`` or a uuid) or paths with the home folder
  shortened to ``~``; anything else becomes ``<text, N characters>``.

Log calls must pass values as arguments (``log.info("opened %s", module_id)``), never
inside an f-string: the template is trusted, its arguments are not.
"""

from __future__ import annotations

import errno
import logging
import re
import time
import traceback
from collections.abc import Mapping
from enum import Enum
from pathlib import Path, PurePath
from types import TracebackType

from desktop import __version__

LOG_FOLDER = "logs"
LOG_NAME = "prism.log"
MAX_LOG_BYTES = 1_000_000
LOG_BACKUPS = 3

_HANDLER_NAME = "prism-file-log"
_ID_RE = r"[a-z0-9][a-z0-9_.:/#-]{0,79}"  # compiled (and cached) by re on first use

# Exception messages that come from SQLite or Python itself and never carry user text.
# One pattern, compiled when the first exception is scrubbed, not at every launch.
_SAFE_MESSAGE = "|".join(
    f"(?:{pattern})"
    for pattern in (
        r"database is locked",
        r"database table is locked",
        r"database or disk is full",
        r"disk I/O error",
        r"attempt to write a readonly database",
        r"unable to open database file",
        r"database disk image is malformed",
        r"file is not a database",
        r"no such (table|column|index|savepoint): [\w.]+",
        r"(UNIQUE|NOT NULL|CHECK|FOREIGN KEY|PRIMARY KEY) constraint failed(: [\w., ]+)?",
        r"maximum recursion depth exceeded[A-Za-z ]*",
        r"events are append-only",
        r"cannot (start|commit|rollback)[a-z -]* transaction[a-z -]*",
        r"Cannot operate on a closed database\.",
    )
)


# --------------------------------------------------------------------------- #
# Scrubbing
# --------------------------------------------------------------------------- #


def safe_path(path: str | PurePath) -> str:
    """A path with the home folder shown as ``~`` (home folders are often named after people)."""
    text = str(path)
    home = str(Path.home())
    if home and home != "/" and text.startswith(home):
        return "~" + text[len(home) :]
    return text


def safe_value(value: object) -> str:
    """How one log argument is written: numbers, ids and paths as they are, text withheld."""
    if value is None or isinstance(value, bool | int | float):
        return str(value)
    if isinstance(value, Enum):
        return value.name
    if isinstance(value, PurePath):
        return safe_path(value)
    if isinstance(value, BaseException):
        return describe_exception(value)
    if isinstance(value, str):
        if re.fullmatch(_ID_RE, value):
            return value
        return f"<text, {len(value)} characters>"
    return f"<{type(value).__name__}>"


def describe_exception(error: BaseException) -> str:
    """'ValueError (message withheld, 42 characters)', or the message if it is safe."""
    name = _type_name(type(error))
    if isinstance(error, OSError) and error.errno is not None:
        code = errno.errorcode.get(error.errno, str(error.errno))
        return f"{name} [{code}] {error.strerror or ''}".rstrip()
    message = str(error)
    if not message:
        return name
    if re.fullmatch(_SAFE_MESSAGE, message):
        return f"{name}: {message}"
    return f"{name} (message withheld, {len(message)} characters)"


def _type_name(kind: type[BaseException]) -> str:
    module = kind.__module__
    if module in ("builtins", "__main__"):
        return kind.__qualname__
    return f"{module}.{kind.__qualname__}"


def _short_filename(filename: str) -> str:
    """The part of a source path that identifies the file, without the user's folders."""
    normal = filename.replace("\\", "/")
    for marker in ("/desktop/", "/site-packages/", "/tests/"):
        index = normal.rfind(marker)
        if index >= 0:
            start = index + 1 if marker != "/site-packages/" else index + len(marker)
            return normal[start:]
    match = re.search(r"/lib/python[\d.]+/(.+)$", normal)
    if match:
        return match.group(1)
    return PurePath(normal).name or normal


def safe_traceback(
    kind: type[BaseException] | None,
    error: BaseException | None,
    tb: TracebackType | None,
) -> str:
    """A traceback with frames and source lines but no exception messages (see module doc)."""
    if error is None:
        return "(no exception)"
    chain: list[tuple[BaseException, str]] = []
    seen: set[int] = set()
    current: BaseException | None = error
    link = ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, "which was caused by"
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, "which happened while handling"
        else:
            current = None
    blocks = []
    for number, (item, how) in enumerate(chain):
        frames = traceback.extract_tb(item.__traceback__ if number else tb)
        lines = [describe_exception(item)] if not how else [f"{how}: {describe_exception(item)}"]
        for frame in frames:
            where = _short_filename(frame.filename)
            lines.append(f"  {where}, line {frame.lineno}, in {frame.name}")
            if frame.line:
                lines.append(f"    {frame.line.strip()}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


class PrivacyFormatter(logging.Formatter):
    """Formats records with scrubbed arguments and message-free tracebacks."""

    converter = time.gmtime

    def format(self, record: logging.LogRecord) -> str:
        line = (
            f"{self.formatTime(record, '%Y-%m-%dT%H:%M:%S')}Z {record.levelname} "
            f"{record.name}: {safe_message(record)}"
        )
        if record.exc_info and record.exc_info[1] is not None:
            line += "\n" + safe_traceback(*record.exc_info)
        if record.stack_info:
            line += "\n(stack withheld)"
        return line


def safe_message(record: logging.LogRecord) -> str:
    """The record's template filled with scrubbed arguments."""
    template = record.msg if isinstance(record.msg, str) else safe_value(record.msg)
    if not record.args:
        return template
    args = record.args
    try:
        if isinstance(args, Mapping):
            return template % {key: safe_value(value) for key, value in args.items()}
        return template % tuple(safe_value(value) for value in args)
    except (TypeError, ValueError, KeyError):
        return f"{template} [arguments withheld]"


# --------------------------------------------------------------------------- #
# Setting up, and the report for the error dialog
# --------------------------------------------------------------------------- #


def log_file(data_dir: Path) -> Path:
    """Where the log lives: ``<data folder>/logs/prism.log``."""
    return data_dir / LOG_FOLDER / LOG_NAME


def setup_logging(data_dir: Path, level: int = logging.INFO) -> Path | None:
    """Send Prism's log records to the rotating file; returns its path.

    Returns None (and logs nowhere) if the folder cannot be created, for example on
    a read-only disk: a missing log must never stop Prism from starting. Calling it
    again replaces the earlier handler, so tests and restarts do not double lines.
    """
    path = log_file(data_dir)
    stop_logging()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError:
        return None
    handler = _LogFile(path)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(PrivacyFormatter())
    handler.setLevel(level)
    logging.getLogger().addHandler(handler)
    logging.getLogger("desktop").setLevel(level)
    return path


class _LogFile(logging.Handler):
    """The rotating log file, set up at its first record rather than at launch.

    Most sessions log nothing, and ``logging.handlers`` costs a launch ~7 ms to import
    (it brings sockets, pickle and queues with it). If the file cannot be opened, the
    record is dropped silently, as when ``setup_logging`` finds no folder: a log must
    never stop Prism.
    """

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self._file: logging.Handler | None = None
        self._broken = False

    def emit(self, record: logging.LogRecord) -> None:
        if self._file is None and not self._broken:
            import logging.handlers

            try:
                self._file = logging.handlers.RotatingFileHandler(
                    self.path,
                    maxBytes=MAX_LOG_BYTES,
                    backupCount=LOG_BACKUPS,
                    encoding="utf-8",
                    delay=True,
                )
            except OSError:
                self._broken = True
                return
            self._file.setFormatter(self.formatter)
        if self._file is not None:
            self._file.handle(record)

    def flush(self) -> None:
        if self._file is not None:
            self._file.flush()

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
        super().close()


def stop_logging() -> None:
    """Remove and close the handler ``setup_logging`` added (for tests and shutdown)."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME:
            root.removeHandler(handler)
            handler.close()


def current_log_file() -> Path | None:
    """The file ``setup_logging`` is writing to, if any."""
    for handler in logging.getLogger().handlers:
        if handler.get_name() == _HANDLER_NAME and isinstance(handler, _LogFile):
            return handler.path
    return None


def error_report(
    kind: type[BaseException],
    error: BaseException,
    tb: TracebackType | None,
    extra: Mapping[str, str] | None = None,
) -> str:
    """The text a person can copy into a bug report: versions and the scrubbed traceback."""
    import platform  # only a crash needs it; not worth its import at every launch

    lines = [
        f"Prism {__version__} error report",
        f"Time (UTC): {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())}",
        f"System: {platform.system()} {platform.release()} ({platform.machine()}), "
        f"Python {platform.python_version()}",
    ]
    lines += [f"{key}: {value}" for key, value in (extra or {}).items()]
    log = current_log_file()
    if log is not None:
        lines.append(f"Log file: {safe_path(log)}")
    lines += ["", safe_traceback(kind, error, tb), ""]
    lines.append("Messages that might contain your own writing are left out of this report.")
    return "\n".join(lines)


def log_exception(
    kind: type[BaseException], error: BaseException, tb: TracebackType | None
) -> None:
    """Write an unexpected exception to the log (scrubbed by the formatter)."""
    logging.getLogger("desktop.errors").error("Unexpected error", exc_info=(kind, error, tb))
