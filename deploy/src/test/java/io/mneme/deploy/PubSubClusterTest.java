package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.JedisShardedPubSub;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * Pub/sub across node processes with real clients: three nodes, three shards of two members
 * each, so every shard has a node that hosts none of it. One cluster serves every check, to
 * keep the suite fast.
 */
class PubSubClusterTest extends ProcessClusterTest {
  private static final int BASE_PORT = 8800;
  private static final Duration READY_MAX = Duration.ofSeconds(60);
  private static final long WAIT_S = 15;
  /** A shard channel and key whose slot the checks look up in CLUSTER SLOTS. */
  private static final String SHARDED = "orders";

  /** The shard of {@link #SHARDED}'s slot: its primary, its replica, and the third node. */
  private record Placement(NodeProcess primary, NodeProcess replica, NodeProcess outsider) {}

  @Test
  void pubSubAcrossTheCluster() throws Exception {
    nodes = NodeProcess.cluster(3, BASE_PORT, root, "--cluster-shards", "3",
        "--cluster-replicas", "1");
    for (NodeProcess n : nodes) {
      n.start();
    }
    for (NodeProcess n : nodes) {
      n.awaitListening(READY_MAX); // a loaded machine starts JVMs slowly
    }
    for (NodeProcess n : nodes) {
      Nodes.awaitClusterOk(n, READY_MAX);
    }
    publishReachesOtherNodes(nodes.get(0), nodes.get(1));
    Placement p = placement();
    shardedPublishReachesTheReplica(p);
    resp3PushThroughLettuce(nodes.get(2), nodes.get(0));
    keyspaceEventsOnTheReplica(p);
    subscribedModeRules(p);
  }

  /** SUBSCRIBE and PSUBSCRIBE on one node, PUBLISH on another: both receive it. */
  private void publishReachesOtherNodes(NodeProcess a, NodeProcess b) throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(2);
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onMessage(String channel, String message) {
        got.add("message " + channel + " " + message);
      }

      @Override
      public void onPMessage(String pattern, String channel, String message) {
        got.add("pmessage " + pattern + " " + channel + " " + message);
      }

      @Override
      public void onSubscribe(String channel, int count) {
        subscribed.countDown();
        if (count == 1) {
          psubscribe("news.*");
        }
      }

