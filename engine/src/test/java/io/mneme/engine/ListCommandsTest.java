package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The list commands. The expected replies of the scenario tests were produced by redis-server
 * 7.0.15 from the same commands (RedisDiffTest replays longer random sequences).
 */
class ListCommandsTest extends EngineTestBase {
  @Test
  void pushAndLength() {
    is(":3", "rpush", "l", "a", "b", "c");
    is(":5", "lpush", "l", "x", "y");
    is("[\"y\", \"x\", \"a\", \"b\", \"c\"]", "lrange", "l", "0", "-1");
    is(":5", "llen", "l");
    is(":0", "llen", "nokey");
    is(":0", "lpushx", "nokey", "a");
    is(":0", "rpushx", "nokey", "a");
    is(":0", "exists", "nokey");
    is(":7", "lpushx", "l", "1", "2");
    is(":8", "rpushx", "l", "3");
    is("[\"2\", \"1\", \"y\", \"x\", \"a\", \"b\", \"c\", \"3\"]", "lrange", "l", "0", "-1");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lpush", "s", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "rpushx", "s", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "llen", "s");
    is("list", "type", "l");
  }

  @Test
  void popWithAndWithoutCount() {
    is(":5", "rpush", "l", "a", "b", "c", "d", "e");
    is("\"a\"", "lpop", "l");
    is("\"e\"", "rpop", "l");
    is("[\"b\", \"c\"]", "lpop", "l", "2");
    is("[]", "rpop", "l", "0");
    is("[\"d\"]", "lpop", "l", "10");
    is(":0", "exists", "l");
    is("(nil)", "lpop", "nokey");
    is("(nil)", "lpop", "nokey", "0");
    is("(nil)", "rpop", "nokey", "3");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lpop", "s");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lpop", "s", "0");
    err("ERR value is out of range, must be positive", "lpop", "s", "-1");
    err("ERR value is out of range, must be positive", "lpop", "l", "-1");
    err("ERR value is out of range, must be positive", "lpop", "l", "abc");
    err("ERR wrong number of arguments for 'lpop' command", "lpop", "l", "1", "2");
    err("ERR value is out of range, must be positive", "rpop", "l", "9223372036854775808");
  }

  @Test
  void indexSetRange() {
    is(":5", "rpush", "l", "a", "b", "c", "d", "e");
    is("\"a\"", "lindex", "l", "0");
    is("\"e\"", "lindex", "l", "-1");
    is("(nil)", "lindex", "l", "5");
    is("(nil)", "lindex", "l", "-6");
    is("(nil)", "lindex", "nokey", "x");
    err("ERR value is not an integer or out of range", "lindex", "l", "x");
    is("OK", "lset", "l", "1", "B");
    is("OK", "lset", "l", "-1", "E");
    err("ERR index out of range", "lset", "l", "5", "x");
    err("ERR index out of range", "lset", "l", "-6", "x");
    err("ERR no such key", "lset", "nokey", "0", "x");
    err("ERR no such key", "lset", "nokey", "x", "x");
    err("ERR value is not an integer or out of range", "lset", "l", "x", "x");
    is("[\"a\", \"B\", \"c\", \"d\", \"E\"]", "lrange", "l", "0", "-1");
    is("[\"d\", \"E\"]", "lrange", "l", "-2", "-1");
    is("[\"a\", \"B\", \"c\", \"d\", \"E\"]", "lrange", "l", "-100", "100");
    is("[]", "lrange", "l", "3", "1");
    is("[]", "lrange", "l", "5", "10");
    is("[]", "lrange", "l", "-1", "-3");
    is("[]", "lrange", "nokey", "0", "-1");
    err("ERR value is not an integer or out of range", "lrange", "l", "x", "1");
    err("ERR value is not an integer or out of range", "lrange", "nokey", "x", "1");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lindex", "s", "0");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lindex", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lset", "s", "0", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "lrange", "s", "0", "1");
  }

  @Test
  void trim() {
    is(":5", "rpush", "l", "a", "b", "c", "d", "e");
    is("OK", "ltrim", "l", "1", "-2");
    is("[\"b\", \"c\", \"d\"]", "lrange", "l", "0", "-1");
    is("OK", "ltrim", "l", "-1", "100");
    is("[\"d\"]", "lrange", "l", "0", "-1");
    is("OK", "ltrim", "l", "1", "0");
    is(":0", "exists", "l");
    is(":3", "rpush", "l", "a", "b", "c");
    is("OK", "ltrim", "l", "5", "10");
    is(":0", "exists", "l");
    is("OK", "ltrim", "nokey", "0", "1");
    err("ERR value is not an integer or out of range", "ltrim", "nokey", "x", "1");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "ltrim", "s", "0", "1");
  }

  @Test
  void remove() {
    is(":7", "rpush", "l", "a", "b", "a", "c", "a", "d", "a");
    is(":2", "lrem", "l", "2", "a");
    is("[\"b\", \"c\", \"a\", \"d\", \"a\"]", "lrange", "l", "0", "-1");
    is(":1", "lrem", "l", "-1", "a");
    is("[\"b\", \"c\", \"a\", \"d\"]", "lrange", "l", "0", "-1");
    is(":0", "lrem", "l", "0", "zz");
    is(":1", "lrem", "l", "0", "a");
    is("[\"b\", \"c\", \"d\"]", "lrange", "l", "0", "-1");
    is(":0", "lrem", "nokey", "0", "a");
    err("ERR value is not an integer or out of range", "lrem", "l", "x", "a");
    err("ERR value is not an integer or out of range", "lrem", "nokey", "x", "a");
    is(":3", "rpush", "l2", "a", "a", "a");
    is(":3", "lrem", "l2", "-9223372036854775808", "a");
    is(":0", "exists", "l2");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lrem", "s", "0", "a");
  }

  @Test
  void insert() {
    is(":3", "rpush", "l", "a", "b", "c");
    is(":4", "linsert", "l", "before", "b", "x");
    is(":5", "linsert", "l", "AFTER", "c", "y");
    is(":-1", "linsert", "l", "after", "zz", "q");
    is(":0", "linsert", "nokey", "before", "a", "x");
    err("ERR syntax error", "linsert", "l", "middle", "a", "b");
    err("ERR syntax error", "linsert", "nokey", "middle", "a", "b");
    is("[\"a\", \"x\", \"b\", \"c\", \"y\"]", "lrange", "l", "0", "-1");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "linsert", "s", "before", "a", "x");
  }

  @Test
  void lpos() {
    is(":7", "rpush", "l", "a", "b", "c", "a", "b", "c", "a");
    is(":0", "lpos", "l", "a");
    is(":3", "lpos", "l", "a", "rank", "2");
    is(":6", "lpos", "l", "a", "rank", "-1");
    is("[:3, :0]", "lpos", "l", "a", "rank", "-2", "count", "0");
    is("[:0, :3]", "lpos", "l", "a", "count", "2");
    is("[:0]", "lpos", "l", "a", "count", "0", "maxlen", "3");
    is("[:3, :6]", "lpos", "l", "a", "rank", "2", "count", "2");
    is("(nil)", "lpos", "l", "a", "rank", "5");
    is("[:0]", "lpos", "l", "a", "count", "2", "count", "1");
    is("(nil)", "lpos", "l", "zz");
    is("[]", "lpos", "l", "zz", "count", "0");
    is("(nil)", "lpos", "l", "a", "rank", "9223372036854775807");
    is("[]", "lpos", "l", "a", "rank", "-9223372036854775807", "count", "1");
    is(":6", "lpos", "l", "a", "rank", "-9223372036854775808");
    is("[:6, :3, :0]", "lpos", "l", "a", "rank", "-9223372036854775808", "count", "1");
    is("[:6, :3]", "lpos", "l", "a", "rank", "-9223372036854775808", "count", "2", "maxlen", "4");
    is("(nil)", "lpos", "nokey", "a");
    is("[]", "lpos", "nokey", "a", "count", "0");
    err(Errors.RANK_ZERO, "lpos", "l", "a", "rank", "0");
    err("ERR value is not an integer or out of range", "lpos", "l", "a", "rank", "x");
    err("ERR value is not an integer or out of range",
        "lpos", "l", "a", "rank", "99999999999999999999");
    err("ERR COUNT can't be negative", "lpos", "l", "a", "count", "-1");
    err("ERR COUNT can't be negative", "lpos", "l", "a", "count", "x");
    err("ERR MAXLEN can't be negative", "lpos", "l", "a", "maxlen", "-1");
    err("ERR MAXLEN can't be negative", "lpos", "l", "a", "maxlen", "x");
    err("ERR syntax error", "lpos", "l", "a", "foo");
    err("ERR syntax error", "lpos", "l", "a", "rank");
    err(Errors.RANK_ZERO, "lpos", "nokey", "a", "rank", "0");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "lpos", "s", "a");
    err(Errors.RANK_ZERO, "lpos", "s", "a", "rank", "0");
  }

  @Test
  void moveAndRotate() {
    is(":3", "rpush", "src", "a", "b", "c");
    is("\"a\"", "lmove", "src", "dst", "left", "right");
    is("\"c\"", "lmove", "src", "dst", "RIGHT", "LEFT");
    is("[\"c\", \"a\"]", "lrange", "dst", "0", "-1");
    is("[\"b\"]", "lrange", "src", "0", "-1");
    is("\"b\"", "lmove", "src", "src", "left", "right");
    is("\"b\"", "lmove", "src", "dst", "left", "left");
    is(":0", "exists", "src");
    is("[\"b\", \"c\", \"a\"]", "lrange", "dst", "0", "-1");
    is("(nil)", "lmove", "nokey", "dst", "left", "left");
    is("\"a\"", "rpoplpush", "dst", "dst");
    is("[\"a\", \"b\", \"c\"]", "lrange", "dst", "0", "-1");
    is("\"c\"", "rpoplpush", "dst", "other");
    is("[\"c\"]", "lrange", "other", "0", "-1");
    err("ERR syntax error", "lmove", "dst", "x", "up", "left");
    err("ERR syntax error", "lmove", "dst", "x", "left", "down");
    err("ERR syntax error", "lmove", "nokey", "x", "up", "left");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "lmove", "s", "dst", "left", "left");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "lmove", "dst", "s", "left", "left");
    is("[\"a\", \"b\"]", "lrange", "dst", "0", "-1");
    is("(nil)", "lmove", "nokey", "s", "left", "left");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "rpoplpush", "s", "dst");
  }

  @Test
  void lmpop() {
    is(":3", "rpush", "l1", "a", "b", "c");
    is(":2", "rpush", "l2", "d", "e");
    is("[\"l1\", [\"a\"]]", "lmpop", "2", "nokey", "l1", "left");
    is("[\"l1\", [\"c\", \"b\"]]", "lmpop", "2", "l1", "l2", "RIGHT", "COUNT", "5");
    is("[\"l2\", [\"d\"]]", "lmpop", "2", "l1", "l2", "left", "count", "1");
    is("[\"l2\", [\"e\"]]", "lmpop", "1", "l2", "left", "count", "9223372036854775807");
    is(":0", "exists", "l2");
    is("(nil)", "lmpop", "2", "nokey", "nokey2", "left");
    err("ERR numkeys should be greater than 0", "lmpop", "0", "l1", "left");
    err("ERR numkeys should be greater than 0", "lmpop", "-1", "l1", "left");
    err("ERR numkeys should be greater than 0", "lmpop", "x", "l1", "left");
    err("ERR syntax error", "lmpop", "2", "l1", "left");
    err("ERR syntax error", "lmpop", "99999999999", "l1", "left");
    err("ERR syntax error", "lmpop", "1", "l1", "middle");
    err("ERR count should be greater than 0", "lmpop", "1", "l1", "left", "count", "0");
    err("ERR count should be greater than 0", "lmpop", "1", "l1", "left", "count", "-1");
    err("ERR count should be greater than 0", "lmpop", "1", "l1", "left", "count", "x");
    err("ERR count should be greater than 0",
        "lmpop", "1", "l1", "left", "count", "9223372036854775808");
    err("ERR syntax error", "lmpop", "1", "l1", "left", "count", "1", "count", "1");
    err("ERR syntax error", "lmpop", "1", "l1", "left", "foo");
    err("ERR syntax error", "lmpop", "1", "l1", "left", "count");
    is("OK", "set", "s", "x");
    is(":1", "rpush", "l3", "z");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "lmpop", "2", "s", "l3", "left");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "lmpop", "2", "nokey", "s", "left");
    is("[\"l3\", [\"z\"]]", "lmpop", "2", "l3", "s", "left");
  }

  @Test
  void blockingServeAtOnce() {
    is(":3", "rpush", "l1", "a", "b", "c");
    is(":1", "rpush", "l2", "d");
    is("[\"l1\", \"a\"]", "blpop", "nokey", "l1", "l2", "0");
    is("[\"l2\", \"d\"]", "brpop", "nokey", "l2", "l1", "0.5");
    is(":0", "exists", "l2");
    is("[\"l1\", \"c\"]", "brpop", "l1", "1");
    is("\"b\"", "blmove", "l1", "dst", "right", "left", "0");
    is("\"b\"", "brpoplpush", "dst", "l1", "0");
    is("[\"b\"]", "lrange", "l1", "0", "-1");
    is("[\"l1\", [\"b\"]]", "blmpop", "0", "2", "nokey", "l1", "right", "count", "5");
    is(":0", "exists", "l1");
    is(":2", "rpush", "l1", "x", "y");
    is("[\"l1\", [\"x\"]]", "blmpop", "0.1", "1", "l1", "LEFT");
    is("OK", "set", "s", "x");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "blpop", "s", "0");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "blpop", "nokey", "s", "0");
    is(":1", "rpush", "l3", "z");
    is("[\"l3\", \"z\"]", "blpop", "l3", "s", "0");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "brpoplpush", "s", "l1", "0");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "blmove", "l1", "s", "left", "left", "0");
    is("[\"y\"]", "lrange", "l1", "0", "-1");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "blmpop", "0", "2", "nokey", "s", "left");
  }

  @Test
  void blockingTimeoutValidation() {
    is(":16", "rpush", "l", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m",
        "n", "o", "p");
    err("ERR timeout is negative", "blpop", "l", "1e300");
    err("ERR timeout is negative", "blpop", "l", "inf");
    err("ERR timeout is negative", "blpop", "l", "-inf");
    is("[\"l\", \"a\"]", "blpop", "l", "-0.0001");
    is("[\"l\", \"b\"]", "blpop", "l", "-0");
    err("ERR timeout is not a float or out of range", "blpop", "l", "nan");
    is("[\"l\", \"c\"]", "blpop", "l", "0x10");
    err("ERR timeout is not a float or out of range", "blpop", "l", " 1");
    err("ERR timeout is negative", "blpop", "l", "1e18");
    err("ERR timeout is negative", "blpop", "l", "9.3e15");
    is("[\"l\", \"d\"]", "blpop", "l", "1.5");
    err("ERR timeout is not a float or out of range", "blpop", "l", "abc");
    err("ERR timeout is not a float or out of range", "blpop", "l", "");
    is("[\"l\", \"e\"]", "blpop", "l", "1e-400");
    err("ERR timeout is negative", "blpop", "l", "1e4000");
    err("ERR timeout is not a float or out of range", "blpop", "l", "1e5000");
    err("ERR timeout is negative", "blpop", "l", "-1");
    is("[\"l\", \"f\"]", "blpop", "l", "-0.001");
    err("ERR timeout is not a float or out of range", "blmove", "l", "l", "left", "right", "x");
    err("ERR syntax error", "blmove", "l", "l", "up", "right", "1");
    err("ERR timeout is negative", "blmove", "l", "l", "left", "right", "-1");
    err("ERR timeout is negative", "brpoplpush", "l", "l", "-1");
    err("ERR timeout is not a float or out of range", "blmpop", "x", "1", "l", "left");
    err("ERR timeout is negative", "blmpop", "-1", "1", "l", "left");
    err("ERR numkeys should be greater than 0", "blmpop", "x", "0", "l", "left");
    err("ERR syntax error", "blmpop", "-1", "1", "l", "up");
    err("ERR numkeys should be greater than 0", "blmpop", "0", "0", "l", "left");
    err("ERR count should be greater than 0", "blmpop", "0", "1", "l", "left", "count", "0");
    err("ERR syntax error", "blmpop", "0", "2", "l", "left");
  }


  @Test
  void rankZeroText() {
    assertEquals("ERR RANK can't be zero: use 1 to start from the first match, 2 from the second"
        + " ... or use negative to start from the end of the list", Errors.RANK_ZERO);
  }

  /** RESP2 tells a null bulk from a null array: the shapes Redis 7.0 uses. */
  @Test
  void nullShapes() {
    assertSame(Reply.NULL, run("lpop", "nokey"));
    assertSame(Reply.NULL_ARRAY, run("lpop", "nokey", "1"));
    assertSame(Reply.NULL_ARRAY, run("rpop", "nokey", "0"));
    assertSame(Reply.NULL_ARRAY, run("lmpop", "1", "nokey", "left"));
    assertSame(Reply.NULL, run("lpos", "nokey", "a"));
    assertSame(Reply.NULL, run("lindex", "nokey", "0"));
    assertSame(Reply.NULL, run("lmove", "nokey", "x", "left", "left"));
    assertSame(Reply.NULL, run("rpoplpush", "nokey", "x"));
    run("rpush", "l", "a");
    assertSame(Reply.EMPTY_ARRAY, run("lpop", "l", "0"));
    assertSame(Reply.NULL, run("lpos", "l", "zz"));
    assertTrue(run("lpos", "l", "zz", "count", "0") instanceof Reply.Arr);
  }

  /** Nothing to serve: BLOCKED, and no key changes (the destination is not even checked). */
  @Test
  void blockingWithNothingToServe() {
    run("set", "s", "x");
    assertSame(Reply.BLOCKED, run("blpop", "nokey", "0"));
    assertSame(Reply.BLOCKED, run("brpop", "a", "b", "1.5"));
    assertSame(Reply.BLOCKED, run("blmove", "nokey", "s", "left", "right", "0"));
    assertSame(Reply.BLOCKED, run("brpoplpush", "nokey", "s", "0"));
    assertSame(Reply.BLOCKED, run("blmpop", "0", "2", "a", "b", "left", "count", "3"));
    is(":1", "dbsize");
    is("\"x\"", "get", "s");
  }

  @Test
  void validatorsRejectBeforeTheLog() {
    CommandTable t = engine.commands();
    assertEquals(Errors.SYNTAX, text(t.reject(argv("linsert", "k", "middle", "a", "b"))));
    assertEquals(Errors.NOT_POSITIVE, text(t.reject(argv("lpop", "k", "-1"))));
    assertEquals(Errors.wrongArity("rpop"), text(t.reject(argv("rpop", "k", "1", "2"))));
    assertEquals(Errors.NUMKEYS_NOT_POSITIVE, text(t.reject(argv("lmpop", "0", "k", "left"))));
    assertEquals(Errors.TIMEOUT_NEGATIVE, text(t.reject(argv("blpop", "k", "-1"))));
    assertEquals(Errors.SYNTAX, text(t.reject(argv("lmove", "a", "b", "up", "left"))));
    assertEquals(Errors.NOT_INTEGER, text(t.reject(argv("lrem", "k", "x", "a"))));
    assertEquals(Errors.NOT_INTEGER, text(t.reject(argv("ltrim", "k", "0", "x"))));
    // LSET and LINDEX look the key up first, so a bad index on no key is not a syntax error.
    assertEquals(null, t.reject(argv("lset", "k", "x", "v")));
    assertEquals(null, t.reject(argv("lindex", "k", "x")));
  }

  private static String text(Reply r) {
    return r == null ? null : ((Reply.Err) r).text();
  }

  /** LMPOP and BLMPOP find their keys through the count (a keynum key spec). */
  @Test
  void movableKeys() {
    CommandSpec lmpop = engine.commands().lookup("lmpop");
    assertTrue(lmpop.flags().contains(CommandFlag.MOVABLEKEYS));
    assertArrayEquals(new int[] {2, 3}, lmpop.keyPositions(argv("lmpop", "2", "a", "b", "left")));
    assertArrayEquals(new int[0], lmpop.keyPositions(argv("lmpop", "5", "a", "b", "left")));
    assertArrayEquals(new int[0], lmpop.keyPositions(argv("lmpop", "x", "a", "b", "left")));
    CommandSpec blmpop = engine.commands().lookup("blmpop");
    assertArrayEquals(new int[] {3, 4},
        blmpop.keyPositions(argv("blmpop", "0", "2", "a", "b", "left")));
    assertTrue(!engine.commands().lookup("blpop").flags().contains(CommandFlag.MOVABLEKEYS));
    assertArrayEquals(new int[] {1, 2},
        engine.commands().lookup("blpop").keyPositions(argv("blpop", "a", "b", "0")));
    is("[\"a\", \"b\"]", "command", "getkeys", "lmpop", "2", "a", "b", "left");
    is("[\"a\", \"b\"]", "command", "getkeys", "blmpop", "0", "2", "a", "b", "left");
    err("ERR Invalid arguments specified for command", "command", "getkeys", "lmpop", "5", "a",
        "b", "left");
    // As COMMAND INFO LMPOP shows on Redis 7.0.15.
    is("[[\"lmpop\", :-4, [write, movablekeys], :0, :0, :0, [@write, @list, @slow], [],"
        + " [{\"flags\", [RW, access, delete], \"begin_search\", {\"type\", \"index\","
        + " \"spec\", {\"index\", :1}}, \"find_keys\", {\"type\", \"keynum\", \"spec\","
        + " {\"keynumidx\", :0, \"firstkey\", :1, \"keystep\", :1}}}], []]]",
        "command", "info", "lmpop");
  }

  @Test
  void encodingIsAlwaysQuicklist() {
    run("rpush", "small", "a");
    ListValue small = (ListValue) engine.keyspace.find(bytes("small")).value;
    assertEquals("quicklist", small.encoding());
    assertEquals("list", small.typeName());
    assertEquals(1, small.nodeCount());
    for (int i = 0; i < 2000; i++) {
      run("rpush", "big", "element-" + i + "-" + "x".repeat(20));
    }
    ListValue big = (ListValue) engine.keyspace.find(bytes("big")).value;
    assertEquals("quicklist", big.encoding());
    assertTrue(big.nodeCount() > 1, "nodes " + big.nodeCount());
    big.checkInvariants();
    is("list", "type", "big");
  }

  /** A list costs about one packed array: two length bytes per short element, not an object. */
  @Test
  void smallListsArePacked() {
    ListValue l = new ListValue();
    for (int i = 0; i < 100; i++) {
      l.push(bytes("v" + i), false);
    }
    assertEquals(1, l.nodeCount());
    // 100 elements of 2-3 bytes: 4-5 bytes each packed, plus the growth slack and the objects.
    assertTrue(l.footprintBytes() < 100 * 5 * 3 / 2 + 128, "bytes " + l.footprintBytes());
  }

  @Test
  void wrongTypeEverywhere() {
    run("set", "s", "x");
    String wrong = Errors.WRONGTYPE;
    for (String[] c : new String[][] {{"lpush", "s", "a"}, {"rpushx", "s", "a"},
        {"lpop", "s"}, {"rpop", "s", "2"}, {"llen", "s"}, {"lindex", "s", "0"},
        {"lset", "s", "0", "a"}, {"lrange", "s", "0", "1"}, {"ltrim", "s", "0", "1"},
        {"lrem", "s", "0", "a"}, {"linsert", "s", "before", "a", "b"}, {"lpos", "s", "a"},
        {"lmove", "s", "d", "left", "left"}, {"rpoplpush", "s", "d"}, {"lmpop", "1", "s", "left"},
        {"blpop", "s", "0"}, {"brpop", "s", "0"}, {"blmove", "s", "d", "left", "left", "0"},
        {"brpoplpush", "s", "d", "0"}, {"blmpop", "0", "1", "s", "left"}}) {
      err(wrong, c);
    }
    run("rpush", "l", "a");
    err(wrong, "get", "l");
    err(wrong, "append", "l", "x");
  }

  @Test
  void keepsTheDeadlineOnChanges() {
    run("rpush", "l", "a", "b", "c");
    run("pexpire", "l", "100000");
    run("lpush", "l", "x");
    run("lset", "l", "0", "y");
    run("lrem", "l", "1", "b");
    run("ltrim", "l", "0", "5");
    is(":100000", "pttl", "l");
    run("rpush", "dst", "z");
    run("pexpire", "dst", "50000");
    run("lmove", "l", "dst", "left", "left");
    is(":50000", "pttl", "dst");
  }

  @Test
  void expiredListsAreGone() {
    run("rpush", "l", "a");
    run("pexpire", "l", "10");
    now += 11;
    is("(nil)", "lpop", "l");
    is(":0", "llen", "l");
    is(":1", "lpush", "l", "b");
    is(":-1", "pttl", "l");
  }

  @Test
  void copyIsDeep() {
    run("rpush", "l", "a", "b");
    is(":1", "copy", "l", "c");
    run("rpush", "c", "z");
    run("lset", "l", "0", "A");
    is("[\"A\", \"b\"]", "lrange", "l", "0", "-1");
    is("[\"a\", \"b\", \"z\"]", "lrange", "c", "0", "-1");
    ListValue l = (ListValue) engine.keyspace.find(bytes("l")).value;
    ListValue copy = l.copy();
    assertNotSame(l, copy);
    copy.push(bytes("q"), true);
    assertEquals(2, l.size());
    assertEquals(3, copy.size());
  }

  @Test
  void snapshotKeepsTheListAsItWas() {
    run("rpush", "l", "a", "b", "c");
    for (int i = 0; i < 50; i++) {
      run("rpush", "k" + i, "v" + i);
    }
    SnapshotCursor c = engine.openSnapshot();
    run("lpush", "l", "new");
    run("lpop", "k1");
    run("lset", "k2", "0", "changed");
    run("rpush", "fresh", "x");
    Map<String, List<String>> seen = new HashMap<>();
    while (c.next(7, (k, v, exp) -> seen.put(str(k), elements((ListValue) ValueCodec.decode(v)))))
    {
      run("rpush", "l", "more");
    }
    c.close();
    assertEquals(List.of("a", "b", "c"), seen.get("l"));
    assertEquals(List.of("v1"), seen.get("k1"));
    assertEquals(List.of("v2"), seen.get("k2"));
    assertEquals(51, seen.size());
  }

  @Test
  void codecRoundTrip() {
    SplittableRandom rnd = new SplittableRandom(7);
    for (int size : new int[] {1, 2, 100, 3000}) {
      ListValue l = new ListValue();
      List<byte[]> model = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        byte[] e = randomElement(rnd);
        l.push(e, rnd.nextBoolean());
        model.add(e);
      }
      byte[] enc = ValueCodec.encode(l);
      assertEquals(ValueCodec.TAG_LIST, enc[0]);
      ListValue back = (ListValue) ValueCodec.decode(enc);
      back.checkInvariants();
      assertEquals(l.size(), back.size());
      assertEquals(elementsHex(l), elementsHex(back));
      assertArrayEquals(enc, ValueCodec.encode(back));
    }
    byte[] good = ValueCodec.encode(listOf("a", "bc"));
    assertThrows(IllegalArgumentException.class,
        () -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length - 1)));
    assertThrows(IllegalArgumentException.class,
        () -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length + 1)));
    byte[] badVersion = good.clone();
    badVersion[1] = 99;
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(badVersion));
  }

  /** Random operations against a plain ArrayList, checking the structure after each. */
  @Test
  void randomOperationsMatchAModel() {
    SplittableRandom rnd = new SplittableRandom(11);
    ListValue l = new ListValue();
    List<String> model = new ArrayList<>();
    for (int step = 0; step < 20000; step++) {
      randomOperation(rnd, l, model);
      if (step % 50 == 0 || model.size() < 5) {
        l.checkInvariants();
        assertEquals(model, elements(l), "step " + step);
      }
    }
    l.checkInvariants();
    assertEquals(model, elements(l));
  }

  private static void randomOperation(SplittableRandom rnd, ListValue l, List<String> model) {
    int op = rnd.nextInt(10);
    String e = rnd.nextInt(20) == 0 ? "B".repeat(9000 + rnd.nextInt(3000))
        : "e" + rnd.nextInt(50) + "x".repeat(rnd.nextInt(200));
    if (op <= 2 || model.isEmpty()) {
      boolean head = rnd.nextBoolean();
      l.push(bytes(e), head);
      model.add(head ? 0 : model.size(), e);
    } else if (op == 3) {
      boolean head = rnd.nextBoolean();
      assertEquals(model.remove(head ? 0 : model.size() - 1), str(l.pop(head)));
    } else if (op == 4) {
      int i = rnd.nextInt(model.size());
      l.set(l.seek(i), bytes(e));
      model.set(i, e);
    } else if (op == 5) {
      int i = rnd.nextInt(model.size());
      boolean after = rnd.nextBoolean();
      l.insert(l.seek(i), bytes(e), after);
      model.add(after ? i + 1 : i, e);
    } else if (op == 6) {
      int i = rnd.nextInt(model.size());
      boolean forward = rnd.nextBoolean();
      ListValue.Cursor c = l.seek(i);
      boolean more = l.remove(c, forward);
      model.remove(i);
      int next = forward ? i : i - 1;
      assertEquals(next >= 0 && next < model.size(), more);
      if (more) {
        assertEquals(model.get(next), str(l.get(c)));
      }
      l.compact();
    } else if (op == 7) {
      long k = rnd.nextInt(Math.min(model.size(), 30) + 1);
      boolean head = rnd.nextBoolean();
      l.trim(k, head);
      for (long j = 0; j < k; j++) {
        model.remove(head ? 0 : model.size() - 1);
      }
    } else if (op == 8) {
      int i = rnd.nextInt(model.size());
      assertEquals(model.get(i), str(l.get(l.seek(i))));
    } else {
      int i = rnd.nextInt(model.size());
      ListValue.Cursor c = l.seek(i);
      assertTrue(l.matches(c, bytes(model.get(i))));
      if (l.previous(c)) {
        assertEquals(model.get(i - 1), str(l.get(c)));
      }
    }
  }

  private static byte[] randomElement(SplittableRandom rnd) {
    int kind = rnd.nextInt(10);
    int len = kind < 6 ? rnd.nextInt(20) : kind < 9 ? 100 + rnd.nextInt(400) : 20000;
    byte[] e = new byte[len];
    rnd.nextBytes(e);
    return e;
  }

  private static ListValue listOf(String... items) {
    ListValue l = new ListValue();
    for (String s : items) {
      l.push(bytes(s), false);
    }
    return l;
  }

  static List<String> elements(ListValue l) {
    List<String> out = new ArrayList<>();
    ListValue.Cursor c = l.head();
    for (boolean more = c != null; more; more = l.next(c)) {
      out.add(str(l.get(c)));
    }
    return out;
  }

  private static List<String> elementsHex(ListValue l) {
    List<String> out = new ArrayList<>();
    ListValue.Cursor c = l.head();
    for (boolean more = c != null; more; more = l.next(c)) {
      out.add(java.util.HexFormat.of().formatHex(l.get(c)));
    }
    return out;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** What the validator refuses before the log, the handler refuses the same way in it. */
  @Test
  void validateAndApplyAgree() {
    for (String[] a : java.util.List.of(
        new String[] {"lpop", "k", "-1"},
        new String[] {"rpop", "k", "x"},
        new String[] {"lpop", "k", "1", "2"},
        new String[] {"ltrim", "k", "x", "1"},
        new String[] {"lrem", "k", "1.5", "a"},
        new String[] {"linsert", "k", "middle", "a", "b"},
        new String[] {"lmove", "a", "b", "left", "up"},
        new String[] {"lmpop", "0", "k", "left"},
        new String[] {"lmpop", "2", "k", "left"},
        new String[] {"lmpop", "1", "k", "left", "count", "0"},
        new String[] {"lmpop", "1", "k", "left", "foo"},
        new String[] {"blpop", "k", "-1"},
        new String[] {"brpop", "k", "nan"},
        new String[] {"blmove", "a", "b", "left", "left", "-1"},
        new String[] {"brpoplpush", "a", "b", "x"},
        new String[] {"blmpop", "-1", "1", "k", "left"},
        new String[] {"blmpop", "0", "1", "k", "up"})) {
      Reply before = engine.commands().reject(argv(a));
      assertTrue(before != null && before.isError(), String.join(" ", a));
      assertEquals(show(before), show(engine.write(argv(a), now, 0)), String.join(" ", a));
    }
    assertEquals(0, engine.keyCount());
  }
}
