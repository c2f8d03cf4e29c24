package io.mneme.raft;

import io.mneme.engine.Engine;
import io.mneme.engine.Reply;
import io.mneme.proto.ExpiredKeys;
import io.mneme.proto.ShardEntry;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SnapshotManagementRequest;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One shard as this node sees it: the local member of the shard's Raft group. resp/ sends it
 * writes (answered after commit and apply) and reads (answered after a read barrier), and asks
 * it who leads.
 */
public final class Shard {
  private static final Logger LOG = LoggerFactory.getLogger(Shard.class);
  static final long ACTIVE_EXPIRY_PERIOD_MS = 100;
  static final int ACTIVE_EXPIRY_KEYS_MAX = 512;

  private final String name;
  private final int id;
  private final RaftServer server;
  private final RaftGroupId groupId;
  private final RaftPeerId self;
  private final Function<String, PeerAddress> addressOf;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();
  private final AtomicBoolean expiryInFlight = new AtomicBoolean();
  private final WritePipeline writes;
  private final ReadBarrier reads;
  private final BlockedWrites blocked;
  private volatile boolean closed;
  private volatile RaftServer.Division division;

  Shard(String name, int id, RaftServer server, RaftGroupId groupId,
      Function<String, PeerAddress> addressOf, ScheduledExecutorService timers) {
    this.name = name;
    this.id = id;
    this.server = server;
    this.groupId = groupId;
    this.self = server.getId();
    this.addressOf = addressOf;
    this.writes = new WritePipeline(this);
    this.reads = new ReadBarrier(this);
    this.blocked = new BlockedWrites(writes::submit);
    stateMachine().onKeysWritten(blocked::any, blocked::written);
    stateMachine().onSnapshotWritten(this::letRatisPurge);
    timers.scheduleWithFixedDelay(this::expireSome, ACTIVE_EXPIRY_PERIOD_MS,
        ACTIVE_EXPIRY_PERIOD_MS, TimeUnit.MILLISECONDS);
  }

  public String name() {
    return name;
  }

  /** The shard's number in the cluster. */
  public int id() {
    return id;
  }

  /** Submits a write; the future fails with a {@link ShardException} if it cannot be served. */
  public CompletableFuture<Reply> write(byte[][] argv) {
    return writes.submit(argv, false);
  }

  /**
   * A script's write (EVAL, EVALSHA, FCALL): as {@link #write}, with the slots the cluster map
   * gives this shard as first, last pairs, which the script's keys must be in.
   */
  public CompletableFuture<Reply> writeScript(byte[][] argv, int[] ownedSlotRanges) {
    return writes.submit(argv, false, ownedSlotRanges);
  }

  /**
   * A blocking command (BLPOP, BZPOPMIN, XREADGROUP BLOCK...): it runs through the log, and as
   * long as it finds nothing it waits, holding no thread, until an applied entry writes one of
   * {@code keys}. {@code done} gets the reply, {@link BlockedWrites#TIMED_OUT} after
   * {@link BlockedWrites.Waiter#timeout}, or the refusal if this member stops leading.
   */
  public BlockedWrites.Waiter blockingWrite(byte[][] argv, List<byte[]> keys,
      java.util.function.BiConsumer<Reply, Throwable> done) {
    return blocked.run(argv, false, keys, done);
  }

  /**
   * A blocking read (XREAD BLOCK): as {@link #blockingWrite}, each attempt riding the log as a
   * read run by this member only. "$" ids are first fixed to each stream's last id now.
   */
  public BlockedWrites.Waiter blockingRead(byte[][] argv, List<byte[]> keys,
      java.util.function.BiConsumer<Reply, Throwable> done) {
    byte[][] resolved = stateMachine().withEngine(e -> e.resolveStreamIds(argv, nowMs()));
    return blocked.run(resolved, true, keys, done);
  }

  /** Called when the group's leader changes: blocked clients go elsewhere if we lost it. */
  void leaderChanged() {
    if (!isLeader() && blocked.any()) {
      ShardException refusal = checkLeader();
      blocked.failAll(refusal != null ? refusal : noLeader());
    }
  }

