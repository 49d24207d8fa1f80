#!/usr/bin/env bash
# Builds the page and serves it against the built-in demo portal:
#   page  http://127.0.0.1:8080/?portal=http://127.0.0.1:8092
#   API   http://127.0.0.1:8092  (token: demo-admin-token)
# Set APP_ADDR / API_ADDR to use other addresses.
set -euo pipefail
source "$(dirname "$0")/setup.sh"

say "Building the page (trunk build --release)"
trunk build --release
say "Starting the demo portal"
exec cargo run --quiet -p demo-portal -- \
  --dist dist --app "${APP_ADDR:-127.0.0.1:8080}" --api "${API_ADDR:-127.0.0.1:8092}"
