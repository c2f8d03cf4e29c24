package io.mneme.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.engine.Reply;
import io.mneme.resp.PubSubHub.Kind;
import io.mneme.resp.PubSubHub.Name;
import io.mneme.resp.codec.RespEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PubSubHubTest {
  /** A subscriber that records each message as RESP2 text. */
  private static final class Recorder implements PubSubHub.Subscriber {
    final List<String> got = new ArrayList<>();
    final List<String> dropped = new ArrayList<>();

    @Override
    public void deliver(Reply.Push message) {
      got.add(resp(message, 2));
    }

    @Override
    public void dropShardChannel(Name channel) {
      dropped.add(channel.toString());
    }
  }

  private static String resp(Reply r, int protocol) {
    ByteBuf buf = Unpooled.buffer();
    try {
      RespEncoder.encode(r, protocol, buf);
      return buf.toString(StandardCharsets.UTF_8);
    } finally {
      buf.release();
    }
  }

  private static Name name(String s) {
    return new Name(s.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void channelSubscribersThenPatternSubscribers() {
    PubSubHub hub = new PubSubHub();
    Recorder a = new Recorder();
    Recorder p = new Recorder();
    hub.subscribe(Kind.CHANNEL, name("news"), a);
    hub.subscribe(Kind.PATTERN, name("n?w[sx]"), p);
    hub.subscribe(Kind.PATTERN, name("*"), a);
    assertEquals(3, hub.publish(b("news"), b("hi")));
    assertEquals(List.of("*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$2\r\nhi\r\n",
        "*4\r\n$8\r\npmessage\r\n$1\r\n*\r\n$4\r\nnews\r\n$2\r\nhi\r\n"), a.got);
    assertEquals(List.of("*4\r\n$8\r\npmessage\r\n$7\r\nn?w[sx]\r\n$4\r\nnews\r\n$2\r\nhi\r\n"),
        p.got);
    assertEquals(1, hub.publish(b("other"), b("x")), "only the * pattern matches");
  }

  @Test
  void shardChannelsAreTheirOwnNamespace() {
    PubSubHub hub = new PubSubHub();
    Recorder s = new Recorder();
    hub.subscribe(Kind.SHARD_CHANNEL, name("orders"), s);
    assertEquals(0, hub.publish(b("orders"), b("x")), "PUBLISH does not reach shard channels");
    assertEquals(1, hub.spublish(b("orders"), b("y")));
    assertEquals(List.of("*3\r\n$8\r\nsmessage\r\n$6\r\norders\r\n$1\r\ny\r\n"), s.got);
    assertEquals(0, hub.count(Kind.CHANNEL));
    assertEquals(1, hub.count(Kind.SHARD_CHANNEL));
  }

  @Test
  void shardChannelsOfSlotsThatLeftAreDropped() {
    PubSubHub hub = new PubSubHub();
    Recorder s = new Recorder();
    hub.subscribe(Kind.SHARD_CHANNEL, name("orders"), s);
    hub.subscribe(Kind.SHARD_CHANNEL, name("users"), s);
    int kept = io.mneme.engine.HashSlot.of(b("users"));
    hub.dropShardChannels(slot -> slot == kept);
    assertEquals(List.of("orders"), s.dropped);
  }

  @Test
  void unsubscribingTheLastSubscriberRemovesTheChannel() {
    PubSubHub hub = new PubSubHub();
    Recorder a = new Recorder();
    Recorder c = new Recorder();
    hub.subscribe(Kind.CHANNEL, name("x"), a);
    hub.subscribe(Kind.CHANNEL, name("x"), c);
    hub.subscribe(Kind.CHANNEL, name("x"), a); // twice: still one subscription
    assertEquals(2, hub.subscribers(Kind.CHANNEL, b("x")));
    hub.unsubscribe(Kind.CHANNEL, name("x"), a);
    assertEquals(1, hub.subscribers(Kind.CHANNEL, b("x")));
    hub.unsubscribe(Kind.CHANNEL, name("x"), c);
    assertEquals(0, hub.count(Kind.CHANNEL));
    assertTrue(hub.idle());
  }

  @Test
  void introspection() {
    PubSubHub hub = new PubSubHub();
    Recorder a = new Recorder();
    hub.subscribe(Kind.CHANNEL, name("news.sport"), a);
    hub.subscribe(Kind.CHANNEL, name("weather"), a);
    hub.subscribe(Kind.PATTERN, name("news.*"), a);
    assertEquals("*1\r\n$10\r\nnews.sport\r\n",
        resp(hub.introspect(new byte[][] {b("PUBSUB"), b("CHANNELS"), b("news.*")}), 2));
    assertEquals("*4\r\n$7\r\nweather\r\n:1\r\n$4\r\nnone\r\n:0\r\n",
        resp(hub.introspect(new byte[][] {b("pubsub"), b("numsub"), b("weather"), b("none")}),
            3));
    assertEquals(":1\r\n", resp(hub.introspect(new byte[][] {b("pubsub"), b("numpat")}), 2));
    assertEquals("-ERR unknown subcommand or wrong number of arguments for 'Channels'. Try"
        + " PUBSUB HELP.\r\n",
        resp(hub.introspect(new byte[][] {b("pubsub"), b("Channels"), b("a"), b("b")}), 2));
  }

  @Test
  void pushesAreArraysInResp2AndPushFramesInResp3() {
    Reply.Push push = new Reply.Push(new Reply[] {Reply.bulk("message"), Reply.bulk("c"),
        Reply.bulk("m")});
    assertEquals("*3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n", resp(push, 2));
    assertEquals(">3\r\n$7\r\nmessage\r\n$1\r\nc\r\n$1\r\nm\r\n", resp(push, 3));
  }
}