  /**
   * EXEC: the commands run as one unit in one log entry, if every watched key still has the
   * version {@link #keyVersion} gave for it; the reply is their replies, or the null array.
   */
  public CompletableFuture<Reply> exec(List<byte[][]> commands, List<byte[]> watchedKeys,
      List<Long> watchedVersions) {
    return exec(commands, watchedKeys, watchedVersions, null);
  }

  /** As {@link #exec(List, List, List)}; a block with a script says the slots this shard owns. */
  public CompletableFuture<Reply> exec(List<byte[][]> commands, List<byte[]> watchedKeys,
      List<Long> watchedVersions, int[] ownedSlotRanges) {
    io.mneme.proto.Command.Builder exec = io.mneme.proto.Command.newBuilder();
    if (ownedSlotRanges != null) {
      for (int bound : ownedSlotRanges) {
        exec.addOwnedSlotRange(bound);
      }
    }
    for (byte[][] argv : commands) {
      io.mneme.proto.Command.Builder c = io.mneme.proto.Command.newBuilder();
      for (byte[] arg : argv) {
        c.addArg(com.google.protobuf.ByteString.copyFrom(arg));
      }
      exec.addTransaction(c);
    }
    watchedKeys.forEach(k -> exec.addWatchedKey(com.google.protobuf.ByteString.copyFrom(k)));
    exec.addAllWatchedVersion(watchedVersions);
    return writes.submitTransaction(exec.build());
  }

  /**
   * The key's version for WATCH, from this member's applied state. A lagging member can only
   * give an older version, which makes EXEC fail, never succeed wrongly.
   */
  public long keyVersion(byte[] key) {
    return stateMachine().withEngine(e -> e.keyVersion(key, nowMs()));
  }

  /**
   * A read that must take its place among writes the same connection has not seen answered:
   * it goes through the log behind them, and runs on this member only.
   */
  public CompletableFuture<Reply> readInLogOrder(byte[][] argv) {
    return writes.submit(argv, true);
  }

  /**
   * A linearizable read on the leader. The read barrier is started by a task on {@code starter}:
   * pass the connection's event loop, so that reads of one round of I/O share a barrier.
   */
  public CompletableFuture<Reply> read(byte[][] argv, java.util.concurrent.Executor starter) {
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    reads.afterBarrier(new ReadBarrier.PendingRead(argv, reply), starter);
    return reply;
  }

  /** A read of this member's local state, possibly stale: READONLY reads on replicas. */
  public Reply readLocal(byte[][] argv) {
    return stateMachine().withEngine(engine -> engine.read(argv, nowMs()));
  }

  /** SCRIPT KILL / FUNCTION KILL: Redis's reply text; never waits for the engine's lock. */
  public String killScript(boolean function) {
    return stateMachine().killScript(function);
  }

  /** Runs {@code action} on the engine under the state machine's lock (INFO, DBSIZE...). */
  public <T> T inspect(Function<Engine, T> action) {
    return stateMachine().withEngine(action);
  }

  /**
   * Whether this member refuses commands on the slot now: it is frozen for its handoff to
   * another shard, or already gone there. Cheap (no lock), for every command.
   */
  public boolean slotInHandoff(int slot) {
    return slot >= 0 && stateMachine().slotInHandoff(slot);
  }

