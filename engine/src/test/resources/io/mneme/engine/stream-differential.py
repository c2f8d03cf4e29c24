#!/usr/bin/env python3
"""Records stream command scripts against a real redis-server 7.0 for StreamDifferentialTest.

Each output line is a command (space-separated, no spaces inside arguments), a tab, and Redis's
RESP2 reply in the test's notation. The scripts use explicit IDs and minimum idle times of 0, so
Redis's clock does not show in the replies (XPENDING's idle times are masked).

The committed recording was made with redis-server 7.0.15 on port $REDIS_PORT by:
  python3 stream-differential.py small.txt 3 250 0 small
  python3 stream-differential.py big.txt 2 250 77 big 700
  cat small.txt big.txt | gzip -9 > stream-differential.txt.gz
Arguments: output file, scripts, steps per script, first seed, mode (small|big), burst size max.
"""
import os
import random
import socket
import sys

class C:
    def __init__(s, port=int(os.environ.get('REDIS_PORT', '6379')), proto=2):
        s.s = socket.create_connection(('127.0.0.1', port)); s.f = s.s.makefile('rb')
        if proto == 3: s.cmd('HELLO', '3')
    def cmd(s, *a):
        out = b'*%d\r\n' % len(a)
        for x in a:
            x = x if isinstance(x, bytes) else str(x).encode()
            out += b'$%d\r\n%s\r\n' % (len(x), x)
        s.s.sendall(out); return s.read()
    def read(s):
        line = s.f.readline()[:-2]; t = chr(line[0]); r = line[1:]
        if t == '+': return 'S:' + r.decode()
        if t == '-': return 'E:' + r.decode()
        if t == ':': return int(r)
        if t == ',': return 'D:' + r.decode()
        if t == '#': return 'B:' + r.decode()
        if t == '_': return None
        if t in '$=':
            n = int(r)
            if n < 0: return None
            d = s.f.read(n + 2)[:-2].decode(errors='replace'); return d
        if t in '*~>':
            n = int(r)
            if n < 0: return 'NULLARR'
            return [s.read() for _ in range(n)]
        if t == '%':
            n = int(r); return {'MAP': [(s.read(), s.read()) for _ in range(n)]}
        raise Exception(line)



def render(v):
    if isinstance(v, bool): return ':%d' % v
    if isinstance(v, int): return ':%d' % v
    if v is None: return '$-1'
    if v == 'NULLARR': return '*-1'
    if isinstance(v, str):
        if v.startswith('S:'): return '+' + v[2:]
        if v.startswith('E:'): return '-' + v[2:]
        return '"%s"' % v
    if isinstance(v, list): return '[' + ', '.join(render(x) for x in v) + ']'
    raise Exception(repr(v))

def mask(cmd, v):
    if cmd[0].lower() == 'xpending' and len(cmd) > 3 and isinstance(v, list):
        return [[x[0], x[1], 'S:?', x[3]] if isinstance(x, list) and len(x) == 4 else x for x in v]
    return v