      @Override
      public void onPSubscribe(String pattern, int count) {
        subscribed.countDown();
      }
    };
    Thread t = subscriber(a, j -> j.subscribe(listener, "news.sport"));
    assertTrue(subscribed.await(WAIT_S, TimeUnit.SECONDS));
    try (Jedis j = new Jedis(b.host, b.port, 5000)) {
      assertEquals(0, j.publish("news.sport", "goal"), "only the local receivers count");
      assertEquals(List.of("news.sport"), waitFor(a, "PUBSUB", "CHANNELS"));
    }
    assertEquals("message news.sport goal", got.poll(WAIT_S, TimeUnit.SECONDS));
    assertEquals("pmessage news.* news.sport goal", got.poll(WAIT_S, TimeUnit.SECONDS));
    try (Jedis j = new Jedis(a.host, a.port, 5000)) {
      assertEquals(2, j.publish("news.sport", "again"), "the local receivers");
    }
    listener.punsubscribe();
    listener.unsubscribe();
    t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
  }

  /** SSUBSCRIBE on the shard's replica, SPUBLISH on its primary; others are redirected. */
  private void shardedPublishReachesTheReplica(Placement p) throws Exception {
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    JedisShardedPubSub listener = new JedisShardedPubSub() {
      @Override
      public void onSMessage(String channel, String message) {
        got.add(channel + " " + message);
      }

      @Override
      public void onSSubscribe(String channel, int count) {
        subscribed.countDown();
      }
    };
    Thread t = subscriber(p.replica(), j -> listener.proceed(j.getConnection(), SHARDED));
    assertTrue(subscribed.await(WAIT_S, TimeUnit.SECONDS));
    assertEquals(":0\r\n", raw(p.primary(), "SPUBLISH " + SHARDED + " shipped"));
    assertEquals(SHARDED + " shipped", got.poll(WAIT_S, TimeUnit.SECONDS));
    int slot = JedisClusterCRC16.getSlot(SHARDED);
    String moved = "-MOVED " + slot + " " + p.primary().host + ":" + p.primary().port + "\r\n";
    assertEquals(moved, raw(p.outsider(), "SPUBLISH " + SHARDED + " x"));
    assertEquals(moved, raw(p.outsider(), "SSUBSCRIBE " + SHARDED));
    assertEquals("-CROSSSLOT Keys in request don't hash to the same slot\r\n",
        raw(p.replica(), "SSUBSCRIBE " + SHARDED + " other"));
    listener.sunsubscribe();
    t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
  }

  /** Lettuce speaks RESP3: messages come as push frames. */
  private void resp3PushThroughLettuce(NodeProcess subscriberNode, NodeProcess publisher)
      throws Exception {
    RedisClient client = RedisClient.create(RedisURI.create(subscriberNode.host,
        subscriberNode.port));
    try (StatefulRedisPubSubConnection<String, String> c = client.connectPubSub()) {
      BlockingQueue<String> got = new LinkedBlockingQueue<>();
      c.addListener(new RedisPubSubAdapter<>() {
        @Override
        public void message(String channel, String message) {
          got.add(channel + " " + message);
        }
      });
      c.sync().subscribe("alerts");
      // RESP3 allows other commands while subscribed
      assertEquals("PONG", c.sync().ping());
      try (Jedis j = new Jedis(publisher.host, publisher.port, 5000)) {
        j.publish("alerts", "fire");
      }
      assertEquals("alerts fire", got.poll(WAIT_S, TimeUnit.SECONDS));
    } finally {
      client.shutdown();
    }
    Socket s = new Socket(subscriberNode.host, subscriberNode.port);
    try (s) {
      RawResp.send(s, "HELLO 3");
      RawResp.readUntil(s, "*0\r\n"); // the end of HELLO's map: modules, empty
      RawResp.send(s, "SUBSCRIBE alerts");
      assertEquals(">3\r\n$9\r\nsubscribe\r\n$6\r\nalerts\r\n:1\r\n",
          RawResp.readUntil(s, ":1\r\n"));
    }
  }

  /** A replica applies the writes too and announces them to its own subscribers. */
  private void keyspaceEventsOnTheReplica(Placement p) throws Exception {
    try (Jedis j = new Jedis(p.replica().host, p.replica().port, 5000)) {
      assertEquals("OK", j.configSet("notify-keyspace-events", "KEA"));
      assertEquals("AKE", j.configGet("notify-keyspace-events").get("notify-keyspace-events"));
    }
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    CountDownLatch subscribed = new CountDownLatch(1);
    JedisPubSub listener = new JedisPubSub() {
      @Override
      public void onPMessage(String pattern, String channel, String message) {
        got.add(channel + " " + message);
      }

      @Override
      public void onPSubscribe(String pattern, int count) {
        subscribed.countDown();
      }
    };
    Thread t = subscriber(p.replica(), j -> j.psubscribe(listener, "__key*@0__:*"));
    assertTrue(subscribed.await(WAIT_S, TimeUnit.SECONDS));
    try (Jedis j = new Jedis(p.primary().host, p.primary().port, 5000)) {
      j.set(SHARDED, "1");
      j.pexpire(SHARDED, 1);
    }
    for (String expected : List.of("__keyspace@0__:" + SHARDED + " set",
        "__keyevent@0__:set " + SHARDED, "__keyspace@0__:" + SHARDED + " expire",
        "__keyevent@0__:expire " + SHARDED, "__keyspace@0__:" + SHARDED + " expired",
        "__keyevent@0__:expired " + SHARDED)) {
      assertEquals(expected, got.poll(WAIT_S, TimeUnit.SECONDS));
    }
    listener.punsubscribe();
    t.join(TimeUnit.SECONDS.toMillis(WAIT_S));
  }

  /**
   * RESP2 subscribed mode, byte for byte as redis-server 7.0 (which redirects a command with
   * keys served elsewhere before it checks the mode).
   */
  private void subscribedModeRules(Placement p) throws Exception {
    Socket s = new Socket(p.outsider().host, p.outsider().port);
    try (s) {
      RawResp.send(s, "SUBSCRIBE ch");
      assertEquals("*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n", RawResp.readUntil(s, ":1\r\n"));
      RawResp.send(s, "GET " + SHARDED);
      assertEquals("-MOVED " + JedisClusterCRC16.getSlot(SHARDED) + " " + p.primary().host + ":"
          + p.primary().port + "\r\n", RawResp.readUntil(s, "\r\n"));
      RawResp.send(s, "DBSIZE");
      String only = "only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed"
          + " in this context\r\n";
      assertEquals("-ERR Can't execute 'dbsize': " + only, RawResp.readUntil(s, "\r\n"));
      RawResp.send(s, "CLIENT LIST");
      assertEquals("-ERR Can't execute 'client|list': " + only, RawResp.readUntil(s, "\r\n"));
      RawResp.send(s, "PING");
      assertEquals("*2\r\n$4\r\npong\r\n$0\r\n\r\n", RawResp.readUntil(s, "$0\r\n\r\n"));
      RawResp.send(s, "UNSUBSCRIBE");
      assertEquals("*3\r\n$11\r\nunsubscribe\r\n$2\r\nch\r\n:0\r\n", RawResp.readUntil(s, ":0\r\n"));
      RawResp.send(s, "UNSUBSCRIBE");
      assertEquals("*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n", RawResp.readUntil(s, ":0\r\n"));
      RawResp.send(s, "PSUBSCRIBE p*");
      RawResp.readUntil(s, ":1\r\n");
      RawResp.send(s, "RESET");
      assertEquals("+RESET\r\n", RawResp.readUntil(s, "\r\n"));
      RawResp.send(s, "PING");
      assertEquals("+PONG\r\n", RawResp.readUntil(s, "\r\n"));
    }
  }

  /** Where {@link #SHARDED}'s slot lives, from CLUSTER SLOTS. */
  @SuppressWarnings("unchecked")
  private Placement placement() {
    int slot = JedisClusterCRC16.getSlot(SHARDED);
    try (Jedis j = new Jedis(nodes.get(0).host, nodes.get(0).port, 5000)) {
      for (Object range : j.clusterSlots()) {
        List<Object> r = (List<Object>) range;
        if ((Long) r.get(0) <= slot && slot <= (Long) r.get(1)) {
          NodeProcess primary = byPort(((Long) ((List<Object>) r.get(2)).get(1)).intValue());
          NodeProcess replica = byPort(((Long) ((List<Object>) r.get(3)).get(1)).intValue());
          NodeProcess outsider = nodes.stream().filter(n -> n != primary && n != replica)
              .findFirst().orElseThrow();
          return new Placement(primary, replica, outsider);
        }
      }
    }
    throw new AssertionError("no owner for slot " + slot);
  }

  private NodeProcess byPort(int port) {
    return nodes.stream().filter(n -> n.port == port).findFirst().orElseThrow();
  }

  /** Runs a blocking subscribe on its own connection and thread. */
  private static Thread subscriber(NodeProcess n, java.util.function.Consumer<Jedis> body) {
    Thread t = new Thread(() -> {
      try (Jedis j = new Jedis(n.host, n.port, 0)) {
        body.accept(j);
      }
    }, "subscriber-" + n.id);
    t.setDaemon(true);
    t.start();
    return t;
  }

  /** A command's reply as another connection sees it, until the subscription shows. */
  @SuppressWarnings("unchecked")
  private static List<String> waitFor(NodeProcess n, String... command)
      throws InterruptedException {
    try (Jedis j = new Jedis(n.host, n.port, 5000)) {
      List<Object> reply = (List<Object>) j.sendCommand(() -> redis.clients.jedis.util
          .SafeEncoder.encode(command[0]), java.util.Arrays.copyOfRange(command, 1,
          command.length));
      assertNotNull(reply);
      return reply.stream().map(o -> new String((byte[]) o, StandardCharsets.UTF_8)).toList();
    }
  }

  private static String raw(NodeProcess n, String command) throws IOException {
    try (Socket s = new Socket(n.host, n.port)) {
      RawResp.send(s, command);
      return RawResp.readUntil(s, "\r\n");
    }
  }
}
