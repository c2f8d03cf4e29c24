package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sorted set behaviour the recorded transcripts cannot show: encodings and their conversion,
 * deletion of emptied keys, determinism of random replies, codec round trips, snapshot
 * pre-images, ZSCAN under change, blocking, plain sets as inputs, validators and key positions.
 * Replies themselves are checked against redis-server by ZSetTranscriptTest.
 */
class ZSetCommandsTest extends EngineTestBase {

  @AfterEach
  void checkZsets() {
    ZSetTestSupport.checkAll(engine);
  }

  /** Renders like show(), with doubles and pairs as RESP2 shows them. */
  static String z(Reply r) {
    if (r instanceof Reply.Dbl d) {
      return "\"" + Doubles.format(d.value()) + "\"";
    } else if (r instanceof Reply.DblText d) {
      return "\"" + d.text() + "\"";
    } else if (r instanceof Reply.Pairs p) {
      return list(p.flat());
    } else if (r instanceof Reply.Arr a) {
      return list(a.items());
    }
    return show(r);
  }

  private static String list(Reply[] items) {
    List<String> out = new ArrayList<>();
    for (Reply i : items) {
      out.add(z(i));
    }
    return "[" + String.join(", ", out) + "]";
  }

  void zis(String expected, String... args) {
    assertEquals(expected, z(run(args)), String.join(" ", args));
  }

  ZSetValue zset(String key) {
    Keyspace.Entry e = engine.keyspace.find(key.getBytes(StandardCharsets.UTF_8));
    return e == null ? null : (ZSetValue) e.value;
  }

  String encoding(String key) {
    return zset(key).encoding();
  }

  void fill(String key, int n, String prefix) {
    for (int i = 0; i < n; i++) {
      run("zadd", key, Integer.toString(i), prefix + i);
    }
  }

  // ---- encodings ----

  @Test
  void listpackUpTo128EntriesThenSkiplistForGood() {
    fill("z", 128, "m");
    assertEquals("listpack", encoding("z"));
    is(":0", "zadd", "z", "xx", "1", "absent");
    assertEquals("listpack", encoding("z"));
    is(":1", "zadd", "z", "128", "m128");
    assertEquals("skiplist", encoding("z"));
    is(":129", "zremrangebyrank", "z", "0", "-1");
    is(":0", "exists", "z");
    fill("z", 200, "n");
    is(":199", "zremrangebyrank", "z", "0", "198");
    assertEquals("skiplist", encoding("z"), "never converts back on shrink");
    is("zset", "type", "z");
  }

  @Test
  void membersUpTo64BytesStayInTheListpack() {
    String m64 = "x".repeat(64);
    is(":1", "zadd", "a", "1", m64);
    assertEquals("listpack", encoding("a"));
    is(":0", "zadd", "a", "xx", "2", m64 + "y");
    assertEquals("listpack", encoding("a"), "XX of an absent long member converts nothing");
    is(":1", "zadd", "a", "2", m64 + "y");
    assertEquals("skiplist", encoding("a"));
    is(":1", "zadd", "b", "1", m64 + "z");
    assertEquals("skiplist", encoding("b"), "a new key with a long first member");
    zis("\"3\"", "zincrby", "c", "3", m64 + "q");
    assertEquals("skiplist", encoding("c"));
  }

  @Test
  void storedResultsAreEncodedBySize() {
    fill("big", 150, "m");
    is(":150", "zunionstore", "u", "1", "big");
    assertEquals("skiplist", encoding("u"));
    is(":128", "zrangestore", "r", "big", "0", "127");
    assertEquals("listpack", encoding("r"));
    is(":129", "zrangestore", "r", "big", "0", "128");
    assertEquals("skiplist", encoding("r"));
    is(":150", "zinterstore", "i", "1", "big", "weights", "2");
    zis("\"298\"", "zscore", "i", "m149");
    run("zadd", "small", "1", "m0", "2", "m1", "3", "m2");
    is(":3", "zinterstore", "i", "2", "big", "small");
    assertEquals("listpack", encoding("i"));
    is(":147", "zdiffstore", "d", "2", "big", "small");
    assertEquals("skiplist", encoding("d"));
    run("zadd", "long", "1", "L".repeat(65));
    is(":1", "zunionstore", "u2", "1", "long");
    assertEquals("skiplist", encoding("u2"));
  }

