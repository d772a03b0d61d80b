#!/usr/bin/env bash
# Verdis as a primary against redis-server as a primary, side by side in one run, each with 0, 1
# and 2 replicas attached: the primary's throughput and CPU per request under redis-benchmark
# (SET, INCR, LPUSH at -P 1 and -P 16), and the replication lag under that load.
# The replicas are redis-server for both primaries, so the replica side is the same.
#
# Replication lag, the method: while each redis-benchmark run goes on, a probe (benchlib.py
# lagprobe) writes SET lagprobe:<seq> 1 on the primary every 10 ms, and listens on every replica
# (notify-keyspace-events K$) for the key's "set" event, which a replica publishes as it applies
# the write. A sample is the time from the primary's +OK reaching the probe to the event arriving
# from one replica: how long a write the client saw acknowledged is missing from a replica. Probe
# and subscribers are one process with one clock. Samples of every replica of the run are pooled;
# p50/p99 are the median over the repeats of each run's percentiles.
# Run `src/bench/replication.sh --help` for the options.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCHLIB="$SCRIPT_DIR/benchlib.py"
# shellcheck source=benchlib.sh
source "$SCRIPT_DIR/benchlib.sh"

usage() {
  cat <<'EOF'
Usage: src/bench/replication.sh [--quick] [--build] [--java PATH] [--shards N] [--clients N]
                                [--n1 N] [--n16 N] [--tests LIST] [--replicas LIST] [--repeat N] [--jar PATH]

Starts a Verdis primary and a redis-server primary on free loopback ports; for each replica
count, attaches that many redis-server replicas to each (fresh, after a FLUSHALL), waits until
they are online, then runs redis-benchmark against both primaries, alternating which goes first,
with the lag probe running (see the head of this file). Prints per row: requests/s, the
primary's CPU per request (as bench.sh: user+system CPU of its process during the row over the
requests; the whole JVM for Verdis) and the lag p50/p99 in ms, for both, with Verdis/Redis ratios.
Every server is stopped on exit, Ctrl-C and failure included.

Options (each flag beats its environment variable):
  --quick          smoke run: -n 20000 at -P 1, 200000 at -P 16, short warm-up, --repeat 1
  --build          build target/verdis.jar first (it is built anyway when missing)
  --java PATH      java binary that runs Verdis                    [$JAVA, else java on PATH]
  --shards N       Verdis shard count               [Verdis's default: one per processor]
  --clients N      redis-benchmark -c                                [$BENCH_CLIENTS, 50]
  --n1 N           redis-benchmark -n at -P 1                        [$BENCH_N1, 200000]
  --n16 N          redis-benchmark -n at -P 16                       [$BENCH_N16, 2000000]
  --tests LIST     redis-benchmark -t list                       [$BENCH_TESTS, set,incr,lpush]
  --replicas LIST  replica counts per primary, comma-separated       [$BENCH_REPLICAS, 0,1,2]
  --repeat N       runs of each row, alternating who goes first; figures are medians
                                                         [$BENCH_REPEAT, 3; 1 with --quick]
  --jar PATH       Verdis jar to run                  [$VERDIS_JAR, <repo>/target/verdis.jar]
  -h, --help       this text

Environment: VERDIS_JAVA_OPTS  JVM flags for Verdis (default none)
             REDIS_SERVER      redis-server binary for the Redis primary and every replica
             BENCH_TIMEOUT     seconds before one redis-benchmark run is abandoned [600]
Needs redis-server, redis-benchmark and redis-cli (apt-get install redis-server), python3.
Exit status: 0 when every row was measured, 1 otherwise.
EOF
}

# ---------------------------------------------------------------- options

QUICK=0 BUILD=0
OPT_JAVA="" OPT_SHARDS="" OPT_CLIENTS="" OPT_N1="" OPT_N16="" OPT_TESTS="" OPT_REPLICAS="" OPT_REPEAT="" OPT_JAR=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --quick) QUICK=1 ;;
    --build) BUILD=1 ;;
    --java) need_value "$@"; OPT_JAVA=$2; shift ;;
    --shards) need_value "$@"; OPT_SHARDS=$2; shift ;;
    --clients) need_value "$@"; OPT_CLIENTS=$2; shift ;;
    --n1) need_value "$@"; OPT_N1=$2; shift ;;
    --n16) need_value "$@"; OPT_N16=$2; shift ;;
    --tests) need_value "$@"; OPT_TESTS=$2; shift ;;
    --replicas) need_value "$@"; OPT_REPLICAS=$2; shift ;;
    --repeat) need_value "$@"; OPT_REPEAT=$2; shift ;;
    --jar) need_value "$@"; OPT_JAR=$2; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

