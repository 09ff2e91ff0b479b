#!/usr/bin/env bash
# The real accessibility stack the AT-SPI check (tests/ui/test_atspi_bus.py) drives:
# a virtual X display, a small window manager, a session bus, the AT-SPI registry and
# pyatspi for the system python3 (pyatspi is not on PyPI). Installed when run as
# root on Debian/Ubuntu, otherwise the exact apt command is printed. Other systems:
# nothing to do (the check then skips outside CI).
set -euo pipefail
command -v dpkg-query >/dev/null 2>&1 || exit 0
# The xcb libraries: the check runs the real X11 window (libqxcb), not offscreen.
needed="xvfb openbox dbus-x11 at-spi2-core python3-pyatspi python3-gi libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-xkb1 libxkbcommon-x11-0"
missing=""
for pkg in $needed; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = "0" ]; then
  echo "Installing the accessibility check's tools:$missing"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends $missing
else
  echo "The accessibility check needs these system packages. Run:" >&2
  echo "  sudo apt-get install -y --no-install-recommends$missing" >&2
  exit 1
fi
