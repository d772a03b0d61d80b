#!/usr/bin/env bash
# Verdis against a real redis-server, side by side in one run: throughput, server CPU per
# request and latency with redis-benchmark (-P 1 and -P 16), and memory per key, printed as
# Verdis/Redis ratios.
# Run `src/bench/bench.sh --help` for the options.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$SCRIPT_DIR/../.." && pwd)
BENCHLIB="$SCRIPT_DIR/benchlib.py"
# shellcheck source=benchlib.sh
source "$SCRIPT_DIR/benchlib.sh"

usage() {
  cat <<'EOF'
Usage: src/bench/bench.sh [--quick] [--build] [--java PATH] [--shards N] [--no-memory] [--aof POLICY]
                          [--clients N] [--n1 N] [--n16 N] [--tests LIST] [--repeat N] [--keys N]
                          [--memory-data LIST] [--jar PATH] [--tls] [--directives "D V ..."]
                          [--acl-user "RULES"]

Starts Verdis and redis-server on free loopback ports, runs redis-benchmark against
both (alternating servers run by run, so background load hits both alike), then loads
the same keys into fresh instances of both and compares memory per key. Prints
Verdis/Redis ratios; both servers are stopped on exit, Ctrl-C and failure included.
Each redis-benchmark row shows requests/s, the server's CPU per request (user+system CPU
of its process during the row, from /proc/PID/stat, divided by the requests: the JVM's
whole process for Verdis; background load moves it less than requests/s) and the
p50/p99 latency, for both servers, with the Verdis/Redis ratio of each. Verdis's CPU
per request needs a warm JIT: --quick's short warm-up leaves it high on the first rows.

Options (each flag beats its environment variable):
  --quick          smoke run, under a minute: -n 20000 at -P 1, 200000 at -P 16,
                   shorter warm-up, --repeat 1 (the memory test keeps its 1000000 keys)
  --build          build target/verdis.jar first (it is built anyway when missing)
  --java PATH      java binary that runs Verdis                 [$JAVA, else java on PATH]
                   (its jcmd/jstat measure the heap, so it must be a full JDK)
  --shards N       Verdis shard count            [Verdis's default: one per processor]
  --no-memory      skip the memory-per-key test
  --aof POLICY     both servers log to an AOF with appendfsync POLICY (always, everysec
                   or no), in temporary directories on the same disk   [off]
  --clients N      redis-benchmark -c                                  [$BENCH_CLIENTS, 50]
  --n1 N           redis-benchmark -n at -P 1                          [$BENCH_N1, 200000]
  --n16 N          redis-benchmark -n at -P 16                         [$BENCH_N16, 2000000]
  --tests LIST     redis-benchmark -t list                  [$BENCH_TESTS, set,get,incr,mset]
                   plus the scripting rows evalsha_set (SET KEYS[1] ARGV[1]), evalsha_rmw
                   (INCR of 3 keys on one shard, one hash tag) and evalsha_rmw_spread (3 keys
                   on any shards), EVALSHA of a script loaded first, random keys; and the
                   data-type rows xadd, setbit, getbit, pfadd, geoadd (random keys and members)
  --repeat N       runs of each row, alternating which server goes first; the table shows
                   the median of each figure and the min-max of the throughput ratio
                                                  [$BENCH_REPEAT, 3; 1 with --quick]
  --keys N         entries loaded for the memory test                  [$BENCH_KEYS, 1000000]
  --memory-data L  what the memory test loads, comma-separated  [$BENCH_MEMORY_DATA, strings]:
                   strings (SET key:N <16 bytes>), hashes (HSET hash:N with 5 fields of
                   8-byte values), zset (one sorted set, ZADD big <score> member:N), lists
                   (RPUSH list:N with 10 8-byte elements; per element), biglist (one
                   list, RPUSH big <8-byte element>; per element), scripts (SCRIPT LOAD
                   of N distinct small scripts; per script), stream (one stream, XADD big
                   <N+1>-1 with 2 fields; per entry), hll (PFADD hll:N of 10 elements; per
                   HyperLogLog), geo (one geo set, GEOADD geo <lon> <lat> member:N; per
                   member), or all
  --jar PATH       Verdis jar to run                [$VERDIS_JAR, <repo>/target/verdis.jar]
  --tls            both servers speak TLS only (port 0, tls-port, mutual TLS with
                   certificates made by openssl for the run), redis-benchmark uses --tls;
                   no memory test. redis-server must be built with TLS
  --directives L   directives given to both servers, e.g. "--maxmemory 4gb --maxmemory-policy
                   allkeys-lru" (split on spaces)                      [$BENCH_DIRECTIVES, none]
  --acl-user RULES both servers get the ACL user "bench" (password "bench") with these rules
                   (e.g. "~key:* +@all"; redis-benchmark's keys are key:NNN), and every
                   client (redis-benchmark, redis-cli) logs in as it      [none: the default user]
  -h, --help       this text

Environment: VERDIS_JAVA_OPTS  JVM flags for Verdis (default none), e.g. "-Xmx2g -XX:+UseZGC"
             REDIS_SERVER      redis-server binary to compare with [redis-server on PATH]
             BENCH_TIMEOUT     seconds before one redis-benchmark / load run is abandoned [600]
Other VERDIS_* variables are removed from Verdis's environment: Verdis reads them as
directives (VERDIS_PORT ...) and they would override the ports chosen here.

Needs redis-benchmark and redis-cli (apt-get install redis-tools) and python3; without
redis-server (apt-get install redis-server) Verdis runs alone and ratios read n/a.
Exit status: 0 when every row was measured and every check passed, 1 otherwise.
EOF
}

# ---------------------------------------------------------------- utilities

per_key() { # per_key AFTER BEFORE KEYS -> bytes per key, 1 decimal
  awk -v a="$1" -v b="$2" -v n="$3" 'BEGIN { printf "%.1f\n", (a - b) / n }'
}

mib() { awk -v b="$1" 'BEGIN { printf "%.1f MiB\n", b / 1048576 }'; }

# ---------------------------------------------------------------- options

QUICK=0 BUILD=0 MEMORY=1 TLS=0
OPT_JAVA="" OPT_AOF="" OPT_SHARDS="" OPT_CLIENTS="" OPT_N1="" OPT_N16="" OPT_TESTS="" OPT_KEYS="" OPT_JAR=""
OPT_MEMORY_DATA="" OPT_REPEAT="" OPT_DIRECTIVES="" OPT_ACL_USER=""


while [[ $# -gt 0 ]]; do
  case $1 in
    -h | --help) usage; exit 0 ;;
    --quick) QUICK=1 ;;
    --build) BUILD=1 ;;
    --no-memory) MEMORY=0 ;;
    --tls) TLS=1 MEMORY=0 ;;
    --java) need_value "$@"; OPT_JAVA=$2; shift ;;
    --aof) need_value "$@"; OPT_AOF=$2; shift ;;
    --shards) need_value "$@"; OPT_SHARDS=$2; shift ;;
    --clients) need_value "$@"; OPT_CLIENTS=$2; shift ;;
    --n1) need_value "$@"; OPT_N1=$2; shift ;;
    --n16) need_value "$@"; OPT_N16=$2; shift ;;
    --tests) need_value "$@"; OPT_TESTS=$2; shift ;;
    --repeat) need_value "$@"; OPT_REPEAT=$2; shift ;;
    --keys) need_value "$@"; OPT_KEYS=$2; shift ;;
    --memory-data) need_value "$@"; OPT_MEMORY_DATA=$2; shift ;;
    --jar) need_value "$@"; OPT_JAR=$2; shift ;;
    --directives) need_value "$@"; OPT_DIRECTIVES=$2; shift ;;
    --acl-user) need_value "$@"; OPT_ACL_USER=$2; shift ;;
    *) die "unknown option '$1' (see --help)" ;;
  esac
  shift
