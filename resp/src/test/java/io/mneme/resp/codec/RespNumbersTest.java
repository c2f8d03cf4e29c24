package io.mneme.resp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RespNumbersTest {

  private static long parse(String text) {
    ByteBuf buf = Unpooled.copiedBuffer("x" + text + "y", StandardCharsets.ISO_8859_1);
    try {
      return RespNumbers.parseLong(buf, 1, 1 + text.length());
    } finally {
      buf.release();
    }
  }

  @Test
  void acceptsWhatString2llAccepts() {
    assertEquals(0, parse("0"));
    assertEquals(7, parse("7"));
    assertEquals(-12, parse("-12"));
    assertEquals(1048576, parse("1048576"));
    assertEquals(Long.MAX_VALUE, parse("9223372036854775807"));
    assertEquals(-Long.MAX_VALUE, parse("-9223372036854775807"));
    // A valid Long.MIN_VALUE is reported one higher, keeping INVALID unambiguous.
    assertEquals(Long.MIN_VALUE + 1, parse("-9223372036854775808"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "-", "-0", "00", "01", "+1", " 1", "1 ", "1a", "0x10",
      "9223372036854775808", "-9223372036854775809", "99999999999999999999",
      "000000000000000000001"})
  void rejectsWhatString2llRejects(String text) {
    assertEquals(RespNumbers.INVALID, parse(text));
  }

  @Test
  void writesLongs() {
    ByteBuf out = Unpooled.buffer();
    for (long v : new long[] {0, 9, 10, -1, 123456789, Long.MAX_VALUE, Long.MIN_VALUE}) {
      out.clear();
      RespNumbers.writeLong(out, v);
      assertEquals(Long.toString(v), out.toString(StandardCharsets.US_ASCII));
    }
    out.release();
  }
}
