# Regenerate: redis-server --port 16404 --save "" --appendonly no --cluster-enabled yes \
#   --cluster-config-file /tmp/nodes-16404.conf --daemonize yes
# then python3 record_keys_diff.py ../resources/io/mneme/engine
"""Records SORT, SORT_RO, DUMP, RESTORE, OBJECT and MEMORY USAGE against a real redis-server 7.0
in cluster mode (one node owning every slot, as Mneme is always a cluster), in RedisDiffTest's
format. Collections dumped by Redis (listpack, intset, quicklist, hashtable and skiplist forms,
LZF-compressed) are restored under another key by a recorded RESTORE carrying Redis's own
payload, then read back, so the engine must load what redis-server writes."""
import socket, sys, time, random
from record_redis_diff import Conn, record

class Raw(Conn):
    def raw(self, parts):
        out = b'*%d\r\n' % len(parts)
        for p in parts:
            out += b'$%d\r\n%s\r\n' % (len(p), p)
        self.s.sendall(out)
        line = self.f.readline()
        assert line[:1] == b'$', line
        n = int(line[1:-2])
        return self.f.read(n + 2)[:-2]

def b(x):
    return x if isinstance(x, bytes) else str(x).encode()

def setup(conn):
    conn.call([b'cluster', b'addslotsrange', b'0', b'16383'])
    for _ in range(100):
        if b'cluster_state:ok' in conn.raw([b'cluster', b'info']):
            return
        time.sleep(0.1)
    raise SystemExit('cluster not ok')

SORTS = [
    ['rpush', 'l', '3', '1', '2', '10', '-5', '2.5', '1e3'],
    ['sort', 'l'], ['sort', 'l', 'desc'], ['sort', 'l', 'alpha'], ['sort', 'l', 'alpha', 'desc'],
    ['sort', 'l', 'limit', '1', '3'], ['sort', 'l', 'limit', '-3', '2'],
    ['sort', 'l', 'limit', '2', '-1'], ['sort', 'l', 'limit', '100', '5'],
    ['sort', 'l', 'limit', '0', '0'], ['sort', 'l', 'by', 'nosort'],
    ['sort', 'l', 'by', 'nosort', 'desc'], ['sort', 'l', 'by', 'nosort', 'limit', '1', '2'],
    ['sort', 'l', 'by', 'nosort', 'desc', 'limit', '1', '2'], ['sort', 'l', 'by', 'w_*'],
    ['sort', 'l', 'by', 'w_{l}*'], ['sort', 'l', 'get', '#'], ['sort', 'l', 'get', 'x_*'],
    ['sort', 'l', 'limit', 'a', 'b'], ['sort', 'l', 'limit', '1'], ['sort', 'l', 'foo'],
    ['sort', 'l', 'store'], ['sort_ro', 'l', 'store', 'x'],
    ['sort_ro', 'l', 'desc', 'limit', '0', '2'],
    ['sort_ro', 'l', 'get', '#'], ['sort', 'l', 'asc', 'desc', 'asc'],
    ['sort', 'l', 'store', '{l}dst'], ['lrange', '{l}dst', '0', '-1'],
    ['object', 'encoding', '{l}dst'],
    ['sort', 'l', 'desc', 'store', '{l}dst', 'limit', '0', '2'], ['lrange', '{l}dst', '0', '-1'],
    ['set', '{l}str', 'v'], ['expire', '{l}str', '100'],
    ['sort', 'l', 'limit', '50', '1', 'store', '{l}str'], ['exists', '{l}str'],
    ['set', '{l}str', 'v'], ['expire', '{l}str', '100'], ['sort', 'l', 'store', '{l}str'],
    ['ttl', '{l}str'], ['type', '{l}str'],
    ['rpush', 'bad', '1', 'x', '2'], ['sort', 'bad'], ['sort', 'bad', 'alpha'],
    ['sort', 'bad', 'by', 'nosort'], ['rpush', 'bad2', '1', ' 2', '', '0x10', 'inf', '-inf'],
    ['sort', 'bad2'], ['rpush', 'bad3', '1', 'nan'], ['sort', 'bad3'],
    ['rpush', 'eq', 'b', '1.0', 'a', '1', '01', 'c'], ['sort', 'eq', 'alpha'],
    ['rpush', 'eq2', '1.0', '1', '01', '1e0'], ['sort', 'eq2'], ['sort', 'eq2', 'desc'],
    ['sadd', 's', '5', '3', '9', '1'], ['sort', 's'], ['sort', 's', 'desc', 'limit', '1', '2'],
    ['sort', 's', 'by', 'nosort'], ['sort', 's', 'by', 'nosort', 'store', '{s}d'],
    ['sort', 's', 'by', 'nosort', 'store', '{s}d', 'desc'], ['lrange', '{s}d', '0', '-1'],
    ['sadd', 's2', 'b', 'a', 'c', '10', '9'], ['sort', 's2', 'alpha'], ['sort', 's2'],
    ['sort', 's2', 'by', 'nosort', 'store', '{s2}d'], ['lrange', '{s2}d', '0', '-1'],
    ['zadd', 'z', '3', 'c', '1', 'a', '2', 'b', '4', '10'], ['sort', 'z', 'alpha'],
    ['sort', 'z', 'by', 'nosort'], ['sort', 'z', 'by', 'nosort', 'desc'],
    ['sort', 'z', 'by', 'nosort', 'limit', '1', '2'],
    ['sort', 'z', 'by', 'nosort', 'desc', 'limit', '1', '2'],
    ['sort', 'z', 'by', 'nosort', 'limit', '5', '2'], ['sort', 'z'],
    ['sort', 'missing'], ['sort', 'missing', 'store', '{missing}d'], ['sort_ro', 'missing'],
    ['set', 'str', 'x'], ['sort', 'str'], ['sort_ro', 'str'], ['hset', 'h', 'a', '1'],
    ['sort', 'h'],
    ['sort', 'str', 'limit', 'x', '1'], ['sort', 'str', 'by', 'a*'],
    # Last: Redis 7.0 never clears errno before strtod, so after an ERANGE every numeric SORT
    # of the server fails until something else resets errno.
    ['rpush', 'bad4', '1e400'], ['sort', 'bad4'],
]