done

# Precedence: flag, then environment, then the (quick or full) default.
if ((QUICK)); then
  def_n1=20000 def_n16=200000 def_keys=1000000 def_repeat=1 WARM_N1=20000 WARM_N16=200000
else
  def_n1=200000 def_n16=2000000 def_keys=1000000 def_repeat=3 WARM_N1=100000 WARM_N16=1000000
fi
CLIENTS=${OPT_CLIENTS:-${BENCH_CLIENTS:-50}}
N1=${OPT_N1:-${BENCH_N1:-$def_n1}}
N16=${OPT_N16:-${BENCH_N16:-$def_n16}}
TESTS=${OPT_TESTS:-${BENCH_TESTS:-set,get,incr,mset}}
KEYS=${OPT_KEYS:-${BENCH_KEYS:-$def_keys}}
REPEAT=${OPT_REPEAT:-${BENCH_REPEAT:-$def_repeat}}
MEMORY_DATA=${OPT_MEMORY_DATA:-${BENCH_MEMORY_DATA:-strings}}
[[ $MEMORY_DATA == all ]] && MEMORY_DATA=strings,hashes,zset,lists,biglist,scripts,stream,hll,geo
IFS=, read -r -a MEMORY_DATASETS <<<"$MEMORY_DATA"
for dataset in "${MEMORY_DATASETS[@]}"; do
  [[ $dataset =~ ^(strings|hashes|zset|lists|biglist|scripts|stream|hll|geo)$ ]] ||
    die "--memory-data: unknown data '$dataset' (strings, hashes, zset, lists, biglist, scripts, stream, hll, geo, all)"
done
JAR=${OPT_JAR:-${VERDIS_JAR:-$REPO_DIR/target/verdis.jar}}
JAVA_CMD=${OPT_JAVA:-${JAVA:-java}}
SHARDS=$OPT_SHARDS
TIMEOUT=${BENCH_TIMEOUT:-600}
# Word-split the JVM flags into an array once (no globbing of e.g. -XX:* patterns).
read -r -a JAVA_OPTS <<<"${VERDIS_JAVA_OPTS:-}"
read -r -a BOTH_ARGS <<<"${OPT_DIRECTIVES:-${BENCH_DIRECTIVES:-}}"

