#!/usr/bin/env bash
# Verdis as a cache against redis-server as a cache, side by side in one run: both with the same
# maxmemory and policy, the same Zipf-distributed trace replayed against each (hit rate, peak
# memory), then a write load that overshoots the limit (peak memory against the limit).
# Run `src/bench/cache-trace.sh --help` for the options.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCHLIB="$SCRIPT_DIR/benchlib.py"
TRACE="$SCRIPT_DIR/cachetrace.py"
# shellcheck source=benchlib.sh
source "$SCRIPT_DIR/benchlib.sh"

usage() {
  cat <<'EOF'
Usage: src/bench/cache-trace.sh [--maxmemory SIZE] [--policy P] [--keys N] [--ops N] [--zipf S]
                                [--writes F] [--seed N] [--overshoot N] [--value-size B]
                                [--shards N] [--java PATH] [--jar PATH] [--build]

A web framework's page cache, replayed against Verdis and redis-server started with the same
maxmemory and maxmemory-policy on free loopback ports:

1. The cache trace (cachetrace.py): OPS requests for entries of KEYS keys with a Zipf(S)
   popularity, values of 100 B - 64 KiB (log-normal, median 800 B, fixed per key); a fraction
   F are writes, the rest GET and, on a miss, SET of the entry. The same trace file is
   replayed against each server, one after the other, with INFO polled every 20 ms meanwhile.
   Reported: hit rate, keys held at the end, evictions, peak memory. Goal: Verdis's hit rate
   within 2 points of redis-server's.
2. A write load that overshoots the limit: fresh servers, redis-benchmark SET of B-byte values
   to random keys (-r 100000000, -P 16, -c 50, N requests, several times maxmemory), INFO
   polled meanwhile. Goal: peak memory never above maxmemory + 5%.

Memory: Redis's used_memory (what its maxmemory is measured against). Verdis's maxmemory is
measured against its counted dataset (INFO used_memory_dataset, keys and values as ValueSize
counts them); its used_memory is the JVM's heap and non-heap in use, garbage not yet collected
included, so it is shown apart, with the live heap after a full GC at the end of each phase
(less the live heap of the server just started), which is what the counted dataset estimates.

Options:
  --maxmemory SIZE  both servers' maxmemory                        [64mb]
  --policy P        both servers' maxmemory-policy                 [allkeys-lru]
  --keys N          distinct cache entries                         [400000]
  --ops N           requests in the trace                          [2000000]
  --zipf S          Zipf exponent of the popularity                [0.99]
  --writes F        fraction of requests that are writes           [0.03]
  --seed N          seed of the trace and of the value sizes       [1]
  --overshoot N     SET requests of the overshooting write load    [1000000]
  --value-size B    value size of the overshooting write load      [1024]
  --shards N        Verdis shard count         [Verdis's default: one per processor]
  --java PATH       java binary that runs Verdis (a full JDK: jcmd, jstat) [$JAVA, else java]
  --jar PATH        Verdis jar                [$VERDIS_JAR, <repo>/target/verdis.jar]
  --build           build target/verdis.jar first (it is built anyway when missing)
  -h, --help        this text

Environment: VERDIS_JAVA_OPTS (JVM flags for Verdis), REDIS_SERVER (redis-server binary),
BENCH_TIMEOUT (seconds before one replay or load is abandoned, 900).
Needs redis-server, redis-cli, redis-benchmark (apt-get install redis-server) and python3.
Exit status: 0 when both goals were met, 1 otherwise.
EOF
}

MAXMEMORY=64mb POLICY=allkeys-lru KEYS=400000 OPS=2000000 ZIPF=0.99 WRITES=0.03 SEED=1
OVERSHOOT=1000000 VALUE_SIZE=1024 SHARDS="" BUILD=0
JAVA_CMD=${JAVA:-java} JAR=${VERDIS_JAR:-$REPO_DIR/target/verdis.jar}
while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --build) BUILD=1 ;;
    --maxmemory) need_value "$@"; MAXMEMORY=$2; shift ;;
    --policy) need_value "$@"; POLICY=$2; shift ;;
    --keys) need_value "$@"; KEYS=$2; shift ;;
    --ops) need_value "$@"; OPS=$2; shift ;;
    --zipf) need_value "$@"; ZIPF=$2; shift ;;
    --writes) need_value "$@"; WRITES=$2; shift ;;
    --seed) need_value "$@"; SEED=$2; shift ;;
    --overshoot) need_value "$@"; OVERSHOOT=$2; shift ;;
    --value-size) need_value "$@"; VALUE_SIZE=$2; shift ;;
    --shards) need_value "$@"; SHARDS=$2; shift ;;
    --java) need_value "$@"; JAVA_CMD=$2; shift ;;
    --jar) need_value "$@"; JAR=$2; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done
