#!/usr/bin/env bash
# apt-ensure.sh "what they are for" PACKAGE...: install the Debian/Ubuntu packages not
# yet installed, when run as root; otherwise print the exact apt command and fail.
# Other systems (no dpkg): nothing to do.
set -euo pipefail
command -v dpkg-query >/dev/null 2>&1 || exit 0
purpose="$1"
shift
missing=""
for pkg in "$@"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing $purpose:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "$purpose: these system packages are needed first. Run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