for pair in "clients:$CLIENTS" "n1:$N1" "n16:$N16" "keys:$KEYS" "repeat:$REPEAT" "BENCH_TIMEOUT:$TIMEOUT"; do
  is_count "${pair#*:}" || die "--${pair%%:*} must be a positive integer, got '${pair#*:}'"
done
[[ -z $OPT_AOF || $OPT_AOF =~ ^(always|everysec|no)$ ]] || die "--aof must be always, everysec or no, got '$OPT_AOF'"
if [[ -n $OPT_AOF ]]; then
  PERSIST_ARGS=(--appendonly yes --appendfsync "$OPT_AOF")
  PERSIST_NOTE="AOF on, appendfsync $OPT_AOF"
else
  PERSIST_ARGS=(--appendonly no)
  PERSIST_NOTE="no persistence"
fi
[[ -z $SHARDS ]] || is_count "$SHARDS" || die "--shards must be a positive integer, got '$SHARDS'"
[[ $TESTS =~ ^[a-z0-9_]+(,[a-z0-9_]+)*$ ]] || die "--tests must be a comma-separated list like set,get, got '$TESTS'"
IFS=, read -r -a TEST_LIST <<<"$TESTS"

# ---------------------------------------------------------------- prerequisites

command -v python3 >/dev/null || die "python3 is required (apt-get install python3)"
command -v redis-benchmark >/dev/null ||
  die "redis-benchmark not found: install it with 'apt-get install redis-tools' (it comes with redis-cli)"
command -v redis-cli >/dev/null ||
  die "redis-cli not found: install it with 'apt-get install redis-tools'"
REDIS_SERVER=${REDIS_SERVER:-redis-server}
HAVE_REDIS=1
command -v "$REDIS_SERVER" >/dev/null || HAVE_REDIS=0

JAVA_PATH=$(command -v "$JAVA_CMD" 2>/dev/null) || die "java binary '$JAVA_CMD' not found (use --java PATH or JAVA=...)"
JAVA_PATH=$(readlink -f "$JAVA_PATH")
# jcmd/jstat must come from the JDK that runs Verdis: the attach protocol and the
# perf-data layout are version-specific.
JDK_BIN=$(dirname "$JAVA_PATH")
JCMD="$JDK_BIN/jcmd" JSTAT="$JDK_BIN/jstat"
if ((MEMORY)) && [[ ! -x $JCMD || ! -x $JSTAT ]]; then
  die "no jcmd/jstat next to $JAVA_PATH (a JRE?): the memory test needs a full JDK; use --java PATH or --no-memory"
fi

if [[ -n $OPT_JAR || -n ${VERDIS_JAR:-} ]]; then
  [[ -f $JAR ]] || die "Verdis jar '$JAR' not found"
elif ((BUILD)) || [[ ! -f $JAR ]]; then
  command -v mvn >/dev/null || die "target/verdis.jar is missing and mvn is not installed to build it"
  note "building $JAR (mvn -B -q -o -DskipTests package) ..."
  # Maven's output only matters when the build fails; keep it off the report otherwise.
  build_log=$(mktemp "${TMPDIR:-/tmp}/verdis-build.XXXXXX")
  if ! (cd "$REPO_DIR" && mvn -B -q -o -DskipTests package) >"$build_log" 2>&1; then
    tail -n 40 "$build_log" >&2
    rm -f "$build_log"
    die "the build failed (output above; -o is offline: the local Maven repository must hold the dependencies)"
  fi
  rm -f "$build_log"
  [[ -f $JAR ]] || die "the build did not produce $JAR"
fi

# ---------------------------------------------------------------- servers

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-bench.XXXXXX")
VERDIS_PID="" REDIS_PID="" VERDIS_PORT="" REDIS_PORT=""
PROBLEMS=()

stop_servers() {
  stop_pid "$VERDIS_PID"
  stop_pid "$REDIS_PID"
  VERDIS_PID="" REDIS_PID=""
}

cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  stop_servers
  if ((rc == 0)); then
    rm -rf "$WORK"
  else
    echo "bench.sh: exit status $rc; server logs kept in $WORK" >&2
  fi
  exit "$rc"
}
trap cleanup EXIT
# Background servers ignore SIGINT in a non-interactive shell; these traps turn
# Ctrl-C / kill into a normal exit so that cleanup stops them.
trap 'echo; echo "bench.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM

free_ports() { python3 "$BENCHLIB" ports 2; }

