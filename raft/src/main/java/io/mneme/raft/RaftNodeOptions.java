package io.mneme.raft;

import java.nio.file.Path;
import java.util.List;

/**
 * What a node's Raft server needs to start.
 *
 * @param nodeId this node's id, one of {@code peers}
 * @param dataDir where the Raft logs and snapshots live (under {@code raft/})
 * @param peers every member of the shard group, this node included
 * @param electionTimeoutMinMs a follower that hears nothing from the leader for a random time
 *     between min and max starts an election; keep min well above GC pauses
 * @param snapshotEveryEntries applied entries between two snapshots
 * @param logSegmentBytes the size at which a Raft log segment is closed; the log is purged (up
 *     to the newest snapshot) a whole closed segment at a time
 */
public record RaftNodeOptions(String nodeId, Path dataDir, List<PeerAddress> peers,
    long electionTimeoutMinMs, long electionTimeoutMaxMs, long snapshotEveryEntries,
    long logSegmentBytes) {

  public static final long ELECTION_TIMEOUT_MIN_MS_DEFAULT = 500;
  public static final long ELECTION_TIMEOUT_MAX_MS_DEFAULT = 1000;
  public static final long SNAPSHOT_EVERY_ENTRIES_DEFAULT = 100_000;
  public static final long LOG_SEGMENT_BYTES_DEFAULT = 64L << 20;
  public static final long LOG_SEGMENT_BYTES_MIN = 64L << 10;

  public RaftNodeOptions {
    peers = List.copyOf(peers);
    if (peers.stream().noneMatch(p -> p.id().equals(nodeId))) {
      throw new IllegalArgumentException("node id '" + nodeId + "' is not among the peers "
          + peers);
    }
    if (peers.stream().map(PeerAddress::id).distinct().count() != peers.size()) {
      throw new IllegalArgumentException("two peers share an id: " + peers);
    }
    if (electionTimeoutMinMs < 100 || electionTimeoutMaxMs <= electionTimeoutMinMs) {
      throw new IllegalArgumentException("election timeouts need 100 <= min < max, got "
          + electionTimeoutMinMs + " and " + electionTimeoutMaxMs);
    }
    if (logSegmentBytes < LOG_SEGMENT_BYTES_MIN) {
      throw new IllegalArgumentException("log segments must be at least " + LOG_SEGMENT_BYTES_MIN
          + " bytes");
    }
    if (snapshotEveryEntries < 1) {
      throw new IllegalArgumentException("snapshot interval must be at least 1 entry");
    }
  }

  public PeerAddress self() {
    return peers.stream().filter(p -> p.id().equals(nodeId)).findFirst().orElseThrow();
  }
}
