"""Run Ralph's LRS API on 127.0.0.1 with its file backend, for the organisation-sync tests.

Run with the Ralph virtual environment's Python (scripts/start-ralph.sh does):

    python ralph_lrs_server.py APP_DIR PORT

``ralph runserver -b fs`` serves the same API, but its file backend (Ralph 5.1) creates
its statements file with the "create" operation, which refuses once the file exists:
every POST after the first answers 500. An LRS keeps statements by appending, so this
runs the same app with that backend appending, in one process (no auto-reloader), which
also starts faster and stops cleanly on SIGTERM.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("app_dir", type=Path, help="Ralph's folder: credentials, statements")
    parser.add_argument("port", type=int, help="the port on 127.0.0.1 to serve on")
    args = parser.parse_args(argv)
    app_dir, port = args.app_dir.resolve(), args.port
    statements = app_dir / "statements"
    statements.mkdir(parents=True, exist_ok=True)
    os.environ["RALPH_APP_DIR"] = str(app_dir)
    os.environ["RALPH_RUNSERVER_BACKEND"] = "fs"
    os.environ["RALPH_BACKENDS__LRS__FS__DEFAULT_DIRECTORY_PATH"] = str(statements)
    os.environ["RALPH_BACKENDS__DATA__FS__DEFAULT_DIRECTORY_PATH"] = str(statements)

    import uvicorn
    from ralph.backends.data.base import BaseOperationType
    from ralph.backends.lrs.fs import FSLRSBackend

    FSLRSBackend.default_operation_type = BaseOperationType.APPEND
    from ralph.api import app

    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")
    return 0


if __name__ == "__main__":
    sys.exit(main())
