package io.mneme.resp;

import io.mneme.engine.HashSlot;
import io.mneme.engine.Reply;
import io.mneme.proto.NodeRecord;
import io.mneme.proto.ShardRecord;
import io.mneme.raft.Shard;
import io.mneme.shardmanager.ClusterMap;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CLUSTER, answered from this node's copy of the metadata group's cluster map, in Redis 7.0's
 * formats. A Mneme node may host members of several shards; CLUSTER SLOTS and SHARDS show each
 * shard's members exactly, while CLUSTER NODES, which has one line per node, shows a node as a
 * master of every shard it leads, or else as a replica of its first shard's primary.
 */
final class ClusterCommands {
  static final String SLOT_OUT_OF_RANGE = "ERR Invalid or out of range slot";
  static final String INVALID_COUNT = "ERR Invalid number of keys";

  /** Redis 7.0's arity of each subcommand served here. */
  private static final Map<String, Integer> ARITY = Map.of("myid", 2, "myshardid", 2,
      "keyslot", 3, "countkeysinslot", 3, "getkeysinslot", 4, "slots", 2, "shards", 2,
      "nodes", 2, "info", 2);

  private ClusterCommands() {}

  static Reply run(NodeContext node, byte[][] argv) {
    String sub = SessionCommands.lower(argv[1]);
    Integer arity = ARITY.get(sub);
    if (arity != null && argv.length != arity) {
      return Reply.error("ERR wrong number of arguments for 'cluster|" + sub + "' command");
    }
    ClusterMap map = node.cluster.map();
    switch (sub) {
      case "myid":
        return Reply.bulk(nodeId(node.cluster.selfId()));
      case "myshardid": {
        Shard home = node.homeShard();
        return home == null ? Reply.error("ERR this node hosts no shard")
            : Reply.bulk(shardId(home.id()));
      }
      case "keyslot":
        return Reply.integer(HashSlot.of(argv[2]));
      case "countkeysinslot":
        return countKeysInSlot(node, map, argv);
      case "getkeysinslot":
        return getKeysInSlot(node, map, argv);
      case "slots":
        return slots(map);
      case "shards":
        return shards(node, map);
      case "nodes":
        return new Reply.Verbatim("txt", nodes(node, map).getBytes(StandardCharsets.UTF_8));
      case "info":
        return new Reply.Verbatim("txt", info(node, map).getBytes(StandardCharsets.UTF_8));
      default:
        return Reply.error("ERR unknown subcommand '" + new String(argv[1], StandardCharsets.UTF_8)
            + "'. Try CLUSTER HELP.");
    }
  }

  /** Redis node ids are 40 hex characters; ours derive from the configured node id. */
  static String nodeId(String id) {
    return sha1Hex("mneme-node:" + id);
  }

  static String shardId(int id) {
    return sha1Hex("mneme-shard:" + id);
  }

