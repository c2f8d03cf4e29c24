package io.mneme.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * Redis's ziplist byte format (src/ziplist.c), which RDB versions before 10 (Redis 6 and
 * older) use for small lists, hashes and sorted sets: a header of total bytes, tail offset and
 * entry count (little-endian), entries of previous-entry length, encoding and data, and a 0xFF
 * terminator. Redis 7.0 still loads these from DUMP payloads, and so does Mneme; it never
 * writes them. Every length is checked against the blob.
 */
final class RdbZiplist {
  private static final int HEADER_BYTES = 10;
  private static final int END = 0xff;
  /** A previous-entry length of this byte is followed by 4 bytes holding it. */
  private static final int PREVLEN_BIG = 0xfe;
  /** The header's entry count when it is too large to hold. */
  private static final int COUNT_UNKNOWN = 0xffff;
  private static final int INT16 = 0xc0;
  private static final int INT32 = 0xd0;
  private static final int INT64 = 0xe0;
  private static final int INT24 = 0xf0;
  private static final int INT8 = 0xfe;
  /** 0xf1..0xfd hold the integers 0..12 in the encoding byte itself. */
  private static final int IMMEDIATE_MIN = 0xf1;
  private static final int IMMEDIATE_MAX = 0xfd;

  private RdbZiplist() {}

  /** The entries as byte strings (integers as their decimal text), or null if malformed. */
  static List<byte[]> read(byte[] zl) {
    if (zl.length < HEADER_BYTES + 1 || RdbListpack.le32(zl, 0) != zl.length
        || (zl[zl.length - 1] & 0xff) != END) {
      return null;
    }
    int declared = (zl[8] & 0xff) | (zl[9] & 0xff) << 8;
    List<byte[]> out = new ArrayList<>();
    int p = HEADER_BYTES;
    int end = zl.length - 1;
    while (p < end) {
      p += (zl[p] & 0xff) == PREVLEN_BIG ? 5 : 1;
      if (p >= end) {
        return null;
      }
      int enc = zl[p] & 0xff;
      int kind = enc >>> 6;
      long len;
      int header;
      if (kind == 0) {
        len = enc & 0x3f;
        header = 1;
      } else if (kind == 1) {
        if (p + 2 > end) {
          return null;
        }
        len = (enc & 0x3f) << 8 | (zl[p + 1] & 0xff);
        header = 2;
      } else if (enc == 0x80) {
        if (p + 5 > end) {
          return null;
        }
        len = Integer.toUnsignedLong(be32(zl, p + 1));
        header = 5;
      } else if (kind == 2) {
        return null;
      } else {
        int width = intWidth(enc);
        if (width < 0 || p + 1 + width > end) {
          return null;
        }
        long v = width == 0 ? enc - IMMEDIATE_MIN
            : width == 1 ? zl[p + 1] : RdbListpack.signedLe(zl, p + 1, width);
        out.add(Parse.bytes(v));
        p += 1 + width;
        continue;
      }
      if (p + header + len > end) {
        return null;
      }
      out.add(java.util.Arrays.copyOfRange(zl, p + header, p + header + (int) len));
      p += header + (int) len;
    }
    return p == end && (declared == COUNT_UNKNOWN || declared == out.size()) ? out : null;
  }

  /** Bytes of an integer encoding's data; 0 for an immediate; -1 if not an integer one. */
  private static int intWidth(int enc) {
    return switch (enc) {
      case INT16 -> 2;
      case INT32 -> 4;
      case INT64 -> 8;
      case INT24 -> 3;
      case INT8 -> 1;
      default -> enc >= IMMEDIATE_MIN && enc <= IMMEDIATE_MAX ? 0 : -1;
    };
  }

  private static int be32(byte[] b, int p) {
    return (b[p] & 0xff) << 24 | (b[p + 1] & 0xff) << 16 | (b[p + 2] & 0xff) << 8
        | (b[p + 3] & 0xff);
  }
}