  @Test
  void negativeZeroIsZeroInAListpackOnly() {
    run("zadd", "l", "-0", "a");
    zis("\"0\"", "zscore", "l", "a");
    fill("s", 130, "m");
    run("zadd", "s", "-0", "a");
    zis("\"-0\"", "zscore", "s", "a");
    zis("[\"a\", \"-0\"]", "zrange", "s", "0", "0", "withscores");
    is("[\"0\", [\"a\", \"-0\"]]", "zscan", "s", "0", "match", "a", "count", "1000");
    is("[\"0\", [\"a\", \"0\"]]", "zscan", "l", "0");
  }

  // ---- replies and their RESP3 shapes ----

  @Test
  void replyTypes() {
    run("zadd", "z", "1", "a", "2.5", "b");
    assertInstanceOf(Reply.Dbl.class, run("zscore", "z", "a"));
    assertInstanceOf(Reply.Dbl.class, run("zincrby", "z", "1", "a"));
    assertInstanceOf(Reply.Pairs.class, run("zrange", "z", "0", "-1", "withscores"));
    assertInstanceOf(Reply.Arr.class, run("zrange", "z", "0", "-1"));
    assertInstanceOf(Reply.Pairs.class, run("zrandmember", "z", "2", "withscores"));
    assertInstanceOf(Reply.Pairs.class, run("zpopmin", "z", "1"));
    run("zadd", "z", "1", "a", "2.5", "b");
    assertInstanceOf(Reply.Arr.class, run("zpopmin", "z"));
    assertEquals("*2\r\n$1\r\nb\r\n,2.5\r\n", RespText.render(run("zpopmin", "z"), 3));
    run("zadd", "z", "1", "a", "2.5", "b");
    assertEquals("*2\r\n*2\r\n$1\r\na\r\n,1\r\n*2\r\n$1\r\nb\r\n,2.5\r\n",
        RespText.render(run("zrange", "z", "0", "-1", "withscores"), 3));
    assertEquals("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\nb\r\n$3\r\n2.5\r\n",
        RespText.render(run("zrange", "z", "0", "-1", "withscores"), 2));
    assertEquals("_\r\n", RespText.render(run("zscore", "z", "nosuch"), 3));
    assertEquals("*-1\r\n", RespText.render(run("zmpop", "1", "nosuch", "min"), 2));
    run("geoadd", "g", "13.361389", "38.115556", "Palermo");
    assertEquals("*1\r\n*2\r\n,13.36138933897018433\r\n,38.11555639549629859\r\n",
        RespText.render(run("geopos", "g", "Palermo"), 3));
  }