  private static String sha1Hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
          .digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static int slotArg(byte[] arg) {
    try {
      long slot = Long.parseLong(new String(arg, StandardCharsets.US_ASCII));
      return slot < 0 || slot >= HashSlot.SLOT_COUNT ? -1 : (int) slot;
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The local member of the shard owning the slot; Redis counts only its own keys. */
  private static Shard ownerHere(NodeContext node, ClusterMap map, int slot) {
    int shard = map.shardOfSlot(slot);
    return shard < 0 ? null : node.cluster.localShard(shard);
  }

  private static Reply countKeysInSlot(NodeContext node, ClusterMap map, byte[][] argv) {
    int slot = slotArg(argv[2]);
    if (slot < 0) {
      return Reply.error(SLOT_OUT_OF_RANGE);
    }
    Shard s = ownerHere(node, map, slot);
    return Reply.integer(s == null ? 0 : s.inspect(e -> e.slotKeyCount(slot)));
  }

  private static Reply getKeysInSlot(NodeContext node, ClusterMap map, byte[][] argv) {
    int slot = slotArg(argv[2]);
    if (slot < 0) {
      return Reply.error(SLOT_OUT_OF_RANGE);
    }
    long count;
    try {
      count = Long.parseLong(new String(argv[3], StandardCharsets.US_ASCII));
    } catch (NumberFormatException e) {
      return Reply.error(INVALID_COUNT);
    }
    if (count < 0 || count > Integer.MAX_VALUE) {
      return Reply.error(INVALID_COUNT);
    }
    Shard s = ownerHere(node, map, slot);
    if (s == null) {
      return Reply.EMPTY_ARRAY;
    }
    List<byte[]> keys = s.inspect(e -> e.keysInSlot(slot, (int) count));
    return Reply.array(keys.stream().map(Reply::bulk).toArray(Reply[]::new));
  }

  /** A shard's members, primary first, then replicas in configuration order. */
  private static List<NodeRecord> membersPrimaryFirst(ClusterMap map, ShardRecord s) {
    List<NodeRecord> out = new ArrayList<>();
    NodeRecord primary = map.primaryOf(s.getId());
    if (primary != null) {
      out.add(primary);
    }
    for (String m : s.getMembersList()) {
      NodeRecord n = map.node(m);
      if (n != null && !m.equals(s.getPrimary())) {
        out.add(n);
      }
    }
    return out;
  }

  private static Reply slots(ClusterMap map) {
    List<Reply> ranges = new ArrayList<>();
    List<int[]> all = new ArrayList<>();
    for (ShardRecord s : map.shards()) {
      if (map.primaryOf(s.getId()) == null) {
        continue;
      }
      for (int[] r : map.slotRanges(s.getId())) {
        all.add(new int[] {r[0], r[1], s.getId()});
      }
    }
    all.sort((a, b) -> Integer.compare(a[0], b[0]));
    for (int[] r : all) {
      List<Reply> range = new ArrayList<>();
      range.add(Reply.integer(r[0]));
      range.add(Reply.integer(r[1]));
      for (NodeRecord n : membersPrimaryFirst(map, map.shard(r[2]))) {
        range.add(Reply.array(Reply.bulk(n.getHost()), Reply.integer(n.getPort()),
            Reply.bulk(nodeId(n.getId())), new Reply.MapReply(new Reply[0])));
      }
      ranges.add(Reply.array(range.toArray(new Reply[0])));
    }
    return Reply.array(ranges.toArray(new Reply[0]));
  }

  private static Reply shards(NodeContext node, ClusterMap map) {
    List<Reply> out = new ArrayList<>();
    for (ShardRecord s : map.shards()) {
      List<Reply> slots = new ArrayList<>();
      for (int[] r : map.slotRanges(s.getId())) {
        slots.add(Reply.integer(r[0]));
        slots.add(Reply.integer(r[1]));
      }
      Shard local = node.cluster.localShard(s.getId());
      long offset = local == null ? 0 : local.lastAppliedIndex();
      List<Reply> nodes = new ArrayList<>();
      for (NodeRecord n : membersPrimaryFirst(map, s)) {
        boolean primary = n.getId().equals(s.getPrimary());
        nodes.add(new Reply.MapReply(new Reply[] {
            Reply.bulk("id"), Reply.bulk(nodeId(n.getId())),
            Reply.bulk("port"), Reply.integer(n.getPort()),
            Reply.bulk("ip"), Reply.bulk(n.getHost()),
            Reply.bulk("endpoint"), Reply.bulk(n.getHost()),
            Reply.bulk("role"), Reply.bulk(primary ? "master" : "replica"),
            Reply.bulk("replication-offset"), Reply.integer(offset),
            Reply.bulk("health"), Reply.bulk("online")}));
      }
      out.add(new Reply.MapReply(new Reply[] {
          Reply.bulk("slots"), Reply.array(slots.toArray(new Reply[0])),
          Reply.bulk("nodes"), Reply.array(nodes.toArray(new Reply[0]))}));
    }
    return Reply.array(out.toArray(new Reply[0]));
  }

  private static String nodes(NodeContext node, ClusterMap map) {
    Map<String, List<int[]>> led = new LinkedHashMap<>();
    for (ShardRecord s : map.shards()) {
      if (!s.getPrimary().isEmpty()) {
        led.computeIfAbsent(s.getPrimary(), k -> new ArrayList<>())
            .addAll(map.slotRanges(s.getId()));
      }
    }
    StringBuilder sb = new StringBuilder();
    for (NodeRecord n : map.nodes()) {
      boolean master = led.containsKey(n.getId());
      String masterOf = "-";
      if (!master) {
        List<ShardRecord> mine = map.shardsOf(n.getId());
        if (!mine.isEmpty() && !mine.get(0).getPrimary().isEmpty()) {
          masterOf = nodeId(mine.get(0).getPrimary());
        }
      }
      sb.append(nodeId(n.getId())).append(' ').append(n.getHost()).append(':')
          .append(n.getPort()).append('@').append(n.getRaftPort()).append(' ')
          .append(n.getId().equals(node.cluster.selfId()) ? "myself," : "")
          .append(master ? "master" : "slave").append(' ').append(masterOf)
          .append(" 0 0 ").append(map.configEpoch()).append(" connected");
      if (master) {
        for (int[] r : merged(led.get(n.getId()))) {
          sb.append(' ').append(r[0]);
          if (r[1] != r[0]) {
            sb.append('-').append(r[1]);
          }
        }
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  /** Sorted, with adjacent ranges joined, as Redis prints a node's slots. */
  private static List<int[]> merged(List<int[]> ranges) {
    List<int[]> sorted = new ArrayList<>(ranges);
    sorted.sort((a, b) -> Integer.compare(a[0], b[0]));
    List<int[]> out = new ArrayList<>();
    for (int[] r : sorted) {
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && last[1] + 1 == r[0]) {
        last[1] = r[1];
      } else {
        out.add(new int[] {r[0], r[1]});
      }
    }
    return out;
  }

  private static String info(NodeContext node, ClusterMap map) {
    int assigned = 0;
    int ok = 0;
    for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++) {
      int shard = map.shardOfSlot(slot);
      if (shard >= 0) {
        assigned++;
        if (map.primaryOf(shard) != null) {
          ok++;
        }
      }
    }
    long withSlots = map.shards().stream()
        .filter(s -> !map.slotRanges(s.getId()).isEmpty()).count();
    boolean up = assigned == HashSlot.SLOT_COUNT && ok == assigned;
    return "cluster_state:" + (up ? "ok" : "fail") + "\r\n"
        + "cluster_slots_assigned:" + assigned + "\r\n"
        + "cluster_slots_ok:" + ok + "\r\n"
        + "cluster_slots_pfail:0\r\n"
        + "cluster_slots_fail:" + (assigned - ok) + "\r\n"
        + "cluster_known_nodes:" + map.nodes().size() + "\r\n"
        + "cluster_size:" + withSlots + "\r\n"
        + "cluster_current_epoch:" + map.configEpoch() + "\r\n"
        + "cluster_my_epoch:" + map.configEpoch() + "\r\n"
        + "cluster_stats_messages_sent:0\r\n"
        + "cluster_stats_messages_received:0\r\n"
        + "total_cluster_links_buffer_limit_exceeded:0\r\n";
  }
}
