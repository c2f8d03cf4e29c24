package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/**
 * Scripts on a 3-node shard of real node processes: every replica applies each EVAL and FCALL
 * itself and reaches the same state (random choices included), and the script cache and the
 * function libraries survive a kill -9 of the primary.
 */
class ScriptingClusterTest extends ProcessClusterTest {
  private static final String SHUFFLE = "for i = 1, 20 do "
      + "redis.call('zadd', KEYS[1], math.random(1000), 'm' .. math.random(50)) end "
      + "redis.call('hset', KEYS[2], 'at', redis.call('time')[1]) "
      + "return redis.call('zcard', KEYS[1])";
  private static final String LIBRARY = "#!lua name=tally\n"
      + "redis.register_function('tally', function(keys, args)\n"
      + "  return redis.call('incrby', keys[1], math.random(10)) end)\n";

  @Test
  void replicasAgreeAndScriptsSurviveFailover() throws Exception {
    nodes = NodeProcess.cluster(3, 8900, root);
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(Duration.ofSeconds(120)); // generous: three JVMs start at once
    }
    NodeProcess primary = Nodes.awaitPrimary(nodes, Duration.ofSeconds(90));
    String sha;
    try (Jedis jedis = new Jedis(primary.host, primary.port, 5000)) {
      sha = jedis.scriptLoad(SHUFFLE);
      jedis.functionLoad(LIBRARY);
      for (int i = 0; i < 30; i++) {
        jedis.evalsha(sha, List.of("{s}z", "{s}h"), List.of());
        jedis.fcall("tally", List.of("{s}n"), List.of());
      }
      jedis.set("{s}done", "yes");
    }
    String first = null;
    for (NodeProcess n : nodes) {
      awaitKey(n, "{s}done");
      String state;
      try (Jedis j = new Jedis(n.host, n.port, 5000)) {
        j.readonly();
        state = j.zrangeWithScores("{s}z", 0, -1) + " " + j.hgetAll("{s}h") + " "
            + j.get("{s}n");
      }
      assertTrue(state.contains("m") && !state.endsWith("null"), n + ": " + state);
      if (first == null) {
        first = state;
      }
      assertEquals(first, state, n + " differs from the first node");
    }
    primary.kill9();
    List<NodeProcess> survivors = new ArrayList<>(nodes);
    survivors.remove(primary);
    NodeProcess next = Nodes.awaitPrimary(survivors, Duration.ofSeconds(60));
    try (Jedis jedis = new Jedis(next.host, next.port, 5000)) {
      // the script cache and the library were replicated: no NOSCRIPT, no unknown function
      long card = (Long) jedis.evalsha(sha, List.of("{s}z2", "{s}h2"), List.of());
      assertTrue(card >= 1 && card <= 20, "zcard " + card);
      long before = Long.parseLong(jedis.get("{s}n"));
      long after = (Long) jedis.fcall("tally", List.of("{s}n"), List.of());
      assertTrue(after > before && after <= before + 10, before + " then " + after);
    }
  }

  private static void awaitKey(NodeProcess n, String key) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < deadline) {
      try (Jedis j = new Jedis(n.host, n.port, 2000)) {
        j.readonly();
        if (j.get(key) != null) {
          return;
        }
      } catch (RuntimeException e) {
        // not up yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(n + " did not catch up to " + key);
  }
}
