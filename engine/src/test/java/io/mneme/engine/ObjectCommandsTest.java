package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * OBJECT, MEMORY USAGE, SORT's keys and WAIT's arguments. The replies compared with Redis's
 * byte for byte are in RedisDiffTest's diff-keys.txt; these cover what a recording cannot:
 * time passing, and MEMORY USAGE of collections (redis-server 7.0.15 in cluster mode gave the
 * numbers below for the same commands).
 */
class ObjectCommandsTest extends EngineTestBase {
  private static final long MS_PER_SECOND = 1000;

  @Test
  void idleTimeCountsFromTheLastAccessNotFromObjectOrType() {
    run("set", "k", "v");
    now += 10 * MS_PER_SECOND;
    is(":10", "object", "idletime", "k");
    is("\"embstr\"", "object", "encoding", "k");
    is("string", "type", "k");
    is(":1", "exists", "k");
    is(":-1", "ttl", "k");
    is(":10", "object", "idletime", "k");
    is("\"v\"", "get", "k");
    is(":0", "object", "idletime", "k");
    now += 3 * MS_PER_SECOND;
    is(":1", "touch", "k");
    is(":0", "object", "idletime", "k");
    now += 3 * MS_PER_SECOND;
    is("OK", "set", "k", "w");
    is(":0", "object", "idletime", "k");
  }

  @Test
  void keysLoadedFromASnapshotBeforeAnyCommandAreFresh() {
    run("set", "k", "v");
    Engine loaded = new Engine();
    engine.keyspace.forEach(e -> loaded.restore(e.key, ValueCodec.encode(e.value), -1));
    loaded.setClockMs(now);
    engine = loaded;
    now += 5 * MS_PER_SECOND;
    is(":0", "object", "idletime", "k");
  }

  @Test
  void restoreIdletimeAndRelativeTtlCountFromTheEntryTime() {
    run("set", "k", "v");
    byte[] payload = ((Reply.Bulk) run("dump", "k")).bytes();
    Reply r = engine.write(new byte[][] {Parse.bytes("restore"), Parse.bytes("r"),
        Parse.bytes("5000"), payload, Parse.bytes("idletime"), Parse.bytes("7")}, now, 1);
    assertEquals(Reply.OK, r);
    is(":5000", "pttl", "r");
    is(":7", "object", "idletime", "r");
    is(":" + (now + 5000), "pexpiretime", "r");
  }

  @Test
  void encodingsFollowRedisThresholds() {
    // Strings are judged by their bytes, as SET stores them; Redis says "raw" for what APPEND,
    // SETRANGE, SETBIT or INCRBYFLOAT produced, which the engine does not record.
    run("set", "i", "-12");
    is("\"int\"", "object", "encoding", "i");
    for (int i = 0; i < 512; i++) {
      run("sadd", "s", Integer.toString(i));
    }
    is("\"intset\"", "object", "encoding", "s");
    run("sadd", "s", "512");
    is("\"hashtable\"", "object", "encoding", "s");
    run("zadd", "z", "1", "a");
    is("\"listpack\"", "object", "encoding", "z");
    run("zadd", "z", "1", "x".repeat(65));
    is("\"skiplist\"", "object", "encoding", "z");
    run("hset", "h", "f", "x".repeat(64));
    is("\"listpack\"", "object", "encoding", "h");
    run("hset", "h", "g", "x".repeat(65));
    is("\"hashtable\"", "object", "encoding", "h");
    run("rpush", "l", "a");
    is("\"quicklist\"", "object", "encoding", "l");
    run("xadd", "x", "1-1", "f", "v");
    is("\"stream\"", "object", "encoding", "x");
    is(":1", "object", "refcount", "l");
    err(Errors.LFU_NOT_SELECTED, "object", "freq", "l");
  }

