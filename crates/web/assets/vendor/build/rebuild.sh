#!/usr/bin/env bash
# Rebuild crates/web/assets/vendor from the npm registry and compare it with
# what is committed.
#
#   build/rebuild.sh           rebuild in a temp dir, compare, exit 1 on any difference
#   build/rebuild.sh --write   rebuild and overwrite the vendored files, then
#                              regenerate SHA256SUMS (update VENDOR.md by hand)
#
# Needs node >= 20.19 and npm. Installs exactly what package-lock.json pins
# (integrity-checked by npm ci), with install scripts disabled. Nothing is
# installed outside a temporary directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
vendor=$(dirname "$here")
mode=${1:-check}
case "$mode" in
  check | --write) ;;
  *) echo "usage: $0 [--write]" >&2; exit 2 ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp "$here"/package.json "$here"/package-lock.json "$here"/*.scss "$work"/
cd "$work"
npm ci --no-audit --no-fund --legacy-peer-deps --ignore-scripts --loglevel=error

out="$work/out"
mkdir -p "$out/govuk-frontend" "$out/moj-frontend/images" "$out/htmx"

# CSS: rebuilt from the packages' Sass (system fonts, no GOV.UK branding,
# asset paths under /assets/vendor/...). --quiet-deps hides upstream
# deprecation notices; @error in _hearth-urls.scss still fails the build.
sass() { node node_modules/sass/sass.js --no-source-map --style=compressed --quiet-deps --load-path=. "$@"; }
sass govuk-frontend.scss "$out/govuk-frontend/govuk-frontend.min.css"
sass moj-frontend.scss "$out/moj-frontend/moj-frontend.min.css"

# JS: byte-for-byte as published (ES module builds; htmx as a classic script).
cp node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js "$out/govuk-frontend/"
cp node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js "$out/moj-frontend/"
cp node_modules/htmx.org/dist/htmx.min.js node_modules/htmx.org/LICENSE "$out/htmx/"

# Images: exactly the ones the rebuilt CSS references, nothing else.
# (GOV.UK Frontend: none — its only image is the crest, which is dropped.)
if grep -o 'url([^)]*)' "$out/govuk-frontend/govuk-frontend.min.css" >/dev/null; then
  echo "govuk-frontend.min.css references a url(); vendor it and update this script" >&2
  grep -o 'url([^)]*)' "$out/govuk-frontend/govuk-frontend.min.css" >&2
  exit 1
fi
grep -o 'url([^)]*)' "$out/moj-frontend/moj-frontend.min.css" | sort -u |
  while IFS= read -r u; do
    path=${u#url(}; path=${path%)}; path=${path//\"/}
    case "$path" in
      /assets/vendor/moj-frontend/images/*) ;;
      *) echo "unexpected url in moj-frontend.min.css: $u" >&2; exit 1 ;;
    esac
    cp "node_modules/@ministryofjustice/frontend/moj/assets/images/${path##*/}" "$out/moj-frontend/images/"
  done

# Branding / font guards.
# (Class names such as .moj-header__logotype-crown are harmless: they only
# style markup our templates never emit. Image URLs are what matter.)
if grep -ilE 'GDS Transport|@font-face|\.woff|url\([^)]*(crown|crest|logo|favicon|govuk-icon|opengraph)' \
    "$out"/govuk-frontend/*.css "$out"/moj-frontend/*.css; then
  echo "GOV.UK font or crown/crest asset still referenced in the CSS above" >&2
  exit 1
fi

status=0
if [ "$mode" = --write ]; then
  (cd "$out" && find . -type f) | while IFS= read -r f; do
    mkdir -p "$vendor/$(dirname "$f")"
    cp "$out/$f" "$vendor/$f"
  done
  # Drop MoJ images no longer referenced.
  for f in "$vendor"/moj-frontend/images/*; do
    [ -e "$out/moj-frontend/images/${f##*/}" ] || rm -v "$f"
  done
  (
    cd "$vendor"
    find . -type f ! -name SHA256SUMS ! -name VENDOR.md | sed 's|^\./||' | LC_ALL=C sort |
      xargs sha256sum >SHA256SUMS
  )
  echo "vendor folder rewritten; SHA256SUMS regenerated. Update VENDOR.md."
else
  while IFS= read -r f; do
    if ! cmp -s "$out/$f" "$vendor/$f"; then
      echo "DIFFERS: $f" >&2
      status=1
    fi
  done < <(cd "$out" && find . -type f | sed 's|^\./||' | LC_ALL=C sort)
  for f in "$vendor"/moj-frontend/images/*; do
    if [ ! -e "$out/moj-frontend/images/${f##*/}" ]; then
      echo "NOT REFERENCED ANY MORE: moj-frontend/images/${f##*/}" >&2
      status=1
    fi
  done
  [ $status -eq 0 ] && echo "rebuild matches the vendored files"
fi
exit $status
