package io.mneme.resp;

import io.mneme.raft.Shard;
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
  final LongAdder commandsProcessed = new LongAdder();
  final LongAdder connectionsReceived = new LongAdder();
  final LongAdder rejectedConnections = new LongAdder();
  final LongAdder redirects = new LongAdder();
  final LongAdder errorReplies = new LongAdder();

  public NodeContext(ClusterNode cluster, RespOptions options) {
    this.cluster = cluster;
    this.options = options;
    this.runId = randomHex(40);
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
