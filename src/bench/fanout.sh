#!/usr/bin/env bash
# PUBLISH fan-out, Verdis against a real redis-server in one run: one publisher, N subscribers,
# messages delivered per second summed over all subscribers, with src/bench/Fanout.java as the
# load tool. Run `src/bench/fanout.sh --help` for the options.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCHLIB="$SCRIPT_DIR/benchlib.py"

usage() {
  cat <<'EOF'
Usage: src/bench/fanout.sh [--subscribers 1000] [--ws 500] [--seconds 10] [--warmup 2] [--payload 32]
                           [--pipeline 16] [--max-lag 1000] [--threads N] [--messages M]
                           [--ws-client nio|jdk] [--java PATH] [--jar PATH] [--build] [--shards N]
                           [--event-loops N] [--io-transport auto|io_uring|epoll|nio]

Starts Verdis (no persistence, HTTP on a free port for /ws) and redis-server on free loopback
ports and runs src/bench/Fanout.java against them, one scenario after the other:
  redis   redis-server, all subscribers on RESP
  verdis  Verdis, all subscribers on RESP
  mixed   Verdis, --ws of the subscribers on WebSocket (/ws JSON), the rest on RESP
Prints delivered messages/s (summed over subscribers), PUBLISH/s, publish-to-receipt latency,
CPU of the load tool and of the server, and the Verdis/Redis ratio of delivered messages/s.
Both servers are stopped on exit, Ctrl-C and failure included.

Options:
  --subscribers N  subscribers in all                                  [1000]
  --ws N           how many of them use WebSocket in the mixed scenario; 0 skips it   [N/2]
  --seconds S      measured time per scenario, after the warm-up       [10]
  --warmup S       unmeasured publishing first (JIT, buffers)          [2]
  --payload BYTES  message size (>= 16 carries the latency time stamp) [32]
  --pipeline N     PUBLISH commands in flight                          [16]
  --max-lag N      publisher waits while published-but-undelivered messages average more
                   than N per subscriber (bounds the servers' output buffers) [1000]
  --threads N      reader threads of the load tool                     [processors]
  --messages M     instead of timing: publish exactly M messages per scenario and check
                   that every subscriber received all M (received == N*M)
  --ws-client C    nio (the tool's own WebSocket client) or jdk (java.net.http, a
                   cross-check that needs far more CPU per message)    [nio]
  --scenarios L    comma-separated subset of redis,verdis,mixed        [all]
  --java PATH      java binary for Verdis and the load tool (a JDK: javac compiles the
                   tool)                                               [$JAVA, else java on PATH]
  --jar PATH       Verdis jar                       [$VERDIS_JAR, <repo>/target/verdis.jar]
  --build          build target/verdis.jar first (it is built anyway when missing)
  --shards N       Verdis shard count                [Verdis's default: one per processor]
  --event-loops N  Verdis event loops          [Verdis's default: processors - 1, at most the shards]
  --io-transport T Verdis network transport: auto, io_uring, epoll or nio  [Verdis's default: auto]
  -h, --help       this text

Environment: VERDIS_JAVA_OPTS  JVM flags for Verdis      FANOUT_JAVA_OPTS  JVM flags for the tool
             REDIS_SERVER      redis-server binary [redis-server on PATH]
Needs redis-cli (apt-get install redis-tools) and python3; without redis-server the redis
scenario is skipped and ratios read n/a. Exit status 0 when every scenario ran and passed
its checks (nothing lost, nothing out of order), 1 otherwise.
EOF
}

die() {
  echo "fanout.sh: error: $*" >&2
  exit 1
}

note() { printf '%s\n' "$*"; }

is_count() { [[ $1 =~ ^[0-9]+$ ]]; }

ratio() { # ratio A B -> A/B with 2 decimals, or n/a
  if [[ -z $1 || -z $2 || $1 == n/a || $2 == n/a ]]; then echo "n/a"; return; fi
  awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "n/a"; else printf "%.2f\n", a / b }'
}

# ---------------------------------------------------------------- options

SUBSCRIBERS=1000 WS="" SECONDS_=10 WARMUP=2 PAYLOAD=32 PIPELINE=16 MAX_LAG=1000 THREADS="" MESSAGES=""
WS_CLIENT=nio SCENARIOS=redis,verdis,mixed OPT_JAVA="" OPT_JAR="" BUILD=0 SHARDS="" EVENT_LOOPS="" IO_TRANSPORT=""

need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }

while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --subscribers) need_value "$@"; SUBSCRIBERS=$2; shift ;;
    --ws) need_value "$@"; WS=$2; shift ;;
    --seconds) need_value "$@"; SECONDS_=$2; shift ;;
    --warmup) need_value "$@"; WARMUP=$2; shift ;;
    --payload) need_value "$@"; PAYLOAD=$2; shift ;;
    --pipeline) need_value "$@"; PIPELINE=$2; shift ;;
    --max-lag) need_value "$@"; MAX_LAG=$2; shift ;;
    --threads) need_value "$@"; THREADS=$2; shift ;;
    --messages) need_value "$@"; MESSAGES=$2; shift ;;
    --ws-client) need_value "$@"; WS_CLIENT=$2; shift ;;
    --scenarios) need_value "$@"; SCENARIOS=$2; shift ;;
    --java) need_value "$@"; OPT_JAVA=$2; shift ;;
    --jar) need_value "$@"; OPT_JAR=$2; shift ;;
    --build) BUILD=1 ;;
    --shards) need_value "$@"; SHARDS=$2; shift ;;
    --event-loops) need_value "$@"; EVENT_LOOPS=$2; shift ;;
    --io-transport) need_value "$@"; IO_TRANSPORT=$2; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

