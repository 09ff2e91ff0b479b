#!/usr/bin/env bash
# Qt's system libraries (and venv) on Debian/Ubuntu: install them when run as root,
# otherwise print the exact apt command and stop. Other systems: nothing to do.
set -euo pipefail
command -v dpkg-query >/dev/null 2>&1 || exit 0
needed="libegl1 libgl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
missing=""
for pkg in $needed; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
python="${PYTHON:-python3}"
if ! "$python" -c "import venv, ensurepip" >/dev/null 2>&1; then
  missing="$missing python3-venv"
fi
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing system libraries Qt needs:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "Prism needs these system packages first. Run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
