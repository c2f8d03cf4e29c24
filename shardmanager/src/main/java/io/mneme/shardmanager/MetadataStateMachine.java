package io.mneme.shardmanager;

import com.google.protobuf.InvalidProtocolBufferException;
import io.mneme.proto.ClusterState;
import io.mneme.proto.MetaCommand;
import io.mneme.proto.MetaReply;
import io.mneme.proto.SetPrimary;
import io.mneme.proto.ShardRecord;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.MD5FileUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata group's state machine: the cluster state (nodes, shards, primaries, the slot map,
 * the config epoch), changed only by {@link MetaCommand}s in log order. A query answers the whole
 * state. Snapshots are one file holding the state, with its MD5 beside it.
 */
public final class MetadataStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(MetadataStateMachine.class);

  private final SimpleStateMachineStorage storage = new SimpleStateMachineStorage();
  private final List<Consumer<ClusterState>> listeners = new CopyOnWriteArrayList<>();
  private volatile ClusterState state = ClusterState.getDefaultInstance();

  public ClusterState state() {
    return state;
  }

  /** Called after every applied change, on the apply thread. */
  public void onChange(Consumer<ClusterState> listener) {
    listeners.add(listener);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return storage;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    load(storage.loadLatestSnapshot());
  }

  @Override
  public void reinitialize() throws IOException {
    load(storage.loadLatestSnapshot());
  }

  private synchronized void load(SingleFileSnapshotInfo snapshot) throws IOException {
    if (snapshot == null) {
      return;
    }
    File file = snapshot.getFile().getPath().toFile();
    MD5FileUtil.verifySavedMD5(file, snapshot.getFile().getFileDigest());
    state = ClusterState.parseFrom(Files.readAllBytes(file.toPath()));
    updateLastAppliedTermIndex(snapshot.getTermIndex());
    LOG.info("metadata state loaded from {}: version {}", file, state.getVersion());
    publish();
  }

  @Override
  public synchronized long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() < 0) {
      return -1;
    }
    File file = storage.getSnapshotFile(last.getTerm(), last.getIndex());
    File tmp = new File(file.getPath() + ".tmp");
    Files.write(tmp.toPath(), state.toByteArray());
    Files.move(tmp.toPath(), file.toPath(), StandardCopyOption.ATOMIC_MOVE);
    MD5FileUtil.computeAndSaveMd5ForFile(file);
    storage.loadLatestSnapshot();
    return last.getIndex();
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.valueOf(
        ByteString.copyFrom(state.toByteArray())));
  }

  @Override
  public TransactionContext startTransaction(
      org.apache.ratis.protocol.RaftClientRequest request) throws IOException {
    try {
      MetaCommand.parseFrom(request.getMessage().getContent().toByteArray());
    } catch (InvalidProtocolBufferException e) {
      throw new IOException("not a metadata command", e);
    }
    return super.startTransaction(request);
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    MetaReply reply;
    synchronized (this) {
      try {
        MetaCommand command = MetaCommand.parseFrom(
            entry.getStateMachineLogEntry().getLogData().toByteArray());
        reply = apply(command);
      } catch (InvalidProtocolBufferException e) {
        reply = MetaReply.newBuilder().setError("unreadable command: " + e).build();
      }
      updateLastAppliedTermIndex(entry.getTerm(), entry.getIndex());
    }
    if (reply.getApplied()) {
      publish();
    }
    return CompletableFuture.completedFuture(Message.valueOf(
        ByteString.copyFrom(reply.toByteArray())));
  }

  private void publish() {
    ClusterState s = state;
    listeners.forEach(l -> l.accept(s));
  }

  /** Deterministic: the same command on the same state gives the same state everywhere. */
  private MetaReply apply(MetaCommand command) {
    switch (command.getOpCase()) {
      case BOOTSTRAP:
        if (state.getVersion() > 0) {
          return rejected("the cluster already exists");
        }
        return applied(command.getBootstrap().toBuilder().setVersion(1).build());
      case SET_PRIMARY:
        return setPrimary(command.getSetPrimary());
      case CREATE_SHARD:
        return createShard(command.getCreateShard());
      case REMOVE_SHARD:
        return removeShard(command.getRemoveShard().getShardId());
      case SET_MEMBERS:
        return setMembers(command.getSetMembers());
      case MIGRATION:
        return migration(command.getMigration());
      default:
        return rejected("unknown metadata command " + command.getOpCase());
    }
  }

  private MetaReply setPrimary(SetPrimary p) {
    ClusterState.Builder next = state.toBuilder();
    for (int i = 0; i < next.getShardsCount(); i++) {
      ShardRecord s = next.getShards(i);
      if (s.getId() != p.getShardId()) {
        continue;
      }
      if (p.getTerm() < s.getPrimaryTerm()
          || (p.getTerm() == s.getPrimaryTerm() && p.getNodeId().equals(s.getPrimary()))) {
        return rejected("stale or known primary");
      }
      if (!s.getMembersList().contains(p.getNodeId())) {
        return rejected(p.getNodeId() + " is not a member of shard " + p.getShardId());
      }
      next.setShards(i, s.toBuilder().setPrimary(p.getNodeId()).setPrimaryTerm(p.getTerm()));
      return applied(next.setVersion(state.getVersion() + 1).build());
    }
    return rejected("no shard " + p.getShardId());
  }

  private MetaReply createShard(io.mneme.proto.CreateShard c) {
    if (c.getMembersCount() == 0) {
      return rejected("a shard needs at least one member");
    }
    for (String m : c.getMembersList()) {
      if (state.getNodesList().stream().noneMatch(n -> n.getId().equals(m))) {
        return rejected("unknown node " + m);
      }
    }
    int id = state.getNextShardId();
    ShardRecord shard = ShardRecord.newBuilder().setId(id)
        .setGroupId(io.mneme.raft.RaftNode.shardGroupId(id).getUuid().toString())
        .addAllMembers(c.getMembersList()).build();
    return applied(state.toBuilder().addShards(shard).setNextShardId(id + 1)
        .setVersion(state.getVersion() + 1).build());
  }

  private MetaReply removeShard(int shardId) {
    if (state.getSlotOwnerList().contains(shardId)) {
      return rejected("shard " + shardId + " still owns slots");
    }
    if (state.getMigrationsList().stream()
        .anyMatch(m -> m.getFromShard() == shardId || m.getToShard() == shardId)) {
      return rejected("shard " + shardId + " is in a slot migration");
    }
    ClusterState.Builder next = state.toBuilder().clearShards();
    boolean found = false;
    for (ShardRecord s : state.getShardsList()) {
      if (s.getId() == shardId) {
        found = true;
      } else {
        next.addShards(s);
      }
    }
    return found ? applied(next.setVersion(state.getVersion() + 1).build())
        : rejected("no shard " + shardId);
  }

  private MetaReply setMembers(io.mneme.proto.SetMembers m) {
    ClusterState.Builder next = state.toBuilder();
    for (int i = 0; i < next.getShardsCount(); i++) {
      ShardRecord s = next.getShards(i);
      if (s.getId() == m.getShardId()) {
        ShardRecord.Builder b = s.toBuilder().clearMembers().addAllMembers(m.getMembersList());
        if (!m.getMembersList().contains(s.getPrimary())) {
          b.setPrimary("");
        }
        next.setShards(i, b);
        return applied(next.setVersion(state.getVersion() + 1).build());
      }
    }
    return rejected("no shard " + m.getShardId());
  }

  /** The slot-migration records: begin, commit (new owner, new epoch), end, abort, touch. */
  private MetaReply migration(io.mneme.proto.MigrationUpdate u) {
    int slot = u.getSlot();
    if (slot < 0 || slot >= state.getSlotOwnerCount()) {
      return rejected("no slot " + slot);
    }
    int index = -1;
    for (int i = 0; i < state.getMigrationsCount(); i++) {
      if (state.getMigrations(i).getSlot() == slot) {
        index = i;
      }
    }
    io.mneme.proto.SlotMigration current = index < 0 ? null : state.getMigrations(index);
    ClusterState.Builder next = state.toBuilder().setVersion(state.getVersion() + 1);
    switch (u.getKind()) {
      case BEGIN -> {
        if (current != null) {
          return rejected("slot " + slot + " is already being moved");
        }
        if (state.getSlotOwner(slot) != u.getFromShard()) {
          return rejected("slot " + slot + " is not owned by shard " + u.getFromShard());
        }
        if (state.getShardsList().stream().noneMatch(s -> s.getId() == u.getToShard())) {
          return rejected("no shard " + u.getToShard());
        }
        next.addMigrations(io.mneme.proto.SlotMigration.newBuilder().setSlot(slot)
            .setFromShard(u.getFromShard()).setToShard(u.getToShard()).setState("COPYING")
            .setDriver(u.getDriver()).setUpdatedMs(u.getTimeMs())
            .setAttempt(next.getVersion()));
      }
      case COMMIT, TOUCH, END, ABORT -> {
        if (current == null || current.getAttempt() != u.getAttempt()) {
          return rejected("no such migration of slot " + slot);
        }
        boolean copying = current.getState().equals("COPYING");
        if (u.getKind() == io.mneme.proto.MigrationUpdate.Kind.COMMIT) {
          if (!copying) {
            return rejected("already committed");
          }
          next.setSlotOwner(slot, current.getToShard())
              .setConfigEpoch(state.getConfigEpoch() + 1)
              .setMigrations(index, current.toBuilder().setState("COMMITTED")
                  .setUpdatedMs(u.getTimeMs()));
        } else if (u.getKind() == io.mneme.proto.MigrationUpdate.Kind.TOUCH) {
          next.setMigrations(index, current.toBuilder().setUpdatedMs(u.getTimeMs())
              .setDriver(u.getDriver()));
        } else if (u.getKind() == io.mneme.proto.MigrationUpdate.Kind.END) {
          if (copying) {
            return rejected("not committed");
          }
          next.removeMigrations(index);
        } else {
          if (!copying) {
            return rejected("already committed");
          }
          next.removeMigrations(index);
        }
      }
      default -> {
        return rejected("unknown migration update " + u.getKind());
      }
    }
    return applied(next.build());
  }

  private MetaReply applied(ClusterState next) {
    state = next;
    return MetaReply.newBuilder().setApplied(true).setVersion(next.getVersion()).build();
  }

  private MetaReply rejected(String why) {
    return MetaReply.newBuilder().setApplied(false).setError(why)
        .setVersion(state.getVersion()).build();
  }
}
