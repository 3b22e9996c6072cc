#!/usr/bin/env bash
# Run the community validators (their own Python virtual environment) on a
# return and print their findings in Hearth's format. See README.md.
#
#   tools/parity/run.sh [--venv DIR] cin FILE.xml --year 2025-26 [--out F]
#   tools/parity/run.sh [--venv DIR] ssda903 DIR --year 2025-26 [--la CODE] [--last DIR] [--out F]
#   tools/parity/run.sh [--venv DIR] --check-fixtures    # outputs equal the committed ones?
#   tools/parity/run.sh [--venv DIR] --update-fixtures   # rewrite the committed outputs
#   tools/parity/run.sh [--venv DIR] --test              # this directory's own tests
#   tools/parity/run.sh [--venv DIR] places OUT.csv DIR...  # postcode directory for returns
#
# The environment lives in $PARITY_VENV, else $HOME/.cache/hearth/parity-venv,
# and is rebuilt only when requirements.txt changes.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

venv="${PARITY_VENV:-$HOME/.cache/hearth/parity-venv}"
if [ "${1:-}" = "--venv" ]; then
  [ $# -ge 2 ] || { echo "run.sh: --venv needs a directory" >&2; exit 2; }
  venv="$2"
  shift 2
fi

if [ $# -eq 0 ]; then
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi

# The validators pin pandas 1.5 and numpy 1.24: Python 3.11 is the newest
# they install on.
python="${PARITY_PYTHON:-}"
if [ -z "$python" ]; then
  for candidate in python3.11 /usr/bin/python3.11; do
    if command -v "$candidate" >/dev/null 2>&1; then python="$candidate"; break; fi
  done
fi
if [ -z "$python" ]; then
  echo "run.sh: Python 3.11 is needed (set PARITY_PYTHON, or apt-get install python3.11 python3.11-venv)" >&2
  exit 2
fi

stamp="$venv/.requirements.sha256"
want="$(sha256sum "$here/requirements.txt" | cut -d' ' -f1)"
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  if [ -e "$venv" ] && [ ! -f "$venv/pyvenv.cfg" ]; then
    echo "run.sh: $venv exists and is not a Python virtual environment; not replacing it" >&2
    exit 2
  fi
  echo "run.sh: building the validators' environment in $venv" >&2
  rm -rf "$venv"
  mkdir -p "$(dirname "$venv")"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-input -r "$here/requirements.txt" >&2
  echo "$want" >"$stamp"
fi
py="$venv/bin/python"
# Same hashing every run, so nothing in the validators can vary by process.
export PYTHONHASHSEED=0

# Every fixture and year, in one process, into the directory given.
each_fixture() {
  "$py" "$here/community.py" fixtures "$here/fixtures" "$1"
}

case "${1:-}" in
  --update-fixtures)
    each_fixture "$here/fixtures"
    ;;
  --check-fixtures)
    scratch="$(mktemp -d)"
    trap 'rm -rf "$scratch"' EXIT
    each_fixture "$scratch"
    status=0
    for committed in "$here"/fixtures/*.community.json; do
      name="$(basename "$committed")"
      if [ ! -f "$scratch/$name" ]; then
        echo "run.sh: $name is committed but no fixture produces it" >&2
        status=1
      elif ! cmp -s "$committed" "$scratch/$name"; then
        echo "run.sh: the community validators no longer give fixtures/$name:" >&2
        diff "$committed" "$scratch/$name" | head -n 20 >&2 || true
        status=1
      fi
    done
    for produced in "$scratch"/*.community.json; do
      name="$(basename "$produced")"
      if [ ! -f "$here/fixtures/$name" ]; then
        echo "run.sh: fixtures/$name is not committed (run --update-fixtures)" >&2
        status=1
      fi
    done
    [ $status -eq 0 ] && echo "run.sh: the community validators' findings on the fixtures are as committed" >&2
    exit $status
    ;;
  --test)
    cd "$here"
    exec "$py" -m pytest -q -p no:cacheprovider test_parity.py
    ;;
  places)
    shift
    exec "$py" "$here/places.py" "$@"
    ;;
  *)
    exec "$py" "$here/community.py" "$@"
    ;;
esac
