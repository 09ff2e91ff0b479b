#!/usr/bin/env bash
# Qt's system libraries (and venv) on Debian/Ubuntu: install them when run as root,
# otherwise print the exact apt command and stop. Other systems: nothing to do.
set -euo pipefail
command -v dpkg-query >/dev/null 2>&1 || exit 0
needed="libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
python="${PYTHON:-python3}"
if ! "$python" -c "import venv, ensurepip" >/dev/null 2>&1; then
  needed="$needed python3-venv"
fi
# shellcheck disable=SC2086  # one word per package
exec "$(dirname "$0")/apt-ensure.sh" "system libraries Qt needs" $needed
