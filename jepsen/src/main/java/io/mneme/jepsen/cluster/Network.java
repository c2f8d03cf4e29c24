package io.mneme.jepsen.cluster;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The test network: one namespace per node, each with a veth pair into a bridge that only the
 * harness uses, on a private /24 that exists nowhere else. Nodes have no default route, so
 * traffic stays on the bridge; clients run in the root namespace on the bridge's address.
 * Partitions are iptables DROP rules inside the node namespaces (INPUT and OUTPUT), so a
 * client in the root namespace still reaches both sides, as in Jepsen.
 */
public final class Network {
  private static final Logger LOG = LoggerFactory.getLogger(Network.class);
  /** Everything the harness creates carries this prefix, so stale state can be found. */
  public static final String PREFIX = "mneme-j";
  private static final String BRIDGE = PREFIX + "br";
  private static final String SUBNET_PREFIX = "10.251.0.";
  private static final int NODE_HOST_OFFSET = 10;
  private static final String BRIDGE_IP = SUBNET_PREFIX + "1";
  private static final int PREFIX_LENGTH = 24;
  /** Tags the root-namespace FORWARD rule that lets bridged frames pass (br_netfilter). */
  private static final String RULE_COMMENT = "mneme-jepsen";
  /** Bound on repeated deletions of our rule during cleanup. */
  private static final int RULE_DELETE_MAX = 16;

  private final int nodes;

  /** A network for {@code nodes} nodes (not created yet). */
  public Network(int nodes) {
    this.nodes = nodes;
  }

  /** The namespace of node i (1-based). */
  public static String namespace(int i) {
    return PREFIX + i;
  }

  /** The address of node i (1-based). */
  public static String ip(int i) {
    return SUBNET_PREFIX + (NODE_HOST_OFFSET + i);
  }

  /** Creates the bridge, the namespaces and the veth pairs. */
  public void create() {
    Shell.check("ip", "link", "add", BRIDGE, "type", "bridge");
    Shell.check("ip", "addr", "add", BRIDGE_IP + "/" + PREFIX_LENGTH, "dev", BRIDGE);
    Shell.check("ip", "link", "set", BRIDGE, "up");
    allowBridgedForwarding();
    for (int i = 1; i <= nodes; i++) {
      createNode(i);
    }
  }

  private void createNode(int i) {
    String ns = namespace(i);
    String host = "mjv" + i;
    String peer = "mjn" + i;
    Shell.check("ip", "netns", "add", ns);
    Shell.check("ip", "link", "add", host, "type", "veth", "peer", "name", peer);
    Shell.check("ip", "link", "set", host, "master", BRIDGE);
    Shell.check("ip", "link", "set", host, "up");
    Shell.check("ip", "link", "set", peer, "netns", ns);
    Shell.check("ip", "-n", ns, "addr", "add", ip(i) + "/" + PREFIX_LENGTH, "dev", peer);
    Shell.check("ip", "-n", ns, "link", "set", peer, "up");
    Shell.check("ip", "-n", ns, "link", "set", "lo", "up");
  }

  /**
   * With br_netfilter loaded, bridged frames cross the root FORWARD chain; a DROP policy there
   * (Docker sets one) would cut the nodes off each other, so our bridge is let through.
   */
  private static void allowBridgedForwarding() {
    Shell.run("iptables", "-I", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-m", "comment",
        "--comment", RULE_COMMENT, "-j", "ACCEPT");
  }

  /**
   * Cuts the network: every node drops traffic from and to the nodes in its grudge.
   *
   * @param grudges node index to the node indexes it must not hear from or talk to
   */
  public void partition(Map<Integer, Set<Integer>> grudges) {
    for (Map.Entry<Integer, Set<Integer>> e : grudges.entrySet()) {
      String ns = namespace(e.getKey());
      for (int other : e.getValue()) {
        Shell.check("ip", "netns", "exec", ns, "iptables", "-A", "INPUT", "-s", ip(other),
            "-j", "DROP");
        Shell.check("ip", "netns", "exec", ns, "iptables", "-A", "OUTPUT", "-d", ip(other),
            "-j", "DROP");
      }
    }
  }

  /** Removes every partition rule. */
  public void heal() {
    for (int i = 1; i <= nodes; i++) {
      Shell.run("ip", "netns", "exec", namespace(i), "iptables", "-F", "INPUT");
      Shell.run("ip", "netns", "exec", namespace(i), "iptables", "-F", "OUTPUT");
    }
  }

  /**
   * Removes everything a harness ever made: processes inside our namespaces (SIGKILL, by pid),
   * the namespaces (and so their veths and rules), the bridge and the FORWARD rule. Safe to
   * call when nothing exists.
   */
  public static void destroyAll() {
    for (String ns : ourNamespaces()) {
      killProcessesIn(ns);
      Shell.run("ip", "netns", "del", ns);
    }
    Shell.run("ip", "link", "del", BRIDGE);
    for (int i = 0; i < RULE_DELETE_MAX; i++) {
      Shell.Result r = Shell.run("iptables", "-D", "FORWARD", "-i", BRIDGE, "-o", BRIDGE, "-m",
          "comment", "--comment", RULE_COMMENT, "-j", "ACCEPT");
      if (!r.ok()) {
        break;
      }
    }
  }

  private static Collection<String> ourNamespaces() {
    List<String> out = new ArrayList<>();
    for (String line : Shell.run("ip", "netns", "list").output().split("\n")) {
      String name = line.trim().split("\\s+")[0];
      if (name.startsWith(PREFIX) && !name.equals(BRIDGE)) {
        out.add(name);
      }
    }
    return out;
  }

  private static void killProcessesIn(String ns) {
    for (String pid : Shell.run("ip", "netns", "pids", ns).output().split("\\s+")) {
      if (pid.matches("\\d+")) {
        LOG.info("killing leftover process {} in namespace {}", pid, ns);
        Shell.run("kill", "-KILL", pid);
      }
    }
  }
}