def objects(conn):
    cmds = [['set', 'i', '123'], ['set', 'i2', '-9223372036854775808'],
        ['set', 'i3', '99999999999999999999'],
            ['set', 'i4', '007'], ['set', 'e', 'x' * 44], ['set', 'r', 'x' * 45],
            ['set', 'sh', '9999'],
            ['set', 'sh2', '10000'], ['set', 'sh3', '-1']]
    for k in ['i', 'i2', 'i3', 'i4', 'e', 'r', 'sh', 'sh2', 'sh3']:
        cmds += [['object', 'encoding', k], ['object', 'refcount', k], ['memory', 'usage', k]]
    cmds += [['object', 'encoding', 'nokey'], ['object', 'freq', 'nokey'], ['object', 'freq', 'i'],
             ['object', 'idletime', 'nokey'], ['object', 'idletime', 'r'],
             ['object', 'refcount', 'nokey'],
             ['object', 'help'], ['object', 'encoding'], ['object', 'foo', 'x'],
             ['object', 'encoding', 'a', 'b'],
             ['memory', 'usage', 'nokey'], ['memory', 'usage', 'i', 'samples', '0'],
             ['memory', 'usage', 'i', 'samples', '-1'], ['memory', 'usage', 'i', 'samples', 'x'],
             ['memory', 'usage', 'i', 'samples'], ['memory', 'usage', 'i', 'foo'],
             ['memory', 'help'],
             ['memory', 'usage', 'x' * 30], ['set', 'k' * 100, 'v'], ['memory', 'usage', 'k' * 100],
             ['set', 'big', 'y' * 1000], ['memory', 'usage', 'big'], ['set', 'big2', 'y' * 70000],
             ['memory', 'usage', 'big2']]
    return cmds

