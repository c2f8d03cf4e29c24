package io.mneme.engine;

import java.io.ByteArrayOutputStream;

/**
 * Unsigned LEB128 integers and length-prefixed byte strings for the value codecs: seven bits per
 * byte, low bits first, so small lengths take one byte.
 */
final class Varint {
  /** An int never needs more bytes than this. */
  private static final int INT_BYTES_MAX = 5;

  private Varint() {}

  static void write(ByteArrayOutputStream out, int v) {
    if (v < 0) {
      throw new IllegalArgumentException("negative varint " + v);
    }
    while ((v & ~0x7f) != 0) {
      out.write((v & 0x7f) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  static void writeBytes(ByteArrayOutputStream out, byte[] b) {
    write(out, b.length);
    out.write(b, 0, b.length);
  }

  /** Reads from a byte array with a moving position; every read checks the bounds. */
  static final class Reader {
    private final byte[] in;
    private int pos;

    Reader(byte[] in, int pos) {
      this.in = in;
      this.pos = pos;
    }

    int readByte() {
      if (pos >= in.length) {
        throw new IllegalArgumentException("encoded value truncated");
      }
      return in[pos++] & 0xff;
    }

    int readInt() {
      int v = 0;
      for (int i = 0; i < INT_BYTES_MAX; i++) {
        int b = readByte();
        v |= (b & 0x7f) << (7 * i);
        if ((b & 0x80) == 0) {
          if (v < 0) {
            break;
          }
          return v;
        }
      }
      throw new IllegalArgumentException("bad varint");
    }

    byte[] readBytes(int n) {
      if (n < 0 || n > in.length - pos) {
        throw new IllegalArgumentException("encoded value truncated");
      }
      byte[] b = java.util.Arrays.copyOfRange(in, pos, pos + n);
      pos += n;
      return b;
    }

    int remaining() {
      return in.length - pos;
    }

    byte[] readPrefixed() {
      return readBytes(readInt());
    }

    /** Fails unless every byte was read: trailing garbage means a corrupt value. */
    void end() {
      if (pos != in.length) {
        throw new IllegalArgumentException("trailing bytes in encoded value");
      }
    }
  }
}
