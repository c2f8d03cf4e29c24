package io.mneme.engine;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Doubles as Redis reads and prints them: glibc's strtod (what string2d and zslParseRange call),
 * {@code %.17g} (d2string and addReplyDouble), the listpack's integer form of a score,
 * ld2string's human form and {@code %.Nf}. The engine keeps its own copy of the {@code %.17g}
 * formatter because it may not depend on resp/ (whose DoubleFormat sends Reply.Dbl).
 */
final class Doubles {
  /** The precision of Redis's {@code %.17g}. */
  private static final int SIGNIFICANT_DIGITS = 17;
  /** {@code %g} switches to scientific notation below this decimal exponent. */
  private static final int MIN_FIXED_EXPONENT = -4;
  /** Integral doubles below this magnitude print as plain integers. */
  private static final double FIXED_INTEGER_LIMIT = 1e17;
  /** double2ll: a listpack stores a score as an integer only inside +-LLONG_MAX/2. */
  private static final double LISTPACK_INT_LIMIT = (double) (Long.MAX_VALUE / 2);
  private static final MathContext ROUNDING =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

  private Doubles() {}

  // ---- parsing ----

  /** What strtod returned: the value, where it stopped, and whether it set ERANGE. */
  record Strtod(double value, int end, boolean erange) {}

  /**
   * glibc's strtod over b[from..len): leading white space, a sign, "inf", "infinity", "nan",
   * hexadecimal with an optional binary exponent, or decimal with an optional exponent. end is
   * the index after the number, or {@code from} when there is none. Correctly rounded, as glibc
   * is; ERANGE on overflow and on underflow to zero.
   */
  static Strtod strtod(byte[] b, int from, int len) {
    int i = from;
    while (i < len && isSpace(b[i])) {
      i++;
    }
    boolean negative = i < len && b[i] == '-';
    if (i < len && (b[i] == '+' || b[i] == '-')) {
      i++;
    }
    double sign = negative ? -1 : 1;
    if (matches(b, i, len, "inf")) {
      i += matches(b, i, len, "infinity") ? "infinity".length() : "inf".length();
      return new Strtod(sign * Double.POSITIVE_INFINITY, i, false);
    }
    if (matches(b, i, len, "nan")) {
      return new Strtod(Double.NaN, nanEnd(b, i + "nan".length(), len), false);
    }
    if (i + 1 < len && b[i] == '0' && (b[i + 1] == 'x' || b[i + 1] == 'X')) {
      Strtod hex = hex(b, i + 2, len, sign);
      // "0x" without a hex digit is the number 0 followed by "x"
      return hex != null ? hex : new Strtod(sign * 0.0, i + 1, false);
    }
    return decimal(b, i, len, sign, from);
  }

