package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Hash commands beyond the recorded transcripts: the hashtable encoding (whose order differs
 * from Redis's), randomness, SCAN under change, the codec and snapshots.
 */
class HashCommandsTest extends EngineTestBase {

  @AfterEach
  void checkHashes() {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof HashValue h) {
        h.checkInvariants();
        assertTrue(h.size() > 0, "empty hash stored");
      }
    });
  }

  static String str(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  private HashValue hash(String key) {
    return (HashValue) engine.keyspace.find(Parse.bytes(key)).value;
  }

  /** field -> value as HGETALL lists them (sorted, for the hashtable's order). */
  private Map<String, String> getall(String key) {
    Reply.MapReply m = (Reply.MapReply) run("hgetall", key);
    Map<String, String> out = new TreeMap<>();
    Reply[] kv = m.keysAndValues();
    for (int i = 0; i < kv.length; i += 2) {
      String f = str(((Reply.Bulk) kv[i]).bytes());
      assertNull(out.put(f, str(((Reply.Bulk) kv[i + 1]).bytes())), "listed twice: " + f);
    }
    return out;
  }

  private void fill(String key, int from, int to) {
    List<String> args = new ArrayList<>(List.of("hset", key));
    for (int i = from; i < to; i++) {
      args.add("f" + i);
      args.add("v" + i);
    }
    run(args.toArray(new String[0]));
  }

  @Test
  void replyTypes() {
    is(":2", "hset", "h", "a", "1", "b", "2");
    assertInstanceOf(Reply.MapReply.class, run("hgetall", "h"));
    assertInstanceOf(Reply.MapReply.class, run("hgetall", "missing"));
    assertInstanceOf(Reply.Arr.class, run("hkeys", "h"));
    assertInstanceOf(Reply.Arr.class, run("hrandfield", "h", "2"));
    assertInstanceOf(Reply.Pairs.class, run("hrandfield", "h", "2", "withvalues"));
    assertInstanceOf(Reply.Pairs.class, run("hrandfield", "h", "-5", "WithValues"));
    assertInstanceOf(Reply.Bulk.class, run("hincrbyfloat", "h", "a", "1"));
    assertEquals(Reply.NULL, run("hget", "h", "zz"));
    assertEquals(Reply.NULL, run("hrandfield", "missing"));
    assertEquals(Reply.OK, run("hmset", "h", "c", "3"));
  }

  @Test
  void hashtableKeepsEveryField() {
    fill("h", 0, 600);
    assertEquals("hashtable", hash("h").encoding());
    Map<String, String> m = getall("h");
    assertEquals(600, m.size());
    for (int i = 0; i < 600; i++) {
      assertEquals("v" + i, m.get("f" + i));
    }
    is(":0", "hset", "h", "f5", "new");
    is("\"new\"", "hget", "h", "f5");
    is(":3", "hstrlen", "h", "f5");
    is(":1", "hexists", "h", "f599");
    is(":3", "hdel", "h", "f1", "f2", "f3", "f3");
    is(":597", "hlen", "h");
    is(":7", "hincrby", "h", "n", "7");
    is("\"7.5\"", "hincrbyfloat", "h", "n", "0.5");
    assertEquals(598, ((Reply.Arr) run("hkeys", "h")).items().length);
    assertEquals(598, ((Reply.Arr) run("hvals", "h")).items().length);
    List<String> fields = new ArrayList<>();
    for (int i = 0; i < 600; i++) {
      fields.add("f" + i);
    }
    fields.add(0, "h");
    fields.add(0, "hdel");
    fields.add("n");
    is(":598", fields.toArray(new String[0]));
    is(":0", "exists", "h");
    assertNull(engine.keyspace.find(Parse.bytes("h")));
  }

  @Test
  void typeAndCopyAndRename() {
    fill("h", 0, 3);
    is("hash", "type", "h");
    is(":1", "copy", "h", "c");
    is(":1", "hset", "c", "new", "x");
    is(":3", "hlen", "h");
    is(":4", "hlen", "c");
    fill("big", 0, 1000);
    is(":1", "copy", "big", "big2");
    is(":1", "hdel", "big2", "f0");
    is(":1000", "hlen", "big");
    is("OK", "rename", "big2", "moved");
    is(":999", "hlen", "moved");
    is("\"v999\"", "hget", "moved", "f999");
  }

  @Test
  void errorsChangeNothing() {
    is(":1", "hset", "h", "s", "foo");
    err("ERR hash value is not an integer", "hincrby", "h", "s", "1");
    err("ERR hash value is not a float", "hincrbyfloat", "h", "s", "1");
    err("ERR value is NaN or Infinity", "hincrbyfloat", "nokey", "s", "inf");
    is(":0", "exists", "nokey");
    err("ERR value is not an integer or out of range", "hincrby", "nokey", "s", "x");
    is(":0", "exists", "nokey");
    is("{\"s\", \"foo\"}", "hgetall", "h");
  }

  @Test
  void validatorsRejectBeforeTheLog() {
    CommandTable t = engine.commands();
    assertEquals("ERR wrong number of arguments for 'hset' command",
        ((Reply.Err) t.reject(argv("hset", "h", "a", "1", "b"))).text());
    assertEquals("ERR wrong number of arguments for 'hmset' command",
        ((Reply.Err) t.reject(argv("hmset", "h", "a"))).text());
    assertEquals(Errors.NOT_INTEGER, ((Reply.Err) t.reject(argv("hincrby", "h", "a", "x"))).text());
    assertEquals(Errors.NAN_OR_INFINITY,
        ((Reply.Err) t.reject(argv("hincrbyfloat", "h", "a", "-inf"))).text());
    assertEquals(Errors.NOT_FLOAT,
        ((Reply.Err) t.reject(argv("hincrbyfloat", "h", "a", "1x"))).text());
    assertEquals(Errors.SYNTAX,
        ((Reply.Err) t.reject(argv("hrandfield", "h", "1", "withvalue"))).text());
    assertEquals(Errors.OUT_OF_RANGE,
        ((Reply.Err) t.reject(argv("hrandfield", "h", "-5000000000000000000", "withvalues")))
            .text());
    assertEquals(Errors.INVALID_CURSOR, ((Reply.Err) t.reject(argv("hscan", "h", "x"))).text());
    // HSCAN's options are parsed after the lookup: a missing key hides their errors
    assertNull(t.reject(argv("hscan", "h", "0", "count", "0")));
    assertNull(t.reject(argv("hset", "h", "a", "1")));
    assertNull(t.reject(argv("hrandfield", "h", "-3", "WITHVALUES")));
  }

  @Test
  void hrandfieldCounts() {
    fill("small", 0, 5);
    fill("big", 0, 700);
    for (String key : List.of("small", "big")) {
      int size = key.equals("small") ? 5 : 700;
      Reply[] distinct = ((Reply.Arr) run("hrandfield", key, "4")).items();
      assertEquals(4, distinct.length);
      assertEquals(4, names(distinct, 1).size());
      Reply[] repeats = ((Reply.Arr) run("hrandfield", key, "-2000")).items();
      assertEquals(2000, repeats.length);
      assertTrue(names(repeats, 1).size() < 2000);
      Reply[] pairs = ((Reply.Pairs) run("hrandfield", key, "-30", "withvalues")).flat();
      assertEquals(60, pairs.length);
      for (int i = 0; i < pairs.length; i += 2) {
        String f = str(((Reply.Bulk) pairs[i]).bytes());
        assertEquals("v" + f.substring(1), str(((Reply.Bulk) pairs[i + 1]).bytes()));
      }
      Reply[] all = ((Reply.Pairs) run("hrandfield", key, "100000", "withvalues")).flat();
      assertEquals(2 * size, all.length);
      assertEquals(size, names(all, 2).size());
      Reply one = run("hrandfield", key);
      assertTrue(str(((Reply.Bulk) one).bytes()).startsWith("f"));
    }
    err("ERR value is out of range", "hrandfield", "big", "-1048577");
    assertEquals(1 << 20, ((Reply.Arr) run("hrandfield", "small", "-1048576")).items().length);
  }

  private static Set<String> names(Reply[] items, int stride) {
    Set<String> out = new HashSet<>();
    for (int i = 0; i < items.length; i += stride) {
      out.add(str(((Reply.Bulk) items[i]).bytes()));
    }
    return out;
  }

  /** A random read derives from its time: the same time gives the same answer. */
  @Test
  void hrandfieldIsDeterministic() {
    fill("h", 0, 700);
    String a = show(run("hrandfield", "h", "10"));
    assertEquals(a, show(run("hrandfield", "h", "10")));
    Engine other = new Engine();
    other.write(argv("hset", "h", "x", "y"), now, 1);
    other.write(argv("del", "h"), now, 1);
    for (int i = 0; i < 700; i++) {
      other.write(argv("hset", "h", "f" + i, "v" + i), now, 7);
    }
    assertEquals(a, show(other.read(argv("hrandfield", "h", "10"), now)));
    now += 1;
    assertNotEquals(a, show(run("hrandfield", "h", "10")));
  }

  /**
   * Every field present during a whole HSCAN is returned at least once, while the hash grows
   * and shrinks between calls (the index resizes both ways).
   */
  @Test
  void hscanUnderChange() {
    fill("h", 0, 1000);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    int next = 1000;
    do {
      Reply.Arr r = (Reply.Arr) run("hscan", "h", cursor, "count", "20");
      cursor = str(((Reply.Bulk) r.items()[0]).bytes());
      Reply[] items = ((Reply.Arr) r.items()[1]).items();
      assertEquals(0, items.length % 2);
      seen.addAll(names(items, 2));
      calls++;
      if (calls <= 40) {
        fill("h", next, next + 400); // grows the index to 32768 buckets
        next += 400;
      } else if (calls == 41) {
        List<String> del = new ArrayList<>(List.of("hdel", "h"));
        for (int i = 1000; i < next; i++) {
          del.add("f" + i);
        }
        run(del.toArray(new String[0])); // shrinks it to 1024 again
      }
    } while (!cursor.equals("0"));
    for (int i = 0; i < 1000; i++) {
      assertTrue(seen.contains("f" + i), "missed f" + i);
    }
    assertTrue(calls > 41, "calls " + calls);
  }

  @Test
  void hscanOptionsOnATable() {
    fill("h", 0, 1000);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    do {
      Reply.Arr r = (Reply.Arr) run("hscan", "h", cursor, "match", "f1*", "count", "100");
      cursor = str(((Reply.Bulk) r.items()[0]).bytes());
      Reply[] items = ((Reply.Arr) r.items()[1]).items();
      for (int i = 0; i < items.length; i += 2) {
        String f = str(((Reply.Bulk) items[i]).bytes());
        assertTrue(f.startsWith("f1"), f);
        assertEquals("v" + f.substring(1), str(((Reply.Bulk) items[i + 1]).bytes()));
        seen.add(f);
      }
    } while (!cursor.equals("0"));
    assertEquals(111, seen.size());
    err("ERR syntax error", "hscan", "h", "0", "count", "0");
    err("ERR syntax error", "hscan", "h", "0", "type", "hash");
    Reply.Arr first = (Reply.Arr) run("hscan", "h", "0");
    assertNotEquals("0", str(((Reply.Bulk) first.items()[0]).bytes()));
  }

  @Test
  void positionsAgree() {
    fill("lp", 0, 50);
    fill("ht", 0, 600);
    for (String k : List.of("lp", "ht")) {
      HashValue h = hash(k);
      HashValue.Pairs p = h.pairs();
      for (int i = 0; i < h.size(); i++) {
        assertArrayEquals(p.field(i), h.fieldAt(i));
        assertArrayEquals(p.value(i), h.get(p.field(i)));
      }
    }
    // a huge COUNT gathers the whole table in one call
    Reply.Arr all = (Reply.Arr) run("hscan", "ht", "0", "count", "9223372036854775807");
    assertEquals("\"0\"", show(all.items()[0]));
    assertEquals(1200, ((Reply.Arr) all.items()[1]).items().length);
  }

  @Test
  void codecRoundTrips() {
    is(":3", "hset", "lp", "a", "1", "b", "", "", "empty field");
    fill("ht", 0, 600);
    is(":1", "hdel", "ht", "f7");
    is(":1", "hset", "long", "a", "x".repeat(65));
    for (String key : List.of("lp", "ht", "long")) {
      HashValue h = hash(key);
      byte[] enc = ValueCodec.encode(h);
      assertEquals(ValueCodec.TAG_HASH, enc[0]);
      HashValue back = (HashValue) ValueCodec.decode(enc);
      back.checkInvariants();
      assertEquals(h.encoding(), back.encoding());
      assertArrayEquals(enc, ValueCodec.encode(back));
      assertEquals(listing(h), listing(back), key);
    }
    // tag, version, encoding, count, then each entry a length byte and its bytes
    assertEquals(4 + 2 + 2 + 2 + 1 + 1 + 12, ValueCodec.encode(hash("lp")).length);
  }

  /** The pairs in the hash's own order, which random picks and listings follow. */
  static List<String> listing(HashValue h) {
    List<String> out = new ArrayList<>();
    HashValue.Pairs p = h.pairs();
    for (int i = 0; i < p.size(); i++) {
      out.add(str(p.field(i)) + "=" + str(p.value(i)));
    }
    return out;
  }

  @Test
  void codecRejectsCorruptValues() {
    fill("ht", 0, 600);
    byte[] good = ValueCodec.encode(hash("ht"));
    List<byte[]> bad = new ArrayList<>();
    bad.add(java.util.Arrays.copyOf(good, good.length - 1));
    bad.add(java.util.Arrays.copyOf(good, good.length + 1));
    byte[] version = good.clone();
    version[1] = 9;
    bad.add(version);
    byte[] enc = good.clone();
    enc[2] = 7;
    bad.add(enc);
    bad.add(new byte[] {ValueCodec.TAG_HASH, 0, 0, 1, 70});
    for (byte[] b : bad) {
      try {
        ValueCodec.decode(b);
        throw new AssertionError("accepted a corrupt hash");
      } catch (IllegalArgumentException expected) {
        // refused, as it must be
      }
    }
  }

  /** A snapshot keeps the hash as it was while commands change it in place. */
  @Test
  void snapshotSeesThePreImage() {
    fill("lp", 0, 10);
    fill("ht", 0, 600);
    Map<String, List<String>> before = new HashMap<>();
    for (String k : List.of("lp", "ht")) {
      before.put(k, listing(hash(k)));
    }
    SnapshotCursor c = engine.openSnapshot();
    run("hset", "lp", "f0", "changed", "new", "x");
    run("hdel", "ht", "f1", "f2");
    run("hincrby", "ht", "counter", "5");
    run("hset", "fresh", "a", "1");
    run("del", "lp");
    Map<String, List<String>> got = new HashMap<>();
    while (c.next(1, (k, v, exp) -> {
      assertNull(got.put(str(k), listing((HashValue) ValueCodec.decode(v))));
    })) {
      // one record per call
    }
    c.close();
    assertEquals(before, got);
    is(":599", "hlen", "ht");
  }

  /** The hash's order survives a snapshot, so a restored replica picks the same fields. */
  @Test
  void restoredReplicaPicksAlike() {
    fill("h", 0, 2000);
    List<String> del = new ArrayList<>(List.of("hdel", "h"));
    for (int i = 0; i < 2000; i += 3) {
      del.add("f" + i);
    }
    run(del.toArray(new String[0]));
    Engine replica = new Engine();
    try (SnapshotCursor c = engine.openSnapshot()) {
      while (c.next(10, replica::restore)) {
        // copy everything
      }
    }
    assertEquals(listing(hash("h")),
        listing((HashValue) replica.keyspace.find(Parse.bytes("h")).value));
    assertEquals(show(run("hrandfield", "h", "-20", "withvalues")),
        show(replica.read(argv("hrandfield", "h", "-20", "withvalues"), now)));
    // the same buckets, so the same cursors (a chain's order may differ)
    Reply.Arr mine = (Reply.Arr) run("hscan", "h", "0");
    Reply.Arr theirs = (Reply.Arr) replica.read(argv("hscan", "h", "0"), now);
    assertEquals(show(mine.items()[0]), show(theirs.items()[0]));
    assertEquals(names(((Reply.Arr) mine.items()[1]).items(), 2),
        names(((Reply.Arr) theirs.items()[1]).items(), 2));
  }
}