class Gen:
    def __init__(s, seed, big):
        s.r = random.Random(seed)
        s.big = big
        s.keys = ['s1', 's2', 's3']
        s.ids = {k: [] for k in s.keys}
        s.ms = {k: s.base() for k in s.keys}
        s.groups = ['g1', 'g2', 'g3']
        s.consumers = ['c1', 'c2', 'c3', 'alice', 'Bob']
        s.fields = [['f1'], ['f1', 'f2'], ['a', 'b', 'c'], ['f2', 'f1'], ['123', 'x']]

    def base(s):
        r = s.r
        return r.choice([0, 1, 1000, 1700000000000, 2**40 + 7, 2**56 - 3])

    def key(s):
        return s.r.choice(s.keys)

    def value(s):
        r = s.r
        c = r.random()
        if c < 0.3: return str(r.randint(-5000, 100000))
        if c < 0.35 and s.big: return 'v' * r.choice([r.randint(200, 900), 4100])
        if c < 0.4: return str(r.randint(-2**40, 2**62))
        return ''.join(r.choice('abcxyz') for _ in range(r.randint(1, 12)))

    def newid(s, k):
        r = s.r
        c = r.random()
        if c < 0.5 or MODE == 'big':
            s.ms[k] += r.choice([0, 1, 1, 2, 300, 70000, 2**33] if MODE != 'big' else [0, 0, 0, 1, 1, 255, 256, 65536, 2**24, 2**33])
            return '%d-*' % s.ms[k]
        if c < 0.9:
            s.ms[k] += r.choice([1, 1, 5])
            return '%d-%d' % (s.ms[k], r.choice([0, 1, 2, 255, 256, 70000, 2**32 + 1]))
        if c < 0.95 and s.ids[k]:
            return r.choice(s.ids[k])  # old: rejected
        return '%d' % (s.ms[k] + 1)

    def anyid(s, k):
        r = s.r
        if s.ids[k] and r.random() < 0.7:
            return r.choice(s.ids[k])
        return r.choice(['0', '0-0', '1', '%d' % s.ms[k], '%d-0' % s.ms[k], '18446744073709551615'])

    def bound(s, k, start):
        r = s.r
        c = r.random()
        if c < 0.15: return '-' if start else '+'
        b = s.anyid(k)
        if c < 0.35: return '(' + b
        return b

    def xadd(s, k=None):
        r = s.r
        k = k or s.key()
        cmd = ['xadd', k]
        if r.random() < 0.05: cmd.append('nomkstream')
        if r.random() < (0.01 if MODE == 'big' else 0.12):
            if r.random() < 0.6:
                cmd += ['maxlen'] + r.choice([[], ['~'], ['=']]) + [str(r.randint(0, 5000 if MODE == 'big' else 250))]
            else:
                cmd += ['minid'] + r.choice([[], ['~'], ['=']]) + [s.anyid(k)]
            if '~' in cmd and r.random() < 0.5:
                cmd += ['limit', str(r.choice([0, 1, 50, 100, 150]))]
        cmd.append(s.newid(k))
        for f in r.choice(s.fields):
            cmd += [f, s.value()]
        return cmd

    def step(s):
        r = s.r
        k = s.key()
        g = r.choice(s.groups)
        c = r.choice(s.consumers)
        x = r.random()
        if x < 0.30: return s.xadd()
        if x < 0.36: return ['xdel', k] + [s.anyid(k) for _ in range(r.randint(1, 4))]
        if x < 0.42:
            cmd = [r.choice(['xrange', 'xrevrange']), k]
            a, b = s.bound(k, True), s.bound(k, False)
            cmd += [a, b] if cmd[0] == 'xrange' else [b, a]
            if r.random() < 0.7 or MODE == 'big': cmd += ['count', str(r.randint(-1 if MODE != 'big' else 1, 15))]
            return cmd
        if x < 0.45:
            cmd = ['xtrim', k]
            if r.random() < 0.6:
                cmd += ['maxlen'] + r.choice([[], ['~'], ['=']]) + [str(r.randint(0, 5000 if MODE == 'big' else 300))]
            else:
                cmd += ['minid'] + r.choice([[], ['~'], ['=']]) + [s.anyid(k)]
            if '~' in cmd and r.random() < 0.5:
                cmd += ['limit', str(r.choice([0, 1, 50, 100, 150]))]
            return cmd
        if x < 0.52:
            sub = r.choice(['create', 'create', 'setid', 'destroy', 'createconsumer', 'delconsumer'])
            if sub == 'create':
                cmd = ['xgroup', 'create', k, g, r.choice(['$', '0', s.anyid(k)])]
                if r.random() < 0.5: cmd.append('mkstream')
                if r.random() < 0.2: cmd += ['entriesread', str(r.randint(-1, 20))]
                return cmd
            if sub == 'setid':
                cmd = ['xgroup', 'setid', k, g, r.choice(['$', '0', s.anyid(k)])]
                if r.random() < 0.2: cmd += ['entriesread', str(r.randint(-1, 20))]
                return cmd
            if sub == 'destroy': return ['xgroup', 'destroy', k, g] if r.random() < 0.3 else ['xlen', k]
            return ['xgroup', sub, k, g, c]
        if x < 0.66:
            cmd = ['xreadgroup', 'group', g, c]
            if r.random() < 0.6 or MODE == 'big': cmd += ['count', str(r.randint(0 if MODE != 'big' else 1, 8))]
            if r.random() < 0.15: cmd.append('noack')
            ks = [k] if r.random() < 0.8 else r.sample(s.keys, 2)
            cmd.append('streams')
            cmd += ks
            cmd += [r.choice(['>', '>', '>', '0', s.anyid(kk)]) for kk in ks]
            return cmd
        if x < 0.70:
            cmd = ['xread']
            if r.random() < 0.6 or MODE == 'big': cmd += ['count', str(r.randint(0 if MODE != 'big' else 1, 8))]
            ks = [k] if r.random() < 0.7 else r.sample(s.keys, 2)
            cmd += ['streams'] + ks + [r.choice(['$', '0', s.anyid(kk)]) for kk in ks]
            return cmd
        if x < 0.75:
            return ['xack', k, g] + [s.anyid(k) for _ in range(r.randint(1, 4))]
        if x < 0.81:
            cmd = ['xclaim', k, g, c, '0'] + [s.anyid(k) for _ in range(r.randint(1, 4))]
            for opt in ['force', 'justid']:
                if r.random() < 0.2: cmd.append(opt)
            if r.random() < 0.15: cmd += ['retrycount', str(r.randint(0, 9))]
            if r.random() < 0.1: cmd += ['lastid', s.anyid(k)]
            return cmd
        if x < 0.86:
            cmd = ['xautoclaim', k, g, c, '0', s.bound(k, True)]
            if r.random() < 0.6: cmd += ['count', str(r.randint(1, 6))]
            if r.random() < 0.3: cmd.append('justid')
            return cmd
        if x < 0.91:
            if r.random() < 0.5: return ['xpending', k, g]
            cmd = ['xpending', k, g, s.bound(k, True), s.bound(k, False), str(r.randint(-1, 12))]
            if r.random() < 0.4: cmd.append(c)
            return cmd
        if x < 0.96:
            return r.choice([['xinfo', 'stream', k], ['xinfo', 'groups', k], ['xlen', k]])
        if x < 0.98:
            cmd = ['xsetid', k, r.choice([s.anyid(k), '%d-0' % (s.ms[k] + 10)])]
            if r.random() < 0.3: cmd += ['entriesadded', str(r.randint(0, 400))]
            if r.random() < 0.2: cmd += ['maxdeletedid', s.anyid(k)]
            return cmd
        if x < 0.99: return ['del', k]
        return r.choice([['set', 'str', 'x'], ['xadd', 'str', '1-1', 'a', 'b'],
                         ['xrange', 'str', '-', '+'], ['xreadgroup', 'group', g, c, 'streams', 'str', '>'],
                         ['xinfo', 'stream', 'str'], ['xclaim', 'str', g, c, '0', '1-1'],
                         ['xread', 'streams', k, 'str', '0', '0']])

    def burst(s):
        k = s.key()
        if MODE == 'big':
            n = s.r.randint(100, int(BURST_MAX))
            out = [s.xadd(k) for _ in range(n)]
            if s.r.random() < 0.5:
                out.append(['__xdel_many', k])
            return out
        return [s.xadd(k) for _ in range(s.r.randint(50, 350))]

