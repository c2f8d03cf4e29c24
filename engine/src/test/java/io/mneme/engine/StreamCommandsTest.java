package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Stream commands. Expected replies and error texts were taken from redis-server 7.0.15; the
 * broad comparison is StreamDifferentialTest, these cover time, blocking, reply types, codec,
 * snapshots and the argument corners.
 */
class StreamCommandsTest extends EngineTestBase {
  private static final String ENTRY_1 = "[\"1-1\", [\"a\", \"1\"]]";

  {
    now = 0; // these tests set small times; the engine's clock never goes back
  }

  @AfterEach
  void checkStreams() {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof StreamValue s) {
        s.checkInvariants();
      }
    });
  }

  private void abc() {
    is("\"1-1\"", "xadd", "s", "1-1", "a", "1");
    is("\"1-2\"", "xadd", "s", "1-2", "b", "2");
    is("\"2-0\"", "xadd", "s", "2-0", "c", "3");
  }

  // ---- XADD ----

  @Test
  void xaddAutomaticIdsComeFromTheEntryTime() {
    now = 5000;
    is("\"5000-0\"", "xadd", "s", "*", "a", "1");
    is("\"5000-1\"", "xadd", "s", "*", "a", "1");
    now = 4000; // a clock behind the last ID: same ms, next sequence
    is("\"5000-2\"", "xadd", "s", "*", "a", "1");
    now = 6000;
    is("\"6000-0\"", "xadd", "s", "*", "a", "1");
    is("\"6000-1\"", "xadd", "s", "6000-*", "a", "1");
    is("\"7000-0\"", "xadd", "s", "7000-*", "a", "1");
    err(Errors.XADD_ID_SMALL, "xadd", "s", "6999-*", "a", "1");
    is("\"0-1\"", "xadd", "t", "0-*", "a", "1");
  }

  @Test
  void xaddSameWriteOnEveryReplica() {
    Engine a = new Engine();
    Engine b = new Engine();
    for (Engine x : new Engine[] {a, b}) {
      x.write(argv("xadd", "s", "*", "f", "v"), 1234, 1);
      x.write(argv("xadd", "s", "*", "f", "v"), 1234, 2);
    }
    assertEquals(show(a.read(argv("xrange", "s", "-", "+"), 0)),
        show(b.read(argv("xrange", "s", "-", "+"), 0)));
    assertEquals("[[\"1234-0\", [\"f\", \"v\"]], [\"1234-1\", [\"f\", \"v\"]]]",
        show(a.read(argv("xrange", "s", "-", "+"), 0)));
  }

  @Test
  void xaddIdLimits() {
    is("\"5-18446744073709551615\"", "xadd", "s", "5-18446744073709551615", "x", "y");
    err(Errors.STREAM_TOO_LARGE, "xadd", "s", "5-*", "x", "y");
    now = 3; // behind the last ID, whose sequence overflows into the next ms
    is("\"6-0\"", "xadd", "s", "*", "x", "y");
    is("\"18446744073709551615-18446744073709551615\"", "xadd", "s",
        "18446744073709551615-18446744073709551615", "x", "y");
    err(Errors.STREAM_EXHAUSTED, "xadd", "s", "*", "x", "y");
    err(Errors.STREAM_EXHAUSTED, "xadd", "s", "1-1", "x", "y");
    err(Errors.XADD_ID_ZERO, "xadd", "t", "0-0", "x", "y");
    err(Errors.XADD_ID_ZERO, "xadd", "t", "0", "x", "y");
    is(":0", "exists", "t");
  }

  @Test
  void idsParseAsRedisDoes() {
    // string2ull: strict decimal, else strtoull (spaces, signs, leading zeros; minus wraps)
    is("\"1-1\"", "xadd", "s", "0001-01", "a", "b");
    is("\"5-0\"", "xadd", "s", "+5", "a", "b");
    is("\"6-0\"", "xadd", "s", " 6", "a", "b");
    is("\"7-0\"", "xadd", "s", "7--0", "a", "b");
    is("\"8-18446744073709551611\"", "xadd", "s", "8- -5", "a", "b");
    is("\"9-3\"", "xadd", "s", "9-+3", "a", "b");
    is("\"10-0\"", "xadd", "s", "10\u0000junk", "a", "b"); // a C string ends at NUL
    for (String bad : new String[] {" 10 ", "abc", "-1", "1-", "1-x", "1-2-3",
        "18446744073709551616", "1--5", "", "-", "+", "*-1", "1" + "0".repeat(127)}) {
      err(Errors.INVALID_STREAM_ID, "xadd", "s", bad, "a", "b");
    }
    is("[[\"7-0\", [\"a\", \"b\"]]]", "xrange", "s", "7-0", "7");
  }

  @Test
  void xaddArgumentErrors() {
    err(Errors.wrongArity("xadd"), "xadd", "s", "*", "a");
    err(Errors.wrongArity("xadd"), "xadd", "s", "*", "a", "b", "c");
    err(Errors.wrongArity("xadd"), "xadd", "s", "maxlen", "5", "nomkstream");
    err(Errors.MAXLEN_AND_MINID, "xadd", "s", "maxlen", "1", "minid", "2", "*", "x", "y");
    err(Errors.MAXLEN_AND_MINID, "xadd", "s", "maxlen", "1", "maxlen", "2", "*", "x", "y");
    err(Errors.TRIM_MAXLEN_NEGATIVE, "xadd", "s", "maxlen", "-1", "*", "x", "y");
    err(Errors.NOT_INTEGER, "xadd", "s", "maxlen", "~", "*", "x", "y");
    err(Errors.LIMIT_WITHOUT_APPROX, "xadd", "s", "maxlen", "1", "limit", "10", "*", "a", "b");
    err(Errors.LIMIT_WITHOUT_APPROX, "xadd", "s", "maxlen", "=", "1", "limit", "10", "*", "a",
        "b");
    err(Errors.LIMIT_WITHOUT_APPROX, "xadd", "s", "limit", "0", "*", "a", "b");
    err(Errors.LIMIT_WITHOUT_STRATEGY, "xadd", "s", "limit", "10", "*", "a", "b");
    err(Errors.TRIM_LIMIT_NEGATIVE, "xadd", "s", "limit", "-1", "maxlen", "~", "1", "*", "a", "b");
    err(Errors.INVALID_STREAM_ID, "xadd", "s", "minid", "abc", "*", "a", "b");
    err(Errors.INVALID_STREAM_ID, "xadd", "s", "minid", "-", "*", "a", "b");
    // argument errors come before the key is looked at
    is("OK", "set", "str", "x");
    err(Errors.INVALID_STREAM_ID, "xadd", "str", "foo", "1", "a", "b");
    err(Errors.WRONGTYPE, "xadd", "str", "*", "a", "b");
    // and before the log
    assertEquals(Errors.LIMIT_WITHOUT_STRATEGY, ((Reply.Err) engine.commands()
        .reject(argv("xadd", "s", "limit", "10", "*", "a", "b"))).text());
  }

  @Test
  void xaddNomkstreamAndTrim() {
    is("(nil)", "xadd", "s", "nomkstream", "*", "a", "b");
    is(":0", "exists", "s");
    for (int i = 1; i <= 10; i++) {
      run("xadd", "s", i + "-1", "f", "v");
    }
    is("\"11-1\"", "xadd", "s", "nomkstream", "maxlen", "5", "11-1", "f", "v");
    is(":5", "xlen", "s");
    is("\"12-1\"", "xadd", "s", "minid", "=", "10", "12-1", "f", "v");
    is(":3", "xlen", "s");
    is("[[\"10-1\", [\"f\", \"v\"]]]", "xrange", "s", "-", "+", "count", "1");
  }

  // ---- reading ----

  @Test
  void xrangeAndXrevrange() {
    abc();
    is("[" + ENTRY_1 + ", [\"1-2\", [\"b\", \"2\"]], [\"2-0\", [\"c\", \"3\"]]]", "xrange",
        "s", "-", "+");
    is("[" + ENTRY_1 + "]", "xrange", "s", "-", "+", "count", "1");
    is("(nil)", "xrange", "s", "-", "+", "count", "0");
    is("(nil)", "xrange", "s", "-", "+", "count", "-1");
    is("[]", "xrange", "nokey", "-", "+", "count", "0");
    is("[[\"1-2\", [\"b\", \"2\"]]]", "xrange", "s", "(1-1", "(2-0");
    is("[" + ENTRY_1 + ", [\"1-2\", [\"b\", \"2\"]]]", "xrange", "s", "1", "1");
    is("[[\"2-0\", [\"c\", \"3\"]], [\"1-2\", [\"b\", \"2\"]]]", "xrevrange", "s", "+", "(1-1");
    is("[]", "xrevrange", "s", "1", "2");
    is("[[\"1-2\", [\"b\", \"2\"]], [\"2-0\", [\"c\", \"3\"]]]", "xrange", "s", "1-2", "+",
        "count", "1", "count", "2");
    err(Errors.INVALID_STREAM_ID, "xrange", "s", "(-", "+");
    err(Errors.INVALID_STREAM_ID, "xrange", "s", "(", "+");
    err(Errors.INVALID_STREAM_ID, "xrange", "s", "1-*", "+");
    err(Errors.INTERVAL_START, "xrange", "s", "(18446744073709551615-18446744073709551615",
        "+");
    err(Errors.INTERVAL_END, "xrange", "s", "-", "(0-0");
    err(Errors.INTERVAL_END, "xrevrange", "s", "(0-0", "-");
    err(Errors.SYNTAX, "xrange", "s", "-", "+", "count");
    err(Errors.SYNTAX, "xrange", "s", "-", "+", "foo", "1");
    err(Errors.NOT_INTEGER, "xrange", "s", "-", "+", "count", "9223372036854775808");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xrange", "str", "-", "+");
    err(Errors.INVALID_STREAM_ID, "xrange", "str", "abc", "+");
    is(":3", "xlen", "s");
    is(":0", "xlen", "nokey");
    err(Errors.WRONGTYPE, "xlen", "str");
  }

  @Test
  void xreadRepliesAreMapsOfStreams() {
    abc();
    Reply r = run("xread", "count", "1", "streams", "s", "s", "0", "1-1");
    assertInstanceOf(Reply.PairMap.class, r);
    assertEquals("{\"s\": [" + ENTRY_1 + "], \"s\": [[\"1-2\", [\"b\", \"2\"]]]}", show(r));
    is("{\"s\": [[\"2-0\", [\"c\", \"3\"]]]}", "xread", "streams", "nokey", "s", "0", "1-2");
    is("(nil)", "xread", "streams", "s", "nokey", "$", "0");
    assertSame(Reply.NULL_ARRAY, run("xread", "streams", "s", "2-0"));
    err(Errors.XREAD_GT, "xread", "streams", "s", ">");
    err(Errors.INVALID_STREAM_ID, "xread", "streams", "s", "+");
    err(Errors.XREAD_UNBALANCED, "xread", "streams", "s", "0", "1");
    err(Errors.XREAD_GROUP, "xread", "group", "g", "c", "streams", "s", "0");
    err(Errors.XREAD_NOACK, "xread", "noack", "streams", "s", "0");
    err(Errors.SYNTAX, "xread", "count", "1", "foo", "streams", "s", "0");
    err(Errors.SYNTAX, "xread", "count", "1", "count", "2", "streams");
    err(Errors.TIMEOUT_NEGATIVE, "xread", "block", "-1", "streams", "s", "0");
    err(Errors.TIMEOUT_NOT_INTEGER, "xread", "block", "1.5", "streams", "s", "0");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xread", "streams", "s", "str", "0", "abc");
  }

  @Test
  void xreadBlocksWhenNothingIsThere() {
    assertSame(Reply.BLOCKED, run("xread", "block", "0", "streams", "s", "$"));
    abc();
    assertSame(Reply.BLOCKED, run("xread", "block", "100", "streams", "s", "$"));
    is("{\"s\": [" + ENTRY_1 + "]}", "xread", "count", "1", "block", "0", "streams", "s", "0");
  }

  @Test
  void resolveStreamIdsPinsDollarToTheLastIdWhenBlocking() {
    abc();
    byte[][] blocked = argv("xread", "count", "5", "block", "0", "streams", "s", "nokey", "s",
        "$", "$", "1-1");
    byte[][] parked = engine.resolveStreamIds(blocked, now);
    assertEquals("xread count 5 block 0 streams s nokey s 2-0 0-0 1-1", join(parked));
    assertEquals("$", new String(blocked[9], StandardCharsets.UTF_8)); // argv is left alone
    assertSame(Reply.BLOCKED, engine.read(argv("xread", "block", "0", "streams", "s", "2-0"),
        now));
    run("xadd", "s", "3-0", "d", "4");
    assertEquals("{\"s\": [[\"3-0\", [\"d\", \"4\"]]], \"s\": [[\"1-2\", [\"b\", \"2\"]],"
        + " [\"2-0\", [\"c\", \"3\"]], [\"3-0\", [\"d\", \"4\"]]]}",
        show(engine.read(parked, now)));
    // "$" as a key name is a key, not an ID; other commands are returned as they are
    byte[][] dollarKey = argv("xread", "block", "0", "streams", "$", "$");
    assertEquals("xread block 0 streams $ 0-0", join(engine.resolveStreamIds(dollarKey, now)));
    byte[][] plain = argv("xread", "streams", "s", "0");
    assertSame(plain, engine.resolveStreamIds(plain, now));
    byte[][] group = argv("xreadgroup", "group", "g", "c", "streams", "s", "$");
    assertSame(group, engine.resolveStreamIds(group, now));
    byte[][] bad = argv("xread", "streams", "s");
    assertSame(bad, engine.resolveStreamIds(bad, now));
  }

  @Test
  void aWokenReadIsServedFromTheWrittenStreamOnly() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "$");
    byte[][] parked = engine.resolveStreamIds(argv("xread", "count", "2", "block", "0",
        "streams", "t", "s", "t", "$", "$", "0"), now);
    assertEquals("xread count 2 block 0 streams t s t 0-0 2-0 0", join(parked));
    run("xadd", "t", "1-0", "x", "1");
    run("xadd", "s", "3-0", "d", "4");
    byte[][] woken = Engine.streamReadForKey(parked, argv("t")[0]);
    assertEquals("xread count 2 block 0 streams t 0-0", join(woken));
    assertEquals("{\"t\": [[\"1-0\", [\"x\", \"1\"]]]}", show(engine.read(woken, now)));
    assertEquals("xread count 2 block 0 streams s 2-0",
        join(Engine.streamReadForKey(parked, argv("s")[0])));
    assertNull(Engine.streamReadForKey(parked, argv("u")[0]));
    assertNull(Engine.streamReadForKey(argv("get", "s"), argv("s")[0]));
    assertNull(Engine.streamReadForKey(argv("xread", "streams", "s"), argv("s")[0]));
    byte[][] group = argv("xreadgroup", "group", "g", "c", "block", "0", "streams", "u", "s",
        ">", ">");
    byte[][] narrowed = Engine.streamReadForKey(group, argv("s")[0]);
    assertEquals("xreadgroup group g c block 0 streams s >", join(narrowed));
    assertEquals("{\"s\": [[\"3-0\", [\"d\", \"4\"]]]}", show(engine.write(narrowed, now, 1)));
  }

  private static String join(byte[][] argv) {
    StringBuilder sb = new StringBuilder();
    for (byte[] a : argv) {
      sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.UTF_8));
    }
    return sb.toString();
  }

  // ---- XDEL, XTRIM, XSETID ----

  @Test
  void xdelKeepsTheKeyAndTracksIds() {
    abc();
    is(":1", "xdel", "s", "1-2", "1-2", "9-9");
    err(Errors.INVALID_STREAM_ID, "xdel", "s", "1-1", "abc");
    is(":2", "xlen", "s");
    is(":0", "xdel", "nokey", "abc"); // no stream: the IDs are not even parsed
    is(":2", "xdel", "s", "1-1", "2-0");
    is(":1", "exists", "s"); // Redis keeps an empty stream
    is("{\"length\", :0, \"radix-tree-keys\", :0, \"radix-tree-nodes\", :1,"
        + " \"last-generated-id\", \"2-0\", \"max-deleted-entry-id\", \"2-0\", \"entries-added\","
        + " :3, \"recorded-first-entry-id\", \"0-0\", \"groups\", :0, \"first-entry\", (nil),"
        + " \"last-entry\", (nil)}", "xinfo", "stream", "s");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xdel", "str", "1-1");
    assertNull(engine.commands().reject(argv("xdel", "nokey", "abc")));
  }

  @Test
  void xtrimExactAndApproximate() {
    for (int i = 1; i <= 250; i++) {
      run("xadd", "s", i + "-1", "f", "v");
    }
    // nodes hold 100 entries: approximate trimming removes whole nodes only
    is(":100", "xtrim", "s", "maxlen", "~", "120");
    is(":150", "xlen", "s");
    is(":0", "xtrim", "s", "maxlen", "~", "0", "limit", "99");
    is(":100", "xtrim", "s", "maxlen", "~", "0", "limit", "100");
    is(":50", "xlen", "s");
    is(":49", "xtrim", "s", "minid", "250");
    is("[[\"250-1\", [\"f\", \"v\"]]]", "xrange", "s", "-", "+");
    is(":1", "xtrim", "s", "maxlen", "0");
    is(":1", "exists", "s");
    is(":0", "xtrim", "nokey", "maxlen", "1");
    err(Errors.XTRIM_WITHOUT_STRATEGY, "xtrim", "s", "limit", "0", "limit", "0");
    err(Errors.SYNTAX, "xtrim", "s", "foo", "5");
    err(Errors.SYNTAX, "xtrim", "s", "maxlen", "5", "nomkstream");
    err(Errors.LIMIT_WITHOUT_APPROX, "xtrim", "s", "limit", "5", "maxlen", "1");
    err(Errors.NOT_INTEGER, "xtrim", "s", "maxlen", "01");
    err(Errors.INVALID_STREAM_ID, "xtrim", "s", "minid", "(1");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xtrim", "str", "maxlen", "1");
    err(Errors.SYNTAX, "xtrim", "str", "foo", "1");
  }

  @Test
  void xtrimApproximateWithoutLimitStopsAtTenThousand() {
    for (int i = 1; i <= 10150; i++) {
      run("xadd", "s", i + "-1", "f", "v");
    }
    is(":10000", "xtrim", "s", "maxlen", "~", "0");
    is(":100", "xtrim", "s", "minid", "~", "10150");
  }

  @Test
  void nodesSplitLikeRedisListpacks() {
    String big = "x".repeat(5000);
    for (int i = 1; i <= 5; i++) {
      run("xadd", "b", i + "-1", "f", big);
      run("xadd", "y", i + "-1", "f", "y".repeat(2000));
    }
    for (int i = 1; i <= 250; i++) {
      run("xadd", "n", i + "-1", "f", "v");
    }
    // Redis 7.0.15: 5 keys/12 nodes, 3/8, 3/8
    assertEquals(5, stream("b").nodeCount());
    assertEquals(12, stream("b").raxNodes());
    assertEquals(3, stream("y").nodeCount());
    assertEquals(8, stream("y").raxNodes());
    assertEquals(3, stream("n").nodeCount());
    assertEquals(8, stream("n").raxNodes());
  }

  @Test
  void xsetid() {
    is("\"1-1\"", "xadd", "s", "1-1", "a", "1");
    is("OK", "xsetid", "s", "5-0");
    is("OK", "xsetid", "s", "2-0"); // back down to the top entry is allowed
    err(Errors.XSETID_BELOW_TOP, "xsetid", "s", "1-0");
    err(Errors.XSETID_ENTRIES_ADDED, "xsetid", "s", "1-1", "entriesadded", "0");
    err(Errors.XSETID_BELOW_MAX_DELETED, "xsetid", "s", "5-0", "entriesadded", "10",
        "maxdeletedid", "9-9");
    is("OK", "xsetid", "s", "5-0", "entriesadded", "10", "maxdeletedid", "2-0");
    err(Errors.ENTRIES_ADDED_NEGATIVE, "xsetid", "s", "5-0", "entriesadded", "-1");
    err(Errors.SYNTAX, "xsetid", "s", "5-0", "entriesadded");
    err(Errors.INVALID_STREAM_ID, "xsetid", "s", "$");
    err(Errors.INVALID_STREAM_ID, "xsetid", "s", "5-*");
    err(Errors.NO_SUCH_KEY, "xsetid", "nokey", "1-1");
    err(Errors.XSETID_BELOW_MAX_DELETED, "xsetid", "nokey", "1-1", "maxdeletedid", "2-2");
    is("{\"length\", :1, \"radix-tree-keys\", :1, \"radix-tree-nodes\", :2,"
        + " \"last-generated-id\", \"5-0\", \"max-deleted-entry-id\", \"2-0\", \"entries-added\","
        + " :10, \"recorded-first-entry-id\", \"1-1\", \"groups\", :0, \"first-entry\", "
        + ENTRY_1 + ", \"last-entry\", " + ENTRY_1 + "}", "xinfo", "stream", "s");
    is("OK", "set", "str", "x");
    err(Errors.SYNTAX, "xsetid", "str", "1-1", "foo");
    err(Errors.WRONGTYPE, "xsetid", "str", "1-1");
  }

  // ---- consumer groups ----

  @Test
  void xgroupSubcommands() {
    err(Errors.XGROUP_NO_KEY, "xgroup", "create", "s", "g", "$");
    err(Errors.XGROUP_NO_KEY, "xgroup", "create", "nokey", "g", "abc");
    err(Errors.INVALID_STREAM_ID, "xgroup", "create", "nokey", "g", "abc", "mkstream");
    is(":0", "exists", "nokey");
    is("OK", "xgroup", "create", "s", "g", "$", "mkstream");
    err(Errors.BUSYGROUP, "xgroup", "create", "s", "g", "$", "mkstream");
    is("OK", "xgroup", "create", "s", "g2", "0", "entriesread", "5");
    err(Errors.ENTRIES_READ_NEGATIVE, "xgroup", "create", "s", "g3", "0", "entriesread", "-2");
    err("ERR unknown subcommand or wrong number of arguments for 'CREATE'. Try XGROUP HELP.",
        "xgroup", "CREATE", "s", "g3", "0", "foo");
    err("ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP.",
        "xgroup", "create", "s", "g3", "0", "mkstream", "mkstream", "mkstream", "mkstream");
    is("OK", "xgroup", "setid", "s", "g", "+", "entriesread", "10");
    is("OK", "xgroup", "setid", "s", "g2", "-");
    err(Errors.INVALID_STREAM_ID, "xgroup", "setid", "s", "g", "(0");
    err(Errors.NOT_INTEGER, "xgroup", "setid", "nokey", "g", "0", "entriesread", "x");
    err("ERR unknown subcommand or wrong number of arguments for 'setid'. Try XGROUP HELP.",
        "xgroup", "setid", "nokey", "g", "0", "x");
    err("NOGROUP No such consumer group 'nog' for key name 's'", "xgroup", "setid", "s", "nog",
        "0");
    is(":1", "xgroup", "createconsumer", "s", "g", "c1");
    is(":0", "xgroup", "createconsumer", "s", "g", "c1");
    is(":0", "xgroup", "delconsumer", "s", "g", "nobody");
    is(":0", "xgroup", "delconsumer", "s", "g", "c1");
    is(":1", "xgroup", "destroy", "s", "g");
    is(":0", "xgroup", "destroy", "s", "g");
    err(Errors.XGROUP_NO_KEY, "xgroup", "destroy", "nokey", "g");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xgroup", "create", "str", "g", "$");
    err("ERR unknown subcommand or wrong number of arguments for 'create'. Try XGROUP HELP.",
        "xgroup", "create", "str", "g", "$", "foo");
    err("ERR unknown subcommand 'foo'. Try XGROUP HELP.", "xgroup", "foo");
    err(Errors.wrongArity("xgroup|help"), "xgroup", "help", "x");
    Reply help = run("xgroup", "help");
    assertEquals(17, ((Reply.Arr) help).items().length);
    assertEquals(new Reply.Simple("    Prints this help."), ((Reply.Arr) help).items()[16]);
  }

  @Test
  void xgroupNameWithNulInErrors() {
    is("OK", "xgroup", "create", "s", "g", "$", "mkstream");
    err("NOGROUP No such consumer group 'g' for key name 's'", "xgroup", "createconsumer", "s",
        "g\u0000x", "c");
    err("NOGROUP No such key 's' or consumer group 'g' in XREADGROUP with GROUP option",
        "xreadgroup", "group", "g\u0000x", "c", "streams", "s", ">");
  }

  @Test
  void xreadgroupDeliversAndTracksThePel() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    now = 2000;
    Reply first = run("xreadgroup", "group", "g", "c1", "count", "1", "streams", "s", ">");
    assertInstanceOf(Reply.PairMap.class, first);
    assertEquals("{\"s\": [" + ENTRY_1 + "]}", show(first));
    now = 3000;
    is("{\"s\": [[\"1-2\", [\"b\", \"2\"]], [\"2-0\", [\"c\", \"3\"]]]}", "xreadgroup", "group",
        "g", "c2", "streams", "s", ">");
    is("(nil)", "xreadgroup", "group", "g", "c1", "streams", "s", ">");
    now = 3500;
    is("[:3, \"1-1\", \"2-0\", [[\"c1\", \"1\"], [\"c2\", \"2\"]]]", "xpending", "s", "g");
    is("[[\"1-1\", \"c1\", :1500, :1], [\"1-2\", \"c2\", :500, :1], [\"2-0\", \"c2\", :500, :1]]",
        "xpending", "s", "g", "-", "+", "10");
    is("[[\"1-1\", \"c1\", :1500, :1]]", "xpending", "s", "g", "idle", "1000", "-", "+", "10");
    is("[[\"1-2\", \"c2\", :500, :1]]", "xpending", "s", "g", "-", "+", "1", "c2");
    is("[]", "xpending", "s", "g", "-", "+", "10", "nobody");
    // the history of a consumer: delivery count and time move on
    now = 4000;
    is("{\"s\": [" + ENTRY_1 + "]}", "xreadgroup", "group", "g", "c1", "streams", "s", "0");
    is("[[\"1-1\", \"c1\", :0, :2]]", "xpending", "s", "g", "-", "+", "10", "c1");
    // a deleted entry shows as [id, nil] and keeps its delivery data
    is(":1", "xdel", "s", "1-2");
    Reply history = run("xreadgroup", "group", "g", "c2", "streams", "s", "0");
    assertEquals("{\"s\": [[\"1-2\", (nil)], [\"2-0\", [\"c\", \"3\"]]]}", show(history));
    assertSame(Reply.NULL_ARRAY, ((Reply.Arr) ((Reply.Arr) ((Reply.PairMap) history)
        .keysAndValues()[1]).items()[0]).items()[1]);
    is("[[\"1-2\", \"c2\", :1000, :1], [\"2-0\", \"c2\", :0, :2]]", "xpending", "s", "g", "-",
        "+", "10", "c2");
    is(":2", "xack", "s", "g", "1-1", "1-2", "1-1", "9-9");
    is("[:1, \"2-0\", \"2-0\", [[\"c2\", \"1\"]]]", "xpending", "s", "g");
    is(":1", "xgroup", "delconsumer", "s", "g", "c2");
    is("[:0, (nil), (nil), (nil)]", "xpending", "s", "g");
    assertSame(Reply.NULL_ARRAY, ((Reply.Arr) run("xpending", "s", "g")).items()[3]);
  }

  @Test
  void xreadgroupNoackAndGreaterThanLastPossibleId() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "$");
    is("\"3-0\"", "xadd", "s", "3-0", "d", "4");
    is("{\"s\": [[\"3-0\", [\"d\", \"4\"]]]}", "xreadgroup", "group", "g", "c", "noack",
        "streams", "s", ">");
    is("[:0, (nil), (nil), (nil)]", "xpending", "s", "g");
    // the largest ID is how Redis spells ">"
    is("(nil)", "xreadgroup", "group", "g", "c", "streams", "s",
        "18446744073709551615-18446744073709551615");
    is("{\"s\": []}", "xreadgroup", "group", "g", "c", "streams", "s", "0");
  }

  @Test
  void xreadgroupBlocksWithoutChangingAnything() {
    is("OK", "xgroup", "create", "s", "g", "$", "mkstream");
    assertSame(Reply.BLOCKED, run("xreadgroup", "group", "g", "c", "block", "0", "streams",
        "s", ">"));
    is("[]", "xinfo", "consumers", "s", "g"); // no consumer was created
    // history never blocks
    is("{\"s\": []}", "xreadgroup", "group", "g", "c", "block", "0", "streams", "s", "0");
    is(":0", "xlen", "s");
  }

  @Test
  void xreadgroupErrors() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    err("NOGROUP No such key 's' or consumer group 'nog' in XREADGROUP with GROUP option",
        "xreadgroup", "group", "nog", "c", "streams", "s", ">");
    err("NOGROUP No such key 'nokey' or consumer group 'g' in XREADGROUP with GROUP option",
        "xreadgroup", "group", "g", "c", "streams", "s", "nokey", ">", ">");
    err(Errors.XREADGROUP_DOLLAR, "xreadgroup", "group", "g", "c", "streams", "s", "$");
    err(Errors.INVALID_STREAM_ID, "xreadgroup", "group", "g", "c", "streams", "s", "-");
    err(Errors.XREADGROUP_NO_GROUP, "xreadgroup", "count", "1", "count", "1", "streams", "s",
        ">");
    err(Errors.wrongArity("xreadgroup"), "xreadgroup", "group", "g", "streams", "s", ">");
    err(Errors.TIMEOUT_NOT_INTEGER, "xreadgroup", "group", "g", "c", "block", "x", "streams",
        "s", ">");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xreadgroup", "group", "g", "c", "streams", "str", ">");
    is("[]", "xinfo", "consumers", "s", "g");
  }

  @Test
  void consumersSeenTimeAndIdle() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    now = 1000;
    is(":1", "xgroup", "createconsumer", "s", "g", "a");
    is(":1", "xgroup", "createconsumer", "s", "g", "B");
    now = 1300;
    is(":0", "xgroup", "createconsumer", "s", "g", "a"); // no refresh
    is("[]", "xpending", "s", "g", "-", "+", "10", "a"); // no refresh
    is("{\"s\": [" + ENTRY_1 + ", [\"1-2\", [\"b\", \"2\"]], [\"2-0\", [\"c\", \"3\"]]]}",
        "xreadgroup", "group", "g", "a", "streams", "s", ">");
    now = 1500;
    is("[{\"name\", \"B\", \"pending\", :0, \"idle\", :500}, {\"name\", \"a\", \"pending\", :3,"
        + " \"idle\", :200}]", "xinfo", "consumers", "s", "g");
    Reply consumers = run("xinfo", "consumers", "s", "g");
    assertInstanceOf(Reply.MapReply.class, ((Reply.Arr) consumers).items()[0]);
  }

  @Test
  void xclaim() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    now = 1000;
    run("xreadgroup", "group", "g", "c1", "streams", "s", ">");
    now = 2000;
    is("[]", "xclaim", "s", "g", "c2", "5000", "1-1"); // not idle long enough
    // and the consumer was not created
    is("[{\"name\", \"c1\", \"pending\", :3, \"idle\", :1000}]", "xinfo", "consumers", "s",
        "g");
    is("[" + ENTRY_1 + "]", "xclaim", "s", "g", "c2", "1000", "1-1");
    is("[[\"1-1\", \"c2\", :0, :2]]", "xpending", "s", "g", "-", "+", "10", "c2");
    is("[\"1-1\"]", "xclaim", "s", "g", "c2", "0", "1-1", "justid", "idle", "300");
    is("[[\"1-1\", \"c2\", :300, :2]]", "xpending", "s", "g", "-", "+", "10", "c2");
    is("[\"1-1\"]", "xclaim", "s", "g", "c2", "0", "1-1", "justid", "time", "1900",
        "retrycount", "7");
    is("[[\"1-1\", \"c2\", :100, :7]]", "xpending", "s", "g", "-", "+", "10", "c2");
    // a future or negative TIME means now
    is("[\"1-1\"]", "xclaim", "s", "g", "c2", "0", "1-1", "justid", "time", "99999");
    is("[[\"1-1\", \"c2\", :0, :7]]", "xpending", "s", "g", "-", "+", "10", "c2");
    // deleted entries leave the PEL; FORCE creates a NACK for an entry nobody was given
    is(":1", "xdel", "s", "1-2");
    is("\"3-0\"", "xadd", "s", "3-0", "d", "4");
    is("[[\"3-0\", [\"d\", \"4\"]]]", "xclaim", "s", "g", "c3", "0", "1-2", "3-0", "force",
        "lastid", "7-7");
    is("[[\"1-1\", \"c2\", :0, :7], [\"2-0\", \"c1\", :1000, :1], [\"3-0\", \"c3\", :0, :2]]",
        "xpending", "s", "g", "-", "+", "10");
    is("[{\"name\", \"g\", \"consumers\", :3, \"pending\", :3, \"last-delivered-id\", \"7-7\","
        + " \"entries-read\", :3, \"lag\", :1}]", "xinfo", "groups", "s");
    err("ERR Unrecognized XCLAIM option 'foo'", "xclaim", "s", "g", "c", "0", "1-1", "foo");
    err("ERR Unrecognized XCLAIM option '1-1'", "xclaim", "s", "g", "c", "0", "justid", "1-1");
    err("ERR Unrecognized XCLAIM option 'lastid'", "xclaim", "s", "g", "c", "0", "1-1",
        "lastid");
    err(Errors.XCLAIM_MIN_IDLE, "xclaim", "s", "g", "c", "x", "1-1");
    err(Errors.XCLAIM_IDLE, "xclaim", "s", "g", "c", "0", "1-1", "idle", "x");
    err(Errors.XCLAIM_TIME, "xclaim", "s", "g", "c", "0", "1-1", "time", "x");
    err(Errors.XCLAIM_RETRYCOUNT, "xclaim", "s", "g", "c", "0", "1-1", "retrycount", "x");
    err(Errors.INVALID_STREAM_ID, "xclaim", "s", "g", "c", "0", "1-1", "lastid", "x");
    err("NOGROUP No such key 'nokey' or consumer group 'g'", "xclaim", "nokey", "g", "c", "x",
        "1-1");
    is("[]", "xclaim", "s", "g", "c", "0", "justid");
  }

  @Test
  void xautoclaim() {
    for (int i = 1; i <= 5; i++) {
      run("xadd", "s", i + "-1", "f", "v" + i);
    }
    is("OK", "xgroup", "create", "s", "g", "0");
    now = 1000;
    run("xreadgroup", "group", "g", "c1", "streams", "s", ">");
    is(":3", "xdel", "s", "1-1", "2-1", "3-1");
    now = 1100;
    // deleted entries count against COUNT and come back in the third element
    Reply r = run("xautoclaim", "s", "g", "c2", "0", "0", "count", "1");
    assertEquals("[\"2-1\", [], [\"1-1\"]]", show(r));
    is("[\"0-0\", [], [\"2-1\", \"3-1\"]]", "xautoclaim", "s", "g", "c2", "500", "0");
    is("[{\"name\", \"c1\", \"pending\", :2, \"idle\", :100}]", "xinfo", "consumers", "s", "g");
    is("[\"5-1\", [[\"4-1\", [\"f\", \"v4\"]]], []]", "xautoclaim", "s", "g", "c2", "100", "-",
        "count", "1");
    is("[\"0-0\", [\"5-1\"], []]", "xautoclaim", "s", "g", "c2", "0", "(4-1", "justid");
    is("[[\"4-1\", \"c2\", :0, :2], [\"5-1\", \"c2\", :0, :1]]", "xpending", "s", "g", "-", "+",
        "10");
    is("[\"0-0\", [], []]", "xautoclaim", "s", "g", "c2", "0", "+");
    err(Errors.XAUTOCLAIM_MIN_IDLE, "xautoclaim", "s", "g", "c", "x", "0");
    err(Errors.INVALID_STREAM_ID, "xautoclaim", "s", "g", "c", "0", "(x");
    err(Errors.INTERVAL_START, "xautoclaim", "s", "g", "c", "0",
        "(18446744073709551615-18446744073709551615");
    err(Errors.XAUTOCLAIM_COUNT, "xautoclaim", "s", "g", "c", "0", "0", "count", "0");
    err(Errors.XAUTOCLAIM_COUNT, "xautoclaim", "s", "g", "c", "0", "0", "count",
        "576460752303423488");
    err(Errors.XAUTOCLAIM_MEMORY, "xautoclaim", "s", "g", "c", "0", "0", "count",
        "4398046511105");
    is("[\"0-0\", [\"4-1\", \"5-1\"], []]", "xautoclaim", "s", "g", "c", "0", "0", "count",
        "4398046511104", "justid");
    err(Errors.SYNTAX, "xautoclaim", "s", "g", "c", "0", "0", "foo");
    err("NOGROUP No such key 's' or consumer group 'nog'", "xautoclaim", "s", "nog", "c", "0",
        "0");
    err(Errors.XAUTOCLAIM_MIN_IDLE, "xautoclaim", "nokey", "g", "c", "x", "0");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xautoclaim", "str", "g", "c", "0", "0");
  }

  @Test
  void xpendingArguments() {
    is("OK", "xgroup", "create", "s", "g", "$", "mkstream");
    err(Errors.SYNTAX, "xpending", "s", "g", "-", "+");
    err(Errors.SYNTAX, "xpending", "s", "g", "idle", "5", "-", "+");
    err(Errors.NOT_INTEGER, "xpending", "s", "g", "idle", "x", "-", "+", "5");
    err(Errors.NOT_INTEGER, "xpending", "nokey", "g", "-", "+", "x");
    err(Errors.INVALID_STREAM_ID, "xpending", "s", "g", "(+", "+", "5");
    err(Errors.INTERVAL_END, "xpending", "s", "g", "-", "(0-0", "5");
    err("NOGROUP No such key 'nokey' or consumer group 'g'", "xpending", "nokey", "g");
    is("[]", "xpending", "s", "g", "-", "+", "5", "c", "ignored");
    is("[]", "xpending", "s", "g", "+", "-", "5");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xpending", "str", "g");
  }

  // ---- XINFO ----

  @Test
  void xinfoStreamAndGroupsAreMaps() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    is("OK", "xgroup", "create", "s", "G", "$");
    now = 7000;
    run("xreadgroup", "group", "g", "c1", "count", "1", "streams", "s", ">");
    Reply info = run("xinfo", "stream", "s");
    assertInstanceOf(Reply.MapReply.class, info);
    assertEquals("{\"length\", :3, \"radix-tree-keys\", :1, \"radix-tree-nodes\", :2,"
        + " \"last-generated-id\", \"2-0\", \"max-deleted-entry-id\", \"0-0\", \"entries-added\","
        + " :3, \"recorded-first-entry-id\", \"1-1\", \"groups\", :2, \"first-entry\", "
        + ENTRY_1 + ", \"last-entry\", [\"2-0\", [\"c\", \"3\"]]}", show(info));
    is("[{\"name\", \"G\", \"consumers\", :0, \"pending\", :0, \"last-delivered-id\", \"2-0\","
        + " \"entries-read\", (nil), \"lag\", :0}, {\"name\", \"g\", \"consumers\", :1,"
        + " \"pending\", :1, \"last-delivered-id\", \"1-1\", \"entries-read\", :1, \"lag\","
        + " :2}]", "xinfo", "groups", "s");
    err(Errors.NO_SUCH_KEY, "xinfo", "stream", "nokey");
    err(Errors.NO_SUCH_KEY, "xinfo", "groups", "nokey");
    err(Errors.NO_SUCH_KEY, "xinfo", "consumers", "nokey", "g");
    err("NOGROUP No such consumer group 'nog' for key name 's'", "xinfo", "consumers", "s",
        "nog");
    err("ERR unknown subcommand or wrong number of arguments for 'Stream'. Try XINFO HELP.",
        "xinfo", "Stream", "s", "foo");
    err("ERR unknown subcommand or wrong number of arguments for 'stream'. Try XINFO HELP.",
        "xinfo", "stream", "s", "full", "count");
    err(Errors.NOT_INTEGER, "xinfo", "stream", "s", "full", "count", "x");
    err("ERR unknown subcommand 'foo'. Try XINFO HELP.", "xinfo", "foo");
    is("OK", "set", "str", "x");
    err(Errors.WRONGTYPE, "xinfo", "groups", "str");
    assertEquals(9, ((Reply.Arr) run("xinfo", "help")).items().length);
  }

  @Test
  void xinfoStreamFull() {
    abc();
    is("OK", "xgroup", "create", "s", "g", "0");
    now = 7000;
    run("xreadgroup", "group", "g", "c1", "count", "1", "streams", "s", ">");
    now = 8000;
    run("xreadgroup", "group", "g", "c2", "streams", "s", ">");
    is("{\"length\", :3, \"radix-tree-keys\", :1, \"radix-tree-nodes\", :2,"
        + " \"last-generated-id\", \"2-0\", \"max-deleted-entry-id\", \"0-0\", \"entries-added\","
        + " :3, \"recorded-first-entry-id\", \"1-1\", \"entries\", [" + ENTRY_1 + "],"
        + " \"groups\", [{\"name\", \"g\", \"last-delivered-id\", \"2-0\", \"entries-read\", :3,"
        + " \"lag\", :0, \"pel-count\", :3, \"pending\", [[\"1-1\", \"c1\", :7000, :1]],"
        + " \"consumers\", [{\"name\", \"c1\", \"seen-time\", :7000, \"pel-count\", :1,"
        + " \"pending\", [[\"1-1\", :7000, :1]]}, {\"name\", \"c2\", \"seen-time\", :8000,"
        + " \"pel-count\", :2, \"pending\", [[\"1-2\", :8000, :1]]}]}]}",
        "xinfo", "stream", "s", "full", "count", "1");
    Reply all = run("xinfo", "stream", "s", "full", "count", "-1"); // a negative COUNT: all
    assertInstanceOf(Reply.MapReply.class, all);
    assertEquals(true, show(all).contains("\"pending\", [[\"1-2\", :8000, :1], [\"2-0\", :8000,"
        + " :1]]"), show(all));
  }

  // ---- validation before the log ----

  /** Rejected before the log: the same error whatever the key holds. */
  private static final String[][] REJECTED = {
    {"xadd", "s", "limit", "10", "*", "a", "b"},
    {"xadd", "s", "maxlen", "1", "minid", "1", "*", "a", "b"},
    {"xadd", "s", "0-0", "a", "b"},
    {"xadd", "s", "abc", "a", "b"},
    {"xadd", "s", "*", "a", "b", "c"},
    {"xtrim", "s", "maxlen", "-1"},
    {"xtrim", "s", "limit", "1"},
    {"xrange", "s", "(+", "+"},
    {"xrevrange", "s", "+", "-", "count"},
    {"xsetid", "s", "1-1", "maxdeletedid", "2-2"},
    {"xsetid", "s", "1-1", "entriesadded", "-1"},
    {"xread", "block", "-1", "streams", "s", "0"},
    {"xread", "group", "g", "c", "streams", "s", "0"},
    {"xreadgroup", "group", "g", "c", "noack", "streams", "s", "s", ">"},
    {"xreadgroup", "count", "1", "count", "1", "streams", "s", ">"},
    {"xpending", "s", "g", "-", "+"},
    {"xpending", "s", "g", "-", "+", "x"},
    {"xautoclaim", "s", "g", "c", "0", "0", "count", "0"},
    {"xautoclaim", "s", "g", "c", "x", "0"},
    {"xgroup", "create", "s", "g", "$", "entriesread", "-2"},
    {"xgroup", "create", "s", "g", "$", "foo"},
    {"xgroup", "setid", "s", "g", "$", "entriesread", "x"},
    {"xgroup", "setid", "s", "g", "$", "foo"},
  };

  /** Errors that depend on the key: never rejected before the log. */
  private static final String[][] NOT_REJECTED = {
    {"xdel", "s", "abc"},
    {"xack", "s", "g", "abc"},
    {"xclaim", "s", "g", "c", "x", "1-1"},
    {"xgroup", "create", "s", "g", "abc"},
    {"xgroup", "setid", "s", "g", "abc"},
    {"xgroup", "create", "s", "g", "0", "mkstream", "mkstream", "mkstream", "mkstream"},
    {"xreadgroup", "group", "g", "c", "streams", "s", "$"},
    {"xread", "streams", "s", ">"},
    {"xinfo", "stream", "s", "foo"},
    {"xautoclaim", "s", "g", "c", "0", "0", "count", "4398046511105"},
  };

  @Test
  void validationBeforeTheLogDoesNotDependOnTheKey() {
    for (String[] cmd : REJECTED) {
      Reply rejected = engine.commands().reject(argv(cmd));
      assertInstanceOf(Reply.Err.class, rejected, String.join(" ", cmd));
      for (int state = 0; state < 3; state++) {
        Engine e = new Engine();
        if (state == 1) {
          e.write(argv("xgroup", "create", "s", "g", "$", "mkstream"), 0, 0);
        } else if (state == 2) {
          e.write(argv("set", "s", "x"), 0, 0);
        }
        CommandSpec spec = e.commands().resolve(argv(cmd));
        Reply applied = spec.isWrite() ? e.write(argv(cmd), 0, 0) : e.read(argv(cmd), 0);
        assertEquals(show(rejected), show(applied), String.join(" ", cmd) + " in state " + state);
      }
    }
    for (String[] cmd : NOT_REJECTED) {
      assertNull(engine.commands().reject(argv(cmd)), String.join(" ", cmd));
    }
  }

  // ---- types, copies, codec, snapshots ----

  private StreamValue stream(String key) {
    return (StreamValue) engine.keyspace.find(key.getBytes(StandardCharsets.UTF_8)).value;
  }

  private void richStream() {
    for (int i = 1; i <= 260; i++) {
      run("xadd", "s", i + "-" + (i % 3), i % 2 == 0 ? "f" : "g", "v" + i, "x", "" + i);
    }
    run("xdel", "s", "5-2", "6-0", "200-2");
    run("xtrim", "s", "minid", "3");
    run("xgroup", "create", "s", "g1", "0");
    run("xgroup", "create", "s", "g2", "$", "entriesread", "7");
    run("xgroup", "createconsumer", "s", "g2", "idle");
    now = 5000;
    run("xreadgroup", "group", "g1", "alice", "count", "5", "streams", "s", ">");
    run("xreadgroup", "group", "g1", "bob", "count", "3", "streams", "s", ">");
    run("xack", "s", "g1", "4-1");
  }

  @Test
  void typeAndEncoding() {
    abc();
    is("stream", "type", "s");
    assertEquals("stream", stream("s").encoding());
    assertFalse(stream("s").isEmpty());
  }

  @Test
  void codecRoundTrip() {
    richStream();
    StreamValue s = stream("s");
    byte[] encoded = ValueCodec.encode(s);
    assertEquals(ValueCodec.TAG_STREAM, encoded[0]);
    StreamValue back = (StreamValue) ValueCodec.decode(encoded);
    back.checkInvariants();
    assertArrayEquals(encoded, ValueCodec.encode(back));
    Engine other = new Engine();
    other.restore(argv("s")[0], encoded, -1);
    for (String[] cmd : new String[][] {{"xrange", "s", "-", "+"}, {"xinfo", "stream", "s",
        "full", "count", "0"}, {"xinfo", "groups", "s"}, {"xinfo", "consumers", "s", "g1"},
        {"xpending", "s", "g1", "-", "+", "100"}}) {
      assertEquals(show(run(cmd)), show(other.read(argv(cmd), now)), String.join(" ", cmd));
    }
    // the restored stream behaves the same afterwards
    assertEquals(show(run("xadd", "s", "*", "k", "v")),
        show(other.write(argv("xadd", "s", "*", "k", "v"), now, 42)));
    byte[] truncated = java.util.Arrays.copyOf(encoded, encoded.length - 3);
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(truncated));
    byte[] future = encoded.clone();
    future[1] = 9;
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(future));
  }

  @Test
  void copyIsDeep() {
    richStream();
    is(":1", "copy", "s", "t");
    assertNotSame(stream("s"), stream("t"));
    String before = show(run("xinfo", "stream", "s", "full", "count", "0"));
    run("xadd", "t", "*", "new", "entry");
    run("xdel", "t", "10-1");
    run("xreadgroup", "group", "g1", "carol", "streams", "t", ">");
    run("xclaim", "t", "g1", "dave", "0", "7-1");
    run("xgroup", "destroy", "t", "g2");
    assertEquals(before, show(run("xinfo", "stream", "s", "full", "count", "0")));
  }

  @Test
  void snapshotKeepsThePreImage() {
    richStream();
    Map<String, String> before = new HashMap<>();
    for (String key : new String[] {"s"}) {
      before.put(key, show(run("xinfo", "stream", key, "full", "count", "0")));
    }
    SnapshotCursor c = engine.openSnapshot();
    run("xadd", "s", "*", "new", "entry");
    run("xdel", "s", "10-1");
    run("xtrim", "s", "maxlen", "5");
    run("xreadgroup", "group", "g1", "carol", "streams", "s", ">");
    run("xack", "s", "g1", "7-1");
    run("xclaim", "s", "g1", "dave", "0", "8-2");
    run("xautoclaim", "s", "g1", "erin", "0", "0");
    run("xgroup", "setid", "s", "g1", "0");
    run("xgroup", "destroy", "s", "g2");
    run("xsetid", "s", "999999-0");
    Map<String, byte[]> seen = new HashMap<>();
    while (c.next(10, (k, v, exp) -> seen.put(new String(k, StandardCharsets.UTF_8), v))) {
      // drain
    }
    c.close();
    Engine restored = new Engine();
    restored.restore(argv("s")[0], seen.get("s"), -1);
    assertEquals(before.get("s"), show(restored.read(argv("xinfo", "stream", "s", "full",
        "count", "0"), now)));
  }

  // ---- the command table ----

  @Test
  void xreadKeysAreFoundAfterStreams() {
    is("[\"a\", \"b\"]", "command", "getkeys", "xread", "count", "1", "streams", "a", "b", "0",
        "0");
    is("[\"a\"]", "command", "getkeys", "xread", "streams", "a", "b", "c");
    is("[\"streams\"]", "command", "getkeys", "xread", "count", "streams", "streams", "a", "0");
    is("[\"a\", \"b\"]", "command", "getkeys", "xreadgroup", "group", "streams", "c", "streams",
        "a", "b", "0", "0");
    CommandSpec xread = engine.commands().lookup("xread");
    assertArrayEquals(new int[] {3, 4}, xread.keyPositions(argv("xread", "x", "streams", "a",
        "b", "0", "0")));
    assertEquals(0, xread.keyPositions(argv("xread", "count", "1")).length);
    is("[\"s\"]", "command", "getkeys", "xgroup", "create", "s", "g", "$");
  }

  @Test
  void commandInfoShowsKeywordKeySpecs() {
    String info = show(run("command", "info", "xread"));
    assertEquals(true, info.contains("[readonly, blocking, movablekeys], :0, :0, :0"), info);
    assertEquals(true, info.contains("{\"type\", \"keyword\", \"spec\", {\"keyword\","
        + " \"STREAMS\", \"startfrom\", :1}}"), info);
  }
}
