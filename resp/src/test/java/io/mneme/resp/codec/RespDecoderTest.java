package io.mneme.resp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.engine.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ResourceLeakDetector;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RespDecoderTest {

  private static final String ERR = "ERR Protocol error: ";

  /** A pipeline mixing every request form; parsed into EXPECTED. */
  private static final String PIPELINE = "*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nhe\r\no\r\n"
      + "*0\r\n*-1\r\n"
      + "PING\r\n"
      + "\r\n   \r\n"
      + "set \"a b\\x41\\n\" 'c\\'d' e\n"
      + "*2\r\n$3\r\nGET\r\n$0\r\n\r\n"
      + "*1\r\n$3\r\na\0b\r\n";

  private static final List<List<String>> EXPECTED = List.of(
      List.of("SET", "k", "he\r\no"),
      List.of("PING"),
      List.of("set", "a bA\n", "c'd", "e"),
      List.of("GET", ""),
      List.of("a\0b"));

  /** Every input buffer handed to a channel, to check that all of them get released. */
  private final List<ByteBuf> inputs = new ArrayList<>();

  @BeforeAll
  static void paranoidLeakDetection() {
    ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
  }

  @AfterEach
  void inputsReleased() {
    for (ByteBuf input : inputs) {
      assertEquals(0, input.refCnt(), "input buffer not released");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String text(byte[] bytes) {
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  /** Feeds the parts as separate reads, closes the channel, returns all messages decoded. */
  private List<Object> decode(RespDecoder decoder, byte[]... parts) {
    EmbeddedChannel channel = new EmbeddedChannel(decoder);
    for (byte[] part : parts) {
      write(channel, part);
    }
    channel.finish();
    return drain(channel);
  }

  private List<Object> decode(String... parts) {
    byte[][] raw = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      raw[i] = bytes(parts[i]);
    }
    return decode(new RespDecoder(), raw);
  }

  private void write(EmbeddedChannel channel, byte[] part) {
    ByteBuf buf = channel.alloc().buffer(part.length).writeBytes(part);
    inputs.add(buf);
    channel.writeInbound(buf);
  }

  private static List<Object> drain(EmbeddedChannel channel) {
    List<Object> messages = new ArrayList<>();
    for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
      messages.add(m);
    }
    return messages;
  }

  private static List<List<String>> commands(List<Object> messages) {
    List<List<String>> commands = new ArrayList<>();
    for (Object m : messages) {
      assertInstanceOf(byte[][].class, m, () -> "not a command: " + m);
      commands.add(Arrays.stream((byte[][]) m).map(RespDecoderTest::text).toList());
    }
    return commands;
  }

  private void assertError(String detail, String... parts) {
    List<Object> messages = decode(parts);
    assertEquals(List.of(new ProtocolError(ERR + detail)), messages);
  }

  @Test
  void multibulkCommand() {
    assertEquals(List.of(List.of("SET", "key", "value")),
        commands(decode("*3\r\n$3\r\nSET\r\n$3\r\nkey\r\n$5\r\nvalue\r\n")));
  }

  @Test
  void pipelineInOneBuffer() {
    assertEquals(EXPECTED, commands(decode(PIPELINE)));
  }

  @Test
  void manyCommandsInOneBuffer() {
    StringBuilder in = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      String key = "key:" + i;
      in.append("*2\r\n$3\r\nGET\r\n$").append(key.length()).append("\r\n").append(key)
          .append("\r\n");
      expected.add(List.of("GET", key));
      if (i % 100 == 0) {
        in.append("INCR ").append(key).append("\r\n");
        expected.add(List.of("INCR", key));
      }
    }
    assertEquals(expected, commands(decode(in.toString())));
  }

  @Test
  void splitAtEveryByte() {
    byte[] all = bytes(PIPELINE);
    for (int i = 0; i <= all.length; i++) {
      List<Object> messages = decode(new RespDecoder(),
          Arrays.copyOfRange(all, 0, i), Arrays.copyOfRange(all, i, all.length));
      assertEquals(EXPECTED, commands(messages), "split at " + i);
    }
  }

  @Test
  void splitAtEveryPairOfBytes() {
    byte[] all = bytes("*2\r\n$4\r\nECHO\r\n$3\r\na\rb\r\nPING 'x'\r\n");
    List<List<String>> expected = List.of(List.of("ECHO", "a\rb"), List.of("PING", "x"));
    for (int i = 0; i <= all.length; i++) {
      for (int j = i; j <= all.length; j++) {
        List<Object> messages = decode(new RespDecoder(), Arrays.copyOfRange(all, 0, i),
            Arrays.copyOfRange(all, i, j), Arrays.copyOfRange(all, j, all.length));
        assertEquals(expected, commands(messages), "split at " + i + ", " + j);
      }
    }
  }

  @Test
  void oneByteAtATime() {
    byte[] all = bytes(PIPELINE);
    byte[][] parts = new byte[all.length][];
    for (int i = 0; i < all.length; i++) {
      parts[i] = new byte[] {all[i]};
    }
    assertEquals(EXPECTED, commands(decode(new RespDecoder(), parts)));
  }

  @Test
  void emitsEachCommandAsSoonAsItIsComplete() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder());
    write(channel, bytes("*1\r\n$4\r\nPING\r\n*1\r\n$4\r\nPI"));
    assertEquals(List.of(List.of("PING")), commands(drain(channel)));
    write(channel, bytes("NG\r"));
    assertEquals(List.of(), drain(channel));
    write(channel, bytes("\n"));
    assertEquals(List.of(List.of("PING")), commands(drain(channel)));
    channel.finish();
  }

  @Test
  void binaryBulks() {
    byte[] value = new byte[256];
    for (int i = 0; i < value.length; i++) {
      value[i] = (byte) i;
    }
    byte[] in = concat(bytes("*2\r\n$3\r\nSET\r\n$256\r\n"), value, bytes("\r\n"));
    List<Object> messages = decode(new RespDecoder(), in);
    assertArrayEquals(value, ((byte[][]) messages.get(0))[1]);
  }

  @Test
  void bulkTrailerIsSkippedUncheckedAsRedisDoes() {
    assertEquals(List.of(List.of("foo"), List.of("PING")),
        commands(decode("*1\r\n$3\r\nfooXYPING\r\n")));
  }

  @Test
  void argvGrowsPastThePreallocatedSize() {
    int count = 5000;
    StringBuilder in = new StringBuilder("*" + count + "\r\n");
    for (int i = 0; i < count; i++) {
      in.append("$").append(Integer.toString(i).length()).append("\r\n").append(i).append("\r\n");
    }
    List<String> args = commands(decode(in.toString())).get(0);
    assertEquals(count, args.size());
    assertEquals("4999", args.get(count - 1));
  }

  @Test
  void inlineCommands() {
    assertEquals(List.of(List.of("GET", "a")), commands(decode("GET a\n")));
    assertEquals(List.of(List.of("GET", "a")), commands(decode("  GET\t  a  \r\n")));
    assertEquals(List.of(List.of("a", "b")), commands(decode("a\rb\n"))); // \r ends a token
    assertEquals(List.of(List.of("GET", "a")), commands(decode("GET a\0b c\r\n")));
    assertEquals(List.of(List.of("x\u000by")), commands(decode("x\u000by\n")));
    assertEquals(List.of(), commands(decode("\r\n\n \t \r\n")));
  }

  @Test
  void inlineQuotes() {
    assertEquals(List.of(List.of("SET", "a b", "", "it's")),
        commands(decode("SET \"a b\" \"\" 'it\\'s'\r\n")));
    assertEquals(List.of(List.of("\n\r\t\b\u0007\\\"zq", "x4g", "\u00ff\u0001")),
        commands(decode("\"\\n\\r\\t\\b\\a\\\\\\\"\\z\\q\" \"\\x4g\" \"\\xff\\x01\"\n")));
    assertEquals(List.of(List.of("a\\nb\\x", "foobar baz")),
        commands(decode("'a\\nb\\x' foo\"bar baz\"\n")));
  }

  @Test
  void inlineLineAtTheLimit() {
    String arg = "x".repeat(RespDecoder.INLINE_MAX_BYTES - 4);
    List<List<String>> commands = commands(decode("GET " + arg + "\n"));
    assertEquals(List.of(List.of("GET", arg)), commands);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"abc\n", "'abc\r\n", "\"abc\"def\n", "'abc'def\n", "\"a\"\"b\"\n",
      "'abc\\'\n", "\"abc\\\"\n", "\"abc\\\n", "GET \"a\0\"\n"})
  void unbalancedQuotes(String line) {
    assertError("unbalanced quotes in request", line);
  }

  @Test
  void tooBigInlineRequest() {
    assertError("too big inline request", "x".repeat(RespDecoder.INLINE_MAX_BYTES + 1));
    String half = "x".repeat(RespDecoder.INLINE_MAX_BYTES / 2);
    assertError("too big inline request", half, half, "x", "\r\n");
  }

  @Test
  void invalidMultibulkLength() {
    assertError("invalid multibulk length", "*1048577\r\n");
    assertError("invalid multibulk length", "*abc\r\n");
    assertError("invalid multibulk length", "*\r\n");
    assertError("invalid multibulk length", "*01\r\n");
    assertError("invalid multibulk length", "*99999999999999999999\r\n");
  }

  @Test
  void tooBigMbulkCountString() {
    assertError("too big mbulk count string", "*" + "1".repeat(RespDecoder.INLINE_MAX_BYTES));
  }

  @Test
  void invalidBulkLength() {
    assertError("invalid bulk length", "*1\r\n$536870913\r\n");
    assertError("invalid bulk length", "*1\r\n$-1\r\n");
    assertError("invalid bulk length", "*1\r\n$abc\r\n");
    assertError("invalid bulk length", "*1\r\n$+3\r\nfoo\r\n");
    assertError("invalid bulk length", "*1\r\n$\r\n");
    assertError("invalid bulk length", "*2\r\n$1\r\na\r\n$3 \r\nfoo\r\n");
  }

  @Test
  void maxBulkLengthIsConfigurable() {
    RespDecoder decoder = new RespDecoder(10);
    assertEquals(10, decoder.protoMaxBulkLenBytes());
    assertEquals(List.of(new ProtocolError(ERR + "invalid bulk length")),
        decode(decoder, bytes("*1\r\n$11\r\n")));
    assertEquals(List.of(List.of("0123456789")),
        commands(decode(new RespDecoder(10), bytes("*1\r\n$10\r\n0123456789\r\n"))));
    assertThrows(IllegalArgumentException.class, () -> new RespDecoder(-1));
    assertThrows(IllegalArgumentException.class, () -> new RespDecoder(1L << 31));
  }

  @Test
  void tooBigBulkCountString() {
    assertError("too big bulk count string",
        "*1\r\n$" + "1".repeat(RespDecoder.INLINE_MAX_BYTES));
  }

  @Test
  void expectedDollar() {
    assertError("expected '$', got 'X'", "*1\r\nX3\r\nfoo\r\n");
    assertError("expected '$', got ':'", "*2\r\n$1\r\na\r\n:1\r\n");
    // The type byte is judged only once the whole header line has arrived, as in Redis.
    assertEquals(List.of(), decode("*1\r\nX3"));
  }

  @Test
  void errorIsEmittedOnceAndLaterInputDiscarded() {
    List<Object> messages = decode("PING\r\n*1\r\n$x\r\nPING\r\n", "*1\r\n$4\r\nPING\r\n");
    assertEquals(List.of("PING"), commands(messages.subList(0, 1)).get(0));
    assertEquals(List.of(new ProtocolError(ERR + "invalid bulk length")),
        messages.subList(1, messages.size()));
    assertEquals(new Reply.Err(ERR + "invalid bulk length"),
        ((ProtocolError) messages.get(1)).reply());
  }

  @Test
  void hugeDeclaredBulkIsNotAllocatedBeforeItsBytesArrive() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder());
    long before = allocatedBytes();
    write(channel, bytes("*2\r\n$3\r\nSET\r\n$500000000\r\n"));
    byte[] piece = new byte[64 * 1024];
    for (int i = 0; i < 32; i++) {
      write(channel, piece);
    }
    long allocated = allocatedBytes() - before;
    // 2 MB arrived; the decoder may hold them plus BulkReader.AHEAD_BYTES, nowhere near 500 MB.
    assertTrue(allocated < 16L << 20, "allocated " + allocated + " bytes");
    assertEquals(List.of(), drain(channel));
    channel.finish();
  }

  @Test
  void hugeDeclaredMultibulkCountIsNotPreallocated() {
    EmbeddedChannel channel = new EmbeddedChannel(new RespDecoder());
    long before = allocatedBytes();
    write(channel, bytes("*1048576\r\n$1\r\na\r\n"));
    long allocated = allocatedBytes() - before;
    assertTrue(allocated < 1L << 20, "allocated " + allocated + " bytes");
    assertEquals(List.of(), drain(channel));
    channel.finish();
  }

  @Test
  void largeBulkArrivingInPieces() {
    int length = 3 * BulkReader.AHEAD_BYTES + 12_345;
    byte[] value = new byte[length];
    for (int i = 0; i < length; i++) {
      value[i] = (byte) (i * 31);
    }
    byte[] all = concat(bytes("*2\r\n$3\r\nSET\r\n$" + length + "\r\n"), value,
        bytes("\r\nPING\r\n"));
    for (int pieceBytes : new int[] {7919, 65_536, all.length}) {
      List<byte[]> pieces = new ArrayList<>();
      for (int i = 0; i < all.length; i += pieceBytes) {
        pieces.add(Arrays.copyOfRange(all, i, Math.min(all.length, i + pieceBytes)));
      }
      List<Object> messages = decode(new RespDecoder(), pieces.toArray(new byte[0][]));
      assertEquals(2, messages.size());
      assertArrayEquals(value, ((byte[][]) messages.get(0))[1], "pieces of " + pieceBytes);
      assertEquals(List.of("PING"), commands(messages.subList(1, 2)).get(0));
    }
  }

  @Test
  void partialCommandAtCloseIsDroppedAndReleased() {
    assertEquals(List.of(), decode("*2\r\n$3\r\nGET\r\n$3\r\nfo"));
    assertEquals(List.of(), decode("GET foo"));
  }

  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int offset = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, offset, part.length);
      offset += part.length;
    }
    return all;
  }
}
