package io.mneme.engine;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Emulates the x86 80-bit long double that Redis uses for INCRBYFLOAT: values are exact
 * BigDecimals rounded to a 64-bit mantissa after parsing and after each addition, and printed as
 * Redis's ld2string(LD_STR_HUMAN) does ("%.17Lf", trailing zeros trimmed).
 */
final class LongDouble {
  /** Redis refuses longer float strings (MAX_LONG_DOUBLE_CHARS). */
  static final int CHARS_MAX = 5 * 1024;
  /** Mantissa bits of the x87 extended format. */
  private static final int MANTISSA_BITS = 64;
  /** Binary exponent range of normal long doubles. */
  private static final int EXP_MAX = 16383;
  private static final int EXP_MIN = -16382;
  /** Decimals printed by "%.17Lf". */
  private static final int PRINT_DECIMALS = 17;
  private static final double LOG2_10 = Math.log(10) / Math.log(2);
  private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(MANTISSA_BITS);

  private LongDouble() {}

  /** Sentinel for +/- infinity: it can be parsed but never stored. */
  static final BigDecimal INFINITE = null;

  /**
   * Parses like strtold under Redis's rules; returns null for an infinity and throws "not a
   * valid float" for anything else strtold or Redis would refuse.
   */
  static BigDecimal parse(byte[] b) {
    if (b.length == 0 || b.length > CHARS_MAX) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    String s = Errors.str(b);
    String l = s.toLowerCase(java.util.Locale.ROOT);
    String u = l.startsWith("+") || l.startsWith("-") ? l.substring(1) : l;
    if (u.equals("inf") || u.equals("infinity")) {
      return INFINITE;
    }
    if (u.startsWith("0x")) {
      return parseHex(u, l.startsWith("-"));
    }
    for (int i = 0; i < b.length; i++) {
      int c = b[i];
      if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        throw new CommandError(Errors.NOT_FLOAT);
      }
    }
    BigDecimal x;
    try {
      x = new BigDecimal(s);
    } catch (NumberFormatException e) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    BigDecimal r = round(x);
    if (r == INFINITE || (r.signum() == 0 && x.signum() != 0)) {
      throw new CommandError(Errors.NOT_FLOAT); // strtold's ERANGE
    }
    return r;
  }

  /** strtold's hexadecimal form: 0x, hex digits with an optional '.', optional p exponent. */
  private static BigDecimal parseHex(String u, boolean negative) {
    java.util.regex.Matcher m = java.util.regex.Pattern
        .compile("0x([0-9a-f]*)(?:\\.([0-9a-f]*))?(?:p([+-]?[0-9]{1,6}))?").matcher(u);
    if (!m.matches() || (m.group(1).isEmpty() && (m.group(2) == null || m.group(2).isEmpty()))) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    String frac = m.group(2) == null ? "" : m.group(2);
    BigInteger mant = new BigInteger(m.group(1) + frac + "0", 16).shiftRight(4);
    int exp = (m.group(3) == null ? 0 : Integer.parseInt(m.group(3))) - 4 * frac.length();
    BigDecimal x = scale2(new BigDecimal(mant), exp);
    BigDecimal r = round(negative ? x.negate() : x);
    if (r == INFINITE || (r.signum() == 0 && x.signum() != 0)) {
      throw new CommandError(Errors.NOT_FLOAT);
    }
    return r;
  }

  /** x rounded to the nearest long double (ties to even), null when it overflows. */
  static BigDecimal round(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal a = x.abs();
    int e = (int) Math.floor((a.precision() - a.scale() - 1) * LOG2_10);
    if (e > EXP_MAX + 2) {
      return INFINITE;
    }
    if (e < EXP_MIN - MANTISSA_BITS - 2) {
      return BigDecimal.ZERO;
    }
    BigDecimal m = scale2(a, MANTISSA_BITS - 1 - e);
    while (m.compareTo(new BigDecimal(TWO_64)) >= 0) {
      e++;
      m = scale2(a, MANTISSA_BITS - 1 - e);
    }
    while (m.compareTo(new BigDecimal(TWO_64.shiftRight(1))) < 0) {
      e--;
      m = scale2(a, MANTISSA_BITS - 1 - e);
    }
    BigInteger mi = m.setScale(0, RoundingMode.HALF_EVEN).toBigIntegerExact();
    if (mi.bitLength() > MANTISSA_BITS) {
      mi = mi.shiftRight(1);
      e++;
    }
    if (e > EXP_MAX) {
      return INFINITE;
    }
    BigDecimal r = scale2(new BigDecimal(mi), e - (MANTISSA_BITS - 1)).stripTrailingZeros();
    return x.signum() < 0 ? r.negate() : r;
  }

  /** a * 2^k exactly. */
  private static BigDecimal scale2(BigDecimal a, int k) {
    if (k >= 0) {
      return a.multiply(new BigDecimal(BigInteger.ONE.shiftLeft(k)));
    }
    return a.multiply(new BigDecimal(BigInteger.valueOf(5).pow(-k))).movePointLeft(-k);
  }

  /** "%.17Lf" with trailing zeros (and a bare '.') removed, and "-0" printed as "0". */
  static String format(BigDecimal v) {
    String s = v.setScale(PRINT_DECIMALS, RoundingMode.HALF_EVEN).toPlainString();
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    if (s.charAt(end - 1) == '.') {
      end--;
    }
    s = s.substring(0, end);
    return s.equals("-0") ? "0" : s;
  }
}
