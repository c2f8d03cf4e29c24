package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
  private static final int READ_TIMEOUT_MS = 10_000;
  /** How long a reply that should not come is waited for. */
  private static final int QUIET_MS = 200;
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
      assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(4) + subscribed
          + "*2\r\n$4\r\npong\r\n$0\r\n\r\n",
          "MULTI", "SUBSCRIBE a b", "PSUBSCRIBE p*", "SSUBSCRIBE s", "SET {u}m v", "EXEC", "PING");
      assertExchange(s, "-ERR Can't execute 'multi': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE /"
          + " PING / QUIT / RESET are allowed in this context\r\n", "MULTI");
    }
    try (Socket s = new Socket("127.0.0.1", PORT)) {
      // A block of session commands only: run on the loop at once, without the shard.
      assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(3)
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
      send(s, "HELLO 3");
      readUntil(s, "modules\r\n*0\r\n");
      assertExchange(s, "+OK\r\n" + "+QUEUED\r\n".repeat(4)
          + "*4\r\n>3\r\n$9\r\nsubscribe\r\n$1\r\na\r\n:1\r\n"
          + ">3\r\n$9\r\nsubscribe\r\n$1\r\nb\r\n:2\r\n"
          + ">3\r\n$10\r\npsubscribe\r\n$2\r\np*\r\n:3\r\n"
          + "-ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client\r\n+OK\r\n+PONG\r\n",
          "MULTI", "SUBSCRIBE a b", "PSUBSCRIBE p*", "SSUBSCRIBE s", "SET {u}m v", "EXEC", "PING");
      assertExchange(s, "+OK\r\n+QUEUED\r\n*1\r\n>3\r\n$11\r\nunsubscribe\r\n$1\r\na\r\n"
          + ":2\r\n", "MULTI", "UNSUBSCRIBE a", "EXEC");
    }
  }

  /**
   * Sends the commands (words split on spaces) and checks that their replies add up to exactly
   * {@code expected}: as many bytes, and nothing more within a moment.
   */
  private static void assertExchange(Socket s, String expected, String... commands)
      throws IOException {
    for (String c : commands) {
      send(s, c);
    }
    s.setSoTimeout(READ_TIMEOUT_MS);
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    try {
      for (int b; sb.length() < expected.length() && (b = in.read()) >= 0; ) {
        sb.append((char) b);
      }
    } catch (java.net.SocketTimeoutException timedOut) {
      assertEquals(expected, sb.toString()); // shows what came
    }
    sleepQuietly();
    while (in.available() > 0) {
      sb.append((char) in.read());
    }
    assertEquals(expected, sb.toString());
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(QUIET_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void send(Socket s, String command) throws IOException {
    String[] parts = command.split(" ");
    StringBuilder sb = new StringBuilder("*").append(parts.length).append("\r\n");
    for (String p : parts) {
      sb.append('$').append(p.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
          .append(p).append("\r\n");
    }
    OutputStream out = s.getOutputStream();
    out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private static void readUntil(Socket s, String end) throws IOException {
    s.setSoTimeout(READ_TIMEOUT_MS);
    InputStream in = s.getInputStream();
    StringBuilder sb = new StringBuilder();
    while (!sb.toString().endsWith(end)) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed after " + sb);
      }
      sb.append((char) b);
    }
  }
}
