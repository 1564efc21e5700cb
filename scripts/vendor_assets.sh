#!/usr/bin/env bash
# Vendors the front-end libraries into static/vendor/ from their npm packages, so that no page loads anything
# from the internet (the system runs on closed government networks). Idempotent: skips what is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
DEST=static/vendor
# package@version  files to keep (relative to the package root)
ASSETS=(
  "bootstrap@5.3.8 dist/css/bootstrap.min.css dist/css/bootstrap.min.css.map dist/js/bootstrap.bundle.min.js dist/js/bootstrap.bundle.min.js.map"
  "bootstrap-icons@1.13.1 font/bootstrap-icons.min.css font/fonts/bootstrap-icons.woff2 font/fonts/bootstrap-icons.woff"
)
command -v npm >/dev/null || { echo "vendor_assets: npm is needed to fetch the front-end packages" >&2; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
for entry in "${ASSETS[@]}"; do
  read -r spec files <<<"$entry"
  name=${spec%@*}
  stamp="$DEST/$name/.version"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$spec" ]; then continue; fi
  echo "vendor_assets: $spec"
  (cd "$tmp" && npm pack --silent "$spec" >/dev/null)
  mkdir -p "$tmp/$name" && tar -xzf "$tmp"/"$name"-*.tgz -C "$tmp/$name"
  rm -rf "${DEST:?}/$name"
  for f in $files; do
    mkdir -p "$DEST/$name/$(dirname "$f")"
    cp "$tmp/$name/package/$f" "$DEST/$name/$f"
  done
  cp "$tmp/$name/package/LICENSE"* "$DEST/$name/" 2>/dev/null || true
  echo "$spec" > "$stamp"
done
