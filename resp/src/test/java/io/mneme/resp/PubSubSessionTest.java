package io.mneme.resp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.engine.Reply;
import io.mneme.resp.PubSubHub.Kind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import org.junit.jupiter.api.Test;

/** A connection's subscriptions, with a loop that runs tasks only when the test says. */
class PubSubSessionTest {
  private final ArrayDeque<Runnable> loopTasks = new ArrayDeque<>();
  private final List<Reply.Push> pushed = new ArrayList<>();
  private long overflowBytes = -1;

  private final PubSubSession.Connection connection = new PubSubSession.Connection() {
    @Override
    public Executor loop() {
      return loopTasks::add;
    }

    @Override
    public boolean inLoop() {
      return false;
    }

    @Override
    public void push(Reply.Push message) {
      pushed.add(message);
    }

    @Override
    public void overflow(long bytes) {
      overflowBytes = bytes;
    }
  };

  private static byte[][] argv(String... words) {
    byte[][] out = new byte[words.length][];
    for (int i = 0; i < words.length; i++) {
      out[i] = words[i].getBytes(StandardCharsets.UTF_8);
    }
    return out;
  }

  private static String text(Reply r) {
    if (r instanceof Reply.Bulk b) {
      return new String(b.bytes(), StandardCharsets.UTF_8);
    }
    if (r instanceof Reply.Int i) {
      return Long.toString(i.value());
    }
    if (r instanceof Reply.Push p) {
      List<String> items = new ArrayList<>();
      for (Reply x : p.items()) {
        items.add(text(x));
      }
      return String.join(" ", items);
    }
    return String.valueOf(r);
  }

  @Test
  void confirmationsCountAsRedisDoes() {
    PubSubHub hub = new PubSubHub();
    ClientSession session = new ClientSession(1, null, null, 0);
    PubSubSession s = new PubSubSession(hub, session, connection);
    List<String> replies = new ArrayList<>();
    s.subscribe(Kind.CHANNEL, argv("subscribe", "a", "b", "a"), r -> replies.add(text(r)));
    s.subscribe(Kind.PATTERN, argv("psubscribe", "p*"), r -> replies.add(text(r)));
    s.subscribe(Kind.SHARD_CHANNEL, argv("ssubscribe", "s"), r -> replies.add(text(r)));
    assertEquals(List.of("subscribe a 1", "subscribe b 2", "subscribe a 2", "psubscribe p* 3",
        "ssubscribe s 1"), replies);
    assertEquals(2, session.subscriptions);
    assertEquals(1, session.patternSubscriptions);
    assertEquals(1, session.shardSubscriptions);
    replies.clear();
    s.unsubscribe(Kind.CHANNEL, argv("unsubscribe"), r -> replies.add(text(r)));
    s.unsubscribe(Kind.SHARD_CHANNEL, argv("sunsubscribe", "s", "t"), r -> replies.add(text(r)));
    s.unsubscribe(Kind.SHARD_CHANNEL, argv("sunsubscribe"), r -> replies.add(text(r)));
    assertEquals(List.of("unsubscribe a 2", "unsubscribe b 1", "sunsubscribe s 0",
        "sunsubscribe t 0", "sunsubscribe NULL 0"),
        replies.stream().map(x -> x.replace("Null[array=false]", "NULL")).toList());
    assertTrue(s.subscribed(), "the pattern is left");
    s.unsubscribeAll();
    assertFalse(s.subscribed());
    assertTrue(hub.idle());
  }

  @Test
  void aShardChannelWhoseSlotLeftIsUnsubscribedWithANotice() {
    PubSubHub hub = new PubSubHub();
    ClientSession session = new ClientSession(1, null, null, 0);
    PubSubSession s = new PubSubSession(hub, session, connection);
    s.subscribe(Kind.SHARD_CHANNEL, argv("ssubscribe", "orders"), r -> { });
    hub.dropShardChannels(slot -> false);
    loopTasks.forEach(Runnable::run);
    assertEquals(List.of("sunsubscribe orders 0"), pushed.stream().map(
        PubSubSessionTest::text).toList());
    assertEquals(0, session.shardSubscriptions);
    assertFalse(s.subscribed());
    assertEquals(0, hub.count(Kind.SHARD_CHANNEL));
  }

  @Test
  void messagesHopOntoTheLoopAndASubscriberThatDoesNotReadIsDropped() {
    PubSubHub hub = new PubSubHub();
    PubSubSession s = new PubSubSession(hub, new ClientSession(1, null, null, 0), connection);
    s.subscribe(Kind.CHANNEL, argv("subscribe", "c"), r -> { });
    byte[] payload = new byte[1 << 20];
    assertEquals(1, hub.publish("c".getBytes(StandardCharsets.UTF_8), payload));
    assertTrue(pushed.isEmpty(), "delivered on the loop, not on the publisher's thread");
    loopTasks.poll().run();
    assertEquals(1, pushed.size());
    assertEquals(0, s.queuedBytes());
    long max = PubSubSession.PUBSUB_OUTPUT_HARD_BYTES / payload.length;
    for (int i = 0; i <= max; i++) {
      hub.publish("c".getBytes(StandardCharsets.UTF_8), payload);
    }
    assertTrue(s.queuedBytes() <= PubSubSession.PUBSUB_OUTPUT_HARD_BYTES);
    loopTasks.forEach(Runnable::run);
    assertTrue(overflowBytes > PubSubSession.PUBSUB_OUTPUT_HARD_BYTES, "dropped once over");
  }
}
