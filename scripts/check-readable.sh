#!/usr/bin/env bash
# Fails if any file under the given folders (or any file given) is not readable by everyone, or any folder not
# searchable by everyone: a web server's workers (nginx's www-data) must read what an admin
# copies with `cp -r dist/* …`, and cp keeps the modes. Used by scripts/test.sh and build.sh.
set -euo pipefail
status=0
for dir in "$@"; do
  if [ ! -e "$dir" ]; then
    echo "check-readable: $dir does not exist" >&2
    status=1
    continue
  fi
  bad=$(find "$dir" \( -type f ! -perm -0444 \) -o \( -type d ! -perm -0555 \))
  if [ -n "$bad" ]; then
    echo "check-readable: not readable by everyone (a web server's workers would answer 403):" >&2
    while IFS= read -r f; do
      printf '  %s %s\n' "$(stat -c %A "$f")" "$f" >&2
    done <<<"$bad"
    status=1
  fi
done
[ "$status" -eq 0 ] && echo "check-readable: every file of $* is readable by everyone"
exit "$status"
