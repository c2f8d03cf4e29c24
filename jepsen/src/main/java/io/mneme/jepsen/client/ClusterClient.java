package io.mneme.jepsen.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of one worker: keeps a connection to one node, follows -MOVED to the primary a
 * bounded number of times, and classifies each request's outcome. -MOVED and -CLUSTERDOWN mean
 * the command was not applied (fail, safe to retry elsewhere); a timeout, a closed connection
 * or any other error after the command was sent means it may have been applied (info).
 */
public final class ClusterClient implements AutoCloseable {
  /** Redirects and retries of not-applied commands before giving up with fail. */
  private static final int ATTEMPTS_MAX = 4;
  private static final int CONNECT_TIMEOUT_MS = 500;
  /** Pause before retrying a node that said CLUSTERDOWN or refused the connection. */
  private static final long RETRY_PAUSE_MS = 50;

  private final List<String> nodes;
  private final int readTimeoutMillis;
  private final int home;
  private String target;
  private int rotation;
  private RespConnection conn;
  /** Open connections by address, at most one per node, reused across requests. */
  private final Map<String, RespConnection> pool = new HashMap<>();

  /**
   * @param nodes every node's host:port
   * @param first index of the node to talk to first
   * @param readTimeoutMillis how long to wait for a reply before calling the request unknown
   */
  public ClusterClient(List<String> nodes, int first, int readTimeoutMillis) {
    this.nodes = List.copyOf(nodes);
    this.home = first % nodes.size();
    this.rotation = home;
    this.target = nodes.get(home);
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /**
   * Sends one command, starting at this client's own node (as a Jepsen client is bound to one
   * node, so that every node's replies are exercised) and following redirects; never blocks
   * longer than its timeouts allow.
   */
  public Outcome call(String... args) {
    rotation = home;
    useTarget(nodes.get(home));
    String lastFailure = "no attempt";
    for (int attempt = 0; attempt < ATTEMPTS_MAX; attempt++) {
      if (!connect()) {
        lastFailure = "cannot connect to " + target;
        nextNode();
        continue;
      }
      Reply r;
      try {
        conn.send(args);
        r = conn.read();
      } catch (IOException e) {
        closeConnection();
        return Outcome.info(e.getClass().getSimpleName() + " from " + target + ": "
            + e.getMessage());
      }
      if (!r.isError()) {
        return Outcome.ok(r);
      }
      String err = r.text();
      if (err.startsWith("MOVED ")) {
        lastFailure = err;
        redirect(err.substring(err.lastIndexOf(' ') + 1));
      } else if (err.startsWith("CLUSTERDOWN")) {
        lastFailure = err;
        pause();
        nextNode();
      } else {
        return Outcome.info(err);
      }
    }
    return Outcome.fail(lastFailure);
  }

  private boolean connect() {
    if (conn != null) {
      return true;
    }
    try {
      conn = RespConnection.open(target, CONNECT_TIMEOUT_MS, readTimeoutMillis);
      pool.put(target, conn);
      return true;
    } catch (IOException | RuntimeException e) {
      pause();
      return false;
    }
  }

  private void redirect(String hostPort) {
    useTarget(hostPort);
  }

  /** Moves on to the next node; the current connection stays pooled (its state is sound). */
  private void nextNode() {
    rotation = (rotation + 1) % nodes.size();
    useTarget(nodes.get(rotation));
  }

  /** Switches to {@code hostPort}, reusing its pooled connection if there is one. */
  private void useTarget(String hostPort) {
    target = hostPort;
    conn = pool.get(hostPort);
  }

  private static void pause() {
    try {
      Thread.sleep(RETRY_PAUSE_MS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops the current connection: after an error its stream state is unknown. */
  private void closeConnection() {
    if (conn != null) {
      conn.close();
      pool.remove(target);
      conn = null;
    }
  }

  @Override
  public void close() {
    pool.values().forEach(RespConnection::close);
    pool.clear();
    conn = null;
  }

  /**
   * Asks one node for its role (INFO replication), with short timeouts: "master", "slave", or
   * null when it does not answer.
   */
  public static String role(String hostPort, int timeoutMillis) {
    try (RespConnection c = RespConnection.open(hostPort, timeoutMillis, timeoutMillis)) {
      c.send("INFO", "replication");
      Reply r = c.read();
      if (r.text() == null) {
        return null;
      }
      for (String line : r.text().split("\r?\n")) {
        if (line.startsWith("role:")) {
          return line.substring("role:".length()).trim();
        }
      }
      return null;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
