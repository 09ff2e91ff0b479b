#!/usr/bin/env bash
# Build the one-folder desktop bundle (dist/prism/) from a clean virtual environment.
#
#   scripts/build-dist.sh            (what `make dist` runs; Linux and macOS)
#
# A fresh venv every time, so nothing installed by hand (a system PySide6, test tools,
# Pygments) can leak into the bundle. Settings: PYTHON (default python3), DIST_VENV
# (default build/dist-venv). On Windows, follow README "Building a desktop bundle".
set -euo pipefail
cd "$(dirname "$0")/.."

python="${PYTHON:-python3}"
venv="${DIST_VENV:-build/dist-venv}"
limit_mib=130 # the bundle must unpack to at most this on Linux

need_packages() {
  # Debian/Ubuntu packages missing from this machine, of those given.
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_or_explain() {
  # $1: "required" or "recommended"; the rest: packages.
  local level=$1
  shift
  [ $# -eq 0 ] && return 0
  if [ "$(id -u)" = "0" ]; then
    echo "Installing build packages: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "$@"
  elif [ "$level" = "required" ]; then
    echo "Building the bundle needs these packages first. Run:" >&2
    echo "  sudo apt-get install -y --no-install-recommends $*" >&2
    exit 1
  else
    echo "Note: without $* the bundle will rely on the user's system for them." >&2
    echo "  To bundle them: sudo apt-get install -y --no-install-recommends $*" >&2
  fi
}

if [ "$(uname -s)" = "Linux" ]; then
  # strip and objdump (binutils) are how PyInstaller shrinks and inspects libraries.
  # shellcheck disable=SC2046
  install_or_explain required $(need_packages binutils)
  # Libraries Qt's X11 and Wayland plugins link to that a build machine often lacks;
  # when present here, PyInstaller puts them in the bundle for desktops that lack them.
  # shellcheck disable=SC2046
  install_or_explain recommended $(need_packages libxcb-icccm4 libxcb-keysyms1 \
    libxcb-cursor0 libwayland-cursor0 libwayland-egl1)
fi

started=$(date +%s)
echo "Creating a clean virtual environment in $venv"
rm -rf "$venv"
"$python" -m venv "$venv"
if [ -x "$venv/bin/python" ]; then bin="$venv/bin"; else bin="$venv/Scripts"; fi
"$bin/python" -m pip install --quiet --upgrade pip
"$bin/python" -m pip install --quiet ".[dist]"

echo "Running PyInstaller (build.spec)"
rm -rf dist/prism
"$bin/pyinstaller" --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller build.spec

if [ "$(uname -s)" = "Darwin" ]; then
  where="dist/Prism.app (and the folder dist/prism)"
else
  where="dist/prism (run dist/prism/prism)"
fi
size_kib=$(du -sk dist/prism | cut -f1)
echo "Built $where in $(($(date +%s) - started)) s; unpacked size $(du -sh dist/prism | cut -f1)."
if [ "$(uname -s)" = "Linux" ] && [ "$size_kib" -gt $((limit_mib * 1024)) ]; then
  echo "The bundle is over the ${limit_mib} MiB budget: see DROPPED_QT_FILES in build.spec." >&2
  exit 1
fi
