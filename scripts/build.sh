#!/usr/bin/env bash
# Builds the release dist/ with the pinned tools (installing what is missing, browser
# excepted), as the GitHub Pages workflow does. Any static host can serve dist/ as it is,
# at its root or under a sub-path.
set -euo pipefail
export SETUP_BROWSER=${SETUP_BROWSER:-no}
source "$(dirname "$0")/setup.sh"
trunk build --release
bash "$ROOT/scripts/check-readable.sh" dist
say "dist/ is ready: $(du -sh dist | cut -f1) in $(find dist -type f | wc -l) files"
