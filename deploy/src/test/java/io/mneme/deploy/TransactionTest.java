package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Socket;
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
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisDataException;

/** MULTI / EXEC / DISCARD / WATCH on a real node with Jedis, as Redis answers them. */
class TransactionTest {
  private static final int PORT = 8460;
  @TempDir
  Path dir;
  private MnemeServer server;

  @BeforeEach
  void start() throws Exception {
    server = InJvmNode.start(PORT, dir);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void execRunsTheQueuedCommandsInOrderAndRepliesWithTheirReplies() {
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      Transaction t = jedis.multi();
      t.set("{u}a", "1");
      t.incr("{u}a");
      t.get("{u}a");
      assertEquals(List.of("OK", 2L, "2"), t.exec());
      t = jedis.multi();
      t.set("{u}b", "x");
      t.discard();
      assertNull(jedis.get("{u}b"));
    }
  }

  @Test
  void errorsWhileQueueingAbortTheWholeBlockAndRuntimeErrorsDoNot() {
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      jedis.set("{u}s", "text");
      Transaction t = jedis.multi();
      t.incr("{u}s"); // WRONGTYPE-like error at run time: the rest still runs
      t.set("{u}c", "1");
      List<Object> replies = t.exec();
      assertEquals("ERR value is not an integer or out of range",
          ((JedisDataException) replies.get(0)).getMessage());
      assertEquals("OK", replies.get(1));
      Transaction doomed = jedis.multi();
      doomed.set("{u}d", "1");
      doomed.set("{v}e", "1"); // another slot: refused with CROSSSLOT while queueing
      JedisDataException abort = assertThrows(JedisDataException.class, doomed::exec);
      assertEquals("EXECABORT Transaction discarded because of previous errors.",
          abort.getMessage());
      assertNull(jedis.get("{u}d"));
    }
  }

  @Test
  void aWatchedKeyChangedByAnotherClientMakesExecFail() throws Exception {
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT); Jedis rival = new Jedis("127.0.0.1", PORT)) {
      jedis.set("{w}k", "1");
      jedis.watch("{w}k");
      Future<String> f = other.submit(() -> rival.set("{w}k", "2"));
      assertEquals("OK", f.get(10, TimeUnit.SECONDS));
      Transaction t = jedis.multi();
      t.set("{w}k", "mine");
      assertNull(t.exec());
      assertEquals("2", jedis.get("{w}k"));
      jedis.watch("{w}k");
      Transaction t2 = jedis.multi();
      t2.incr("{w}k");
      assertEquals(List.of(3L), t2.exec());
    } finally {
      other.shutdownNow();
    }
  }

  /**
   * Redis 7.0 queues (P)SUBSCRIBE and the UNSUBSCRIBE family in MULTI and EXEC runs them: the
   * connection stays subscribed. A command naming two channels writes two confirmations into
   * EXEC's array, whose header counts it once; SSUBSCRIBE is refused there. The expected bytes
   * are redis-server 7.0.15's.
   */
  @Test
  void subscribeQueuedInMultiRunsAtExecAsInRedis() throws Exception {
    String subscribed = "*4\r\n*3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
        + "*3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"
        + "*3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n"
        + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n+OK\r\n";
    try (Socket s = new Socket("127.0.0.1", PORT)) {
      RawResp.assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(4) + subscribed
          + "*2\r\n$4\r\npong\r\n$0\r\n\r\n",
          "MULTI", "SUBSCRIBE a b", "PSUBSCRIBE p*", "SSUBSCRIBE s", "SET {u}m v", "EXEC", "PING");
      RawResp.assertExchange(s, "-ERR Can't execute 'multi': only (P|S)SUBSCRIBE /"
          + " (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context\r\n", "MULTI");
    }
    try (Socket s = new Socket("127.0.0.1", PORT)) {
      // A block of session commands only: run on the loop at once, without the shard.
      RawResp.assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(3)
          + "*3\r\n*3\r\n$11\r\nunsubscribe\r\n$-1\r\n:0\r\n"
          + "*3\r\n$12\r\npunsubscribe\r\n$1\r\nx\r\n:0\r\n"
          + "*3\r\n$12\r\nsunsubscribe\r\n$-1\r\n:0\r\n+PONG\r\n",
          "MULTI", "UNSUBSCRIBE", "PUNSUBSCRIBE x", "SUNSUBSCRIBE", "EXEC", "PING");
    }
  }

  /** The same in RESP3: the confirmations are push frames inside EXEC's array. */
  @Test
  void subscribeQueuedInMultiInResp3() throws Exception {
    try (Socket s = new Socket("127.0.0.1", PORT)) {
      RawResp.send(s, "HELLO 3");
      RawResp.readUntil(s, "modules\r\n*0\r\n");
      RawResp.assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(4)
          + "*4\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
          + ">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"
          + ">3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n"
          + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n+OK\r\n+PONG\r\n",
          "MULTI", "SUBSCRIBE a b", "PSUBSCRIBE p*", "SSUBSCRIBE s", "SET {u}m v", "EXEC", "PING");
      RawResp.assertExchange(s, "+OK\r\n+QUEUED\r\n*1\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n"
          + ":2\r\n", "MULTI", "UNSUBSCRIBE a", "EXEC");
    }
  }
}
