# shellcheck shell=bash
# Installs everything the project needs on a Debian machine that has only Rust, and skips
# each step whose result is already there (a second run takes a second or two).
# Sourced by scripts/serve.sh and scripts/test.sh; not meant to be run alone.
#
#   wasm32 target      rustup
#   chromium, chromedriver, nginx, npm, brotli   apt (Debian's packages)
#   trunk 0.21.14      cargo install --locked                 (~15-20 min cold)
#   wasm-bindgen-cli   cargo install, exactly Cargo.lock's wasm-bindgen (~4 min cold)
#   wasm-opt 132       npm binaryen@132.0.0 into $TOOLS_DIR    (Debian's 108 breaks the app)
set -euo pipefail

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132.0.0
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TOOLS_DIR=${DOCSPACE_BACKUPS_TOOLS:-$HOME/.cache/docspace-backups-tools}
export PATH="$TOOLS_DIR/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export DEBIAN_FRONTEND=noninteractive

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=no
apt_install() {
  if [ "$apt_updated" = no ]; then
    as_root apt-get update -qq
    apt_updated=yes
  fi
  as_root apt-get install -y -qq "$@" >/dev/null
}

# Debian packages, each only when its command is missing.
missing=()
# SETUP_BROWSER=no skips the browser and nginx (both only for the tests), for a build-only
# machine (the Pages workflow).
if [ "${SETUP_BROWSER:-yes}" != no ]; then
  command -v chromium >/dev/null 2>&1 || missing+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
  # nginx for the self-hosting tests (tests/e2e/tests/nginx.rs starts its own on a loopback
  # port); /usr/sbin is not on every user's PATH.
  [ -x /usr/sbin/nginx ] || command -v nginx >/dev/null 2>&1 || missing+=(nginx)
fi
command -v npm >/dev/null 2>&1 || missing+=(npm)
command -v brotli >/dev/null 2>&1 || missing+=(brotli)
if [ ${#missing[@]} -gt 0 ]; then
  say "Installing ${missing[*]} (apt)"
  apt_install "${missing[@]}"
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "Adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "Installing trunk $TRUNK_VERSION (cargo install: about 15-20 minutes the first time)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# Trunk uses the wasm-bindgen on PATH only when it equals Cargo.lock's version exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock")
if ! grep -q "wasm_bindgen = \"$WASM_BINDGEN_VERSION\"" "$ROOT/Trunk.toml"; then
  echo "Trunk.toml's [tools] wasm_bindgen must be $WASM_BINDGEN_VERSION, the version in Cargo.lock." >&2
  exit 1
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$"; then
  say "Installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (cargo install: about 4 minutes)"
  # Without --locked: one locked dependency is missing from the registry mirror.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! wasm-opt --version 2>/dev/null | grep -q "version_${BINARYEN_VERSION%%.*}"; then
  say "Installing wasm-opt (binaryen $BINARYEN_VERSION from npm) into $TOOLS_DIR"
  mkdir -p "$TOOLS_DIR"
  npm install --prefix "$TOOLS_DIR" --no-audit --no-fund --silent "binaryen@$BINARYEN_VERSION"
fi

cd "$ROOT"