  @Test
  void wrongTypeEverywhere() {
    run("set", "s", "v");
    String[][] commands = {
        {"zadd", "s", "1", "a"}, {"zincrby", "s", "1", "a"}, {"zrem", "s", "a"},
        {"zcard", "s"}, {"zscore", "s", "a"}, {"zmscore", "s", "a"}, {"zrank", "s", "a"},
        {"zrevrank", "s", "a"}, {"zcount", "s", "0", "1"}, {"zlexcount", "s", "-", "+"},
        {"zrange", "s", "0", "1"}, {"zrangestore", "d", "s", "0", "1"},
        {"zrevrange", "s", "0", "1"}, {"zrangebyscore", "s", "0", "1"},
        {"zrevrangebyscore", "s", "1", "0"}, {"zrangebylex", "s", "-", "+"},
        {"zrevrangebylex", "s", "+", "-"}, {"zremrangebyrank", "s", "0", "1"},
        {"zremrangebyscore", "s", "0", "1"}, {"zremrangebylex", "s", "-", "+"},
        {"zpopmin", "s"}, {"zpopmax", "s"}, {"zmpop", "1", "s", "min"},
        {"bzpopmin", "s", "0"}, {"bzpopmax", "s", "0"}, {"bzmpop", "0", "1", "s", "max"},
        {"zrandmember", "s"}, {"zunion", "1", "s"}, {"zinter", "1", "s"}, {"zdiff", "1", "s"},
        {"zunionstore", "d", "1", "s"}, {"zinterstore", "d", "1", "s"},
        {"zdiffstore", "d", "1", "s"}, {"zintercard", "1", "s"}, {"zscan", "s", "0"},
        {"geoadd", "s", "1", "1", "a"}, {"geodist", "s", "a", "b"}, {"geohash", "s", "a"},
        {"geopos", "s", "a"}, {"georadius", "s", "1", "1", "1", "km"},
        {"georadiusbymember", "s", "a", "1", "km"}, {"georadius_ro", "s", "1", "1", "1", "km"},
        {"georadiusbymember_ro", "s", "a", "1", "km"},
        {"geosearch", "s", "frommember", "a", "byradius", "1", "km"},
        {"geosearchstore", "d", "s", "frommember", "a", "byradius", "1", "km"}};
    for (String[] c : commands) {
      err(Errors.WRONGTYPE, c);
    }
    is("\"v\"", "get", "s");
    is(":0", "exists", "d");
  }

  @Test
  void emptiedKeysAreDeleted() {
    run("zadd", "z", "1", "a", "2", "b");
    is(":2", "zrem", "z", "a", "b", "c");
    is(":0", "exists", "z");
    run("zadd", "z", "1", "a");
    run("zpopmax", "z");
    is(":0", "exists", "z");
    run("zadd", "z", "1", "a");
    run("zmpop", "1", "z", "min", "count", "5");
    is(":0", "exists", "z");
    run("zadd", "z", "1", "a");
    run("zremrangebyscore", "z", "-inf", "+inf");
    is(":0", "exists", "z");
    run("zadd", "z", "0", "a");
    run("zremrangebylex", "z", "-", "+");
    is(":0", "exists", "z");
    run("zadd", "z", "0", "a");
    run("bzpopmin", "z", "0");
    is(":0", "exists", "z");
    run("zadd", "d", "1", "x");
    is(":0", "zinterstore", "d", "2", "z", "nokey");
    is(":0", "exists", "d");
    run("zadd", "d", "1", "x");
    is(":0", "zrangestore", "d", "nokey", "0", "-1");
    is(":0", "exists", "d");
    run("zadd", "d", "1", "x");
    is(":0", "georadius", "nokey", "1", "1", "1", "km", "store", "d");
    is(":0", "exists", "d");
  }

  @Test
  void storeReplacesAnyTypeAndClearsTheDeadline() {
    run("set", "d", "v", "px", "100000");
    run("zadd", "z", "1", "a");
    is(":1", "zunionstore", "d", "1", "z");
    is("zset", "type", "d");
    is(":-1", "ttl", "d");
    run("pexpire", "d", "100000");
    is(":1", "zrangestore", "d", "z", "0", "-1");
    is(":-1", "ttl", "d");
  }

  @Test
  void expiredKeysAreAbsent() {
    run("zadd", "z", "1", "a");
    run("pexpire", "z", "10");
    now += 11;
    is(":0", "zcard", "z");
    is("(nil)", "zscore", "z", "a");
    is(":1", "zadd", "z", "2", "b");
    is(":-1", "ttl", "z");
    zis("[\"b\", \"2\"]", "zrange", "z", "0", "-1", "withscores");
  }

  // ---- randomness ----

