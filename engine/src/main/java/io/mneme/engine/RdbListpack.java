package io.mneme.engine;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Redis's listpack byte format (src/listpack.c), as RDB and DUMP carry small hashes, sorted
 * sets and list nodes: a 6-byte header (total bytes, element count, little-endian), entries of
 * encoding + data + backlen, and a 0xFF terminator. Integers are stored in the smallest integer
 * encoding and read back as their decimal text. {@link #read} checks every length against the
 * blob, so a hostile payload is refused rather than trusted.
 */
final class RdbListpack {
  static final int HEADER_BYTES = 6;
  static final int EOF = 0xff;
  /** The header's element count when it is too large to hold (the count must be walked). */
  private static final int COUNT_UNKNOWN = 0xffff;
  private static final int STR6_MAX = 63;
  private static final int STR12_MAX = 4095;
  private static final int UINT7_MAX = 127;
  private static final int INT13_MIN = -4096;
  private static final int INT13_MAX = 4095;
  private static final int INT24_MIN = -(1 << 23);
  private static final int INT24_MAX = (1 << 23) - 1;
  /** The longest backlen field: 5 bytes of 7 bits. */
  private static final int BACKLEN_BYTES_MAX = 5;

  private RdbListpack() {}

  /** The entries of a listpack blob as byte strings, or null when the blob is malformed. */
  static List<byte[]> read(byte[] lp) {
    if (lp.length < HEADER_BYTES + 1 || le32(lp, 0) != lp.length
        || (lp[lp.length - 1] & 0xff) != EOF) {
      return null;
    }
    int declared = (lp[4] & 0xff) | (lp[5] & 0xff) << 8;
    List<byte[]> out = new ArrayList<>();
    int p = HEADER_BYTES;
    int end = lp.length - 1;
    while (p < end) {
      int start = p;
      byte[] e;
      int b = lp[p] & 0xff;
      if ((b & 0x80) == 0) {
        e = Parse.bytes(b);
        p += 1;
      } else if ((b & 0xc0) == 0x80) {
        int len = b & 0x3f;
        e = slice(lp, p + 1, len, end);
        p += 1 + len;
      } else if ((b & 0xe0) == 0xc0) {
        if (p + 2 > end) {
          return null;
        }
        int uv = (b & 0x1f) << 8 | (lp[p + 1] & 0xff);
        e = Parse.bytes(uv >= 1 << 12 ? uv - (1 << 13) : uv);
        p += 2;
      } else if ((b & 0xf0) == 0xe0) {
        if (p + 2 > end) {
          return null;
        }
        int len = (b & 0x0f) << 8 | (lp[p + 1] & 0xff);
        e = slice(lp, p + 2, len, end);
        p += 2 + len;
      } else if (b == 0xf0) {
        if (p + 5 > end) {
          return null;
        }
        long len = le32(lp, p + 1) & 0xffffffffL;
        e = len > end ? null : slice(lp, p + 5, (int) len, end);
        p += 5 + (int) Math.min(len, end);
      } else if (b >= 0xf1 && b <= 0xf4) {
        int width = b == 0xf1 ? 2 : b == 0xf2 ? 3 : b == 0xf3 ? 4 : 8;
        if (p + 1 + width > end) {
          return null;
        }
        e = Parse.bytes(signedLe(lp, p + 1, width));
        p += 1 + width;
      } else {
        return null;
      }
      if (e == null) {
        return null;
      }
      int backlen = backlenBytes(p - start);
      if (p + backlen > end || decodeBacklen(lp, p, backlen) != p - start) {
        return null;
      }
      p += backlen;
      out.add(e);
    }
    if (p != end || (declared != COUNT_UNKNOWN && declared != out.size())) {
      return null;
    }
    return out;
  }

  private static byte[] slice(byte[] lp, int from, int len, int end) {
    if (from + (long) len > end) {
      return null;
    }
    return java.util.Arrays.copyOfRange(lp, from, from + len);
  }

  static int le32(byte[] b, int p) {
    return (b[p] & 0xff) | (b[p + 1] & 0xff) << 8 | (b[p + 2] & 0xff) << 16
        | (b[p + 3] & 0xff) << 24;
  }

  /** A little-endian two's complement integer of 2, 3, 4 or 8 bytes. */
  static long signedLe(byte[] b, int p, int width) {
    long v = 0;
    for (int i = width - 1; i >= 0; i--) {
      v = v << 8 | (b[p + i] & 0xff);
    }
    int shift = Long.SIZE - width * Byte.SIZE;
    return v << shift >> shift;
  }

  /** The backlen written after an entry of l bytes (encoding and data). */
  private static int backlenBytes(long l) {
    return l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
  }

  /** Reads a backlen stored forwards at p: its first byte holds the highest 7 bits. */
  private static long decodeBacklen(byte[] b, int p, int n) {
    long v = 0;
    for (int i = 0; i < n; i++) {
      v = v << 7 | (b[p + i] & 0x7f);
    }
    return v;
  }

  private static void writeBacklen(ByteArrayOutputStream out, long l) {
    int n = backlenBytes(l);
    for (int i = n - 1; i >= 0; i--) {
      int part = (int) (l >>> (7 * i)) & 0x7f;
      out.write(i == n - 1 ? part : part | 0x80);
    }
  }

  /** Builds a listpack of the entries, integers in integer encodings as Redis's lpAppend. */
  static byte[] write(List<byte[]> entries) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[HEADER_BYTES]);
    for (byte[] e : entries) {
      int before = out.size();
      Long v = Parse.parseLong(e);
      if (v != null) {
        writeInt(out, v);
      } else {
        writeString(out, e);
      }
      writeBacklen(out, out.size() - before);
    }
    out.write(EOF);
    byte[] lp = out.toByteArray();
    putLe(lp, 0, lp.length, 4);
    putLe(lp, 4, Math.min(entries.size(), COUNT_UNKNOWN), 2);
    return lp;
  }

  /** The encoded size of one entry with its backlen, for sizing list nodes. */
  static int entryBytes(byte[] e) {
    Long v = Parse.parseLong(e);
    if (v != null) {
      long x = v;
      int size = x >= 0 && x <= UINT7_MAX ? 1 : x >= INT13_MIN && x <= INT13_MAX ? 2
          : x == (short) x ? 3 : x >= INT24_MIN && x <= INT24_MAX ? 4 : x == (int) x ? 5 : 9;
      return size + 1;
    }
    int len = e.length;
    int header = len <= STR6_MAX ? 1 : len <= STR12_MAX ? 2 : 5;
    return header + len + backlenBytes(header + len);
  }

  private static void writeInt(ByteArrayOutputStream out, long v) {
    if (v >= 0 && v <= UINT7_MAX) {
      out.write((int) v);
    } else if (v >= INT13_MIN && v <= INT13_MAX) {
      int u = (int) (v < 0 ? (1 << 13) + v : v);
      out.write(u >>> 8 | 0xc0);
      out.write(u & 0xff);
    } else if (v == (short) v) {
      out.write(0xf1);
      writeLe(out, v, 2);
    } else if (v >= INT24_MIN && v <= INT24_MAX) {
      out.write(0xf2);
      writeLe(out, v, 3);
    } else if (v == (int) v) {
      out.write(0xf3);
      writeLe(out, v, 4);
    } else {
      out.write(0xf4);
      writeLe(out, v, 8);
    }
  }

  private static void writeString(ByteArrayOutputStream out, byte[] e) {
    int len = e.length;
    if (len <= STR6_MAX) {
      out.write(0x80 | len);
    } else if (len <= STR12_MAX) {
      out.write(0xe0 | len >>> 8);
      out.write(len & 0xff);
    } else {
      out.write(0xf0);
      writeLe(out, len, 4);
    }
    out.write(e, 0, len);
  }

  static void writeLe(ByteArrayOutputStream out, long v, int width) {
    for (int i = 0; i < width; i++) {
      out.write((int) (v >>> (8 * i)) & 0xff);
    }
  }

  static void putLe(byte[] b, int p, long v, int width) {
    for (int i = 0; i < width; i++) {
      b[p + i] = (byte) (v >>> (8 * i));
    }
  }

  static {
    if (backlenBytes(HEADER_BYTES) != 1 || BACKLEN_BYTES_MAX != backlenBytes(Integer.MAX_VALUE)) {
      throw new AssertionError("backlen sizes");
    }
  }
}
