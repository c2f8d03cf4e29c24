package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.ClusterPipeline;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * Three node processes, three shards, two replicas each: cluster-aware clients find every key
 * through CLUSTER SLOTS / NODES and MOVED, and a killed primary's slots move to a replica.
 */
class MultiShardClusterTest extends ProcessClusterTest {
  private static final int BASE_PORT = 8500;
  private static final Duration READY_MAX = Duration.ofSeconds(60);

  private void startCluster() throws Exception {
    nodes = NodeProcess.cluster(3, BASE_PORT, root, "--cluster-shards", "3",
        "--cluster-replicas", "2");
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(Duration.ofSeconds(30));
    }
    for (NodeProcess n : nodes) {
      Nodes.awaitClusterOk(n, READY_MAX);
    }
  }

  private JedisCluster jedisCluster() {
    Set<HostAndPort> seeds = new HashSet<>();
    nodes.forEach(n -> seeds.add(new HostAndPort(n.host, n.port)));
    return new JedisCluster(seeds, DefaultJedisClientConfig.builder().timeoutMillis(10_000)
        .build(), 10, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
  }

  private static void writePipelined(JedisCluster cluster, int count) {
    try (ClusterPipeline p = cluster.pipelined()) {
      for (int i = 0; i < count; i++) {
        p.set("key:" + i, "value:" + i);
        if (i % 5000 == 4999) {
          p.sync();
        }
      }
      p.sync();
    }
  }

  @Test
  void clusterClientsWriteAndReadAHundredThousandKeysAcrossShards() throws Exception {
    startCluster();
    int count = 100_000;
    try (JedisCluster cluster = jedisCluster()) {
      writePipelined(cluster, count);
      assertEquals("value:77", cluster.get("key:77"));
    }
    // Every node leads one shard once leadership has settled on the placed primaries (Ratis
    // priorities); its DBSIZE then counts that shard's keys.
    awaitPrimariesSpread();
    long total = 0;
    for (NodeProcess n : nodes) {
      try (Jedis j = new Jedis(n.host, n.port, 5000)) {
        long size = j.dbSize();
        assertTrue(size > count / 6, n + " holds " + size + " keys");
        total += size;
        assertEquals(3, j.clusterSlots().size(), "three slot ranges");
      }
    }
    assertEquals(count, total);
    readBackWithLettuce(count);
    try (Jedis plain = new Jedis(nodes.get(0).host, nodes.get(0).port, 5000)) {
      JedisDataException e = org.junit.jupiter.api.Assertions.assertThrows(
          JedisDataException.class, () -> plain.mset("a", "1", "b", "2"));
      assertEquals("CROSSSLOT Keys in request don't hash to the same slot", e.getMessage());
      // ASKING is accepted (clients send it after -ASK), and changes nothing: Mneme never
      // imports a slot before it owns it, so a slot served elsewhere is still MOVED.
      assertEquals("OK", new String((byte[]) plain.sendCommand(
          redis.clients.jedis.Protocol.Command.ASKING), java.nio.charset.StandardCharsets.UTF_8));
      String elsewhere = keyServedElsewhere(plain);
      JedisDataException moved = org.junit.jupiter.api.Assertions.assertThrows(
          JedisDataException.class, () -> plain.get(elsewhere));
      assertTrue(moved.getMessage().startsWith("MOVED "), moved.getMessage());
    }
    try (JedisCluster cluster = jedisCluster()) {
      assertEquals("OK", cluster.mset("{u}a", "1", "{u}b", "2"));
      assertEquals(List.of("1", "2"), cluster.mget("{u}a", "{u}b"));
    }
    if (RedisCli.available()) {
      NodeProcess n2 = nodes.get(1);
      assertEquals("OK", RedisCli.run(n2, "-c", "set", "foo", "bar").strip());
      assertEquals("bar", RedisCli.run(nodes.get(2), "-c", "get", "foo").strip());
    }
  }

  /** A key whose slot this connection's node does not lead. */
  private static String keyServedElsewhere(Jedis j) {
    for (int i = 0; i < 10_000; i++) {
      try {
        j.get("probe:" + i);
      } catch (JedisDataException e) {
        if (e.getMessage().startsWith("MOVED ")) {
          return "probe:" + i;
        }
      }
    }
    throw new AssertionError("every probed key is served by " + j);
  }

  private void awaitPrimariesSpread() throws InterruptedException {
    long deadline = System.nanoTime() + READY_MAX.toNanos();
    while (System.nanoTime() < deadline) {
      long masters = 0;
      try (Jedis j = new Jedis(nodes.get(0).host, nodes.get(0).port, 2000)) {
        masters = j.clusterNodes().lines().filter(l -> l.contains("master")).count();
      } catch (RuntimeException e) {
        // retry
      }
      if (masters == 3) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("primaries did not spread over the three nodes");
  }

  private void readBackWithLettuce(int count) throws Exception {
    RedisClusterClient client = RedisClusterClient.create(
        RedisURI.create(nodes.get(2).host, nodes.get(2).port));
    try (StatefulRedisClusterConnection<String, String> c = client.connect()) {
      RedisAdvancedClusterAsyncCommands<String, String> async = c.async();
      List<RedisFuture<String>> batch = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        batch.add(async.get("key:" + i));
        if (batch.size() == 2000 || i == count - 1) {
          int first = i - batch.size() + 1;
          for (int j = 0; j < batch.size(); j++) {
            assertEquals("value:" + (first + j), batch.get(j).get(30, TimeUnit.SECONDS));
          }
          batch.clear();
        }
      }
    } finally {
      client.shutdown();
    }
  }

  @Test
  void aKilledPrimarysSlotsMoveToAReplicaAndNoAcknowledgedWriteIsLost() throws Exception {
    startCluster();
    int count = 10_000;
    try (JedisCluster cluster = jedisCluster()) {
      writePipelined(cluster, count);
    }
    NodeProcess survivor = nodes.get(1);
    String before = primaryOfSlotZero(survivor);
    NodeProcess victim = nodes.stream().filter(n -> n.port == portOf(before)).findFirst()
        .orElseThrow();
    survivor = nodes.stream().filter(n -> n != victim).findFirst().orElseThrow();
    long killedAt = System.nanoTime();
    victim.kill9();
    String after = before;
    while (after.equals(before) && System.nanoTime() - killedAt < 20_000_000_000L) {
      Thread.sleep(20);
      after = primaryOfSlotZero(survivor);
    }
    long failoverMs = (System.nanoTime() - killedAt) / 1_000_000;
    System.out.println("slot 0 moved from " + before + " to " + after + " in " + failoverMs
        + " ms after kill -9");
    assertNotEquals(before, after, "slot 0 still on the killed node");
    try (JedisCluster cluster = jedisCluster()) {
      for (int i = 0; i < count; i++) {
        assertEquals("value:" + i, cluster.get("key:" + i));
      }
      assertEquals("OK", cluster.set("after-failover", "yes"));
    }
  }

  private static String primaryOfSlotZero(NodeProcess n) {
    try (Jedis j = new Jedis(n.host, n.port, 2000)) {
      for (Object range : j.clusterSlots()) {
        List<?> r = (List<?>) range;
        if ((Long) r.get(0) == 0) {
          List<?> primary = (List<?>) r.get(2);
          return new String((byte[]) primary.get(0)) + ":" + primary.get(1);
        }
      }
      return "none";
    } catch (RuntimeException e) {
      return "unreachable";
    }
  }

  private static int portOf(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
