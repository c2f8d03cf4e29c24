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

  private MetaReply applied(ClusterState next) {
    state = next;
    return MetaReply.newBuilder().setApplied(true).setVersion(next.getVersion()).build();
  }

  private MetaReply rejected(String why) {
    return MetaReply.newBuilder().setApplied(false).setError(why)
        .setVersion(state.getVersion()).build();
  }
}