# --tls: a CA, a server certificate for 127.0.0.1 and a client certificate, for this run only.
TLS_CLI_ARGS=() TLS_SERVER_ARGS=()
if ((TLS)); then
  command -v openssl >/dev/null || die "--tls needs openssl to make the certificates"
  mkdir -p "$WORK/tls"
  (
    cd "$WORK/tls"
    openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.crt -subj /CN=bench-ca -days 2
    for name in server client; do
      openssl req -newkey rsa:2048 -nodes -keyout "$name.key" -out "$name.csr" -subj "/CN=$name"
      printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\n' >"$name.ext"
      openssl x509 -req -in "$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -out "$name.crt" -days 2 \
        -extfile "$name.ext"
    done
  ) >"$WORK/tls/openssl.log" 2>&1 || { cat "$WORK/tls/openssl.log" >&2; die "openssl could not make the test certificates"; }
  TLS_CLI_ARGS=(--tls --cacert "$WORK/tls/ca.crt" --cert "$WORK/tls/client.crt" --key "$WORK/tls/client.key")
  TLS_SERVER_ARGS=(--tls-cert-file "$WORK/tls/server.crt" --tls-key-file "$WORK/tls/server.key"
    --tls-ca-cert-file "$WORK/tls/ca.crt" --tls-auth-clients yes)
fi

# --acl-user: one user on both servers (a "user" directive each accepts), every client logs in as it.
if [[ -n $OPT_ACL_USER ]]; then
  read -r -a acl_rules <<<"$OPT_ACL_USER"
  BOTH_ARGS+=(--user bench on '>bench' "${acl_rules[@]}")
  TLS_CLI_ARGS+=(--user bench -a bench)
fi

listen_args() { # listen_args PORT -> the server's port directives: the plain port, or TLS only
  if ((TLS)); then
    echo --port 0 --tls-port "$1" "${TLS_SERVER_ARGS[@]}"
  else
    echo --port "$1"
  fi
}

start_verdis() { # start_verdis PORT: sets VERDIS_PID
  local port=$1 var env_args=()
  # VERDIS_<DIRECTIVE> variables override command-line directives in Verdis.
  for var in $(compgen -e); do
    [[ $var == VERDIS_* ]] && env_args+=(-u "$var")
  done
  mkdir -p "$WORK/verdis-dir"
  env "${env_args[@]}" "$JAVA_PATH" "${JAVA_OPTS[@]}" -jar "$JAR" \
    $(listen_args "$port") --bind 127.0.0.1 --pizzaria-port 0 --http-port 0 \
    "${PERSIST_ARGS[@]}" --save "" --dir "$WORK/verdis-dir" ${SHARDS:+--shards "$SHARDS"} "${BOTH_ARGS[@]}" \
    >>"$WORK/verdis.log" 2>&1 &
  VERDIS_PID=$!
  VERDIS_PORT=$port
}

start_redis() { # start_redis PORT: sets REDIS_PID
  local port=$1
  mkdir -p "$WORK/redis-dir"
  "$REDIS_SERVER" $(listen_args "$port") --bind 127.0.0.1 --save "" "${PERSIST_ARGS[@]}" --daemonize no \
    --dir "$WORK/redis-dir" "${BOTH_ARGS[@]}" >>"$WORK/redis.log" 2>&1 &
  REDIS_PID=$!
  REDIS_PORT=$port
}

check_alive() { # a server that died mid-run would otherwise show up as odd numbers
  kill -0 "$VERDIS_PID" 2>/dev/null || { tail -n 30 "$WORK/verdis.log" >&2; die "Verdis (pid $VERDIS_PID) is no longer running (log above)"; }
  if ((HAVE_REDIS)); then
    kill -0 "$REDIS_PID" 2>/dev/null || { tail -n 30 "$WORK/redis.log" >&2; die "redis-server (pid $REDIS_PID) is no longer running"; }
  fi
}

