#!/usr/bin/env bash
# Trunk post_build hook (see Trunk.toml): moves trunk's inline module loader into its own
# content-hashed file, so the page's Content-Security-Policy needs no 'unsafe-inline'.
# Trunk 0.21 has no option for this (trunk-rs/trunk#288). Uses perl and coreutils only,
# which every Debian base system has.
set -euo pipefail
dir=${TRUNK_STAGING_DIR:?this runs as a trunk hook}
html="$dir/index.html"
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# The inline module's body, exactly as trunk wrote it.
perl -0777 -ne 'print $1 if m{<script type="module">(.*?)</script>}s or die "no inline loader in index.html\n"' \
  "$html" >"$tmp"
name="loader-$(sha256sum "$tmp" | cut -c1-16).js"
# Written anew, not copied: `cp` of the mktemp file kept its mode 0600, and nginx's www-data
# workers answered the loader with 403 (the page never started). The modes are set below.
cat "$tmp" >"$dir/$name"
perl -0777 -i -pe "s{<script type=\"module\">.*?</script>}{<script type=\"module\" src=\"./$name\"></script>}s" "$html"
grep -q "<script type=\"module\" src=\"./$name\"></script>" "$html"
if grep -q '<script type="module">' "$html"; then
  echo "an inline module script is still in index.html" >&2
  exit 1
fi

# No <link rel="preload"> of the wasm. It made the wasm's download start while the page's
# own text (heading, lead, footer: static in index.html) was still waiting for the CSS, so on a
# slow link the first paint shared its bandwidth with 165 KB of wasm: Lighthouse's simulated
# mobile LCP was 3.8 s (score 87). Without it the text paints first (LCP 1.3 s, score 98) and the
# loader fetches the wasm one round trip later (form ready: no difference measurable on this
# machine's loopback; one RTT on a slow link). See README "Performance".
perl -i -pe 's{<link rel="preload" href="[^"]+\.wasm"[^>]*>}{}g' "$html"
if grep -Eq '<link rel="preload" href="[^"]+\.wasm"' "$html"; then
  echo "the wasm preload is still in index.html" >&2
  exit 1
fi

# Every file world-readable and every folder searchable, whatever the umask the build ran
# under: trunk writes with the umask's modes and moves the files into dist/ as they are, and
# `cp -r dist/* /var/www/…` keeps them. scripts/check-readable.sh checks the result.
chmod -R u+rwX,go+rX "$dir"
chmod u+rwx,go+rx "${TRUNK_DIST_DIR:-$dir/..}"
