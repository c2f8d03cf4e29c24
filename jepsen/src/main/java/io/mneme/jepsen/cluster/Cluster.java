package io.mneme.jepsen.cluster;

import io.mneme.jepsen.client.ClusterClient;
import io.mneme.jepsen.client.KeySlot;
import io.mneme.jepsen.client.Outcome;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The nodes under test and their network. */
public final class Cluster {
  private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
  private static final int ROLE_TIMEOUT_MS = 1_000;
  private static final long POLL_PAUSE_MS = 250;

  private final Network network;
  private final List<NodeProcess> nodes = new ArrayList<>();

  /**
   * @param count how many nodes
   * @param classpath the server classpath
   * @param jvmFlags JVM flags of every node
   * @param nodeConfig extra server settings (key to value), passed as --key value
   * @param dataRoot parent of the node data directories
   * @param logRoot parent of the node logs
   */
  public Cluster(int count, String classpath, List<String> jvmFlags,
      Map<String, String> nodeConfig, Path dataRoot, Path logRoot) {
    this.network = new Network(count);
    String peers = peers(count);
    for (int i = 1; i <= count; i++) {
      List<String> args = new ArrayList<>(List.of("--node-id", "n" + i, "--bind", Network.ip(i),
          "--port", Integer.toString(NodeProcess.RESP_PORT), "--raft-port",
          Integer.toString(NodeProcess.RAFT_PORT), "--dir", dataRoot.resolve("n" + i).toString(),
          "--peers", peers));
      nodeConfig.forEach((k, v) -> args.addAll(List.of("--" + k, v)));
      nodes.add(new NodeProcess(i, args, classpath, jvmFlags, logRoot.resolve("n" + i + ".log")));
    }
  }

  private static String peers(int count) {
    List<String> p = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      p.add("n" + i + "=" + Network.ip(i) + ":" + NodeProcess.RESP_PORT + "@"
          + NodeProcess.RAFT_PORT);
    }
    return String.join(",", p);
  }

  /** Creates the network and starts every node. */
  public void start() throws IOException {
    network.create();
    for (NodeProcess n : nodes) {
      n.start();
    }
  }

  /** The nodes. */
  public List<NodeProcess> nodes() {
    return nodes;
  }

  /** The network. */
  public Network network() {
    return network;
  }

  /** Every node's host:port. */
  public List<String> addresses() {
    return nodes.stream().map(NodeProcess::address).toList();
  }

  /** The node that says it is the primary, or null (asks each with a short timeout). */
  public NodeProcess primary() {
    for (NodeProcess n : nodes) {
      if ("master".equals(ClusterClient.role(n.address(), ROLE_TIMEOUT_MS))) {
        return n;
      }
    }
    return null;
  }

  /**
   * Waits until a write goes through in the slot of each of {@code keys} (to a key beside it,
   * never to it), at most {@code timeoutMillis} in all; returns success.
   */
  public boolean awaitWritable(long timeoutMillis, List<String> keys) {
    long deadline = System.nanoTime() + timeoutMillis * 1_000_000L;
    try (ClusterClient c = new ClusterClient(addresses(), 0, ROLE_TIMEOUT_MS)) {
      for (String key : keys) {
        String probe = KeySlot.sibling(key, "jepsen:probe");
        while (c.call("SET", probe, "1").type() != Outcome.Type.OK) {
          if (System.nanoTime() > deadline) {
            return false;
          }
          sleep(POLL_PAUSE_MS);
        }
      }
    }
    return true;
  }

  /** Nodes that exited on their own since the last call, described. */
  public List<String> newCrashes() {
    List<String> out = new ArrayList<>();
    for (NodeProcess n : nodes) {
      String c = n.newCrash();
      if (c != null) {
        out.add(c);
      }
    }
    return out;
  }

  /** Starts again every node that exited on its own (not the ones the nemesis killed). */
  public void restartCrashed() {
    for (NodeProcess n : nodes) {
      if (n.crashed()) {
        try {
          n.start();
        } catch (IOException e) {
          LOG.error("cannot restart {}: {}", n.name(), e.toString());
        }
      }
    }
  }

  /** Heals every fault: network rules, paused and killed nodes, skewed clocks. */
  public void healAll() {
    network.heal();
    for (NodeProcess n : nodes) {
      n.resume();
      boolean restart = n.skewed();
      n.setFakeTime(null);
      if (restart) {
        n.kill();
      }
      try {
        n.start();
      } catch (IOException e) {
        LOG.error("cannot restart {}: {}", n.name(), e.toString());
      }
    }
  }

  /** Kills every node. */
  public void stop() {
    for (NodeProcess n : nodes) {
      n.kill();
    }
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
