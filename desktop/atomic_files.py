"""Write files so that a crash, a full disc or a power cut never leaves half a file.

Every export, backup and archive goes through here: the bytes go to a temporary
file in the same folder, are flushed to disc, and only then renamed over the
target, which is atomic on every platform Prism supports.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


class TargetExistsError(FileExistsError):
    """The target file exists and the caller did not ask to replace it."""


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = False) -> Path:
    """Write ``data`` to ``path`` all at once; refuses to replace a file unless told to."""
    path = Path(path)
    if path.exists() and not overwrite:
        raise TargetExistsError(f"{path} already exists.")
    handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # Checked again: another program may have created it while we wrote.
        if not overwrite and path.exists():
            raise TargetExistsError(f"{path} already exists.")
        os.replace(temp_name, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp_name)
        raise
    _fsync_folder(path.parent)
    return path


def write_text_atomic(path: Path, text: str, *, overwrite: bool = False) -> Path:
    """`write_bytes_atomic` for UTF-8 text."""
    return write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite)


def _fsync_folder(folder: Path) -> None:
    # Makes the rename itself durable on POSIX; Windows has no folder handles to sync.
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
