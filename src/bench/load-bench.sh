#!/usr/bin/env bash
# Restart time with a large AOF, Verdis against redis-server in one run: both load the very same
# appendonlydir (N x "SET key:<i> <16 B>" in one incremental file) and each reports, in its own
# log, how long loading took ("DB loaded from append only file: X seconds"). Also shown: wall time
# from process start to the first PONG (the JVM's own start-up included for Verdis).
#
# Usage: src/bench/load-bench.sh [--keys N] [--runs R] [--java PATH] [--jar PATH]
#        defaults: 1000000 keys, 3 runs each (alternating who goes first), java on PATH, target/verdis.jar
set -euo pipefail

REPO_DIR=$(cd "$(dirname "$0")/../.." && pwd)
BENCHLIB="$REPO_DIR/src/bench/benchlib.py"
KEYS=1000000 RUNS=3 JAVA_CMD=${JAVA:-java} JAR="$REPO_DIR/target/verdis.jar"
while [[ $# -gt 0 ]]; do
  case $1 in
    --keys) KEYS=$2; shift ;;
    --runs) RUNS=$2; shift ;;
    --java) JAVA_CMD=$2; shift ;;
    --jar) JAR=$2; shift ;;
    -h | --help) sed -n '2,9p' "$0"; exit 0 ;;
    *) echo "load-bench.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
command -v redis-server >/dev/null || { echo "load-bench.sh: redis-server not found (apt-get install redis-server)" >&2; exit 1; }
[[ -f $JAR ]] || (cd "$REPO_DIR" && mvn -B -q -o -DskipTests package)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/verdis-load.XXXXXX")
PID=""
cleanup() { [[ -n $PID ]] && kill -KILL "$PID" 2>/dev/null; rm -rf "$WORK"; }
trap cleanup EXIT

mkdir -p "$WORK/template/appendonlydir"
python3 "$BENCHLIB" resp "$KEYS" >"$WORK/template/appendonlydir/appendonly.aof.1.incr.aof"
printf 'file appendonly.aof.1.incr.aof seq 1 type i\n' >"$WORK/template/appendonlydir/appendonly.aof.manifest"
size=$(du -h "$WORK/template/appendonlydir/appendonly.aof.1.incr.aof" | cut -f1)
echo "== AOF load time: $KEYS keys ($size AOF), $(nproc) CPUs, $(redis-server --version | cut -d' ' -f1-3), $("$JAVA_CMD" -version 2>&1 | head -1)"

port=$(python3 "$BENCHLIB" ports 1)

run() { # run NAME: prints "<loaded seconds> <wall seconds to PONG>"
  local name=$1 dir="$WORK/$1" start end loaded
  rm -rf "$dir" && cp -r "$WORK/template" "$dir"
  start=$(date +%s.%N)
  if [[ $name == redis ]]; then
    redis-server --port "$port" --bind 127.0.0.1 --dir "$dir" --appendonly yes --save "" --logfile "$dir/log" &
  else
    "$JAVA_CMD" -jar "$JAR" --port "$port" --bind 127.0.0.1 --pizzaria-port 0 --http-port 0 --dir "$dir" \
      --appendonly yes --save "" >"$dir/log" 2>&1 &
  fi
  PID=$!
  until [[ $(redis-cli -p "$port" ping 2>/dev/null) == PONG ]]; do sleep 0.02; done
  end=$(date +%s.%N)
  loaded=$(grep -o 'DB loaded from append only file: [0-9.]*' "$dir/log" | grep -o '[0-9.]*$')
  [[ $(redis-cli -p "$port" dbsize) == "$KEYS" ]] || { echo "$name: dbsize is not $KEYS" >&2; exit 1; }
  redis-cli -p "$port" shutdown nosave >/dev/null 2>&1 || true
  wait "$PID" 2>/dev/null || true
  PID=""
  echo "$loaded $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.3f", b - a }')"
}

printf '%-6s %-8s %14s %14s\n' run server "loaded (s)" "to PONG (s)"
best_v=999 best_r=999
for ((i = 1; i <= RUNS; i++)); do
  order=(verdis redis); ((i % 2 == 0)) && order=(redis verdis)
  for name in "${order[@]}"; do
    read -r loaded wall < <(run "$name")
    printf '%-6s %-8s %14s %14s\n' "$i" "$name" "$loaded" "$wall"
    if [[ $name == verdis ]]; then best_v=$(awk -v a="$best_v" -v b="$loaded" 'BEGIN { print (b < a ? b : a) }')
    else best_r=$(awk -v a="$best_r" -v b="$loaded" 'BEGIN { print (b < a ? b : a) }'); fi
  done
done
echo "best load time: Verdis $best_v s, redis-server $best_r s, ratio $(awk -v a="$best_v" -v b="$best_r" 'BEGIN { printf "%.2f", a / b }') (Verdis/Redis, lower is better; target <= 1.0)"
