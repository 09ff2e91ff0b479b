#!/usr/bin/env bash
# Run the built bundle's smoke test (what `make dist-smoke` and CI run after `make dist`):
# the window offscreen, a module rendered, the database written and read back, in a
# temporary data folder. Exits with the bundle's own status.
set -euo pipefail
cd "$(dirname "$0")/.."

for candidate in dist/prism/prism dist/prism/prism.exe; do
  if [ -x "$candidate" ]; then
    # Windows: the console launcher must print what the commands say.
    if [ -e dist/prism/prism-cli.exe ]; then
      echo "prism-cli.exe --version: $(dist/prism/prism-cli.exe --version)"
    fi
    # No display needed: --smoke always runs offscreen.
    exec "$candidate" --smoke
  fi
done
echo "No bundle in dist/prism: build it first with 'make dist'." >&2
exit 1
