package io.mneme.shardmanager;

import io.mneme.engine.HashSlot;
import io.mneme.proto.ClusterState;
import io.mneme.proto.NodeRecord;
import io.mneme.proto.ShardRecord;
import io.mneme.raft.PeerAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable view of one version of the cluster state, indexed for routing: the owner shard of
 * each slot, nodes and shards by id. A node swaps in a new map whenever a newer version arrives.
 */
public final class ClusterMap {
  public static final ClusterMap EMPTY = new ClusterMap(ClusterState.getDefaultInstance());

  private final ClusterState state;
  private final int[] slotOwner = new int[HashSlot.SLOT_COUNT];
  private final Map<String, NodeRecord> nodes = new LinkedHashMap<>();
  private final Map<Integer, ShardRecord> shards = new LinkedHashMap<>();
  // Computed once per version: CLUSTER SLOTS / SHARDS / NODES and every script write read them.
  private final Map<Integer, List<int[]>> rangesByShard = new HashMap<>();
  private final Map<Integer, int[]> boundsByShard = new HashMap<>();
  private static final int[] NO_BOUNDS = new int[0];

  public ClusterMap(ClusterState state) {
    this.state = state;
    for (int slot = 0; slot < slotOwner.length; slot++) {
      slotOwner[slot] = slot < state.getSlotOwnerCount() ? state.getSlotOwner(slot) : -1;
    }
    state.getNodesList().forEach(n -> nodes.put(n.getId(), n));
    state.getShardsList().forEach(s -> shards.put(s.getId(), s));
    indexSlotRanges();
  }

  private void indexSlotRanges() {
    Map<Integer, List<int[]>> ranges = new HashMap<>();
    int start = 0;
    for (int slot = 1; slot <= slotOwner.length; slot++) {
      if (slot == slotOwner.length || slotOwner[slot] != slotOwner[start]) {
        if (slotOwner[start] >= 0) {
          ranges.computeIfAbsent(slotOwner[start], k -> new ArrayList<>())
              .add(new int[] {start, slot - 1});
        }
        start = slot;
      }
    }
    ranges.forEach((shard, list) -> {
      rangesByShard.put(shard, Collections.unmodifiableList(list));
      int[] bounds = new int[2 * list.size()];
      for (int i = 0; i < list.size(); i++) {
        bounds[2 * i] = list.get(i)[0];
        bounds[2 * i + 1] = list.get(i)[1];
      }
      boundsByShard.put(shard, bounds);
    });
  }

  public ClusterState state() {
    return state;
  }

  public long version() {
    return state.getVersion();
  }

  public long configEpoch() {
    return state.getConfigEpoch();
  }

  /** Whether the cluster exists yet (a bootstrap has been applied). */
  public boolean bootstrapped() {
    return state.getVersion() > 0;
  }

  /** The shard that owns the slot, or -1. */
  public int shardOfSlot(int slot) {
    return slotOwner[slot];
  }

  public NodeRecord node(String id) {
    return nodes.get(id);
  }

  public ShardRecord shard(int id) {
    return shards.get(id);
  }

  public List<NodeRecord> nodes() {
    return List.copyOf(nodes.values());
  }

  public List<ShardRecord> shards() {
    return List.copyOf(shards.values());
  }

  /** The primary's node record, or null when the shard has none known. */
  public NodeRecord primaryOf(int shardId) {
    ShardRecord s = shards.get(shardId);
    return s == null || s.getPrimary().isEmpty() ? null : nodes.get(s.getPrimary());
  }

  /** The slots a shard owns as [start, end] ranges, ascending (shared: do not modify them). */
  public List<int[]> slotRanges(int shardId) {
    return rangesByShard.getOrDefault(shardId, List.of());
  }

  /**
   * The same ranges flattened as start0, end0, start1, end1, ... (shared: do not modify it), the
   * form a script's log entry carries.
   */
  public int[] slotBounds(int shardId) {
    return boundsByShard.getOrDefault(shardId, NO_BOUNDS);
  }

  /** Shards a node is a member of. */
  public List<ShardRecord> shardsOf(String nodeId) {
    return shards.values().stream().filter(s -> s.getMembersList().contains(nodeId)).toList();
  }

  public static PeerAddress address(NodeRecord n) {
    return new PeerAddress(n.getId(), n.getHost(), n.getPort(), n.getRaftPort());
  }

  public static NodeRecord record(PeerAddress p) {
    return NodeRecord.newBuilder().setId(p.id()).setHost(p.host()).setPort(p.respPort())
        .setRaftPort(p.raftPort()).setAdminPort(p.adminPort()).build();
  }
}
