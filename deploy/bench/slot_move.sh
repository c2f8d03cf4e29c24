#!/usr/bin/env bash
# Time to move one slot holding N keys between shards of a local 3-node cluster (2 shards,
# 2 replicas each), while a client writes to another key of the same shard and one of the same
# slot: prints the move's time, its handoff (the slot's commands wait on the source, then get
# MOVED), how many writes waited over 100 ms and the longest any single write waited.
#
#   deploy/bench/slot_move.sh [--keys N] [--base-port P]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
keys=10000; base_port=7700
while [ $# -gt 0 ]; do
  case "$1" in
    --keys) keys="$2"; shift 2 ;;
    --base-port) base_port="$2"; shift 2 ;;
    *) echo "usage: $0 [--keys N] [--base-port P]" >&2; exit 2 ;;
  esac
done
work="$(mktemp -d /tmp/mneme-slotmove.XXXXXX)"
cleanup() { "$root/deploy/bin/mneme-cluster" stop --dir "$work" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
"$root/deploy/bin/mneme-cluster" start --nodes 3 --shards 2 --replicas 2 --base-port "$base_port" \
  --dir "$work" >/dev/null
host=127.0.0.11; port=$base_port
slot="$(redis-cli -h $host -p $port cluster keyslot '{m}')"
echo "filling slot $slot with $keys keys ..."
python3 - "$keys" "$host" "$port" <<'PY'
import socket, sys
n, host, port = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
def enc(parts):
    return ("*%d\r\n" % len(parts) + "".join("$%d\r\n%s\r\n" % (len(p), p) for p in parts)).encode()
s = socket.create_connection((host, port)); s.sendall(enc(["SET", "{m}:probe", "1"]))
r = s.recv(4096).decode(); s.close()
if r.startswith("-MOVED"):
    h, p = r.split()[2].rsplit(":", 1); host, port = h, int(p)
s = socket.create_connection((host, port)); f = s.makefile("rb")
for start in range(0, n, 1000):
    batch = b"".join(enc(["SET", "{m}:%d" % i, "value-%d" % i]) for i in range(start, min(n, start + 1000)))
    s.sendall(batch)
    for _ in range(start, min(n, start + 1000)):
        line = f.readline()
        if not line.startswith(b"+OK"):
            sys.exit("fill failed: %r" % line)
s.close()
PY
from="$("$root/deploy/bin/mneme-admin" -h $host -p $port status | awk -v s="$slot" '
  /shard [0-9]+ +primary/ { id=$2; n=split($6, r, ","); for (i=1;i<=n;i++) { split(r[i], ab, "-");
    if (ab[2]=="") ab[2]=ab[1]; if (s>=ab[1] && s<=ab[2]) print id } }')"
to=$((1 - from))
echo "slot $slot is on shard $from; moving it to shard $to while writes go on"
python3 - "$host" "$port" "$work/stall" <<'PY' &
import socket, sys, time
host, port, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
# Writes to a key of the moving slot, following MOVED and retrying TRYAGAIN by hand.
addr = (host, port); worst = 0.0; n = 0; slow = 0; end = time.time() + 1e9
def cmd(a, parts):
    s = socket.create_connection(a, timeout=10)
    s.sendall(("*%d\r\n" % len(parts) + "".join("$%d\r\n%s\r\n" % (len(p), p) for p in parts)).encode())
    r = s.recv(4096).decode(); s.close(); return r
import os
trail = []
while not os.path.exists(out + ".stop"):
    t0 = time.time(); seen = []
    while True:
        r = cmd(addr, ["INCR", "{m}:counter"])
        seen.append("%.0f:%s" % ((time.time() - t0) * 1000, r.split()[0][1:] if r[0] == "-" else "ok"))
        if r.startswith("-MOVED"):
            h, p = r.split()[2].rsplit(":", 1); addr = (h, int(p)); continue
        if r.startswith("-TRYAGAIN"):
            time.sleep(0.001); continue
        break
    if time.time() - t0 > 0.1:
        slow += 1
    if time.time() - t0 > worst:
        worst = time.time() - t0; trail = seen
    n += 1
# The replies the slowest write got on its way (ms since it started: reply), runs compressed.
runs = []
for x in trail:
    kind = x.split(":")[1]
    if runs and runs[-1][1] == kind:
        runs[-1][2] += 1; runs[-1][3] = x.split(":")[0]
    else:
        runs.append([x.split(":")[0], kind, 1, x.split(":")[0]])
path = " ".join("%s x%d (%s-%s ms)" % (k, c, a, b) if c > 1 else "%s (%s ms)" % (k, a)
                for a, k, c, b in runs)
open(out, "w").write("%d %d %.1f %s\n" % (n, slow, worst * 1000, path))
PY
writer=$!
sleep 1
start=$(date +%s%N)
"$root/deploy/bin/mneme-admin" -h $host -p $port move-slots --slots "$slot" --to "$to" | tail -2
end=$(date +%s%N)
sleep 1; touch "$work/stall.stop"; wait "$writer"
read -r writes slow worst path < "$work/stall"
echo "moved $keys keys in $(( (end - start) / 1000000 )) ms (CLI wall time);" \
  "$writes INCRs on the moving slot meanwhile, $slow over 100 ms, the longest waited $worst ms:" \
  "$path"
grep -h "handoff:" "$work"/node-*/server.log | sed 's/^.*INFO *[^ ]* *- */  driver: /' || true
echo "keys now on the target: $(redis-cli -c -h $host -p $port cluster countkeysinslot "$slot")" \
  "(asked via node 1, which hosts both shards)"