WS=${WS:-$((SUBSCRIBERS / 2))}
for pair in "subscribers:$SUBSCRIBERS" "ws:$WS" "seconds:$SECONDS_" "warmup:$WARMUP" "payload:$PAYLOAD" \
  "pipeline:$PIPELINE" "max-lag:$MAX_LAG" "threads:${THREADS:-1}" "messages:${MESSAGES:-1}" "shards:${SHARDS:-1}" "event-loops:${EVENT_LOOPS:-1}"; do
  is_count "${pair#*:}" || die "--${pair%%:*} must be a whole number, got '${pair#*:}'"
done
((SUBSCRIBERS > 0)) || die "--subscribers must be at least 1"
((WS <= SUBSCRIBERS)) || die "--ws $WS is more than --subscribers $SUBSCRIBERS"
[[ $WS_CLIENT =~ ^(nio|jdk)$ ]] || die "--ws-client must be nio or jdk, got '$WS_CLIENT'"
IFS=, read -r -a SCENARIO_LIST <<<"$SCENARIOS"
for s in "${SCENARIO_LIST[@]}"; do
  [[ $s =~ ^(redis|verdis|mixed)$ ]] || die "--scenarios: unknown scenario '$s' (redis, verdis, mixed)"
done
((WS > 0)) || SCENARIO_LIST=("${SCENARIO_LIST[@]/mixed/}")
want() { [[ " ${SCENARIO_LIST[*]} " == *" $1 "* ]]; }

# ---------------------------------------------------------------- prerequisites

command -v python3 >/dev/null || die "python3 is required (apt-get install python3)"
command -v redis-cli >/dev/null || die "redis-cli not found: install it with 'apt-get install redis-tools'"
REDIS_SERVER=${REDIS_SERVER:-redis-server}
HAVE_REDIS=1
command -v "$REDIS_SERVER" >/dev/null || HAVE_REDIS=0