if ((QUICK)); then
  def_n1=20000 def_n16=200000 def_repeat=1 WARM_N1=20000 WARM_N16=200000
else
  def_n1=200000 def_n16=2000000 def_repeat=3 WARM_N1=100000 WARM_N16=1000000
fi
CLIENTS=${OPT_CLIENTS:-${BENCH_CLIENTS:-50}}
N1=${OPT_N1:-${BENCH_N1:-$def_n1}}
N16=${OPT_N16:-${BENCH_N16:-$def_n16}}
TESTS=${OPT_TESTS:-${BENCH_TESTS:-set,incr,lpush}}
REPLICAS=${OPT_REPLICAS:-${BENCH_REPLICAS:-0,1,2}}
REPEAT=${OPT_REPEAT:-${BENCH_REPEAT:-$def_repeat}}
JAR=${OPT_JAR:-${VERDIS_JAR:-$REPO_DIR/target/verdis.jar}}
JAVA_CMD=${OPT_JAVA:-${JAVA:-java}}
SHARDS=$OPT_SHARDS
TIMEOUT=${BENCH_TIMEOUT:-600}
read -r -a JAVA_OPTS <<<"${VERDIS_JAVA_OPTS:-}"

for pair in "clients:$CLIENTS" "n1:$N1" "n16:$N16" "repeat:$REPEAT" "BENCH_TIMEOUT:$TIMEOUT"; do
  is_count "${pair#*:}" || die "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ -z $SHARDS ]] || is_count "$SHARDS" || die "--shards must be a positive integer, got '$SHARDS'"
