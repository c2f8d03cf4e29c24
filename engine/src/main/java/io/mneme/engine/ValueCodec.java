package io.mneme.engine;

import java.util.Arrays;

/**
 * Encodes a value as bytes with a leading type tag, for snapshots (and later DUMP/RESTORE).
 * Each type has its own tag; the layout after it is the type's own (HashValue, ListValue...).
 */
public final class ValueCodec {
  /** Tag of a string: the bytes after it are the value itself. */
  public static final byte TAG_STRING = 0;
  // Tags reserved for the other types, one each; the layout after the tag is the type's own.
  public static final byte TAG_HASH = 1;
  public static final byte TAG_LIST = 2;
  public static final byte TAG_SET = 3;
  public static final byte TAG_ZSET = 4;
  public static final byte TAG_STREAM = 5;

  private ValueCodec() {}

  public static byte[] encode(Object value) {
    if (value instanceof ZSetValue z) {
      return z.encode(TAG_ZSET);
    }
    if (value instanceof byte[] s) {
      byte[] out = new byte[s.length + 1];
      out[0] = TAG_STRING;
      System.arraycopy(s, 0, out, 1, s.length);
      return out;
    }
    if (value instanceof HashValue h) {
      return h.encode();
    }
    if (value instanceof SetValue s) {
      return s.encode();
    }
    if (value instanceof ListValue l) {
      return l.encode(TAG_LIST);
    }
    if (value instanceof StreamValue stream) {
      return stream.encode();
    }
    throw new IllegalArgumentException("no encoding for " + value.getClass());
  }

  public static Object decode(byte[] encoded) {
    if (encoded.length == 0) {
      throw new IllegalArgumentException("empty encoded value");
    }
    if (encoded[0] == TAG_ZSET) {
      return ZSetValue.decode(encoded, 1);
    }
    if (encoded[0] == TAG_STRING) {
      return Arrays.copyOfRange(encoded, 1, encoded.length);
    }
    if (encoded[0] == TAG_HASH) {
      return HashValue.decode(encoded);
    }
    if (encoded[0] == TAG_SET) {
      return SetValue.decode(encoded);
    }
    if (encoded[0] == TAG_LIST) {
      return ListValue.decode(encoded, 1);
    }
    if (encoded[0] == TAG_STREAM) {
      return StreamValue.decode(encoded);
    }
    throw new IllegalArgumentException("unknown value tag " + encoded[0]);
  }
}
