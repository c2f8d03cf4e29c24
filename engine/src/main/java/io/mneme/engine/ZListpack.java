package io.mneme.engine;

import java.util.Arrays;

/**
 * The compact encoding of a small sorted set, after Redis's listpack: one byte array of
 * entries in ascending (score, member) order, each [member length][member][score tag][score].
 * An integral score within 32 bits takes 1, 2 or 4 bytes, as the listpack stores integers
 * (so -0 reads back as 0, as in Redis); any other score takes its 8 raw bytes. The array is
 * never changed in place: every change builds a new one, so copies and snapshots share it.
 */
final class ZListpack {
  // Score tags: the number of bytes after the tag, and how to read them.
  private static final int INT8 = 1;
  private static final int INT16 = 2;
  private static final int INT32 = 4;
  private static final int DOUBLE = 8;

  static final byte[] EMPTY = new byte[0];

  static {
    // One byte holds a member's length.
    if (ZSetValue.LISTPACK_VALUE_BYTES_MAX > 0xff) {
      throw new AssertionError("member lengths are one byte");
    }
  }

  private ZListpack() {}

  static int memberLength(byte[] p, int pos) {
    return p[pos] & 0xff;
  }

  private static int scorePos(byte[] p, int pos) {
    return pos + 1 + memberLength(p, pos);
  }

  /** The offset of the entry after the one at pos. */
  static int next(byte[] p, int pos) {
    int s = scorePos(p, pos);
    return s + 1 + p[s];
  }

  static double score(byte[] p, int pos) {
    int s = scorePos(p, pos);
    int tag = p[s];
    long v = 0;
    for (int i = 1; i <= tag; i++) {
      v = (v << 8) | (p[s + i] & 0xff);
    }
    if (tag == DOUBLE) {
      return Double.longBitsToDouble(v);
    }
    int unused = Long.SIZE - 8 * tag;
    return (double) ((v << unused) >> unused);
  }

  static byte[] member(byte[] p, int pos) {
    return Arrays.copyOfRange(p, pos + 1, scorePos(p, pos));
  }

  static boolean memberEquals(byte[] p, int pos, byte[] m) {
    return Arrays.equals(p, pos + 1, scorePos(p, pos), m, 0, m.length);
  }

  /** The member at pos compared with m, as unsigned bytes (memcmp, then length). */
  static int compareMember(byte[] p, int pos, byte[] m) {
    return Arrays.compareUnsigned(p, pos + 1, scorePos(p, pos), m, 0, m.length);
  }

  /** The offsets of the count entries. */
  static int[] offsets(byte[] p, int count) {
    int[] off = new int[count];
    int pos = 0;
    for (int i = 0; i < count; i++) {
      off[i] = pos;
      pos = next(p, pos);
    }
    return off;
  }

  /** The offset of member's entry, or -1 (a linear search, as zzlFind). */
  static int find(byte[] p, int count, byte[] m) {
    int pos = 0;
    for (int i = 0; i < count; i++) {
      if (memberEquals(p, pos, m)) {
        return pos;
      }
      pos = next(p, pos);
    }
    return -1;
  }

  /** The bytes of one entry. */
  static byte[] entry(double score, byte[] member) {
    int tag = DOUBLE;
    long v = Double.doubleToRawLongBits(score);
    if (score == (int) score) {
      int i = (int) score;
      tag = i == (byte) i ? INT8 : i == (short) i ? INT16 : INT32;
      v = i;
    }
    byte[] e = new byte[member.length + 2 + tag];
    e[0] = (byte) member.length;
    System.arraycopy(member, 0, e, 1, member.length);
    e[member.length + 1] = (byte) tag;
    for (int i = 0; i < tag; i++) {
      e[e.length - 1 - i] = (byte) (v >>> (8 * i));
    }
    return e;
  }

  /** A new array with entry inserted at offset at. */
  static byte[] insert(byte[] p, int at, byte[] entry) {
    byte[] out = new byte[p.length + entry.length];
    System.arraycopy(p, 0, out, 0, at);
    System.arraycopy(entry, 0, out, at, entry.length);
    System.arraycopy(p, at, out, at + entry.length, p.length - at);
    return out;
  }

  /** A new array without the bytes [from, to). */
  static byte[] cut(byte[] p, int from, int to) {
    if (from == 0 && to == p.length) {
      return EMPTY;
    }
    byte[] out = new byte[p.length - (to - from)];
    System.arraycopy(p, 0, out, 0, from);
    System.arraycopy(p, to, out, from, p.length - to);
    return out;
  }
}
