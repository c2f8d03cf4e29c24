package io.mneme.shardmanager;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.mneme.proto.ClusterState;
import io.mneme.proto.KeyList;
import io.mneme.proto.MetaCommand;
import io.mneme.proto.MetaReply;
import io.mneme.proto.MigrationUpdate;
import io.mneme.proto.ShardEntry;
import io.mneme.proto.ShardRecord;
import io.mneme.proto.SlotMigration;
import io.mneme.proto.SlotMigrationStep;
import io.mneme.proto.SlotQuery;
import io.mneme.proto.SlotRecords;
import io.mneme.raft.RaftNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves one hash slot from its shard to another, through Raft on both sides (as MemoryDB's
 * two-phase handoff): the metadata group records the migration; the source's log begins the
 * export (from then on its writes to the slot are tracked); the keys travel in batches into the
 * target's log; the source's log freezes the slot (its primary holds the slot's commands until
 * the handoff ends) and yields what changed since the copy began, which goes to the target too;
 * the metadata group commits the new owner with a new config epoch (the held commands are then
 * redirected to it); the source's log drops the slot for good; the record ends.
 *
 * <p>Every step is idempotent. Until the commit, a failure rolls back (abort in the metadata
 * group first, then the source serves the slot again and the target deletes its copy); after
 * it, the move can only go forward. A migration whose driver died is finished or rolled back by
 * {@link #recover} on the metadata leader's node, so a slot never has two owners or none.
 */
final class SlotMover {
  private static final Logger LOG = LoggerFactory.getLogger(SlotMover.class);
  static final int KEYS_PER_BATCH = 500;
  static final long STEP_TIMEOUT_MS = 30_000;
  /** A migration whose driver has not touched it for this long is recovered by another node. */
  static final long STALE_MIGRATION_MS = 30_000;

  /** What one slot move did, for progress reports. */
  record Moved(int slot, int from, int to, long keys, long freezeMs, long totalMs) {}

  private final ClusterNode node;
  private final java.util.Map<Integer, ShardClient> clients = new java.util.HashMap<>();

  private record ShardClient(List<String> members, RaftClient client) {}

  SlotMover(ClusterNode node) {
    this.node = node;
  }

  Moved move(int slot, int toShard) throws IOException {
    long started = System.nanoTime();
    ClusterMap map = node.map();
    int from = map.shardOfSlot(slot);
    if (from == toShard) {
      return new Moved(slot, from, toShard, 0, 0, 0);
    }
    if (map.shard(toShard) == null) {
      throw new IOException("no shard " + toShard);
    }
    MetaReply begin = meta(update(MigrationUpdate.Kind.BEGIN, slot, from, toShard, 0));
    if (!begin.getApplied()) {
      throw new IOException("cannot move slot " + slot + ": " + begin.getError());
    }
    long attempt = begin.getVersion();
    long keys;
    long freezeNanos;
    RaftClient source = shardClient(from);
    RaftClient target = shardClient(toShard);
    try {
      step(source, slot, SlotMigrationStep.newBuilder().setExportBegin(true));
      KeyList list = KeyList.parseFrom(query(source, SlotQuery.newBuilder().setSlot(slot)
          .setKeys(true).build()));
      keys = copy(source, target, slot, list, attempt, from, toShard);
      long freezeStarted = System.nanoTime();
      SlotRecords delta = SlotRecords.parseFrom(step(source, slot, SlotMigrationStep
          .newBuilder().setExportFreezeSince(list.getSequence())));
      if (!delta.getError().isEmpty()) {
        throw new IOException(delta.getError());
      }
      long frozen = System.nanoTime();
      importBatches(target, slot, delta, list.getKeyCount() == 0);
      long imported = System.nanoTime();
      MetaReply commit = meta(update(MigrationUpdate.Kind.COMMIT, slot, from, toShard,
          attempt));
      if (!commit.getApplied()) {
        throw new IOException("the metadata group refused the commit: " + commit.getError());
      }
      // Followers of the metadata group learn a commit with the next entry or heartbeat;
      // an entry right away makes every node see the new owner sooner.
      node.metadataClient().submit(update(MigrationUpdate.Kind.TOUCH, slot, from, toShard,
          attempt));
      freezeNanos = System.nanoTime() - freezeStarted;
      LOG.info("slot {} handoff: freeze {} ms, {} changed keys imported in {} ms, commit {} ms",
          slot, (frozen - freezeStarted) / 1_000_000, delta.getKeyCount()
          + delta.getDeletedKeyCount(), (imported - frozen) / 1_000_000,
          (System.nanoTime() - imported) / 1_000_000);
    } catch (IOException | RuntimeException e) {
      LOG.warn("moving slot {} from shard {} to {} failed, rolling back: {}", slot, from,
          toShard, e.toString());
      rollBack(slot, from, toShard, attempt, source, target);
      throw e;
    }
    finish(source, slot, from, toShard, attempt);
    long totalMs = (System.nanoTime() - started) / 1_000_000;
    LOG.info("slot {} moved from shard {} to shard {}: {} keys in {} ms (handoff {} ms)", slot,
        from, toShard, keys, totalMs, freezeNanos / 1_000_000);
    return new Moved(slot, from, toShard, keys, freezeNanos / 1_000_000, totalMs);
  }

  private long copy(RaftClient source, RaftClient target, int slot, KeyList list, long attempt,
      int from, int to) throws IOException {
    List<ByteString> all = list.getKeyList();
    boolean first = true;
    // An empty slot sends nothing here: the handoff's import then resets the target's slot.
    for (int i = 0; i < all.size(); i += KEYS_PER_BATCH) {
      List<ByteString> chunk = all.subList(Math.min(i, all.size()),
          Math.min(i + KEYS_PER_BATCH, all.size()));
      SlotRecords records = chunk.isEmpty() ? SlotRecords.getDefaultInstance()
          : SlotRecords.parseFrom(query(source, SlotQuery.newBuilder()
              .setSlot(slot).setRecords(KeyList.newBuilder().addAllKey(chunk)).build()));
      importBatches(target, slot, records, first);
      first = false;
      if ((i / KEYS_PER_BATCH) % 20 == 19) {
        meta(update(MigrationUpdate.Kind.TOUCH, slot, from, to, attempt));
      }
    }
    return all.size();
  }

  /** Sends records to the target in entries of at most KEYS_PER_BATCH keys. */
  private void importBatches(RaftClient target, int slot, SlotRecords records, boolean reset)
      throws IOException {
    int n = records.getKeyCount();
    int i = 0;
    do {
      int end = Math.min(n, i + KEYS_PER_BATCH);
      SlotRecords.Builder batch = SlotRecords.newBuilder().setReset(reset && i == 0)
          .addAllKey(records.getKeyList().subList(i, end))
          .addAllValue(records.getValueList().subList(i, end))
          .addAllExpireAtMs(records.getExpireAtMsList().subList(i, end));
      if (end == n) {
        batch.addAllDeletedKey(records.getDeletedKeyList());
      }
      step(target, slot, SlotMigrationStep.newBuilder().setImport(batch));
      i = end;
    } while (i < n);
  }

  /**
   * Calls the move off. The metadata group decides: only if it accepts the abort does the
   * source serve the slot again; if the commit got there first, the move goes forward; if the
   * record is gone, whoever removed it has cleaned up.
   */
  private void rollBack(int slot, int from, int to, long attempt, RaftClient source,
      RaftClient target) {
    try {
      MetaReply abort = meta(update(MigrationUpdate.Kind.ABORT, slot, from, to, attempt));
      if (abort.getApplied()) {
        step(source, slot, SlotMigrationStep.newBuilder().setExportAbort(true));
        step(target, slot, SlotMigrationStep.newBuilder().setImportDrop(true));
      } else if (abort.getError().equals("already committed")) {
        finish(source, slot, from, to, attempt);
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("rolling back the move of slot {} did not complete ({}); it will be recovered",
          slot, e.toString());
    }
  }

  private void finish(RaftClient source, int slot, int from, int to, long attempt)
      throws IOException {
    step(source, slot, SlotMigrationStep.newBuilder().setExportFinish(true));
    meta(update(MigrationUpdate.Kind.END, slot, from, to, attempt));
  }

  /** Finishes or rolls back migrations whose driver stopped touching them. */
  void recover(long nowMs) {
    for (SlotMigration m : node.map().state().getMigrationsList()) {
      if (nowMs - m.getUpdatedMs() < STALE_MIGRATION_MS) {
        continue;
      }
      LOG.warn("recovering the move of slot {} from shard {} to {} (state {}, driver {} silent"
          + " for {} s)", m.getSlot(), m.getFromShard(), m.getToShard(), m.getState(),
          m.getDriver(), (nowMs - m.getUpdatedMs()) / 1000);
      try {
        RaftClient source = shardClient(m.getFromShard());
        RaftClient target = shardClient(m.getToShard());
        if (m.getState().equals("COMMITTED")) {
          finish(source, m.getSlot(), m.getFromShard(), m.getToShard(), m.getAttempt());
        } else {
          rollBack(m.getSlot(), m.getFromShard(), m.getToShard(), m.getAttempt(), source,
              target);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warn("recovering slot {}: {}", m.getSlot(), e.toString());
      }
    }
  }

  private MetaCommand update(MigrationUpdate.Kind kind, int slot, int from, int to,
      long attempt) {
    return MetaCommand.newBuilder().setMigration(MigrationUpdate.newBuilder().setKind(kind)
        .setSlot(slot).setFromShard(from).setToShard(to).setDriver(node.selfId())
        .setTimeMs(System.currentTimeMillis()).setAttempt(attempt)).build();
  }

  private MetaReply meta(MetaCommand command) throws IOException {
    try {
      return node.metadataClient().submit(command).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IOException("metadata group: " + e, e);
    }
  }

  /**
   * A client of the shard's group, kept while the shard's members stay the same: a move is many
   * requests, and a fresh client would first look for the leader in the middle of a handoff.
   */
  synchronized RaftClient shardClient(int shardId) {
    ShardRecord s = node.map().shard(shardId);
    if (s == null) {
      throw new IllegalArgumentException("no shard " + shardId);
    }
    ShardClient cached = clients.get(shardId);
    if (cached != null && cached.members().equals(s.getMembersList())) {
      return cached.client();
    }
    if (cached != null) {
      closeQuietly(cached.client());
    }
    RaftClient client = RaftClients.forGroup(RaftGroup.valueOf(RaftNode.shardGroupId(shardId),
        s.getMembersList().stream().map(node::addressOf).map(RaftNode::toClientPeer).toList()));
    clients.put(shardId, new ShardClient(List.copyOf(s.getMembersList()), client));
    return client;
  }

  synchronized void close() {
    clients.values().forEach(c -> closeQuietly(c.client()));
    clients.clear();
  }

  private static void closeQuietly(RaftClient client) {
    try {
      client.close();
    } catch (IOException e) {
      LOG.debug("closing a shard client: {}", e.toString());
    }
  }

  /** Applies one migration step through the shard's log; returns the step's reply. */
  private static byte[] step(RaftClient shard, int slot, SlotMigrationStep.Builder step)
      throws IOException {
    ShardEntry entry = ShardEntry.newBuilder().setTimeMs(System.currentTimeMillis())
        .setMigration(step.setSlot(slot)).build();
    RaftClientReply reply = shard.io().send(Message.valueOf(
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
            entry.toByteArray())));
    if (!reply.isSuccess()) {
      throw new IOException("shard step failed: " + reply.getException());
    }
    byte[] bytes = reply.getMessage().getContent().toByteArray();
    SlotRecords r = SlotRecords.parseFrom(bytes);
    if (!r.getError().isEmpty() && !step.hasExportFreezeSince()) {
      throw new IOException(r.getError());
    }
    return bytes;
  }

  private static byte[] query(RaftClient shard, SlotQuery query) throws IOException {
    RaftClientReply reply = shard.io().sendReadOnly(Message.valueOf(
        org.apache.ratis.thirdparty.com.google.protobuf.ByteString.copyFrom(
            query.toByteArray())));
    if (!reply.isSuccess()) {
      throw new IOException("shard read failed: " + reply.getException());
    }
    return reply.getMessage().getContent().toByteArray();
  }

  /** A plan that gives every listed shard an equal share of the slots (±1). */
  static List<int[]> balancePlan(ClusterState state, List<Integer> shards) {
    int total = state.getSlotOwnerCount();
    List<int[]> moves = new ArrayList<>();
    int n = shards.size();
    int[] owned = new int[n];
    List<List<Integer>> slotsOf = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      slotsOf.add(new ArrayList<>());
    }
    List<Integer> homeless = new ArrayList<>();
    for (int slot = 0; slot < total; slot++) {
      int i = shards.indexOf(state.getSlotOwner(slot));
      if (i < 0) {
        homeless.add(slot);
      } else {
        owned[i]++;
        slotsOf.get(i).add(slot);
      }
    }
    for (int i = 0; i < n; i++) {
      int target = total / n + (i < total % n ? 1 : 0);
      while (owned[i] > target) {
        List<Integer> mine = slotsOf.get(i);
        homeless.add(mine.remove(mine.size() - 1));
        owned[i]--;
      }
    }
    for (int slot : homeless) {
      int i = 0;
      for (int j = 1; j < n; j++) {
        int tj = total / n + (j < total % n ? 1 : 0);
        int ti = total / n + (i < total % n ? 1 : 0);
        if (tj - owned[j] > ti - owned[i]) {
          i = j;
        }
      }
      owned[i]++;
      moves.add(new int[] {slot, shards.get(i)});
    }
    return moves;
  }

  static SlotRecords parseRecords(byte[] bytes) throws InvalidProtocolBufferException {
    return SlotRecords.parseFrom(bytes);
  }
}
