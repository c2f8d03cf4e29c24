package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.mneme.proto.AddShardRequest;
import io.mneme.proto.ClusterState;
import io.mneme.proto.GetClusterStateRequest;
import io.mneme.proto.MoveProgress;
import io.mneme.proto.RemoveShardRequest;
import io.mneme.shardmanager.AdminClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisDataException;

/**
 * add-shard and remove-shard under a steady INCR load: afterwards every counter equals the
 * increments that were acknowledged (none lost, none applied twice); clients see only MOVED
 * (followed by the client) and TRYAGAIN (retried), never a wrong value.
 */
class SlotMigrationTest {
  private static final int BASE_PORT = 21600;
  private static final int KEYS = 200;
  private static final int CLIENTS = 4;
  @TempDir
  Path root;
  private List<NodeProcess> nodes = List.of();
  private final List<String> errors = java.util.Collections.synchronizedList(new ArrayList<>());

  @AfterEach
  void killAll() throws InterruptedException {
    for (NodeProcess n : nodes) {
      n.kill9();
    }
  }

  @Test
  void addingAndRemovingAShardUnderIncrLosesAndDoublesNothing() throws Exception {
    nodes = NodeProcess.cluster(3, BASE_PORT, root, "--cluster-shards", "2",
        "--cluster-replicas", "1");
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(Duration.ofSeconds(30));
      MultiShardClusterTest.awaitClusterOk(n, Duration.ofSeconds(60));
    }
    AtomicLongArray acked = new AtomicLongArray(KEYS);
    AtomicLongArray unknown = new AtomicLongArray(KEYS);
    AtomicLong tryAgains = new AtomicLong();
    AtomicLong worstWaitMs = new AtomicLong();
    AtomicBoolean stop = new AtomicBoolean();
    List<Thread> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int seed = c;
      Thread t = new Thread(() -> incrLoop(seed, acked, unknown, tryAgains, worstWaitMs, stop));
      t.start();
      clients.add(t);
    }
    NodeProcess admin = nodes.get(0);
    try (AdminClient client = new AdminClient(admin.host, admin.port + 30000)) {
      Thread.sleep(1000);
      List<MoveProgress> added = drain(client.stub(600_000).addShard(AddShardRequest.newBuilder()
          .addMembers("n3").addMembers("n1").build()));
      ClusterState state = client.stub(10_000).getClusterState(
          GetClusterStateRequest.getDefaultInstance());
      assertEquals(3, state.getShardsCount());
      assertTrue(added.size() > 5000, "slots moved to the new shard: " + added.size());
      drain(client.stub(600_000).removeShard(RemoveShardRequest.newBuilder().setShardId(2)
          .build()));
      state = client.stub(10_000).getClusterState(GetClusterStateRequest.getDefaultInstance());
      assertEquals(2, state.getShardsCount());
      assertTrue(state.getMigrationsList().isEmpty());
      Thread.sleep(1000);
    } finally {
      stop.set(true);
      for (Thread t : clients) {
        t.join();
      }
    }
    assertEquals(List.of(), errors, "clients saw errors other than MOVED and TRYAGAIN");
    try (JedisCluster cluster = cluster()) {
      for (int k = 0; k < KEYS; k++) {
        String v = cluster.get("counter:" + k);
        long value = v == null ? 0 : Long.parseLong(v);
        assertTrue(value >= acked.get(k) && value <= acked.get(k) + unknown.get(k),
            "counter " + k + " is " + value + ", acked " + acked.get(k) + ", unknown "
                + unknown.get(k));
      }
    }
    System.out.println("INCR under add-shard/remove-shard: TRYAGAIN seen " + tryAgains.get()
        + " times; longest a single INCR waited: " + worstWaitMs.get() + " ms");
  }

  private static List<MoveProgress> drain(Iterator<MoveProgress> progress) {
    List<MoveProgress> out = new ArrayList<>();
    progress.forEachRemaining(out::add);
    return out;
  }

  private JedisCluster cluster() {
    Set<HostAndPort> seeds = new HashSet<>();
    nodes.forEach(n -> seeds.add(new HostAndPort(n.host, n.port)));
    return new JedisCluster(seeds, DefaultJedisClientConfig.builder().timeoutMillis(5_000)
        .build(), 20, new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>());
  }

  private void incrLoop(int seed, AtomicLongArray acked, AtomicLongArray unknown,
      AtomicLong tryAgains, AtomicLong worstWaitMs, AtomicBoolean stop) {
    java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
    try (JedisCluster cluster = cluster()) {
      while (!stop.get()) {
        int k = random.nextInt(KEYS);
        long started = System.nanoTime();
        while (true) {
          try {
            cluster.incr("counter:" + k);
            acked.incrementAndGet(k);
            break;
          } catch (JedisDataException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("TRYAGAIN")) {
              tryAgains.incrementAndGet();
              sleep(5); // refused before it ran: safe to send again
              continue;
            }
            errors.add("unexpected error reply: " + e.getMessage());
            return;
          } catch (RuntimeException e) {
            unknown.incrementAndGet(k); // timed out or lost: may or may not have applied
            break;
          }
        }
        worstWaitMs.accumulateAndGet((System.nanoTime() - started) / 1_000_000, Math::max);
      }
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