start_both() {
  local ports
  mapfile -t ports < <(free_ports)
  ((${#ports[@]} == 2)) || die "could not pick free TCP ports"
  start_verdis "${ports[0]}"
  ((HAVE_REDIS)) && start_redis "${ports[1]}"
  wait_ready Verdis "$VERDIS_PID" "$VERDIS_PORT" "$WORK/verdis.log"
  ((HAVE_REDIS)) && wait_ready redis-server "$REDIS_PID" "$REDIS_PORT" "$WORK/redis.log"
  return 0
}

cli() { redis-cli -h 127.0.0.1 -p "$1" ${TLS_CLI_ARGS[@]+"${TLS_CLI_ARGS[@]}"} "${@:2}"; }

# ---------------------------------------------------------------- header

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
mem_total=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
java_version=$("$JAVA_PATH" -version 2>&1 | sed -n '1p;2p' | paste -sd';' | sed 's/;/; /')
jar_info=$JAR
if [[ $JAR == "$REPO_DIR/target/verdis.jar" ]] && git -C "$REPO_DIR" rev-parse --git-dir >/dev/null 2>&1; then
  dirty=$(git -C "$REPO_DIR" status --porcelain -- src/main pom.xml 2>/dev/null || true)
  jar_info+=" (source: git $(git -C "$REPO_DIR" rev-parse --short HEAD)${dirty:+ + uncommitted changes})"
fi
# A jar older than the sources would be benchmarked under the wrong name.
if [[ $JAR == "$REPO_DIR/target/verdis.jar" && -n $(find "$REPO_DIR/src/main" "$REPO_DIR/pom.xml" -newer "$JAR" -print -quit 2>/dev/null) ]]; then
  jar_info+=" WARNING: older than src/main (--build rebuilds it)"
fi

note "== Verdis vs redis-server, side by side =="
note "date:        $(date '+%Y-%m-%d %H:%M:%S %Z')"
note "machine:     $(nproc) CPUs (nproc), ${cpu_model:-unknown CPU}, $mem_total RAM"
note "load avg:    $(cut -d' ' -f1-3 /proc/loadavg) (1/5/15 min, at start; other jobs on this machine skew both servers alike)"
note "verdis:      $jar_info"
note "java:        $JAVA_PATH -- $java_version"
note "jvm flags:   ${VERDIS_JAVA_OPTS:-(none)}   (VERDIS_JAVA_OPTS)"
if ((HAVE_REDIS)); then
  note "redis:       $(command -v "$REDIS_SERVER") -- $("$REDIS_SERVER" --version)"
else
  note "redis:       $REDIS_SERVER NOT FOUND (apt-get install redis-server): Verdis runs alone, ratios are n/a"
fi
note "client:      $(redis-benchmark --version 2>/dev/null || echo redis-benchmark), -c $CLIENTS, -P 1 -n $N1, -P 16 -n $N16, tests $TESTS, $REPEAT run(s) per row$( ((QUICK)) && echo ' (--quick)')${OPT_ACL_USER:+, as ACL user bench ($OPT_ACL_USER)}"

start_both
shards=$(grep -o -m1 '[0-9]* shards' "$WORK/verdis.log" | cut -d' ' -f1 || true)
note "shards:      ${shards:-?}$([[ -n $SHARDS ]] && echo ' (--shards)' || echo ' (Verdis default: one per processor)')"
note "servers:     Verdis pid $VERDIS_PID port $VERDIS_PORT$( ((HAVE_REDIS)) && echo ", redis-server pid $REDIS_PID port $REDIS_PORT"), both on 127.0.0.1, $PERSIST_NOTE$( ((TLS)) && echo ', TLS only (tls-port, mutual TLS, RSA 2048)')"

# ---------------------------------------------------------------- throughput

RB_RPS="" RB_NAME="" RB_ERR=""

# Rows redis-benchmark has no -t test for, with its random keys (every __rand_int__ is drawn on its
# own, below -r). Scripting: EVALSHA of a script loaded on each server first; evalsha_rmw's keys
# share a hash tag, so they live on one shard; evalsha_rmw_spread's are spread over the shards
# (Verdis then holds several). Data types: XADD to 100000 streams, SETBIT/GETBIT of bit 1000 in 100000 bitmaps of
# 1001 bits (redis-benchmark pads __rand_int__ with zeros, which an offset refuses), PFADD to 100000 HyperLogLogs, GEOADD of members to 100000 geo sets.
custom_row() { # custom_row TEST PORT: sets ROW (options and command), or fails for a redis-benchmark -t test
  local rmw="local n = 0 for i = 1, 3 do n = n + redis.call('INCR', KEYS[i]) end return n" body args
  case $1 in
    evalsha_set) body="return redis.call('SET', KEYS[1], ARGV[1])" args=(1 "key:__rand_int__" xxx) ;;
    evalsha_rmw) body=$rmw args=(3 "{rmw}:a:__rand_int__" "{rmw}:b:__rand_int__" "{rmw}:c:__rand_int__") ;;
    evalsha_rmw_spread) body=$rmw args=(3 "rmw:a:__rand_int__" "rmw:b:__rand_int__" "rmw:c:__rand_int__") ;;
    xadd) ROW=(-r 100000 xadd "stream:__rand_int__" "*" field value) ;;
    setbit) ROW=(-r 100000 setbit "bits:__rand_int__" 1000 1) ;;
    getbit) ROW=(-r 100000 getbit "bits:__rand_int__" 1000) ;;
    pfadd) ROW=(-r 100000 pfadd "hll:__rand_int__" "element:__rand_int__") ;;
    geoadd) ROW=(-r 100000 geoadd "geo:__rand_int__" 13.361389 38.115556 "member:__rand_int__") ;;
    *) return 1 ;;
  esac
  if [[ -n ${body:-} ]]; then
    ROW=(-r 100000 evalsha "$(cli "$2" script load "$body")" "${args[@]}")
  fi
}

note ""
note "-- redis-benchmark: throughput (higher is better), server CPU per request and latency (lower is better) --"
warm_start=$SECONDS
warm_failed=()
for depth in 1 16; do
  ((depth == 1)) && n=$WARM_N1 || n=$WARM_N16
  for test in "${TEST_LIST[@]}"; do
    run_benchmark "$VERDIS_PORT" "$depth" "$test" "$n"
    [[ -z $RB_ERR ]] || warm_failed+=("$test -P $depth ($RB_ERR)")
  done
