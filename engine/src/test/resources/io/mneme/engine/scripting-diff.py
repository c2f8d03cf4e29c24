#!/usr/bin/env python3
"""Records scripting cases against a real redis-server 7.0 for ScriptingDiffTest.

Each output line is a case as JSON ([protocol, arg, arg...]; an argument "hex:..." is bytes
given in hex), a tab, and the exact reply bytes (\\r, \\n, \\t, \\\\ and non-printable bytes
escaped as \\xHH). The cases run in order on one connection per protocol, against one
database, so later cases see what earlier ones wrote.

The committed recording was made with redis-server 7.0.15 by:
  redis-server --port 16399 --save '' --appendonly no &
  REDIS_PORT=16399 python3 scripting-diff.py > scripting-diff.txt
"""
import json
import os
import socket
import sys

PORT = int(os.environ.get('REDIS_PORT', '6379'))

# A FUNCTION DUMP payload redis-server 7.0.15 wrote for library "dumped" (LZF-compressed code).
DUMPED_LIB = ("#!lua name=dumped\n"
              "redis.register_function('dumped_echo', function(keys, args) return args[1] end)\n")

CASES = [
    [2, 'FLUSHALL'], [2, 'SCRIPT', 'FLUSH'], [2, 'FUNCTION', 'FLUSH'],
    # Lua to Redis conversions
    [2, 'EVAL', 'return 1', '0'],
    [2, 'EVAL', "return {1, 2.9, -3.7, 'a', true, false, {ok='fine'}, {4, {5}}, nil, 6}", '0'],
    [3, 'EVAL', "return {1, 2.9, -3.7, 'a', true, false, {ok='fine'}, {4, {5}}, nil, 6}", '0'],
    [2, 'EVAL', 'return 1e100', '0'],
    [2, 'EVAL', 'return -0.5', '0'],
    [2, 'EVAL', 'return 2^53', '0'],
    [2, 'EVAL', "return 'hello'", '0'],
    [2, 'EVAL', "return ''", '0'],
    [2, 'EVAL', 'return true', '0'],
    [2, 'EVAL', 'return false', '0'],
    [3, 'EVAL', 'return false', '0'],
    [2, 'EVAL', 'return nil', '0'],
    [3, 'EVAL', 'return nil', '0'],
    [2, 'EVAL', 'return {}', '0'],
    [2, 'EVAL', "return {err='My Error'}", '0'],
    [2, 'EVAL', "return {err='line1\\nline2'}", '0'],
    [2, 'EVAL', "return {ok='fine'}", '0'],
    [2, 'EVAL', "return {ok='a\\r\\nb'}", '0'],
    [2, 'EVAL', "return redis.status_reply('FINE')", '0'],
    [2, 'EVAL', "return redis.error_reply('oops')", '0'],
    [2, 'EVAL', "return redis.error_reply('My oops')", '0'],
    [2, 'EVAL', "return redis.error_reply('-CODE detail')", '0'],
    [2, 'EVAL', "return redis.error_reply(1)", '0'],
    [2, 'EVAL', "return {double=3.5}", '0'],
    [3, 'EVAL', "return {double=3.5}", '0'],
    [3, 'EVAL', "return {map={a=1}}", '0'],
    [2, 'EVAL', "return {map={a=1}}", '0'],
    [3, 'EVAL', "return {set={x=true}}", '0'],
    [2, 'EVAL', "return {set={x=true}}", '0'],
    [3, 'EVAL', "redis.setresp(3); return {true, false}", '0'],
    [2, 'EVAL', "redis.setresp(3); return {true, false}", '0'],
    [2, 'EVAL', "redis.setresp(3); return false", '0'],
    [2, 'EVAL', "return redis.setresp(4)", '0'],
    [2, 'EVAL', "return redis.setresp()", '0'],
    [2, 'EVAL', "return {1, {2, {3, {4}}}, 'x'}", '0'],
    # Redis to Lua conversions
    [2, 'SET', 's', 'x'], [2, 'HSET', 'h', 'f', 'v'], [2, 'RPUSH', 'l', 'a', 'b'],
    [2, 'ZADD', 'z', '1.5', 'm', '2', 'n'],
    [2, 'EVAL', "return redis.call('get', KEYS[1])", '1', 's'],
    [2, 'EVAL', "return type(redis.call('get', 'missing'))", '0'],
    [2, 'EVAL', "redis.setresp(3); return type(redis.call('get', 'missing'))", '0'],
    [2, 'EVAL', "return redis.call('set', 'a', 'b')", '0'],
    [2, 'EVAL', "return redis.call('set', 'a', 'b').ok", '0'],
    [2, 'EVAL', "return redis.call('type', 'a')", '0'],
    [2, 'EVAL', "return redis.call('incr', 'counter')", '0'],
    [2, 'EVAL', "return redis.call('lrange', 'l', 0, -1)", '0'],
    [2, 'EVAL', "return redis.call('hgetall', 'h')", '0'],
    [3, 'EVAL', "redis.setresp(3); return redis.call('hgetall', 'h')", '0'],
    [2, 'EVAL', "redis.setresp(3); local r = redis.call('hgetall', 'h'); return r.map.f", '0'],
    [2, 'EVAL', "return redis.call('zrange', 'z', 0, -1, 'withscores')", '0'],
    [3, 'EVAL', "redis.setresp(3); return redis.call('zrange', 'z', 0, -1, 'withscores')", '0'],
    [2, 'EVAL', "redis.setresp(3); return redis.call('zscore', 'z', 'm').double", '0'],
    [2, 'EVAL', "return redis.call('zscore', 'z', 'm')", '0'],
    [2, 'EVAL', "return redis.call('exists', 'a', 's', 'nope')", '0'],
    [2, 'EVAL', "return redis.call('ping')", '0'],
    [2, 'EVAL', "return redis.call('ping', 'hi')", '0'],
    [2, 'EVAL', "return redis.call('echo', 'hi')", '0'],
    [2, 'EVAL', "return redis.call('set', 'n', 1.5)", '0'],
    [2, 'EVAL', "return redis.call('get', 'n')", '0'],
    [2, 'EVAL', "return redis.call('set', 'n', 42)", '0'],
    [2, 'EVAL', "return redis.call('get', 'n')", '0'],
    [2, 'EVAL', "return redis.pcall('incr', 's')", '0'],
    [2, 'EVAL', "local t = redis.pcall('incr', 's'); return t.err", '0'],
    [2, 'EVAL', "return redis.pcall('nosuch')", '0'],
    [2, 'EVAL', "return KEYS[1] .. ARGV[1] .. #KEYS .. #ARGV", '1', 'k', 'v', 'w'],
    # errors
    [2, 'EVAL', "return redis.call('incr', KEYS[1])", '1', 's'],
    [2, 'EVAL', "return redis.call('nosuch')", '0'],
    [2, 'EVAL', "return redis.call('get')", '0'],
    [2, 'EVAL', "return redis.call()", '0'],
    [2, 'EVAL', "return redis.call({})", '0'],
    [2, 'EVAL', "return redis.call('set', 'a', {})", '0'],
    [2, 'EVAL', "return redis.call('eval', 'return 1', '0')", '0'],
    [2, 'EVAL', "return redis.call('multi')", '0'],
    [2, 'EVAL', "return redis.call('script', 'load', 'return 1')", '0'],
    [2, 'EVAL', "return redis.call('set', 'a')", '0'],
    [2, 'EVAL', "return redis.call('set', 'a', 'b', 'bad')", '0'],
    [2, 'EVAL_RO', "return redis.call('set', 'a', 'b')", '1', 'a'],
    [2, 'EVAL_RO', "return redis.call('get', 'a')", '1', 'a'],
    [2, 'EVAL', "#!lua flags=no-writes\nreturn redis.call('set', 'a', 'b')", '0'],
    [2, 'EVAL', "#!lua\nreturn redis.call('get', 'a')", '0'],
    [2, 'EVAL_RO', "#!lua\nreturn 1", '0'],
    [2, 'EVAL_RO', "#!lua flags=no-writes\nreturn 1", '0'],
    [2, 'EVAL', "#!lua flags=bad\nreturn 1", '0'],
    [2, 'EVAL', "#!lua name=x\nreturn 1", '0'],
    [2, 'EVAL', "#!js\nreturn 1", '0'],
    [2, 'EVAL', 'return 1', '-1'],
    [2, 'EVAL', 'return 1', '3', 'a'],
    [2, 'EVAL', 'return 1', 'x'],
    [2, 'EVAL', 'return error("boom")', '0'],
    [2, 'EVAL', 'return error("boom", 0)', '0'],
    [2, 'EVAL', "return error({err='X boom'})", '0'],
    [2, 'EVAL', 'return error(123)', '0'],
    [2, 'EVAL', "local ok, e = pcall(function() error('x') end) return e", '0'],
    [2, 'EVAL', "local ok, e = pcall(redis.call, 'nosuchcmd') return e", '0'],
    [2, 'EVAL', "local ok, e = pcall(redis.call, 'incr', 's') return e", '0'],
    [2, 'EVAL', "\n\nlocal a = 1\nreturn redis.call('incr', 's')", '0'],
    [2, 'EVAL', "\nerror('on line two')", '0'],
    [2, 'EVAL', "return redis.call('set', 'a', 'b', 'ex', 'x')", '0'],
    [2, 'EVALSHA', 'abc', '0'],
    [2, 'EVALSHA', 'ffffffffffffffffffffffffffffffffffffffff', '0'],
    # sandbox
    [2, 'EVAL', 'return foo', '0'],
    [2, 'EVAL', 'foo = 1', '0'],
    [2, 'EVAL', 'string.x = 1', '0'],
    [2, 'EVAL', "_G.x = 1", '0'],
    [2, 'EVAL', "rawset(_G, 'x', 1)", '0'],
    [2, 'EVAL', "table.insert(string, 1)", '0'],
    [2, 'EVAL', "redis.call = nil", '0'],
    [2, 'EVAL', "KEYS[1] = 'x'", '1', 'k'],
    [2, 'EVAL', "cjson.encode = nil", '0'],
    [2, 'EVAL', "math.x = 1", '0'],
    [2, 'EVAL', 'return os', '0'],
    [2, 'EVAL', 'return io', '0'],
    [2, 'EVAL', 'return loadfile', '0'],
    [2, 'EVAL', 'return dofile', '0'],
    [2, 'EVAL', 'return print', '0'],
    [2, 'EVAL', 'return require', '0'],
    [2, 'EVAL', 'return debug', '0'],
    [2, 'EVAL', 'return getfenv', '0'],
    [2, 'EVAL', 'return module', '0'],
    [2, 'EVAL', "return {type(pcall), type(xpcall), type(unpack), type(loadstring), type(bit),"
                " type(cjson), type(math), type(string), type(table), type(select),"
                " type(tonumber), type(tostring), type(rawget), type(next)}", '0'],
    [2, 'EVAL', "local f = loadstring('return 1 + 1') return f()", '0'],
    [2, 'EVAL', "local f = loadstring('return foo') return f()", '0'],
    [2, 'EVAL', "return _VERSION", '0'],
    [2, 'EVAL', "local t = {} t.x = 1 return t.x", '0'],
    [2, 'EVAL', "local t = setmetatable({}, {__index = function(t, k) return k .. '!' end})"
                " return t.hi", '0'],
    [2, 'EVAL', "return string.format('%d-%s-%5.2f', 3, 'x', 1.5)", '0'],
    [2, 'EVAL', "return table.concat({1, 2, 3}, ',')", '0'],
    [2, 'EVAL', "local t = {3, 1, 2} table.sort(t) return t", '0'],
    [2, 'EVAL', "return {unpack({1, 2, 3})}", '0'],
    [2, 'EVAL', "return select('#', 1, 2, 3)", '0'],
    [2, 'EVAL', "return {string.byte('AB', 1, 2)}", '0'],
    [2, 'EVAL', "return string.rep('ab', 3)", '0'],
    [2, 'EVAL', "return {string.find('hello world', 'o w')}", '0'],
    [2, 'EVAL', "return string.gsub('hello', 'l', 'L')", '0'],
    [2, 'EVAL', "return tonumber('0x10')", '0'],
    [2, 'EVAL', "return math.floor(3.7) + math.max(1, 5, 2) + math.abs(-2)", '0'],
    [2, 'EVAL', "return math.huge > 1e308", '0'],
    [2, 'EVAL', "return {math.modf(3.25)}", '0'],
    [2, 'EVAL', "return math.fmod(7, 3)", '0'],
    [2, 'EVAL', "return {math.frexp(8)}", '0'],
    [2, 'EVAL', "return table.getn({1, 2, 3})", '0'],
    # redis.* helpers
    [2, 'EVAL', "return redis.sha1hex('abc')", '0'],
    [2, 'EVAL', "return redis.sha1hex('')", '0'],
    [2, 'EVAL', "return redis.sha1hex()", '0'],
    [2, 'EVAL', "return {redis.LOG_DEBUG, redis.LOG_VERBOSE, redis.LOG_NOTICE,"
                " redis.LOG_WARNING}", '0'],
    [2, 'EVAL', "return {redis.REPL_NONE, redis.REPL_AOF, redis.REPL_REPLICA, redis.REPL_ALL}",
     '0'],
    [2, 'EVAL', "return redis.REDIS_VERSION", '0'],
    [2, 'EVAL', "return redis.REDIS_VERSION_NUM", '0'],
    [2, 'EVAL', "redis.log(redis.LOG_WARNING, 'hello') return 1", '0'],
    [2, 'EVAL', "redis.log(redis.LOG_WARNING) return 1", '0'],
    [2, 'EVAL', "redis.log('x', 'y') return 1", '0'],
    [2, 'EVAL', "return redis.replicate_commands()", '0'],
    [2, 'EVAL', "redis.set_repl(redis.REPL_ALL) return 1", '0'],
    # cjson
    [2, 'EVAL', "return cjson.encode({1, 2, {a='b'}})", '0'],
    [2, 'EVAL', "return cjson.encode({a='x/y'})", '0'],
    [2, 'EVAL', "return cjson.encode({1, 2, nil, 4})", '0'],
    [2, 'EVAL', "return cjson.encode({})", '0'],
    [2, 'EVAL', "return cjson.encode('a\"b\\\\c\\n')", '0'],
    [2, 'EVAL', "return cjson.encode(1.5e300)", '0'],
    [2, 'EVAL', "return cjson.encode(0.1)", '0'],
    [2, 'EVAL', "return cjson.encode(-3)", '0'],
    [2, 'EVAL', "return cjson.encode(true)", '0'],
    [2, 'EVAL', "return cjson.encode(cjson.null)", '0'],
    [2, 'EVAL', "return cjson.encode({[1]=1, [20]=2})", '0'],
    [2, 'EVAL', "return cjson.encode(function() end)", '0'],
    [2, 'EVAL', "return cjson.encode(cjson.decode('{\"a\":[1,2.5,\"x\",null,true]}'))", '0'],
    [2, 'EVAL', "return cjson.decode('[1,2,3]')", '0'],
    [2, 'EVAL', "return cjson.decode('{\"k\":\"v\"}').k", '0'],
    [2, 'EVAL', "return cjson.decode('\"\\\\u00e9\"')", '0'],
    [2, 'EVAL', "return cjson.decode('[1,')", '0'],
    [2, 'EVAL', "return cjson.decode('')", '0'],
    [2, 'EVAL', "return type(cjson.decode('null'))", '0'],
    # bit
    [2, 'EVAL', "return {bit.band(12, 10), bit.bor(12, 10), bit.bxor(12, 10), bit.bnot(0),"
                " bit.lshift(1, 31), bit.rshift(-1, 28), bit.arshift(-16, 2), bit.tobit(2^32 + 5),"
                " bit.rol(1, 33), bit.ror(1, 1), bit.bswap(1)}", '0'],
    [2, 'EVAL', "return bit.tohex(255) .. ' ' .. bit.tohex(-1, -4) .. ' ' .. bit.tohex(255, 2)",
     '0'],
    # SCRIPT
    [2, 'SCRIPT', 'LOAD', "return 'loaded'"],
    [2, 'SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8',
     '2bab3b661081db58bd2341920e0ba7cf5dc77b25', 'nope'],
    [2, 'EVALSHA', 'B534286061D4B9E4026607613B95C06C06015AE8', '0'],
    [2, 'SCRIPT', 'LOAD', 'return 1 +'],
    [2, 'SCRIPT', 'FLUSH', 'bad'],
    [2, 'SCRIPT', 'FLUSH', 'ASYNC'],
    [2, 'SCRIPT', 'EXISTS', 'b534286061d4b9e4026607613b95c06c06015ae8'],
    [2, 'SCRIPT', 'HELP'],
    [2, 'SCRIPT', 'NOSUCH'],
    [2, 'EVAL', 'return 1 +', '0'],
    # FUNCTION
    [2, 'FUNCTION', 'LOAD', 'return 1'],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nredis.call('ping')"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nreturn 1"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nerror('x')"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nlocal x = "],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a foo=bar\n"],
    [2, 'FUNCTION', 'LOAD', "#!js name=a\n"],
    [2, 'FUNCTION', 'LOAD', "#!lua\n"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a-b\n"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nredis.register_function('f-g', function() end)"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nredis.register_function('f', 1)"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=a\nredis.register_function{function_name='f',"
                            " callback=function() end, flags={'bad'}}"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=lib\n"
     "redis.register_function('f', function(keys, args) return redis.call('incr', keys[1]) end)\n"
     "redis.register_function{function_name='g', callback=function(keys, args) return args[1]"
     " end, flags={'no-writes'}, description='desc'}\n"
     "redis.register_function('e', function() return error('boom') end)\n"
     "redis.register_function('w', function() return redis.call('set', 'fw', 'v') end)\n"
     "redis.register_function('r', function() redis.setresp(3) return redis.call('hgetall',"
     " 'h') end)\n"
     "redis.register_function('u', function() return undefined_global end)\n"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=lib\nredis.register_function('f', function() end)"],
    [2, 'FUNCTION', 'LOAD', "#!lua name=lib2\nredis.register_function('f', function() end)"],
    [2, 'FUNCTION', 'LOAD', 'badopt', 'x'],
    [2, 'FCALL', 'f', '1', 'fk'],
    [2, 'FCALL', 'f', '1', 'fk'],
    [2, 'FCALL_RO', 'f', '1', 'fk'],
    [2, 'FCALL_RO', 'g', '0', 'a'],
    [2, 'FCALL', 'g', '0', 'a'],
    [2, 'FCALL', 'e', '0'],
    [2, 'FCALL', 'w', '0'],
    [2, 'FCALL', 'r', '0'],
    [3, 'FCALL', 'r', '0'],
    [2, 'FCALL', 'u', '0'],
    [2, 'FCALL', 'nosuch', '0'],
    [2, 'FCALL', 'f', 'x'],
    [2, 'FCALL', 'f', '-1'],
    [2, 'FCALL', 'f', '5', 'a'],
    [2, 'FUNCTION', 'LIST'],
    [3, 'FUNCTION', 'LIST', 'WITHCODE'],
    [2, 'FUNCTION', 'LIST', 'LIBRARYNAME', 'l*'],
    [2, 'FUNCTION', 'LIST', 'LIBRARYNAME', 'x*'],
    [2, 'FUNCTION', 'LIST', 'foo'],
    [2, 'FUNCTION', 'LIST', 'LIBRARYNAME'],
    [2, 'FUNCTION', 'STATS'],
    [3, 'FUNCTION', 'STATS'],
    [2, 'FUNCTION', 'LOAD', 'REPLACE', "#!lua name=lib\nredis.register_function('f2',"
                            " function() return 2 end)"],
    [2, 'FCALL', 'f', '0'],
    [2, 'FCALL', 'f2', '0'],
    [2, 'FUNCTION', 'DELETE', 'nosuch'],
    [2, 'FUNCTION', 'DELETE', 'lib'],
    [2, 'FCALL', 'f2', '0'],
    [2, 'FUNCTION', 'FLUSH', 'bad'],
    [2, 'FUNCTION', 'RESTORE', 'abc'],
    [2, 'FUNCTION', 'RESTORE', 'abc', 'bad'],
    [2, 'FUNCTION', 'RESTORE', 'DUMPED'],
    [2, 'FCALL', 'dumped_echo', '0', 'restored'],
    [2, 'FUNCTION', 'RESTORE', 'DUMPED'],
    [2, 'FUNCTION', 'RESTORE', 'DUMPED', 'REPLACE'],
    [2, 'FUNCTION', 'RESTORE', 'DUMPED', 'FLUSH'],
    [2, 'FUNCTION', 'LIST'],
    [2, 'FUNCTION', 'FLUSH'],
    [2, 'FUNCTION', 'LIST'],
    [2, 'FUNCTION', 'HELP'],
]


