package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import org.junit.jupiter.api.Test;

class StringCommandsTest extends EngineTestBase {
  /** The RESP type of each reply, which the rendered form of `is` does not pin down. */
  @Test
  void replyTypesAreRedisOwn() {
    assertEquals(Reply.OK, run("set", "k", "1"));
    assertInstanceOf(Reply.Bulk.class, run("get", "k"));
    assertInstanceOf(Reply.Int.class, run("incr", "k"));
    assertInstanceOf(Reply.Bulk.class, run("incrbyfloat", "k", "0.5"));
    assertEquals(Reply.NULL, run("get", "missing"));
    assertInstanceOf(Reply.Err.class, run("incr", "missing", "extra"));
  }

  @Test
  void getSet() {
    is("(nil)", "get", "k");
    is("OK", "set", "k", "v");
    is("\"v\"", "GET", "k");
    is("OK", "set", "k", "w");
    is("\"w\"", "get", "k");
  }

  @Test
  void setOptions() {
    is("(nil)", "set", "k", "v", "xx");
    is("OK", "set", "k", "v", "nx");
    is("(nil)", "set", "k", "v2", "nx");
    is("\"v\"", "set", "k", "v2", "nx", "get");
    is("OK", "set", "k", "v3", "xx");
    is("\"v3\"", "set", "k", "v4", "get");
    is("(nil)", "set", "n", "v", "get");
    is("\"v4\"", "get", "k");
    is("(nil)", "set", "missing", "v", "xx", "get");
    is("(nil)", "get", "missing");
  }

  @Test
  void setSyntaxErrors() {
    err("ERR syntax error", "set", "k", "v", "nx", "xx");
    err("ERR syntax error", "set", "k", "v", "ex", "10", "px", "100");
    err("ERR syntax error", "set", "k", "v", "ex");
    err("ERR syntax error", "set", "k", "v", "keepttl", "ex", "10");
    err("ERR syntax error", "set", "k", "v", "foo");
    err("ERR syntax error", "set", "k", "v", "persist");
    err("ERR value is not an integer or out of range", "set", "k", "v", "ex", "1.5");
    err("ERR invalid expire time in 'set' command", "set", "k", "v", "ex", "0");
    err("ERR invalid expire time in 'set' command", "set", "k", "v", "px", "-1");
    err("ERR invalid expire time in 'set' command", "set", "k", "v", "ex",
        "9223372036854775");
    err("ERR invalid expire time in 'set' command", "set", "k", "v", "px",
        "9223372036854775807");
    is("OK", "set", "k", "v", "ex", "10", "ex", "20");
    is(":20", "ttl", "k");
    err("ERR wrong number of arguments for 'set' command", "set", "k");
    is("(nil)", "get", "nothing");
  }

  @Test
  void setExpiry() {
    is("OK", "set", "k", "v", "px", "1500");
    is(":1500", "pttl", "k");
    is(":2", "ttl", "k");
    is("OK", "set", "k", "v2", "keepttl");
    is(":1500", "pttl", "k");
    is("OK", "set", "k", "v3");
    is(":-1", "ttl", "k");
    is("OK", "set", "k", "v", "exat", Long.toString(now / 1000 + 100));
    is(":" + ((now / 1000 + 100) * 1000), "pexpiretime", "k");
    is("OK", "set", "k", "v", "pxat", Long.toString(now + 5));
    is(":" + (now + 5), "pexpiretime", "k");
    // a deadline in the past: the key is gone at once
    is("OK", "set", "old", "v", "pxat", "1");
    is("(nil)", "get", "old");
    is(":-2", "ttl", "old");
  }

  @Test
  void setnxSetexPsetex() {
    is(":1", "setnx", "k", "v");
    is(":0", "setnx", "k", "w");
    is("\"v\"", "get", "k");
    is("OK", "setex", "e", "10", "v");
    is(":10", "ttl", "e");
    is("OK", "psetex", "p", "1000", "v");
    is(":1000", "pttl", "p");
    err("ERR invalid expire time in 'setex' command", "setex", "e", "0", "v");
    err("ERR invalid expire time in 'psetex' command", "psetex", "e", "-5", "v");
    err("ERR value is not an integer or out of range", "setex", "e", "x", "v");
    err("ERR wrong number of arguments for 'setex' command", "setex", "e", "1");
  }

  @Test
  void msetMget() {
    is("OK", "mset", "a", "1", "b", "2");
    is("[\"1\", \"2\", (nil)]", "mget", "a", "b", "c");
    err("ERR wrong number of arguments for 'mset' command", "mset", "a", "1", "b");
    err("ERR wrong number of arguments for 'mset' command", "mset", "a");
    is(":0", "msetnx", "a", "9", "c", "3");
    is("(nil)", "get", "c");
    is(":1", "msetnx", "c", "3", "d", "4");
    err("ERR wrong number of arguments for 'msetnx' command", "msetnx", "a", "1", "b");
    engine.putRaw(EngineTestBase.argv("h")[0], new Object());
    is("[\"1\", (nil)]", "mget", "a", "h");
  }

  @Test
  void getsetGetdel() {
    is("(nil)", "getset", "k", "v");
    is("\"v\"", "getset", "k", "w");
    is("OK", "set", "t", "v", "ex", "100");
    is("\"v\"", "getset", "t", "x");
    is(":-1", "ttl", "t");
    is("\"w\"", "getdel", "k");
    is("(nil)", "getdel", "k");
    is(":0", "exists", "k");
  }