done
# The JIT compiles what the warm-up queued, and G1 finishes its cycles, on threads of their own
# after it ends: that CPU would be charged to the first row.
warm_end=$SECONDS
settle "$VERDIS_PID"
note "warm-up:     Verdis only, every test at -P 1 -n $WARM_N1 and -P 16 -n $WARM_N16, results discarded,"
note "             so the JIT has compiled the hot path before it is measured ($((warm_end - warm_start)) s,"
note "             then $((SECONDS - warm_end)) s until Verdis's CPU clock held still)"
((${#warm_failed[@]} == 0)) || note "             warm-up failures: ${warm_failed[*]}"
if ((HAVE_REDIS)); then
  note "order:       each row runs both servers back to back$( ((REPEAT == 1)) || echo " $REPEAT times"), alternating who goes first"
fi
note "CPU µs/req:  user+system CPU of the server process during its own run (/proc/PID/stat, ticks of"
note "             1/$CLK_TCK s) / requests served. Verdis: the whole JVM process, every thread (event loops,"
note "             shards, GC, JIT); Redis: its whole process (main thread and background threads)"
note "latency:     redis-benchmark's p50 and p99 (--csv), ms, client side"
((REPEAT == 1)) ||
  note "repeats:     each figure is the median of $REPEAT runs, each ratio the median of the $REPEAT runs' ratios; 'range' is the min-max of the throughput ratio"
note ""
ROW_FORMAT='%-18s %3s %9s %9s %5s %9s  %7s %7s %5s  %7s %7s %5s  %7s %7s %5s\n'
# Group titles over the columns above: widths add up to the columns they span.
printf '%-18s %3s %-35s  %-21s  %-21s  %s\n' "" "" "throughput, req/s" "CPU µs/request" "p50 latency, ms" "p99 latency, ms"
printf "$ROW_FORMAT" test -P Verdis Redis V/R "V/R range" Verdis Redis V/R Verdis Redis V/R Verdis Redis V/R

declare -A MIN_RATIO=() MIN_TEST=() MAX_CPU=() MAX_CPU_TEST=()
row=0
for depth in 1 16; do
  ((depth == 1)) && n=$N1 || n=$N16
  for test in "${TEST_LIST[@]}"; do
    v_rps=() v_cpu=() v_p50=() v_p99=() v_now=() v_err="" v_fails=0
    r_rps=() r_cpu=() r_p50=() r_p99=() r_now=() r_err="" r_fails=0
    q_rps=() q_cpu=() q_p50=() q_p99=() label=$test
    for ((rep = 0; rep < REPEAT; rep++)); do
      check_alive
      # Alternate the order run by run (and row by row), so a load that rises or falls during
      # the run does not always land on the same server.
      if (((row + rep) % 2 == 0)); then order="redis verdis"; else order="verdis redis"; fi
      for server in $order; do
        if [[ $server == verdis ]]; then
          run_benchmark "$VERDIS_PORT" "$depth" "$test" "$n" "$VERDIS_PID"
          record v
        elif ((HAVE_REDIS)); then
          run_benchmark "$REDIS_PORT" "$depth" "$test" "$n" "$REDIS_PID"
          record r
        fi
      done
      if ((${#v_now[@]} > 0 && ${#r_now[@]} > 0)); then
        pair q_rps "${v_now[0]}" "${r_now[0]}"
        pair q_cpu "${v_now[1]}" "${r_now[1]}"
        pair q_p50 "${v_now[2]}" "${r_now[2]}"
        pair q_p99 "${v_now[3]}" "${r_now[3]}"
      fi
    done
    r_rps_shown=n/a
    if ((HAVE_REDIS)); then
      r_rps_shown=$( ((${#r_rps[@]} > 0)) && shown '%.0f' "${r_rps[@]}" || echo FAILED)
    fi
    ratio_rps=$(shown '%.2f' "${q_rps[@]}") ratio_cpu=$(shown '%.2f' "${q_cpu[@]}")
    printf "$ROW_FORMAT" "$label" "$depth" \
      "$( ((${#v_rps[@]} > 0)) && shown '%.0f' "${v_rps[@]}" || echo FAILED)" "$r_rps_shown" \
      "$ratio_rps" "$(spread "${q_rps[@]}")" \
      "$(shown '%.2f' "${v_cpu[@]}")" "$(shown '%.2f' "${r_cpu[@]}")" "$ratio_cpu" \
      "$(shown '%.3f' "${v_p50[@]}")" "$(shown '%.3f' "${r_p50[@]}")" "$(shown '%.2f' "${q_p50[@]}")" \
      "$(shown '%.3f' "${v_p99[@]}")" "$(shown '%.3f' "${r_p99[@]}")" "$(shown '%.2f' "${q_p99[@]}")"
    runs=$( ((REPEAT == 1)) || echo " ($v_fails of $REPEAT runs)")
    [[ -z $v_err ]] || { note "    ^ Verdis: $v_err$runs"; PROBLEMS+=("Verdis $label -P $depth: $v_err$runs"); }
    runs=$( ((REPEAT == 1)) || echo " ($r_fails of $REPEAT runs)")
    [[ -z $r_err ]] || { note "    ^ Redis: $r_err$runs"; PROBLEMS+=("Redis $label -P $depth: $r_err$runs"); }
    if [[ $ratio_rps != n/a ]] && { [[ -z ${MIN_RATIO[$depth]:-} ]] || below "$ratio_rps" "${MIN_RATIO[$depth]}"; }; then
      MIN_RATIO[$depth]=$ratio_rps MIN_TEST[$depth]=$label
    fi
    if [[ $ratio_cpu != n/a ]] && { [[ -z ${MAX_CPU[$depth]:-} ]] || below "${MAX_CPU[$depth]}" "$ratio_cpu"; }; then
      MAX_CPU[$depth]=$ratio_cpu MAX_CPU_TEST[$depth]=$label
    fi
    row=$((row + 1))
  done
done

extreme() { # extreme VALUES TESTS DEPTH -> "ratio (test)" from the two maps, or n/a
  local -n values=$1 tests=$2
  if [[ -n ${values[$3]:-} ]]; then echo "${values[$3]} (${tests[$3]})"; else echo "n/a"; fi
}
note ""
note "minimum Verdis/Redis ratio: -P 1: $(extreme MIN_RATIO MIN_TEST 1)   -P 16: $(extreme MIN_RATIO MIN_TEST 16)$( ((${#PROBLEMS[@]} == 0)) || echo '   (FAILED rows excluded)')"
note "worst CPU/request ratio:    -P 1: $(extreme MAX_CPU MAX_CPU_TEST 1)   -P 16: $(extreme MAX_CPU MAX_CPU_TEST 16)   (highest Verdis/Redis; lower is better)"

# ---------------------------------------------------------------- memory per key

verdis_heap() { live_heap "$VERDIS_PID"; }

rss() { awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$1/status"; }

# G1 gives freed heap back to the OS in a background thread after the GC returns, so RSS read
# at once sometimes still holds it: wait (at most ~5 s) until two reads 0.5 s apart agree to 1 MiB.
settled_rss() {
  local previous current tries=0
  previous=$(rss "$1")
  while ((tries++ < 10)); do
    sleep 0.5
    current=$(rss "$1")
    if (( current - previous < 1048576 && previous - current < 1048576 )); then break; fi
    previous=$current
  done
  echo "$current"
}

# With the scripts data, the Lua heap (used_memory_vm_eval, outside used_memory) counts too.
redis_used_memory() {
  cli "$REDIS_PORT" info memory | tr -d '\r' | awk -F: -v lua="$([[ ${data:-} == scripts ]] && echo 1 || echo 0)" '
    $1 == "used_memory" { total += $2 } lua && $1 == "used_memory_vm_eval" { total += $2 } END { print total }'
}

dbsize() { cli "$1" dbsize 2>&1 | tr -d '\r'; }

now() { date +%s.%N; }

load_keys() { # load_keys NAME PORT DATA: pipe KEYS commands of DATA through redis-cli --pipe
  local name=$1 port=$2 data=$3 start rc=0 out
  start=$(now)
  out=$(python3 "$BENCHLIB" resp "$KEYS" "$data" | timeout --foreground "$TIMEOUT" redis-cli -h 127.0.0.1 -p "$port" --pipe 2>&1) || rc=$?
  # redis-cli --pipe ends with "errors: E, replies: R"; anything else is a failed load.
  if ((rc != 0)) || [[ $out != *"errors: 0, replies: $KEYS"* ]]; then
    note "load:        $name FAILED (exit $rc): $(tail -n1 <<<"$out" | tr -cd '[:print:]' | cut -c1-160)"
    PROBLEMS+=("$name: loading $KEYS keys with redis-cli --pipe failed")
  else
    note "load:        $name $KEYS keys in $(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }') s (redis-cli --pipe)"
  fi
}

memory_test() { # memory_test DATA: fresh servers, load KEYS entries of DATA, compare memory
  note ""
  local data=$1 expected=$KEYS unit=key units=$KEYS
  case $data in
    strings) note "-- memory per key: $KEYS x SET key:N <16-byte value> (lower is better) --" ;;
    hashes) note "-- memory per hash: $KEYS x HSET hash:N with 5 fields of 8-byte values (lower is better) --"; unit=hash ;;
    zset) note "-- memory per member: one sorted set of $KEYS members, ZADD big <score> member:N (lower is better) --"
          expected=1 unit=member ;;
    lists) note "-- memory per element: $KEYS x RPUSH list:N with 10 8-byte elements (lower is better) --"
           unit=element units=$((KEYS * 10)) ;;
    biglist) note "-- memory per element: one list of $KEYS elements, RPUSH big <8-byte element> (lower is better) --"
             expected=1 unit=element ;;
    scripts) note "-- memory per script: $KEYS x SCRIPT LOAD of a distinct small script (lower is better) --"
             note "             (Redis: used_memory plus used_memory_vm_eval, the Lua heap it counts apart)"
             expected=0 unit=script ;;
    stream) note "-- memory per entry: one stream of $KEYS entries, XADD big <N+1>-1 field1 <8 bytes> field2 <8 bytes> (lower is better) --"
            expected=1 unit=entry ;;
    hll) note "-- memory per HyperLogLog: $KEYS x PFADD hll:N with 10 elements (lower is better) --"; unit=hll ;;
    geo) note "-- memory per member: one geo set of $KEYS members, GEOADD geo <lon> <lat> member:N (lower is better) --"
         expected=1 unit=member ;;
  esac
  # Fresh servers, so the baseline is "just started" and the heap growth and
  # allocator state the benchmark left behind do not count as key data.
  stop_servers
  start_both
  note "servers:     restarted: Verdis pid $VERDIS_PID port $VERDIS_PORT$( ((HAVE_REDIS)) && echo ", redis-server pid $REDIS_PID port $REDIS_PORT")"
  cli "$VERDIS_PORT" flushall >/dev/null
  ((HAVE_REDIS)) && cli "$REDIS_PORT" flushall >/dev/null

  # One assignment per line: "a=$(x) b=$(y)" would hide a failure of x from set -e.
  v_heap0=$(verdis_heap)
  v_rss0=$(settled_rss "$VERDIS_PID")
  if ((HAVE_REDIS)); then
    r_used0=$(redis_used_memory)
    r_rss0=$(rss "$REDIS_PID")
  fi

  ((HAVE_REDIS)) && load_keys redis-server "$REDIS_PORT" "$data"
  load_keys Verdis "$VERDIS_PORT" "$data"
  check_alive

  v_db=$(dbsize "$VERDIS_PORT") r_db=n/a
  ((HAVE_REDIS)) && r_db=$(dbsize "$REDIS_PORT")
  # A server that does not hold every key gets no per-key figure: dividing a
  # partial load by KEYS would flatter it.
  db_status=OK v_valid=1 r_valid=$HAVE_REDIS
  [[ $v_db == "$expected" ]] || { db_status=MISMATCH v_valid=0; PROBLEMS+=("Verdis DBSIZE $v_db, expected $expected"); }
  ((!HAVE_REDIS)) || [[ $r_db == "$expected" ]] || { db_status=MISMATCH r_valid=0; PROBLEMS+=("Redis DBSIZE $r_db, expected $expected"); }
  note "dbsize:      Verdis $v_db, Redis $r_db, expected $expected: $db_status"

  v_heap1=$(verdis_heap)
  v_rss1=$(settled_rss "$VERDIS_PID")
  if ((HAVE_REDIS)); then
    r_used1=$(redis_used_memory)
    r_rss1=$(rss "$REDIS_PID")
  fi

  note "Verdis:      heap after full GC $(mib "$v_heap0") -> $(mib "$v_heap1"), RSS $(mib "$v_rss0") -> $(mib "$v_rss1") (RSS read after the GC)"
  ((HAVE_REDIS)) && note "Redis:       used_memory $(mib "$r_used0") -> $(mib "$r_used1"), RSS $(mib "$r_rss0") -> $(mib "$r_rss1")"
  note "             (bytes/$unit = (after - baseline) / $units; baseline = just started, empty)"
  note ""
  v_heap_pk="" v_rss_pk="" r_used_pk="" r_rss_pk=""
  if ((v_valid)); then
    v_heap_pk=$(per_key "$v_heap1" "$v_heap0" "$units")
    v_rss_pk=$(per_key "$v_rss1" "$v_rss0" "$units")
  fi
  if ((r_valid)); then
    r_used_pk=$(per_key "$r_used1" "$r_used0" "$units")
    r_rss_pk=$(per_key "$r_rss1" "$r_rss0" "$units")
  fi
  printf '%-40s %12s %12s %13s\n' "bytes/$unit ($data)" Verdis Redis Verdis/Redis
  printf '%-40s %12s %12s %13s\n' "Verdis live heap vs Redis used_memory" "${v_heap_pk:-n/a}" "${r_used_pk:-n/a}" "$(ratio "$v_heap_pk" "$r_used_pk")"
  printf '%-40s %12s %12s %13s\n' "RSS vs RSS" "${v_rss_pk:-n/a}" "${r_rss_pk:-n/a}" "$(ratio "$v_rss_pk" "$r_rss_pk")"
}

if ((MEMORY)); then
  for dataset in "${MEMORY_DATASETS[@]}"; do
    memory_test "$dataset"
  done
fi

# ---------------------------------------------------------------- summary

finish_report "all rows measured, all checks passed"
