#!/usr/bin/env bash
# Builds dist/ and then one self-contained backup-history.html (wasm, JS and CSS inlined) that
# opens straight from disk. Installs what it needs first (no browser).
set -euo pipefail
export SETUP_BROWSER=${SETUP_BROWSER:-no}
source "$(dirname "$0")/setup.sh"
trunk build --release
cargo run --locked -q -p xtask -- single-file --out "${1:-target/single/backup-history.html}"
