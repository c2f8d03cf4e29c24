package io.mneme.resp;

import io.mneme.engine.Reply;
import io.mneme.resp.PubSubHub.Kind;
import io.mneme.resp.PubSubHub.Name;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One connection's subscriptions (Redis's c->pubsub_channels, pubsub_patterns and
 * pubsubshard_channels) and the confirmations (P|S)(UN)SUBSCRIBE answer. The sets are touched
 * on the connection's event loop only; {@link #deliver} is called from any thread and hops
 * onto the loop, counting the bytes on their way so a subscriber that does not read cannot
 * make the node buffer without bound.
 */
final class PubSubSession implements PubSubHub.Subscriber {
  /** Redis's client-output-buffer-limit pubsub 32mb 8mb 60: over the hard limit, dropped. */
  static final long PUBSUB_OUTPUT_HARD_BYTES = 32L << 20;
  /** Over the soft limit for longer than PUBSUB_OUTPUT_SOFT_MS, dropped too. */
  static final long PUBSUB_OUTPUT_SOFT_BYTES = 8L << 20;
  static final long PUBSUB_OUTPUT_SOFT_MS = 60_000;
  /** RESP framing around a message's strings, counted with them. */
  static final int MESSAGE_OVERHEAD_BYTES = 64;

  static {
    if (PUBSUB_OUTPUT_SOFT_BYTES > PUBSUB_OUTPUT_HARD_BYTES) {
      throw new ExceptionInInitializerError("the soft limit must not exceed the hard one");
    }
  }

  /** What the connection does with what arrives: send a push, or drop a slow subscriber. */
  interface Connection {
    java.util.concurrent.Executor loop();

    boolean inLoop();

    void push(Reply.Push message);

    void overflow(long bytes);
  }

  private final PubSubHub hub;
  private final ClientSession session;
  private final Connection connection;
  private final Set<Name> channels = new LinkedHashSet<>();
  private final Set<Name> patterns = new LinkedHashSet<>();
  private final Set<Name> shardChannels = new LinkedHashSet<>();
  /** Bytes of messages handed to the loop and not yet written. */
  private final AtomicLong queuedBytes = new AtomicLong();
  private final AtomicBoolean overflowed = new AtomicBoolean();

  PubSubSession(PubSubHub hub, ClientSession session, Connection connection) {
    this.hub = hub;
    this.session = session;
    this.connection = connection;
  }

  @Override
  public void deliver(Reply.Push message) {
    if (connection.inLoop()) {
      // Redis appends the message at once: a client publishing to itself gets it first.
      connection.push(message);
      return;
    }
    long bytes = size(message);
    long queued = queuedBytes.addAndGet(bytes);
    if (queued > PUBSUB_OUTPUT_HARD_BYTES) {
      queuedBytes.addAndGet(-bytes);
      if (overflowed.compareAndSet(false, true)) {
        connection.loop().execute(() -> connection.overflow(queued));
      }
      return;
    }
    connection.loop().execute(() -> {
      queuedBytes.addAndGet(-bytes);
      connection.push(message);
    });
  }

  private static long size(Reply.Push message) {
    long n = MESSAGE_OVERHEAD_BYTES;
    for (Reply r : message.items()) {
      if (r instanceof Reply.Bulk b) {
        n += b.bytes().length;
      }
    }
    return n;
  }

  @Override
  public void dropShardChannel(Name channel) {
    connection.loop().execute(() -> {
      if (shardChannels.remove(channel)) {
        hub.unsubscribe(Kind.SHARD_CHANNEL, channel, this);
        updateCounts();
        connection.push(new Reply.Push(new Reply[] {Reply.bulk("sunsubscribe"),
            new Reply.Bulk(channel.bytes()), Reply.integer(shardChannels.size())}));
      }
    });
  }

  long queuedBytes() {
    return queuedBytes.get();
  }

  /** Any subscription at all: a RESP2 connection is then in subscribed mode. */
  boolean subscribed() {
    return !channels.isEmpty() || !patterns.isEmpty() || !shardChannels.isEmpty();
  }

  private Set<Name> set(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD_CHANNEL -> shardChannels;
    };
  }

  /** The count a confirmation carries: shard subscriptions apart from the others, as Redis. */
  private int count(Kind kind) {
    return kind == Kind.SHARD_CHANNEL ? shardChannels.size() : channels.size() + patterns.size();
  }

  /** (P|S)SUBSCRIBE: one confirmation per name, in argument order. */
  void subscribe(Kind kind, byte[][] argv, Consumer<Reply> send) {
    Reply verb = Reply.bulk(verb(kind, true));
    for (int i = 1; i < argv.length; i++) {
      Name name = new Name(argv[i]);
      if (set(kind).add(name)) {
        hub.subscribe(kind, name, this);
      }
      updateCounts();
      send.accept(new Reply.Push(new Reply[] {verb, new Reply.Bulk(argv[i]),
          Reply.integer(count(kind))}));
    }
  }

  /** (P|S)UNSUBSCRIBE: the names given, or every one; a null name when there was none. */
  void unsubscribe(Kind kind, byte[][] argv, Consumer<Reply> send) {
    Reply verb = Reply.bulk(verb(kind, false));
    List<byte[]> names = new ArrayList<>();
    if (argv.length > 1) {
      for (int i = 1; i < argv.length; i++) {
        names.add(argv[i]);
      }
    } else {
      set(kind).forEach(n -> names.add(n.bytes()));
      if (names.isEmpty()) {
        send.accept(new Reply.Push(new Reply[] {verb, Reply.NULL, Reply.integer(count(kind))}));
        return;
      }
    }
    for (byte[] n : names) {
      Name name = new Name(n);
      if (set(kind).remove(name)) {
        hub.unsubscribe(kind, name, this);
      }
      updateCounts();
      send.accept(new Reply.Push(new Reply[] {verb, new Reply.Bulk(n),
          Reply.integer(count(kind))}));
    }
  }

  /** RESET and a closed connection: every subscription goes, without confirmations. */
  void unsubscribeAll() {
    for (Kind kind : Kind.values()) {
      for (Name n : set(kind)) {
        hub.unsubscribe(kind, n, this);
      }
      set(kind).clear();
    }
    updateCounts();
  }

  private void updateCounts() {
    session.subscriptions = channels.size();
    session.patternSubscriptions = patterns.size();
    session.shardSubscriptions = shardChannels.size();
  }

  private static String verb(Kind kind, boolean subscribe) {
    String prefix = switch (kind) {
      case CHANNEL -> "";
      case PATTERN -> "p";
      case SHARD_CHANNEL -> "s";
    };
    return prefix + (subscribe ? "subscribe" : "unsubscribe");
  }
}
