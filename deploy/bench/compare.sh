#!/usr/bin/env bash
# Side-by-side throughput: redis-server 7.0 (no AOF, and AOF with appendfsync always) against
# Mneme (one node, and a 3-node local cluster), SET and GET with redis-benchmark -c 50, -P 1
# and -P 16, one after another on this machine. Prints each figure and its ratio to Redis.
#
#   deploy/bench/compare.sh [--requests N] [--clients C] [--keep]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
requests=300000; clients=50; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --requests) requests="$2"; shift 2 ;;
    --clients) clients="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--requests N] [--clients C] [--keep]" >&2; exit 2 ;;
  esac
done
for tool in redis-server redis-benchmark redis-cli; do
  command -v "$tool" >/dev/null || { echo "needs $tool: apt-get install redis-server redis-tools" >&2; exit 2; }
done
work="$(mktemp -d /tmp/mneme-bench.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  "$root/deploy/bin/mneme-cluster" stop --dir "$work/cluster" >/dev/null 2>&1 || true
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

# shellcheck source=../bin/mneme-env.sh
source "$root/deploy/bin/mneme-env.sh"
mneme_build_if_needed

await_write() { # host port
  for _ in $(seq 1 300); do
    [ "$(redis-cli -h "$1" -p "$2" set __bench_ready__ 1 2>/dev/null)" = OK ] && return 0
    sleep 0.1
  done
  echo "server $1:$2 did not take a write" >&2; return 1
}

declare -A result
bench() { # label host port
  local label="$1" host="$2" port="$3" p t rps n
  # Untimed warm-up for every server alike: a JVM compiles its hot paths in the first seconds,
  # and the unpipelined path (one entry per few writes) only once it runs it: without the -P 1
  # passes, the JIT was still compiling through the timed SET -P 1 run (40% of the CPU; one
  # pass of 300k left a 3-node cluster at 9.4k SET/s where three gave 14-15k).
  redis-benchmark -h "$host" -p "$port" -t set,get -n "$((requests * 2))" -c "$clients" -P 16 \
    -r 100000 -d 16 -q >/dev/null 2>&1 || true
  for _ in 1 2 3; do
    redis-benchmark -h "$host" -p "$port" -t set,get -n "$requests" -c "$clients" -P 1 \
      -r 100000 -d 16 -q >/dev/null 2>&1 || true
  done
  for p in 1 16; do
    n=$requests; [ "$p" = 16 ] && n=$((requests * 4))
    for t in set get; do
      rps="$(redis-benchmark -h "$host" -p "$port" -t "$t" -n "$n" -c "$clients" -P "$p" \
        -r 100000 -d 16 -q 2>/dev/null | tr '\r' '\n' | grep -i "requests per second" | tail -n 1 |
        sed 's/.*: \([0-9.]*\) requests per second.*/\1/')"
      result["$label,$t,$p"]="${rps:-0}"
      printf '  %-22s %-3s -P %-2s %12s req/s\n' "$label" "$t" "$p" "${rps:-failed}" >&2
    done
  done
}

echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/'), appendonly no" >&2
redis-server --port 6390 --save '' --appendonly no --dir "$work" --daemonize no >"$work/r1.log" 2>&1 &
pids+=($!); await_write 127.0.0.1 6390; bench redis 127.0.0.1 6390
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "redis-server, appendonly yes, appendfsync always" >&2
mkdir -p "$work/aof"
redis-server --port 6391 --save '' --appendonly yes --appendfsync always --dir "$work/aof" \
  --daemonize no >"$work/r2.log" 2>&1 &
pids+=($!); await_write 127.0.0.1 6391; bench redis-fsync 127.0.0.1 6391
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "Mneme, 1 node" >&2
# shellcheck disable=SC2046
"$JAVA" $(mneme_java_opts) -cp "$MNEME_JAR:$MNEME_LIB/*" io.mneme.deploy.MnemeServer \
  --port 6392 --dir "$work/mneme1" >"$work/mneme1.log" 2>&1 &
pids+=($!); await_write 127.0.0.1 6392; bench mneme-1 127.0.0.1 6392
kill "${pids[-1]}"; wait "${pids[-1]}" 2>/dev/null || true

echo "Mneme, 3-node local cluster" >&2
"$root/deploy/bin/mneme-cluster" start --nodes 3 --base-port 6393 --dir "$work/cluster" >&2
primary="$("$root/deploy/bin/mneme-cluster" status --dir "$work/cluster" | grep ' master$' |
  sed 's/^node [0-9]*: \([0-9.]*\):\([0-9]*\).*/\1 \2/')"
# shellcheck disable=SC2086
await_write $primary; bench mneme-3 $primary
"$root/deploy/bin/mneme-cluster" stop --dir "$work/cluster" >/dev/null

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }
echo
printf '%-10s %12s %12s %12s %12s %10s %10s %10s\n' test redis redis-fsync mneme-1 mneme-3 \
  "m1/redis" "m3/redis" "m3/fsync"
for p in 1 16; do
  for t in set get; do
    r="${result[redis,$t,$p]}"; f="${result[redis-fsync,$t,$p]}"
    m1="${result[mneme-1,$t,$p]}"; m3="${result[mneme-3,$t,$p]}"
    printf '%-10s %12s %12s %12s %12s %10s %10s %10s\n' "${t^^} -P$p" "$r" "$f" "$m1" "$m3" \
      "$(ratio "$m1" "$r")" "$(ratio "$m3" "$r")" "$(ratio "$m3" "$f")"
  done
done
echo "(-c $clients, $requests requests at -P 1 and $((requests * 4)) at -P 16, 16-byte values," \
  "100k random keys, all on this machine: $(nproc) cores)"
