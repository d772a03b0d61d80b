#!/usr/bin/env bash
# Verdis cluster performance in one run, next to redis-server: throughput of one node and of three
# (plain clients spread over the nodes, and redis-benchmark --cluster), the cost of a forwarded
# GET against a local one, and how fast slots move to a fourth node under load.
# Run `src/bench/cluster-bench.sh --help` for the options.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCHLIB="$SCRIPT_DIR/benchlib.py"
# shellcheck source=benchlib.sh
source "$SCRIPT_DIR/benchlib.sh"

usage() {
  cat <<'EOF'
Usage: src/bench/cluster-bench.sh [--quick] [--build] [--java PATH] [--jar PATH] [--sections LIST]
                                  [--clients N] [--n1 N] [--n16 N] [--tests LIST] [--keyspace N]
                                  [--latency-n N] [--keys N] [--value-size B] [--load-clients N]
                                  [--aof POLICY] [--shards N]

Starts everything on free loopback ports, measures, and stops it all on exit, Ctrl-C and
failure included. Sections (all by default, in this order):
  standalone  one Verdis and one redis-server: redis-benchmark -P 1 and -P 16 of --tests,
              the Verdis/Redis ratio (what bench.sh measures, with random keys here)
  cluster     three Verdis nodes (cluster-routing forward) against three redis-server nodes
              (cluster-enabled yes, made with redis-cli --cluster create):
              - Verdis "spread": three plain redis-benchmark processes at once, one per node,
                -n and -c split between them, requests/s summed; about 2/3 of the keys
                are owned by another node and forwarded
              - Redis: redis-benchmark --cluster (each client talks to a slot's owner)
              - Verdis "--cluster": the same redis-benchmark --cluster against Verdis switched
                to cluster-routing redirect (needs CLUSTER NODES; skipped if it fails)
  latency     GET of one fixed key, -c 1 and -c CLIENTS, sent to Verdis node 0: a key node 0
              owns against a key another node owns (forwarded): p50/p99 and requests/s;
              the same local GET on a redis-server cluster node for reference
  migration   --keys SET key:<N> <--value-size bytes> loaded into the three Verdis nodes, then a
              fourth node is started; times it from the first slot move a donor shows in
              CLUSTER INFO until every node reports cluster_migrating_slots:0 and 4096 slots,
              sums the donors' "Moved N slots (K keys, B bytes) to <id> in T ms" log lines
              (keys/s, MB/s), and compares the p99 of a -P 1 GET/SET load on
              node 0 (redis-benchmark rounds of GET and SET of those keys, -r KEYS, with
              --load-clients clients) before and during it
The throughput runs use -r KEYSPACE (random keys), so cluster runs touch every node.

Options (each flag beats its environment variable):
  --quick           smoke run of a few minutes: -n 20000 at -P 1, 200000 at -P 16,
                    --keys 50000, shorter warm-up and latency runs
  --build           build target/verdis.jar first (it is built anyway when missing)
  --java PATH       java binary that runs Verdis                   [$JAVA, else java on PATH]
  --jar PATH        Verdis jar to run                  [$VERDIS_JAR, <repo>/target/verdis.jar]
  --sections LIST   comma-separated subset of standalone,cluster,latency,migration     [all]
  --clients N       redis-benchmark -c (split over the processes of a spread run) [$BENCH_CLIENTS, 50]
  --n1 N            requests per run at -P 1 (split likewise)          [$BENCH_N1, 200000]
  --n16 N           requests per run at -P 16                          [$BENCH_N16, 2000000]
  --tests LIST      redis-benchmark -t list                            [$BENCH_TESTS, set,get,incr]
  --keyspace N      redis-benchmark -r                                 [100000]
  --latency-n N     GET requests per latency run (at -c 1; 5x that at -c CLIENTS)  [50000]
  --keys N          keys loaded before the fourth node joins           [200000]
  --value-size B    their value size in bytes                          [100]
  --load-clients N  clients of the GET/SET load during the migration   [10]
  --aof POLICY      every server logs to an AOF with appendfsync POLICY (always, everysec, no)
                    in its own temporary directory                     [off, as bench.sh]
  --shards N        Verdis shards per node             [Verdis's default: one per processor]
  -h, --help        this text

Environment: VERDIS_JAVA_OPTS  JVM flags for every Verdis node (default none)
             REDIS_SERVER      redis-server binary to compare with [redis-server on PATH]
             BENCH_TIMEOUT     seconds before one run, a start-up or the migration is abandoned [600]
Other VERDIS_* variables are removed from Verdis's environment (they would override the ports).

All servers share this machine's processors with redis-benchmark: on a small machine the
cluster rows show the cost of clustering, not its scaling (a node per machine is needed for
that); the per-node columns are the total divided by 3.
Needs redis-benchmark and redis-cli (apt-get install redis-tools), python3 and curl; without
redis-server (apt-get install redis-server) Verdis runs alone and ratios read n/a.
Exit status: 0 when every row was measured and every check passed, 1 otherwise.
EOF
}

# ---------------------------------------------------------------- utilities

int() { if [[ -n $1 ]]; then printf '%.0f' "$1"; else echo FAILED; fi; }

now() { date +%s.%N; }

since() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }

# ---------------------------------------------------------------- options

QUICK=0 BUILD=0
OPT_JAVA="" OPT_JAR="" OPT_SECTIONS="" OPT_CLIENTS="" OPT_N1="" OPT_N16="" OPT_TESTS="" OPT_KEYSPACE=""
OPT_LAT_N="" OPT_KEYS="" OPT_VALUE_SIZE="" OPT_LOAD_CLIENTS="" OPT_AOF="" SHARDS=""


while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --quick) QUICK=1 ;;
    --build) BUILD=1 ;;
    --java) need_value "$@"; OPT_JAVA=$2; shift ;;
    --jar) need_value "$@"; OPT_JAR=$2; shift ;;
    --sections) need_value "$@"; OPT_SECTIONS=$2; shift ;;
    --clients) need_value "$@"; OPT_CLIENTS=$2; shift ;;
    --n1) need_value "$@"; OPT_N1=$2; shift ;;
    --n16) need_value "$@"; OPT_N16=$2; shift ;;
    --tests) need_value "$@"; OPT_TESTS=$2; shift ;;
    --keyspace) need_value "$@"; OPT_KEYSPACE=$2; shift ;;
    --latency-n) need_value "$@"; OPT_LAT_N=$2; shift ;;
    --keys) need_value "$@"; OPT_KEYS=$2; shift ;;
    --value-size) need_value "$@"; OPT_VALUE_SIZE=$2; shift ;;
    --load-clients) need_value "$@"; OPT_LOAD_CLIENTS=$2; shift ;;
    --aof) need_value "$@"; OPT_AOF=$2; shift ;;
    --shards) need_value "$@"; SHARDS=$2; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

