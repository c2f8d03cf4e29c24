package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Payloads of RDB version 9 (Redis 6): ziplist lists, quicklists of ziplists, ziplist hashes
 * and sorted sets, and version-1 streams, which Redis 7.0 still restores. No redis-server 6 is
 * at hand, so the payloads are built here after ziplist.c's format.
 */
class OldDumpFormatsTest extends EngineTestBase {
  private static final int RDB_VERSION_6 = 9;

  /** ziplist.c's encodings: every integer width, an immediate, 6-, 14- and 32-bit strings. */
  private static byte[] ziplist(byte[]... entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[10]);
    int prev = 0;
    for (byte[] e : entries) {
      int start = out.size();
      if (prev < 254) {
        out.write(prev);
      } else {
        out.write(0xfe);
        RdbListpack.writeLe(out, prev, 4);
      }
      encode(out, e);
      prev = out.size() - start;
    }
    out.write(0xff);
    byte[] zl = out.toByteArray();
    RdbListpack.putLe(zl, 0, zl.length, 4);
    RdbListpack.putLe(zl, 8, entries.length, 2);
    return zl;
  }

  private static void encode(ByteArrayOutputStream out, byte[] e) {
    Long v = Parse.parseLong(e);
    if (v != null && v >= 0 && v <= 12) {
      out.write(0xf1 + v.intValue());
    } else if (v != null && v == (byte) (long) v) {
      out.write(0xfe);
      out.write(v.intValue());
    } else if (v != null && v == (short) (long) v) {
      out.write(0xc0);
      RdbListpack.writeLe(out, v, 2);
    } else if (v != null && v >= -(1 << 23) && v < 1 << 23) {
      out.write(0xf0);
      RdbListpack.writeLe(out, v, 3);
    } else if (v != null && v == (int) (long) v) {
      out.write(0xd0);
      RdbListpack.writeLe(out, v, 4);
    } else if (v != null) {
      out.write(0xe0);
      RdbListpack.writeLe(out, v, 8);
    } else if (e.length < 64) {
      out.write(e.length);
      out.writeBytes(e);
    } else if (e.length < 16384) {
      out.write(0x40 | e.length >>> 8);
      out.write(e.length & 0xff);
      out.writeBytes(e);
    } else {
      out.write(0x80);
      for (int i = 3; i >= 0; i--) {
        out.write(e.length >>> (8 * i) & 0xff);
      }
      out.writeBytes(e);
    }
  }

  private static byte[] b(String s) {
    return Parse.bytes(s);
  }

  private static byte[] payload(int type, byte[]... strings) {
    return payload(type, -1, strings);
  }

  /** The type, a count unless negative, then the strings. */
  private static byte[] payload(int type, int count, byte[]... strings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(type);
    if (count >= 0) {
      DumpPayload.writeLen(out, count);
    }
    for (byte[] s : strings) {
      DumpPayload.writeLen(out, s.length);
      out.writeBytes(s);
    }
    return footer(out);
  }

  private static byte[] footer(ByteArrayOutputStream out) {
    out.write(RDB_VERSION_6);
    out.write(0);
    byte[] body = out.toByteArray();
    long crc = Crc64.of(body, 0, body.length);
    RdbListpack.writeLe(out, crc, Long.BYTES);
    return out.toByteArray();
  }

  private Reply restore(String key, byte[] payload) {
    return engine.write(new byte[][] {b("restore"), b(key), b("0"), payload}, now, 1);
  }

  private static final byte[][] VALUES = {b("a"), b("7"), b("-100"), b("30000"), b("-70000"),
      b("2147483647"), b("-9223372036854775808"), b("x".repeat(100)), b("y".repeat(17000)),
      b("12")};

  @Test
  void ziplistListsAndQuicklistsOfZiplists() {
    assertEquals(Reply.OK, restore("l", payload(DumpPayload.TYPE_LIST_ZIPLIST,
        ziplist(VALUES))));
    assertEquals(Reply.OK, restore("q", payload(DumpPayload.TYPE_LIST_QUICKLIST, 2,
        ziplist(VALUES), ziplist(b("z"), b("1")))));
    Reply.Arr l = (Reply.Arr) run("lrange", "l", "0", "-1");
    for (int i = 0; i < VALUES.length; i++) {
      assertEquals(new String(VALUES[i]), new String(((Reply.Bulk) l.items()[i]).bytes()));
    }
    is(":12", "llen", "q");
    is("\"1\"", "lindex", "q", "-1");
    is("\"-70000\"", "lindex", "q", "4");
  }

  @Test
  void ziplistHashesAndSortedSets() {
    assertEquals(Reply.OK, restore("h", payload(DumpPayload.TYPE_HASH_ZIPLIST,
        ziplist(b("f"), b("1"), b("g"), b("-300"), b("h"), b("text")))));
    is("{\"f\", \"1\", \"g\", \"-300\", \"h\", \"text\"}", "hgetall", "h");
    is("\"listpack\"", "object", "encoding", "h");
    assertEquals(Reply.OK, restore("z", payload(DumpPayload.TYPE_ZSET_ZIPLIST,
        ziplist(b("a"), b("1"), b("b"), b("2.5"), b("c"), b("-inf")))));
    is("[\"c\", \"a\", \"b\"]", "zrange", "z", "0", "-1");
    assertEquals(new Reply.Dbl(2.5), run("zscore", "z", "b"));
    // a duplicate field, an odd count, a bad score
    err(Errors.DUMP_PAYLOAD, "restore", "h2", "0", "x");
    assertEquals("-ERR Bad data format", show(restore("h2", payload(
        DumpPayload.TYPE_HASH_ZIPLIST, ziplist(b("f"), b("1"), b("f"), b("2"))))));
    assertEquals("-ERR Bad data format", show(restore("h2", payload(
        DumpPayload.TYPE_HASH_ZIPLIST, ziplist(b("f"), b("1"), b("g"))))));
    assertEquals("-ERR Bad data format", show(restore("z2", payload(
        DumpPayload.TYPE_ZSET_ZIPLIST, ziplist(b("a"), b("nope"))))));
  }

  @Test
  void corruptOldPayloadsAreRefusedNeverThrown() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(9);
    List<byte[]> good = List.of(payload(DumpPayload.TYPE_LIST_ZIPLIST, ziplist(VALUES)),
        payload(DumpPayload.TYPE_LIST_QUICKLIST, 2, ziplist(VALUES), ziplist(b("z"))),
        payload(DumpPayload.TYPE_HASH_ZIPLIST, ziplist(b("f"), b("1"), b("g"), b("-300"))),
        payload(DumpPayload.TYPE_ZSET_ZIPLIST, ziplist(b("a"), b("1"), b("b"), b("2.5"))));
    for (byte[] p : good) {
      for (int i = 0; i < 500; i++) {
        Reply r = engine.write(new byte[][] {b("restore"), b("x"), b("0"),
            DumpInteropTest.mutate(p, rnd), b("replace")}, now, 1);
        assertEquals(true, r == Reply.OK || r.isError(), show(r));
      }
    }
  }

  /** A version-1 stream: one node, one group with one pending entry owned by one consumer. */
  @Test
  void versionOneStreams() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(DumpPayload.TYPE_STREAM_LISTPACKS);
    DumpPayload.writeLen(out, 1);
    byte[] key = new byte[16];
    key[7] = 1; // master ID 1-0
    DumpPayload.writeLen(out, key.length);
    out.writeBytes(key);
    byte[] lp = RdbListpack.write(List.of(b("2"), b("0"), b("1"), b("f"), b("0"),
        b("2"), b("0"), b("0"), b("v1"), b("4"),
        b("0"), b("1"), b("5"), b("2"), b("f"), b("v2"), b("g"), b("w"), b("8")));
    DumpPayload.writeLen(out, lp.length);
    out.writeBytes(lp);
    DumpPayload.writeLen(out, 2); // length
    DumpPayload.writeLen(out, 2); // last ID 2-5
    DumpPayload.writeLen(out, 5);
    DumpPayload.writeLen(out, 1); // one group
    DumpPayload.writeLen(out, 1);
    out.write('g');
    DumpPayload.writeLen(out, 1); // its last ID 1-0
    DumpPayload.writeLen(out, 0);
    DumpPayload.writeLen(out, 1); // one pending entry
    out.writeBytes(key);
    RdbListpack.writeLe(out, now - 3000, Long.BYTES);
    DumpPayload.writeLen(out, 2);
    DumpPayload.writeLen(out, 1); // one consumer
    DumpPayload.writeLen(out, 5);
    out.writeBytes(b("alice"));
    RdbListpack.writeLe(out, now - 3000, Long.BYTES);
    DumpPayload.writeLen(out, 1);
    out.writeBytes(key);
    assertEquals(Reply.OK, restore("s", footer(out)));
    is("[[\"1-0\", [\"f\", \"v1\"]], [\"2-5\", [\"f\", \"v2\", \"g\", \"w\"]]]",
        "xrange", "s", "-", "+");
    is("[:1, \"1-0\", \"1-0\", [[\"alice\", \"1\"]]]", "xpending", "s", "g");
    Reply groups = run("xinfo", "groups", "s");
    String shown = show(groups);
    assertEquals(true, shown.contains("\"entries-read\", :1"), shown);
    err(Errors.XADD_ID_SMALL, "xadd", "s", "2-5", "f", "x");
  }
}
