package io.mneme.resp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected values are C's printf("%.17g") output (checked against glibc/Python). */
class DoubleFormatTest {

  @ParameterizedTest
  @CsvSource({
      "0, 0",
      "-0.0, -0",
      "1, 1",
      "-1, -1",
      "1.5, 1.5",
      "3.1, 3.1000000000000001",
      "-3.1, -3.1000000000000001",
      "1e20, 1e+20",
      "1.0e-5, 1.0000000000000001e-05",
      "1e16, 10000000000000000",
      "1e17, 1e+17",
      "123456789012345678, 1.2345678901234568e+17",
      "0.0001, 0.0001",
      "0.00015, 0.00014999999999999999",
      "1e-300, 1e-300",
      "1.7976931348623157e308, 1.7976931348623157e+308",
      "4.9e-324, 4.9406564584124654e-324",
      "2.5, 2.5",
      "100.5, 100.5",
      "4.35, 4.3499999999999996",
      "1000000000000000.2, 1000000000000000.2",
      "9007199254740992, 9007199254740992",
      "123.456, 123.456",
      "0.5, 0.5",
  })
  void formatsLikePercentPoint17g(double value, String expected) {
    assertEquals(expected, DoubleFormat.format(value));
  }

  @Test
  void specialValues() {
    assertEquals("0.30000000000000004", DoubleFormat.format(0.1 + 0.2));
    assertEquals("0.33333333333333331", DoubleFormat.format(1.0 / 3));
    assertEquals("inf", DoubleFormat.format(Double.POSITIVE_INFINITY));
    assertEquals("-inf", DoubleFormat.format(Double.NEGATIVE_INFINITY));
    assertEquals("nan", DoubleFormat.format(Double.NaN));
    assertEquals("-nan", DoubleFormat.format(Double.longBitsToDouble(0xfff8000000000000L)));
  }
}
