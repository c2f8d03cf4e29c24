package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Set commands beyond the recorded transcripts: the hashtable encoding (whose order differs
 * from Redis's), SPOP and SRANDMEMBER, SSCAN under change, the codec and snapshots.
 */
class SetCommandsTest extends EngineTestBase {

  @AfterEach
  void checkSets() {
    engine.keyspace.forEach(e -> {
      if (e.value instanceof SetValue s) {
        s.checkInvariants();
        assertTrue(s.size() > 0, "empty set stored");
      }
    });
  }

  private SetValue set(String key) {
    Keyspace.Entry e = engine.keyspace.find(Parse.bytes(key));
    return e == null ? null : (SetValue) e.value;
  }

  private static Set<String> members(Reply r) {
    Reply[] items = r instanceof Reply.SetReply s ? s.items() : ((Reply.Arr) r).items();
    Set<String> out = new TreeSet<>();
    for (Reply i : items) {
      assertTrue(out.add(HashCommandsTest.str(((Reply.Bulk) i).bytes())), "twice: " + show(i));
    }
    return out;
  }

  private static List<String> order(SetValue s) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < s.size(); i++) {
      out.add(HashCommandsTest.str(s.memberAt(i)));
    }
    return out;
  }

  private void add(String key, String prefix, int from, int to) {
    List<String> args = new ArrayList<>(List.of("sadd", key));
    for (int i = from; i < to; i++) {
      args.add(prefix + i);
    }
    run(args.toArray(new String[0]));
  }

  private static Set<String> range(String prefix, int from, int to) {
    Set<String> out = new TreeSet<>();
    for (int i = from; i < to; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  @Test
  void replyTypes() {
    is(":3", "sadd", "s", "a", "b", "c");
    assertInstanceOf(Reply.SetReply.class, run("smembers", "s"));
    assertInstanceOf(Reply.SetReply.class, run("smembers", "missing"));
    assertInstanceOf(Reply.SetReply.class, run("sinter", "s", "s"));
    assertInstanceOf(Reply.SetReply.class, run("sunion", "s"));
    assertInstanceOf(Reply.SetReply.class, run("sdiff", "s"));
    assertInstanceOf(Reply.SetReply.class, run("spop", "s", "1"));
    assertInstanceOf(Reply.SetReply.class, run("spop", "missing", "1"));
    assertInstanceOf(Reply.Arr.class, run("srandmember", "s", "1"));
    assertInstanceOf(Reply.Arr.class, run("srandmember", "s", "10"));
    assertInstanceOf(Reply.Arr.class, run("smismember", "s", "a"));
    assertInstanceOf(Reply.Bulk.class, run("spop", "s"));
    assertEquals(Reply.NULL, run("srandmember", "missing"));
  }

  @Test
  void hashtableSets() {
    add("s", "m", 0, 1000);
    assertEquals("hashtable", set("s").encoding());
    assertEquals(range("m", 0, 1000), members(run("smembers", "s")));
    is(":0", "sadd", "s", "m5");
    is(":2", "srem", "s", "m5", "m6", "nope");
    is(":998", "scard", "s");
    is("[:1, :0]", "smismember", "s", "m7", "m6");
    add("t", "m", 500, 1500);
    assertEquals(range("m", 500, 1000), members(run("sinter", "s", "t")));
    Set<String> union = range("m", 0, 1500);
    union.remove("m5");
    union.remove("m6");
    assertEquals(union, members(run("sunion", "s", "t")));
    Set<String> diff = range("m", 0, 500);
    diff.remove("m5");
    diff.remove("m6");
    assertEquals(diff, members(run("sdiff", "s", "t")));
    is(":500", "sintercard", "2", "s", "t");
    is(":10", "sintercard", "2", "s", "t", "limit", "10");
    is(":1498", "sunionstore", "u", "s", "t");
    assertEquals(union, members(run("smembers", "u")));
    is(":498", "sdiffstore", "u", "s", "t");
    assertEquals(diff, members(run("smembers", "u")));
    is(":500", "sinterstore", "u", "t", "s");
    assertEquals(range("m", 500, 1000), members(run("smembers", "u")));
  }

  @Test
  void intsetConversions() {
    add("s", "", 0, 512);
    assertEquals("intset", set("s").encoding());
    is(":1", "sadd", "s", "512");
    assertEquals("hashtable", set("s").encoding());
    // the table got the members in ascending order, the new one last
    assertEquals("0", order(set("s")).get(0));
    assertEquals("512", order(set("s")).get(512));
    is(":1", "sadd", "t", "-3");
    is(":1", "sadd", "t", "x");
    assertEquals(List.of("-3", "x"), order(set("t")));
    // results are built as Redis builds them: from an intset
    add("big", "", 0, 600);
    is(":600", "sunionstore", "u", "big");
    assertEquals("hashtable", set("u").encoding());
    is(":87", "sdiffstore", "u", "big", "s");
    assertEquals("intset", set("u").encoding());
    is(":0", "sdiffstore", "u", "big", "u", "s");
    assertNull(set("u"));
  }

  @Test
  void intsetWidths() {
    is(":3", "sadd", "s", "1", "-32768", "32767");
    is(":1", "sadd", "s", "32768");
    is(":1", "sadd", "s", "-2147483649");
    is(":1", "sadd", "s", "9223372036854775807");
    is("[\"-2147483649\", \"-32768\", \"1\", \"32767\", \"32768\", \"9223372036854775807\"]",
        "smembers", "s");
    is(":1", "sismember", "s", "-32768");
    is(":0", "sismember", "s", "-32769");
    is(":4", "srem", "s", "-2147483649", "9223372036854775807", "32768", "1");
    is("[\"-32768\", \"32767\"]", "smembers", "s");
    assertEquals("intset", set("s").encoding());
  }

  @Test
  void spopCountsAndDeletion() {
    add("s", "m", 0, 700);
    Set<String> popped = members(run("spop", "s", "300"));
    assertEquals(300, popped.size());
    is(":400", "scard", "s");
    Set<String> rest = members(run("smembers", "s"));
    for (String p : popped) {
      assertTrue(!rest.contains(p), p);
    }
    String one = HashCommandsTest.str(((Reply.Bulk) run("spop", "s")).bytes());
    assertTrue(rest.contains(one));
    is(":399", "scard", "s");
    assertEquals(399, members(run("spop", "s", "1000")).size());
    is(":0", "exists", "s");
    add("i", "", 0, 10);
    assertEquals(4, members(run("spop", "i", "4")).size());
    is(":6", "scard", "i");
    for (int i = 0; i < 6; i++) {
      run("spop", "i");
    }
    is(":0", "exists", "i");
    assertEquals(Reply.NULL, run("spop", "i"));
  }

  /** SPOP draws from the entry's seed: every replica applying the entry pops the same. */
  @Test
  void spopIsDeterministicPerSeed() {
    String[] picks = new String[3];
    for (int seed = 0; seed < 3; seed++) {
      Engine e = new Engine();
      for (int i = 0; i < 1000; i++) {
        e.write(argv("sadd", "s", "m" + i), 5, i);
      }
      picks[seed] = show(e.write(argv("spop", "s", "5"), 6, 77)) + show(e.write(argv("spop",
          "s"), 6, 78));
    }
    assertEquals(picks[0], picks[1]);
    assertEquals(picks[1], picks[2]);
    Engine e = new Engine();
    add("s", "m", 0, 1000);
    e.write(argv("sadd", "s", "x"), 5, 0);
    e.write(argv("del", "s"), 5, 0);
    for (int i = 0; i < 1000; i++) {
      e.write(argv("sadd", "s", "m" + i), 5, i);
    }
    Reply other = e.write(argv("spop", "s", "5"), 6, 79);
    assertNotEquals(picks[0].substring(0, show(other).length()), show(other));
  }

  @Test
  void srandmemberForms() {
    add("small", "", 0, 5);
    add("big", "m", 0, 800);
    for (String key : List.of("small", "big")) {
      Reply[] distinct = ((Reply.Arr) run("srandmember", key, "4")).items();
      assertEquals(4, members(new Reply.Arr(distinct)).size());
      Reply[] repeats = ((Reply.Arr) run("srandmember", key, "-3000")).items();
      assertEquals(3000, repeats.length);
      assertEquals(Reply.Bulk.class, run("srandmember", key).getClass());
      assertEquals(members(run("smembers", key)),
          members(run("srandmember", key, "100000")));
    }
    String a = show(run("srandmember", "big", "7"));
    assertEquals(a, show(run("srandmember", "big", "7")));
    now++;
    assertNotEquals(a, show(run("srandmember", "big", "7")));
    err("ERR value is out of range", "srandmember", "big", "-1048577");
    is(":805", "sunionstore", "u", "small", "big");
  }

  @Test
  void keyCommandsSeeTheTypes() {
    is(":1", "sadd", "s", "a");
    is(":1", "hset", "h", "f", "v");
    is("OK", "set", "str", "x");
    is("set", "type", "s");
    is("hash", "type", "h");
    is("[\"0\", [\"s\"]]", "scan", "0", "type", "set");
    is("[\"0\", [\"h\"]]", "scan", "0", "type", "hash");
    is(":1", "pexpire", "s", "100");
    is(":1", "sismember", "s", "a");
    now += 101;
    is(":0", "sismember", "s", "a");
    is(":1", "sadd", "s", "b");
    is("[\"b\"]", "smembers", "s");
    is(":-1", "ttl", "s");
    is(":1", "expire", "s", "100");
    is(":1", "sunionstore", "s", "s");
    is(":-1", "ttl", "s");
  }

  @Test
  void smoveBetweenEncodings() {
    add("ints", "", 0, 3);
    add("strs", "s", 0, 3);
    is(":1", "smove", "ints", "strs", "1");
    is(":1", "smove", "strs", "ints", "s1");
    assertEquals("hashtable", set("ints").encoding());
    assertEquals(Set.of("0", "2", "s1"), members(run("smembers", "ints")));
    is(":1", "smove", "ints", "fresh", "2");
    assertEquals("intset", set("fresh").encoding());
    is(":1", "sadd", "fresh", "0");
    is(":1", "smove", "ints", "fresh", "0");
    is("[\"0\", \"2\"]", "smembers", "fresh");
  }

  @Test
  void validatorsRejectBeforeTheLog() {
    CommandTable t = engine.commands();
    assertEquals(Errors.NOT_POSITIVE, ((Reply.Err) t.reject(argv("spop", "s", "-1"))).text());
    assertEquals(Errors.SYNTAX, ((Reply.Err) t.reject(argv("spop", "s", "1", "2"))).text());
    assertEquals(Errors.SYNTAX, ((Reply.Err) t.reject(argv("srandmember", "s", "1", "2"))).text());
    assertEquals(Errors.NUMKEYS_NOT_POSITIVE,
        ((Reply.Err) t.reject(argv("sintercard", "0", "a"))).text());
    assertEquals(Errors.NUMKEYS_TOO_MANY,
        ((Reply.Err) t.reject(argv("sintercard", "2", "a"))).text());
    assertEquals(Errors.LIMIT_NEGATIVE,
        ((Reply.Err) t.reject(argv("sintercard", "1", "a", "limit", "-1"))).text());
    assertEquals(Errors.INVALID_CURSOR, ((Reply.Err) t.reject(argv("sscan", "s", "-"))).text());
    assertNull(t.reject(argv("sscan", "s", "0", "count", "0")));
    assertNull(t.reject(argv("sintercard", "2", "a", "b", "LIMIT", "3")));
  }

  /** SINTERCARD's keys come from numkeys (a keynum key spec), as Redis's COMMAND GETKEYS. */
  @Test
  void sintercardKeys() {
    CommandSpec s = engine.commands().lookup("sintercard");
    assertTrue(s.flags().contains(CommandFlag.MOVABLEKEYS));
    assertArrayEquals(new int[] {2, 3}, s.keyPositions(argv("sintercard", "2", "a", "b",
        "limit", "3")));
    assertArrayEquals(new int[] {2}, s.keyPositions(argv("sintercard", "1", "a", "b", "c")));
    assertArrayEquals(new int[0], s.keyPositions(argv("sintercard", "x", "a")));
    assertArrayEquals(new int[] {2}, s.keyPositions(argv("sintercard", "3", "a")));
    is("[\"a\", \"b\"]", "command", "getkeys", "sintercard", "2", "a", "b", "limit", "1");
    Reply info = run("command", "info", "sintercard");
    String text = show(info);
    assertTrue(text.contains("movablekeys"), text);
    assertTrue(text.contains("\"keynum\", \"spec\", {\"keynumidx\", :0, \"firstkey\", :1,"
        + " \"keystep\", :1}"), text);
    assertArrayEquals(new int[] {1, 2, 3},
        engine.commands().lookup("sinterstore").keyPositions(argv("sinterstore", "d", "a", "b")));
  }

  @Test
  void sscanUnderChange() {
    add("s", "m", 0, 3000);
    Set<String> seen = new HashSet<>();
    String cursor = "0";
    int calls = 0;
    do {
      Reply.Arr r = (Reply.Arr) run("sscan", "s", cursor, "count", "25");
      cursor = HashCommandsTest.str(((Reply.Bulk) r.items()[0]).bytes());
      seen.addAll(members(r.items()[1]));
      calls++;
      if (calls % 2 == 0) {
        add("s", "new" + calls + "_", 0, 150);
      } else {
        run("spop", "s", "30"); // may pop old members: those need not be seen
      }
    } while (!cursor.equals("0"));
    Set<String> present = members(run("smembers", "s"));
    for (int i = 0; i < 3000; i++) {
      String m = "m" + i;
      assertTrue(seen.contains(m) || !present.contains(m), "missed " + m);
    }
    assertTrue(calls > 10);
  }

  @Test
  void codecRoundTrips() {
    is(":3", "sadd", "ints", "5", "-70000", "1");
    is(":2", "sadd", "strs", "a", "");
    add("big", "m", 0, 900);
    is(":1", "srem", "big", "m17");
    for (String key : List.of("ints", "strs", "big")) {
      SetValue s = set(key);
      byte[] enc = ValueCodec.encode(s);
      assertEquals(ValueCodec.TAG_SET, enc[0]);
      SetValue back = (SetValue) ValueCodec.decode(enc);
      back.checkInvariants();
      assertEquals(s.encoding(), back.encoding());
      assertEquals(order(s), order(back));
      assertArrayEquals(enc, ValueCodec.encode(back));
    }
    // tag, version, encoding, width 4 (for -70000), count, 3 members
    assertEquals(5 + 12, ValueCodec.encode(set("ints")).length);
    for (byte[] bad : List.of(new byte[] {ValueCodec.TAG_SET, 0, 0, 3, 1, 0},
        new byte[] {ValueCodec.TAG_SET, 0, 0, 2, 2, 5, 0, 1, 0},
        new byte[] {ValueCodec.TAG_SET, 0, 1, 2, 2, 1, 'a', 1, 'a'},
        new byte[] {ValueCodec.TAG_SET, 1})) {
      try {
        ValueCodec.decode(bad);
        throw new AssertionError("accepted a corrupt set " + Arrays.toString(bad));
      } catch (IllegalArgumentException expected) {
        // refused
      }
    }
  }

  @Test
  void snapshotSeesThePreImage() {
    add("ints", "", 0, 10);
    add("big", "m", 0, 700);
    Map<String, List<String>> before = new HashMap<>();
    for (String k : List.of("ints", "big")) {
      before.put(k, order(set(k)));
    }
    SnapshotCursor c = engine.openSnapshot();
    run("sadd", "ints", "x");
    run("spop", "big", "100");
    run("smove", "big", "ints", "m1");
    run("sinterstore", "big", "ints", "ints");
    Map<String, List<String>> got = new HashMap<>();
    while (c.next(1, (k, v, exp) -> {
      assertNull(got.put(HashCommandsTest.str(k), order((SetValue) ValueCodec.decode(v))));
    })) {
      // one record per call
    }
    c.close();
    assertEquals(before, got);
  }

  /** The set's order survives a snapshot, so a restored replica pops the same members. */
  @Test
  void restoredReplicaPopsAlike() {
    add("s", "m", 0, 3000);
    run("spop", "s", "1000");
    run("srem", "s", "m1", "m2", "m3");
    Engine replica = new Engine();
    try (SnapshotCursor c = engine.openSnapshot()) {
      while (c.next(7, replica::restore)) {
        // copy everything
      }
    }
    for (int i = 0; i < 5; i++) {
      assertEquals(show(engine.write(argv("spop", "s", "9"), now, i)),
          show(replica.write(argv("spop", "s", "9"), now, i)));
    }
    assertEquals(order(set("s")), order((SetValue) replica.keyspace.find(Parse.bytes("s")).value));
  }
}
