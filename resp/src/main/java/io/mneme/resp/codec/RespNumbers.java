package io.mneme.resp.codec;

import io.netty.buffer.ByteBuf;

/** Allocation-free decimal parsing and printing of longs, straight from and into ByteBufs. */
final class RespNumbers {

  /** Returned by {@link #parseLong} for text Redis's string2ll rejects. */
  static final long INVALID = Long.MIN_VALUE;

  /** string2ll refuses texts this long or longer (Redis's LONG_STR_SIZE). */
  private static final int LONG_STR_MAX_CHARS = 21;

  private static final byte[] MIN_VALUE_DIGITS = Long.toString(Long.MIN_VALUE).getBytes();

  private RespNumbers() {}

  /**
   * Parses {@code buf[start, end)} exactly as Redis's string2ll does: an optional '-', no '+', no
   * leading zeros, no spaces, no overflow. Returns {@link #INVALID} when string2ll would fail. A
   * valid {@code Long.MIN_VALUE} comes back as {@code Long.MIN_VALUE + 1}: callers only care
   * whether a value is negative, and the sentinel stays unambiguous.
   */
  static long parseLong(ByteBuf buf, int start, int end) {
    int length = end - start;
    if (length <= 0 || length >= LONG_STR_MAX_CHARS) {
      return INVALID;
    }
    if (length == 1 && buf.getByte(start) == '0') {
      return 0;
    }
    boolean negative = buf.getByte(start) == '-';
    int i = negative ? start + 1 : start;
    if (i == end || !isDigit(buf.getByte(i)) || buf.getByte(i) == '0') {
      return INVALID;
    }
    // Accumulate negatively so that Long.MIN_VALUE fits, like Long.parseLong.
    long acc = 0;
    for (; i < end; i++) {
      byte b = buf.getByte(i);
      if (!isDigit(b) || acc < Long.MIN_VALUE / 10) {
        return INVALID;
      }
      int digit = b - '0';
      acc *= 10;
      if (acc < Long.MIN_VALUE + digit) {
        return INVALID;
      }
      acc -= digit;
    }
    if (negative) {
      return acc == Long.MIN_VALUE ? Long.MIN_VALUE + 1 : acc;
    }
    return acc == Long.MIN_VALUE ? INVALID : -acc;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  /** Writes {@code value} in decimal without allocating. */
  static void writeLong(ByteBuf out, long value) {
    if (value == Long.MIN_VALUE) {
      out.writeBytes(MIN_VALUE_DIGITS);
      return;
    }
    if (value < 0) {
      out.writeByte('-');
      value = -value;
    }
    int digits = digitCount(value);
    out.ensureWritable(digits);
    int end = out.writerIndex() + digits;
    for (int i = end - 1; i >= out.writerIndex(); i--) {
      out.setByte(i, (int) ('0' + value % 10));
      value /= 10;
    }
    out.writerIndex(end);
  }

  private static int digitCount(long nonNegative) {
    int digits = 1;
    for (long v = nonNegative; v >= 10; v /= 10) {
      digits++;
    }
    return digits;
  }
}
