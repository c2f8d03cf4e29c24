package io.mneme.snapshots;

/** A stored record: 8 bytes of expiry (big-endian, -1 for none), then the encoded value. */
final class RecordCodec {
  private static final int EXPIRY_BYTES = 8;

  private RecordCodec() {}

  static byte[] encode(byte[] value, long expireAtMs) {
    byte[] out = new byte[EXPIRY_BYTES + value.length];
    for (int i = 0; i < EXPIRY_BYTES; i++) {
      out[i] = (byte) (expireAtMs >>> (56 - 8 * i));
    }
    System.arraycopy(value, 0, out, EXPIRY_BYTES, value.length);
    return out;
  }

  static long expireAtMs(byte[] stored) {
    long expireAtMs = 0;
    for (int i = 0; i < EXPIRY_BYTES; i++) {
      expireAtMs = (expireAtMs << 8) | (stored[i] & 0xff);
    }
    return expireAtMs;
  }

  static byte[] value(byte[] stored) {
    byte[] value = new byte[stored.length - EXPIRY_BYTES];
    System.arraycopy(stored, EXPIRY_BYTES, value, 0, value.length);
    return value;
  }
}
