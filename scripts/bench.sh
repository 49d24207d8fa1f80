#!/usr/bin/env bash
# The benchmark (bench/): builds the release dist/, installs Lighthouse 12.8.2 if missing, and
# runs the app against the hand-written baseline in headless Chromium. Extra arguments go to
# the benchmark (e.g. --rounds 9, --no-lighthouse).
set -euo pipefail
source "$(dirname "$0")/setup.sh"
LIGHTHOUSE_VERSION=12.8.2
if ! lighthouse --version 2>/dev/null | grep -qx "$LIGHTHOUSE_VERSION"; then
  say "Installing Lighthouse $LIGHTHOUSE_VERSION from npm into $TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "lighthouse@$LIGHTHOUSE_VERSION"
fi
trunk build --release
say "Benchmark (machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(chromium --version))"
cargo run --locked --release -q -p bench -- "$@"