  @Test
  void getex() {
    is("(nil)", "getex", "k");
    is("(nil)", "getex", "k", "ex", "0"); // the time is checked only once the key is found
    is("OK", "set", "k", "v");
    is("\"v\"", "getex", "k", "ex", "100");
    is(":100", "ttl", "k");
    is("\"v\"", "getex", "k", "persist");
    is(":-1", "ttl", "k");
    is("\"v\"", "getex", "k", "px", "2500");
    is(":2500", "pttl", "k");
    err("ERR invalid expire time in 'getex' command", "getex", "k", "ex", "0");
    err("ERR syntax error", "getex", "k", "ex", "10", "persist");
    err("ERR syntax error", "getex", "k", "nx");
    err("ERR syntax error", "getex", "k", "keepttl");
    is("\"v\"", "getex", "k", "pxat", "5");
    is(":0", "exists", "k");
  }

  @Test
  void appendStrlenRanges() {
    is(":2", "append", "k", "ab");
    is(":5", "append", "k", "cde");
    is(":5", "strlen", "k");
    is(":0", "strlen", "none");
    is("\"abcde\"", "getrange", "k", "0", "-1");
    is("\"bcd\"", "getrange", "k", "1", "3");
    is("\"de\"", "getrange", "k", "-2", "100");
    is("\"\"", "getrange", "k", "-1", "-3");
    is("\"\"", "getrange", "k", "4", "2");
    is("\"\"", "getrange", "none", "0", "1");
    is("\"abc\"", "substr", "k", "0", "2");
    err("ERR value is not an integer or out of range", "getrange", "k", "a", "1");
    is(":5", "setrange", "k", "1", "XY");
    is("\"aXYde\"", "get", "k");
    is(":9", "setrange", "k", "7", "zz");
    bytesEq("aXYde\0\0zz", ((Reply.Bulk) run("get", "k")).bytes());
    is(":4", "setrange", "new", "2", "ab");
    is(":0", "setrange", "empty", "5", "");
    is(":0", "exists", "empty");
    is(":9", "setrange", "k", "1", "");
    err("ERR offset is out of range", "setrange", "k", "-1", "x");
    err("ERR string exceeds maximum allowed size (proto-max-bulk-len)", "setrange", "k",
        "536870912", "x");
  }

  @Test
  void counters() {
    is(":1", "incr", "n");
    is(":0", "decr", "n");
    is(":10", "incrby", "n", "10");
    is(":7", "decrby", "n", "3");
    err("ERR value is not an integer or out of range", "incrby", "n", "x");
    err("ERR value is not an integer or out of range", "incrby", "n", "+1");
    err("ERR value is not an integer or out of range", "incrby", "n", " 1");
    err("ERR decrement would overflow", "decrby", "n", "-9223372036854775808");
    is("OK", "set", "n", "9223372036854775807");
    err("ERR increment or decrement would overflow", "incr", "n");
    is("OK", "set", "n", "-9223372036854775808");
    err("ERR increment or decrement would overflow", "decr", "n");
    is("OK", "set", "s", "abc");
    err("ERR value is not an integer or out of range", "incr", "s");
    is("OK", "set", "s", "007");
    err("ERR value is not an integer or out of range", "incr", "s");
    is("OK", "set", "t", "5", "ex", "100");
    is(":6", "incr", "t");
    is(":100", "ttl", "t");
  }

  @Test
  void incrbyfloat() {
    is("\"10.5\"", "incrbyfloat", "f", "10.5");
    is("\"10.6\"", "incrbyfloat", "f", "0.1");
    is("\"100000000000000000008\"", "incrbyfloat", "f", "1e20");
    is("OK", "set", "g", "0.1");
    is("\"0.3\"", "incrbyfloat", "g", "0.2");
    is("\"5000\"", "incrbyfloat", "h", "5.0e3");
    is("\"0\"", "incrbyfloat", "z", "-0");
    is("\"3\"", "incrbyfloat", "h2", "3.0");
    is("\"-1.5\"", "incrbyfloat", "h3", "-1.5");
    err("ERR value is not a valid float", "incrbyfloat", "f", "abc");
    err("ERR value is not a valid float", "incrbyfloat", "f", "nan");
    err("ERR value is not a valid float", "incrbyfloat", "f", " 1");
    err("ERR increment would produce NaN or Infinity", "incrbyfloat", "f", "inf");
    err("ERR value is not a valid float", "incrbyfloat", "f", "1e5000");
    is("OK", "set", "s", "x");
    err("ERR value is not a valid float", "incrbyfloat", "s", "1");
    engine.putRaw(EngineTestBase.argv("h")[0], new Object());
    err(Errors.WRONGTYPE, "incrbyfloat", "h", "notanumber");
  }

  @Test
  void wrongType() {
    engine.putRaw(EngineTestBase.argv("h")[0], new Object());
    String wt = Errors.WRONGTYPE;
    err(wt, "get", "h");
    err(wt, "set", "h", "v", "get");
    err(wt, "getset", "h", "v");
    err(wt, "getdel", "h");
    err(wt, "getex", "h");
    err(wt, "append", "h", "x");
    err(wt, "strlen", "h");
    err(wt, "getrange", "h", "0", "1");
    err(wt, "setrange", "h", "0", "1");
    err(wt, "incr", "h");
    is("unknown", "type", "h");
    is("OK", "set", "h", "v");
    is("string", "type", "h");
  }

  @Test
  void unknownCommandAndArity() {
    err("ERR unknown command 'foo', with args beginning with: 'a' 'b' ", "foo", "a", "b");
    err("ERR unknown command 'foo', with args beginning with: ", "foo");
    err("ERR wrong number of arguments for 'get' command", "GET");
    err("ERR wrong number of arguments for 'get' command", "get", "a", "b");
    err("ERR unknown subcommand 'foo'. Try COMMAND HELP.", "command", "foo");
    err("ERR wrong number of arguments for 'command|getkeys' command", "command", "getkeys",
        "ping");
  }
}
