package io.mneme.shardmanager;

import io.mneme.engine.HashSlot;
import io.mneme.proto.ClusterState;
import io.mneme.proto.ShardRecord;
import io.mneme.raft.PeerAddress;
import io.mneme.raft.RaftNode;
import java.util.List;

/**
 * The first layout of a new cluster: each shard's members on distinct nodes, primaries spread
 * (shard i prefers node i mod N), slots split evenly in contiguous ranges, and the metadata group
 * on the first three nodes (all of them when fewer). Every node computes the same plan from the
 * same inputs, so nodes started with the same configuration agree without talking.
 */
public final class Placement {
  public static final int REPLICAS_MAX = 5;
  public static final int METADATA_MEMBERS = 3;

  private Placement() {}

  public static ClusterState plan(List<PeerAddress> nodes, int shards, int replicas) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cluster needs at least one node");
    }
    if (replicas < 0 || replicas > REPLICAS_MAX) {
      throw new IllegalArgumentException("replicas must be between 0 and " + REPLICAS_MAX
          + ", got " + replicas);
    }
    if (replicas + 1 > nodes.size()) {
      throw new IllegalArgumentException(replicas + " replicas need " + (replicas + 1)
          + " nodes (members of a shard are on distinct nodes), only " + nodes.size()
          + " given");
    }
    if (shards < 1 || shards > HashSlot.SLOT_COUNT) {
      throw new IllegalArgumentException("shards must be between 1 and " + HashSlot.SLOT_COUNT);
    }
    ClusterState.Builder state = ClusterState.newBuilder().setVersion(1).setConfigEpoch(1)
        .setNextShardId(shards);
    nodes.forEach(n -> state.addNodes(ClusterMap.record(n)));
    for (int i = 0; i < Math.min(METADATA_MEMBERS, nodes.size()); i++) {
      state.addMetadataMembers(nodes.get(i).id());
    }
    for (int shard = 0; shard < shards; shard++) {
      ShardRecord.Builder s = ShardRecord.newBuilder().setId(shard)
          .setGroupId(RaftNode.shardGroupId(shard).getUuid().toString());
      for (int j = 0; j <= replicas; j++) {
        s.addMembers(nodes.get((shard + j) % nodes.size()).id());
      }
      state.addShards(s);
    }
    for (int slot = 0; slot < HashSlot.SLOT_COUNT; slot++) {
      state.addSlotOwner((int) ((long) slot * shards / HashSlot.SLOT_COUNT));
    }
    return state.build();
  }
}
