package io.mneme.engine;

/**
 * Redis's crc64 (src/crc64.c): the Jones polynomial, reflected input and output, initial value
 * 0, no final xor. DUMP payloads end with it, little-endian. Check value: "123456789" gives
 * 0xe9c6d914c4b8d9ca.
 */
public final class Crc64 {
  /** The Jones polynomial in its reflected form (0xad93d23594c935a9 bit-reversed). */
  private static final long POLY_REFLECTED = 0x95ac9329ac4bc9b5L;
  private static final long[] TABLE = new long[256];

  static {
    for (int i = 0; i < TABLE.length; i++) {
      long crc = i;
      for (int bit = 0; bit < Byte.SIZE; bit++) {
        crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
      }
      TABLE[i] = crc;
    }
  }

  private Crc64() {}

  /** The crc64 of b[from, to). */
  public static long of(byte[] b, int from, int to) {
    long crc = 0;
    for (int i = from; i < to; i++) {
      crc = TABLE[(int) ((crc ^ b[i]) & 0xff)] ^ (crc >>> 8);
    }
    return crc;
  }
}
