#!/usr/bin/env bash
# Memory per key: loads the same data into redis-server 7.0 and into a single Mneme node, one
# type after another (strings, hashes, sets, sorted sets), and prints the bytes each key added
# to the server's memory, side by side, with the ratio Mneme / Redis.
#
# Redis: INFO used_memory. Mneme: the JVM heap in use after a snapshot (BGSAVE), the log purge
# that follows it (small log segments, so little of the log stays cached in memory) and a full
# GC (jcmd GC.run): the keyspace's cost, as Redis's used_memory is its dataset's.
#
#   deploy/bench/memory.sh [--keys N] [--fields F] [--keep]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
keys=200000; fields=10; keep=""
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) keys="$2"; shift 2 ;;
    --fields) fields="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    *) echo "usage: $0 [--keys N] [--fields F] [--keep]" >&2; exit 2 ;;
  esac
done
for tool in redis-server redis-cli python3 jcmd; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 2; }
done
work="$(mktemp -d /tmp/mneme-mem.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT
# shellcheck source=../bin/mneme-env.sh
source "$root/deploy/bin/mneme-env.sh"
mneme_build_if_needed

# RESP for one type's data set: N keys of 16-byte strings, or N collections of F members.
gen() { # type
  python3 - "$1" "$keys" "$fields" <<'EOF'
import sys
kind, n, f = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
out = sys.stdout.buffer
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    out.write(b"".join(parts))
for i in range(n):
    if kind == "string":
        cmd("SET", "str:%d" % i, "v%015d" % i)
    elif kind == "hash":
        args = ["HSET", "hash:%d" % i]
        for j in range(f):
            args += ["field%d" % j, "value%d" % j]
        cmd(*args)
    elif kind == "set":
        cmd("SADD", "set:%d" % i, *["member%d" % j for j in range(f)])
    elif kind == "zset":
        args = ["ZADD", "zset:%d" % i]
        for j in range(f):
            args += [str(j * 1.5), "member%d" % j]
        cmd(*args)
EOF
}

# Time for a snapshot of the loaded keys to reach disk and the log to be purged behind it.
SNAPSHOT_WAIT_SECONDS=5
declare -A used
measure() { # label port pid(or empty)
  local label="$1" port="$2" pid="$3" before after t
  sample() {
    if [ -n "$pid" ]; then
      redis-cli -p "$port" bgsave >/dev/null; sleep "$SNAPSHOT_WAIT_SECONDS"
      jcmd "$pid" GC.run >/dev/null; sleep 1; jcmd "$pid" GC.run >/dev/null
    fi
    redis-cli -p "$port" info memory | tr -d '\r' | sed -n 's/^used_memory:\([0-9]*\)$/\1/p'
  }
  before="$(sample)"
  for t in string hash set zset; do
    gen "$t" | redis-cli -p "$port" --pipe >/dev/null
    after="$(sample)"
    used["$label,$t"]=$(( (after - before) / keys ))
    printf '  %-6s %-7s %8s bytes per key\n' "$label" "$t" "${used[$label,$t]}" >&2
    before="$after"
  done
}

echo "redis-server $(redis-server --version | sed 's/.*v=\([^ ]*\).*/\1/')" >&2
redis-server --port 6395 --save '' --appendonly no --dir "$work" --daemonize no \
  >"$work/redis.log" 2>&1 &
pids+=($!)
until redis-cli -p 6395 ping >/dev/null 2>&1; do sleep 0.1; done
measure redis 6395 ""

echo "Mneme, 1 node" >&2
# shellcheck disable=SC2046
"$JAVA" $(mneme_java_opts) -cp "$MNEME_JAR:$MNEME_LIB/*" io.mneme.deploy.MnemeServer \
  --port 6396 --dir "$work/mneme" --raft-log-segment-bytes 1048576 >"$work/mneme.log" 2>&1 &
pids+=($!)
until [ "$(redis-cli -p 6396 set __ready__ 1 2>/dev/null)" = OK ]; do sleep 0.2; done
measure mneme 6396 "${pids[-1]}"

echo
printf '%-8s %14s %14s %8s\n' type redis mneme ratio
for t in string hash set zset; do
  printf '%-8s %14s %14s %8s\n' "$t" "${used[redis,$t]}" "${used[mneme,$t]}" \
    "$(awk -v a="${used[mneme,$t]}" -v b="${used[redis,$t]}" \
      'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }')"
done
echo "(bytes per key; $keys keys per type, collections of $fields members, 16-byte strings)"
