package io.mneme.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;

/** One node in this JVM, on real sockets and real storage. */
class SingleNodeTest {
  private static final int PORT = 8400;
  @TempDir
  Path dir;
  private MnemeServer server;

  private MnemeServer start(String... extra) throws Exception {
    server = InJvmNode.start(PORT, dir, extra);
    return server;
  }

  private void awaitWritable() throws InterruptedException {
    InJvmNode.awaitWritable(PORT);
  }

  @AfterEach
  void stop() throws IOException {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void pipelinedCommandsAreAppliedAndAnsweredInOrder() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      Pipeline p = jedis.pipelined();
      List<Response<?>> replies = new java.util.ArrayList<>();
      for (int i = 0; i < 2000; i++) {
        replies.add(p.incr("counter"));
        replies.add(p.get("counter"));
        replies.add(p.set("last", Integer.toString(i)));
      }
      p.sync();
      for (int i = 0; i < 2000; i++) {
        assertEquals((long) i + 1, replies.get(3 * i).get());
        assertEquals(Integer.toString(i + 1), replies.get(3 * i + 1).get());
        assertEquals("OK", replies.get(3 * i + 2).get());
      }
      assertEquals("1999", jedis.get("last"));
    }
  }

  @Test
  void dataSurvivesARestart() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      for (int i = 0; i < 500; i++) {
        jedis.set("k" + i, "v" + i);
      }
      jedis.set("ttl", "x", redis.clients.jedis.params.SetParams.setParams().ex(1000));
    }
    server.close();
    server = null;
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      for (int i = 0; i < 500; i++) {
        assertEquals("v" + i, jedis.get("k" + i));
      }
      long ttl = jedis.ttl("ttl");
      assertTrue(ttl > 900 && ttl <= 1000, "ttl " + ttl);
    }
  }

  @Test
  void aReadRightAfterRestartWaitsForTheElectionInsteadOfFailing() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      jedis.set("early", "bird");
    }
    server.close();
    server = MnemeServer.start(NodeConfig.parse(new String[] {"--port", Integer.toString(PORT),
        "--dir", dir.toString(), "--election-timeout-min-ms", "500",
        "--election-timeout-max-ms", "1000"}));
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertEquals("bird", jedis.get("early"));
    }
  }

  @Test
  void snapshotThenPurgeThenRestartKeepsData() throws Exception {
    start("--snapshot-every-entries", "1000000", "--raft-log-segment-bytes", "65536");
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      for (int i = 0; i < 3000; i++) {
        jedis.set("k" + i, "v" + i);
      }
      assertEquals("Background saving started", jedis.bgsave());
      InJvmNode.awaitSnapshotAndPurge(dir);
      for (int i = 3000; i < 3500; i++) {
        jedis.set("k" + i, "v" + i);
      }
      jedis.del("k0");
    }
    server.close();
    server = null;
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertNull(jedis.get("k0"));
      for (int i = 1; i < 3500; i++) {
        assertEquals("v" + i, jedis.get("k" + i));
      }
      assertEquals(3500, jedis.dbSize());
    }
  }

  @Test
  void expiredKeysAreDeletedThroughTheLogWithoutBeingTouched() throws Exception {
    start();
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      jedis.del("__ready__");
      for (int i = 0; i < 1000; i++) {
        jedis.psetex("short" + i, 100, "x");
      }
      jedis.set("kept", "y");
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (jedis.dbSize() > 1 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      // DBSIZE counts keys not yet deleted, so only active expiry brings it down to 1.
      assertEquals(1, jedis.dbSize());
      assertEquals("y", jedis.get("kept"));
    }
  }

  @Test
  void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
    start();
    IOException e = assertThrows(IOException.class, () -> MnemeServer.start(NodeConfig.parse(
        new String[] {"--port", Integer.toString(PORT + 1), "--dir", dir.toString()})));
    assertTrue(e.getMessage().contains("in use by another Mneme node"), e.getMessage());
  }

  @Test
  void malformedInputGetsAProtocolErrorAndOthersAreStillServed() throws Exception {
    start();
    assertEquals("-ERR Protocol error: invalid multibulk length",
        rawExchange("*99999999999\r\n"));
    assertEquals("-ERR Protocol error: invalid bulk length",
        rawExchange("*1\r\n$999999999999\r\n"));
    assertEquals("-ERR Protocol error: expected '$', got 'x'", rawExchange("*1\r\nx\r\n"));
    assertEquals("-ERR Protocol error: unbalanced quotes in request",
        rawExchange("SET \"a b\r\n"));
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertEquals("PONG", jedis.ping());
    }
  }

  @Test
  void anOversizedBulkIsRefused() throws Exception {
    start("--proto-max-bulk-len", "1048576");
    assertEquals("-ERR Protocol error: invalid bulk length",
        rawExchange("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2000000\r\n"));
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertEquals("OK", jedis.set("k", "x".repeat(1_000_000)));
      assertEquals(1_000_000, jedis.strlen("k"));
    }
  }

  @Test
  void lettuceSpeaksResp3ToIt() throws Exception {
    start();
    io.lettuce.core.RedisClient client = io.lettuce.core.RedisClient.create(
        "redis://127.0.0.1:" + PORT);
    try (var connection = client.connect()) {
      var redis = connection.sync();
      assertEquals("OK", redis.set("lettuce", "1"));
      assertEquals(6L, redis.incrby("lettuce", 5));
      assertEquals("6", redis.get("lettuce"));
      assertEquals(Boolean.TRUE, redis.expire("lettuce", 100));
      assertTrue(redis.ttl("lettuce") > 90);
      assertEquals(3.5, Double.parseDouble(redis.incrbyfloat("f", 3.5).toString()));
      assertEquals(java.util.List.of("lettuce"), redis.keys("lett*"));
      assertEquals("PONG", redis.ping());
    } finally {
      client.shutdown();
    }
  }

  @Test
  void inlineCommandsWork() throws Exception {
    start();
    assertEquals("+OK", rawExchange("SET inline \"hello world\"\r\n"));
    try (Jedis jedis = new Jedis("127.0.0.1", PORT)) {
      assertEquals("hello world", jedis.get("inline"));
    }
  }

  /** Sends raw bytes; returns the first reply line, and checks the server closed after errors. */
  private static String rawExchange(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", PORT)) {
      socket.setSoTimeout(5000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.UTF_8));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      if (line.charAt(0) == '-') {
        in.read();
        assertEquals(-1, in.read(), "the server closes the connection after a protocol error");
      }
      return line.toString();
    }
  }

  @Test
  void unknownCommandsAndArityErrorsMatchRedis() throws Exception {
    start();
    assertEquals("-ERR unknown command 'nosuch', with args beginning with: 'a' 'b' ",
        rawReply("*3\r\n$6\r\nnosuch\r\n$1\r\na\r\n$1\r\nb\r\n"));
    assertEquals("-ERR wrong number of arguments for 'get' command",
        rawReply("*1\r\n$3\r\nGET\r\n"));
    assertFalse(rawReply("*1\r\n$4\r\nPING\r\n").isEmpty());
  }

  private static String rawReply(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", PORT)) {
      socket.setSoTimeout(5000);
      socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
      InputStream in = socket.getInputStream();
      StringBuilder line = new StringBuilder();
      int c;
      while ((c = in.read()) != -1 && c != '\r') {
        line.append((char) c);
      }
      return line.toString();
    }
  }
}