[[ $TESTS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] || die "--tests must be a comma-separated list like set,incr, got '$TESTS'"
[[ $REPLICAS =~ ^[0-9]+(,[0-9]+)*$ ]] || die "--replicas must be a comma-separated list like 0,1,2, got '$REPLICAS'"
IFS=, read -r -a TEST_LIST <<<"$TESTS"
IFS=, read -r -a REPLICA_COUNTS <<<"$REPLICAS"

# ---------------------------------------------------------------- prerequisites

command -v python3 >/dev/null || die "python3 is required"
for tool in redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || die "$tool not found: apt-get install redis-tools"
done
REDIS_SERVER=${REDIS_SERVER:-redis-server}
command -v "$REDIS_SERVER" >/dev/null || die "redis-server not found (apt-get install redis-server): the replicas are redis-server"
JAVA_PATH=$(command -v "$JAVA_CMD" 2>/dev/null) || die "java binary '$JAVA_CMD' not found (use --java PATH or JAVA=...)"
JAVA_PATH=$(readlink -f "$JAVA_PATH")
if [[ -n $OPT_JAR || -n ${VERDIS_JAR:-} ]]; then
  [[ -f $JAR ]] || die "Verdis jar '$JAR' not found"
elif ((BUILD)) || [[ ! -f $JAR ]]; then
  note "building $JAR (mvn -B -q -o -DskipTests package) ..."
  (cd "$REPO_DIR" && mvn -B -q -o -DskipTests package) >/dev/null || die "the build failed (run mvn -B -o -DskipTests package to see why)"
fi

# ---------------------------------------------------------------- servers

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-replbench.XXXXXX")
VERDIS_PID="" REDIS_PID="" VERDIS_PORT="" REDIS_PORT="" PROBE_PID=""
declare -A REPLICA_PIDS=() REPLICA_PORTS=() # by primary name (verdis, redis): space-separated lists
PROBLEMS=()

stop_replicas() {
  local name pid
  for name in "${!REPLICA_PIDS[@]}"; do
    for pid in ${REPLICA_PIDS[$name]}; do stop_pid "$pid"; done
  done
  REPLICA_PIDS=() REPLICA_PORTS=()
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$PROBE_PID"
  stop_replicas
  stop_pid "$VERDIS_PID"
  stop_pid "$REDIS_PID"
  if ((rc == 0)); then
    rm -rf "$WORK"
  else
    echo "replication.sh: exit status $rc; server logs kept in $WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "replication.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }

info_field() { # info_field PORT FIELD -> the value of FIELD in INFO replication
  cli "$1" info replication | tr -d '\r' | awk -F: -v f="$2" '$1 == f { print $2; exit }'
}

start_primaries() {
  local ports var env_args=()
  mapfile -t ports < <(python3 "$BENCHLIB" ports 2)
  for var in $(compgen -e); do
    [[ $var == VERDIS_* ]] && env_args+=(-u "$var") # they would override the directives below
  done
  mkdir -p "$WORK/verdis" "$WORK/redis"
  env "${env_args[@]}" "$JAVA_PATH" "${JAVA_OPTS[@]}" -jar "$JAR" --port "${ports[0]}" --bind 127.0.0.1 \
    --pizzaria-port 0 --http-port 0 --appendonly no --save "" --dir "$WORK/verdis" ${SHARDS:+--shards "$SHARDS"} \
    >>"$WORK/verdis.log" 2>&1 &
  VERDIS_PID=$! VERDIS_PORT=${ports[0]}
  # No diskless-sync delay: Redis 7 waits 5 s for more replicas before a sync; Verdis never waits.
  "$REDIS_SERVER" --port "${ports[1]}" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --repl-diskless-sync-delay 0 --dir "$WORK/redis" >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$! REDIS_PORT=${ports[1]}
  wait_ready Verdis "$VERDIS_PID" "$VERDIS_PORT" "$WORK/verdis.log"
  wait_ready redis-server "$REDIS_PID" "$REDIS_PORT" "$WORK/redis.log"
}

attach_replicas() { # attach_replicas NAME PORT COUNT: COUNT fresh redis-server replicas of the primary on PORT
  local name=$1 port=$2 count=$3 i replica_port dir pids="" ports="" deadline
  for ((i = 0; i < count; i++)); do
    replica_port=$(python3 "$BENCHLIB" ports 1)
    dir="$WORK/replica-$name-$i"
    rm -rf "$dir" && mkdir -p "$dir"
    "$REDIS_SERVER" --port "$replica_port" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
      --dir "$dir" --replicaof 127.0.0.1 "$port" --notify-keyspace-events 'K$' >>"$dir/log" 2>&1 &
    pids+=" $!" ports+=" $replica_port"
    wait_ready "replica $i of $name" "$!" "$replica_port" "$dir/log"
  done
  REPLICA_PIDS[$name]=$pids REPLICA_PORTS[$name]=$ports
  deadline=$((SECONDS + 60))
  until [[ $(cli "$port" info replication | tr -d '\r' | grep -c '^slave[0-9]*:.*state=online') == "$count" ]]; do
    ((SECONDS < deadline)) || die "$name: $count replica(s) not online within 60 s (logs in $WORK)"
    sleep 0.2
  done
}

caught_up() { # caught_up NAME PORT: until every replica applied the stream the primary had produced (bounded)
  local name=$1 port=$2 target replica_port offset deadline=$((SECONDS + 60))
  target=$(info_field "$port" master_repl_offset)
  for replica_port in ${REPLICA_PORTS[$name]:-}; do
    until offset=$(info_field "$replica_port" slave_repl_offset) && [[ -n $offset ]] && ((offset >= target)); do
      ((SECONDS < deadline)) || { PROBLEMS+=("$name: a replica did not catch up within 60 s"); return 0; }
      sleep 0.1
    done
  done
}

check_alive() {
  local pid
  for pid in "$VERDIS_PID" "$REDIS_PID" ${REPLICA_PIDS[verdis]:-} ${REPLICA_PIDS[redis]:-}; do
    kill -0 "$pid" 2>/dev/null || die "process $pid is no longer running (logs in $WORK)"
  done
}

# One redis-benchmark run against NAME's primary, with the lag probe while it runs: sets RB_* as
# run_benchmark does, and LAG (samples p50 p99 max missing) when the primary has replicas.
measure() { # measure NAME DEPTH TEST N
  local name=$1 port pid
  if [[ $name == verdis ]]; then port=$VERDIS_PORT pid=$VERDIS_PID; else port=$REDIS_PORT pid=$REDIS_PID; fi
  LAG=""
  if [[ -n ${REPLICA_PORTS[$name]:-} ]]; then
    # shellcheck disable=SC2086
    python3 "$BENCHLIB" lagprobe "$port" ${REPLICA_PORTS[$name]} >"$WORK/lag.out" 2>"$WORK/lag.err" &
    PROBE_PID=$!
    sleep 0.3 # its subscriptions are in place before the load starts
  fi
  run_benchmark "$port" "$2" "$3" "$4" "$pid"
  if [[ -n $PROBE_PID ]]; then
    kill -TERM "$PROBE_PID" 2>/dev/null || true
    wait "$PROBE_PID" 2>/dev/null || PROBLEMS+=("$name: lag probe failed: $(tail -n1 "$WORK/lag.err")")
    PROBE_PID=""
    LAG=$(cat "$WORK/lag.out")
  fi
  caught_up "$name" "$port"
}

# ---------------------------------------------------------------- header

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
jar_info=$JAR
if [[ $JAR == "$REPO_DIR/target/verdis.jar" ]] && git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  dirty=$(git -C "$REPO_DIR" status --porcelain -- src/main pom.xml 2>/dev/null || true)
  jar_info+=" (source: git $(git -C "$REPO_DIR" rev-parse --short HEAD)${dirty:+ + uncommitted changes})"
fi
note "== Replication: Verdis primary vs redis-server primary, redis-server replicas for both =="
note "date:        $(date '+%Y-%m-%d %H:%M:%S %Z')"
note "machine:     $(nproc) CPUs, ${cpu_model:-unknown CPU}; primaries, replicas, redis-benchmark and the probe all share them"
note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (at start)"
note "verdis:      $jar_info"
note "java:        $JAVA_PATH -- $("$JAVA_PATH" -version 2>&1 | head -1)   flags: ${VERDIS_JAVA_OPTS:-(none)}"
note "redis:       $("$REDIS_SERVER" --version | cut -d' ' -f1-3) (primary and every replica; primary with repl-diskless-sync-delay 0)"
note "client:      redis-benchmark -c $CLIENTS, -P 1 -n $N1, -P 16 -n $N16, tests $TESTS, replicas $REPLICAS, $REPEAT run(s) per row$( ((QUICK)) && echo ' (--quick)')"
note "lag:         ms from the primary's +OK to the replica's keyspace event for a probe SET every 10 ms during the run"
note "             (benchlib.py lagprobe; all replicas' samples pooled; see the head of this script)"

start_primaries
shards=$(grep -o -m1 '[0-9]* shards' "$WORK/verdis.log" | cut -d' ' -f1 || true)
note "servers:     Verdis pid $VERDIS_PID port $VERDIS_PORT (${shards:-?} shards), redis-server pid $REDIS_PID port $REDIS_PORT, no persistence"

warm_start=$SECONDS
for depth in 1 16; do
  ((depth == 1)) && n=$WARM_N1 || n=$WARM_N16
  for test in "${TEST_LIST[@]}"; do
    run_benchmark "$VERDIS_PORT" "$depth" "$test" "$n"
  done
done
settle "$VERDIS_PID"
note "warm-up:     Verdis only, each test at -P 1 -n $WARM_N1 and -P 16 -n $WARM_N16, discarded ($((SECONDS - warm_start)) s)"

# ---------------------------------------------------------------- rows

ROW_FORMAT='%-6s %3s %9s %9s %5s %9s  %6s %6s %5s  %7s %7s  %7s %7s\n'
SUMMARY=()
row=0
for replicas in "${REPLICA_COUNTS[@]}"; do
  stop_replicas
  cli "$VERDIS_PORT" flushall >/dev/null
  cli "$REDIS_PORT" flushall >/dev/null
  attach_replicas verdis "$VERDIS_PORT" "$replicas"
  attach_replicas redis "$REDIS_PORT" "$replicas"
  note ""
  note "-- $replicas replica(s) per primary --"
  printf '%-6s %3s %-35s  %-19s  %-15s  %s\n' "" "" "throughput, req/s" "CPU µs/request" "lag p50, ms" "lag p99, ms"
  printf "$ROW_FORMAT" test -P Verdis Redis V/R "V/R range" Verdis Redis V/R Verdis Redis Verdis Redis
  for depth in 1 16; do
    ((depth == 1)) && n=$N1 || n=$N16
    for test in "${TEST_LIST[@]}"; do
      v_rps=() v_cpu=() v_p50=() v_p99=() v_now=() v_err="" v_fails=0 v_lag50=() v_lag99=() v_missing=0
      r_rps=() r_cpu=() r_p50=() r_p99=() r_now=() r_err="" r_fails=0 r_lag50=() r_lag99=() r_missing=0
      q_rps=() q_cpu=() label=$test
      for ((rep = 0; rep < REPEAT; rep++)); do
        check_alive
        if (((row + rep) % 2 == 0)); then order="redis verdis"; else order="verdis redis"; fi
        for server in $order; do
          measure "$server" "$depth" "$test" "$n"
          side=${server:0:1}
          record "$side"
          if [[ -n $LAG ]]; then
            read -r samples lag50 lag99 _ missing <<<"$LAG"
            missing_of=${side}_missing
            printf -v "$missing_of" '%d' $((${!missing_of} + missing))
            if ((samples > 0)); then
              declare -n lag50_of=${side}_lag50 lag99_of=${side}_lag99
              lag50_of+=("$lag50") lag99_of+=("$lag99")
              unset -n lag50_of lag99_of
            fi
          fi
        done
        if ((${#v_now[@]} > 0 && ${#r_now[@]} > 0)); then
          pair q_rps "${v_now[0]}" "${r_now[0]}"
          pair q_cpu "${v_now[1]}" "${r_now[1]}"
        fi
      done
      ratio_rps=$(shown '%.2f' "${q_rps[@]}")
      printf "$ROW_FORMAT" "$label" "$depth" \
        "$(shown '%.0f' "${v_rps[@]}")" "$(shown '%.0f' "${r_rps[@]}")" "$ratio_rps" "$(spread "${q_rps[@]}")" \
        "$(shown '%.2f' "${v_cpu[@]}")" "$(shown '%.2f' "${r_cpu[@]}")" "$(shown '%.2f' "${q_cpu[@]}")" \
        "$(shown '%.2f' "${v_lag50[@]}")" "$(shown '%.2f' "${r_lag50[@]}")" \
        "$(shown '%.2f' "${v_lag99[@]}")" "$(shown '%.2f' "${r_lag99[@]}")"
      [[ -z $v_err ]] || { note "    ^ Verdis: $v_err"; PROBLEMS+=("Verdis $label -P $depth, $replicas replica(s): $v_err"); }
      [[ -z $r_err ]] || { note "    ^ Redis: $r_err"; PROBLEMS+=("Redis $label -P $depth, $replicas replica(s): $r_err"); }
      ((v_missing + r_missing == 0)) ||
        note "    ^ probe writes never reported by a replica: Verdis $v_missing, Redis $r_missing"
      SUMMARY+=("$replicas $depth $label $ratio_rps")
      row=$((row + 1))
    done
  done
done

# ---------------------------------------------------------------- summary

note ""
for replicas in "${REPLICA_COUNTS[@]}"; do
  line="" worst=""
  for depth in 1 16; do
    min="" min_test=""
    for entry in "${SUMMARY[@]}"; do
      read -r k d t r <<<"$entry"
      [[ $k == "$replicas" && $d == "$depth" && $r != n/a ]] || continue
      if [[ -z $min ]] || below "$r" "$min"; then min=$r min_test=$t; fi
    done
    line+="  -P $depth: ${min:-n/a}${min_test:+ ($min_test)}"
  done
  note "minimum throughput ratio, $replicas replica(s):$line"
done
note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (at end)"
if ((${#PROBLEMS[@]} > 0)); then
  note "PROBLEMS (${#PROBLEMS[@]}):"
  for p in "${PROBLEMS[@]}"; do note "  - $p"; done
  exit 1
fi
note "all rows measured"
