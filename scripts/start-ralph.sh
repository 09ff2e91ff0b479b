#!/usr/bin/env bash
# A real Ralph learning record store on 127.0.0.1, for the organisation-sync tests.
#
#   scripts/start-ralph.sh --prepare          create the Ralph virtual environment only
#   scripts/start-ralph.sh APP_DIR PORT USER PASSWORD
#                                             write credentials into APP_DIR (`ralph auth`)
#                                             and run the LRS (file backend, statements under
#                                             APP_DIR) in the foreground on 127.0.0.1:PORT
#
# Ralph lives in its own venv (PRISM_RALPH_VENV, default ~/.cache/prism/ralph-venv) so that
# its dependencies never meet the app's. CI calls --prepare before `make test`.
set -euo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
VENV="${PRISM_RALPH_VENV:-${XDG_CACHE_HOME:-$HOME/.cache}/prism/ralph-venv}"
PYTHON="${PYTHON:-python3}"

prepare() {
    if [ -x "$VENV/bin/ralph" ] && "$VENV/bin/ralph" --version >/dev/null 2>&1; then
        return 0
    fi
    echo "Preparing Ralph (a learning record store for the sync tests) in $VENV"
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet 'ralph-malph[cli,lrs]>=5,<6' requests
    "$VENV/bin/ralph" --version
}

if [ "${1:-}" = "--prepare" ]; then
    prepare
    exit 0
fi
if [ $# -ne 4 ]; then
    sed -n 2,11p "$0" >&2
    exit 2
fi
APP_DIR="$1" PORT="$2" LRS_USER="$3" LRS_PASSWORD="$4"
prepare >&2
mkdir -p "$APP_DIR/statements"
export RALPH_APP_DIR="$APP_DIR"
export RALPH_RUNSERVER_BACKEND=fs
cd "$APP_DIR"
if [ ! -f "$APP_DIR/auth.json" ]; then  # a restart keeps the credentials it made
    "$VENV/bin/ralph" auth -u "$LRS_USER" -p "$LRS_PASSWORD" -s all \
        -A "$LRS_USER" "https://lrs-tests.prism.example" -w >/dev/null
fi
# Ralph's own app on its file backend; see ralph_lrs_server.py for why not `ralph runserver`.
exec "$VENV/bin/python" "$HERE/ralph_lrs_server.py" "$APP_DIR" "$PORT"
