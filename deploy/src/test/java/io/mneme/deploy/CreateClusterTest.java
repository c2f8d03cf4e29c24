package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mneme.proto.ClusterState;
import io.mneme.proto.CreateClusterRequest;
import io.mneme.shardmanager.AdminClient;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** Nodes started by hand with no cluster, then `mneme-admin create-cluster` through one. */
class CreateClusterTest extends ProcessClusterTest {
  private static final int BASE_PORT = 8700;

  @Test
  void createClusterPlacesShardsAndClientsUseIt() throws Exception {
    nodes = NodeProcess.cluster(3, BASE_PORT, root, "--cluster-bootstrap", "none");
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(Duration.ofSeconds(30));
    }
    try (Jedis j = new Jedis(nodes.get(0).host, nodes.get(0).port, 2000)) {
      assertEquals(true, j.clusterInfo().contains("cluster_state:fail"), "no cluster yet");
    }
    ClusterState state;
    try (AdminClient admin = new AdminClient(nodes.get(0).host, nodes.get(0).adminPort())) {
      state = admin.stub(120_000).createCluster(CreateClusterRequest.newBuilder()
          .addAllNodes(List.of(NodeProcess.peers(3, BASE_PORT).split(","))).setShards(3)
          .setReplicas(1).build()).getState();
    }
    assertEquals(3, state.getShardsCount());
    state.getShardsList().forEach(s -> assertEquals(2, s.getMembersCount()));
    for (NodeProcess n : nodes) {
      Nodes.awaitClusterOk(n, Duration.ofSeconds(60));
    }
    Set<HostAndPort> seeds = new HashSet<>();
    nodes.forEach(n -> seeds.add(new HostAndPort(n.host, n.port)));
    try (JedisCluster cluster = new JedisCluster(seeds, DefaultJedisClientConfig.builder()
        .timeoutMillis(10_000).build(), 10,
        new org.apache.commons.pool2.impl.GenericObjectPoolConfig<>())) {
      for (int i = 0; i < 300; i++) {
        assertEquals("OK", cluster.set("k" + i, "v" + i));
      }
      for (int i = 0; i < 300; i++) {
        assertEquals("v" + i, cluster.get("k" + i));
      }
    }
  }
}