def values():
    """Keys of every type and encoding: (commands that build it, commands that read it)."""
    rnd = random.Random(7)
    out = []
    out.append(([['set', 'v', 'hello']], [['get', 'v']]))
    out.append(([['set', 'v', '12345']], [['get', 'v']]))
    out.append(([['set', 'v', '-70000']], [['get', 'v']]))
    out.append(([['set', 'v', '123456789012']], [['get', 'v']]))
    out.append(([['set', 'v', 'ab' * 100]], [['get', 'v']]))
    out.append(([['set', 'v', bytes(rnd.randrange(256) for _ in range(3000))]], [['get', 'v']]))
    out.append(([['set', 'v', '']], [['get', 'v'], ['strlen', 'v']]))
    out.append(([['rpush', 'v', 'a', '1', '-2', '300', '70000', '-5000000', '12345678901',
                  'x' * 70, 'y' * 5000]],
                [['lrange', 'v', '0', '-1']]))
    out.append(([['rpush', 'v'] + [str(i) * (i % 7 + 1) for i in range(3000)]],
                [['llen', 'v'], ['lrange', 'v', '0', '-1']]))
    out.append(([['sadd', 'v', '1', '-3', '70000', '5']], [['smembers', 'v']]))
    out.append(([['sadd', 'v', '1', '-3', '9223372036854775807']], [['smembers', 'v']]))
    out.append(([['sadd', 'v', 'a', 'b', '1']], [['scard', 'v'], ['sismember', 'v', 'a'],
        ['sismember', 'v', '1']]))
    out.append(([['sadd', 'v'] + [str(i) for i in range(600)]], [['scard', 'v'],
        ['sismember', 'v', '599']]))
    out.append(([['zadd', 'v', '1', 'a', '2.5', 'b', '-inf', 'c', '1e300', 'd', '3', '12']],
                [['zrange', 'v', '0', '-1', 'withscores']]))
    out.append(([['zadd', 'v'] + sum([[str(i * 0.5), 'm%d' % i] for i in range(200)], [])],
                [['zrange', 'v', '0', '-1', 'withscores']]))
    out.append(([['zadd', 'v', '1', 'x' * 100, '2', 'y']],
        [['zrange', 'v', '0', '-1', 'withscores']]))
    out.append(([['hset', 'v', 'f', 'v', 'n', '12', 'e', '']], [['hgetall', 'v']]))
    out.append(([['hset', 'v'] + sum([['f%d' % i, str(i)] for i in range(600)], [])],
                [['hlen', 'v'], ['hget', 'v', 'f599'], ['hget', 'v', 'f0']]))
    out.append(([['hset', 'v', 'f', 'z' * 100]], [['hgetall', 'v']]))
    stream_reads = [['xrange', 'v', '-', '+'], ['xinfo', 'stream', 'v'],
                    ['xinfo', 'groups', 'v'], ['xpending', 'v', 'g']]
    out.append(([['xadd', 'v', '1-1', 'a', '1', 'b', '2'], ['xadd', 'v', '1-2', 'a', '3'],
                 ['xadd', 'v', '5-0', 'c', 'x' * 300], ['xdel', 'v', '1-2']], stream_reads))
    build = [['xadd', 'v', '%d-0' % i, 'f', str(i), 'g', 'y' * (i % 50)] for i in range(1, 400)]
    build += [['xdel', 'v', '3-0'], ['xgroup', 'create', 'v', 'g', '0'],
              ['xreadgroup', 'group', 'g', 'alice', 'count', '4', 'streams', 'v', '>'],
              ['xreadgroup', 'group', 'g', 'bob', 'count', '1', 'streams', 'v', '>'],
              ['xack', 'v', 'g', '2-0'], ['xgroup', 'createconsumer', 'v', 'g', 'carol'],
              ['xgroup', 'create', 'v', 'g2', '$'], ['xtrim', 'v', 'maxlen', '350']]
    out.append((build, stream_reads))
    out.append(([['xadd', 'v', '1-1', 'a', '1'], ['xdel', 'v', '1-1']], stream_reads))
    return out

