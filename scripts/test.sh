#!/usr/bin/env bash
# Runs every check and test: format, clippy (host and wasm), native tests, the browser
# component tests, and the end-to-end tests of the release dist/ against the demo portal.
# Installs what it needs first (scripts/setup.sh), so it works on a fresh machine.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

# axe-core, for the accessibility audits of the end-to-end tests (a test-only tool).
AXE_VERSION=4.14.1
export AXE_CORE_JS="$TOOLS_DIR/node_modules/axe-core/axe.min.js"
if ! grep -qs "\"version\": \"$AXE_VERSION\"" "$TOOLS_DIR/node_modules/axe-core/package.json"; then
  say "Installing axe-core $AXE_VERSION from npm into $TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "axe-core@$AXE_VERSION"
fi
# TypeScript, for the DocSpace plugin (plugin/).
TYPESCRIPT_VERSION=5.9.3
if ! tsc --version 2>/dev/null | grep -q " $TYPESCRIPT_VERSION\$"; then
  say "Installing TypeScript $TYPESCRIPT_VERSION from npm into $TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "typescript@$TYPESCRIPT_VERSION"
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
started=$SECONDS

step() {
  local name=$1
  shift
  say "$name"
  "$@" 2>&1 | tee -a "$log"
}

step "Format" cargo fmt --all -- --check
step "Clippy (host: app, tools, end-to-end harness, bench, xtask)" \
  cargo clippy --workspace --all-targets --locked -- -D warnings
step "Clippy (wasm32: the app and its browser tests)" \
  cargo clippy --target wasm32-unknown-unknown -p docspace-backups --all-targets --locked -- -D warnings
step "Native tests (API layer, domain, demo portal)" \
  cargo test --workspace --exclude e2e --locked
# The builds run under the strictest umask: every file they hand out must be made readable by
# everyone by the build itself (a loader left 0600 once made nginx answer 403 and the page never
# started), and check-readable fails the run otherwise.
step "Building dist/ (trunk build --release, umask 077)" bash -c 'umask 077 && trunk build --release'
step "Single-file build (target/single/backup-history.html, umask 077)" \
  bash -c 'umask 077 && cargo run --locked -q -p xtask -- single-file'
step "Component tests in headless Chromium (wasm-bindgen-test)" \
  cargo test --target wasm32-unknown-unknown -p docspace-backups --test components --locked
# The plugin first: an end-to-end test runs the built plugin.js in a host page.
step "DocSpace plugin: build the zip (tsc, umask 077) and check it" bash -c \
  'umask 077 && BACKUPS_PAGE_URL=https://pages.example/docspace-backups/ node plugin/scripts/build.mjs &&
   node plugin/scripts/check.mjs plugin/dist/plugin.zip https://pages.example/docspace-backups/'
step "Every built file is readable by everyone (a web server's workers must read it)" \
  bash scripts/check-readable.sh dist target/single/backup-history.html plugin/dist
step "End-to-end tests: dist/ in headless Chromium against the demo portal" \
  cargo test -p e2e --locked

say "dist/ sizes (bytes: raw, gzip -9, brotli)"
for f in dist/*.wasm dist/*.js dist/*.css dist/index.html; do
  printf '  %-48s %8d %8d %8d\n' "$(basename "$f")" "$(wc -c <"$f")" \
    "$(gzip -9c "$f" | wc -c)" "$(brotli -c "$f" | wc -c)"
done

passed=$(grep -oE 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | awk '{ s += $4 } END { print s + 0 }')
failed=$(grep -oE '[0-9]+ failed' "$log" | awk '{ s += $1 } END { print s + 0 }')
say "All checks done in $((SECONDS - started)) s"
echo "tests: $passed passed, $failed failed"