if ((QUICK)); then
  def_n1=20000 def_n16=200000 def_keys=50000 def_lat=10000 WARM_N1=20000 WARM_N16=200000
else
  def_n1=200000 def_n16=2000000 def_keys=200000 def_lat=50000 WARM_N1=100000 WARM_N16=1000000
fi
CLIENTS=${OPT_CLIENTS:-${BENCH_CLIENTS:-50}}
N1=${OPT_N1:-${BENCH_N1:-$def_n1}}
N16=${OPT_N16:-${BENCH_N16:-$def_n16}}
TESTS=${OPT_TESTS:-${BENCH_TESTS:-set,get,incr}}
KEYSPACE=${OPT_KEYSPACE:-100000}
LAT_N=${OPT_LAT_N:-$def_lat}
KEYS=${OPT_KEYS:-$def_keys}
VALUE_SIZE=${OPT_VALUE_SIZE:-100}
LOAD_CLIENTS=${OPT_LOAD_CLIENTS:-10}
SECTIONS=${OPT_SECTIONS:-standalone,cluster,latency,migration}
JAR=${OPT_JAR:-${VERDIS_JAR:-$REPO_DIR/target/verdis.jar}}
JAVA_CMD=${OPT_JAVA:-${JAVA:-java}}
TIMEOUT=${BENCH_TIMEOUT:-600}
read -r -a JAVA_OPTS <<<"${VERDIS_JAVA_OPTS:-}"

for pair in "clients:$CLIENTS" "n1:$N1" "n16:$N16" "keyspace:$KEYSPACE" "latency-n:$LAT_N" "keys:$KEYS" \
  "value-size:$VALUE_SIZE" "load-clients:$LOAD_CLIENTS" "BENCH_TIMEOUT:$TIMEOUT"; do
  is_count "${pair#*:}" || die "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