JAVA_CMD=${OPT_JAVA:-${JAVA:-java}}
JAVA_PATH=$(command -v "$JAVA_CMD" 2>/dev/null) || die "java binary '$JAVA_CMD' not found (use --java PATH or JAVA=...)"
JAVA_PATH=$(readlink -f "$JAVA_PATH")
JAVAC="$(dirname "$JAVA_PATH")/javac"
[[ -x $JAVAC ]] || die "no javac next to $JAVA_PATH (a JRE?): the load tool is compiled with it; use --java PATH of a JDK"

JAR=${OPT_JAR:-${VERDIS_JAR:-$REPO_DIR/target/verdis.jar}}
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

# Every subscriber is a socket in the tool and one in the server: raise the soft limit of open
# files (inherited by both servers and the tool) when it is too low.
need_fds=$((2 * SUBSCRIBERS + 1024))
if (($(ulimit -n) < need_fds)); then
  hard=$(ulimit -Hn)
  if [[ $hard != unlimited ]] && ((hard < need_fds)); then
    die "$SUBSCRIBERS subscribers need about $need_fds open files, the hard limit is $hard (raise it: ulimit -Hn, limits.conf)"
  fi
  ulimit -n "$need_fds"
fi
MAXCLIENTS=$((SUBSCRIBERS + 100 > 10000 ? SUBSCRIBERS + 100 : 10000))

# ---------------------------------------------------------------- servers

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-fanout.XXXXXX")
VERDIS_PID="" REDIS_PID=""

stop_pid() { # TERM, then KILL after 10 s
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

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_pid "$VERDIS_PID"
  stop_pid "$REDIS_PID"
  if ((rc == 0)); then
    rm -rf "$WORK"
  else
    echo "fanout.sh: exit status $rc; server logs kept in $WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'echo; echo "fanout.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

wait_ready() { # wait_ready NAME PID PORT LOG
  local name=$1 pid=$2 port=$3 log=$4 i
  for ((i = 0; i < 120; i++)); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "$name exited during start-up (log above)"; }
    [[ $(timeout 5 redis-cli -h 127.0.0.1 -p "$port" ping 2>/dev/null || true) == PONG ]] && return 0
    sleep 0.25
  done
  tail -n 20 "$log" >&2
  die "$name (pid $pid, port $port) did not answer PING within 30 s"
}

