package io.mneme.resp;

import io.mneme.engine.NotifyFlags;
import io.mneme.raft.KeyspaceEvent;
import io.mneme.raft.Shard;
import io.mneme.shardmanager.PubSubForwarder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import io.mneme.shardmanager.ClusterNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide state shared by every connection of a node. */
public final class NodeContext {
  public static final String REDIS_VERSION = "7.0.15";
  public static final String MNEME_VERSION = "0.1.0";

  final ClusterNode cluster;
  final RespOptions options;
  final long startedAtMs = System.currentTimeMillis();
  final String runId;
  final Map<Long, ClientSession> clients = new ConcurrentHashMap<>();
  final AtomicLong clientIds = new AtomicLong();
  /** Connections waiting in a blocking command (INFO's blocked_clients). */
  final java.util.concurrent.atomic.AtomicInteger blockedClients =
      new java.util.concurrent.atomic.AtomicInteger();
  final LongAdder commandsProcessed = new LongAdder();
  final LongAdder connectionsReceived = new LongAdder();
  final LongAdder rejectedConnections = new LongAdder();
  final LongAdder redirects = new LongAdder();
  final LongAdder errorReplies = new LongAdder();
  /** Who listens to what on this node. */
  final PubSubHub pubsub = new PubSubHub();
  /** Carries this node's PUBLISH and SPUBLISH to the other nodes. */
  final PubSubForwarder forwarder;
  /** notify-keyspace-events as NotifyFlags bits; 0 (Redis's default "") sends nothing. */
  private volatile int notifyFlags;

  public NodeContext(ClusterNode cluster, RespOptions options) {
    this.cluster = cluster;
    this.options = options;
    this.runId = randomHex(40);
    this.forwarder = new PubSubForwarder(cluster);
    cluster.onForwardedMessage((channel, message, sharded) -> {
      if (sharded) {
        pubsub.spublish(channel, message);
      } else {
        pubsub.publish(channel, message);
      }
    });
    cluster.onKeyspaceEvents(this::keyspaceEventsWanted,
        (shard, events) -> keyspaceEvents(events));
    cluster.onMapChanged(map -> pubsub.dropShardChannels(slot -> {
      if (!map.bootstrapped()) {
        return true;
      }
      var shard = map.shard(map.shardOfSlot(slot));
      return shard != null && shard.getMembersList().contains(cluster.selfId());
    }));
  }

  /**
   * Sets notify-keyspace-events from Redis's letters (config file, CONFIG SET); false, and
   * nothing changed, when a letter is unknown.
   */
  public boolean setNotifyKeyspaceEvents(String classes) {
    int flags = NotifyFlags.parse(classes);
    if (flags < 0) {
      return false;
    }
    notifyFlags = flags;
    return true;
  }

  String notifyKeyspaceEvents() {
    return NotifyFlags.format(notifyFlags);
  }

  /** Events are worth recording only when they are on and someone subscribes to anything. */
  private boolean keyspaceEventsWanted() {
    return (notifyFlags & (NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) != 0 && !pubsub.idle();
  }

  /**
   * Redis's notifyKeyspaceEvent for this node's subscribers: every member that applies an
   * entry, primary or replica, announces its events here (as each Redis Cluster node does).
   */
  private void keyspaceEvents(List<KeyspaceEvent> events) {
    int flags = notifyFlags;
    if ((flags & (NotifyFlags.KEYSPACE | NotifyFlags.KEYEVENT)) == 0 || pubsub.idle()) {
      return;
    }
    for (KeyspaceEvent e : events) {
      if ((flags & e.typeClass()) == 0) {
        continue;
      }
      byte[] event = e.event().getBytes(StandardCharsets.US_ASCII);
      if ((flags & NotifyFlags.KEYSPACE) != 0) {
        pubsub.publish(concat(KEYSPACE_PREFIX, e.key()), event);
      }
      if ((flags & NotifyFlags.KEYEVENT) != 0) {
        pubsub.publish(concat(KEYEVENT_PREFIX, event), e.key());
      }
    }
  }

  private static final byte[] KEYSPACE_PREFIX =
      "__keyspace@0__:".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] KEYEVENT_PREFIX =
      "__keyevent@0__:".getBytes(StandardCharsets.US_ASCII);

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** PUBLISH: this node's subscribers now, the other nodes' through the forwarder. */
  int publish(byte[] channel, byte[] message) {
    int receivers = pubsub.publish(channel, message);
    forwarder.publish(channel, message);
    return receivers;
  }

  /**
   * The shard member that keyless commands (DBSIZE, SCAN, FLUSHALL, INFO...) act on: the
   * lowest-numbered shard this node leads, else the lowest it hosts; null if it hosts none.
   */
  Shard homeShard() {
    Shard best = null;
    for (Shard s : cluster.localShards()) {
      if (best == null || (s.isLeader() && !best.isLeader())
          || (s.isLeader() == best.isLeader() && s.id() < best.id())) {
        best = s;
      }
    }
    return best;
  }

  private static String randomHex(int length) {
    java.security.SecureRandom random = new java.security.SecureRandom();
    StringBuilder sb = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      sb.append(Character.forDigit(random.nextInt(16), 16));
    }
    return sb.toString();
  }
}