  public boolean isLeader() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getInfo().isLeader();
  }

  /** Leads, and has committed an entry of its term: it can serve reads and writes. */
  public boolean isLeaderReady() {
    RaftServer.Division d = divisionOrNull();
    return d != null && d.getInfo().isLeaderReady();
  }

  /** The leader's address as this member last heard, or null. */
  public PeerAddress leader() {
    RaftServer.Division d = divisionOrNull();
    RaftPeerId leaderId = d == null ? null : d.getInfo().getLeaderId();
    return leaderId == null ? null : addressOf(d, leaderId);
  }

  /** The member's id (the node id) of this node. */
  public String selfId() {
    return self.toString();
  }

  /** Node ids of the group's current members. */
  public List<String> memberIds() {
    RaftServer.Division d = divisionOrNull();
    if (d == null) {
      return List.of();
    }
    return d.getRaftConf().getCurrentPeers().stream().map(p -> p.getId().toString()).toList();
  }

  /**
   * Each member as this node sees it: its own role, term and applied index; for the others the
   * commit index the group last reported for them (the leader's view when this node leads).
   */
  public List<io.mneme.proto.MemberStatus> memberStatus() {
    RaftServer.Division d = divisionOrNull();
    if (d == null) {
      return List.of();
    }
    var info = d.getInfo();
    RaftPeerId leaderId = info.getLeaderId();
    java.util.Map<String, Long> commits = new java.util.HashMap<>();
    d.getCommitInfos().forEach(c -> commits.put(
        RaftPeerId.valueOf(c.getServer().getId()).toString(), c.getCommitIndex()));
    List<io.mneme.proto.MemberStatus> out = new java.util.ArrayList<>();
    for (String member : memberIds()) {
      var m = io.mneme.proto.MemberStatus.newBuilder().setNodeId(member)
          .setCommitIndex(commits.getOrDefault(member, -1L));
      if (member.equals(self.toString())) {
        m.setRole(info.getCurrentRole().name()).setTerm(info.getCurrentTerm())
            .setAppliedIndex(info.getLastAppliedIndex());
      } else {
        m.setRole(leaderId != null && leaderId.toString().equals(member) ? "LEADER"
            : "FOLLOWER").setAppliedIndex(-1);
      }
      out.add(m.build());
    }
    return out;
  }

  /** From the node directory if it knows the node, else from the group's configuration. */
  private PeerAddress addressOf(RaftServer.Division d, RaftPeerId peerId) {
    PeerAddress known = addressOf == null ? null : addressOf.apply(peerId.toString());
    if (known != null) {
      return known;
    }
    var peer = d.getRaftConf().getPeer(peerId);
    if (peer == null || peer.getClientAddress() == null) {
      return null;
    }
    return PeerAddress.fromRaftPeer(peer.getId().toString(), peer.getAddress(),
        peer.getClientAddress());
  }

  /**
   * For WAIT: how many replicas (members other than the leader) hold the log up to index. On
   * the leader, the followers whose match index covers it; never fewer than a committed
   * entry's guarantee, a majority of the members counting the leader (which is all a member
   * that does not lead can say).
   */
  public int replicasHolding(long index) {
    RaftServer.Division d = divisionOrNull();
    if (d == null) {
      return 0;
    }
    int members = d.getRaftConf().getCurrentPeers().size();
    int committedOn = members / 2; // a majority is members / 2 + 1, the leader among them
    if (!d.getInfo().isLeader()) {
      return committedOn;
    }
    int holding = 0;
    for (long match : d.getInfo().getFollowerMatchIndices()) {
      if (match >= index) {
        holding++;
      }
    }
    return Math.max(holding, committedOn);
  }

  public long lastAppliedIndex() {
    RaftServer.Division d = divisionOrNull();
    return d == null ? -1 : d.getInfo().getLastAppliedIndex();
  }

  public long term() {
    RaftServer.Division d = divisionOrNull();
    return d == null ? 0 : d.getInfo().getCurrentTerm();
  }

  /** Starts a snapshot now; the future gives its index once written (-1 if one was running). */
  public CompletableFuture<Long> snapshotNow() {
    return stateMachine().snapshotNow();
  }

  /** Null if this member leads; otherwise why it cannot serve, with a redirect if it can. */
  ShardException checkLeader() {
    if (closed) {
      return shuttingDown();
    }
    if (isLeader()) {
      return null;
    }
    PeerAddress leader = leader();
    if (leader == null || leader.id().equals(self.toString())) {
      return noLeader();
    }
    return new ShardException(ShardException.Reason.NOT_LEADER, leader, "leader is " + leader);
  }

  ShardException noLeader() {
    return new ShardException(ShardException.Reason.NO_LEADER, null, name + " has no leader");
  }

  ShardException shuttingDown() {
    return new ShardException(ShardException.Reason.SHUTTING_DOWN, null, "shutting down");
  }

  CompletableFuture<RaftClientReply> submitWrite(Message message) throws IOException {
    return submit(message, RaftClientRequest.writeRequestType());
  }

  CompletableFuture<RaftClientReply> submitReadBarrier() throws IOException {
    return submit(Message.EMPTY, RaftClientRequest.readRequestType());
  }

  /**
   * Straight to the division, not through the server proxy: the proxy hands each request to a
   * thread pool, which would let two entries from the write pipeline swap places.
   */
  private CompletableFuture<RaftClientReply> submit(Message message, RaftClientRequest.Type type)
      throws IOException {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId).setServerId(self).setGroupId(groupId)
        .setCallId(callIds.incrementAndGet()).setMessage(message).setType(type).build();
    return ((RaftClientAsynchronousProtocol) division()).submitClientRequestAsync(request);
  }

  void runReads(List<ReadBarrier.PendingRead> batch) {
    long now = nowMs();
    Reply[] replies = new Reply[batch.size()];
    stateMachine().withEngine(engine -> {
      for (int i = 0; i < replies.length; i++) {
        replies[i] = engine.read(batch.get(i).argv(), now);
      }
      return null;
    });
    // Completing runs the connections' callbacks: outside the engine lock.
    for (int i = 0; i < replies.length; i++) {
      batch.get(i).reply().complete(replies[i]);
    }
  }

  /** Active expiry, on the leader only: deletions go through the log like any write. */
  private void expireSome() {
    try {
      if (closed || !isLeaderReady() || !expiryInFlight.compareAndSet(false, true)) {
        return;
      }
      List<byte[]> keys = stateMachine().withEngine(e -> e.expiredKeys(nowMs(),
          ACTIVE_EXPIRY_KEYS_MAX));
      if (keys.isEmpty()) {
        expiryInFlight.set(false);
        return;
      }
      ExpiredKeys.Builder expired = ExpiredKeys.newBuilder();
      keys.forEach(k -> expired.addKey(com.google.protobuf.ByteString.copyFrom(k)));
      ShardEntry entry = ShardEntry.newBuilder().setTimeMs(System.currentTimeMillis())
          .setExpired(expired).build();
      submitWrite(new EntryMessage(entry, null)).whenComplete((r, e) -> expiryInFlight.set(false));
    } catch (IOException | RuntimeException e) {
      expiryInFlight.set(false);
      LOG.debug("{}: active expiry skipped: {}", name, e.toString());
    }
  }

  /** Once a snapshot is on disk, ask Ratis to take it: it then purges the log up to it. */
  private void letRatisPurge() {
    SnapshotManagementRequest request = SnapshotManagementRequest.newCreate(clientId, self,
        groupId, callIds.incrementAndGet(), 30_000, 1);
    server.snapshotManagementAsync(request).whenComplete((reply, error) -> {
      if (error != null || !reply.isSuccess()) {
        LOG.warn("{}: Ratis did not take the written snapshot: {}", name,
            error != null ? error : reply.getException());
      }
    });
  }

  /** The time a read runs at: never before the last applied entry's time. */
  private long nowMs() {
    return System.currentTimeMillis();
  }

  ShardStateMachine stateMachine() {
    return (ShardStateMachine) division().getStateMachine();
  }

  private RaftServer.Division division() {
    RaftServer.Division d = divisionOrNull();
    if (d == null) {
      throw new IllegalStateException(name + " is not hosted on this node");
    }
    return d;
  }

  private RaftServer.Division divisionOrNull() {
    RaftServer.Division d = division;
    if (d == null) {
      try {
        d = server.getDivision(groupId);
        division = d;
      } catch (IOException e) {
        return null;
      }
    }
    return d;
  }

  void close() {
    closed = true;
    writes.stop();
  }
}