mapfile -t PORTS < <(python3 "$BENCHLIB" ports 3)
((${#PORTS[@]} == 3)) || die "could not pick free TCP ports"
VERDIS_PORT=${PORTS[0]} VERDIS_HTTP_PORT=${PORTS[1]} REDIS_PORT=${PORTS[2]}

# The load tool, compiled once with the JDK that runs Verdis.
mkdir -p "$WORK/classes"
"$JAVAC" -d "$WORK/classes" "$SCRIPT_DIR/Fanout.java" || die "javac could not compile $SCRIPT_DIR/Fanout.java"

if want verdis || want mixed; then
  # VERDIS_<DIRECTIVE> variables override command-line directives in Verdis: drop them.
  env_args=()
  for var in $(compgen -e); do
    [[ $var == VERDIS_* ]] && env_args+=(-u "$var")
  done
  read -r -a VERDIS_OPTS <<<"${VERDIS_JAVA_OPTS:-}"
  mkdir -p "$WORK/verdis-dir"
  env "${env_args[@]}" "$JAVA_PATH" "${VERDIS_OPTS[@]}" -jar "$JAR" \
    --port "$VERDIS_PORT" --bind 127.0.0.1 --pizzaria-port 0 --http-port "$VERDIS_HTTP_PORT" \
    --appendonly no --save "" --dir "$WORK/verdis-dir" --maxclients "$MAXCLIENTS" ${SHARDS:+--shards "$SHARDS"} \
    ${EVENT_LOOPS:+--event-loops "$EVENT_LOOPS"} ${IO_TRANSPORT:+--io-transport "$IO_TRANSPORT"} \
    >>"$WORK/verdis.log" 2>&1 &
  VERDIS_PID=$!
fi
if want redis && ((HAVE_REDIS)); then
  mkdir -p "$WORK/redis-dir"
  "$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize no \
    --maxclients "$MAXCLIENTS" --dir "$WORK/redis-dir" >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
fi
[[ -z $VERDIS_PID ]] || wait_ready Verdis "$VERDIS_PID" "$VERDIS_PORT" "$WORK/verdis.log"
[[ -z $REDIS_PID ]] || wait_ready redis-server "$REDIS_PID" "$REDIS_PORT" "$WORK/redis.log"

# ---------------------------------------------------------------- header

java_version=$("$JAVA_PATH" -version 2>&1 | sed -n '1p;2p' | paste -sd';' | sed 's/;/; /')
jar_info=$JAR
if [[ $JAR == "$REPO_DIR/target/verdis.jar" ]] && git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  dirty=$(git -C "$REPO_DIR" status --porcelain -- src/main pom.xml 2>/dev/null || true)
  jar_info+=" (source: git $(git -C "$REPO_DIR" rev-parse --short HEAD)${dirty:+ + uncommitted changes})"
  [[ -z $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -print -quit 2>/dev/null) ]] ||
    jar_info+=" WARNING: older than src/main (--build rebuilds it)"
fi
if [[ -n $MESSAGES ]]; then
  mode="counted: exactly $MESSAGES messages per scenario, every subscriber must get all of them"
else
  mode="timed: $SECONDS_ s measured after $WARMUP s warm-up per scenario"
fi

note "== PUBLISH fan-out: Verdis vs redis-server =="
note "date:        $(date '+%Y-%m-%d %H:%M:%S %Z')"
note "machine:     $(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU)"
note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (at start; the servers and the load tool share these CPUs)"
note "java:        $JAVA_PATH -- $java_version (Verdis and the load tool)"
note "verdis:      $jar_info, pid ${VERDIS_PID:-not started} port $VERDIS_PORT http $VERDIS_HTTP_PORT, no persistence"
note "jvm flags:   Verdis ${VERDIS_JAVA_OPTS:-(none)} (VERDIS_JAVA_OPTS), tool ${FANOUT_JAVA_OPTS:-(none)} (FANOUT_JAVA_OPTS)"
if ((HAVE_REDIS)); then
  note "redis:       $(command -v "$REDIS_SERVER") -- $("$REDIS_SERVER" --version), pid ${REDIS_PID:-not started} port $REDIS_PORT"
else
  note "redis:       $REDIS_SERVER NOT FOUND (apt-get install redis-server): ratios are n/a"
fi
note "load:        1 publisher, $SUBSCRIBERS subscribers, payload $PAYLOAD B, pipeline $PIPELINE, max lag $MAX_LAG, open files $(ulimit -n)"
note "mode:        $mode"

# ---------------------------------------------------------------- runs

read -r -a TOOL_OPTS <<<"${FANOUT_JAVA_OPTS:-}"
declare -A RESULT=()
PROBLEMS=()

field() { # field SCENARIO KEY -> value from the tool's RESULT line, or n/a
  local v
  v=$(tr ' ' '\n' <<<"${RESULT[$1]:-}" | awk -F= -v k="$2" '$1 == k { print $2 }')
  echo "${v:-n/a}"
}

run_tool() { # run_tool SCENARIO PORT PID LOG WS
  local scenario=$1 port=$2 pid=$3 log=$4 ws=$5 rc=0 args
  args=(--port "$port" --server-pid "$pid" --label "$scenario" --subscribers "$SUBSCRIBERS" --ws "$ws"
        --payload "$PAYLOAD" --pipeline "$PIPELINE" --max-lag "$MAX_LAG" --ws-client "$WS_CLIENT"
        --seconds "$SECONDS_" --warmup "$WARMUP")
  ((ws == 0)) || args+=(--http-port "$VERDIS_HTTP_PORT")
  [[ -z $THREADS ]] || args+=(--threads "$THREADS")
  [[ -z $MESSAGES ]] || args+=(--messages "$MESSAGES")
  note ""
  "$JAVA_PATH" "${TOOL_OPTS[@]}" -cp "$WORK/classes" Fanout "${args[@]}" >"$WORK/$scenario.out" 2>&1 || rc=$?
  grep -v '^RESULT ' "$WORK/$scenario.out" || true
  RESULT[$scenario]=$(grep '^RESULT ' "$WORK/$scenario.out" | tail -n1 || true)
  if ((rc != 0)) || [[ $(field "$scenario" ok) != 1 ]]; then
    PROBLEMS+=("$scenario: $(grep -m1 'FAILED' "$WORK/$scenario.out" | sed 's/^ *FAILED: //' || echo "exit status $rc")")
  fi
  kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "the server of scenario $scenario (pid $pid) is no longer running (log above)"; }
}

if want redis && ((HAVE_REDIS)); then run_tool redis "$REDIS_PORT" "$REDIS_PID" "$WORK/redis.log" 0; fi
if want verdis; then run_tool verdis "$VERDIS_PORT" "$VERDIS_PID" "$WORK/verdis.log" 0; fi
if want mixed; then run_tool mixed "$VERDIS_PORT" "$VERDIS_PID" "$WORK/verdis.log" "$WS"; fi

# ---------------------------------------------------------------- summary

note ""
ms() { # ms SCENARIO KEY: a microsecond field in milliseconds
  local v
  v=$(field "$1" "$2")
  if [[ $v == n/a ]]; then echo n/a; else awk -v u="$v" 'BEGIN { printf "%.2f", u / 1000 }'; fi
}
describe() {
  case $1 in
    redis) echo "redis-server: $SUBSCRIBERS RESP" ;;
    verdis) echo "Verdis: $SUBSCRIBERS RESP" ;;
    mixed) echo "Verdis: $((SUBSCRIBERS - WS)) RESP + $WS WS" ;;
  esac
}
if [[ -n $MESSAGES ]]; then
  printf '%-32s %14s %14s %8s\n' scenario received expected check
  for s in redis verdis mixed; do
    [[ -n ${RESULT[$s]:-} ]] || continue
    printf '%-32s %14s %14s %8s\n' "$(describe "$s")" "$(field "$s" received)" "$(field "$s" expected)" \
      "$([[ $(field "$s" ok) == 1 ]] && echo OK || echo FAILED)"
  done
