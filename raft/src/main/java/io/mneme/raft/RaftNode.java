package io.mneme.raft;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's one Raft server (gRPC transport), hosting every group this node is a member of
 * through a state machine registry. For now that is the single shard group.
 */
public final class RaftNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
  /** The first shard's group; later shards and the metadata group get ids of their own. */
  public static final RaftGroupId SHARD_0 = RaftGroupId.valueOf(
      UUID.nameUUIDFromBytes("mneme:shard:0".getBytes(StandardCharsets.UTF_8)));

  static final SizeInBytes LOG_WRITE_BUFFER_BYTES = SizeInBytes.valueOf("8MB");
  static final SizeInBytes APPENDER_BUFFER_BYTES = SizeInBytes.valueOf("4MB");
  static final SizeInBytes SNAPSHOT_CHUNK_BYTES_MAX = SizeInBytes.valueOf("16MB");

  private final RaftNodeOptions options;
  private final RaftServer server;
  private final Shard shard;
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "shard-timers");
    t.setDaemon(true);
    return t;
  });

  private RaftNode(RaftNodeOptions options, RaftServer server) {
    this.options = options;
    this.server = server;
    Map<String, PeerAddress> peers = options.peers().stream()
        .collect(Collectors.toMap(PeerAddress::id, Function.identity()));
    this.shard = new Shard("shard-0", server, SHARD_0, peers, timers);
  }

  /** Starts the Raft server; the shard group is created on first start, recovered after. */
  public static RaftNode start(RaftNodeOptions options) throws IOException {
    java.nio.file.Path raftDir = options.dataDir().resolve("raft");
    Files.createDirectories(raftDir);
    RaftProperties properties = properties(options, raftDir);
    List<RaftPeer> peers = options.peers().stream().map(RaftNode::toRaftPeer).toList();
    RaftGroup group = RaftGroup.valueOf(SHARD_0, peers);
    boolean fresh = !Files.exists(raftDir.resolve(SHARD_0.getUuid().toString()));
    boolean rejoin = fresh && peers.size() > 1;
    RaftServer.Builder builder = RaftServer.newBuilder()
        .setServerId(RaftPeerId.valueOf(options.nodeId()))
        .setProperties(properties)
        .setOption(RaftStorage.StartupOption.RECOVER)
        .setStateMachineRegistry(groupId -> new ShardStateMachine(options.snapshotEveryEntries()));
    if (!rejoin) {
      builder.setGroup(group);
    }
    RaftServer server = builder.build();
    server.start();
    if (rejoin) {
      try {
        ShardRejoin.join(group, server);
      } catch (IOException | RuntimeException e) {
        server.close();
        throw e;
      }
    }
    LOG.info("Raft server {} listening on {} for group {} with peers {}", options.nodeId(),
        options.self().raftAddress(), SHARD_0, options.peers());
    return new RaftNode(options, server);
  }

  private static RaftPeer toRaftPeer(PeerAddress p) {
    return RaftPeer.newBuilder().setId(p.id()).setAddress(p.raftAddress())
        .setClientAddress(p.respAddress()).build();
  }

  private static RaftProperties properties(RaftNodeOptions options, java.nio.file.Path raftDir) {
    RaftProperties p = new RaftProperties();
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, options.self().host());
    GrpcConfigKeys.Server.setPort(p, options.self().raftPort());
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

  public Shard shard() {
    return shard;
  }

  public RaftNodeOptions options() {
    return options;
  }

  @Override
  public void close() throws IOException {
    shard.close();
    timers.shutdownNow();
    server.close();
  }
}
