package io.mneme.engine;

import java.nio.charset.StandardCharsets;

/** Argument parsing with Redis's exact rules (util.c string2ll and friends). */
final class Parse {
  /** string2ll refuses anything longer: a long has at most 20 characters with its sign. */
  private static final int LONG_CHARS_MAX = 20;

  private Parse() {}

  /**
   * Strict decimal long like Redis's string2ll: optional '-', no '+', no spaces, no leading
   * zeros (except "0" itself), must fit in 64 bits.
   */
  static boolean isLong(byte[] b) {
    return parseLong(b) != null;
  }

  /** Parses or throws "value is not an integer or out of range". */
  static long longArg(byte[] b) {
    Long v = parseLong(b);
    if (v == null) {
      throw new CommandError(Errors.NOT_INTEGER);
    }
    return v;
  }

  /** Like {@link #longArg} but for a C int (getIntFromObjectOrReply and its range error). */
  static int intArg(byte[] b) {
    long v = longArg(b);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new CommandError(Errors.INT_RANGE);
    }
    return (int) v;
  }

  /**
   * Redis's getRangeLongFromObjectOrReply: a strict long in [min, max]; both a non-integer and an
   * out-of-range value fail with msg.
   */
  static long rangeLongArg(byte[] b, long min, long max, String msg) {
    Long v = parseLong(b);
    if (v == null || v < min || v > max) {
      throw new CommandError(msg);
    }
    return v;
  }

  /** Redis's getPositiveLongFromObjectOrReply with its default message. */
  static long positiveLongArg(byte[] b) {
    return rangeLongArg(b, 0, Long.MAX_VALUE, Errors.MUST_BE_POSITIVE);
  }

  /**
   * Validates a blocking command's timeout in seconds as Redis's getTimeoutFromObjectOrReply
   * does: a long double, times 1000, truncated to a long. Values whose milliseconds do not fit a
   * long (infinity too) convert to LLONG_MIN on x86 and so are "negative". Returns the timeout in
   * milliseconds (0 blocks forever).
   */
  static long timeoutMillisArg(byte[] b) {
    java.math.BigDecimal seconds;
    try {
      seconds = LongDouble.parse(b);
    } catch (CommandError e) {
      throw new CommandError(Errors.TIMEOUT_NOT_FLOAT);
    }
    if (seconds == LongDouble.INFINITE) {
      throw new CommandError(Errors.TIMEOUT_NEGATIVE);
    }
    // The product is a long double too: round it before the cast truncates it.
    java.math.BigDecimal product = LongDouble.round(seconds.movePointRight(3));
    if (product == LongDouble.INFINITE) {
      throw new CommandError(Errors.TIMEOUT_NEGATIVE);
    }
    java.math.BigInteger ms = product.toBigInteger();
    if (ms.signum() < 0 || ms.bitLength() > 63) {
      throw new CommandError(Errors.TIMEOUT_NEGATIVE);
    }
    return ms.longValue();
  }

  /** Returns null when the bytes are not a strict decimal long. */
  static Long parseLong(byte[] b) {
    int len = b.length;
    if (len == 0 || len > LONG_CHARS_MAX) {
      return null;
    }
    if (len == 1 && b[0] == '0') {
      return 0L;
    }
    int i = 0;
    boolean neg = b[0] == '-';
    if (neg) {
      i++;
      if (len == 1) {
        return null;
      }
    }
    if (b[i] < '1' || b[i] > '9') {
      return null;
    }
    // Accumulate negatively so that Long.MIN_VALUE parses without overflow.
    long v = 0;
    for (; i < len; i++) {
      int d = b[i] - '0';
      if (d < 0 || d > 9) {
        return null;
      }
      if (v < (Long.MIN_VALUE + d) / 10) {
        return null;
      }
      v = v * 10 - d;
    }
    if (!neg) {
      if (v == Long.MIN_VALUE) {
        return null;
      }
      v = -v;
    }
    return v;
  }

  /** Parses a value as a long or returns null (used for stored values). */
  static Long tryLong(byte[] b) {
    return parseLong(b);
  }

  /** ASCII case-insensitive comparison of an argument with a lowercase keyword. */
  static boolean is(byte[] arg, String lower) {
    int n = lower.length();
    if (arg.length != n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      int c = arg[i];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static byte[] bytes(long v) {
    return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
  }

  static String lower(byte[] b) {
    byte[] c = b.clone();
    for (int i = 0; i < c.length; i++) {
      if (c[i] >= 'A' && c[i] <= 'Z') {
        c[i] += 'a' - 'A';
      }
    }
    return new String(c, StandardCharsets.UTF_8);
  }
}