else
  printf '%-32s %14s %10s %9s %9s %6s %7s %8s %7s\n' scenario "delivered/s" PUBLISH/s "p50 ms" "p99 ms" \
    "tool%" "server%" "vs Redis" check
  redis_rate=$(field redis delivered_per_s)
  for s in redis verdis mixed; do
    [[ -n ${RESULT[$s]:-} ]] || continue
    rate=$(field "$s" delivered_per_s)
    printf '%-32s %14s %10s %9s %9s %6s %7s %8s %7s\n' "$(describe "$s")" "$rate" "$(field "$s" publishes_per_s)" \
      "$(ms "$s" p50_us)" "$(ms "$s" p99_us)" "$(field "$s" tool_cpu)" "$(field "$s" server_cpu)" \
      "$([[ $s == redis ]] && echo 1.00 || ratio "$rate" "$redis_rate")" \
      "$([[ $(field "$s" ok) == 1 ]] && echo OK || echo FAILED)"
  done
  note ""
  note "delivered/s: messages received per second summed over all subscribers; vs Redis: Verdis/Redis of it"
  note "tool% / server%: CPU of the load tool / the server over the measured time, 100 = one core"
fi
note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (at end)"
if ((${#PROBLEMS[@]} > 0)); then
  note "PROBLEMS (${#PROBLEMS[@]}):"
  for p in "${PROBLEMS[@]}"; do note "  - $p"; done
  exit 1
fi
note "all scenarios ran, every message arrived"
