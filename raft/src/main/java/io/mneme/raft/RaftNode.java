package io.mneme.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one Raft server (gRPC transport), hosting every group this node is a member of
 * through a state machine registry: shard groups get a {@link ShardStateMachine}, other groups
 * (the metadata group) the state machine the caller's registry gives. Groups hosted before a
 * restart come back from disk; new ones are added with {@link #host}.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  /** Shard 0's group id; every shard's id derives from its number the same way. */
  public static final RaftGroupId SHARD_0 = shardGroupId(0);

  static final int PREFERRED_LEADER_PRIORITY = 1;
  static final SizeInBytes LOG_WRITE_BUFFER_BYTES = SizeInBytes.valueOf("8MB");
  static final SizeInBytes APPENDER_BUFFER_BYTES = SizeInBytes.valueOf("4MB");
  static final SizeInBytes SNAPSHOT_CHUNK_BYTES_MAX = SizeInBytes.valueOf("16MB");

  private final RaftNodeOptions options;
  private final RaftServer server;
  private final Function<String, PeerAddress> addressOf;
  private final Map<RaftGroupId, Shard> shards = new ConcurrentHashMap<>();
  private final List<Consumer<Shard>> leaderListeners = new CopyOnWriteArrayList<>();
  private final List<java.util.function.BiConsumer<Shard, List<KeyspaceEvent>>> eventListeners =
      new CopyOnWriteArrayList<>();
  private final List<java.util.function.BooleanSupplier> eventsWanted =
      new CopyOnWriteArrayList<>();
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shard-timers");
    t.setDaemon(true);
    return t;
  });

  private RaftNode(RaftNodeOptions options, RaftServer server,
      Function<String, PeerAddress> addressOf) {
    this.options = options;
    this.server = server;
    this.addressOf = addressOf;
  }

  /** The group id of shard {@code shardId}: the same on every node, derived from the number. */
  public static RaftGroupId shardGroupId(int shardId) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
        ("mneme:shard:" + shardId).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * Starts the Raft server with the groups it hosted before (none on first start).
   *
   * @param otherGroups state machines of groups that are not shards, or null for a shard
   * @param addressOf a node's addresses by id (for redirects), or null if unknown
   */
  public static RaftNode start(RaftNodeOptions options,
      Function<RaftGroupId, StateMachine> otherGroups, Function<String, PeerAddress> addressOf)
      throws IOException {
    java.nio.file.Path raftDir = options.dataDir().resolve("raft");
    Files.createDirectories(raftDir);
    RaftProperties properties = properties(options, raftDir);
    RaftServer server = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(options.nodeId()))
        .setProperties(properties)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .setStateMachineRegistry(groupId -> {
          StateMachine other = otherGroups == null ? null : otherGroups.apply(groupId);
          return other != null ? other : new ShardStateMachine(options.snapshotEveryEntries());
        })
        .build();
    server.start();
    LOG.info("Raft server {} listening on {}; groups recovered from disk: {}", options.nodeId(),
        options.self().raftAddress(), server.getGroupIds());
    return new RaftNode(options, server, addressOf);
  }

  /** Whether this node holds the group (recovered from disk or added since start). */
  public boolean hosts(RaftGroupId groupId) {
    for (RaftGroupId id : server.getGroupIds()) {
      if (id.equals(groupId)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Makes this node a member of the group if it is not one yet. A member that lost its data
   * while the group lives on rejoins through a membership change (see {@link ShardRejoin}).
   */
  public void host(RaftGroupId groupId, List<PeerAddress> members) throws IOException {
    if (hosts(groupId)) {
      return;
    }
    // The first member is the preferred leader: Ratis hands leadership to the peer of highest
    // priority once it is caught up, which keeps primaries spread over the nodes as placed.
    List<RaftPeer> peers = new java.util.ArrayList<>();
    for (int i = 0; i < members.size(); i++) {
      peers.add(toRaftPeer(members.get(i), i == 0 ? PREFERRED_LEADER_PRIORITY : 0));
    }
    RaftGroup group = RaftGroup.valueOf(groupId, peers);
    if (members.size() == 1) {
      ShardRejoin.addLocally(server, group);
    } else {
      ShardRejoin.join(group, server);
    }
    LOG.info("{} now hosts group {} with {}", options.nodeId(), groupId, members);
  }

  /** This node's member of shard {@code shardId}, or null if it hosts none. */
  public Shard shard(int shardId) {
    RaftGroupId groupId = shardGroupId(shardId);
    if (!hosts(groupId)) {
      return null;
    }
    return shards.computeIfAbsent(groupId, id -> {
      Shard s = new Shard("shard-" + shardId, shardId, server, id, addressOf, timers);
      s.stateMachine().onLeaderChange(() -> {
        s.leaderChanged();
        leaderListeners.forEach(l -> l.accept(s));
      });
      s.stateMachine().onKeyspaceEvents(
          this::keyspaceEventsWanted,
          events -> eventListeners.forEach(l -> l.accept(s, events)));
      return s;
    });
  }

  /**
   * Leaves the groups of shards this node no longer belongs to (removed shards, removed
   * replicas), deleting their data. Only shard groups this node has opened are considered.
   */
  public void dropShardsOtherThan(java.util.Set<Integer> keep) throws IOException {
    for (Shard s : List.copyOf(shards.values())) {
      if (keep.contains(s.id())) {
        continue;
      }
      RaftGroupId groupId = shardGroupId(s.id());
      shards.remove(groupId);
      s.close();
      var remove = org.apache.ratis.protocol.GroupManagementRequest.newRemove(
          org.apache.ratis.protocol.ClientId.randomId(), server.getId(), 1, groupId, true, false);
      server.groupManagementAsync(remove).join();
      LOG.info("{} left the group of shard {} and deleted its data", options.nodeId(), s.id());
    }
  }

  /** Called (on a Ratis thread) when a local shard member sees a new leader of its group. */
  public void onShardLeaderChange(Consumer<Shard> listener) {
    leaderListeners.add(listener);
  }

  /**
   * Called on a shard's apply thread after an entry that caused keyspace events, for every
   * shard member this node has opened (see {@link #shard}); events are recorded only while
   * {@code wanted} says so, so writes pay nothing when no one listens.
   */
  public void onKeyspaceEvents(java.util.function.BooleanSupplier wanted,
      java.util.function.BiConsumer<Shard, List<KeyspaceEvent>> l) {
    eventsWanted.add(wanted);
    eventListeners.add(l);
  }

  private boolean keyspaceEventsWanted() {
    for (java.util.function.BooleanSupplier w : eventsWanted) {
      if (w.getAsBoolean()) {
        return true;
      }
    }
    return false;
  }

  /** The shard members this node has opened so far. */
  public Collection<Shard> openShards() {
    return shards.values();
  }

  public RaftServer server() {
    return server;
  }

  /**
   * A peer for a Ratis client talking to a group from outside: Ratis clients connect to a
   * peer's client address when it has one, and the group's own peers carry the RESP address
   * there (see {@link #toRaftPeer}).
   */
  public static RaftPeer toClientPeer(PeerAddress p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress()).build();
  }

  /** A Ratis peer for a node. Its client address carries the RESP address, for redirects. */
  public static RaftPeer toRaftPeer(PeerAddress p) {
    return toRaftPeer(p, 0);
  }

  static RaftPeer toRaftPeer(PeerAddress p, int priority) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress())
        .setClientAddress(p.respAddress()).setPriority(priority).build();
  }

  private static RaftProperties properties(RaftNodeOptions options, java.nio.file.Path raftDir) {
    RaftProperties p = new RaftProperties();
    RaftTransport.configureServer(p, options.self().host(), options.self().raftPort());
    RaftServerConfigKeys.setStorageDir(p, List.of(raftDir.toFile()));

    TimeDuration min = TimeDuration.valueOf(options.electionTimeoutMinMs(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    TimeDuration max = TimeDuration.valueOf(options.electionTimeoutMaxMs(),
        java.util.concurrent.TimeUnit.MILLISECONDS);
    RaftServerConfigKeys.Rpc.setTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, min);
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, max);
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(5,
        java.util.concurrent.TimeUnit.SECONDS));
    RaftServerConfigKeys.Rpc.setSlownessTimeout(p, TimeDuration.valueOf(30,
        java.util.concurrent.TimeUnit.SECONDS));

    // Reads: read index with the leader lease (lease = min election timeout x ratio).
    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
    RaftServerConfigKeys.Read.setLeaderLeaseEnabled(p, true);
    RaftServerConfigKeys.Read.setLeaderLeaseTimeoutRatio(p, 0.9);

    RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(options.logSegmentBytes()));
    RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(
        Math.min(options.logSegmentBytes(), 4L << 20)));
    RaftServerConfigKeys.Log.setWriteBufferSize(p, LOG_WRITE_BUFFER_BYTES);
    RaftServerConfigKeys.Log.Appender.setBufferByteLimit(p, APPENDER_BUFFER_BYTES);
    // Ratis paces appends at least 1 ms apart by default: a millisecond added to every commit.
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p, TimeDuration.ZERO);
    // Ratis appends (and replicates, and fsyncs) a metadata entry after every commit-index
    // change, doubling the log's work per write. A restarted member learns the commit index
    // from the leader instead; only its first applies wait for that.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, false);
    // Followers append in the gRPC thread instead of composing through a thread pool.
    RaftServerConfigKeys.Log.setAppendEntriesComposeEnabled(p,
        Boolean.getBoolean("mneme.composeAppends"));
    RaftServerConfigKeys.Log.Appender.setSnapshotChunkSizeMax(p, SNAPSHOT_CHUNK_BYTES_MAX);
    RaftServerConfigKeys.Log.setPurgeGap(p, 1024);
    // A replica that is down must not pin the whole log on disk: past the newest snapshot the
    // log goes, and a replica that comes back behind it is sent the snapshot.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);

    // Snapshots are started by the state machine and written in the background.
    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, false);
    RaftServerConfigKeys.RetryCache.setExpiryTime(p, TimeDuration.valueOf(10,
        java.util.concurrent.TimeUnit.SECONDS));
    return p;
  }

  public RaftNodeOptions options() {
    return options;
  }

  @Override
  public void close() throws IOException {
    shards.values().forEach(Shard::close);
    timers.shutdownNow();
    server.close();
  }
}
