package io.mneme.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The bitmap commands. The expected replies of the scenario tests were produced by redis-server
 * 7.0.15 from the same commands (RedisDiffTest replays longer random sequences).
 */
class BitCommandsTest extends EngineTestBase {
  @Test
  void setbitAndGetbit() {
    is(":0", "setbit", "k", "7", "1");
    is("\"\u0001\"", "get", "k");
    is(":1", "setbit", "k", "7", "0");
    is(":0", "setbit", "k", "6", "1");
    is(":1", "setbit", "k", "6", "1");
    is(":1", "getbit", "k", "6");
    is(":0", "getbit", "k", "7");
    is(":0", "getbit", "k", "100");
    is(":0", "getbit", "nokey", "0");
    err("ERR bit is not an integer or out of range", "setbit", "k", "7", "2");
    err("ERR bit is not an integer or out of range", "setbit", "k", "7", "-1");
    err("ERR bit offset is not an integer or out of range", "setbit", "k", "-1", "1");
    err("ERR bit offset is not an integer or out of range", "setbit", "k", "4294967296", "1");
    err("ERR bit offset is not an integer or out of range", "setbit", "k", "x", "1");
    err("ERR bit is not an integer or out of range", "setbit", "k", "1", "x");
    err("ERR bit offset is not an integer or out of range", "setbit", "k", "0x10", "1");
    err("ERR bit offset is not an integer or out of range", "getbit", "k", "4294967296");
    err("ERR bit offset is not an integer or out of range", "getbit", "k", "-1");
    err("ERR bit offset is not an integer or out of range", "getbit", "k", "x");
    is(":1", "strlen", "k");
    is(":0", "setbit", "k", "23", "0");
    is(":3", "strlen", "k");
    is(":0", "setbit", "new", "10", "0");
    is("\"\u0000\u0000\"", "get", "new");
    is(":2", "strlen", "new");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "setbit", "l", "0", "1");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "getbit", "l", "0");
    err("ERR bit offset is not an integer or out of range", "getbit", "l", "x");
  }

  @Test
  void bitcount() {
    is("OK", "set", "b", "foobar");
    is(":26", "bitcount", "b");
    is(":4", "bitcount", "b", "0", "0");
    is(":6", "bitcount", "b", "1", "1");
    is(":1", "bitcount", "b", "1", "1", "bit");
    is(":17", "bitcount", "b", "5", "30", "BIT");
    is(":26", "bitcount", "b", "0", "-1", "byte");
    is(":7", "bitcount", "b", "-2", "-1");
    is(":26", "bitcount", "b", "-100", "100");
    is(":0", "bitcount", "b", "3", "1");
    is(":0", "bitcount", "b", "-1", "-2", "foo");
    err("ERR syntax error", "bitcount", "b", "0", "-1", "foo");
    err("ERR syntax error", "bitcount", "b", "0");
    err("ERR syntax error", "bitcount", "b", "0", "1", "2", "3");
    err("ERR value is not an integer or out of range", "bitcount", "b", "x", "1");
    err("ERR value is not an integer or out of range", "bitcount", "b", "1", "x");
    is(":0", "bitcount", "b", "0", "0", "bit");
    is(":0", "bitcount", "b", "7", "7", "bit");
    is(":5", "bitcount", "b", "9", "14", "bit");
    is(":1", "bitcount", "b", "-3", "-1", "bit");
    is(":26", "bitcount", "b", "-9223372036854775808", "9223372036854775807", "bit");
    is(":26", "bitcount", "b", "-9223372036854775808", "9223372036854775807");
    is(":0", "bitcount", "nokey");
    is(":0", "bitcount", "nokey", "0");
    is(":0", "bitcount", "nokey", "x", "y", "z");
    is("OK", "set", "e", "");
    is(":0", "bitcount", "e");
    is(":0", "bitcount", "e", "0", "-1", "bit");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "bitcount", "l");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitcount", "l", "x", "y");
  }

  @Test
  void bitpos() {
    is("OK", "set", "b", "foobar");
    is(":1", "bitpos", "b", "1");
    is(":0", "bitpos", "b", "0");
    is(":17", "bitpos", "b", "1", "2");
    is(":16", "bitpos", "b", "0", "2", "-1");
    is(":41", "bitpos", "b", "1", "-1");
    is(":9", "bitpos", "b", "1", "7", "15", "bit");
    is(":7", "bitpos", "b", "0", "7", "15", "BIT");
    is(":1", "bitpos", "b", "1", "0", "0", "byte");
    is(":1", "bitpos", "b", "1", "-100", "-50");
    is(":-1", "bitpos", "b", "0", "100");
    is(":-1", "bitpos", "b", "1", "3", "2");
    err("ERR The bit argument must be 1 or 0.", "bitpos", "b", "2");
    err("ERR The bit argument must be 1 or 0.", "bitpos", "b", "-1");
    err("ERR value is not an integer or out of range", "bitpos", "b", "x");
    err("ERR value is not an integer or out of range", "bitpos", "b", "1", "x");
    err("ERR value is not an integer or out of range", "bitpos", "b", "1", "0", "x");
    err("ERR syntax error", "bitpos", "b", "1", "0", "x", "foo");
    err("ERR value is not an integer or out of range", "bitpos", "b", "1", "x", "1", "foo");
    err("ERR syntax error", "bitpos", "b", "1", "0", "1", "foo");
    err("ERR syntax error", "bitpos", "b", "1", "0", "1", "bit", "2");
    is("OK", "set", "ones", "~~");
    is(":0", "bitpos", "ones", "0");
    is(":0", "bitpos", "ones", "0", "0");
    is(":0", "bitpos", "ones", "0", "0", "-1");
    is(":0", "bitpos", "ones", "0", "0", "-1", "bit");
    is(":1", "bitpos", "ones", "1", "0", "-1", "bit");
    is("OK", "set", "e", "");
    is(":-1", "bitpos", "e", "0");
    is(":-1", "bitpos", "e", "1");
    is(":-1", "bitpos", "e", "0", "0", "-1", "bit");
    is(":0", "bitpos", "nokey", "0");
    is(":-1", "bitpos", "nokey", "1");
    is(":-1", "bitpos", "nokey", "1", "x");
    err("ERR The bit argument must be 1 or 0.", "bitpos", "nokey", "2");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "bitpos", "l", "1");
    err("ERR The bit argument must be 1 or 0.", "bitpos", "l", "2");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitpos", "l", "1", "x");
  }

  @Test
  void bitop() {
    is("OK", "set", "a", "abc");
    is("OK", "set", "b", "AB");
    is(":3", "bitop", "and", "d", "a", "b");
    is("\"AB\u0000\"", "get", "d");
    is(":3", "bitop", "or", "d", "a", "b");
    is("\"abc\"", "get", "d");
    is(":3", "bitop", "xor", "d", "a", "b", "nokey");
    is(":3", "strlen", "d");
    is(":3", "bitop", "AND", "d", "a", "a");
    is("\"abc\"", "get", "d");
    err("ERR BITOP NOT must be called with a single source key.",
        "bitop", "not", "d1", "nokey", "b");
    err("ERR syntax error", "bitop", "foo", "d", "a");
    err("ERR wrong number of arguments for 'bitop' command", "bitop", "and", "d");
    is(":0", "bitop", "and", "d", "nokey");
    is(":0", "exists", "d");
    is("OK", "set", "d", "x");
    is(":1", "expire", "d", "100");
    is(":3", "bitop", "or", "d", "a");
    is(":-1", "ttl", "d");
    is("\"abc\"", "get", "d");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitop", "and", "d", "a", "l");
    is(":3", "bitop", "and", "l", "a");
    is("string", "type", "l");
    is("OK", "set", "e", "");
    is(":0", "bitop", "or", "d", "e");
    is(":0", "exists", "d");
  }

  @Test
  void bitfield() {
    is("[]", "bitfield", "nokey");
    is("[:0]", "bitfield", "nokey", "get", "u8", "0");
    is(":0", "exists", "nokey");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "u64", "0");
    is("[:0]", "bitfield", "nokey", "get", "i64", "0");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "i65", "0");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "u0", "0");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "x8", "0");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "U8", "0");
    err(Errors.BITFIELD_TYPE, "bitfield", "nokey", "get", "u08", "0");
    err("ERR bit offset is not an integer or out of range", "bitfield", "nokey", "get", "u8", "-1");
    err("ERR bit offset is not an integer or out of range",
        "bitfield", "nokey", "get", "u8", "#-1");
    is("[:0]", "bitfield", "nokey", "get", "u8", "#1");
    is("[:0]", "bitfield", "nokey", "get", "u8", "4294967288");
    is("[:0]", "bitfield", "nokey", "get", "u8", "#536870911");
    err("ERR syntax error", "bitfield", "nokey", "get", "u8");
    err("ERR syntax error", "bitfield", "nokey", "foo");
    err("ERR Invalid OVERFLOW type specified", "bitfield", "nokey", "overflow", "foo");
    err("ERR syntax error", "bitfield", "nokey", "overflow");
    err("ERR value is not an integer or out of range", "bitfield", "nokey", "set", "u8", "0", "x");
    err("ERR value is not an integer or out of range",
        "bitfield", "nokey", "incrby", "u8", "0", "x");
    is("[:0, :255, :0, :0, (nil), :0, :8]",
        "bitfield", "k", "set", "u8", "0", "255", "get", "u8", "0", "incrby", "u8", "0", "1",
        "overflow", "sat", "incrby", "u8", "0", "-1000", "overflow", "fail", "incrby", "u8", "0",
        "-1", "set", "u8", "0", "100", "overflow", "wrap", "incrby", "u4", "2", "15");
    is("\"`\"", "get", "k");
    err("ERR BITFIELD_RO only supports the GET subcommand",
        "bitfield_ro", "k", "get", "u8", "0", "set", "u8", "0", "1");
    err("ERR value is not an integer or out of range",
        "bitfield_ro", "k", "get", "u8", "0", "set", "u8", "0", "x");
    is("[:96]", "bitfield_ro", "k", "get", "u8", "0", "overflow", "wrap");
    is("[]", "bitfield_ro", "k");
    is("[:0]", "bitfield_ro", "nokey2", "get", "i8", "0");
    is("[(nil)]", "bitfield", "nokey2", "overflow", "fail", "set", "u8", "0", "256");
    is(":1", "exists", "nokey2");
    is(":1", "strlen", "nokey2");
    is("[:0, :9223372036854775807, :9223372036854775806, :9223372036854775807]",
        "bitfield", "k2", "set", "i64", "0", "-9223372036854775808", "incrby", "i64", "0", "-1",
        "overflow", "sat", "incrby", "i64", "0", "-1", "incrby", "i64", "0", "9223372036854775807");
    is("[:0, :0, :5, :0, :127]",
        "bitfield", "k3", "set", "u63", "0", "9223372036854775807", "incrby", "u63", "0", "1",
        "overflow", "sat", "incrby", "u63", "0", "5", "set", "i8", "0", "300", "get", "i8", "0");
    is("[:0, :127, :-128, :-128, :-128, :127]",
        "bitfield", "k4", "set", "i8", "0", "-129", "set", "i8", "0", "128", "overflow", "sat",
        "set", "i8", "0", "-200", "get", "i8", "0", "set", "i8", "0", "200", "get", "i8", "0");
    is("[:-1]", "bitfield", "k5", "incrby", "i8", "0", "9223372036854775807");
    is("[:0]", "bitfield", "k6", "overflow", "sat", "incrby", "u8", "0", "-9223372036854775808");
    is("[:0, :1, :-1, :-1]",
        "bitfield", "k7", "set", "u1", "7", "1", "get", "u1", "7", "get", "i1", "7", "set", "i1",
        "7", "-1");
    is("[:0, :65, :16640]",
        "bitfield", "k8", "set", "u8", "#2", "65", "get", "u8", "16", "set", "i16", "#1", "16962");
    is("\"\u0000\u0000BB\"", "get", "k8");
    is("[(nil), :127, (nil), :-128]",
        "bitfield", "k9", "overflow", "fail", "incrby", "i8", "0", "200", "incrby", "i8", "0",
        "127", "incrby", "i8", "0", "1", "overflow", "wrap", "incrby", "i8", "0", "1");
    is("[:0, :0, :0, :0, :31]",
        "bitfield", "k10", "set", "u5", "3", "31", "incrby", "u5", "3", "1", "overflow", "sat",
        "incrby", "u5", "3", "-100", "set", "u5", "3", "-1", "get", "u5", "3");
    is(":1", "rpush", "l", "a");
    err("WRONGTYPE Operation against a key holding the wrong kind of value", "bitfield", "l");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitfield", "l", "get", "u8", "0");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitfield", "l", "set", "u8", "0", "1");
    err("WRONGTYPE Operation against a key holding the wrong kind of value",
        "bitfield_ro", "l", "get", "u8", "0");
  }


  @Test
  void bitfieldTypeText() {
    assertEquals("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not"
        + " supported but i64 is.", Errors.BITFIELD_TYPE);
  }

  private byte[] value(String key) {
    return (byte[]) engine.keyspace.find(argv(key)[0]).value;
  }

  /** Strings are immutable once stored: a bit change stores a new array (snapshots rely on it). */
  @Test
  void writesStoreNewArraysAndKeepTheDeadline() {
    run("set", "k", "a");
    run("pexpire", "k", "100000");
    byte[] before = value("k");
    is(":0", "setbit", "k", "15", "1");
    assertArrayEquals(new byte[] {'a'}, before);
    assertArrayEquals(new byte[] {'a', 1}, value("k"));
    byte[] same = value("k");
    is(":1", "setbit", "k", "15", "1");
    assertSame(same, value("k"), "an unchanged bit stores nothing");
    is("[:1]", "bitfield", "k", "incrby", "u8", "8", "0");
    assertSame(same, value("k"), "an unchanged field stores nothing");
    is("[:1]", "bitfield", "k", "set", "u8", "8", "255");
    assertArrayEquals(new byte[] {1}, new byte[] {same[1]});
    assertArrayEquals(new byte[] {'a', (byte) 255}, value("k"));
    is(":100000", "pttl", "k");
  }

  @Test
  void binaryResults() {
    run("setbit", "a", "0", "1");
    run("setbit", "a", "15", "1");
    run("setbit", "b", "7", "1");
    is(":2", "bitop", "xor", "d", "a", "b");
    assertArrayEquals(new byte[] {(byte) 0x81, 1}, value("d"));
    is(":2", "bitop", "not", "d", "a");
    assertArrayEquals(new byte[] {0x7f, (byte) 0xfe}, value("d"));
    is(":2", "bitop", "and", "d", "a", "b");
    assertArrayEquals(new byte[] {0, 0}, value("d"));
    is("[:0, :-1]", "bitfield", "f", "set", "i16", "4", "-1", "get", "i16", "4");
    assertArrayEquals(new byte[] {0x0f, (byte) 0xff, (byte) 0xf0}, value("f"));
    is(":4", "bitpos", "f", "1");
    is(":20", "bitpos", "f", "0", "1");
    is(":16", "bitcount", "f");
  }

  /** A read of a far offset allocates nothing; the offset bound is 512 MB of bits. */
  @Test
  void farOffsets() {
    run("set", "k", "x");
    is(":0", "getbit", "k", "4294967295");
    is("[:0]", "bitfield", "k", "get", "i64", "4294967295");
    is("[:0]", "bitfield_ro", "k", "get", "u8", "#536870911");
    err(Errors.BIT_OFFSET, "bitfield", "k", "get", "u8", "#536870912");
    is(":1", "strlen", "k");
  }

  @Test
  void validatorsRejectBeforeTheLog() {
    CommandTable t = engine.commands();
    assertEquals(Errors.BIT_OFFSET, text(t.reject(argv("setbit", "k", "-1", "1"))));
    assertEquals(Errors.BIT_VALUE, text(t.reject(argv("setbit", "k", "1", "2"))));
    assertEquals(Errors.BITOP_NOT_ONE_KEY, text(t.reject(argv("bitop", "not", "d", "a", "b"))));
    assertEquals(Errors.SYNTAX, text(t.reject(argv("bitop", "nand", "d", "a"))));
    assertEquals(Errors.BITFIELD_OVERFLOW,
        text(t.reject(argv("bitfield", "k", "overflow", "x"))));
    assertEquals(Errors.BITFIELD_RO_GET_ONLY,
        text(t.reject(argv("bitfield_ro", "k", "incrby", "u8", "0", "1"))));
    // BITCOUNT and BITPOS look the key up before they parse the range.
    assertNull(t.reject(argv("bitcount", "k", "x", "y")));
    assertNull(t.reject(argv("bitpos", "k", "1", "x")));
  }

  private static String text(Reply r) {
    return r == null ? null : ((Reply.Err) r).text();
  }

  /** BITCOUNT and BITPOS over random bit ranges against a bit-by-bit count. */
  @Test
  void rangesAgainstNaive() {
    java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
    for (int round = 0; round < 300; round++) {
      byte[] s = new byte[1 + rnd.nextInt(40)];
      rnd.nextBytes(s);
      if (rnd.nextBoolean()) {
        java.util.Arrays.fill(s, 0, rnd.nextInt(s.length), (byte) (rnd.nextBoolean() ? 0 : -1));
      }
      long from = rnd.nextInt(s.length * 8);
      long to = from + rnd.nextInt((int) (s.length * 8 - from));
      long ones = 0;
      long firstOne = -1;
      long firstZero = -1;
      for (long i = from; i <= to; i++) {
        int bit = (s[(int) (i >> 3)] >> (7 - (i & 7))) & 1;
        ones += bit;
        firstOne = firstOne == -1 && bit == 1 ? i : firstOne;
        firstZero = firstZero == -1 && bit == 0 ? i : firstZero;
      }
      assertEquals(ones, BitCommands.popcount(s, from, to));
      engine.putRaw(argv("s")[0], s);
      String f = Long.toString(from);
      String t = Long.toString(to);
      is(":" + ones, "bitcount", "s", f, t, "bit");
      is(":" + firstOne, "bitpos", "s", "1", f, t, "bit");
      is(":" + firstZero, "bitpos", "s", "0", f, t, "bit");
    }
  }

  /** What the validator refuses before the log, the handler refuses the same way in it. */
  @Test
  void validateAndApplyAgree() {
    for (String[] a : java.util.List.of(
        new String[] {"setbit", "k", "-1", "1"},
        new String[] {"setbit", "k", "4294967296", "1"},
        new String[] {"setbit", "k", "0", "2"},
        new String[] {"bitop", "nand", "d", "a"},
        new String[] {"bitop", "not", "d", "a", "b"},
        new String[] {"bitfield", "k", "get", "u64", "0"},
        new String[] {"bitfield", "k", "set", "i8", "0", "x"},
        new String[] {"bitfield", "k", "overflow", "x"},
        new String[] {"bitfield", "k", "incrby", "u8"},
        new String[] {"bitfield", "k", "get", "u8", "#-1"})) {
      Reply before = engine.commands().reject(argv(a));
      assertTrue(before != null && before.isError(), String.join(" ", a));
      assertEquals(show(before), show(engine.write(argv(a), now, 0)), String.join(" ", a));
    }
    assertEquals(0, engine.keyCount());
  }
}
