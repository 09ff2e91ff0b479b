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
# 1366x768: the small laptop screen a team laptop often has, so nothing here needs more.
shot() {
  "$bin/prism" --data-dir "$data/prism" --screenshot "docs/screenshots/$1.png" \
    --window-size 1366x768 "${@:2}"
}
mkdir -p docs/screenshots
shot home
shot reader --page module:identity-prism
shot quiz --page quiz-feedback-wrong:online-disinhibition
shot quiz-results --page quiz-result:identity-prism
shot scenario-debrief --page scenario-debrief:boundaries
shot cpd-record --page cpd-record
shot cpd --page cpd
shot cpd-export --page cpd-export
shot journal --page journal
shot capabilities --page capabilities
shot home-dark --theme dark
shot reader-high-contrast --page module:online-proximity --theme high-contrast
shot home-200 --text-size 200
shot cpd-record-dark --page cpd-record --theme dark
shot quiz-high-contrast-200 --page quiz-feedback-right:identity-prism --theme high-contrast \
  --text-size 200
# The CPD walkthrough (cpd-1 ... cpd-10) is drawn by its test, on the same demo course.
PRISM_SCREENSHOTS=docs/screenshots "$bin/pytest" -q tests/ui/test_cpd_walkthrough.py
echo "Screenshots written to docs/screenshots/"
