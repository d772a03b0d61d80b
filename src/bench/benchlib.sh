# Shell helpers shared by the benchmark scripts (sourced, not run): errors, output, argument checks,
# starting and stopping servers, redis-benchmark rows with the server's CPU per request, medians.
# The helpers that are awkward in bash (free ports, RESP streams, the lag probe) are in benchlib.py.

die() {
  echo "${0##*/}: error: $*" >&2
  exit 1
}

note() { printf '%s\n' "$*"; }

# A bench's closing lines: the load average, then the PROBLEMS it collected (exit 1) or $1.
finish_report() {
  note ""
  note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (at end)"
  if ((${#PROBLEMS[@]} > 0)); then
    note "PROBLEMS (${#PROBLEMS[@]}):"
    for p in "${PROBLEMS[@]}"; do note "  - $p"; done
    exit 1
  fi
  note "$1"
}

is_count() { [[ $1 =~ ^[1-9][0-9]*$ ]]; }

# awk does the floating-point arithmetic bash lacks.
ratio() { # ratio A B -> "A/B" with 2 decimals, or n/a when either is missing
  if [[ -z $1 || -z $2 ]]; then echo "n/a"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }

# ---------------------------------------------------------------- servers

stop_pid() { # TERM, then KILL after 10 s: the trap must not hang on a stuck server
  local pid=$1 i
  [[ -n $pid ]] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 100; i++)); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

wait_ready() { # wait_ready NAME PID PORT LOG: PING until PONG, bounded (JVM start-up included)
  local name=$1 pid=$2 port=$3 log=$4 i
  for ((i = 0; i < 120; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "$name exited during start-up (log above)"; }
    [[ $(redis-cli -h 127.0.0.1 -p "$port" ${TLS_CLI_ARGS[@]+"${TLS_CLI_ARGS[@]}"} ping 2>/dev/null || true) == PONG ]] && return 0
    sleep 0.25
  done
  tail -n 20 "$log" >&2
  die "$name (pid $pid, port $port) did not answer PING within 30 s"
}

# Reads JCMD and JSTAT: the tools of the JDK that runs the JVM measured (the attach protocol and
# the perf-data layout are version-specific).
live_heap() { # live_heap PID -> live heap in bytes: a full GC first, then the used space of every generation
  "$JCMD" "$1" GC.run >/dev/null || die "jcmd $1 GC.run failed"
  "$JSTAT" -gc "$1" | awk '
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NR == 2 { if (!("OU" in col)) exit 1
              printf "%.0f\n", ($col["S0U"] + $col["S1U"] + $col["EU"] + $col["OU"]) * 1024 }' ||
    die "could not read the heap of pid $1 with $JSTAT -gc"
}

# ---------------------------------------------------------------- redis-benchmark rows

# The server's own CPU clock: background load stretches both servers' wall-clock time more than
# the CPU each spends on a request, so this figure holds steadier than requests/s.
CLK_TCK=$(getconf CLK_TCK)

cpu_ticks() { # cpu_ticks PID -> user+system CPU of the whole process (every thread), in clock ticks
  local stat fields
  read -r stat <"/proc/$1/stat" || return 1
  # Field 2, the command name, is in parentheses and may hold spaces: split after the last ')'.
  # What is left starts at field 3, so utime (field 14) and stime (15) are at 11 and 12.
  read -r -a fields <<<"${stat##*) }"
  echo $((fields[11] + fields[12]))
}

# Reads CLIENTS (-c), TIMEOUT (seconds), WORK (a scratch directory) and TLS_CLI_ARGS (redis-cli's
# and redis-benchmark's --tls options, when the servers speak TLS only); a script may define
# custom_row TEST PORT (sets ROW, the options and command of a row redis-benchmark has no -t test for).
run_benchmark() { # run_benchmark PORT DEPTH TEST N [PID]: sets RB_RPS, RB_P50, RB_P99 (ms), RB_NAME and,
                  # with PID, RB_CPU (µs of that process's CPU per request); or RB_ERR on failure
  local port=$1 depth=$2 test=$3 n=$4 pid=${5:-} rc=0 custom=0 ticks0="" ticks1="" lines name
  local what=(-t "$test") # apart: bash expands a local's array words before the line's other assignments
  RB_RPS="" RB_P50="" RB_P99="" RB_CPU="" RB_NAME=$test RB_ERR=""
  if declare -F custom_row >/dev/null && custom_row "$test" "$port"; then
    what=("${ROW[@]}") custom=1
  fi
  # The clock is read after custom_row, so its SCRIPT LOAD is not counted in the row.
  [[ -z $pid ]] || ticks0=$(cpu_ticks "$pid" || true)
  # Options before the command: redis-benchmark takes everything after a command as its arguments.
  timeout --foreground "$TIMEOUT" redis-benchmark -h 127.0.0.1 -p "$port" ${TLS_CLI_ARGS[@]+"${TLS_CLI_ARGS[@]}"} -c "$CLIENTS" -n "$n" \
    -P "$depth" --csv "${what[@]}" >"$WORK/rb.out" 2>"$WORK/rb.err" || rc=$?
  [[ -z $pid ]] || ticks1=$(cpu_ticks "$pid" || true)
  # --csv prints a header line ("test","rps","avg_latency_ms",...,"p50_latency_ms",...; before
  # redis-benchmark 7 only "test","rps"), then one line per test: "SET","61234.56","0.55",... Some
  # tests first run the one that fills their key ("LPUSH (needed to benchmark LRANGE)", n requests
  # too, counted in the CPU per request): the last line is the one asked for. "-" stands for a
  # missing figure, the name goes last as it may hold spaces.
  IFS=$'\t' read -r lines RB_RPS RB_P50 RB_P99 name < <(awk -F'","' '
    { sub(/\r$/, ""); gsub(/^"|"$/, "") }
    NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    NF > 1 { lines++; name = $1; rps = $2
             p50 = ("p50_latency_ms" in col) ? $col["p50_latency_ms"] : "-"
             p99 = ("p99_latency_ms" in col) ? $col["p99_latency_ms"] : "-" }
    END { printf "%d\t%s\t%s\t%s\t%s\n", lines, rps == "" ? "-" : rps, p50 == "" ? "-" : p50, p99 == "" ? "-" : p99, name }' "$WORK/rb.out")
  [[ $RB_P50 =~ ^[0-9.]+$ ]] || RB_P50=""
  [[ $RB_P99 =~ ^[0-9.]+$ ]] || RB_P99=""
  [[ -n $name ]] && ((!custom)) && RB_NAME=$name
  if [[ $ticks0 =~ ^[0-9]+$ && $ticks1 =~ ^[0-9]+$ ]] && ((lines > 0)); then
    RB_CPU=$(awk -v t="$((ticks1 - ticks0))" -v hz="$CLK_TCK" -v r="$((lines * n))" 'BEGIN { printf "%.4f", t / hz * 1e6 / r }')
  fi
  if ((rc == 124)); then
    RB_ERR="timed out after ${TIMEOUT}s"
  elif ((rc != 0)) || [[ ! $RB_RPS =~ ^[0-9.]+$ ]]; then
    # The CONFIG warning is noise (Verdis has no CONFIG GET save yet); keep the real error.
    RB_ERR=$(grep -v 'Could not fetch server CONFIG' "$WORK/rb.err" | grep -v '^\s*$' | tail -n1 || true)
    RB_ERR="exit $rc${RB_ERR:+: $RB_ERR}"
  fi
  [[ -z $RB_ERR ]] || RB_RPS="" RB_P50="" RB_P99="" RB_CPU=""
}

settle() { # settle PID: wait (at most ~10 s) until PID's CPU clock holds still: at most 1 tick in 0.5 s
  local previous current tries=0
  previous=$(cpu_ticks "$1") || return 0
  while ((tries++ < 20)); do
    sleep 0.5
    current=$(cpu_ticks "$1") || return 0
    ((current - previous > 1)) || break
    previous=$current
  done
}

median() { # median V... -> the median (the mean of the middle two for an even count), nothing for none
  (($# > 0)) || return 0
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { printf "%.6f\n", NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

shown() { # shown FORMAT V... -> the median of the Vs in FORMAT, or n/a when there is none
  local m
  m=$(median "${@:2}")
  if [[ -n $m ]]; then printf "$1" "$m"; else echo n/a; fi
}

spread() { # spread V... -> "min-max" with 2 decimals, or "-" with fewer than two values
  (($# > 1)) || { echo -; return; }
  printf '%s\n' "$@" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.2f-%.2f\n", lo, hi }'
}

record() { # record SIDE (v or r): add this run's figures to SIDE's lists, or count its error
  local -n rps_of=${1}_rps cpu_of=${1}_cpu p50_of=${1}_p50 p99_of=${1}_p99 now_of=${1}_now err_of=${1}_err fails_of=${1}_fails
  now_of=()
  if [[ -n $RB_ERR ]]; then
    err_of=$RB_ERR fails_of=$((fails_of + 1))
    return 0
  fi
  now_of=("$RB_RPS" "$RB_CPU" "$RB_P50" "$RB_P99")
  rps_of+=("$RB_RPS")
  [[ -z $RB_CPU ]] || cpu_of+=("$RB_CPU")
  [[ -z $RB_P50 ]] || p50_of+=("$RB_P50")
  [[ -z $RB_P99 ]] || p99_of+=("$RB_P99")
  label=${RB_NAME% (first * elements)} # the CSV's name, e.g. "MSET (10 keys)"; LRANGE_100 says it all
}

pair() { # pair LIST A B: add A/B to LIST when both were measured (ratios of one repeat, taken back to back)
  local -n list=$1
  [[ -n $2 && -n $3 ]] || return 0
  awk -v b="$3" 'BEGIN { exit !(b > 0) }' || return 0
  list+=("$(awk -v a="$2" -v b="$3" 'BEGIN { printf "%.4f", a / b }')")
}

below() { awk -v a="$1" -v b="$2" 'BEGIN { exit !(a < b) }'; } # below A B: true when A < B
