package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.params.SortingParams;

/**
 * WAIT, SORT, DUMP/RESTORE and OBJECT through Jedis on a 3-node shard of real node processes:
 * an acknowledged write is on a quorum, so WAIT answers at once with the replicas that hold it.
 */
class KeyCommandsNodeTest extends ProcessClusterTest {
  private static final int BASE_PORT = 9500;

  @Test
  void waitCountsTheReplicasHoldingTheLastWrite() throws Exception {
    nodes = NodeProcess.cluster(3, BASE_PORT, root);
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(Duration.ofSeconds(30));
    }
    NodeProcess primary = Nodes.awaitPrimary(nodes, Duration.ofSeconds(30));
    try (Jedis jedis = new Jedis(primary.host, primary.port, 5000)) {
      // no write yet on this connection: every replica holds "everything it wrote"
      assertEquals(2, jedis.waitReplicas(2, 0));
      assertEquals("OK", jedis.set("k", "v"));
      long replicas = jedis.waitReplicas(1, 100);
      assertTrue(replicas >= 1 && replicas <= 2, "a quorum of 3 has at least 1 replica");
      // it does not block for more replicas than the shard has: it answers what is there (the
      // replica that had not yet acknowledged the write may have done so since)
      long later = jedis.waitReplicas(5, 50);
      assertTrue(later >= replicas && later <= 2, "replicas holding it: " + replicas
          + ", then " + later);
      JedisDataException e = assertThrows(JedisDataException.class,
          () -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.WAIT, "1", "-1"));
      assertEquals("ERR timeout is negative", e.getMessage());
      e = assertThrows(JedisDataException.class,
          () -> jedis.sendCommand(redis.clients.jedis.Protocol.Command.WAIT, "x", "0"));
      assertEquals("ERR value is not an integer or out of range", e.getMessage());
      Transaction tx = jedis.multi();
      tx.set("k2", "v");
      tx.waitReplicas(1, 0);
      List<Object> replies = tx.exec();
      assertEquals("OK", replies.get(0));
      assertTrue((Long) replies.get(1) >= 1, replies.toString());
      sortDumpRestoreObject(jedis);
    }
  }

  private static void sortDumpRestoreObject(Jedis jedis) {
    jedis.rpush("{l}list", "3", "1", "2");
    assertEquals(List.of("1", "2", "3"), jedis.sort("{l}list"));
    assertEquals(List.of("3", "2"), jedis.sortReadonly("{l}list",
        new SortingParams().desc().limit(0, 2)));
    assertEquals(3, jedis.sort("{l}list", "{l}sorted"));
    assertEquals(List.of("1", "2", "3"), jedis.lrange("{l}sorted", 0, -1));
    JedisDataException e = assertThrows(JedisDataException.class,
        () -> jedis.sort("{l}list", "elsewhere"));
    assertTrue(e.getMessage().startsWith("CROSSSLOT"), e.getMessage());
    e = assertThrows(JedisDataException.class,
        () -> jedis.sort("{l}list", new SortingParams().get("#")));
    assertEquals("ERR GET option of SORT denied in Cluster mode.", e.getMessage());
    byte[] payload = jedis.dump("{l}list");
    assertEquals("OK", jedis.restore("{l}copy", 0, payload));
    assertEquals(List.of("3", "1", "2"), jedis.lrange("{l}copy", 0, -1));
    assertArrayEquals(payload, jedis.dump("{l}copy"));
    assertEquals("quicklist", jedis.objectEncoding("{l}copy"));
    assertEquals(0L, jedis.objectIdletime("{l}copy"));
    assertTrue(jedis.memoryUsage("{l}copy") > 0);
  }
}
