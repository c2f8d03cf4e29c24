package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PFADD, PFCOUNT and PFMERGE. Every expected reply and every expected value below was produced
 * by redis-server 7.0.15 (RedisDiffTest replays longer random sequences).
 */
class HyperLogLogTest extends EngineTestBase {
  private static final HexFormat HEX = HexFormat.of();

  @Test
  void addCountMerge() {
    is(":1", "pfadd", "h", "a", "b", "c");
    is(":0", "pfadd", "h", "a");
    is(":0", "pfadd", "h");
    is(":1", "pfadd", "h2");
    is(":3", "pfcount", "h");
    is(":0", "pfcount", "h2");
    is(":0", "pfcount", "nokey");
    is(":3", "pfcount", "h", "nokey");
    is(":1", "pfadd", "h3", "c", "d", "e", "f");
    is(":6", "pfcount", "h", "h3");
    is("OK", "pfmerge", "dst", "h", "h3");
    is(":6", "pfcount", "dst");
    is("OK", "pfmerge", "dst");
    is(":6", "pfcount", "dst");
    is("OK", "pfmerge", "empty");
    is(":0", "pfcount", "empty");
    is("OK", "pfmerge", "h", "h3");
    is(":6", "pfcount", "h");
    err("ERR wrong number of arguments for 'pfadd' command", "pfadd");
    err("ERR wrong number of arguments for 'pfcount' command", "pfcount");
    err("ERR wrong number of arguments for 'pfmerge' command", "pfmerge");
    is("OK", "set", "s", "plain");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfadd", "s", "a");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfcount", "s");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfcount", "h", "s");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfmerge", "s", "h");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfmerge", "h", "s");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "pfadd", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "pfcount", "l");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "pfcount", "h", "l");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "pfmerge", "l", "h");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "pfmerge", "h", "l");
    is("OK", "set", "n", "123");
    err("WRONGTYPE Key is not a valid HyperLogLog string value.", "pfcount", "n");
  }


  private Reply runBytes(byte[]... argv) {
    CommandSpec spec = engine.commands().resolve(argv);
    Reply rejected = engine.commands().reject(argv);
    if (rejected != null) {
      return rejected;
    }
    return spec.isWrite() ? engine.write(argv, now, 1) : engine.read(argv, now);
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private String getHex(String key) {
    return HEX.formatHex(((Reply.Bulk) run("get", key)).bytes());
  }

  /** Redis's value after PFADD s a b c, before any PFCOUNT (the cache is stale). */
  private static final String ABC =
      "48594c4c01000000000000000000008060f38050b1844bfb80425a";

  @Test
  void sameBytesAsRedis() {
    is(":1", "pfadd", "s", "a", "b", "c");
    assertEquals(ABC, getHex("s"));
    // Redis would cache the count in the value here; a read cannot, so the value stays.
    is(":3", "pfcount", "s");
    assertEquals(ABC, getHex("s"));
    // An empty HLL: one XZERO of 16384 registers; PFADD with no element stales the cache too.
    assertEquals("48594c4c01000000" + "0000000000000000" + "7fff",
        HEX.formatHex(HyperLogLog.create()));
    is(":1", "pfadd", "x");
    assertEquals("48594c4c01000000" + "0000000000000080" + "7fff", getHex("x"));
  }

  /** PFCOUNT of n distinct elements x0..x(n-1), with Redis's encoding and length then. */
  @Test
  void countsMatchRedis() {
    long[][] expected = {
        {1, 1, 1, 21}, {2, 2, 1, 24}, {10, 10, 1, 47}, {100, 99, 1, 288}, {500, 499, 1, 1038},
        {1000, 1001, 1, 1877}, {3000, 2985, 0, 12304}, {5000, 4970, 0, 12304},
        {10000, 10066, 0, 12304}, {30000, 29971, 0, 12304}, {100000, 100903, 0, 12304},
        {200000, 200991, 0, 12304}};
    int i = 0;
    for (long[] cp : expected) {
      List<String> batch = new ArrayList<>(List.of("pfadd", "h"));
      while (i < cp[0]) {
        batch.add("x" + i++);
        if (batch.size() == 1002 || i == cp[0]) {
          run(batch.toArray(new String[0]));
          batch = new ArrayList<>(List.of("pfadd", "h"));
        }
      }
      is(":" + cp[1], "pfcount", "h");
      byte[] v = ((Reply.Bulk) run("get", "h")).bytes();
      assertEquals(cp[2], v[4], "encoding at " + cp[0]);
      assertEquals(cp[3], v.length, "length at " + cp[0]);
    }
  }

  /** A value from Redis with a fresh cached count: PFCOUNT answers the cache, as Redis does. */
  @Test
  void readsRedisValuesAndTheirCache() {
    byte[] cached = HEX.parseHex("48594c4c0100000039300000000000" + "00"
        + "60f38050b1844bfb80425a");
    runBytes(b("set"), b("cached"), cached);
    is(":12345", "pfcount", "cached");
    is(":3", "pfcount", "cached", "nokey");
    is(":1", "pfadd", "cached", "zz");
    assertEquals("48594c4c0100000039300000000000804ad98056188050b1844bfb80425a",
        getHex("cached"));
    is(":0", "pfadd", "cached");
    is(":4", "pfcount", "cached");
  }

  /** Values that are not HLLs, and corrupt sparse values: Redis's replies and its bytes. */
  @Test
  void invalidValues() {
    String header = "48594c4c01000000" + "0000000000000080";
    String[][] notHll = {{"badmagic", "48594c5801000000" + "0000000000000000" + "7fff"},
        {"badenc", "48594c4c02000000" + "0000000000000000" + "7fff"},
        {"short", "48594c4c01000000" + "00000000000000"},
        {"densebadlen", "48594c4c00000000" + "0000000000000000" + "00".repeat(100)}};
    for (String[] c : notHll) {
      runBytes(b("set"), b(c[0]), HEX.parseHex(c[1]));
      err(Errors.NOT_HLL, "pfcount", c[0]);
      err(Errors.NOT_HLL, "pfcount", c[0], "nokey");
      err(Errors.NOT_HLL, "pfadd", c[0], "zz");
      err(Errors.NOT_HLL, "pfadd", c[0]);
      err(Errors.NOT_HLL, "pfmerge", "dst", c[0]);
      err(Errors.NOT_HLL, "pfmerge", c[0]);
      assertEquals(c[1], getHex(c[0]));
    }
    // name, value after the header, value after PFADD zz (which still succeeds)
    String[][] corrupt = {{"sparse_short", "7ffe", "4ad9807523"},
        {"sparse_long", "7fff00", "4ad980752400"},
        {"sparse_valover", "7ffe83", "4ad980752383"},
        {"sparse_trunc_xzero", "7f", "4ad98074"}};
    for (String[] c : corrupt) {
      runBytes(b("set"), b(c[0]), HEX.parseHex(header + c[1]));
      err(Errors.HLL_CORRUPT, "pfcount", c[0]);
      err(Errors.HLL_CORRUPT, "pfcount", c[0], "nokey");
      is(":1", "pfadd", c[0], "zz");
      is(":0", "pfadd", c[0]);
      err(Errors.HLL_CORRUPT, "pfmerge", "dst", c[0]);
      err(Errors.HLL_CORRUPT, "pfmerge", c[0]);
      assertEquals(header + c[2], getHex(c[0]), c[0]);
    }
    runBytes(b("set"), b("empty"), HEX.parseHex(header));
    err(Errors.HLL_CORRUPT, "pfadd", "empty", "zz");
    is(":0", "pfadd", "empty");
    err(Errors.HLL_CORRUPT, "pfcount", "empty");
    assertEquals(header, getHex("empty"));
    is(":0", "exists", "dst");
  }

  @Test
  void keepsTheDeadline() {
    run("pfadd", "h", "a");
    run("pexpire", "h", "100000");
    run("pfadd", "h", "b", "c");
    run("pfmerge", "h", "other");
    is(":100000", "pttl", "h");
    is(":3", "pfcount", "h");
  }

  /** PFMERGE of sparse values stays sparse (as Redis) until a dense one joins. */
  @Test
  void mergeEncodings() {
    run("pfadd", "a", "1", "2", "3");
    run("pfadd", "b", "4", "5");
    run("pfmerge", "m", "a", "b");
    assertEquals(HyperLogLog.SPARSE, ((Reply.Bulk) run("get", "m")).bytes()[4]);
    is(":5", "pfcount", "m");
    List<String> many = new ArrayList<>(List.of("pfadd", "d"));
    for (int i = 0; i < 5000; i++) {
      many.add("e" + i);
    }
    run(many.toArray(new String[0]));
    run("pfmerge", "m", "d");
    assertEquals(HyperLogLog.DENSE, ((Reply.Bulk) run("get", "m")).bytes()[4]);
    is(":4973", "pfcount", "m");
    is(":4973", "pfcount", "a", "b", "d");
  }

  @Test
  void writesStoreNewArrays() {
    run("pfadd", "h", "a");
    byte[] before = ((Reply.Bulk) run("get", "h")).bytes();
    byte[] copy = before.clone();
    run("pfadd", "h", "b");
    assertArrayEquals(copy, before);
    byte[] unchanged = (byte[]) engine.keyspace.find(b("h")).value;
    run("pfadd", "h", "a", "b");
    assertSame(unchanged, engine.keyspace.find(b("h")).value, "no change, nothing stored");
    List<String> many = new ArrayList<>(List.of("pfadd", "d"));
    for (int i = 0; i < 5000; i++) {
      many.add("e" + i);
    }
    run(many.toArray(new String[0]));
    byte[] dense = (byte[]) engine.keyspace.find(b("d")).value;
    assertEquals(HyperLogLog.DENSE, dense[4]);
    is(":0", "pfadd", "d", "e1", "e2", "e4999");
    assertSame(dense, engine.keyspace.find(b("d")).value, "dense, no change, nothing stored");
    byte[] denseBefore = dense.clone();
    is(":1", "pfadd", "d", "e5000", "e5001", "e5002", "e5003");
    assertArrayEquals(denseBefore, dense, "the stored array itself never changes");
  }

  /** The registers and run lengths MurmurHash64A gives "a", "b", "c" are those Redis stored. */
  @Test
  void addBuildsRedisBytes() {
    HyperLogLog.Work w = new HyperLogLog.Work(HyperLogLog.create());
    for (String e : new String[] {"a", "b", "c"}) {
      assertEquals(1, HyperLogLog.add(w, b(e)));
    }
    w.invalidateCache();
    assertEquals(ABC, HEX.formatHex(w.value()));
  }
}
