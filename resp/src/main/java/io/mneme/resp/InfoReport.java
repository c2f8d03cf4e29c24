package io.mneme.resp;

import io.mneme.raft.PeerAddress;
import io.mneme.raft.Shard;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** INFO: the sections Redis 7.0 has that mean something here, in its format. */
final class InfoReport {
  private static final String[] DEFAULT_SECTIONS = {"server", "clients", "memory", "persistence",
      "stats", "replication", "cpu", "cluster", "keyspace"};

  private InfoReport() {}

  static String render(NodeContext node, byte[][] argv) {
    Set<String> wanted = new TreeSet<>();
    for (int i = 1; i < argv.length; i++) {
      wanted.add(new String(argv[i], StandardCharsets.UTF_8).toLowerCase(Locale.ROOT));
    }
    boolean all = wanted.isEmpty() || wanted.contains("all") || wanted.contains("everything")
        || wanted.contains("default");
    StringBuilder sb = new StringBuilder();
    for (String section : DEFAULT_SECTIONS) {
      if (all || wanted.contains(section)) {
        Map<String, Object> fields = section(node, section);
        if (sb.length() > 0) {
          sb.append("\r\n");
        }
        sb.append("# ").append(Character.toUpperCase(section.charAt(0)))
            .append(section.substring(1)).append("\r\n");
        fields.forEach((k, v) -> sb.append(k).append(':').append(v).append("\r\n"));
      }
    }
    return sb.toString();
  }

  private static Map<String, Object> section(NodeContext node, String name) {
    Map<String, Object> f = new LinkedHashMap<>();
    switch (name) {
      case "server" -> server(node, f);
      case "clients" -> {
        f.put("connected_clients", node.clients.size());
        f.put("maxclients", node.options.maxClients());
        f.put("blocked_clients", node.blockedClients.get());
      }
      case "memory" -> memory(f);
      case "persistence" -> {
        f.put("loading", 0);
        f.put("async_loading", 0);
        f.put("rdb_bgsave_in_progress", 0);
        f.put("aof_enabled", 1);
        f.put("mneme_durability", "raft-quorum-fsync");
        Shard home = node.homeShard();
        f.put("mneme_last_applied_index", home == null ? 0 : home.lastAppliedIndex());
      }
      case "stats" -> {
        f.put("total_connections_received", node.connectionsReceived.sum());
        f.put("total_commands_processed", node.commandsProcessed.sum());
        f.put("rejected_connections", node.rejectedConnections.sum());
        f.put("pubsub_channels", node.pubsub.count(PubSubHub.Kind.CHANNEL));
        f.put("pubsub_patterns", node.pubsub.count(PubSubHub.Kind.PATTERN));
        f.put("pubsubshard_channels", node.pubsub.count(PubSubHub.Kind.SHARD_CHANNEL));
        f.put("total_error_replies", node.errorReplies.sum());
        f.put("mneme_redirects", node.redirects.sum());
      }
      case "replication" -> replication(node, node.homeShard(), f);
      case "cpu" -> {
        var os = ManagementFactory.getOperatingSystemMXBean();
        f.put("used_cpu_sys", "0.000000");
        f.put("used_cpu_user", String.format(Locale.ROOT, "%.6f",
            ManagementFactory.getRuntimeMXBean().getUptime() / 1000.0 * os.getSystemLoadAverage()
                / Math.max(1, os.getAvailableProcessors())));
      }
      case "cluster" -> f.put("cluster_enabled", 1);
      case "keyspace" -> {
        Shard home = node.homeShard();
        long keys = home == null ? 0 : home.inspect(e -> e.keyCount());
        long expires = home == null ? 0 : home.inspect(e -> e.keysWithExpiryCount());
        if (keys > 0) {
          f.put("db0", "keys=" + keys + ",expires=" + expires + ",avg_ttl=0");
        }
      }
      default -> { }
    }
    return f;
  }

  private static void server(NodeContext node, Map<String, Object> f) {
    long uptimeMs = System.currentTimeMillis() - node.startedAtMs;
    f.put("redis_version", NodeContext.REDIS_VERSION);
    f.put("mneme_version", NodeContext.MNEME_VERSION);
    f.put("redis_mode", "cluster");
    f.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    f.put("arch_bits", 64);
    f.put("java_version", System.getProperty("java.version"));
    f.put("process_id", ProcessHandle.current().pid());
    f.put("run_id", node.runId);
    f.put("tcp_port", node.options.port());
    f.put("uptime_in_seconds", uptimeMs / 1000);
    f.put("uptime_in_days", uptimeMs / 86_400_000);
    f.put("mneme_node_id", node.cluster.selfId());
  }

  private static void memory(Map<String, Object> f) {
    Runtime rt = Runtime.getRuntime();
    long used = rt.totalMemory() - rt.freeMemory();
    f.put("used_memory", used);
    f.put("used_memory_human", human(used));
    f.put("total_system_memory", 0);
    f.put("maxmemory", rt.maxMemory());
    f.put("maxmemory_human", human(rt.maxMemory()));
    f.put("maxmemory_policy", "noeviction");
  }

  private static void replication(NodeContext node, Shard shard, Map<String, Object> f) {
    if (shard == null) {
      f.put("role", "master");
      f.put("connected_slaves", 0);
      return;
    }
    boolean leader = shard.isLeader();
    f.put("role", leader ? "master" : "slave");
    PeerAddress primary = shard.leader();
    if (leader) {
      int i = 0;
      f.put("connected_slaves", shard.memberIds().size() - 1);
      for (PeerAddress p : SessionCommands.leaderFirst(node, shard)) {
        if (!p.equals(primary)) {
          f.put("slave" + i++, "ip=" + p.host() + ",port=" + p.respPort() + ",state=online");
        }
      }
    } else {
      f.put("master_host", primary == null ? "" : primary.host());
      f.put("master_port", primary == null ? 0 : primary.respPort());
      f.put("master_link_status", primary == null ? "down" : "up");
    }
    f.put("mneme_raft_term", shard.term());
    f.put("master_repl_offset", shard.lastAppliedIndex());
  }

  private static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + "B";
    }
    String units = "KMGTP";
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length() - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.2f%c", value, units.charAt(unit));
  }
}
