#!/usr/bin/env python3
"""Longest write stall while a snapshot is taken: loads KEYS keys into a running node, then
writes with one client in a loop (each write waits for its reply), triggers BGSAVE, and reports
the longest gap between two consecutive replies, and the percentiles, before and during the
snapshot. Usage: snapshot_stall.py HOST PORT [KEYS] [VALUE_BYTES]"""
import socket
import sys
import time


def connect(host, port):
    s = socket.create_connection((host, port))
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return s, s.makefile('rb')


def command(*args):
    out = b'*%d\r\n' % len(args)
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        out += b'$%d\r\n%s\r\n' % (len(a), a)
    return out


def read_reply(f):
    line = f.readline()
    if line[:1] == b'$':
        n = int(line[1:])
        if n >= 0:
            f.read(n + 2)
    elif line[:1] == b'-':
        raise RuntimeError(line.decode().strip())
    return line


def load(host, port, keys, value):
    s, f = connect(host, port)
    batch = 1000
    for start in range(0, keys, batch):
        n = min(batch, keys - start)
        s.sendall(b''.join(command('SET', 'key:%d' % (start + i), value) for i in range(n)))
        for _ in range(n):
            read_reply(f)
    s.close()


def probe(host, port, seconds, snapshot_at):
    s, f = connect(host, port)
    c, cf = connect(host, port)
    gaps_before, gaps_during = [], []
    start = time.monotonic()
    last = start
    triggered = False
    i = 0
    while time.monotonic() - start < seconds:
        if not triggered and time.monotonic() - start >= snapshot_at:
            c.sendall(command('BGSAVE'))
            read_reply(cf)
            triggered = True
        s.sendall(command('SET', 'probe:%d' % (i % 1000), 'x'))
        read_reply(f)
        now = time.monotonic()
        (gaps_during if triggered else gaps_before).append(now - last)
        last = now
        i += 1
    return gaps_before, gaps_during


def summary(name, gaps):
    gaps = sorted(gaps)
    if not gaps:
        return '%s: no writes' % name
    pick = lambda q: gaps[min(len(gaps) - 1, int(q * len(gaps)))] * 1000
    return '%s: %d writes, p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms' % (
        name, len(gaps), pick(0.5), pick(0.99), pick(0.999), gaps[-1] * 1000)


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    keys = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
    value = b'v' * (int(sys.argv[4]) if len(sys.argv) > 4 else 100)
    t = time.monotonic()
    load(host, port, keys, value)
    print('loaded %d keys of %d bytes in %.1f s' % (keys, len(value), time.monotonic() - t))
    before, during = probe(host, port, 20, 5)
    print(summary('before the snapshot', before))
    print(summary('while the snapshot is written (15 s from BGSAVE)', during))


if __name__ == '__main__':
    main()
