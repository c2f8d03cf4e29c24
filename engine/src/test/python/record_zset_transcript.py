# Regenerate (redis-server 7.0.15 on a private port):
#   redis-server --port 16402 --save '' --appendonly no --daemonize yes
#   python3 record_zset_transcript.py 16402 ../resources/transcripts/zset-geo-7.0.15.jsonl
#   redis-cli -p 16402 shutdown nosave
"""Runs the sorted set and geo scenarios below against a real redis-server and records, for
every command, the exact bytes of its RESP2 reply and of its RESP3 reply (the scenario is run
twice: once on a RESP2 connection, once on a RESP3 one, each after FLUSHALL).

One JSON array per line: [scenario, [args...], resp2, resp3]; arguments and replies are byte
strings mapped one byte to one character (ISO-8859-1)."""
import json
import random
import socket
import sys


class Conn:
    def __init__(self, port, proto):
        self.s = socket.create_connection(('127.0.0.1', port))
        self.f = self.s.makefile('rb')
        if proto == 3:
            self.call([b'hello', b'3'])

    def call(self, args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline()
        t, rest = line[:1], line[1:-2]
        if t in b'$=':
            n = int(rest)
            return line if n < 0 else line + self.f.read(n + 2)
        if t in b'*~%>':
            n = int(rest)
            if n < 0:
                return line
            if t == b'%':
                n *= 2
            return line + b''.join(self.read() for _ in range(n))
        return line


def b(x):
    return x if isinstance(x, bytes) else str(x).encode()


SCENARIOS = {}


def scenario(name):
    def add(fn):
        SCENARIOS[name] = fn
        return fn
    return add


def cmds(text):
    """One command per line, arguments split on spaces; '' is the empty argument."""
    out = []
    for line in text.strip().splitlines():
        line = line.strip()
        if line and not line.startswith('#'):
            out.append([b'' if a == "''" else a.encode() for a in line.split(' ')])
    return out


@scenario('zadd')
def zadd():
    return cmds('''
zadd z 1 a
zadd z 2 b 3 c 1 a
zadd z nx 5 a 4 d
zadd z xx 5 a 6 e
zadd z ch 5 a 7 b 1 f
zadd z xx ch 5 a 8 b
zadd z gt 1 a 9 b
zadd z lt ch 1 a 100 c
zadd z gt xx ch 2 a 1 b
zadd z nx xx 1 a
zadd z gt lt 1 a
zadd z nx gt 1 a
zadd z nx lt 1 a
zadd z incr 1 a 2 b
zadd z 1
zadd z 1 a 2
zadd z abc a
zadd z nan a
zadd z 1e400 a
zadd z -1e400 a
zadd z 1e-400 a
zadd z ' 1' a
zadd z '1 ' a
zadd z '' a
zadd z 0x10 hex
zadd z inf pinf -inf ninf +inf pinf2 -infinity ninf2
zadd z 4e-320 denorm 0.1 tenth 1e20 big 123456789012345678 bigint -0 negzero
zadd z 1.5e300 huge -3.25 neg 1.0000000000000002 near1
zrange z 0 -1 withscores
zscore z denorm
zscore z negzero
zscore z tenth
zscore z nosuch
zscore nokey a
zadd z incr 1 a
zadd z incr -inf pinf
zadd z incr inf pinf
zadd z incr 1 pinf
zadd z xx incr 1 nosuch
zadd z nx incr 1 a
zadd z gt incr -1 a
zadd z lt incr -1 a
zadd nokey xx 1 a
zadd nokey xx incr 1 a
exists nokey
zadd z ch ch nx nx 50 new
zadd z Nx CH 51 new2
zincrby z 2.5 a
zincrby z abc a
zincrby z 1 newmember
zincrby nokey2 -1.5 m
zincrby z nx 1
zincrby z inf pinf
zincrby z -inf pinf
zcard z
zcard nokey
zcard nokey2
set str v
zadd str 1 a
zincrby str 1 a
zcard str
zscore str a
type z
''')


@scenario('zadd-skiplist')
def zadd_skiplist():
    out = []
    long = 'm' * 65
    out += cmds('zadd s 1 ' + long + '\nzadd s -0 negzero 0.1 tenth 1e20 big 5 five')
    out += cmds('zscore s negzero\nzrange s 0 -1 withscores\nzadd s 0 negzero\nzscore s negzero')
    out += cmds('zincrby s -0 negzero\nzscore s negzero\nzadd s incr -0 five')
    out += cmds('zadd s 4e-320 denorm 123456789012345678 bigint 1.5 half -inf ninf')
    for m in ('negzero', 'tenth', 'big', 'five', 'denorm', 'bigint', 'half', 'ninf'):
        out.append([b'zscan', b's', b'0', b'match', m.encode(), b'count', b'1000'])
    big = ['zadd', 'b']
    for i in range(130):
        big += [str(i * 0.5), 'm%03d' % i]
    out.append([b(x) for x in big])
    out += cmds('''
zcard b
zadd b 64.5 m129
zadd b 1000 m000
zrange b 0 4 withscores
zrange b -3 -1 withscores
zscore b m000
zrank b m000
zrevrank b m000
zrank b m050
zrevrank b m050
zrank b nosuch
zrem b m000 m001 nosuch
zcard b
zscan b 0 match m129 count 1000
zscan b 0 match m050 count 1000
zmscore b m002 nosuch m129
''')
    return out


@scenario('ranges')
def ranges():
    out = cmds('''
zadd z 1 a 2 b 3 c 4 d 5 e 5 ee 6 f 0 aa 0 ab 0 ac
zrange z 0 -1
zrange z 0 -1 withscores
zrange z 2 4 withscores
zrange z -3 -1
zrange z 5 2
zrange z 100 200
zrange z -100 100
zrange z 0 -1 rev withscores
zrange z 0 1 rev
zrange z 1 3 byscore
zrange z (1 3 byscore
zrange z 1 (3 byscore withscores
zrange z -inf +inf byscore limit 2 3
zrange z -inf +inf byscore limit 2 -1
zrange z -inf +inf byscore limit -1 2
zrange z -inf +inf byscore limit 100 2
zrange z -inf +inf byscore limit 0 0
zrange z 3 1 byscore rev
zrange z +inf -inf byscore rev limit 1 2 withscores
zrange z 1 3 byscore rev
zrange z [a [c bylex
zrange z - + bylex
zrange z - + bylex limit 1 2
zrange z + - bylex rev
zrange z (ac [c bylex
zrange z [c (ac bylex rev
zrange z a b bylex
zrange z [a [c bylex withscores
zrange z 0 -1 limit 0 1
zrange z 0 -1 limit 0 -1
zrange z 0 -1 byscore bylex
zrange z 0 -1 rev rev
zrange z 0 -1 foo
zrange z 0 -1 limit 0
zrange z x 1
zrange z 0 -1 limit x 1
zrange nokey 0 -1
zrange nokey 0 -1 withscores
zrevrange z 0 2 withscores
zrevrange z 0 2 rev
zrevrange z 0 2 byscore
zrevrange z 0 -1 limit 0 1
zrangebyscore z 1 3
zrangebyscore z 1 3 withscores limit 1 1
zrangebyscore z -inf +inf
zrangebyscore z '' 2
zrangebyscore z ( 2
zrangebyscore z ' 1' 3
zrangebyscore z '1 ' 3
zrangebyscore z nan 3
zrangebyscore z 1e400 -1e400
zrangebyscore z -1e400 1e400
zrangebyscore z 0x2 0x3
zrangebyscore z (5 (5
zrangebyscore z 5 5
zrangebyscore z 1 3 byscore
zrangebyscore z 1 3 rev
zrevrangebyscore z 3 1
zrevrangebyscore z 3 1 withscores limit 0 2
zrevrangebyscore z (3 (1
zrangebylex z [a [b
zrangebylex z - (b limit 1 10
zrangebylex z -a +
zrangebylex z + -
zrangebylex z '' +
zrangebylex z [a [b withscores
zrevrangebylex z + - limit 1 2
zrevrangebylex z [c [a
zcount z 1 3
zcount z (1 (3
zcount z -inf +inf
zcount z 3 1
zcount z x 3
zcount nokey 1 2
zlexcount z - +
zlexcount z [a (c
zlexcount z x y
zlexcount nokey - +
zrangestore dst z 0 2
zrange dst 0 -1 withscores
zrangestore dst z 1 3 byscore rev limit 0 1
zrange dst 0 -1 withscores
zrangestore dst z [a [b bylex
zrange dst 0 -1 withscores
zrangestore dst z 5 2
exists dst
zrangestore dst z 0 -1 withscores
zrangestore dst nokey 0 -1
set str v
zrangestore str z 0 0
type str
zrange str 0 -1
zrangestore dst2 str 0 -1
zrangebyscore str 0 1
zcount str 0 1
zlexcount str - +
zrangestore z z 0 1
zrange z 0 -1 withscores
''')
    big = ['zadd', 'b']
    for i in range(150):
        big += [str(i // 3), 'k%03d' % i]
    out.append([b(x) for x in big])
    out += cmds('''
zrange b 10 15 withscores
zrange b 10 15 rev withscores
zrange b 2 4 byscore withscores
zrange b 2 4 byscore rev withscores
zrange b 2 10 byscore limit 3 4
zrange b 10 2 byscore rev limit 3 4
zrange b -inf +inf byscore limit 148 5
zrange b -inf +inf byscore limit 149 5
zrange b -inf +inf byscore limit 150 5
zcount b 10 20
zcount b (10 (20
zrange b [k010 [k020 bylex
zlexcount b [k010 (k020
zrangestore d2 b 0 -1
zcard d2
zrangestore d3 b 0 127
zcard d3
''')
    return out


@scenario('remrange')
def remrange():
    return cmds('''
zadd z 1 a 2 b 3 c 4 d 5 e 6 f
zremrangebyrank z 0 0
zremrangebyrank z -2 -1
zrange z 0 -1
zremrangebyrank z 5 10
zremrangebyrank z a 1
zremrangebyscore z (2 3
zrange z 0 -1
zremrangebyscore z 10 20
zremrangebyscore z a 1
zremrangebylex z [a [a
zremrangebylex z a 1
zadd l 0 a 0 b 0 c 0 d
zremrangebylex l [b (d
zrange l 0 -1
zremrangebylex l - +
exists l
zremrangebyscore z -inf +inf
exists z
zremrangebyrank nokey 0 1
zremrangebyscore nokey 0 1
zremrangebylex nokey - +
set str v
zremrangebyrank str 0 1
zremrangebyscore str 0 1
zremrangebylex str - +
''')


@scenario('pops')
def pops():
    out = cmds('''
zadd z 1 a 2 b 3 c 4 d 5 e
zpopmin z
zpopmax z
zpopmin z 2
zpopmax z 0
zpopmin z -1
zpopmin z a
zpopmin z 1 2
zpopmax z 10
exists z
zpopmin z
zpopmin z 3
zadd z 1 a 2 b 3 c
zmpop 1 z min
zmpop 1 z max count 5
exists z
zmpop 1 z min
zmpop 2 nokey z min
zadd z2 1 x 2 y
zmpop 2 nokey z2 max count 1
zmpop 0 z min
zmpop -1 z min
zmpop a z min
zmpop 1 z
zmpop 2 z min
zmpop 1 z foo
zmpop 1 z min count 0
zmpop 1 z min count -1
zmpop 1 z min count 1 count 1
zmpop 1 z min count
zmpop 1 z min foo
bzpopmin z2 0
zadd z2 5 w 6 v
bzpopmax nokey z2 0.5
zadd z3 1 a 2 b 3 c
bzmpop 0 2 nokey z3 max count 2
bzmpop 0.1 1 z3 min
bzpopmin z3 -1
bzpopmin z3 abc
bzpopmin z3 inf
bzpopmin z3 1e400
bzpopmin z3 '1 '
bzmpop -1 1 z3 min
bzmpop 0 0 z3 min
bzmpop 0 1 z3 foo
bzmpop abc 1 z3 min
set str v
zpopmin str
zmpop 1 str min
zmpop 2 nokey str min
bzpopmin str 0
bzmpop 0 1 str min
''')
    big = ['zadd', 'b']
    for i in range(140):
        big += [str(i), 'p%03d' % i]
    out.append([b(x) for x in big])
    out += cmds('''
zpopmin b 3
zpopmax b 3
zmpop 1 b max count 2
bzpopmin b 0
zcard b
zpopmin b 200
exists b
''')
    return out


@scenario('setops')
def setops():
    out = cmds('''
zadd a 1 x 2 y 3 z
zadd b 10 y 20 z 30 w
zadd c 100 z 200 v
zunion 2 a b
zunion 2 a b withscores
zunion 3 a b c withscores
zunion 2 a b weights 2 3 withscores
zunion 2 a b weights 2 withscores
zunion 2 a b aggregate min withscores
zunion 2 a b aggregate max withscores
zunion 2 a b aggregate foo
zunion 2 a b weights 1 x
zunion 2 a nokey withscores
zunion 0 a
zunion -1 a
zunion x a
zunion 3 a b
zunion 1 a withscores withscores
zunion 1 a foo
zinter 2 a b withscores
zinter 3 a b c withscores
zinter 2 a b weights 1 -1 aggregate min withscores
zinter 2 a a withscores
zinter 2 a nokey
zdiff 2 a b withscores
zdiff 2 b a withscores
zdiff 2 a a
zdiff 1 a withscores
zdiff 2 nokey a
zdiff 2 a b weights 1 1
zdiff 2 a b aggregate sum
zintercard 2 a b
zintercard 3 a b c
zintercard 2 a b limit 1
zintercard 2 a b limit 0
zintercard 2 a b limit -1
zintercard 2 a b withscores
zintercard 0 a
zunionstore d 2 a b
zrange d 0 -1 withscores
zinterstore d 2 a b weights 1 2
zrange d 0 -1 withscores
zdiffstore d 2 a b
zrange d 0 -1 withscores
zinterstore d 2 a nokey
exists d
zunionstore d 2 a b withscores
zunionstore d 0 a
zunionstore a 2 a b
zrange a 0 -1 withscores
zadd inf 1 p 2 q
zadd ninf 1 p 2 q
zunion 2 inf ninf weights inf -inf withscores
zinter 2 inf ninf weights inf -inf withscores
zunion 2 inf ninf weights 0 inf withscores
zadd e1 inf m
zadd e2 -inf m
zunion 2 e1 e2 withscores
zinter 2 e1 e2 withscores
zinter 2 e1 e2 aggregate max withscores
set str v
zunion 2 a str
zunionstore d 2 str a
zinter 2 nokey str
zunion 2 str a weights x
zdiff 2 a str
zintercard 1 str
''')
    big = ['zadd', 'big']
    for i in range(200):
        big += [str(i % 17), 'u%03d' % i]
    out.append([b(x) for x in big])
    out += cmds('''
zinterstore sd 2 big big
zcard sd
zrange sd 0 4 withscores
zunion 2 big a weights 0.5 1 withscores
zdiffstore dd 2 big a
zcard dd
zintercard 2 big big limit 50
''')
    return out


@scenario('randmember-scan')
def randmember_scan():
    return cmds('''
zadd z 1 a 2 b 3 c
zrandmember z 3
zrandmember z 5 withscores
zrandmember z 0
zrandmember z 0 withscores
zrandmember nokey
zrandmember nokey 5
zrandmember z abc
zrandmember z -9223372036854775808
zrandmember z 1 foo
zrandmember z 1 withscores x
zrandmember nokey -4611686018427387904 withscores
zrandmember nokey 4611686018427387904 withscores
zrandmember z 9223372036854775807
zscan z 0
zscan z 0 match b*
zscan z 0 count 1
zscan z 42
zscan z 0 foo
zscan z 0 count 0
zscan z 0 count x
zscan z 0 type zset
zscan z abc
zscan z -1
zscan nokey 0 foo
set str v
zscan str 0
zscan str x
zrandmember str
zrandmember str 1
zadd f 1.5 x -0 y 1e20 z 123456789012345678 w 0.1 v inf u
zscan f 0
''')


@scenario('commands')
def commands():
    return cmds('''
command info zadd zunionstore zmpop bzmpop georadius georadiusbymember geosearchstore zscan zrandmember bzpopmin zintercard
command getkeys zunionstore d 2 a b weights 1 2
command getkeys zunion 5 a b
command getkeys zunion 2 a b
command getkeys zmpop 2 a b min
command getkeys bzmpop 0 2 a b min count 1
command getkeys georadius k 1 2 3 km store s storedist t
command getkeys georadius k 1 2 3 km store
command getkeys georadius k 1 2 3 km
command getkeys geosearchstore d s frommember m byradius 1 km
command getkeys bzpopmin a b c 0
command getkeys zrangestore d s 0 1
zadd k
zadd k 1
zpopmin
zrange k 0
zunionstore d
geoadd g 1 2
georadius g 1 2 3
''')


@scenario('geo')
def geo():
    out = cmds('''
geoadd g 13.361389 38.115556 Palermo 15.087269 37.502669 Catania
geoadd g 200 100 x
geoadd g 1 inf x
geoadd g -180.0000001 0 x
geoadd g 0 85.06 x
geoadd g abc 1 x
geoadd g 1 2
geoadd g nx xx 1 2 a
geoadd g gt 1 2 a
geoadd g ch 1 2 a b
geoadd g xx ch 13.361390 38.115556 Palermo 1 1 newone
geoadd g nx 0 0 Palermo 180 85.05112878 corner
geoadd g -180 -85.05112878 corner2 0 0 origin
zrange g 0 -1 withscores
geopos g Palermo Catania nosuch corner corner2 origin
geopos nokey a
geohash g Palermo Catania nosuch corner corner2 origin
geohash nokey a
geodist g Palermo Catania
geodist g Palermo Catania km
geodist g Palermo Catania MI
geodist g Palermo Catania ft
geodist g Palermo nosuch
geodist nokey a b
geodist g Palermo Catania xx
geodist g Palermo Catania km x
geodist g corner corner2
geodist g Palermo Palermo
georadius g 15 37 200 km
georadius g 15 37 200 km withdist withcoord withhash asc
georadius g 15 37 200 km desc withdist
georadius g 15 37 200 km count 1
georadius g 15 37 200 km count 1 desc
georadius g 15 37 200 km count 1 any
georadius g 15 37 200 km any
georadius g 15 37 200 km count 0
georadius g 15 37 200 km count x
georadius g 15 37 abc km
georadius g 15 37 -1 km
georadius g 15 37 1 xx
georadius g 200 37 1 km
georadius g 15 37 200 km foo
georadius g 15 37 200 km store
georadius g 15 37 200 km store st withdist
georadius g 15 37 200 km store st
zrange st 0 -1 withscores
georadius g 15 37 200 km storedist st
zrange st 0 -1 withscores
georadius g 15 37 1 m store st
exists st
georadius nokey 15 37 200 km
georadius nokey 15 37 200 km store st
georadius_ro g 15 37 200 km withdist
georadius_ro g 15 37 200 km store st
georadiusbymember g Palermo 200 km withdist
georadiusbymember g nosuch 200 km
georadiusbymember g Palermo abc km
georadiusbymember nokey nosuch abc km
georadiusbymember nokey nosuch abc km foo
georadiusbymember g Palermo 200 km store st2 count 1
zrange st2 0 -1 withscores
georadiusbymember_ro g Palermo 200 km withcoord
geosearch g frommember Palermo byradius 200 km withdist
geosearch g fromlonlat 15 37 byradius 200 km asc withcoord withdist withhash
geosearch g fromlonlat 15 37 bybox 400 400 km asc withdist
geosearch g fromlonlat 15 37 bybox 100 100 km asc withdist
geosearch g frommember Palermo byradius 1 km
geosearch g frommember nosuch byradius 1 km
geosearch nokey frommember nosuch byradius 1 km
geosearch g frommember Palermo fromlonlat 1 2 byradius 1 km
geosearch g fromlonlat 1 2 frommember Palermo byradius 1 km
geosearch g frommember Palermo byradius 1 km bybox 1 1 km
geosearch g frommember Palermo bybox 1 -1 km
geosearch g frommember Palermo bybox a 1 km
geosearch g frommember Palermo bybox 1 a km
geosearch g frommember Palermo byradius 1 km store x
geosearch g byradius 1 km asc desc
GeoSearch g byradius 1 km asc desc
geosearch g frommember Palermo asc desc withdist
geosearch g frommember Palermo byradius 1 km any
geosearch g frommember Palermo byradius 1 km storedist
geosearchstore dst g frommember Palermo byradius 200 km
zrange dst 0 -1 withscores
geosearchstore dst g frommember Palermo byradius 200 km storedist
zrange dst 0 -1 withscores
geosearchstore dst g frommember Palermo byradius 200 km withdist
geosearchstore dst g frommember Palermo byradius 1 m
exists dst
geosearchstore dst nokey frommember Palermo byradius 200 km
set str v
geoadd str 1 1 a
geopos str a
geohash str a
geodist str a b
geodist str a b km
georadius str 1 1 1 km
georadius str 1 1 1 km foo
georadiusbymember str a 1 km
geosearch str frommember a byradius 1 km
geosearchstore d str frommember a byradius 1 km
''')
    rnd = random.Random(7)
    add = ['geoadd', 'pts']
    for i in range(300):
        lon = 10 + rnd.random() * 10
        lat = 40 + rnd.random() * 8
        add += ['%.6f' % lon, '%.6f' % lat, 'p%03d' % i]
    out.append([b(x) for x in add])
    out += cmds('''
zcard pts
georadius pts 15 44 100 km
georadius pts 15 44 100 km asc withdist withcoord
georadius pts 15 44 500 km desc count 5 withdist
georadius pts 15 44 200 km count 3 any
geosearch pts fromlonlat 15 44 bybox 300 200 km asc withdist withhash
geosearch pts frommember p000 byradius 150 km desc
geosearch pts fromlonlat 15 44 byradius 6000 km count 4
geosearch pts fromlonlat 15 44 byradius 0 km
geosearch pts frommember p010 byradius 0 km withdist
geosearchstore ps pts fromlonlat 15 44 byradius 100 km storedist
zrange ps 0 -1 withscores
georadius pts 15 44 100 mi withdist asc
georadius pts 15 44 100000 ft withdist asc count 3
geodist pts p000 p001
geodist pts p000 p299 mi
geopos pts p000 p150 p299
geohash pts p000 p150 p299
''')
    add = ['geoadd', 'polar']
    for i in range(40):
        lon = -180 + i * 9
        lat = 70 + (i % 15)
        add += [str(lon), str(lat), 'q%02d' % i]
    out.append([b(x) for x in add])
    out += cmds('''
georadius polar 0 80 2000 km asc withdist
georadius polar 179 75 1000 km asc withdist
geosearch polar fromlonlat -179 75 bybox 2000 500 km asc withdist
georadius polar 0 -80 2000 km
''')
    return out


@scenario('geo-random')
def geo_random():
    """Random points and random searches: shapes, units, sorting, COUNT, ANY, stores. No
    STOREDIST here: it stores distances with all 17 digits, and the engine's StrictMath (the
    same on every replica) may differ from glibc in the last bit of a cosine."""
    rnd = random.Random(31337)
    out = []
    for key, (lon0, lat0, spread, n) in {'near': (2.35, 48.85, 0.5, 100),
                                         'wide': (0, 0, 170, 300)}.items():
        add = ['geoadd', key]
        for i in range(n):
            lon = max(-180, min(180, lon0 + rnd.uniform(-spread, spread)))
            lat = max(-85, min(85, lat0 + rnd.uniform(-spread / 2, spread / 2)))
            add += ['%.6f' % lon, '%.6f' % lat, '%s%d' % (key, i)]
        out.append([b(x) for x in add])
    for _ in range(250):
        key = rnd.choice(['near', 'wide'])
        unit = rnd.choice(['m', 'km', 'mi', 'ft'])
        scale = {'m': 1000, 'km': 1, 'mi': 0.62, 'ft': 3280}[unit]
        dist = '%.3f' % (rnd.uniform(1, 60 if key == 'near' else 3000) * scale)
        if rnd.random() < 0.5:
            center = ['fromlonlat', '%.4f' % rnd.uniform(-10, 10) if key == 'wide'
                      else '%.4f' % rnd.uniform(2, 2.7), '%.4f' % rnd.uniform(-10, 10)
                      if key == 'wide' else '%.4f' % rnd.uniform(48.6, 49.1)]
        else:
            center = ['frommember', '%s%d' % (key, rnd.randint(0, 99))]
        shape = ['byradius', dist, unit] if rnd.random() < 0.5 else \
            ['bybox', dist, '%.3f' % (float(dist) * rnd.uniform(0.3, 2)), unit]
        opts = [o for o in ('withdist', 'withcoord', 'withhash') if rnd.random() < 0.4]
        sort = [rnd.choice(['asc', 'desc'])] if rnd.random() < 0.6 else []
        count = []
        if rnd.random() < 0.4:
            count = ['count', str(rnd.randint(1, 8))] + (['any'] if rnd.random() < 0.3 else [])
        if rnd.random() < 0.2:
            out.append([b(x) for x in ['geosearchstore', 'dst', key] + center + shape + sort
                        + count])
            out.append([b'zrange', b'dst', b'0', b'-1', b'withscores'])
        else:
            out.append([b(x) for x in ['geosearch', key] + center + shape + opts + sort + count])
    return out


def random_command(rnd):
    """One random sorted set command over a few keys, members and scores that exercise both
    encodings (long members and big sets force the skiplist), ties, infinities and -0."""
    # Lex ranges presume equal scores; with unequal ones Redis's answer depends on the walk,
    # which only the listpack reproduces. So lex commands go to k1 and k2 only, which stay
    # listpacks: long members go to k3 alone, stored results to k3, big and dst.
    keys = ['k1', 'k2', 'k3', 'big']
    stores = ['k3', 'big', 'dst']
    key = rnd.choice(keys)
    def member():
        r = rnd.random()
        if r < 0.05 and key == 'k3':
            return 'L' * 65 + str(rnd.randint(0, 3))
        if r < 0.1:
            return str(rnd.randint(-5, 5))
        return 'm%d' % rnd.randint(0, 40)
    def score():
        return rnd.choice(['0', '1', '2', '-1', '1.5', '-0', 'inf', '-inf', '0.1', '3',
                           str(rnd.randint(-20, 20)), '%.3f' % rnd.uniform(-5, 5)])
    def bound():
        v = rnd.choice(['-inf', '+inf', str(rnd.randint(-5, 5)), '1.5', '0'])
        return ('(' + v) if rnd.random() < 0.3 else v
    def lex():
        r = rnd.random()
        if r < 0.2:
            return '-'
        if r < 0.4:
            return '+'
        return rnd.choice('([') + member()
    op = rnd.randint(0, 27)
    if key == 'big' and op < 3:
        args = ['zadd', 'big']
        for _ in range(rnd.randint(1, 60)):
            args += [score(), 'b%d' % rnd.randint(0, 400)]
        return args
    if op < 6:
        opts = [o for o in ('nx', 'xx', 'gt', 'lt', 'ch') if rnd.random() < 0.15]
        args = ['zadd', key] + opts
        for _ in range(rnd.randint(1, 4)):
            args += [score(), member()]
        return args
    if op == 6:
        return ['zadd', key, 'incr'] + (['xx'] if rnd.random() < 0.2 else []) + [score(), member()]
    if op == 7:
        return ['zincrby', key, score(), member()]
    if op == 8:
        return ['zrem', key] + [member() for _ in range(rnd.randint(1, 3))]
    if op == 9:
        return ['zrange', key, str(rnd.randint(-5, 5)), str(rnd.randint(-5, 50))] + \
            (['rev'] if rnd.random() < 0.3 else []) + (['withscores'] if rnd.random() < 0.5 else [])
    if op == 10:
        args = ['zrange', key, bound(), bound(), 'byscore']
        if rnd.random() < 0.4:
            args.append('rev')
        if rnd.random() < 0.4:
            args += ['limit', str(rnd.randint(-1, 5)), str(rnd.randint(-1, 5))]
        if rnd.random() < 0.5:
            args.append('withscores')
        return args
    if op == 11:
        args = ['zrange', rnd.choice(['k1', 'k2']), lex(), lex(), 'bylex']
        if rnd.random() < 0.4:
            args.append('rev')
        if rnd.random() < 0.4:
            args += ['limit', str(rnd.randint(0, 5)), str(rnd.randint(-1, 5))]
        return args
    if op == 12:
        return ['zcount', key, bound(), bound()]
    if op == 13:
        return ['zlexcount', rnd.choice(['k1', 'k2']), lex(), lex()]
    if op == 14:
        return ['zremrangebyscore', key, bound(), bound()]
    if op == 15:
        return ['zremrangebylex', rnd.choice(['k1', 'k2']), lex(), lex()]
    if op == 16:
        return ['zremrangebyrank', key, str(rnd.randint(-5, 5)), str(rnd.randint(-5, 5))]
    if op == 17:
        return [rnd.choice(['zpopmin', 'zpopmax']), key] + \
            ([str(rnd.randint(0, 4))] if rnd.random() < 0.6 else [])
    if op == 18:
        ks = rnd.sample(keys, rnd.randint(1, 3))
        return ['zmpop', str(len(ks))] + ks + [rnd.choice(['min', 'max'])] + \
            (['count', str(rnd.randint(1, 4))] if rnd.random() < 0.5 else [])
    if op in (19, 20):
        ks = [rnd.choice(keys) for _ in range(rnd.randint(1, 3))]
        cmd = rnd.choice(['zunionstore', 'zinterstore', 'zdiffstore'])
        args = [cmd, rnd.choice(stores), str(len(ks))] + ks
        if cmd != 'zdiffstore' and rnd.random() < 0.5:
            args += ['weights'] + [rnd.choice(['1', '2', '-1', '0.5', '0']) for _ in ks]
        if cmd != 'zdiffstore' and rnd.random() < 0.5:
            args += ['aggregate', rnd.choice(['sum', 'min', 'max'])]
        return args
    if op == 21:
        ks = [rnd.choice(keys) for _ in range(rnd.randint(1, 3))]
        cmd = rnd.choice(['zunion', 'zinter', 'zdiff'])
        args = [cmd, str(len(ks))] + ks
        if cmd != 'zdiff' and rnd.random() < 0.4:
            args += ['weights'] + [rnd.choice(['1', '3', '-2']) for _ in ks]
        return args + ['withscores']
    if op == 22:
        ks = [rnd.choice(keys) for _ in range(rnd.randint(1, 3))]
        return ['zintercard', str(len(ks))] + ks + \
            (['limit', str(rnd.randint(0, 3))] if rnd.random() < 0.5 else [])
    if op == 23:
        return ['zrangestore', rnd.choice(stores), key, str(rnd.randint(0, 3)),
                str(rnd.randint(-3, 60))]
    if op == 24:
        return ['zmscore', key] + [member() for _ in range(3)]
    if op == 25:
        return [rnd.choice(['zrank', 'zrevrank']), key, member()]
    if op == 26:
        return ['zscore', key, member()]
    return ['zcard', key]


@scenario('random')
def random_ops():
    rnd = random.Random(20240607)
    return [[b(x) for x in random_command(rnd)] for _ in range(3000)] + \
        cmds('zrange k1 0 -1 withscores\nzrange k2 0 -1 withscores\nzrange k3 0 -1 withscores'
             '\nzrange big 0 -1 withscores\nzrange dst 0 -1 withscores')


def main():
    port = int(sys.argv[1])
    path = sys.argv[2]
    with open(path, 'w') as out:
        for name, fn in SCENARIOS.items():
            commands_ = fn()
            replies = {}
            for proto in (2, 3):
                c = Conn(port, proto)
                c.call([b'flushall'])
                replies[proto] = [c.call(cmd) for cmd in commands_]
            for i, cmd in enumerate(commands_):
                row = [name, [a.decode('latin-1') for a in cmd],
                       replies[2][i].decode('latin-1'), replies[3][i].decode('latin-1')]
                out.write(json.dumps(row) + '\n')


if __name__ == '__main__':
    main()
