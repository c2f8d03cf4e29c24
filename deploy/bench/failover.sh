#!/usr/bin/env bash
# Failover time of a shard primary: a local cluster of 3 nodes x 3 shards x 2 replicas, a client
# writing one key of a shard without pause (following MOVED, retrying CLUSTERDOWN and refused
# connections), kill -9 of the node that leads that shard; prints the time from the kill to the
# first acknowledged write on the new primary, and the last value read back (no acknowledged
# write lost). Repeats the kill for each node in turn, restarting the victim in between.
#
#   deploy/bench/failover.sh [--rounds N] [--base-port P]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
rounds=3; base_port=7760
while [ $# -gt 0 ]; do
  case "$1" in
    --rounds) rounds="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    *) echo "usage: $0 [--rounds N] [--base-port P]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/mneme-failover.XXXXXX)"
cleanup() { "$root/deploy/bin/mneme-cluster" stop --dir "$work" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$root/deploy/bin/mneme-cluster" start --nodes 3 --shards 3 --replicas 2 --base-port "$base_port" \
  --dir "$work" >/dev/null
host=127.0.0.11
for round in $(seq 1 "$rounds"); do
  # The node that leads the shard of key {f}: the one a MOVED for it names, or node 1 itself.
  primary="$(redis-cli -h $host -p "$base_port" set '{f}:probe' 1 2>&1 | awk '/MOVED/ {print $3}')"
  [ -z "$primary" ] && primary="$host:$base_port"
  victim=$(( ${primary##*:} - base_port + 1 ))
  other=$(( victim % 3 + 1 ))
  python3 - "$primary" "$work/round" "$base_port" <<'PY' &
import socket, sys, time, os
addr = sys.argv[1].rsplit(":", 1); addr = (addr[0], int(addr[1])); out = sys.argv[2]
base = int(sys.argv[3])
# A node that cannot be reached: ask the next one, which redirects to the shard's primary.
nodes = [("127.0.0.%d" % (11 + i), base + i) for i in range(3)]
conn = None
def incr():
    global conn
    if conn is None:
        conn = socket.create_connection(addr, timeout=2)
    conn.sendall(b"*2\r\n$4\r\nINCR\r\n$5\r\n{f}:n\r\n")
    r = conn.recv(256).decode()
    if not r:
        raise OSError("closed")
    return r
acked = 0; last_ok = time.time(); gap = 0.0; gap_end = 0.0
start = time.time()
while not os.path.exists(out + ".stop"):
    try:
        r = incr()
    except OSError:
        conn = None; addr = nodes[(nodes.index(addr) + 1) % 3]; time.sleep(0.005); continue
    if r.startswith(":"):
        now = time.time()
        if now - last_ok > gap:
            gap, gap_end = now - last_ok, now
        last_ok = now; acked = int(r[1:])
    elif r.startswith("-MOVED"):
        h, p = r.split()[2].rsplit(":", 1); addr = (h, int(p)); conn = None
    else:
        time.sleep(0.005)
open(out, "w").write("%.3f %.3f %d\n" % (gap, gap_end, acked))
PY
  writer=$!
  sleep 2
  killed_at=$(date +%s.%N)
  "$root/deploy/bin/mneme-cluster" kill "$victim" --dir "$work" >/dev/null
  sleep 5
  touch "$work/round.stop"; wait "$writer"; rm -f "$work/round.stop"
  read -r gap gap_end acked < "$work/round"
  value="$(redis-cli -c -h "127.0.0.$(( 10 + other ))" -p $(( base_port + other - 1 )) get '{f}:n')"
  printf 'round %d: killed node %d (primary %s); writes resumed %.0f ms after the kill (longest gap between acknowledged writes %.0f ms); last acknowledged %s, read back %s\n' \
    "$round" "$victim" "$primary" "$(echo "($gap_end - $killed_at) * 1000" | bc -l)" \
    "$(echo "$gap * 1000" | bc -l)" "$acked" "$value"
  "$root/deploy/bin/mneme-cluster" restart "$victim" --dir "$work" >/dev/null
  sleep 8
done
