package io.mneme.resp.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.mneme.engine.Reply;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class RespEncoderTest {

  private static String encode(Reply reply, int protocol) {
    ByteBuf out = Unpooled.buffer();
    try {
      RespEncoder.encode(reply, protocol, out);
      return out.toString(StandardCharsets.ISO_8859_1);
    } finally {
      out.release();
    }
  }

  private static void assertBoth(String expected, Reply reply) {
    assertEncodes(expected, expected, reply);
  }

  private static void assertEncodes(String resp2, String resp3, Reply reply) {
    assertEquals(resp2, encode(reply, 2), "RESP2");
    assertEquals(resp3, encode(reply, 3), "RESP3");
  }

  private static Reply bulk(String text) {
    return Reply.bulk(text);
  }

  @Test
  void simpleStrings() {
    assertBoth("+OK\r\n", Reply.OK);
    assertBoth("+OK\r\n", new Reply.Simple("OK"));
    assertBoth("+PONG\r\n", Reply.PONG);
    assertBoth("+QUEUED\r\n", Reply.QUEUED);
    assertBoth("+a  b\r\n", new Reply.Simple("a\r\nb"));
    assertBoth("+\r\n", new Reply.Simple(""));
  }

  /** A SUBSCRIBE of two channels inside EXEC: its confirmations, counted once by the array. */
  @Test
  void sequencesAreTheirRepliesOneAfterTheOther() {
    Reply confirm = new Reply.Push(new Reply[] {bulk("subscribe"), bulk("a"), Reply.ONE});
    Reply exec = Reply.array(new Reply.Sequence(new Reply[] {confirm, confirm}), Reply.OK);
    assertEncodes("*2\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
        + "*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n+OK\r\n",
        "*2\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
        + ">3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n+OK\r\n", exec);
  }

  @Test
  void errors() {
    assertBoth("-ERR syntax error\r\n", Reply.error("ERR syntax error"));
    assertBoth("-WRONGTYPE x\r\n", Reply.error("-WRONGTYPE x"));
    assertBoth("-ERR a b c\r\n", Reply.error("ERR a\nb\rc"));
  }

  @Test
  void integers() {
    assertBoth(":0\r\n", Reply.ZERO);
    assertBoth(":1\r\n", Reply.ONE);
    assertBoth(":-1\r\n", Reply.integer(-1));
    assertBoth(":-2\r\n", Reply.integer(-2));
    assertBoth(":10000\r\n", Reply.integer(10000));
    assertBoth(":10001\r\n", Reply.integer(10001));
    assertBoth(":9223372036854775807\r\n", Reply.integer(Long.MAX_VALUE));
    assertBoth(":-9223372036854775808\r\n", Reply.integer(Long.MIN_VALUE));
  }

  @Test
  void bulkStrings() {
    assertBoth("$5\r\nhello\r\n", bulk("hello"));
    assertBoth("$0\r\n\r\n", new Reply.Bulk(new byte[0]));
    assertBoth("$4\r\na\r\nb\r\n", bulk("a\r\nb"));
    byte[] big = new byte[10_001];
    Arrays.fill(big, (byte) 'x');
    assertBoth("$10001\r\n" + "x".repeat(10_001) + "\r\n", new Reply.Bulk(big));
  }

  @Test
  void nulls() {
    assertEncodes("$-1\r\n", "_\r\n", Reply.NULL);
    assertEncodes("*-1\r\n", "_\r\n", Reply.NULL_ARRAY);
    assertEncodes("*1\r\n$-1\r\n", "*1\r\n_\r\n", Reply.array((Reply) null));
  }

  @Test
  void arrays() {
    assertBoth("*0\r\n", Reply.EMPTY_ARRAY);
    assertBoth("*2\r\n$1\r\na\r\n*2\r\n:1\r\n+OK\r\n",
        Reply.array(bulk("a"), Reply.array(Reply.ONE, Reply.OK)));
    Reply[] items = new Reply[2000];
    Arrays.fill(items, Reply.ZERO);
    assertBoth("*2000\r\n" + ":0\r\n".repeat(2000), new Reply.Arr(items));
  }

  @Test
  void maps() {
    Reply map = new Reply.MapReply(new Reply[] {bulk("a"), Reply.ONE, bulk("b"), Reply.NULL});
    assertEncodes("*4\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n$-1\r\n",
        "%2\r\n$1\r\na\r\n:1\r\n$1\r\nb\r\n_\r\n", map);
    assertEncodes("*0\r\n", "%0\r\n", new Reply.MapReply(new Reply[0]));
    assertThrows(IllegalArgumentException.class,
        () -> encode(new Reply.MapReply(new Reply[] {Reply.ONE}), 3));
  }

  @Test
  void pairMaps() {
    // XREAD: a map in RESP3, an array of [key, value] pairs in RESP2; keys may repeat.
    Reply xread = new Reply.PairMap(new Reply[] {bulk("s"), Reply.array(bulk("x")), bulk("s"),
        Reply.EMPTY_ARRAY});
    assertEncodes("*2\r\n*2\r\n$1\r\ns\r\n*1\r\n$1\r\nx\r\n*2\r\n$1\r\ns\r\n*0\r\n",
        "%2\r\n$1\r\ns\r\n*1\r\n$1\r\nx\r\n$1\r\ns\r\n*0\r\n", xread);
    assertThrows(IllegalArgumentException.class,
        () -> encode(new Reply.PairMap(new Reply[] {Reply.ONE}), 2));
  }

  @Test
  void sets() {
    Reply set = new Reply.SetReply(new Reply[] {bulk("x"), bulk("y")});
    assertEncodes("*2\r\n$1\r\nx\r\n$1\r\ny\r\n", "~2\r\n$1\r\nx\r\n$1\r\ny\r\n", set);
  }

  @Test
  void pairs() {
    Reply pairs = new Reply.Pairs(new Reply[] {bulk("a"), bulk("1"), bulk("a"), bulk("1")});
    assertEncodes("*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n",
        "*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n", pairs);
    assertEncodes("*0\r\n", "*0\r\n", new Reply.Pairs(new Reply[0]));
    assertThrows(IllegalArgumentException.class,
        () -> encode(new Reply.Pairs(new Reply[] {Reply.ONE}), 3));
  }

  @Test
  void doubles() {
    assertEncodes("$1\r\n0\r\n", ",0\r\n", new Reply.Dbl(0));
    assertEncodes("$1\r\n1\r\n", ",1\r\n", new Reply.Dbl(1));
    assertEncodes("$2\r\n-1\r\n", ",-1\r\n", new Reply.Dbl(-1));
    assertEncodes("$3\r\n1.5\r\n", ",1.5\r\n", new Reply.Dbl(1.5));
    assertEncodes("$18\r\n3.1000000000000001\r\n", ",3.1000000000000001\r\n",
        new Reply.Dbl(3.1));
    assertEncodes("$5\r\n1e+20\r\n", ",1e+20\r\n", new Reply.Dbl(1e20));
    assertEncodes("$22\r\n1.0000000000000001e-05\r\n", ",1.0000000000000001e-05\r\n",
        new Reply.Dbl(1.0e-5));
    assertEncodes("$19\r\n0.30000000000000004\r\n", ",0.30000000000000004\r\n",
        new Reply.Dbl(0.1 + 0.2));
    assertEncodes("$3\r\ninf\r\n", ",inf\r\n", new Reply.Dbl(Double.POSITIVE_INFINITY));
    assertEncodes("$4\r\n-inf\r\n", ",-inf\r\n", new Reply.Dbl(Double.NEGATIVE_INFINITY));
    assertEncodes("$3\r\nnan\r\n", ",nan\r\n", new Reply.Dbl(Double.NaN));
  }

  @Test
  void doublesWithExactText() {
    // GEOPOS: Redis's addReplyHumanLongDouble text, sent as it is
    assertEncodes("$20\r\n13.36138933897018433\r\n", ",13.36138933897018433\r\n",
        new Reply.DblText("13.36138933897018433"));
  }

  @Test
  void booleans() {
    assertEncodes(":1\r\n", "#t\r\n", new Reply.Bool(true));
    assertEncodes(":0\r\n", "#f\r\n", new Reply.Bool(false));
  }

  @Test
  void verbatim() {
    byte[] text = "hi\r\nyou".getBytes(StandardCharsets.US_ASCII);
    assertEncodes("$7\r\nhi\r\nyou\r\n", "=11\r\ntxt:hi\r\nyou\r\n",
        new Reply.Verbatim("txt", text));
    assertEncodes("$1\r\nx\r\n", "=5\r\nmkd:x\r\n", new Reply.Verbatim("mkdown", new byte[] {'x'}));
    assertEncodes("$1\r\nx\r\n", "=5\r\n   :x\r\n", new Reply.Verbatim("", new byte[] {'x'}));
  }

  @Test
  void utf8Text() {
    assertBoth("+caf\u00c3\u00a9\r\n", new Reply.Simple("caf\u00e9"));
  }

  @Test
  void appendsToExistingContent() {
    ByteBuf out = Unpooled.buffer();
    RespEncoder.encode(Reply.OK, 2, out);
    RespEncoder.encode(Reply.integer(42), 3, out);
    assertEquals("+OK\r\n:42\r\n", out.toString(StandardCharsets.US_ASCII));
    out.release();
  }

  @Test
  void rejectsUnknownProtocols() {
    assertThrows(IllegalArgumentException.class, () -> encode(Reply.OK, 1));
    assertThrows(IllegalArgumentException.class, () -> encode(Reply.OK, 4));
    assertThrows(IllegalArgumentException.class, () -> new RespEncoder(0));
  }

  @Test
  void pipelineStageFollowsTheProtocolSwitch() {
    RespEncoder encoder = new RespEncoder();
    EmbeddedChannel channel = new EmbeddedChannel(encoder);
    channel.writeOutbound(Reply.NULL);
    encoder.setProtocol(3);
    channel.writeOutbound(Reply.NULL);
    assertEquals("$-1\r\n", readString(channel));
    assertEquals("_\r\n", readString(channel));
    assertFalse(channel.finish());
  }

  private static String readString(EmbeddedChannel channel) {
    ByteBuf buf = channel.readOutbound();
    try {
      return buf.toString(StandardCharsets.US_ASCII);
    } finally {
      buf.release();
      assertEquals(0, buf.refCnt());
    }
  }
}
