#!/usr/bin/env bash
# CI: build the sdist and the wheel the way a packager would, install the wheel into a
# clean virtual environment and prove it runs from outside the checkout (issue 22).
#
#   scripts/check-wheel.sh           (one line of .ci/run; also fine by hand)
#
# 1. Installs the tools the checks and the test suite use when run as root (pdftotext
#    and pdfinfo, desktop-file-validate, appstreamcli); otherwise prints the apt command.
# 2. python -m build: the sdist, then the wheel built FROM that sdist, so a file the
#    sdist forgets breaks the wheel here. Both are checked for what they must carry.
# 3. pip install of the wheel into a new venv (dependencies from PyPI only), then, from /,
#    `prism content check`, `prism --smoke`, and the desktop entry installed into a
#    temporary XDG data folder and validated with desktop-file-validate and appstreamcli.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
python="${PYTHON:-python3}"
work="${WHEEL_CHECK_DIR:-$root/build/wheel-check}"

# -- 1. tools ---------------------------------------------------------------------------
# libreoffice-calc-nogui: the CSV test opens the export in LibreOffice Calc (headless).
"$root/scripts/apt-ensure.sh" "the tools the packaging checks use" \
  poppler-utils desktop-file-utils appstream libreoffice-calc-nogui

# -- 2. build ---------------------------------------------------------------------------
rm -rf "$work"
mkdir -p "$work"
echo "Building the sdist and wheel (python -m build) in $work/dist"
"$python" -m venv "$work/tools"
"$work/tools/bin/python" -m pip install --quiet "build>=1.2,<2"
"$work/tools/bin/python" -m build --outdir "$work/dist" . >"$work/build.log" 2>&1 || {
  cat "$work/build.log" >&2
  exit 1
}
if grep -qi "deprecat" "$work/build.log"; then
  echo "The build printed deprecation warnings:" >&2
  grep -i -A3 "deprecat" "$work/build.log" >&2
  exit 1
fi
sdist=$(ls "$work"/dist/*.tar.gz)
wheel=$(ls "$work"/dist/*.whl)
"$work/tools/bin/python" - "$sdist" "$wheel" <<'PY'
"""Each archive must carry what the installed or rebuilt program needs."""
import re
import sys
import tarfile
import zipfile
from pathlib import Path

sdist, wheel = map(Path, sys.argv[1:])
version = re.search(r'__version__ = "([^"]+)"', Path("desktop/__init__.py").read_text())[1]
with tarfile.open(sdist) as archive:
    top = archive.getnames()[0].split("/")[0]
    sdist_names = {name.removeprefix(top + "/") for name in archive.getnames()}
with zipfile.ZipFile(wheel) as archive:
    wheel_names = set(archive.namelist())
    info = f"prism_learning-{version}.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()

needed_in_sdist = [
    "LICENSE", "README.md", "build.spec", "setup.py", "pyproject.toml",
    "content/course.yaml", "assets/figures/identity-prism.svg", "assets/styles/reader.css",
    "scripts/build-dist.sh", "scripts/check-wheel.sh", "scripts/demo_data.py",
    "desktop/py.typed", "assets/linux/org.prism_learning.Prism.desktop",
    "assets/linux/org.prism_learning.Prism.metainfo.xml", "assets/icons/app/prism.svg",
    "desktop/cpd/schemas/prism.cpd-1.schema.json",
]
needed_in_wheel = [
    "desktop/py.typed", "desktop/_data/content/course.yaml",
    "desktop/_data/assets/figures/identity-prism.svg", "desktop/_data/assets/styles/reader.css",
    "desktop/_data/assets/icons/app/prism.svg", "desktop/_data/assets/icons/app/prism-256.png",
    "desktop/cpd/schemas/prism.cpd-1.schema.json",
    "desktop/_data/assets/linux/org.prism_learning.Prism.desktop",
    "desktop/_data/assets/linux/org.prism_learning.Prism.metainfo.xml",
    f"{info}/licenses/LICENSE",
]
problems = [f"sdist lacks {n}" for n in needed_in_sdist if n not in sdist_names]
problems += [f"wheel lacks {n}" for n in needed_in_wheel if n not in wheel_names]
problems += [f"wheel holds {n}" for n in wheel_names if "__pycache__" in n]
courses = {n.split("/")[3] for n in wheel_names if n.startswith("desktop/_data/content/") and n.count("/") > 3}
if len(courses) < 3:
    problems.append(f"wheel holds only these module folders: {sorted(courses)}")
for line in ("License-Expression: MIT", f"Version: {version}", "License-File: LICENSE"):
    if line not in metadata.splitlines():
        problems.append(f"wheel METADATA lacks '{line}'")
if problems:
    sys.exit("\n".join(problems))
print(f"sdist ({len(sdist_names)} files) and wheel ({len(wheel_names)} files) carry what they need")
PY

# -- 3. a clean install, run from / -------------------------------------------------------
echo "Installing $(basename "$wheel") into a clean virtual environment"
"$python" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet "$wheel"
prism="$work/venv/bin/prism"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
(
  cd /
  export PRISM_DATA_DIR="$scratch/data" PRISM_CACHE_DIR="$scratch/cache"
  "$prism" --version
  "$prism" content check
  QT_QPA_PLATFORM=offscreen "$prism" --smoke
  if [ -e "$scratch/data/prism.db" ]; then
    echo "The checks above created a database in the user's data folder" >&2
    exit 1
  fi
  XDG_DATA_HOME="$scratch/xdg" "$prism" desktop-entry install
  desktop-file-validate "$scratch/xdg/applications/org.prism_learning.Prism.desktop"
  appstreamcli validate --no-net \
    "$scratch/xdg/metainfo/org.prism_learning.Prism.metainfo.xml"
  grep -q "^Exec=$prism\$" "$scratch/xdg/applications/org.prism_learning.Prism.desktop" || {
    echo "The installed desktop entry does not start this installation's prism" >&2
    exit 1
  }
  for size in 16 32 48 64 128 256; do
    test -s "$scratch/xdg/icons/hicolor/${size}x${size}/apps/org.prism_learning.Prism.png"
  done
  test -s "$scratch/xdg/icons/hicolor/scalable/apps/org.prism_learning.Prism.svg"
)
echo "The wheel installs and runs from outside the checkout; its desktop entry validates."
