#!/usr/bin/env bash
# The real accessibility stack the AT-SPI check (tests/atspi) drives: a virtual X
# display, a small window manager, a session bus, the AT-SPI registry and pyatspi for
# the system python3 (pyatspi is not on PyPI), plus the xcb libraries Qt's X11 plugin
# needs (the check runs the real X11 window, not offscreen). Installed when run as
# root on Debian/Ubuntu, otherwise the exact apt command is printed.
set -euo pipefail
exec "$(dirname "$0")/apt-ensure.sh" "the accessibility check's tools" \
  xvfb openbox dbus-x11 at-spi2-core python3-pyatspi python3-gi \
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 \
  libxcb-xkb1 libxkbcommon-x11-0