((CLIENTS >= 3)) || die "--clients must be at least 3 (a spread run splits them over three nodes)"
[[ -z $SHARDS ]] || is_count "$SHARDS" || die "--shards must be a positive integer, got '$SHARDS'"
[[ $TESTS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] || die "--tests must be a comma-separated list like set,get, got '$TESTS'"
IFS=, read -r -a TEST_LIST <<<"$TESTS"
declare -A RUN=()
IFS=, read -r -a section_list <<<"$SECTIONS"
for section in "${section_list[@]}"; do
  [[ $section =~ ^(standalone|cluster|latency|migration)$ ]] ||
    die "--sections: unknown section '$section' (standalone, cluster, latency, migration)"
  RUN[$section]=1
done
[[ -z $OPT_AOF || $OPT_AOF =~ ^(always|everysec|no)$ ]] || die "--aof must be always, everysec or no, got '$OPT_AOF'"
if [[ -n $OPT_AOF ]]; then
  PERSIST_ARGS=(--appendonly yes --appendfsync "$OPT_AOF")
  PERSIST_NOTE="AOF on, appendfsync $OPT_AOF"
else
  PERSIST_ARGS=(--appendonly no)
  PERSIST_NOTE="no persistence"
fi

# ---------------------------------------------------------------- prerequisites

command -v python3 >/dev/null || die "python3 is required (apt-get install python3)"
command -v curl >/dev/null || die "curl is required (apt-get install curl): it asks a new node's /health/ready"
command -v redis-benchmark >/dev/null || die "redis-benchmark not found: apt-get install redis-tools"
command -v redis-cli >/dev/null || die "redis-cli not found: apt-get install redis-tools"
REDIS_SERVER=${REDIS_SERVER:-redis-server}
HAVE_REDIS=1
command -v "$REDIS_SERVER" >/dev/null || HAVE_REDIS=0

JAVA_PATH=$(command -v "$JAVA_CMD" 2>/dev/null) || die "java binary '$JAVA_CMD' not found (use --java PATH or JAVA=...)"
JAVA_PATH=$(readlink -f "$JAVA_PATH")

if [[ -n $OPT_JAR || -n ${VERDIS_JAR:-} ]]; then
  [[ -f $JAR ]] || die "Verdis jar '$JAR' not found"
elif ((BUILD)) || [[ ! -f $JAR ]]; then
  command -v mvn >/dev/null || die "target/verdis.jar is missing and mvn is not installed to build it"
  note "building $JAR (mvn -B -q -o -DskipTests package) ..."
  build_log=$(mktemp "${TMPDIR:-/tmp}/verdis-build.XXXXXX")
  if ! (cd "$REPO_DIR" && mvn -B -q -o -DskipTests package) >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    die "the build failed (output above; -o is offline: the local Maven repository must hold the dependencies)"
  fi
  rm -f "$build_log"
  [[ -f $JAR ]] || die "the build did not produce $JAR"
fi

# ---------------------------------------------------------------- processes

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-cluster-bench.XXXXXX")
PROBLEMS=()
PIDS=() # every server and background load started here, stopped by cleanup

problem() { note "    ^ $*"; PROBLEMS+=("$*"); }

# TERM them all at once (a Verdis node hands its slots over on TERM, so stopping nodes one by
# one would shuffle slots around for nothing), KILL whatever still runs 15 s later.
stop_pids() {
  local pid i alive
  for pid in "$@"; do kill -TERM "$pid" 2>/dev/null || true; done
  for ((i = 0; i < 150; i++)); do
    alive=0
    for pid in "$@"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.1
  done
  for pid in "$@"; do
    kill -KILL "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
}

forget_pids() { # forget_pids PID...: drop stopped processes from PIDS
  local pid kept=() gone
  for pid in "${PIDS[@]}"; do
    gone=0
    for p in "$@"; do [[ $pid == "$p" ]] && gone=1; done
    ((gone)) || kept+=("$pid")
  done
  PIDS=("${kept[@]}")
}

stop_group() { stop_pids "$@"; forget_pids "$@"; }

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  ((${#PIDS[@]} == 0)) || stop_pids "${PIDS[@]}"
  if ((rc == 0)); then
    rm -rf "$WORK"
  else
    echo "cluster-bench.sh: exit status $rc; logs kept in $WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
# Background servers ignore SIGINT in a non-interactive shell: turn Ctrl-C into an exit.
trap 'echo; echo "cluster-bench.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

free_ports() { # free_ports K -> sets PORTS (K distinct free loopback ports)
  mapfile -t PORTS < <(python3 "$BENCHLIB" ports "$1")
  ((${#PORTS[@]} == $1)) || die "could not pick $1 free TCP ports"
}

cli() { redis-cli -h 127.0.0.1 -p "$1" "${@:2}"; }

info_field() { # info_field TEXT NAME -> the value of NAME:value in an INFO-style reply
  tr -d '\r' <<<"$1" | awk -F: -v k="$2" '$1 == k { print $2; exit }'
}

wait_ping() { # wait_ping NAME PID PORT LOG: PING until PONG (JVM start-up included)
  local name=$1 pid=$2 port=$3 log=$4 deadline=$((SECONDS + TIMEOUT))
  while ((SECONDS < deadline)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "$name exited during start-up (log above)"; }
    [[ $(cli "$port" ping 2>/dev/null || true) == PONG ]] && return 0
    sleep 0.25
  done
  tail -n 20 "$log" >&2
  die "$name (pid $pid, port $port) did not answer PING within ${TIMEOUT}s"
}

check_alive() { # check_alive PID NAME LOG
  kill -0 "$1" 2>/dev/null || { tail -n 30 "$3" >&2; die "$2 (pid $1) is no longer running (log above)"; }
}

# VERDIS_<DIRECTIVE> variables override command-line directives in Verdis.
VERDIS_ENV_UNSET=()
for var in $(compgen -e); do
  [[ $var == VERDIS_* ]] && VERDIS_ENV_UNSET+=(-u "$var")
done

launch_verdis() { # launch_verdis NAME PORT DIRECTIVE...: starts a Verdis in $WORK/NAME, sets LAUNCHED
  local name=$1 port=$2
  shift 2
  mkdir -p "$WORK/$name"
  env "${VERDIS_ENV_UNSET[@]}" "$JAVA_PATH" "${JAVA_OPTS[@]}" -jar "$JAR" \
    --port "$port" --bind 127.0.0.1 --pizzaria-port 0 \
    "${PERSIST_ARGS[@]}" --save "" --dir "$WORK/$name" ${SHARDS:+--shards "$SHARDS"} "$@" \
    >>"$WORK/$name.log" 2>&1 &
  LAUNCHED=$!
  PIDS+=("$LAUNCHED")
}

launch_redis() { # launch_redis NAME PORT ARG...: starts a redis-server in $WORK/NAME, sets LAUNCHED
  local name=$1 port=$2
  shift 2
  mkdir -p "$WORK/$name"
  "$REDIS_SERVER" --port "$port" --bind 127.0.0.1 --save "" "${PERSIST_ARGS[@]}" --daemonize no \
    --dir "$WORK/$name" "$@" >>"$WORK/$name.log" 2>&1 &
  LAUNCHED=$!
  PIDS+=("$LAUNCHED")
}

# ---------------------------------------------------------------- redis-benchmark

RB_RPS="" RB_P50="" RB_P99="" RB_NAME="" RB_ERR=""

# rb_parse FILE RC: the last CSV line of a --csv run ("test","rps","avg","min","p50","p95","p99","max";
# a test that first fills its key prints that line before) into RB_*, or RB_ERR.
rb_parse() {
  local file=$1 rc=$2 line errors
  line=$(awk -F'","' 'NR > 1 && NF > 1 { l = $0 } END { print l }' "$file.csv" | tr -d '"')
  IFS=, read -r RB_NAME RB_RPS _ _ RB_P50 _ RB_P99 _ <<<"${line:-,,,,,,,}"
  RB_ERR=""
  # The CONFIG warning is noise (Verdis has no CONFIG GET save); errors from the server are not.
  errors=$(grep -c '^Error from server' "$file.err" || true)
  if ((rc == 124)); then
    RB_ERR="timed out after ${TIMEOUT}s"
  elif ((rc != 0)) || [[ ! $RB_RPS =~ ^[0-9.]+$ ]]; then
    RB_ERR=$(grep -v 'Could not fetch server CONFIG' "$file.err" | grep -v '^\s*$' | tail -n1 || true)
    RB_ERR="exit $rc${RB_ERR:+: $RB_ERR}"
  elif ((errors > 0)); then
    RB_ERR="$errors error replies, e.g. $(grep -m1 '^Error from server' "$file.err")"
  fi
  [[ -z $RB_ERR ]] || RB_RPS="" RB_P50="" RB_P99=""
}

# rb FILE ARG...: one redis-benchmark run in the foreground (Ctrl-C reaches it), parsed.
rb() {
  local file=$1 rc=0
  shift
  # --csv before the arguments: after a custom command (GET key) everything is its arguments.
  timeout --foreground "$TIMEOUT" redis-benchmark -h 127.0.0.1 --csv "$@" >"$file.csv" 2>"$file.err" || rc=$?
  rb_parse "$file" "$rc"
}

# rb_spread DEPTH TEST N PORT...: one plain redis-benchmark per port at once, -n and -c split
# between them; sets RB_RPS (the sum), RB_PARTS (each one's req/s) and RB_ERR.
rb_spread() {
  local depth=$1 test=$2 n=$3 count i rc sum=0 errs=()
  shift 3
  count=$#
  local pids=() ports=("$@")
  for ((i = 0; i < count; i++)); do
    timeout "$TIMEOUT" redis-benchmark -h 127.0.0.1 -p "${ports[i]}" -c $((CLIENTS / count)) -n $((n / count)) \
      -r "$KEYSPACE" -t "$test" -P "$depth" --csv >"$WORK/spread$i.csv" 2>"$WORK/spread$i.err" &
    pids+=($!)
  done
  RB_PARTS=""
  for ((i = 0; i < count; i++)); do
    rc=0
    wait "${pids[i]}" || rc=$?
    rb_parse "$WORK/spread$i" "$rc"
    if [[ -n $RB_ERR ]]; then
      errs+=("node $i: $RB_ERR")
    else
      sum=$(awk -v a="$sum" -v b="$RB_RPS" 'BEGIN { print a + b }')
      RB_PARTS+="${RB_PARTS:+ + }$(int "$RB_RPS")"
    fi
  done
  RB_RPS=$sum RB_ERR="${errs[*]:-}"
  [[ -z $RB_ERR ]] || RB_RPS=""
}

# ---------------------------------------------------------------- header

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
java_version=$("$JAVA_PATH" -version 2>&1 | sed -n '1p;2p' | paste -sd';' | sed 's/;/; /')
jar_info=$JAR
if [[ $JAR == "$REPO_DIR/target/verdis.jar" ]] && git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  dirty=$(git -C "$REPO_DIR" status --porcelain -- src/main pom.xml 2>/dev/null || true)
  jar_info+=" (source: git $(git -C "$REPO_DIR" rev-parse --short HEAD)${dirty:+ + uncommitted changes})"
  if [[ -n $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -print -quit 2>/dev/null) ]]; then
    jar_info+=" WARNING: older than src/main (--build rebuilds it)"
  fi
fi

note "== Verdis cluster vs redis-server cluster =="
note "date:        $(date '+%Y-%m-%d %H:%M:%S %Z')"
note "machine:     $(nproc) CPUs (nproc), ${cpu_model:-unknown CPU}, $mem_total RAM"
note "load avg:    $(loadavg) (1/5/15 min, at start; other jobs on this machine skew every server alike)"
note "verdis:      $jar_info"
note "java:        $JAVA_PATH -- $java_version"
note "jvm flags:   ${VERDIS_JAVA_OPTS:-(none)}   (VERDIS_JAVA_OPTS)"
if ((HAVE_REDIS)); then
  note "redis:       $(command -v "$REDIS_SERVER") -- $("$REDIS_SERVER" --version)"
else
  note "redis:       $REDIS_SERVER NOT FOUND (apt-get install redis-server): Verdis runs alone, ratios are n/a"
fi
note "client:      $(redis-benchmark --version 2>/dev/null || echo redis-benchmark), -c $CLIENTS, -r $KEYSPACE, -P 1 -n $N1, -P 16 -n $N16, tests $TESTS$( ((QUICK)) && echo ' (--quick)')"
note "servers:     all on 127.0.0.1, $PERSIST_NOTE, shards per Verdis node: ${SHARDS:-one per processor (default)}"
if (($(nproc) < 8)); then
  note "NOTE:        $(nproc) CPUs for every node and client at once: cluster rows show the cost of clustering,"
  note "             not its scaling (that needs a machine per node); /node columns are totals / 3"
fi

# A throughput table: for each -P and test, the runs named in $@ (functions that set RB_RPS/RB_ERR),
# in an order that rotates row by row so a load that rises or falls does not always hit the same one.
declare -A RESULT=()
measure_rows() { # measure_rows KIND...: fills RESULT[kind,depth,test]
  local kinds=("$@") row=0 depth test n k i count=$#
  for depth in 1 16; do
    ((depth == 1)) && n=$N1 || n=$N16
    for test in "${TEST_LIST[@]}"; do
      for ((i = 0; i < count; i++)); do
        k=${kinds[(i + row) % count]}
        "run_$k" "$depth" "$test" "$n"
        RESULT[$k,$depth,$test]=$RB_RPS
        RESULT[$k,$depth,$test,err]=$RB_ERR
        RESULT[$k,$depth,$test,parts]=${RB_PARTS:-}
      done
      row=$((row + 1))
    done
  done
}

row_problems() { # row_problems DEPTH TEST KIND...: report the failed runs of a row
  local depth=$1 test=$2 k
  shift 2
  for k in "$@"; do
    [[ -z ${RESULT[$k,$depth,$test,err]:-} ]] || problem "$k $test -P $depth: ${RESULT[$k,$depth,$test,err]}"
  done
}

warm_up() { # warm_up KIND: every test at both depths with the warm-up counts, results discarded
  local depth test n
  for depth in 1 16; do
    ((depth == 1)) && n=$WARM_N1 || n=$WARM_N16
    for test in "${TEST_LIST[@]}"; do "run_$1" "$depth" "$test" "$n"; done
  done
}

# ---------------------------------------------------------------- standalone

run_standalone_verdis() { rb "$WORK/rb" -p "$SV_PORT" -c "$CLIENTS" -n "$3" -r "$KEYSPACE" -t "$2" -P "$1"; }
run_standalone_redis() { rb "$WORK/rb" -p "$SR_PORT" -c "$CLIENTS" -n "$3" -r "$KEYSPACE" -t "$2" -P "$1"; }

standalone_section() {
  note ""
  note "-- standalone: one Verdis, one redis-server (requests/s; bench.sh has more tests and memory) --"
  free_ports 2
  SV_PORT=${PORTS[0]} SR_PORT=${PORTS[1]}
  launch_verdis standalone-verdis "$SV_PORT"
  local v_pid=$LAUNCHED r_pid="" kinds=(standalone_verdis)
  wait_ping Verdis "$v_pid" "$SV_PORT" "$WORK/standalone-verdis.log"
  if ((HAVE_REDIS)); then
    launch_redis standalone-redis "$SR_PORT"
    r_pid=$LAUNCHED
    wait_ping redis-server "$r_pid" "$SR_PORT" "$WORK/standalone-redis.log"
    kinds+=(standalone_redis)
  fi
  local start
  start=$(now)
  warm_up standalone_verdis
  note "warm-up:     Verdis, every test at -P 1 -n $WARM_N1 and -P 16 -n $WARM_N16, discarded ($(since "$start") s)"
  measure_rows "${kinds[@]}"
  check_alive "$v_pid" Verdis "$WORK/standalone-verdis.log"
  printf '%-10s %3s %14s %14s %13s\n' test -P "Verdis req/s" "Redis req/s" "Verdis/Redis"
  local depth test v r
  for depth in 1 16; do
    for test in "${TEST_LIST[@]}"; do
      v=${RESULT[standalone_verdis,$depth,$test]} r=${RESULT[standalone_redis,$depth,$test]:-}
      printf '%-10s %3s %14s %14s %13s\n' "$test" "$depth" "$(int "$v")" \
        "$( ((HAVE_REDIS)) && int "$r" || echo n/a)" "$(ratio "$v" "$r")"
      row_problems "$depth" "$test" "${kinds[@]}"
    done
  done
  stop_group "$v_pid" ${r_pid:+"$r_pid"}
}

# ---------------------------------------------------------------- clusters

# Verdis node i: V_PORT (RESP), V_HTTP (/health/ready), V_CPORT (cluster-port), V_BPORT (bus), V_PID.
V_PORT=() V_HTTP=() V_CPORT=() V_BPORT=() V_PID=()

plan_verdis_node() {
  free_ports 4
  V_PORT+=("${PORTS[0]}") V_HTTP+=("${PORTS[1]}") V_CPORT+=("${PORTS[2]}") V_BPORT+=("${PORTS[3]}")
}

launch_verdis_node() { # launch_verdis_node I: every planned node is in its member list
  local i=$1 members="" c
  for c in "${V_CPORT[@]}"; do members+="${members:+ }127.0.0.1:$c"; done
  launch_verdis "vnode$i" "${V_PORT[i]}" --http-port "${V_HTTP[i]}" --cluster-enabled yes \
    --cluster-port "${V_CPORT[i]}" --cluster-bus-port "${V_BPORT[i]}" --cluster-members "$members"
  V_PID[i]=$LAUNCHED
}

node_ready() { # node_ready I: /health/ready answers 200 (joined, serving)
  [[ $(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://127.0.0.1:${V_HTTP[$1]}/health/ready" || true) == 200 ]]
}

# verdis_settled I...: every listed node up, agreeing on the epoch, nothing moving, and each owning
# its fair share of the 16384 slots (what src/test/.../LocalCluster.awaitSettled checks).
verdis_settled() {
  local n=$# fair=$((16384 / $#)) epoch="" i info mine
  for i in "$@"; do
    info=$(cli "${V_PORT[i]}" cluster info 2>/dev/null) || return 1
    [[ $(info_field "$info" cluster_state) == ok && $(info_field "$info" cluster_nodes_up) == "$n" &&
      $(info_field "$info" cluster_migrating_slots) == 0 ]] || return 1
    mine=$(info_field "$info" cluster_my_slots)
    [[ -n $mine ]] && ((mine >= fair && mine <= fair + 1)) || return 1
    [[ -z $epoch || $epoch == $(info_field "$info" cluster_current_epoch) ]] || return 1
    epoch=$(info_field "$info" cluster_current_epoch)
  done
}

describe_verdis() { # one line per node: its CLUSTER INFO figures that matter here
  local i info
  for i in "$@"; do
    info=$(cli "${V_PORT[i]}" cluster info 2>/dev/null || true)
    note "             node $i port ${V_PORT[i]}: state $(info_field "$info" cluster_state), up $(info_field "$info" cluster_nodes_up), my_slots $(info_field "$info" cluster_my_slots), migrating $(info_field "$info" cluster_migrating_slots), epoch $(info_field "$info" cluster_current_epoch)"
  done
}

await_verdis_settled() { # await_verdis_settled I...
  local deadline=$((SECONDS + TIMEOUT)) i
  until verdis_settled "$@"; do
    for i in "$@"; do check_alive "${V_PID[i]}" "Verdis node $i" "$WORK/vnode$i.log"; done
    if ((SECONDS >= deadline)); then
      describe_verdis "$@"
      die "the Verdis cluster did not settle within ${TIMEOUT}s (state above)"
    fi
    sleep 0.2
  done
}

set_routing() { # set_routing forward|redirect on nodes 0..2
  local i
  for i in 0 1 2; do
    [[ $(cli "${V_PORT[i]}" config set cluster-routing "$1" 2>&1 | tr -d '\r') == OK ]] ||
      die "CONFIG SET cluster-routing $1 failed on Verdis node $i"
  done
}

start_verdis_cluster() {
  local i start
  start=$(now)
  for i in 0 1 2; do plan_verdis_node; done
  for i in 0 1 2; do launch_verdis_node "$i"; done
  for i in 0 1 2; do wait_ping "Verdis node $i" "${V_PID[i]}" "${V_PORT[i]}" "$WORK/vnode$i.log"; done
  await_verdis_settled 0 1 2
  note "verdis:      3 nodes on ports ${V_PORT[*]} (cluster-ports ${V_CPORT[*]}), settled in $(since "$start") s"
}

R_PORT=() R_PID=()
start_redis_cluster() {
  local i start out deadline
  start=$(now)
  free_ports 6
  for i in 0 1 2; do
    R_PORT[i]=${PORTS[i]}
    # --cluster-port: the default bus port (port + 10000) may be taken, or above 65535.
    launch_redis "rnode$i" "${R_PORT[i]}" --cluster-enabled yes --cluster-config-file "nodes-${R_PORT[i]}.conf" \
      --cluster-port "${PORTS[i + 3]}"
    R_PID[i]=$LAUNCHED
  done
  for i in 0 1 2; do wait_ping "redis-server node $i" "${R_PID[i]}" "${R_PORT[i]}" "$WORK/rnode$i.log"; done
  out=$(timeout "$TIMEOUT" redis-cli --cluster create "127.0.0.1:${R_PORT[0]}" "127.0.0.1:${R_PORT[1]}" \
    "127.0.0.1:${R_PORT[2]}" --cluster-yes 2>&1) || { tail -n 20 <<<"$out" >&2; die "redis-cli --cluster create failed"; }
  deadline=$((SECONDS + TIMEOUT))
  for i in 0 1 2; do
    until [[ $(info_field "$(cli "${R_PORT[i]}" cluster info)" cluster_state) == ok ]]; do
      ((SECONDS < deadline)) || die "the redis-server cluster did not reach cluster_state:ok"
      sleep 0.2
    done
  done
  note "redis:       3 nodes on ports ${R_PORT[*]} (redis-cli --cluster create), ok in $(since "$start") s"
}

run_verdis_spread() { rb_spread "$1" "$2" "$3" "${V_PORT[0]}" "${V_PORT[1]}" "${V_PORT[2]}"; }

run_redis_cluster() {
  RB_PARTS=""
  rb "$WORK/rb" --cluster -p "${R_PORT[0]}" -c "$CLIENTS" -n "$3" -r "$KEYSPACE" -t "$2" -P "$1"
}

run_verdis_cluster() { # redis-benchmark --cluster, with Verdis answering -MOVED as Redis does
  RB_PARTS=""
  set_routing redirect
  rb "$WORK/rb" --cluster -p "${V_PORT[0]}" -c "$CLIENTS" -n "$3" -r "$KEYSPACE" -t "$2" -P "$1"
  set_routing forward
}

cluster_section() {
  note ""
  note "-- cluster throughput: 3 nodes each (requests/s summed over the cluster; /node = total / 3) --"
  local kinds=(verdis_spread) start
  # Does redis-benchmark --cluster work against Verdis at all (it reads CLUSTER NODES)?
  run_verdis_cluster 1 get 1000
  if [[ -n $RB_ERR ]]; then
    VERDIS_CLUSTER_MODE="FAILED: $RB_ERR"
    problem "redis-benchmark --cluster against Verdis (cluster-routing redirect) does not work, row skipped: $RB_ERR"
  else
    VERDIS_CLUSTER_MODE=ok
    kinds+=(verdis_cluster)
  fi
  ((HAVE_REDIS)) && kinds+=(redis_cluster)
  start=$(now)
  warm_up verdis_spread
  [[ $VERDIS_CLUSTER_MODE == ok ]] && warm_up verdis_cluster
  note "warm-up:     Verdis, every test at -P 1 -n $WARM_N1 and -P 16 -n $WARM_N16, discarded ($(since "$start") s)"
  note "columns:     Verdis spread: 3 plain redis-benchmark at once, one per node, -c $((CLIENTS / 3)) each,"
  note "             cluster-routing forward; Redis and Verdis --cluster: redis-benchmark --cluster -c $CLIENTS"
  note "             (Verdis under cluster-routing redirect); Verdis/Redis: the row's Verdis over Redis --cluster"
  measure_rows "${kinds[@]}"
  local i
  for i in 0 1 2; do check_alive "${V_PID[i]}" "Verdis node $i" "$WORK/vnode$i.log"; done
  printf '%-6s %3s %13s %8s %13s %8s %8s %13s %8s %8s\n' test -P "Verdis spread" /node "Redis cluster" /node "V/R" \
    "Verdis clust." /node "V/R"
  local depth test s r c third
  third() { if [[ -n $1 ]]; then awk -v a="$1" 'BEGIN { printf "%.0f", a / 3 }'; else echo -; fi; }
  for depth in 1 16; do
    for test in "${TEST_LIST[@]}"; do
      s=${RESULT[verdis_spread,$depth,$test]} r=${RESULT[redis_cluster,$depth,$test]:-}
      c=${RESULT[verdis_cluster,$depth,$test]:-}
      printf '%-6s %3s %13s %8s %13s %8s %8s %13s %8s %8s\n' "$test" "$depth" "$(int "$s")" "$(third "$s")" \
        "$( ((HAVE_REDIS)) && int "$r" || echo n/a)" "$(third "$r")" "$(ratio "$s" "$r")" \
        "$([[ $VERDIS_CLUSTER_MODE == ok ]] && int "$c" || echo skipped)" "$(third "$c")" "$(ratio "$c" "$r")"
      [[ -z ${RESULT[verdis_spread,$depth,$test,parts]} ]] ||
        note "           Verdis spread per process (nodes 0 + 1 + 2): ${RESULT[verdis_spread,$depth,$test,parts]}"
      row_problems "$depth" "$test" "${kinds[@]}"
    done
  done
}

# ---------------------------------------------------------------- forwarded vs local GET

# pick_key PORT local|remote: a key whose slot PORT's node owns (local) or another node owns
# (remote). It asks the node itself: under cluster-routing redirect (Verdis, for this look-up
# only) and always on a redis-server cluster node, GET of a key owned elsewhere answers
# -MOVED <slot> <owner host:port>, GET of an own key answers the value or nil.
pick_key() {
  local port=$1 want=$2 i reply
  for ((i = 0; i < 1000; i++)); do
    reply=$(cli "$port" get "latency:$i" 2>&1 | tr -d '\r')
    if [[ $want == local && $reply != MOVED* ]] || [[ $want == remote && $reply == MOVED* ]]; then
      KEY="latency:$i" KEY_OWNER=${reply##* }
      return 0
    fi
  done
  die "no $want key for port $port among latency:0..999 (last reply: $reply)"
}

latency_section() {
  note ""
  note "-- forwarded vs local GET (redis-benchmark GET <one key>, 100-byte value, -P 1; latency in ms) --"
  local local_key remote_key owner value redis_key="" c n row label
  value=$(head -c "$VALUE_SIZE" /dev/zero | tr '\0' v)
  set_routing redirect
  pick_key "${V_PORT[0]}" local
  local_key=$KEY
  pick_key "${V_PORT[0]}" remote
  remote_key=$KEY owner=$KEY_OWNER
  set_routing forward
  cli "${V_PORT[0]}" set "$local_key" "$value" >/dev/null
  cli "${V_PORT[0]}" set "$remote_key" "$value" >/dev/null
  note "keys:        chosen by asking node 0 under cluster-routing redirect (a -MOVED reply names the owner):"
  note "             '$local_key' is node 0's, '$remote_key' is $owner's (forwarded by node 0)"
  if ((HAVE_REDIS)); then
    pick_key "${R_PORT[0]}" local
    redis_key=$KEY
    cli "${R_PORT[0]}" set "$redis_key" "$value" >/dev/null
  fi
  # Warm-up: the forwarding path must be compiled before it is timed.
  rb "$WORK/rb" -p "${V_PORT[0]}" -n "$LAT_N" -c 1 GET "$remote_key"
  rb "$WORK/rb" -p "${V_PORT[0]}" -n "$LAT_N" -c 1 GET "$local_key"
  printf '%-36s %3s %9s %8s %8s\n' "" -c req/s p50 p99
  for c in 1 "$CLIENTS"; do
    ((c == 1)) && n=$LAT_N || n=$((LAT_N * 5))
    for row in verdis_local verdis_remote redis_local; do
      case $row in
        verdis_local) rb "$WORK/rb" -p "${V_PORT[0]}" -n "$n" -c "$c" GET "$local_key"; label="Verdis node 0, own key" ;;
        verdis_remote) rb "$WORK/rb" -p "${V_PORT[0]}" -n "$n" -c "$c" GET "$remote_key"; label="Verdis node 0, key of another node" ;;
        redis_local)
          [[ -n $redis_key ]] || continue
          rb "$WORK/rb" -p "${R_PORT[0]}" -n "$n" -c "$c" GET "$redis_key"; label="redis-server cluster node, own key" ;;
      esac
      printf '%-36s %3s %9s %8s %8s\n' "$label" "$c" "$(int "$RB_RPS")" "${RB_P50:-n/a}" "${RB_P99:-n/a}"
      [[ -z $RB_ERR ]] || problem "$label -c $c: $RB_ERR"
      LAT[$row,$c]="$RB_P50 $RB_P99"
    done
  done
}
declare -A LAT=()

# ---------------------------------------------------------------- migration

# load_rounds PORT OUT STOPFILE: redis-benchmark rounds of -P 1 GET and SET until STOPFILE exists,
# one line per test and round into OUT: start end test rps p50 p99 max errors. Rounds are short
# (LOAD_ROUND requests per test), so each phase of the migration gets its own.
LOAD_ROUND=2000
load_rounds() {
  local port=$1 out=$2 stop=$3 start end errors
  while [[ ! -e $stop ]]; do
    start=$(now)
    redis-benchmark -h 127.0.0.1 -p "$port" -c "$LOAD_CLIENTS" -n "$LOAD_ROUND" -r "$KEYS" -d "$VALUE_SIZE" \
      -t get,set -P 1 --csv >"$out.csv" 2>"$out.err" || true
    end=$(now)
    errors=$(grep -c '^Error from server' "$out.err" || true)
    awk -F, -v s="$start" -v e="$end" -v err="$errors" 'NR > 1 && NF > 1 {
        gsub(/"/, ""); print s, e, $1, $2, $5, $7, $8, err }' "$out.csv" >>"$out"
  done
}

# phase_stats FILE FROM TO TEST: rounds of TEST that overlap [FROM, TO): count, median and worst p99
phase_stats() {
  awk -v from="$2" -v to="$3" -v t="$4" '
    $3 == t && $2 > from && $1 < to { p99[n++] = $6; rps += $4; err += $8 }
    END {
      if (n == 0) { print "no round"; exit }
      for (i = 0; i < n; i++) for (j = i + 1; j < n; j++) if (p99[j] < p99[i]) { x = p99[i]; p99[i] = p99[j]; p99[j] = x }
      printf "%3d rounds, p99 median %7.3f ms, worst %7.3f ms, %6.0f req/s avg%s\n",
        n, p99[int(n / 2)], p99[n - 1], rps / n, (err > 0 ? sprintf(", %d error replies", err) : "")
    }' "$1"
}

# moving_seen: a donor (nodes 0..2) is moving slots now, or has given some away already.
moving_seen() {
  local i info mine
  for i in 0 1 2; do
    info=$(cli "${V_PORT[i]}" cluster info 2>/dev/null) || continue
    mine=$(info_field "$info" cluster_my_slots)
    [[ $(info_field "$info" cluster_migrating_slots) =~ ^[1-9] || ($mine =~ ^[0-9]+$ && $mine -lt 5461) ]] && return 0
  done
  return 1
}

seconds_between() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

migration_section() {
  note ""
  note "-- migration: $KEYS keys of $VALUE_SIZE bytes in 3 nodes, a 4th node joins --"
  cli "${V_PORT[0]}" flushall >/dev/null
  local start out rc=0 dbsize
  start=$(now)
  out=$(python3 "$BENCHLIB" resp "$KEYS" "strings:$VALUE_SIZE" |
    timeout --foreground "$TIMEOUT" redis-cli -h 127.0.0.1 -p "${V_PORT[0]}" --pipe 2>&1) || rc=$?
  if ((rc != 0)) || [[ $out != *"errors: 0, replies: $KEYS"* ]]; then
    problem "loading $KEYS keys with redis-cli --pipe into node 0 failed (exit $rc): $(tail -n1 <<<"$out" | tr -cd '[:print:]' | cut -c1-160)"
    return
  fi
  dbsize=$(cli "${V_PORT[0]}" dbsize | tr -d '\r')
  note "load:        $KEYS x SET key:<N, 12 digits> <$VALUE_SIZE bytes> through node 0 (redis-cli --pipe, 2/3 forwarded) in $(since "$start") s; DBSIZE $dbsize"

  local loadfile="$WORK/load-rounds" stopfile="$WORK/load-stop" load_pid t_launch t_ready="" t_move="" t_settled
  rm -f "$loadfile" "$stopfile"
  load_rounds "${V_PORT[0]}" "$loadfile" "$stopfile" &
  load_pid=$!
  PIDS+=("$load_pid")
  sleep 8 # baseline rounds
  plan_verdis_node
  t_launch=$(now)
  launch_verdis_node 3
  # One loop notes when node 3 is ready (/health/ready), when the first slot move shows on a
  # donor, and ends when the four nodes have settled.
  local deadline=$((SECONDS + TIMEOUT))
  until [[ -n $t_ready ]] && verdis_settled 0 1 2 3; do
    check_alive "${V_PID[3]}" "Verdis node 3" "$WORK/vnode3.log"
    if ((SECONDS >= deadline)); then
      touch "$stopfile"
      describe_verdis 0 1 2 3
      die "the 4-node cluster did not settle within ${TIMEOUT}s (state above)"
    fi
    [[ -n $t_ready ]] || ! node_ready 3 || t_ready=$(now)
    [[ -n $t_move ]] || ! moving_seen || t_move=$(now)
    sleep 0.1
  done
  t_settled=$(now)
  [[ -n $t_move ]] || t_move=$t_ready # moved between two polls: count from ready
  touch "$stopfile"
  wait "$load_pid" || true
  forget_pids "$load_pid"

  local new_id moved
  new_id=$(cli "${V_PORT[3]}" cluster myid | tr -d '\r')
  # The donors' own account: "Moved N slots (K keys, B bytes) to <id> in T ms", one line per move.
  moved=$(cat "$WORK"/vnode[012].log |
    { grep -o "Moved [0-9]* slots ([0-9]* keys, [0-9]* bytes) to $new_id in [0-9]* ms" || true; } |
    awk '{ gsub(/[()]/, ""); slots += $2; keys += $4; bytes += $6; ms += $(NF - 1); if ($(NF - 1) > max) max = $(NF - 1); n++ }
         END { printf "%d %d %d %d %d %d\n", n, slots, keys, bytes, ms, max }')
  local moves slots keys bytes ms_sum ms_max wall_move
  read -r moves slots keys bytes ms_sum ms_max <<<"$moved"
  wall_move=$(seconds_between "$t_move" "$t_settled")
  dbsize=$(cli "${V_PORT[0]}" dbsize | tr -d '\r')
  note "timeline:    node 3 launched at 0 s; /health/ready at $(seconds_between "$t_launch" "$t_ready") s;"
  note "             first slot move seen on a donor at $(seconds_between "$t_launch" "$t_move") s (CLUSTER INFO polled every 0.1 s);"
  note "             every node at 4096 slots, cluster_migrating_slots:0 at $(seconds_between "$t_launch" "$t_settled") s"
  describe_verdis 0 1 2 3
  note "moved:       $moves moves of $slots slots to node 3: $keys keys, $bytes bytes (key + DUMP payload),"
  note "             donors' own time summed $ms_sum ms, longest move $ms_max ms (the donors' log lines)"
  awk -v k="$keys" -v b="$bytes" -v w="$wall_move" -v m="$ms_sum" 'BEGIN {
      if (w > 0) printf "speed:       %.0f keys/s, %.2f MB/s over the %.1f s from the first move to settled\n", k / w, b / 1e6 / w, w
      if (m > 0) printf "             %.0f keys/s, %.2f MB/s over the donors'"'"' own move time, summed\n", k * 1000 / m, b / 1e3 / m }'
  [[ $dbsize == "$KEYS" ]] || problem "DBSIZE after the migration is $dbsize, expected $KEYS"
  note "dbsize:      $dbsize after the migration (expected $KEYS)"
  ((keys > 0)) || problem "no 'Moved ... to $new_id' line in the donors' logs"
  note ""
  note "GET/SET load on node 0 meanwhile: redis-benchmark -P 1 -c $LOAD_CLIENTS -n $LOAD_ROUND -r $KEYS -d $VALUE_SIZE rounds"
  note "(the loaded keys: GET finds them, SET overwrites them, so DBSIZE stays $KEYS)"
  local t
  for t in GET SET; do
    printf '  %-3s %-16s %s\n' "$t" "before:" "$(phase_stats "$loadfile" 0 "$t_launch" "$t")"
    printf '  %-3s %-16s %s\n' "$t" "node 3 starting:" "$(phase_stats "$loadfile" "$t_launch" "$t_move" "$t")"
    printf '  %-3s %-16s %s\n' "$t" "slots moving:" "$(phase_stats "$loadfile" "$t_move" "$t_settled" "$t")"
  done
  note "  (a round counts in each phase it overlaps; on a small machine the new JVM's start-up"
  note "   competes for the same processors, which the 'starting' rows show)"
}

# ---------------------------------------------------------------- run

((${RUN[standalone]:-0})) && standalone_section

if ((${RUN[cluster]:-0} || ${RUN[latency]:-0} || ${RUN[migration]:-0})); then
  note ""
  note "-- starting the clusters (load avg $(loadavg)) --"
  start_verdis_cluster
  ((HAVE_REDIS)) && start_redis_cluster
  ((${RUN[cluster]:-0})) && cluster_section
  ((${RUN[latency]:-0})) && latency_section
  ((${RUN[migration]:-0})) && migration_section
fi

note ""
note "load avg:    $(loadavg) (at end)"
if ((${#PROBLEMS[@]} > 0)); then
  note "PROBLEMS (${#PROBLEMS[@]}):"
  for p in "${PROBLEMS[@]}"; do note "  - $p"; done
  exit 1
fi
note "all rows measured, all checks passed"