  @Test
  void randomRepliesFollowTheSeedAndTime() {
    fill("z", 50, "m");
    fill("big", 300, "b");
    for (String key : new String[] {"z", "big"}) {
      String a = z(run("zrandmember", key, "10"));
      assertEquals(a, z(run("zrandmember", key, "10")), "same time, same reply");
      String b = z(run("zrandmember", key, "-20", "withscores"));
      assertEquals(b, z(run("zrandmember", key, "-20", "withscores")));
      now += 1;
      assertNotEquals(a + b, z(run("zrandmember", key, "10"))
          + z(run("zrandmember", key, "-20", "withscores")));
    }
    Reply[] items = ((Reply.Arr) run("zrandmember", "z", "30")).items();
    Set<String> distinct = new HashSet<>();
    for (Reply r : items) {
      distinct.add(show(r));
    }
    assertEquals(30, distinct.size(), "a positive count draws distinct members");
    assertEquals(200, ((Reply.Arr) run("zrandmember", "z", "-200")).items().length);
    assertEquals(50, ((Reply.Arr) run("zrandmember", "z", "500")).items().length);
    assertTrue(show(run("zrandmember", "z")).startsWith("\"m"));
  }

  @Test
  void randomCountBound() {
    run("zadd", "z", "1", "a");
    long max = Sampling.REPLY_COUNT_MAX;
    assertEquals(max, ((Reply.Arr) run("zrandmember", "z", Long.toString(-max))).items().length);
    err(Errors.OUT_OF_RANGE, "zrandmember", "z", Long.toString(-max - 1));
  }

  // ---- codec and snapshots ----

  @Test
  void codecRoundTrips() {
    fill("l", 10, "m");
    run("zadd", "l", "-inf", "ninf", "inf", "pinf", "0.1", "tenth");
    fill("s", 200, "m");
    run("zadd", "s", "-0", "negzero", "1e300", "huge");
    run("zadd", "one", "5", "x".repeat(100));
    for (String key : new String[] {"l", "s", "one"}) {
      ZSetValue v = zset(key);
      byte[] bytes = ValueCodec.encode(v);
      assertEquals(ValueCodec.TAG_ZSET, bytes[0]);
      ZSetValue back = (ZSetValue) ValueCodec.decode(bytes);
      back.checkInvariants();
      assertEquals(v.encoding(), back.encoding());
      assertArrayEquals(bytes, ValueCodec.encode(back));
      assertEquals(dump(v), dump(back));
    }
    assertEquals(-0.0, ((ZSetValue) ValueCodec.decode(ValueCodec.encode(zset("s"))))
        .score("negzero".getBytes(StandardCharsets.UTF_8)));
  }

  private static String dump(ZSetValue v) {
    StringBuilder sb = new StringBuilder();
    v.forEach((m, s) -> sb.append(new String(m, StandardCharsets.UTF_8)).append('=')
        .append(Double.doubleToRawLongBits(s)).append(' '));
    return sb.toString();
  }