for pair in "keys:$KEYS" "ops:$OPS" "seed:$SEED" "overshoot:$OVERSHOOT" "value-size:$VALUE_SIZE"; do
  is_count "${pair#*:}" || die "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ -z $SHARDS ]] || is_count "$SHARDS" || die "--shards must be a positive integer, got '$SHARDS'"
TIMEOUT=${BENCH_TIMEOUT:-900} CLIENTS=50
REDIS_SERVER=${REDIS_SERVER:-redis-server}
for tool in python3 redis-cli redis-benchmark "$REDIS_SERVER"; do
  command -v "$tool" >/dev/null || die "$tool not found (apt-get install redis-server python3)"
done
JAVA_PATH=$(readlink -f "$(command -v "$JAVA_CMD")") || die "java binary '$JAVA_CMD' not found"
JCMD="$(dirname "$JAVA_PATH")/jcmd" JSTAT="$(dirname "$JAVA_PATH")/jstat"
[[ -x $JCMD && -x $JSTAT ]] || die "no jcmd/jstat next to $JAVA_PATH: the live heap needs a full JDK (--java PATH)"
if ((BUILD)) || [[ ! -f $JAR ]]; then
  (cd "$REPO_DIR" && mvn -B -q -o -DskipTests package) >/dev/null || die "the build failed (mvn -B -q -o -DskipTests package)"
fi
read -r -a JAVA_OPTS <<<"${VERDIS_JAVA_OPTS:-}"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-cache.XXXXXX")
VERDIS_PID="" REDIS_PID="" WATCH_PID="" PROBLEMS=()
stop_servers() {
  stop_pid "$WATCH_PID"
  stop_pid "$VERDIS_PID"
  stop_pid "$REDIS_PID"
  WATCH_PID="" VERDIS_PID="" REDIS_PID=""
}
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_servers
  if ((rc == 0)); then rm -rf "$WORK"; else echo "cache-trace.sh: exit status $rc; logs kept in $WORK" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

LIMIT_ARGS=(--maxmemory "$MAXMEMORY" --maxmemory-policy "$POLICY" --save "" --appendonly no)

start_both() { # fresh servers in fresh directories: sets VERDIS_PORT, REDIS_PORT and the pids
  local ports var env_args=()
  mapfile -t ports < <(python3 "$BENCHLIB" ports 2)
  VERDIS_PORT=${ports[0]} REDIS_PORT=${ports[1]}
  rm -rf "$WORK/verdis" "$WORK/redis" && mkdir -p "$WORK/verdis" "$WORK/redis"
  # VERDIS_<DIRECTIVE> variables would override the directives given here.
  for var in $(compgen -e); do
    [[ $var == VERDIS_* ]] && env_args+=(-u "$var")
  done
  env "${env_args[@]}" "$JAVA_PATH" "${JAVA_OPTS[@]}" -jar "$JAR" --port "$VERDIS_PORT" --bind 127.0.0.1 \
    --pizzaria-port 0 --http-port 0 --dir "$WORK/verdis" ${SHARDS:+--shards "$SHARDS"} "${LIMIT_ARGS[@]}" \
    >>"$WORK/verdis.log" 2>&1 &
  VERDIS_PID=$!
  "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --daemonize no --dir "$WORK/redis" "${LIMIT_ARGS[@]}" \
    >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  wait_ready Verdis "$VERDIS_PID" "$VERDIS_PORT" "$WORK/verdis.log"
  wait_ready redis-server "$REDIS_PID" "$REDIS_PORT" "$WORK/redis.log"
}

