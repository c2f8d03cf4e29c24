package io.mneme.resp;

import io.mneme.raft.Shard;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Server-wide state shared by every connection of a node. */
public final class NodeContext {
  public static final String REDIS_VERSION = "7.0.15";
  public static final String MNEME_VERSION = "0.1.0";

  final Shard shard;
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

  public NodeContext(Shard shard, RespOptions options) {
    this.shard = shard;
    this.options = options;
    this.runId = randomHex(40);
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
