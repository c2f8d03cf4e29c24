# Regenerate: redis-server --port 16403 --save "" --appendonly no --daemonize yes, then
# python3 record_redis_diff.py ../resources/io/mneme/engine
"""Runs random command sequences against a real redis-server (port 16403) and records each
command with its RESP2 reply, for the engine's differential tests.

Line format: hex args separated by spaces, then ' => ', then the rendered reply:
:n  +text  -text  $hex  $#sha (bulk over 64 bytes: first 16 hex of its sha256)  $-1  *-1
*[a,b,...]"""
import socket, random, hashlib, sys

class Conn:
    def __init__(self, port=16403):
        self.s = socket.create_connection(('127.0.0.1', port))
        self.f = self.s.makefile('rb')
    def call(self, parts, mask=False):
        self.mask = mask
        out = b'*%d\r\n' % len(parts)
        for p in parts:
            out += b'$%d\r\n%s\r\n' % (len(p), p)
        self.s.sendall(out)
        return self.read()
    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t == b'$':
            n = int(rest)
            if n < 0: return '$-1'
            data = self.f.read(n + 2)[:-2]
            if self.mask and len(data) >= 16:
                # PFCOUNT caches the count in bytes 8..15 in Redis only: compare without them.
                data = data[:8] + bytes(8) + data[16:]
            if len(data) > 64:
                return '$#' + hashlib.sha256(data).hexdigest()[:16]
            return '$' + data.hex()
        if t == b'*':
            n = int(rest)
            if n < 0: return '*-1'
            return '*[' + ','.join(self.read() for _ in range(n)) + ']'
        return t.decode() + rest.decode('latin-1')

class Pat(bytes):
    """A long argument written as ~id:len: byte i is (id * 31 + i * 7) & 0xff."""
    def __new__(cls, ident, n):
        b = super().__new__(cls, bytes((ident * 31 + i * 7) & 0xff for i in range(n)))
        b.ident = ident
        return b

def enc(x):
    return '~%d:%d' % (x.ident, len(x)) if isinstance(x, Pat) else x.hex()

def record(conn, cmds, path):
    with open(path, 'w') as out:
        for c in cmds:
            c = [x if isinstance(x, bytes) else str(x).encode() for x in c]
            r = conn.call(c, path.endswith('hll.txt') and c[0] == b'get')
            out.write(' '.join(enc(x) for x in c) + ' => ' + r + '\n')

def elem(rnd):
    k = rnd.random()
    if k < 0.6: return rnd.choice([b'a', b'b', b'c', b'', b'12', b'hello', b'-7'])
    if k < 0.75: return bytes(rnd.choice(b'xyz') for _ in range(rnd.randint(1, 30)))
    if k < 0.85: return Pat(rnd.randint(0, 3), rnd.randint(31, 300))
    if k < 0.97: return Pat(rnd.randint(0, 3), rnd.randint(300, 2000))
    return Pat(rnd.randint(0, 3), rnd.randint(8000, 12000))

def lists(rnd, n):
    keys = [b'l1', b'l2', b'l3', b's']
    cmds = [[b'flushall'], [b'set', b's', b'str']]
    for _ in range(n):
        k = rnd.choice(keys); k2 = rnd.choice(keys)
        r = rnd.random()
        side = lambda: rnd.choice([b'LEFT', b'right'])
        idx = lambda: rnd.randint(-60, 60)
        if r < 0.25:
            cmds.append([rnd.choice([b'lpush', b'rpush'])] + [k] + [elem(rnd) for _ in range(rnd.randint(1, 40))])
        elif r < 0.28: cmds.append([rnd.choice([b'lpushx', b'rpushx']), k, elem(rnd)])
        elif r < 0.36:
            c = [rnd.choice([b'lpop', b'rpop']), k]
            if rnd.random() < 0.6: c.append(rnd.randint(0, 30))
            cmds.append(c)
        elif r < 0.40: cmds.append([b'llen', k])
        elif r < 0.46: cmds.append([b'lindex', k, idx()])
        elif r < 0.50: cmds.append([b'lset', k, idx(), elem(rnd)])
        elif r < 0.56: cmds.append([b'lrange', k, idx(), idx()])
        elif r < 0.59: cmds.append([b'ltrim', k, rnd.randint(-5, 5), rnd.randint(-5, 200)])
        elif r < 0.64: cmds.append([b'lrem', k, rnd.randint(-3, 3), elem(rnd)])
        elif r < 0.68: cmds.append([b'linsert', k, rnd.choice([b'before', b'AFTER']), elem(rnd), elem(rnd)])
        elif r < 0.75:
            c = [b'lpos', k, elem(rnd)]
            if rnd.random() < 0.5: c += [b'rank', rnd.choice([1, 2, -1, -3, 5])]
            if rnd.random() < 0.5: c += [b'count', rnd.randint(0, 4)]
            if rnd.random() < 0.3: c += [b'maxlen', rnd.randint(0, 50)]
            cmds.append(c)
        elif r < 0.80: cmds.append([b'lmove', k, k2, side(), side()])
        elif r < 0.82: cmds.append([b'rpoplpush', k, k2])
        elif r < 0.87:
            ks = rnd.sample(keys, rnd.randint(1, 3))
            c = [b'lmpop', len(ks)] + ks + [side()]
            if rnd.random() < 0.5: c += [b'count', rnd.randint(1, 20)]
            cmds.append(c)
        elif r < 0.91:
            ks = rnd.sample(keys, rnd.randint(1, 3))
            cmds.append([rnd.choice([b'blpop', b'brpop'])] + ks + [b'0.01'])
        elif r < 0.93: cmds.append([b'blmove', k, k2, side(), side(), b'0.01'])
        elif r < 0.95:
            ks = rnd.sample(keys, rnd.randint(1, 3))
            c = [b'blmpop', b'0.01', len(ks)] + ks + [side()]
            if rnd.random() < 0.5: c += [b'count', rnd.randint(1, 20)]
            cmds.append(c)
        elif r < 0.97: cmds.append([b'type', k])
        else: cmds.append([b'lrange', k, 0, -1])
    for k in keys: cmds.append([b'lrange', k, 0, -1])
    return cmds

