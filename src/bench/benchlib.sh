# Shell helpers shared by the benchmark scripts (sourced, not run): errors, output, argument checks.
# The measuring and parsing helpers are in benchlib.py.

die() {
  echo "${0##*/}: error: $*" >&2
  exit 1
}

note() { printf '%s\n' "$*"; }

is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

# awk does the floating-point arithmetic bash lacks.
ratio() { # ratio A B -> "A/B" with 2 decimals, or n/a when either is missing
  if [[ -z $1 || -z $2 ]]; then echo "n/a"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
