package io.mneme.engine.script;

import io.mneme.engine.Crc64;
import io.mneme.engine.Lzf;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * FUNCTION DUMP's payload as Redis 7.0 writes it: per library the RDB opcode FUNCTION2 and the
 * code as an RDB string, then the RDB version (2 bytes, little-endian) and a CRC-64/Jones of
 * everything before (8 bytes, little-endian). Codes are written uncompressed; LZF-compressed
 * strings, as Redis writes long codes, are read too, so Redis's dumps restore here.
 */
final class FunctionDump {
  private static final int OPCODE_FUNCTION2 = 245;
  private static final int ENC_LZF = 3;
  /** Bounds a declared length so a forged payload cannot ask for a huge allocation. */
  private static final int CODE_BYTES_MAX = 512 * 1024 * 1024;
  private FunctionDump() {}

  static long crc64(byte[] b, int len) {
    return Crc64.of(b, 0, len);
  }

  static byte[] write(List<byte[]> codes) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] code : codes) {
      out.write(OPCODE_FUNCTION2);
      length(out, code.length);
      out.write(code, 0, code.length);
    }
    out.write(Scripts.RDB_VERSION & 0xff);
    out.write(Scripts.RDB_VERSION >>> 8);
    long crc = crc64(out.toByteArray(), out.size());
    for (int i = 0; i < 8; i++) {
      out.write((int) (crc >>> (8 * i)));
    }
    return out.toByteArray();
  }

  private static void length(ByteArrayOutputStream out, int len) {
    if (len < 1 << 6) {
      out.write(len);
    } else if (len < 1 << 14) {
      out.write(0x40 | (len >>> 8));
      out.write(len & 0xff);
    } else {
      out.write(0x80);
      for (int shift = 24; shift >= 0; shift -= 8) {
        out.write(len >>> shift);
      }
    }
  }

  /** The library codes of a payload, or null when its version or checksum is wrong. */
  static List<byte[]> read(byte[] p) {
    if (p.length < 10) {
      return null;
    }
    int footer = p.length - 10;
    int version = (p[footer] & 0xff) | (p[footer + 1] & 0xff) << 8;
    long crc = 0;
    for (int i = 0; i < 8; i++) {
      crc |= (p[footer + 2 + i] & 0xffL) << (8 * i);
    }
    if (version > Scripts.RDB_VERSION || crc != crc64(p, footer + 2)) {
      return null;
    }
    List<byte[]> codes = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < footer) {
      if ((p[pos[0]++] & 0xff) != OPCODE_FUNCTION2) {
        return null;
      }
      byte[] code = string(p, pos, footer);
      if (code == null) {
        return null;
      }
      codes.add(code);
    }
    return codes;
  }

  private static byte[] string(byte[] p, int[] pos, int end) {
    if (pos[0] >= end) {
      return null;
    }
    int first = p[pos[0]] & 0xff;
    if ((first >>> 6) == 3) {
      pos[0]++;
      if ((first & 0x3f) != ENC_LZF) {
        return null;
      }
      long clen = length(p, pos, end);
      long len = length(p, pos, end);
      if (clen < 0 || len < 0 || len > CODE_BYTES_MAX || pos[0] + clen > end
          || len > clen * Lzf.EXPANSION_MAX) {
        return null;
      }
      byte[] out = Lzf.decompress(p, pos[0], pos[0] + (int) clen, (int) len);
      pos[0] += (int) clen;
      return out;
    }
    long len = length(p, pos, end);
    if (len < 0 || pos[0] + len > end) {
      return null;
    }
    byte[] s = java.util.Arrays.copyOfRange(p, pos[0], pos[0] + (int) len);
    pos[0] += (int) len;
    return s;
  }

  private static long length(byte[] p, int[] pos, int end) {
    if (pos[0] >= end) {
      return -1;
    }
    int first = p[pos[0]++] & 0xff;
    switch (first >>> 6) {
      case 0:
        return first & 0x3f;
      case 1:
        return pos[0] < end ? ((first & 0x3f) << 8) | (p[pos[0]++] & 0xff) : -1;
      default:
        if (first != 0x80 || pos[0] + 4 > end) {
          return -1;
        }
        long v = 0;
        for (int i = 0; i < 4; i++) {
          v = (v << 8) | (p[pos[0]++] & 0xff);
        }
        return v;
    }
  }
}
