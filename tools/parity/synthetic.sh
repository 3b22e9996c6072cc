#!/usr/bin/env bash
# A synthetic authority's returns (the small profile, seed 1, as at 30
# November 2026, unless PROFILE and SEED say otherwise), checked by
# Hearth's rules and by the community validators, and their findings
# compared child by rule (compare.py, with known-differences.tsv).
# Prints each side's counts; exits 1 if any difference is not explained.
#
#   [PROFILE=medium] [SEED=2] tools/parity/synthetic.sh HEARTH_BINARY [WORKDIR]
#
# The ONS codes the profiles make their returns as: small E06000002, medium
# E06000015, large E06000065.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ $# -ge 1 ] || { sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }
bin="$1"
work="${2:-$(mktemp -d)}"
mkdir -p "$work"
profile="${PROFILE:-small}"
seed="${SEED:-1}"
case "$profile" in
  small) la=E06000002 ;;
  medium) la=E06000015 ;;
  large) la=E06000065 ;;
  *) echo "synthetic.sh: PROFILE is small, medium or large" >&2; exit 2 ;;
esac
db="$work/$profile.db"

rm -f "$db"*
"$bin" synth --profile "$profile" --seed "$seed" --as-at 2026-11-30 --db "$db" >&2
for year in 2025-26 2026-27; do
  "$bin" returns cin --year "$year" --out "$work/cin-$year.xml" --db "$db" >&2
  rm -rf "$work/903-$year"
  "$bin" returns ssda903 --year "$year" --out "$work/903-$year" --db "$db" >&2
done
# Ofsted's list of the area's registered providers, which the placements
# are made through, for the rules on each placement's URN.
"$bin" synth providers --profile "$profile" --seed "$seed" --out "$work/providers.xlsx" >&2
"$here/run.sh" places "$work/places.csv" "$work/903-2025-26" "$work/903-2026-27" "$work/providers.xlsx"

# `hearth validate` exits 1 when it finds an error: that is a result here.
validate() {
  local status=0
  "$bin" validate "$@" || status=$?
  [ $status -le 1 ]
}

status=0
for year in 2025-26 2026-27; do
  "$here/run.sh" cin "$work/cin-$year.xml" --year "$year" --out "$work/cin-$year.community.json"
  validate cin "$work/cin-$year.xml" --year "$year" --json >"$work/cin-$year.hearth.json"
  echo "CIN census $year:" >&2
  python3 "$here/compare.py" "$work/cin-$year.community.json" "$work/cin-$year.hearth.json" \
    --names community hearth >&2 || status=1

  # 2026-27 is checked with 2025-26 as last year's return, so the rules
  # comparing the two years run on both sides.
  last=()
  [ "$year" = 2026-27 ] && last=(--last "$work/903-2025-26")
  "$here/run.sh" ssda903 "$work/903-$year" --year "$year" --la "$la" "${last[@]}" \
    --providers "$work/providers.xlsx" --out "$work/903-$year.community.json"
  validate ssda903 "$work/903-$year" --year "$year" --la "$la" "${last[@]}" \
    --postcodes "$work/places.csv" --providers "$work/providers.xlsx" \
    --json >"$work/903-$year.hearth.json"
  echo "SSDA903 $year:" >&2
  python3 "$here/compare.py" "$work/903-$year.community.json" "$work/903-$year.hearth.json" \
    --names community hearth >&2 || status=1
done
exit $status