  @Test
  void codecRefusesCorruption() {
    run("zadd", "z", "1", "a", "2", "b");
    byte[] good = ValueCodec.encode(zset("z"));
    assertThrows(IllegalArgumentException.class,
        () -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length - 1)));
    assertThrows(IllegalArgumentException.class,
        () -> ValueCodec.decode(java.util.Arrays.copyOf(good, good.length + 1)));
    byte[] version = good.clone();
    version[1] = 9;
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(version));
    byte[] encoding = good.clone();
    encoding[2] = 7;
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(encoding));
    // [tag, version, encoding, count=2, len 1, 'a', 8 score bytes, len 1, 'b', 8 score bytes]
    byte[] unordered = good.clone();
    System.arraycopy(good, 16, unordered, 6, 8);
    System.arraycopy(good, 6, unordered, 16, 8);
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(unordered));
    byte[] duplicate = good.clone();
    duplicate[15] = 'a';
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(duplicate));
    byte[] nan = good.clone();
    System.arraycopy(new byte[] {0x7f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}, 0, nan, 16, 8);
    assertThrows(IllegalArgumentException.class, () -> ValueCodec.decode(nan));
  }

  @Test
  void snapshotKeepsThePreImage() {
    run("zadd", "small", "1", "a", "2", "b");
    fill("big", 150, "m");
    for (int i = 0; i < 200; i++) {
      run("set", "filler" + i, "v");
    }
    String small = dump(zset("small"));
    String big = dump(zset("big"));
    SnapshotCursor c = engine.openSnapshot();
    run("zadd", "small", "5", "a", "3", "c");
    run("zincrby", "big", "100", "m1");
    run("zpopmin", "big", "3");
    run("zremrangebyscore", "big", "50", "60");
    run("zrem", "small", "b");
    java.util.Map<String, String> seen = new java.util.HashMap<>();
    while (c.next(16, (k, v, exp) -> {
      Object value = ValueCodec.decode(v);
      if (value instanceof ZSetValue zv) {
        seen.put(new String(k, StandardCharsets.UTF_8), dump(zv));
      }
    })) {
      run("zadd", "big", "1000", "late");
    }
    c.close();
    assertEquals(small, seen.get("small"));
    assertEquals(big, seen.get("big"));
    zis("[\"c\", \"a\"]", "zrange", "small", "0", "-1");
  }

  @Test
  void copyIsDeep() {
    fill("s", 150, "m");
    run("zadd", "l", "1", "a");
    is(":1", "copy", "s", "s2");
    is(":1", "copy", "l", "l2");
    run("zadd", "s2", "1000", "extra");
    run("zadd", "l2", "9", "b");
    is(":150", "zcard", "s");
    is(":1", "zcard", "l");
    assertEquals("skiplist", encoding("s2"));
    assertEquals(dump(zset("l")), "a=" + Double.doubleToRawLongBits(1) + " ");
    is("OK", "rename", "s2", "s3");
    is(":151", "zcard", "s3");
  }

  // ---- ZSCAN ----

  @Test
  void zscanSeesEveryStableMemberWhileTheSetChanges() {
    fill("z", 200, "m");
    run("zremrangebyscore", "z", "40", "+inf");
    Set<String> seen = new HashSet<>();
    long cursor = 0;
    int step = 0;
    boolean rehashed = false;
    do {
      Reply[] r = ((Reply.Arr) run("zscan", "z", Long.toUnsignedString(cursor), "count", "3"))
          .items();
      cursor = Long.parseUnsignedLong(new String(((Reply.Bulk) r[0]).bytes(),
          StandardCharsets.UTF_8));
      Reply[] items = ((Reply.Arr) r[1]).items();
      for (int i = 0; i < items.length; i += 2) {
        seen.add(new String(((Reply.Bulk) items[i]).bytes(), StandardCharsets.UTF_8));
      }
      // Grow the table far, then shrink it again, between calls: both rehash incrementally.
      if (step++ % 2 == 0) {
        for (int i = 0; i < 300; i++) {
          run("zadd", "z", "1000", "tmp" + i);
        }
      } else {
        run("zremrangebyscore", "z", "1000", "1000");
      }
      rehashed |= zset("z").isRehashing();
    } while (cursor != 0);
    assertTrue(rehashed, "the scan ran across rehashes");
    for (int i = 0; i < 40; i++) {
      assertTrue(seen.contains("m" + i), "m" + i);
    }
  }

  @Test
  void zscanOptions() {
    fill("z", 200, "m");
    Reply r = run("zscan", "z", "0", "match", "m1?", "count", "1000");
    Reply[] items = ((Reply.Arr) ((Reply.Arr) r).items()[1]).items();
    assertEquals(20, items.length);
    err(Errors.SYNTAX, "zscan", "z", "0", "count", "0");
    err(Errors.INVALID_CURSOR, "zscan", "z", "x");
    is("[\"0\", []]", "zscan", "nokey", "0", "bad", "options");
  }

  // ---- blocking ----

  @Test
  void blockingPopsServeOrBlock() {
    assertSame(Reply.BLOCKED, run("bzpopmin", "a", "b", "0"));
    assertSame(Reply.BLOCKED, run("bzmpop", "0", "2", "a", "b", "min"));
    assertEquals(0, engine.keyCount());
    run("zadd", "b", "1", "x", "2", "y");
    zis("[\"b\", \"x\", \"1\"]", "bzpopmin", "a", "b", "0");
    zis("[\"b\", [[\"y\", \"2\"]]]", "bzmpop", "1.5", "2", "a", "b", "max", "count", "5");
    is(":0", "exists", "b");
    assertSame(Reply.BLOCKED, run("bzpopmax", "b", "0.01"));
    err(Errors.TIMEOUT_NEGATIVE, "bzpopmin", "a", "-1");
    err(Errors.TIMEOUT_NOT_FLOAT, "bzpopmin", "a", "x");
    err(Errors.NUMKEYS_NOT_POSITIVE, "bzmpop", "0", "0", "a", "min");
    run("set", "s", "v");
    err(Errors.WRONGTYPE, "bzpopmin", "a", "s", "0");
  }

  // ---- plain sets as inputs ----

  @Test
  void plainSetsScoreOne() {
    // replies recorded on redis-server 7.0.15; s is a hashtable set, n an intset
    run("sadd", "s", "a", "b", "x");
    run("zadd", "z", "1", "x", "2", "y", "3", "z");
    zis("[\"a\", \"1\", \"b\", \"1\", \"x\", \"2\", \"y\", \"2\", \"z\", \"3\"]",
        "zunion", "2", "z", "s", "withscores");
    zis("[\"a\", \"2\", \"b\", \"2\", \"y\", \"2\", \"x\", \"3\", \"z\", \"3\"]",
        "zunion", "2", "z", "s", "weights", "1", "2", "withscores");
    zis("[\"x\", \"1\"]", "zinter", "2", "z", "s", "aggregate", "min", "withscores");
    zis("[\"a\", \"1\", \"b\", \"1\"]", "zdiff", "2", "s", "z", "withscores");
    is(":1", "zintercard", "2", "s", "z");
    is(":3", "zunionstore", "d", "1", "s");
    zis("[\"a\", \"1\", \"b\", \"1\", \"x\", \"1\"]", "zrange", "d", "0", "-1", "withscores");
    err(Errors.WRONGTYPE, "zrange", "s", "0", "-1");
    err(Errors.WRONGTYPE, "zadd", "s", "1", "a");
    run("sadd", "n", "3", "1", "2", "10");
    assertEquals("intset", engine.keyspace.find(argv("n")[0]).value instanceof SetValue v
        ? v.encoding() : null);
    zis("[\"1\", \"1\", \"10\", \"1\", \"2\", \"1\", \"3\", \"1\", \"x\", \"1\", \"y\", \"2\","
        + " \"z\", \"3\"]", "zunion", "2", "n", "z", "withscores");
    is(":4", "zinterstore", "d2", "2", "n", "n", "weights", "2", "3");
    zis("[\"1\", \"5\", \"10\", \"5\", \"2\", \"5\", \"3\", \"5\"]", "zrange", "d2", "0", "-1",
        "withscores");
    is(":4", "zdiffstore", "d3", "2", "n", "s");
    is(":2", "zintercard", "2", "n", "n", "limit", "2");
    zis("[\"a\", \"1\", \"b\", \"1\", \"x\", \"1\"]", "zunion", "2", "s", "missing",
        "withscores");
    zis("[]", "zinter", "2", "s", "n");
    is(":4", "scard", "n");
  }

  // ---- validation before the log, key positions ----

  @Test
  void validatorsRejectBeforeTheLog() {
    CommandTable t = engine.commands();
    assertEquals(Errors.ZADD_NX_XX, reject(t, "zadd", "k", "nx", "xx", "1", "a"));
    assertEquals(Errors.NOT_FLOAT, reject(t, "zadd", "k", "x", "a"));
    assertEquals(Errors.MIN_MAX_NOT_FLOAT, reject(t, "zcount", "k", "x", "1"));
    assertEquals(Errors.MIN_MAX_NOT_STRING, reject(t, "zremrangebylex", "k", "x", "+"));
    assertEquals(Errors.LIMIT_NEEDS_BY, reject(t, "zrange", "k", "0", "1", "limit", "0", "1"));
    assertEquals(Errors.SYNTAX, reject(t, "zrangestore", "d", "k", "0", "1", "withscores"));
    assertEquals(Errors.NOT_POSITIVE, reject(t, "zpopmin", "k", "-1"));
    assertEquals(Errors.TIMEOUT_NEGATIVE, reject(t, "bzpopmin", "k", "-1"));
    assertEquals(Errors.noInputKey("zunionstore"), reject(t, "zunionstore", "d", "0", "k"));
    assertEquals(Errors.SYNTAX, reject(t, "zinter", "3", "a", "b"));
    assertEquals(Errors.INVALID_CURSOR, reject(t, "zscan", "k", "x"));
    assertEquals(Errors.GEO_UNIT, reject(t, "geodist", "k", "a", "b", "yd"));
    assertTrue(reject(t, "geoadd", "k", "200", "1", "a").startsWith("ERR invalid longitude"));
    // After the lookup in Redis: a missing key answers first, so no validator may refuse.
    assertNull(t.reject(argv("zunion", "1", "k", "weights", "x")));
    run("set", "str", "v");
    err(Errors.WRONGTYPE, "zunion", "1", "str", "weights", "x");
    err(Errors.WEIGHT_NOT_FLOAT, "zunion", "1", "k", "weights", "x");
    assertNull(t.reject(argv("zscan", "k", "0", "count", "0")));
    assertNull(t.reject(argv("georadius", "k", "1", "1", "-1", "km")));
    assertNull(t.reject(argv("geosearch", "k", "bybox", "1", "1", "km", "asc")));
    is("[]", "georadiusbymember", "k", "m", "abc", "km");
  }

  private static String reject(CommandTable t, String... args) {
    Reply r = t.reject(argv(args));
    return r == null ? null : ((Reply.Err) r).text();
  }

  @Test
  void keyPositionsOfMovableCommands() {
    CommandTable t = engine.commands();
    assertArrayEquals(new int[] {1, 3, 4}, positions(t, "zunionstore", "d", "2", "a", "b",
        "weights", "1", "2"));
    assertArrayEquals(new int[] {2, 3}, positions(t, "zunion", "2", "a", "b", "withscores"));
    assertArrayEquals(new int[0], positions(t, "zunion", "5", "a", "b"));
    assertArrayEquals(new int[] {3, 4}, positions(t, "bzmpop", "0", "2", "a", "b", "min"));
    assertArrayEquals(new int[] {1, 7, 9}, positions(t, "georadius", "k", "1", "2", "3", "km",
        "store", "s", "storedist", "t"));
    assertArrayEquals(new int[] {1}, positions(t, "georadius", "k", "1", "2", "3", "km"));
    assertArrayEquals(new int[] {1, 2}, positions(t, "zrangestore", "d", "s", "0", "1"));
    assertArrayEquals(new int[] {1, 2}, positions(t, "bzpopmin", "a", "b", "0"));
    assertTrue(t.lookup("zunion").flags().contains(CommandFlag.MOVABLEKEYS));
    assertFalse(t.lookup("zadd").flags().contains(CommandFlag.MOVABLEKEYS));
  }

  private static int[] positions(CommandTable t, String... args) {
    return t.lookup(args[0]).keyPositions(argv(args));
  }
}
