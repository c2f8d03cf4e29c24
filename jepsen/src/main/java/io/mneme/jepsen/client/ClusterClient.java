package io.mneme.jepsen.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A client of one worker, as a cluster-aware Redis client behaves: it keeps at most one
 * connection per node, remembers which node serves which slot (learnt from -MOVED), and
 * classifies each request's outcome.
 *
 * <ul>
 *   <li>-MOVED slot host:port: not run; the slot cache learns the owner and the request goes
 *       there (at most {@link #REDIRECTS_MAX} times).
 *   <li>-TRYAGAIN (a slot in handoff) and -CLUSTERDOWN (no primary, or no owner): not run; the
 *       request is sent again after a growing pause, at most {@link #RETRIES_MAX} times, the
 *       same node for TRYAGAIN, the next node for CLUSTERDOWN. A refused connection counts as a
 *       retry too. When the bounds are spent the outcome is fail: certainly not applied.
 *   <li>-EXECABORT: the transaction was discarded, fail.
 *   <li>A timeout, a closed connection, or any other error after the request was sent (among
 *       them "-ERR ... may or may not have been applied"): info, it may have been applied.
 * </ul>
 */
public final class ClusterClient implements AutoCloseable {
  /** -MOVED redirects followed by one request. */
  static final int REDIRECTS_MAX = 5;
  /** Attempts again after TRYAGAIN, CLUSTERDOWN or a refused connection, for one request. */
  static final int RETRIES_MAX = 8;
  private static final int CONNECT_TIMEOUT_MS = 500;
  /** The pause before the first retry; it doubles up to {@link #RETRY_PAUSE_MAX_MS}. */
  private static final long RETRY_PAUSE_MIN_MS = 50;
  private static final long RETRY_PAUSE_MAX_MS = 400;

  static {
    // A request gives up after a few seconds of retries, about one slot handoff or election.
    if (RETRY_PAUSE_MIN_MS > RETRY_PAUSE_MAX_MS || RETRIES_MAX * RETRY_PAUSE_MAX_MS > 10_000) {
      throw new AssertionError("retry pauses out of range");
    }
  }

  /** What an error reply says about the command it answers. */
  public enum ErrorKind {
    /** -MOVED: not run; another node serves the slot. */
    MOVED,
    /** -TRYAGAIN: not run; the slot is in handoff between shards. */
    TRY_AGAIN,
    /** -CLUSTERDOWN: not run; no primary for the slot right now. */
    CLUSTER_DOWN,
    /** -EXECABORT: the transaction was discarded, nothing of it ran. */
    EXEC_ABORT,
    /** Anything else: the command may or may not have been applied. */
    INDETERMINATE
  }

  /** The body of a request: commands on one connection, and what they amount to. */
  @FunctionalInterface
  public interface Body {
    /** Runs the request's commands through {@code s}; a refusal makes it run again. */
    Outcome run(Session s) throws IOException;
  }

  /**
   * One connection lent to a {@link Body}. A reply that says the command did not run (MOVED,
   * TRYAGAIN, CLUSTERDOWN) ends the body: the client runs it again where the reply points.
   */
  public final class Session {
    private final RespConnection conn;
    /** Whether a command that leaves state on the connection (WATCH, MULTI) was sent. */
    private boolean stateful;
    /** Whether a lost connection leaves the request's outcome unknown (else: not applied). */
    private boolean mayApply = true;

    private Session(RespConnection conn) {
      this.conn = conn;
    }

    /** Sends one command and returns its reply, unless the reply refuses it. */
    public Reply call(String... args) throws IOException {
      String name = args[0].toUpperCase(java.util.Locale.ROOT);
      stateful |= name.equals("WATCH") || name.equals("MULTI");
      conn.send(args);
      Reply r = conn.read();
      if (r.isError() && classify(r.text()) != ErrorKind.INDETERMINATE
          && classify(r.text()) != ErrorKind.EXEC_ABORT) {
        throw new Refusal(r.text());
      }
      return r;
    }

    /**
     * Says whether the commands sent from now on may apply the request: a body whose first
     * commands only read or queue (WATCH, GET, MULTI, queued commands) passes false, then true
     * before EXEC, so that a connection lost before EXEC is a certain fail, not an info.
     */
    public void mayApply(boolean from) {
      mayApply = from;
    }

    /**
     * Ends the body as if the server had refused it with {@code error} (MOVED, TRYAGAIN or
     * CLUSTERDOWN text): for a refusal found inside a reply, such as an EXEC whose only
     * command was answered TRYAGAIN. The request runs again as after a refused command.
     */
    public Outcome refused(String error) {
      if (classify(error) == ErrorKind.INDETERMINATE || classify(error) == ErrorKind.EXEC_ABORT) {
        throw new IllegalArgumentException("not a refusal: " + error);
      }
      throw new Refusal(error);
    }
  }

  /** A reply saying the command did not run; the request goes on elsewhere or later. */
  private static final class Refusal extends RuntimeException {
    Refusal(String reply) {
      super(reply, null, false, false);
    }
  }

  private final List<String> nodes;
  private final int readTimeoutMillis;
  private final int home;
  private int rotation;
  /** Open connections by address, at most one per node, reused across requests. */
  private final Map<String, RespConnection> pool = new HashMap<>();
  /** The node each slot's requests go to, as the last -MOVED said. */
  private final Map<Integer, String> slotOwners = new HashMap<>();

  /**
   * @param nodes every node's host:port
   * @param first index of the node to talk to first
   * @param readTimeoutMillis how long to wait for a reply before calling the request unknown
   */
  public ClusterClient(List<String> nodes, int first, int readTimeoutMillis) {
    this.nodes = List.copyOf(nodes);
    this.home = first % nodes.size();
    this.rotation = home;
    this.readTimeoutMillis = readTimeoutMillis;
  }

  /** What an error reply (without its leading '-') says about its command. */
  public static ErrorKind classify(String error) {
    if (error.startsWith("MOVED ")) {
      return ErrorKind.MOVED;
    } else if (error.startsWith("TRYAGAIN")) {
      return ErrorKind.TRY_AGAIN;
    } else if (error.startsWith("CLUSTERDOWN")) {
      return ErrorKind.CLUSTER_DOWN;
    } else if (error.startsWith("EXECABORT")) {
      return ErrorKind.EXEC_ABORT;
    }
    return ErrorKind.INDETERMINATE;
  }

  /**
   * Sends one command whose key (if any) is its first argument: to the node the slot cache
   * names, else to this client's own node (as a Jepsen client is bound to one node, so that
   * every node's replies are exercised), following redirects and retrying refusals within the
   * bounds; never blocks longer than its timeouts allow.
   */
  public Outcome call(String... args) {
    return run(args.length > 1 ? args[1] : null, s -> {
      Reply r = s.call(args);
      if (!r.isError()) {
        return Outcome.ok(r);
      }
      return classify(r.text()) == ErrorKind.EXEC_ABORT ? Outcome.fail(r.text())
          : Outcome.info(r.text());
    });
  }

  /**
   * Runs {@code body} on one connection to the node serving {@code key}'s slot (or this
   * client's own node when {@code key} is null), again from the start after each refusal. A
   * body that sent WATCH or MULTI loses its connection on a refusal, so that no transaction
   * state is left behind. An I/O error is an info outcome.
   */
  public Outcome run(String key, Body body) {
    int slot = key == null ? -1 : KeySlot.of(key);
    rotation = home;
    String target = slotOwners.getOrDefault(slot, nodes.get(home));
    String lastFailure = "no attempt";
    int redirects = 0;
    int retries = 0;
    while (redirects <= REDIRECTS_MAX && retries <= RETRIES_MAX) {
      RespConnection conn = connection(target);
      if (conn == null) {
        lastFailure = "cannot connect to " + target;
        forgetNode(target);
        target = nextNode();
        pause(retries++);
        continue;
      }
      Session session = new Session(conn);
      try {
        return body.run(session);
      } catch (Refusal r) {
        lastFailure = r.getMessage();
        if (session.stateful) {
          drop(target);
        }
        switch (classify(r.getMessage())) {
          case MOVED -> {
            target = movedTo(r.getMessage());
            if (slot >= 0) {
              slotOwners.put(slot, target);
            }
            redirects++;
          }
          case TRY_AGAIN -> pause(retries++);
          default -> {
            slotOwners.remove(slot);
            target = nextNode();
            pause(retries++);
          }
        }
      } catch (IOException e) {
        drop(target);
        String why = e.getClass().getSimpleName() + " from " + target + ": " + e.getMessage();
        return session.mayApply ? Outcome.info(why) : Outcome.fail(why);
      }
    }
    return Outcome.fail(lastFailure);
  }

  /** host:port of a "MOVED slot host:port" reply. */
  static String movedTo(String moved) {
    return moved.substring(moved.lastIndexOf(' ') + 1);
  }

  /** The pooled connection to {@code hostPort}, opened if need be; null if it cannot be. */
  private RespConnection connection(String hostPort) {
    RespConnection c = pool.get(hostPort);
    if (c != null) {
      return c;
    }
    try {
      c = RespConnection.open(hostPort, CONNECT_TIMEOUT_MS, readTimeoutMillis);
      pool.put(hostPort, c);
      return c;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The next node in this request's rotation. */
  private String nextNode() {
    rotation = (rotation + 1) % nodes.size();
    return nodes.get(rotation);
  }

  /** Forgets the slots cached as served by a node that cannot be reached. */
  private void forgetNode(String hostPort) {
    slotOwners.values().removeIf(hostPort::equals);
  }

  private static void pause(int retry) {
    long ms = Math.min(RETRY_PAUSE_MAX_MS, RETRY_PAUSE_MIN_MS << Math.min(retry, 16));
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Drops the connection to {@code hostPort}: after an error its stream state is unknown. */
  private void drop(String hostPort) {
    RespConnection c = pool.remove(hostPort);
    if (c != null) {
      c.close();
    }
  }

  @Override
  public void close() {
    pool.values().forEach(RespConnection::close);
    pool.clear();
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