  /**
   * A string changed in place is "raw" whatever its bytes, as Redis unshares it into a raw sds
   * (APPEND, SETRANGE, SETBIT, BITFIELD, BITOP, PFADD); a string stored whole is judged by its
   * bytes again. Each line is what redis-server 7.0.15 answered after the same commands.
   */
  @Test
  void stringsChangedInPlaceAreRaw() {
    String[][] script = {
        {"set a 12", "int"}, {"append a 3", "raw"}, {"set b x", "embstr"},
        {"append b y", "raw"}, {"set c 5", "int"}, {"setrange c 0 7", "raw"},
        {"incr d", "int"}, {"append e 12", "int"}, {"setrange f 0 12", "raw"},
        {"set g hello", "embstr"}, {"setrange g 0 H", "raw"}, {"set l 1", "int"},
        {"setrange l 5 ", "int"}, {"setbit m 1 1", "raw"}, {"set n ab", "embstr"},
        {"setbit n 1 1", "raw"}, {"set r2 1", "int"}, {"append r2 5", "raw"},
        {"incr r2", "int"}, {"append r2 0", "raw"}, {"set r2 z", "embstr"},
        {"bitop or o a", "raw"}, {"bitfield p set u8 0 1", "raw"}, {"set q 1.5", "embstr"},
        {"append q 0", "raw"}, {"incrbyfloat q 1", "embstr"}, {"pfadd h x", "raw"},
        {"append g2 x", "embstr"}, {"append g2 ", "raw"}};
    for (String[] step : script) {
      String[] words = step[0].split(" ", -1);
      run(words);
      is("\"" + step[1] + "\"", "object", "encoding", words[words[0].equals("bitop") ? 2 : 1]);
    }
    run("copy", "a", "a2");
    run("rename", "a2", "a3");
    is("\"raw\"", "object", "encoding", "a3");
    // redis-server in cluster mode: sds grows to twice what APPEND asks for
    is(":72", "memory", "usage", "b");
    run("set", "c", "12345678901234567890123");
    is(":96", "memory", "usage", "c");
    run("append", "c", "4");
    is(":128", "memory", "usage", "c");
  }

  @Test
  void memoryUsageMatchesRedisForCollections() {
    run(numbered("rpush", "l2", 3000, false));
    run("rpush", "l1", "a", "b", "c");
    run("sadd", "s1", "1", "2", "3");
    run(numbered("sadd", "s2", 600, false));
    run("sadd", "s3", "a", "b", "c");
    run("zadd", "z1", "1", "a", "2", "b");
    run(numbered("zadd", "z2", 200, true));
    run("hset", "h1", "a", "1", "b", "2");
    run(numbered("hset", "h2", 600, true));
    String[] keys = {"l1", "l2", "s1", "s2", "s3", "z1", "h1", "h2"};
    long[] redis = {160, 9144, 80, 27512, 248, 96, 96, 32312};
    for (int i = 0; i < keys.length; i++) {
      is(":" + redis[i], "memory", "usage", keys[i]);
    }
    // skiplist levels are random in Redis: it gave 20136 (5 samples) and 19928 (all)
    long z2 = ((Reply.Int) run("memory", "usage", "z2", "samples", "0")).value();
    assertTrue(Math.abs(z2 - 19928) < 19928 / 50, "z2 " + z2);
  }

  @Test
  void memoryDoctorPurgeAndMallocStatsAnswerCheaply() {
    Reply.Verbatim doctor = (Reply.Verbatim) run("memory", "doctor");
    assertEquals("Hi Sam, I can't find any memory issue in your instance. I can only account for"
        + " what occurs on this base.", new String(doctor.text(), StandardCharsets.UTF_8));
    is("OK", "memory", "purge");
    assertTrue(run("memory", "malloc-stats") instanceof Reply.Verbatim);
  }