def bits(rnd, n):
    keys = [b'b1', b'b2', b'b3', b'l']
    cmds = [[b'flushall'], [b'rpush', b'l', b'x']]
    off = lambda: rnd.choice([rnd.randint(0, 64), rnd.randint(0, 4000)])
    rng = lambda: rnd.randint(-40, 600)
    for _ in range(n):
        k = rnd.choice(keys)
        r = rnd.random()
        if r < 0.2: cmds.append([b'setbit', k, off(), rnd.randint(0, 1)])
        elif r < 0.3: cmds.append([b'getbit', k, off()])
        elif r < 0.4:
            c = [b'bitcount', k]
            if rnd.random() < 0.7:
                c += [rng(), rng()]
                if rnd.random() < 0.6: c.append(rnd.choice([b'bit', b'BYTE']))
            cmds.append(c)
        elif r < 0.55:
            c = [b'bitpos', k, rnd.randint(0, 1)]
            if rnd.random() < 0.7:
                c.append(rng())
                if rnd.random() < 0.7:
                    c.append(rng())
                    if rnd.random() < 0.6: c.append(rnd.choice([b'bit', b'byte']))
            cmds.append(c)
        elif r < 0.65:
            op = rnd.choice([b'and', b'or', b'xor', b'not'])
            src = [rnd.choice(keys)] if op == b'not' else rnd.sample(keys, rnd.randint(1, 3))
            cmds.append([b'bitop', op, rnd.choice(keys[:3])] + src)
        elif r < 0.85:
            c = [rnd.choice([b'bitfield', b'bitfield', b'bitfield_ro']), k]
            for _ in range(rnd.randint(1, 4)):
                t = rnd.choice([b'i', b'u']) + str(rnd.randint(1, 64 if True else 63)).encode()
                if t == b'u64': t = b'u63'
                o = rnd.choice([str(off()).encode(), b'#' + str(rnd.randint(0, 30)).encode()])
                q = rnd.random()
                if q < 0.2: c += [b'overflow', rnd.choice([b'wrap', b'sat', b'FAIL'])]
                if q < 0.5: c += [b'get', t, o]
                elif q < 0.75: c += [b'set', t, o, rnd.choice([rnd.randint(-300, 300), rnd.randint(-2**63, 2**63 - 1)])]
                else: c += [b'incrby', t, o, rnd.choice([rnd.randint(-300, 300), rnd.randint(-2**63, 2**63 - 1)])]
            cmds.append(c)
        elif r < 0.9: cmds.append([b'get', k])
        elif r < 0.95: cmds.append([b'strlen', k])
        else: cmds.append([b'set', k, bytes(rnd.randint(0, 255) for _ in range(rnd.randint(0, 40)))])
    return cmds

def hll(rnd, n):
    cmds = [[b'flushall'], [b'set', b's', b'plain'], [b'rpush', b'l', b'x']]
    counter = [0]
    def fresh(k):
        out = []
        for _ in range(k):
            counter[0] += 1
            out.append(b'e%d' % counter[0] if rnd.random() < 0.9 else str(rnd.randint(0, 10**6)).encode())
        return out
    keys = [b'h1', b'h2', b'h3', b'h4']
    for _ in range(n):
        k = rnd.choice(keys)
        r = rnd.random()
        if r < 0.5: cmds.append([b'pfadd', k] + fresh(rnd.choice([1, 3, 10, 60, 300])))
        elif r < 0.7: cmds.append([b'pfcount'] + rnd.sample(keys, rnd.randint(1, 3)))
        elif r < 0.8: cmds.append([b'pfmerge', k] + rnd.sample(keys, rnd.randint(0, 3)))
        elif r < 0.95: cmds.append([b'get', k])
        elif r < 0.97: cmds.append([b'pfadd', rnd.choice([b's', b'l']), b'x'])
        else: cmds.append([b'pfcount', k, rnd.choice([b's', b'l'])])
    for k in keys: cmds += [[b'pfcount', k], [b'get', k]]
    return cmds

if __name__ == '__main__':
    outdir = sys.argv[1]
    conn = Conn()
    record(conn, lists(random.Random(1), 3000), outdir + '/diff-lists.txt')
    record(conn, bits(random.Random(2), 3000), outdir + '/diff-bits.txt')
    record(conn, hll(random.Random(3), 600), outdir + '/diff-hll.txt')
    conn.call([b'flushall'])