class Conn:
    def __init__(self, proto):
        self.s = socket.create_connection(('127.0.0.1', PORT))
        self.f = self.s.makefile('rb')
        if proto == 3:
            self.cmd([b'HELLO', b'3'])

    def cmd(self, args):
        out = b'*%d\r\n' % len(args)
        for a in args:
            out += b'$%d\r\n%s\r\n' % (len(a), a)
        self.s.sendall(out)
        return self.read()

    def read(self):
        line = self.f.readline()
        t = line[:1]
        if t in b'+-:,#_(':
            return line
        if t in b'$=!':
            n = int(line[1:-2])
            return line if n < 0 else line + self.f.read(n + 2)
        if t in b'*%~>|':
            n = int(line[1:-2])
            if n < 0:
                return line
            if t in b'%|':
                n *= 2
            return line + b''.join(self.read() for _ in range(n))
        raise ValueError(line)


def escape(b):
    out = []
    for c in b:
        ch = chr(c)
        if ch == '\\':
            out.append('\\\\')
        elif ch == '\r':
            out.append('\\r')
        elif ch == '\n':
            out.append('\\n')
        elif ch == '\t':
            out.append('\\t')
        elif 32 <= c < 127:
            out.append(ch)
        else:
            out.append('\\x%02x' % c)
    return ''.join(out)


def main():
    conns = {2: Conn(2), 3: Conn(3)}
    dump = None
    # The dump to restore: made by this server from DUMPED_LIB, then flushed again.
    c = conns[2]
    c.cmd([b'FUNCTION', b'FLUSH'])
    c.cmd([b'FUNCTION', b'LOAD', DUMPED_LIB.encode()])
    raw = c.cmd([b'FUNCTION', b'DUMP'])
    dump = raw[raw.index(b'\r\n') + 2:-2]
    c.cmd([b'FUNCTION', b'FLUSH'])
    for case in CASES:
        args = [a.encode() for a in case[1:]]
        args = [b'hex:' + dump.hex().encode() if a == b'DUMPED' else a for a in args]
        sent = [bytes.fromhex(a[4:].decode()) if a.startswith(b'hex:') else a for a in args]
        reply = conns[case[0]].cmd(sent)
        shown = [case[0]] + [a.decode() for a in args]
        sys.stdout.write(json.dumps(shown) + '\t' + escape(reply) + '\n')


if __name__ == '__main__':
    main()
