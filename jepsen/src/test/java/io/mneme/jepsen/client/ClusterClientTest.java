package io.mneme.jepsen.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.mneme.jepsen.workload.RegisterWorkload;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client's outcome classification against scripted fake nodes on loopback. */
class ClusterClientTest {
  private static final int READ_TIMEOUT_MS = 300;
  private final FakeNode a = new FakeNode();
  private final FakeNode b = new FakeNode();

  /** Answers each command with the next scripted reply; "" means never answer. */
  private static final class FakeNode implements AutoCloseable {
    final ServerSocket server;
    final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);
    final Thread thread;

    FakeNode() {
      try {
        server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
      thread = new Thread(this::serve, "fake-node");
      thread.setDaemon(true);
      thread.start();
    }

    String address() {
      return "127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket s = server.accept()) {
          InputStream in = s.getInputStream();
          OutputStream out = s.getOutputStream();
          while (readCommand(in)) {
            String r = replies.poll(1, TimeUnit.SECONDS);
            if (r == null || r.isEmpty()) {
              Thread.sleep(READ_TIMEOUT_MS * 2L);
              break;
            }
            out.write(r.getBytes(StandardCharsets.UTF_8));
            out.flush();
          }
        } catch (IOException | InterruptedException e) {
          // The test is over or the client hung up: accept the next connection.
        }
      }
    }

    /** Reads one RESP array command; false at end of stream. */
    private static boolean readCommand(InputStream in) throws IOException {
      String header = line(in);
      if (header == null) {
        return false;
      }
      int n = Integer.parseInt(header.substring(1));
      for (int i = 0; i < n; i++) {
        int len = Integer.parseInt(line(in).substring(1));
        in.readNBytes(len + 2);
      }
      return true;
    }

    private static String line(InputStream in) throws IOException {
      StringBuilder sb = new StringBuilder();
      for (int c = in.read(); c >= 0; c = in.read()) {
        if (c == '\n') {
          return sb.toString().trim();
        }
        sb.append((char) c);
      }
      return null;
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  @AfterEach
  void stop() throws IOException {
    a.close();
    b.close();
  }

  private ClusterClient client() {
    return new ClusterClient(List.of(a.address(), b.address()), 0, READ_TIMEOUT_MS);
  }

  @Test
  void followsMovedToThePrimary() {
    a.replies.add("-MOVED 0 " + b.address() + "\r\n");
    b.replies.add("+OK\r\n");
    try (ClusterClient c = client()) {
      Outcome o = c.call("SET", "k", "v");
      assertEquals(Outcome.Type.OK, o.type());
      assertEquals("OK", o.reply().text());
    }
  }

  @Test
  void movedIsRemembered() {
    a.replies.add("-MOVED 0 " + b.address() + "\r\n");
    b.replies.add("+OK\r\n");
    b.replies.add("$1\r\nv\r\n");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.OK, c.call("SET", "k", "v").type());
      // Node a has no reply left: had the client asked it again, it would time out (info).
      Outcome o = c.call("GET", "k");
      assertEquals(Outcome.Type.OK, o.type());
      assertEquals("v", o.reply().text());
    }
  }

  @Test
  void tryAgainIsRetriedOnTheSameNode() {
    a.replies.add("-TRYAGAIN Slot is being moved to another shard, try again\r\n");
    a.replies.add("-TRYAGAIN Slot is being moved to another shard, try again\r\n");
    a.replies.add("+OK\r\n");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.OK, c.call("SET", "k", "v").type());
    }
  }

  @Test
  void tryAgainForeverIsAFailure() {
    for (int i = 0; i <= ClusterClient.RETRIES_MAX; i++) {
      a.replies.add("-TRYAGAIN Slot is being moved to another shard, try again\r\n");
    }
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.FAIL, c.call("SET", "k", "v").type());
    }
  }

  @Test
  void mayOrMayNotHaveBeenAppliedIsIndeterminate() {
    a.replies.add("-ERR the primary lost its leadership before the write was known to commit;"
        + " it may or may not have been applied\r\n");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.INFO, c.call("SET", "k", "v").type());
    }
  }

  @Test
  void execAbortIsAFailure() {
    a.replies.add("-EXECABORT Transaction discarded because of previous errors.\r\n");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.FAIL, c.call("EXEC").type());
    }
  }

  @Test
  void refusedTransactionStartsAgainWhereMovedPoints() {
    a.replies.add("+OK\r\n");
    a.replies.add("-MOVED 0 " + b.address() + "\r\n");
    b.replies.add("+OK\r\n");
    b.replies.add("$1\r\n1\r\n");
    try (ClusterClient c = client()) {
      Outcome o = c.run("k", s -> {
        s.call("WATCH", "k");
        return Outcome.ok(s.call("GET", "k"));
      });
      assertEquals(Outcome.Type.OK, o.type());
      assertEquals("1", o.reply().text());
    }
  }

  private Outcome cas(ClusterClient c, String expected) {
    return c.run("k", s -> RegisterWorkload.casOn(s, "k", expected, "2"));
  }

  @Test
  void casThatAppliesIsOk() {
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n",
        "*1\r\n+OK\r\n"));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.OK, cas(c, "1").type());
    }
  }

  @Test
  void casOfAnotherValueOrNilExecIsAFailure() {
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n3\r\n", "+OK\r\n"));
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n",
        "*-1\r\n"));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.FAIL, cas(c, "1").type());
      assertEquals(Outcome.Type.FAIL, cas(c, "1").type());
    }
  }

  @Test
  void casTimeoutBeforeExecIsAFailureAfterItIsUnknown() {
    a.replies.addAll(List.of("+OK\r\n", ""));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.FAIL, cas(c, "1").type());
    }
    a.replies.clear();
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n", ""));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.INFO, cas(c, "1").type());
    }
  }

  @Test
  void casWhoseSetWasRefusedInsideExecRunsAgain() {
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n",
        "*1\r\n-TRYAGAIN Slot is being moved to another shard, try again\r\n"));
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n",
        "*1\r\n+OK\r\n"));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.OK, cas(c, "1").type());
    }
  }

  @Test
  void casExecUnknownErrorIsIndeterminate() {
    a.replies.addAll(List.of("+OK\r\n", "$1\r\n1\r\n", "+OK\r\n", "+QUEUED\r\n",
        "-ERR the primary lost its leadership before the write was known to commit; it may or"
        + " may not have been applied\r\n"));
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.INFO, cas(c, "1").type());
    }
  }

  @Test
  void clusterDownEverywhereIsAFailure() {
    for (int i = 0; i <= ClusterClient.RETRIES_MAX; i++) {
      a.replies.add("-CLUSTERDOWN The cluster is down\r\n");
      b.replies.add("-CLUSTERDOWN The cluster is down\r\n");
    }
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.FAIL, c.call("GET", "k").type());
    }
  }

  @Test
  void lostLeadershipIsIndeterminate() {
    a.replies.add("-ERR the primary lost its leadership before commit\r\n");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.INFO, c.call("SET", "k", "v").type());
    }
  }

  @Test
  void timeoutIsIndeterminate() {
    a.replies.add("");
    try (ClusterClient c = client()) {
      assertEquals(Outcome.Type.INFO, c.call("SET", "k", "v").type());
    }
  }

  @Test
  void parsesArraysAndNil() {
    a.replies.add("*3\r\n$1\r\na\r\n$-1\r\n:7\r\n");
    try (ClusterClient c = client()) {
      Outcome o = c.call("MGET", "a", "b", "c");
      assertEquals(Outcome.Type.OK, o.type());
      assertEquals(3, o.reply().items().size());
      assertEquals(null, o.reply().items().get(1).text());
      assertEquals(7, o.reply().items().get(2).number());
    }
  }
}
