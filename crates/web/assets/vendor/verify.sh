#!/usr/bin/env bash
# Verify the vendored front-end files against SHA256SUMS.
#
# Fails (exit 1) if a listed file is missing or its sha256 differs, or if a
# file under vendor/ is not listed (SHA256SUMS and VENDOR.md themselves are
# exempt). Works from any directory. Uses sha256sum, or shasum -a 256 where
# sha256sum is missing (macOS).
#
# To check the files against upstream rather than against this list, run
# build/rebuild.sh (needs npm and the registry).
set -euo pipefail

cd "$(dirname "$0")"

if command -v sha256sum >/dev/null 2>&1; then
  hash() { sha256sum "$1" | cut -d' ' -f1; }
elif command -v shasum >/dev/null 2>&1; then
  hash() { shasum -a 256 "$1" | cut -d' ' -f1; }
else
  echo "verify.sh: need sha256sum or shasum" >&2
  exit 2
fi

[ -f SHA256SUMS ] || { echo "verify.sh: SHA256SUMS missing" >&2; exit 1; }

fail=0
checked=0
listed=""

while IFS= read -r line || [ -n "$line" ]; do
  [ -z "$line" ] && continue
  want=${line%% *}
  file=${line#*  }
  file=${file#\*}
  listed="$listed$file"$'\n'
  if [ ! -f "$file" ]; then
    echo "MISSING  $file" >&2
    fail=1
    continue
  fi
  got=$(hash "$file")
  if [ "$got" != "$want" ]; then
    echo "MISMATCH $file" >&2
    echo "  expected $want" >&2
    echo "  actual   $got" >&2
    fail=1
  fi
  checked=$((checked + 1))
done <SHA256SUMS

while IFS= read -r file; do
  file=${file#./}
  case "$file" in
    SHA256SUMS | VENDOR.md) continue ;;
  esac
  if ! printf '%s' "$listed" | grep -Fxq -- "$file"; then
    echo "UNLISTED $file" >&2
    fail=1
  fi
done < <(find . -type f)

if [ "$fail" -ne 0 ]; then
  echo "verify.sh: vendored files do not match SHA256SUMS" >&2
  exit 1
fi
echo "verify.sh: $checked files OK"