info_field() { # info_field PORT FIELD
  redis-cli -h 127.0.0.1 -p "$1" info | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2 }'
}

watch_memory() { # watch_memory PORT: INFO polled in the background until end_watch
  python3 "$TRACE" memwatch "$1" >"$WORK/watch.out" &
  WATCH_PID=$!
}

end_watch() { # sets MAX_USED MAX_DATASET EVICTED
  stop_pid "$WATCH_PID"
  WATCH_PID=""
  read -r MAX_USED MAX_DATASET EVICTED _ <"$WORK/watch.out" || die "the memory watch printed nothing"
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB", b / 1048576 }'; }
over() { awk -v m="$1" -v l="$2" 'BEGIN { printf "%+.2f%%", (m - l) * 100 / l }'; } # over PEAK LIMIT

note "== Verdis vs redis-server as a cache, side by side =="
note "date:        $(date '+%Y-%m-%d %H:%M:%S %Z'), $(nproc) CPUs, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
jar_info=$JAR
if [[ $JAR == "$REPO_DIR/target/verdis.jar" ]] && git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  jar_info+=" (source: git $(git -C "$REPO_DIR" rev-parse --short HEAD))"
fi
note "verdis:      $jar_info, $("$JAVA_PATH" -version 2>&1 | head -1)"
note "jvm flags:   ${VERDIS_JAVA_OPTS:-(none)}   (VERDIS_JAVA_OPTS)"
note "redis:       $("$REDIS_SERVER" --version)"
note "both:        maxmemory $MAXMEMORY, maxmemory-policy $POLICY, no persistence"
python3 "$TRACE" generate "$WORK/trace.bin" --keys "$KEYS" --ops "$OPS" --zipf "$ZIPF" --writes "$WRITES" --seed "$SEED"
note "trace:       $OPS requests over $KEYS keys, Zipf $ZIPF, $WRITES writes, seed $SEED; GET then SET on a miss,"
note "             values 100 B - 64 KiB (log-normal, median 800 B), pipelined 32 at a time, one connection"
start_both
LIMIT=$(info_field "$REDIS_PORT" maxmemory)
note "shards:      $(grep -o -m1 '[0-9]* shards' "$WORK/verdis.log" | cut -d' ' -f1 || echo '?'); limit $LIMIT bytes"
V_BASE=$(live_heap "$VERDIS_PID")

# ---------------------------------------------------------------- 1. the cache trace

replay() { # replay PORT: sets GETS HITS SETS SECS and the memory figures
  watch_memory "$1"
  read -r GETS HITS SETS SECS < <(timeout --foreground "$TIMEOUT" python3 "$TRACE" replay "$WORK/trace.bin" "$1") ||
    die "the replay on port $1 failed or timed out"
  end_watch
}

replay "$REDIS_PORT"
R_RATE=$(awk -v h="$HITS" -v g="$GETS" 'BEGIN { printf "%.2f", h * 100 / g }')
R_KEYS=$(redis-cli -p "$REDIS_PORT" dbsize) R_USED=$MAX_USED R_EVICTED=$EVICTED R_SECS=$SECS
replay "$VERDIS_PORT"
V_RATE=$(awk -v h="$HITS" -v g="$GETS" 'BEGIN { printf "%.2f", h * 100 / g }')
V_KEYS=$(redis-cli -p "$VERDIS_PORT" dbsize) V_DATASET=$MAX_DATASET V_USED=$MAX_USED V_EVICTED=$EVICTED V_SECS=$SECS
V_LIVE=$(($(live_heap "$VERDIS_PID") - V_BASE))

note ""
note "-- 1. cache trace: hit rate (higher is better) and peak memory --"
printf '%-14s %9s %9s %9s %10s  %-34s %s\n' server "hit rate" keys evicted "replay s" "peak (what maxmemory measures)" "other memory"
printf '%-14s %8s%% %9s %9s %10s  %-34s %s\n' redis-server "$R_RATE" "$R_KEYS" "$R_EVICTED" "$R_SECS" \
  "used_memory $(mib "$R_USED") ($(over "$R_USED" "$LIMIT"))" "-"
printf '%-14s %8s%% %9s %9s %10s  %-34s %s\n' Verdis "$V_RATE" "$V_KEYS" "$V_EVICTED" "$V_SECS" \
  "dataset $(mib "$V_DATASET") ($(over "$V_DATASET" "$LIMIT"))" \
  "live heap at end $(mib "$V_LIVE") ($(over "$V_LIVE" "$LIMIT")); JVM used_memory peak $(mib "$V_USED")"
GAP=$(awk -v v="$V_RATE" -v r="$R_RATE" 'BEGIN { printf "%.2f", v - r }')
note "hit rate:    Verdis - Redis = $GAP points (goal: within 2)"
awk -v g="$GAP" 'BEGIN { exit !(g >= -2) }' || PROBLEMS+=("hit rate $GAP points below redis-server's")

# ---------------------------------------------------------------- 2. the overshooting write load

# redis-benchmark's SET with random keys of a huge range: every write is a new key.
custom_row() { ROW=(-r 100000000 -d "$VALUE_SIZE" -t set); }
overshoot() { # overshoot PORT PID: sets RB_RPS and the memory figures
  watch_memory "$1"
  run_benchmark "$1" 16 set "$OVERSHOOT" "$2"
  [[ -z $RB_ERR ]] || PROBLEMS+=("write load on port $1: $RB_ERR")
  end_watch
}
stop_servers
start_both
V_BASE=$(live_heap "$VERDIS_PID")
overshoot "$REDIS_PORT" "$REDIS_PID"
R_USED=$MAX_USED R_EVICTED=$EVICTED R_RPS=$RB_RPS R_KEYS=$(redis-cli -p "$REDIS_PORT" dbsize)
overshoot "$VERDIS_PORT" "$VERDIS_PID"
V_DATASET=$MAX_DATASET V_USED=$MAX_USED V_EVICTED=$EVICTED V_RPS=$RB_RPS V_KEYS=$(redis-cli -p "$VERDIS_PORT" dbsize)
V_LIVE=$(($(live_heap "$VERDIS_PID") - V_BASE))
written=$(awk -v n="$OVERSHOOT" -v s="$VALUE_SIZE" -v l="$LIMIT" 'BEGIN { printf "%.1f", n * s / l }')

note ""
note "-- 2. write load overshooting the limit: SET of $VALUE_SIZE-byte values to new keys, -P 16 -c $CLIENTS,"
note "      $OVERSHOOT requests (${written}x maxmemory written) --"
printf '%-14s %10s %9s %9s  %-34s %s\n' server "SET/s" keys evicted "peak (what maxmemory measures)" "other memory"
printf '%-14s %10.0f %9s %9s  %-34s %s\n' redis-server "${R_RPS:-0}" "$R_KEYS" "$R_EVICTED" \
  "used_memory $(mib "$R_USED") ($(over "$R_USED" "$LIMIT"))" "-"
printf '%-14s %10.0f %9s %9s  %-34s %s\n' Verdis "${V_RPS:-0}" "$V_KEYS" "$V_EVICTED" \
  "dataset $(mib "$V_DATASET") ($(over "$V_DATASET" "$LIMIT"))" \
  "live heap at end $(mib "$V_LIVE") ($(over "$V_LIVE" "$LIMIT")); JVM used_memory peak $(mib "$V_USED")"
for pair in "redis-server used_memory:$R_USED" "Verdis dataset:$V_DATASET" "Verdis live heap:$V_LIVE"; do
  awk -v m="${pair##*:}" -v l="$LIMIT" 'BEGIN { exit !(m <= l * 1.05) }' ||
    PROBLEMS+=("${pair%:*} peaked at $(over "${pair##*:}" "$LIMIT") over maxmemory")
done

finish_report "goals met: hit rate within 2 points of redis-server's, memory never above maxmemory + 5%"
