package io.mneme.resp;

import io.mneme.raft.Shard;
import java.util.ArrayList;
import java.util.List;

/**
 * A connection's MULTI block and WATCHed keys. Every keyed command of a block must be in one
 * slot (Redis Cluster's rule), so the block runs as one command of one log entry on that
 * slot's shard; watched keys carry the version they had when watched.
 */
final class Transaction {
  /** Commands queued since MULTI; null outside MULTI. */
  List<byte[][]> queued;
  /** A queued command was refused: EXEC answers EXECABORT. */
  boolean failed;
  int slot = -1;
  Shard shard;
  final List<byte[]> watchedKeys = new ArrayList<>();
  final List<Long> watchedVersions = new ArrayList<>();
  Shard watchShard;

  void begin() {
    queued = new ArrayList<>();
    failed = false;
    slot = -1;
    shard = null;
  }

  /** Ends the block (EXEC, DISCARD, RESET) and forgets the watched keys, as Redis does. */
  void clear() {
    queued = null;
    failed = false;
    slot = -1;
    shard = null;
    unwatch();
  }

  void unwatch() {
    watchedKeys.clear();
    watchedVersions.clear();
    watchShard = null;
  }
}
