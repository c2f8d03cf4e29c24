package io.mneme.resp;

import io.mneme.engine.Reply;
import io.mneme.raft.PeerAddress;
import io.mneme.raft.Shard;
import io.mneme.engine.HashSlot;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * CLUSTER, for a cluster of one shard that owns all 16384 slots. The metadata group (issue 4)
 * will answer these from the slot map; the formats are Redis 7.0's already.
 */
final class ClusterCommands {
  private ClusterCommands() {}

  static Reply run(NodeContext node, byte[][] argv) {
    String sub = SessionCommands.lower(argv[1]);
    Shard shard = node.shard;
    switch (sub) {
      case "myid":
        return Reply.bulk(nodeId(shard.self()));
      case "keyslot":
        return argv.length == 3 ? Reply.integer(HashSlot.of(argv[2]))
            : Reply.error("ERR wrong number of arguments for 'cluster|keyslot' command");
      case "slots":
        return slots(shard);
      case "shards":
        return shards(shard);
      case "nodes":
        return new Reply.Verbatim("txt", nodes(shard).getBytes(StandardCharsets.UTF_8));
      case "info":
        return new Reply.Verbatim("txt", info(shard).getBytes(StandardCharsets.UTF_8));
      default:
        return Reply.error("ERR unknown subcommand '" + new String(argv[1], StandardCharsets.UTF_8)
            + "'. Try CLUSTER HELP.");
    }
  }

  /** Redis node ids are 40 hex characters; ours derive from the configured node id. */
  static String nodeId(PeerAddress peer) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-1")
          .digest(("mneme-node:" + peer.id()).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Reply slots(Shard shard) {
    if (shard.leader() == null) {
      return Reply.EMPTY_ARRAY;
    }
    List<Reply> range = new ArrayList<>();
    range.add(Reply.integer(0));
    range.add(Reply.integer(HashSlot.SLOT_COUNT - 1));
    for (PeerAddress p : SessionCommands.leaderFirst(shard)) {
      range.add(Reply.array(Reply.bulk(p.host()), Reply.integer(p.respPort()),
          Reply.bulk(nodeId(p)), Reply.EMPTY_ARRAY));
    }
    return Reply.array(Reply.array(range.toArray(new Reply[0])));
  }

  private static Reply shards(Shard shard) {
    PeerAddress leader = shard.leader();
    List<Reply> nodes = new ArrayList<>();
    for (PeerAddress p : SessionCommands.leaderFirst(shard)) {
      nodes.add(new Reply.MapReply(new Reply[] {
          Reply.bulk("id"), Reply.bulk(nodeId(p)),
          Reply.bulk("port"), Reply.integer(p.respPort()),
          Reply.bulk("ip"), Reply.bulk(p.host()),
          Reply.bulk("endpoint"), Reply.bulk(p.host()),
          Reply.bulk("role"), Reply.bulk(p.equals(leader) ? "master" : "replica"),
          Reply.bulk("replication-offset"), Reply.integer(shard.lastAppliedIndex()),
          Reply.bulk("health"), Reply.bulk(leader == null ? "failed" : "online")}));
    }
    Reply slots = Reply.array(Reply.integer(0), Reply.integer(HashSlot.SLOT_COUNT - 1));
    return Reply.array(new Reply.MapReply(new Reply[] {
        Reply.bulk("slots"), slots, Reply.bulk("nodes"), Reply.array(nodes.toArray(new Reply[0]))}));
  }

  private static String nodes(Shard shard) {
    PeerAddress leader = shard.leader();
    PeerAddress self = shard.self();
    StringBuilder sb = new StringBuilder();
    for (PeerAddress p : SessionCommands.leaderFirst(shard)) {
      boolean primary = p.equals(leader);
      sb.append(nodeId(p)).append(' ').append(p.host()).append(':').append(p.respPort())
          .append('@').append(p.raftPort()).append(' ')
          .append(p.equals(self) ? "myself," : "").append(primary ? "master" : "slave")
          .append(' ').append(primary || leader == null ? "-" : nodeId(leader))
          .append(" 0 0 ").append(shard.term()).append(" connected");
      if (primary) {
        sb.append(" 0-").append(HashSlot.SLOT_COUNT - 1);
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String info(Shard shard) {
    boolean up = shard.leader() != null;
    int known = shard.peers().size();
    return "cluster_state:" + (up ? "ok" : "fail") + "\r\n"
        + "cluster_slots_assigned:16384\r\n"
        + "cluster_slots_ok:" + (up ? 16384 : 0) + "\r\n"
        + "cluster_slots_pfail:0\r\n"
        + "cluster_slots_fail:" + (up ? 0 : 16384) + "\r\n"
        + "cluster_known_nodes:" + known + "\r\n"
        + "cluster_size:1\r\n"
        + "cluster_current_epoch:" + shard.term() + "\r\n"
        + "cluster_my_epoch:" + shard.term() + "\r\n";
  }
}
