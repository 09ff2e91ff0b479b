#!/usr/bin/env bash
# The README's screenshots, every one made by `prism --screenshot` over a demo learner.
#   scripts/make-screenshots.sh      (what `make screenshots` runs)
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
data=$(mktemp -d)
trap 'rm -rf "$data"' EXIT
export QT_QPA_PLATFORM=offscreen
"$bin/python" scripts/demo_data.py "$data/prism"
shot() { "$bin/prism" --data-dir "$data/prism" --screenshot "docs/screenshots/$1.png" "${@:2}"; }
mkdir -p docs/screenshots
shot home
shot reader --page module:identity-prism
shot quiz --page quiz-feedback:online-disinhibition
shot cpd --page cpd
shot cpd-export --page cpd-export
shot journal --page journal
shot capabilities --page capabilities
shot home-dark --theme dark
shot reader-high-contrast --page module:online-proximity --theme high-contrast
shot home-200 --text-size 200
echo "Screenshots written to docs/screenshots/"