  /**
   * MEMORY STATS has Redis 7.0's fields in Redis's order; the keyspace overheads are what
   * redis-server 7.0.15 in cluster mode gave for the same keys (2 keys, one with a TTL: main
   * 112, expires 56, slot-to-keys 32; 12 keys: 608 and 192; lua.caches 136 once "return 1"
   * is loaded). db.0 is left out when empty.
   */
  @Test
  void memoryStatsHasRedisFieldsAndKeyspaceOverheads() {
    java.util.List<String> names = java.util.List.of("peak.allocated", "total.allocated",
        "startup.allocated", "replication.backlog", "clients.slaves", "clients.normal",
        "cluster.links", "aof.buffer", "lua.caches", "functions.caches", "overhead.total",
        "keys.count", "keys.bytes-per-key", "dataset.bytes", "dataset.percentage",
        "peak.percentage", "allocator.allocated", "allocator.active", "allocator.resident",
        "allocator-fragmentation.ratio", "allocator-fragmentation.bytes", "allocator-rss.ratio",
        "allocator-rss.bytes", "rss-overhead.ratio", "rss-overhead.bytes", "fragmentation",
        "fragmentation.bytes");
    assertEquals(names, stats().keySet().stream().toList());
    assertEquals(Reply.integer(200), stats().get("functions.caches"));
    run("set", "a", "b");
    run("set", "{a}b", "b", "ex", "100");
    var withKeys = stats();
    assertEquals("{\"overhead.hashtable.main\", :112, \"overhead.hashtable.expires\", :56, "
        + "\"overhead.hashtable.slot-to-keys\", :32}", show(withKeys.get("db.0")));
    assertEquals(Reply.integer(2), withKeys.get("keys.count"));
    assertTrue(withKeys.get("dataset.percentage") instanceof Reply.Dbl);
    for (int i = 1; i <= 10; i++) {
      run("set", "{a}k" + i, "v");
    }
    assertTrue(show(stats().get("db.0")).contains(":608, \"overhead.hashtable.expires\", :56, "
        + "\"overhead.hashtable.slot-to-keys\", :192}"));
    engine.write(argv("script", "load", "return 1"), now, 0);
    assertEquals(Reply.integer(136), stats().get("lua.caches"), "as redis-server gave");
  }

  private java.util.LinkedHashMap<String, Reply> stats() {
    Reply[] kv = ((Reply.MapReply) run("memory", "stats")).keysAndValues();
    var out = new java.util.LinkedHashMap<String, Reply>();
    for (int i = 0; i < kv.length; i += 2) {
      out.put(new String(((Reply.Bulk) kv[i]).bytes(), StandardCharsets.UTF_8), kv[i + 1]);
    }
    return out;
  }

  /** cmd key 1 .. n, or for pairs cmd key (1 m1) .. (n mn) / (f1 1) .. (fn n). */
  private static String[] numbered(String cmd, String key, int n, boolean pairs) {
    String[] a = new String[2 + (pairs ? 2 * n : n)];
    a[0] = cmd;
    a[1] = key;
    for (int i = 1; i <= n; i++) {
      if (!pairs) {
        a[i + 1] = Integer.toString(i);
      } else if (cmd.equals("zadd")) {
        a[2 * i] = Integer.toString(i);
        a[2 * i + 1] = "m" + i;
      } else {
        a[2 * i] = "f" + i;
        a[2 * i + 1] = Integer.toString(i);
      }
    }
    return a;
  }

  @Test
  void sortFindsItsStoreKeyAsRedisDoes() {
    is("[\"a\"]", "command", "getkeys", "sort", "a", "limit", "0", "1", "desc");
    is("[\"a\", \"d\"]", "command", "getkeys", "sort", "a", "store", "b", "store", "d");
    // STORE's argument is looked at next, as in Redis's sortGetKeys: "limit" skips two
    is("[\"a\", \"limit\"]", "command", "getkeys", "sort", "a", "store", "limit", "1", "2");
    is("[\"a\"]", "command", "getkeys", "sort_ro", "a", "store", "b");
    CommandSpec sort = engine.commands().lookup("sort");
    assertTrue(sort.flags().contains(CommandFlag.MOVABLEKEYS));
    assertEquals(3, sort.keySpecs().size());
    assertTrue(sort.keySpecs().get(2).unknown());
  }

  @Test
  void sortStoreReplacesAnyValueAndDropsItsTtl() {
    run("rpush", "l", "2", "1");
    run("sadd", "dst", "x");
    run("expire", "dst", "100");
    is(":2", "sort", "l", "store", "dst");
    is("[\"1\", \"2\"]", "lrange", "dst", "0", "-1");
    is(":-1", "ttl", "dst");
    is(":0", "sort", "l", "limit", "5", "1", "store", "dst");
    is(":0", "exists", "dst");
  }

  @Test
  void waitArgumentsAreCheckedBeforeTheServerAnswers() {
    err(Errors.TIMEOUT_NEGATIVE, "wait", "1", "-1");
    err(Errors.TIMEOUT_NOT_INTEGER, "wait", "1", "1.5");
    err(Errors.NOT_INTEGER, "wait", "x", "0");
    assertEquals(null, engine.commands().reject(argv("wait", "1", "0")));
  }
}
