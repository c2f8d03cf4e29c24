package io.mneme.deploy;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import redis.clients.jedis.Jedis;

/** Test helpers for finding the primary and waiting on cluster state. */
final class Nodes {
  private Nodes() {}

  static String role(String host, int port) {
    try (Jedis j = new Jedis(host, port, 500)) {
      for (String line : j.info("replication").split("\r\n")) {
        if (line.startsWith("role:")) {
          return line.substring(5);
        }
      }
      return "unknown";
    } catch (RuntimeException e) {
      return "down";
    }
  }

  /** Waits until the replica says its link to the primary is up (it knows the primary). */
  static void awaitLinkUp(NodeProcess replica, Duration timeout) throws InterruptedException {
    awaitAnswer(replica, j -> j.info("replication"), "master_link_status:up", timeout);
  }

  /** Waits until the node's CLUSTER INFO says the cluster is usable. */
  static void awaitClusterOk(NodeProcess n, Duration timeout) throws InterruptedException {
    awaitAnswer(n, Jedis::clusterInfo, "cluster_state:ok", timeout);
  }

  /** Asks the node until its answer contains {@code expected}, waiting up to {@code timeout}. */
  static void awaitAnswer(NodeProcess n, Function<Jedis, String> ask,
      String expected, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    String answer = "";
    while (System.nanoTime() < deadline) {
      try (Jedis j = new Jedis(n.host, n.port, 2000)) {
        answer = ask.apply(j);
        if (answer.contains(expected)) {
          return;
        }
      } catch (RuntimeException e) {
        answer = e.toString();
      }
      Thread.sleep(20);
    }
    throw new AssertionError(n + " never answered " + expected + ": " + answer);
  }

  /** The node that says it is primary and accepts a write, waiting up to {@code timeout}. */
  static NodeProcess awaitPrimary(List<NodeProcess> nodes, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      for (NodeProcess n : nodes) {
        if (n.isAlive() && "master".equals(role(n.host, n.port)) && acceptsWrite(n)) {
          return n;
        }
      }
      Thread.sleep(20);
    }
    throw new AssertionError("no primary within " + timeout);
  }

  static boolean acceptsWrite(NodeProcess n) {
    try (Jedis j = new Jedis(n.host, n.port, 2000)) {
      return "OK".equals(j.set("__probe__", "1"));
    } catch (RuntimeException e) {
      return false;
    }
  }
}
