package io.mneme.engine;

/**
 * liblzf's decompressor (Redis compresses RDB strings longer than 20 bytes with it). The input
 * comes from clients, so every reference and run is checked against both buffers; a bad stream
 * yields null, never an exception or an out-of-bounds copy.
 */
public final class Lzf {
  /**
   * The most one compressed byte can expand to: a long back reference takes 3 bytes for up to
   * 264 bytes of output. A declared length beyond this ratio cannot be honest, so callers refuse
   * it before allocating.
   */
  public static final int EXPANSION_MAX = 88;
  /** Control bytes below this start a literal run of (ctrl + 1) bytes. */
  private static final int LITERAL_LIMIT = 32;
  /** A back reference's 3-bit length of 7 means "read one more length byte". */
  private static final int LONG_REFERENCE = 7;
  /** The shortest back reference copies this many bytes more than its length field. */
  private static final int REFERENCE_BIAS = 2;

  private Lzf() {}

  /** Decompresses in[from, to) into exactly outLength bytes, or returns null. */
  public static byte[] decompress(byte[] in, int from, int to, int outLength) {
    byte[] out = new byte[outLength];
    int ip = from;
    int op = 0;
    while (ip < to) {
      int ctrl = in[ip++] & 0xff;
      if (ctrl < LITERAL_LIMIT) {
        int run = ctrl + 1;
        if (op + run > outLength || ip + run > to) {
          return null;
        }
        System.arraycopy(in, ip, out, op, run);
        ip += run;
        op += run;
        continue;
      }
      int len = ctrl >>> 5;
      int ref = op - ((ctrl & 0x1f) << 8) - 1;
      if (len == LONG_REFERENCE) {
        if (ip >= to) {
          return null;
        }
        len += in[ip++] & 0xff;
      }
      if (ip >= to) {
        return null;
      }
      ref -= in[ip++] & 0xff;
      len += REFERENCE_BIAS;
      if (ref < 0 || op + len > outLength) {
        return null;
      }
      for (int k = 0; k < len; k++) {
        out[op++] = out[ref++]; // may overlap: a run repeating the last bytes
      }
    }
    return op == outLength ? out : null;
  }
}