def dumps(conn):
    cmds = []
    for build, reads in values():
        conn.call([b'del', b'v'])
        for c in build:
            conn.call([b(x) for x in c])
        payload = conn.raw([b'dump', b'v'])
        enc = conn.raw([b'object', b'encoding', b'v'])
        cmds += [['del', 'r'], ['restore', 'r', '0', payload], ['object', 'encoding', 'r'],
            ['type', 'r']]
        for c in reads:
            cmds.append([c[0], 'r'] + c[2:])
        cmds += [['restore', 'r', '0', payload],
            ['restore', 'r', '0', payload, 'replace', 'idletime', '5'],
                 ['object', 'idletime', 'r'], ['pttl', 'r']]
    conn.call([b'set', b'v', b'hello'])
    good = conn.raw([b'dump', b'v'])
    bad_crc = good[:-1] + bytes([good[-1] ^ 1])
    new_version = good[:-10] + bytes([11, 0]) + good[-8:]
    cmds += [['dump', 'nokey'], ['set', 'a', 'hello'], ['dump', 'a'], ['set', 'a', '12'],
        ['dump', 'a'],
             ['set', 'a', '-70000'], ['dump', 'a'], ['set', 'a', '2147483648'], ['dump', 'a'],
             ['hset', 'ha', 'f', 'v'], ['dump', 'ha'], ['sadd', 'sa', '1', '2'], ['dump', 'sa'],
             ['rpush', 'la', 'x'], ['dump', 'la'], ['zadd', 'za', '1', 'm'], ['dump', 'za'],
             ['restore', 'a', '0', good], ['restore', 'n', '-1', good], ['restore', 'n', 'x', good],
             ['restore', 'a', '-1', good, 'replace'], ['restore', 'n', '0', bad_crc],
             ['restore', 'n', '0', 'short'], ['restore', 'n', '0', new_version],
             ['restore', 'n', '0', good, 'foo'], ['restore', 'n', '0', good, 'idletime'],
             ['restore', 'n', '0', good, 'idletime', '-1'],
             ['restore', 'n', '0', good, 'idletime', 'x'],
             ['restore', 'n', '0', good, 'freq', '256'], ['restore', 'n', '0', good, 'freq', '-1'],
             ['restore', 'n', '0', good, 'freq', '5', 'idletime', '5'],
             ['restore', 'n', '0', good, 'idletime', '5', 'freq', '5'],
             ['restore', 'n', '0', good, 'freq', '5'], ['get', 'n'],
             ['restore', 'n2', '100000', good], ['ttl', 'n2'],
             ['restore', 'n3', '1000', good, 'absttl'], ['exists', 'n3'],
             ['set', 'n4', 'old'], ['restore', 'n4', '1000', good, 'absttl', 'replace'],
             ['exists', 'n4'],
             ['restore', 'n5', '0', good, 'absttl'], ['ttl', 'n5']]
    return cmds

def main(dir):
    import tempfile, os
    conn = Raw(16404)
    setup(conn)
    parts = []
    for build in (lambda: SORTS + objects(conn), lambda: dumps(conn)):
        conn.call([b'flushall'])
        cmds = [['flushall']] + build()
        conn.call([b'flushall'])
        fd, path = tempfile.mkstemp(suffix='.txt')
        os.close(fd)
        record(conn, cmds, path)
        parts.append(open(path).read())
        os.remove(path)
    with open(dir + '/diff-keys.txt', 'w') as out:
        out.write(''.join(parts))

if __name__ == '__main__':
    main(sys.argv[1])
