package io.mneme.resp.codec;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Formats doubles exactly as C's {@code printf("%.17g")} does with glibc, which is what Redis 7.0's
 * addReplyDouble sends: 17 significant digits of the exact binary value, rounded half-even,
 * trailing zeros dropped, scientific notation when the exponent is below -4 or at least 17.
 * So 3.1 is "3.1000000000000001" and 1e20 is "1e+20". Java's own {@code %g} differs (it pads the
 * shortest representation with zeros), hence this emulation.
 */
public final class DoubleFormat {

  /** The precision of Redis's {@code %.17g}. */
  static final int SIGNIFICANT_DIGITS = 17;

  /** {@code %g} switches to scientific notation below this decimal exponent. */
  private static final int MIN_FIXED_EXPONENT = -4;

  /** Integral doubles below this magnitude print as plain integers (the fast path). */
  private static final double FIXED_INTEGER_LIMIT = 1e17;

  private static final MathContext ROUNDING =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);

  private DoubleFormat() {}

  /** {@code value} as {@code %.17g} prints it; infinities are "inf" and "-inf". */
  public static String format(double value) {
    if (Double.isNaN(value)) {
      // glibc prints the sign bit of a NaN.
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
    return formatExact(value);
  }

  private static String formatExact(double value) {
    BigDecimal rounded = new BigDecimal(value).round(ROUNDING);
    String digits = rounded.unscaledValue().abs().toString();
    int exponent = digits.length() - 1 - rounded.scale();
    digits = stripTrailingZeros(digits);
    StringBuilder text = new StringBuilder(SIGNIFICANT_DIGITS + 8);
    if (value < 0) {
      text.append('-');
    }
    if (exponent < MIN_FIXED_EXPONENT || exponent >= SIGNIFICANT_DIGITS) {
      appendScientific(text, digits, exponent);
    } else {
      appendFixed(text, digits, exponent);
    }
    return text.toString();
  }

  private static String stripTrailingZeros(String digits) {
    int end = digits.length();
    while (end > 1 && digits.charAt(end - 1) == '0') {
      end--;
    }
    return digits.substring(0, end);
  }

  /** d.ddde+XX, with at least two exponent digits as C prints them. */
  private static void appendScientific(StringBuilder text, String digits, int exponent) {
    text.append(digits.charAt(0));
    if (digits.length() > 1) {
      text.append('.').append(digits, 1, digits.length());
    }
    text.append('e').append(exponent < 0 ? '-' : '+');
    int magnitude = Math.abs(exponent);
    if (magnitude < 10) {
      text.append('0');
    }
    text.append(magnitude);
  }

  private static void appendFixed(StringBuilder text, String digits, int exponent) {
    if (exponent < 0) {
      text.append("0.");
      text.append("0".repeat(-exponent - 1)).append(digits);
      return;
    }
    int integerDigits = exponent + 1;
    if (digits.length() <= integerDigits) {
      text.append(digits).append("0".repeat(integerDigits - digits.length()));
      return;
    }
    text.append(digits, 0, integerDigits).append('.').append(digits, integerDigits,
        digits.length());
  }
}