MODE = sys.argv[5] if len(sys.argv) > 5 else 'small'
BURST_MAX = sys.argv[6] if len(sys.argv) > 6 else 2500

def main():
    out = open(sys.argv[1], 'w')
    seeds = int(sys.argv[2]); steps = int(sys.argv[3])
    c = C()
    for seed in range(seeds):
        gen = Gen(seed + int(sys.argv[4]) if len(sys.argv) > 4 else seed, seed % 2 == 1)
        cmds = [['flushall']]
        for k in gen.keys:
            for g in gen.groups[:2]:
                cmds.append(['xgroup', 'create', k, g, '0', 'mkstream'])
        for i in range(steps):
            if gen.r.random() < 0.04:
                cmds += gen.burst()
            cmds.append(gen.step())
        for cmd in cmds:
            if cmd[0] == '__xdel_many':
                ids = gen.ids[cmd[1]]
                if not ids: continue
                a = gen.r.randint(0, len(ids) - 1)
                b = min(len(ids), a + gen.r.randint(1, 400))
                sel = ids[a:b]
                if gen.r.random() < 0.5: sel = sel[::gen.r.randint(1, 3)]
                cmd = ['xdel', cmd[1]] + sel
            v = c.cmd(*cmd)
            if cmd[0] == 'xadd' and cmd[1] in gen.ids and isinstance(v, str) and not v.startswith('E:'):
                gen.ids[cmd[1]].append(v)
            if cmd[0] == 'xsetid' and v == 'S:OK':
                pass
            out.write(' '.join(cmd) + '\t' + render(mask(cmd, v)) + '\n')
    out.close()

main()
