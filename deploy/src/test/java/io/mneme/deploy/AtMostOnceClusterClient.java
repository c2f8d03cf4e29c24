package io.mneme.deploy;

import io.mneme.engine.HashSlot;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * A cluster client for fault tests that never sends a command twice unless the cluster said
 * it did not run it: it follows MOVED and retries TRYAGAIN and CLUSTERDOWN (refusals), but a
 * lost connection or a timeout is reported as an unknown outcome. JedisCluster instead resends
 * on connection errors, which can apply an INCR twice when a primary dies mid-request.
 */
final class AtMostOnceClusterClient implements AutoCloseable {
  /** The command's outcome is unknown: it may or may not have been applied. */
  static final class UnknownOutcome extends RuntimeException {
    UnknownOutcome(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** How long a command may be refused or redirected before the client gives up. */
  private static final long PATIENCE_NANOS = 30_000_000_000L;
  private final List<NodeProcess> seeds;
  private final Map<String, Jedis> connections = new HashMap<>();
  private final String[] owner = new String[HashSlot.SLOT_COUNT];
  private long refusals;
  private long tryAgains;

  /** TRYAGAIN and CLUSTERDOWN replies seen (each retried). */
  long refusals() {
    return refusals;
  }

  /** TRYAGAIN replies seen: the slot was in its handoff for longer than a node holds a write. */
  long tryAgains() {
    return tryAgains;
  }

  AtMostOnceClusterClient(List<NodeProcess> seeds) {
    this.seeds = seeds;
  }

  /** INCR through the slot's primary; returns the new value. */
  long incr(String key) {
    int slot = HashSlot.of(key.getBytes(StandardCharsets.UTF_8));
    long deadline = System.nanoTime() + PATIENCE_NANOS;
    for (int attempt = 0; System.nanoTime() < deadline; attempt++) {
      String node = owner[slot] != null ? owner[slot] : anySeed();
      Jedis j;
      try {
        j = connection(node);
      } catch (JedisConnectionException e) {
        owner[slot] = null; // could not connect: nothing was sent
        pause();
        continue;
      }
      try {
        return j.incr(key);
      } catch (JedisConnectionException e) {
        drop(node);
        throw new UnknownOutcome("connection to " + node + " lost", e);
      } catch (JedisDataException e) {
        String m = String.valueOf(e.getMessage());
        if (m.startsWith("MOVED ")) {
          owner[slot] = m.substring(m.lastIndexOf(' ') + 1);
          if (attempt > 2) {
            pause(); // nodes disagree for a moment while a new owner propagates
          }
        } else if (m.startsWith("TRYAGAIN") || m.startsWith("CLUSTERDOWN")) {
          refusals++;
          tryAgains += m.startsWith("TRYAGAIN") ? 1 : 0;
          pause();
        } else if (m.contains("may or may not have been applied")) {
          throw new UnknownOutcome(m, e);
        } else {
          throw e;
        }
      }
    }
    throw new IllegalStateException("no primary served slot " + slot + " within 30 s");
  }

  private String anySeed() {
    NodeProcess n = seeds.get((int) (System.nanoTime() % seeds.size()));
    return n.host + ":" + n.port;
  }

  private Jedis connection(String node) {
    Jedis j = connections.get(node);
    if (j == null) {
      int colon = node.lastIndexOf(':');
      j = new Jedis(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)),
          30_000);
      j.ping();
      connections.put(node, j);
    }
    return j;
  }

  private void drop(String node) {
    Jedis j = connections.remove(node);
    if (j != null) {
      try {
        j.close();
      } catch (RuntimeException e) {
        // already broken
      }
    }
  }

  private static void pause() {
    try {
      Thread.sleep(5);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    connections.values().forEach(j -> {
      try {
        j.close();
      } catch (RuntimeException e) {
        // closing anyway
      }
    });
  }
}
