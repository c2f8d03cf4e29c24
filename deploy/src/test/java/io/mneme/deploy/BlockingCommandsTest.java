package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** BLPOP and friends on a real node: they wait without a thread and are served in order. */
class BlockingCommandsTest {
  private static final int PORT = 8470;
  @TempDir
  Path dir;
  private MnemeServer server;
  private final ExecutorService clients = Executors.newFixedThreadPool(3);

  @BeforeEach
  void start() throws Exception {
    server = InJvmNode.start(PORT, dir);
  }

  @AfterEach
  void stop() throws Exception {
    clients.shutdownNow();
    server.close();
  }

  private Future<List<String>> blpop(String key, int timeoutSeconds) {
    return clients.submit(() -> {
      try (Jedis j = new Jedis("127.0.0.1", PORT, 30_000)) {
        return j.blpop(timeoutSeconds, key);
      }
    });
  }

  @Test
  void blockedClientsAreServedFirstBlockedFirstWhenElementsArrive() throws Exception {
    Future<List<String>> first = blpop("queue", 0);
    awaitBlocked(1);
    Future<List<String>> second = blpop("queue", 0);
    awaitBlocked(2);
    try (Jedis j = new Jedis("127.0.0.1", PORT)) {
      assertEquals(3, j.rpush("queue", "a", "b", "c")); // as Redis: served after the push
    }
    assertEquals(List.of("queue", "a"), first.get(10, TimeUnit.SECONDS));
    assertEquals(List.of("queue", "b"), second.get(10, TimeUnit.SECONDS));
    try (Jedis j = new Jedis("127.0.0.1", PORT)) {
      assertEquals(List.of("c"), j.lrange("queue", 0, -1));
    }
  }

  private static void awaitBlocked(int n) throws InterruptedException {
    long deadline = System.nanoTime() + 10_000_000_000L;
    try (Jedis j = new Jedis("127.0.0.1", PORT)) {
      while (!j.info("clients").contains("blocked_clients:" + n + "\r\n")) {
        assertTrue(System.nanoTime() < deadline, "blocked_clients never reached " + n);
        Thread.sleep(10);
      }
    }
  }

  @Test
  void aTimeoutAnswersNullAndCommandsAfterABlockedOneWait() throws Exception {
    long started = System.nanoTime();
    assertNull(blpop("empty", 1).get(10, TimeUnit.SECONDS));
    long waitedMs = (System.nanoTime() - started) / 1_000_000;
    assertTrue(waitedMs >= 900 && waitedMs < 5000, "waited " + waitedMs + " ms");
    // Pipelined behind a blocked BLPOP, a GET runs only after the BLPOP is answered.
    try (Jedis j = new Jedis("127.0.0.1", PORT, 10_000); Jedis pusher = new Jedis("127.0.0.1",
        PORT)) {
      var pipe = j.pipelined();
      var pop = pipe.blpop(0, "late");
      var after = pipe.get("late-marker");
      Future<?> push = clients.submit(() -> {
        Thread.sleep(500);
        pusher.set("late-marker", "set-before-push");
        return pusher.rpush("late", "x");
      });
      pipe.sync();
      push.get(10, TimeUnit.SECONDS);
      assertEquals(List.of("late", "x"), pop.get());
      assertEquals("set-before-push", after.get());
    }
  }

  @Test
  void xreadBlockWaitsForEntriesAfterTheLastIdAndBzpopminForAMember() throws Exception {
    try (Jedis j = new Jedis("127.0.0.1", PORT)) {
      j.xadd("stream", redis.clients.jedis.StreamEntryID.NEW_ENTRY, java.util.Map.of("f", "old"));
    }
    Future<Object> read = clients.submit(() -> {
      try (Jedis j = new Jedis("127.0.0.1", PORT, 30_000)) {
        return j.sendCommand(redis.clients.jedis.Protocol.Command.XREAD, "BLOCK", "0",
            "STREAMS", "stream", "$");
      }
    });
    awaitBlocked(1);
    Future<List<String>> pop = clients.submit(() -> {
      try (Jedis j = new Jedis("127.0.0.1", PORT, 30_000)) {
        var r = j.bzpopmin(0, "zset");
        return List.of(r.getKey(), r.getValue().getElement(),
            String.valueOf(r.getValue().getScore()));
      }
    });
    awaitBlocked(2);
    try (Jedis j = new Jedis("127.0.0.1", PORT)) {
      j.xadd("stream", redis.clients.jedis.StreamEntryID.NEW_ENTRY, java.util.Map.of("f", "new"));
      j.zadd("zset", 1.5, "m");
    }
    String text = redis.clients.jedis.util.SafeEncoder.encodeObject(
        read.get(10, TimeUnit.SECONDS)).toString();
    assertTrue(text.contains("new") && !text.contains("old"), text);
    assertEquals(List.of("zset", "m", "1.5"), pop.get(10, TimeUnit.SECONDS));
  }
}