  private static Strtod decimal(byte[] b, int i, int len, double sign, int from) {
    int start = i;
    boolean nonZero = false;
    int digits = 0;
    while (i < len && isDigit(b[i])) {
      nonZero |= b[i] != '0';
      i++;
      digits++;
    }
    if (i < len && b[i] == '.') {
      i++;
      while (i < len && isDigit(b[i])) {
        nonZero |= b[i] != '0';
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      return new Strtod(0, from, false);
    }
    int mantissaEnd = i;
    i = exponentEnd(b, i, len);
    String text = new String(b, start, mantissaEnd - start, java.nio.charset.StandardCharsets
        .US_ASCII) + (i > mantissaEnd ? exponentText(b, mantissaEnd + 1, i) : "");
    double v = Double.parseDouble(text);
    boolean erange = Double.isInfinite(v) || (v == 0 && nonZero);
    return new Strtod(sign * v, i, erange);
  }

  /** The end of an exponent "e[+-]digits" starting at i, or i when there is none. */
  private static int exponentEnd(byte[] b, int i, int len) {
    if (i >= len || (b[i] != 'e' && b[i] != 'E')) {
      return i;
    }
    int j = i + 1;
    if (j < len && (b[j] == '+' || b[j] == '-')) {
      j++;
    }
    if (j >= len || !isDigit(b[j])) {
      return i;
    }
    while (j < len && isDigit(b[j])) {
      j++;
    }
    return j;
  }

  /** The exponent as Java reads it, clamped so that a huge one cannot overflow the parser. */
  private static String exponentText(byte[] b, int from, int to) {
    boolean negative = b[from] == '-';
    int i = b[from] == '+' || b[from] == '-' ? from + 1 : from;
    while (i < to - 1 && b[i] == '0') {
      i++;
    }
    String digits = new String(b, i, to - i, java.nio.charset.StandardCharsets.US_ASCII);
    if (digits.length() > 9) {
      digits = "999999999";
    }
    return "e" + (negative ? "-" : "") + digits;
  }

  /** strtod's hexadecimal form after "0x"; null when no hex digit follows. */
  private static Strtod hex(byte[] b, int i, int len, double sign) {
    StringBuilder mantissa = new StringBuilder();
    int fraction = -1;
    boolean nonZero = false;
    for (; i < len; i++) {
      if (b[i] == '.' && fraction < 0) {
        fraction = mantissa.length();
      } else if (Character.digit(b[i], 16) >= 0) {
        mantissa.append((char) b[i]);
        nonZero |= b[i] != '0';
      } else {
        break;
      }
    }
    if (mantissa.length() == 0) {
      return null;
    }
    int end = i;
    long exponent = 0;
    if (i < len && (b[i] == 'p' || b[i] == 'P')) {
      int j = i + 1;
      boolean negative = j < len && b[j] == '-';
      if (j < len && (b[j] == '+' || b[j] == '-')) {
        j++;
      }
      if (j < len && isDigit(b[j])) {
        for (; j < len && isDigit(b[j]); j++) {
          exponent = Math.min(exponent * 10 + (b[j] - '0'), Integer.MAX_VALUE);
        }
        exponent = negative ? -exponent : exponent;
        end = j;
      }
    }
    int fractionDigits = fraction < 0 ? 0 : mantissa.length() - fraction;
    long binaryExponent = exponent - 4L * fractionDigits;
    binaryExponent = Math.max(Integer.MIN_VALUE / 2, Math.min(Integer.MAX_VALUE / 2,
        binaryExponent));
    double v = Double.parseDouble("0x" + mantissa + "p" + binaryExponent);
    boolean erange = Double.isInfinite(v) || (v == 0 && nonZero);
    return new Strtod(sign * v, end, erange);
  }

  /** After "nan", an optional "(chars)" belongs to the number. */
  private static int nanEnd(byte[] b, int i, int len) {
    if (i < len && b[i] == '(') {
      int j = i + 1;
      while (j < len && (Character.isLetterOrDigit(b[j]) || b[j] == '_')) {
        j++;
      }
      if (j < len && b[j] == ')') {
        return j + 1;
      }
    }
    return i;
  }

  /**
   * Redis's string2d (getDoubleFromObject): the whole argument is one strtod number, no
   * leading space, not NaN, and no overflow or underflow to zero; "inf" itself is fine.
   * Returns NaN when the argument is not such a number.
   */
  static double parse(byte[] b) {
    if (b.length == 0 || isSpace(b[0])) {
      return Double.NaN;
    }
    Strtod r = strtod(b, 0, b.length);
    if (r.end != b.length || (r.erange && (Double.isInfinite(r.value) || r.value == 0))) {
      return Double.NaN;
    }
    return r.value;
  }

  /** {@link #parse} or the error text given (Redis's getDoubleFromObjectOrReply). */
  static double parseOr(byte[] b, String error) {
    double v = parse(b);
    if (Double.isNaN(v)) {
      throw new CommandError(error);
    }
    return v;
  }

  /**
   * strtod over a C string: the bytes up to the first NUL, which must all be part of the number
   * (zslParseRange); NaN when they are not, or when the number is NaN.
   */
  static double parseCString(byte[] b, int from) {
    int len = from;
    while (len < b.length && b[len] != 0) {
      len++;
    }
    Strtod r = strtod(b, from, len);
    return r.end == len ? r.value : Double.NaN;
  }

  private static boolean matches(byte[] b, int i, int len, String lower) {
    if (len - i < lower.length()) {
      return false;
    }
    for (int k = 0; k < lower.length(); k++) {
      int c = b[i + k];
      if (c >= 'A' && c <= 'Z') {
        c += 'a' - 'A';
      }
      if (c != lower.charAt(k)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  // ---- formatting ----

  /** {@code %.17g} as glibc prints it (Redis's d2string and addReplyDouble). */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    if (value == 0) {
      return 1 / value < 0 ? "-0" : "0";
    }
    if (value == Math.rint(value) && Math.abs(value) < FIXED_INTEGER_LIMIT) {
      return Long.toString((long) value);
    }
    BigDecimal rounded = new BigDecimal(value).round(ROUNDING);
    String digits = rounded.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    digits = digits.substring(0, end);
    StringBuilder text = new StringBuilder(SIGNIFICANT_DIGITS + 8);
    if (value < 0) {
      text.append('-');
    }
    if (exponent < MIN_FIXED_EXPONENT || exponent >= SIGNIFICANT_DIGITS) {
      text.append(digits.charAt(0));
      if (digits.length() > 1) {
        text.append('.').append(digits, 1, digits.length());
      }
      text.append('e').append(exponent < 0 ? '-' : '+');
      text.append(Math.abs(exponent) < 10 ? "0" : "").append(Math.abs(exponent));
    } else if (exponent < 0) {
      text.append("0.").append("0".repeat(-exponent - 1)).append(digits);
    } else if (digits.length() <= exponent + 1) {
      text.append(digits).append("0".repeat(exponent + 1 - digits.length()));
    } else {
      text.append(digits, 0, exponent + 1).append('.').append(digits, exponent + 1,
          digits.length());
    }
    return text.toString();
  }

  /**
   * A score as a listpack holds it: an integer when double2ll accepts it (so -0 becomes 0),
   * else its {@code %.17g} text. ZSCAN of a listpack shows this text.
   */
  static String listpackText(double score) {
    if (score >= -LISTPACK_INT_LIMIT && score <= LISTPACK_INT_LIMIT && score == (long) score) {
      return Long.toString((long) score);
    }
    return format(score);
  }

  /** ld2string(LD_STR_HUMAN) of a double: {@code %.17Lf} without trailing zeros. */
  static String human(double value) {
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    return LongDouble.format(new BigDecimal(value));
  }

  /** {@code %.<decimals>f} as glibc prints it: exact value, ties to even, sign kept. */
  static String fixed(double value, int decimals) {
    if (Double.isNaN(value)) {
      return Double.doubleToRawLongBits(value) < 0 ? "-nan" : "nan";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "inf" : "-inf";
    }
    String s = new BigDecimal(value).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
    boolean negative = value < 0 || (value == 0 && 1 / value < 0);
    return negative && !s.startsWith("-") ? "-" + s : s;
  }
}
