package io.mneme.resp;

import io.mneme.engine.Glob;
import io.mneme.engine.Reply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's pub/sub registry (Redis's server.pubsub_channels, pubsub_patterns and
 * pubsubshard_channels): which connections listen to which channel, pattern and shard channel,
 * and the local delivery of a message to them. Forwarding to other nodes is the caller's.
 *
 * <p>Thread-safe: connections subscribe from their event loops, messages arrive from any event
 * loop, from peers (gRPC threads) and from shard apply threads (keyspace events). A
 * subscriber's {@link Subscriber#deliver} must only queue the message for its connection.
 */
final class PubSubHub {
  private static final Reply MESSAGE = Reply.bulk("message");
  private static final Reply PMESSAGE = Reply.bulk("pmessage");
  private static final Reply SMESSAGE = Reply.bulk("smessage");

  /** A connection that receives messages. */
  interface Subscriber {
    /** Called from any thread: queues the push for the connection, never blocks. */
    void deliver(Reply.Push message);

    /** Called from any thread: the shard channel's slot left this node; drop it and say so. */
    void dropShardChannel(Name channel);
  }

  /** A channel or pattern name as a map key (byte arrays compare by identity). */
  record Name(byte[] bytes) {
    @Override
    public boolean equals(Object o) {
      return o instanceof Name n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
      return new String(bytes, StandardCharsets.UTF_8);
    }
  }

  /** The three namespaces, each with its own subscribers. */
  enum Kind { CHANNEL, PATTERN, SHARD_CHANNEL }

  private final Map<Name, Set<Subscriber>> channels = new ConcurrentHashMap<>();
  private final Map<Name, Set<Subscriber>> patterns = new ConcurrentHashMap<>();
  private final Map<Name, Set<Subscriber>> shardChannels = new ConcurrentHashMap<>();

  private Map<Name, Set<Subscriber>> map(Kind kind) {
    return switch (kind) {
      case CHANNEL -> channels;
      case PATTERN -> patterns;
      case SHARD_CHANNEL -> shardChannels;
    };
  }

  void subscribe(Kind kind, Name name, Subscriber s) {
    map(kind).compute(name, (n, set) -> {
      Set<Subscriber> out = set != null ? set : ConcurrentHashMap.newKeySet();
      out.add(s);
      return out;
    });
  }

  void unsubscribe(Kind kind, Name name, Subscriber s) {
    map(kind).computeIfPresent(name, (n, set) -> {
      set.remove(s);
      return set.isEmpty() ? null : set;
    });
  }

  /**
   * PUBLISH on this node: to the channel's subscribers, then to those of each matching pattern,
   * as Redis's pubsubPublishMessage. Returns the number of deliveries.
   */
  int publish(byte[] channel, byte[] message) {
    int receivers = 0;
    Reply ch = new Reply.Bulk(channel);
    Reply msg = new Reply.Bulk(message);
    Set<Subscriber> direct = channels.get(new Name(channel));
    if (direct != null) {
      Reply.Push push = new Reply.Push(new Reply[] {MESSAGE, ch, msg});
      for (Subscriber s : direct) {
        s.deliver(push);
        receivers++;
      }
    }
    for (Map.Entry<Name, Set<Subscriber>> p : patterns.entrySet()) {
      if (!Glob.match(p.getKey().bytes(), channel)) {
        continue;
      }
      Reply.Push push = new Reply.Push(new Reply[] {PMESSAGE, new Reply.Bulk(p.getKey().bytes()),
          ch, msg});
      for (Subscriber s : p.getValue()) {
        s.deliver(push);
        receivers++;
      }
    }
    return receivers;
  }

  /** SPUBLISH on this node: to the shard channel's subscribers only. */
  int spublish(byte[] channel, byte[] message) {
    Set<Subscriber> subs = shardChannels.get(new Name(channel));
    if (subs == null) {
      return 0;
    }
    Reply.Push push = new Reply.Push(new Reply[] {SMESSAGE, new Reply.Bulk(channel),
        new Reply.Bulk(message)});
    int receivers = 0;
    for (Subscriber s : subs) {
      s.deliver(push);
      receivers++;
    }
    return receivers;
  }

  /**
   * Redis's pubsubShardUnsubscribeAllChannelsInSlot: the subscribers of every shard channel
   * whose slot this node no longer serves are unsubscribed, each told with a sunsubscribe.
   */
  void dropShardChannels(java.util.function.IntPredicate slotServedHere) {
    for (Map.Entry<Name, Set<Subscriber>> e : shardChannels.entrySet()) {
      if (!slotServedHere.test(io.mneme.engine.HashSlot.of(e.getKey().bytes()))) {
        e.getValue().forEach(s -> s.dropShardChannel(e.getKey()));
      }
    }
  }

  /** Whether anyone listens at all: keyspace events skip building messages otherwise. */
  boolean idle() {
    return channels.isEmpty() && patterns.isEmpty();
  }

  /** PUBSUB CHANNELS / SHARDCHANNELS: active names matching the pattern (all if null). */
  List<byte[]> names(Kind kind, byte[] pattern) {
    List<byte[]> out = new ArrayList<>();
    for (Name n : map(kind).keySet()) {
      if (pattern == null || Glob.match(pattern, n.bytes())) {
        out.add(n.bytes());
      }
    }
    return out;
  }

  /** PUBSUB NUMSUB / SHARDNUMSUB: the subscribers of one name. */
  int subscribers(Kind kind, byte[] name) {
    Set<Subscriber> s = map(kind).get(new Name(name));
    return s == null ? 0 : s.size();
  }

  /** PUBSUB CHANNELS | NUMSUB | NUMPAT | SHARDCHANNELS | SHARDNUMSUB | HELP. */
  Reply introspect(byte[][] argv) {
    String sub = new String(argv[1], StandardCharsets.UTF_8).toLowerCase(java.util.Locale.ROOT);
    switch (sub) {
      case "channels", "shardchannels" -> {
        if (argv.length > 3) {
          break;
        }
        Kind kind = sub.equals("channels") ? Kind.CHANNEL : Kind.SHARD_CHANNEL;
        return Reply.array(names(kind, argv.length == 3 ? argv[2] : null).stream()
            .map(Reply.Bulk::new).toArray(Reply[]::new));
      }
      case "numsub", "shardnumsub" -> {
        Kind kind = sub.equals("numsub") ? Kind.CHANNEL : Kind.SHARD_CHANNEL;
        Reply[] out = new Reply[(argv.length - 2) * 2];
        for (int i = 2; i < argv.length; i++) {
          out[2 * (i - 2)] = new Reply.Bulk(argv[i]);
          out[2 * (i - 2) + 1] = Reply.integer(subscribers(kind, argv[i]));
        }
        return Reply.array(out);
      }
      case "numpat" -> {
        return Reply.integer(count(Kind.PATTERN));
      }
      case "help" -> {
        return help();
      }
      default -> { }
    }
    return Reply.error("ERR unknown subcommand or wrong number of arguments for '"
        + new String(argv[1], StandardCharsets.UTF_8) + "'. Try PUBSUB HELP.");
  }

  private static Reply help() {
    String[] lines = {
        "PUBSUB <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default:"
            + " '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)",
        "HELP",
        "    Prints this help."};
    Reply[] out = new Reply[lines.length];
    for (int i = 0; i < lines.length; i++) {
      out[i] = new Reply.Simple(lines[i]);
    }
    return Reply.array(out);
  }

  /** INFO's pubsub_channels, pubsub_patterns, pubsubshard_channels; PUBSUB NUMPAT. */
  int count(Kind kind) {
    return map(kind).size();
  }
}
