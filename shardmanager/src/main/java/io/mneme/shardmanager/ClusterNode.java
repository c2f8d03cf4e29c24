package io.mneme.shardmanager;

import io.mneme.proto.ClusterState;
import io.mneme.proto.MetaCommand;
import io.mneme.proto.MetaReply;
import io.mneme.proto.NodeRecord;
import io.mneme.proto.SetPrimary;
import io.mneme.proto.ShardRecord;
import io.mneme.raft.PeerAddress;
import io.mneme.raft.RaftNode;
import io.mneme.raft.RaftNodeOptions;
import io.mneme.raft.Shard;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node of a Mneme cluster: its Raft server with the metadata group (if it is a member) and
 * the shard groups it hosts, its copy of the cluster map, and the admin API.
 *
 * <p>A reconcile loop keeps the node in step with the metadata: it refreshes the map (straight
 * from the local metadata member, or from a member's admin API), hosts the shard groups the map
 * gives this node, and reports to the metadata group every shard this node has come to lead, so
 * the map's primaries follow Raft elections within a reconcile period or two.
 */
public final class ClusterNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ClusterNode.class);
  public static final RaftGroupId METADATA_GROUP = RaftGroupId.valueOf(
      UUID.nameUUIDFromBytes("mneme:metadata".getBytes(StandardCharsets.UTF_8)));
  static final long RECONCILE_PERIOD_MS = 100;
  /** Written once this node hosts the groups of its first plan; later starts use the disk. */
  static final String BOOTSTRAPPED_FILE = "cluster-joined";
  /**
   * The newest cluster state this node has seen: after a restart the node routes with it at
   * once, instead of answering CLUSTERDOWN until the metadata group has elected a leader.
   */
  static final String STATE_FILE = "cluster-state";
  /** Metadata entries applied between two snapshots of the metadata group (then its log is
   * purged up to the snapshot). */
  static final long METADATA_SNAPSHOT_EVERY_ENTRIES = 10_000;

  /** How a node takes part in its first cluster. */
  public record Spec(int shards, int replicas, boolean bootstrapAtStart) {}

  private final RaftNodeOptions options;
  private final Spec spec;
  private final MetadataStateMachine metadata = new MetadataStateMachine();
  private final Map<String, PeerAddress> staticPeers = new ConcurrentHashMap<>();
  private final Set<Integer> primaryReportsInFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean bootstrapInFlight = new AtomicBoolean();
  private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "cluster-reconcile");
    t.setDaemon(true);
    return t;
  });
  private RaftNode raft;
  private AdminServer admin;
  private volatile ClusterMap map = ClusterMap.EMPTY;
  /** The plan this node joined, until the metadata group has applied a state. */
  private volatile ClusterState joinedPlan;
  private volatile ClusterState pendingBootstrap;
  private volatile MetadataClient metadataClient;
  private volatile boolean closed;
  private final SlotMover mover = new SlotMover(this);
  private final AtomicBoolean recoveryRunning = new AtomicBoolean();
  private final AtomicBoolean metadataSnapshotRunning = new AtomicBoolean();
  private final java.util.concurrent.ExecutorService recovery =
      Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "migration-recovery");
        t.setDaemon(true);
        return t;
      });

  private ClusterNode(RaftNodeOptions options, Spec spec) {
    this.options = options;
    this.spec = spec;
    options.peers().forEach(p -> staticPeers.put(p.id(), p));
  }

  public static ClusterNode start(RaftNodeOptions options, Spec spec) throws IOException {
    ClusterNode node = new ClusterNode(options, spec);
    try {
      node.startUp();
    } catch (IOException | RuntimeException e) {
      node.close();
      throw e;
    }
    return node;
  }

  private void startUp() throws IOException {
    raft = RaftNode.start(options, gid -> gid.equals(METADATA_GROUP) ? metadata : null,
        this::addressOf);
    metadata.onChange(this::offer);
    raft.onShardLeaderChange(shard -> loop.execute(this::reconcileQuietly));
    admin = AdminServer.start(this, options.self().host(), options.self().adminPort());
    if (Files.exists(markerFile())) {
      joinedPlan = readMarker();
      Path cached = options.dataDir().resolve(STATE_FILE);
      if (Files.exists(cached)) {
        offer(ClusterState.parseFrom(Files.readAllBytes(cached)));
      }
    } else if (spec.bootstrapAtStart()) {
      // In the background: joining may wait on peers that are still starting, and clients
      // should meanwhile get CLUSTERDOWN rather than a refused connection.
      loop.execute(this::firstJoin);
    } else {
      LOG.info("{} waits to be made part of a cluster (mneme-admin create-cluster)",
          options.nodeId());
    }
    if (raft.hosts(METADATA_GROUP)) {
      offer(metadata.state());
    }
    loop.scheduleWithFixedDelay(this::reconcileQuietly, 0, RECONCILE_PERIOD_MS,
        TimeUnit.MILLISECONDS);
  }

  /** The first start of a node configured with its peers: join the cluster, or create it. */
  private void firstJoin() {
    try {
      ClusterState live = AdminClient.fetchLiveState(options.peers(), options.nodeId());
      if (live != null) {
        LOG.info("{} has no cluster data but the cluster exists (version {}): joining it",
            options.nodeId(), live.getVersion());
        join(live, false);
      } else {
        join(Placement.plan(options.peers(), spec.shards(), spec.replicas()), true);
      }
    } catch (IOException | RuntimeException e) {
      LOG.error("{} could not join its cluster; retrying", options.nodeId(), e);
      if (!closed) {
        loop.schedule(this::firstJoin, 1, TimeUnit.SECONDS);
      }
    }
  }

  /** Hosts the groups the plan gives this node; the bootstrap is submitted until applied. */
  synchronized void join(ClusterState plan, boolean submitBootstrap) throws IOException {
    plan.getNodesList().forEach(n -> staticPeers.putIfAbsent(n.getId(), ClusterMap.address(n)));
    joinedPlan = plan;
    String self = options.nodeId();
    if (plan.getMetadataMembersList().contains(self)) {
      raft.host(METADATA_GROUP, addresses(plan.getMetadataMembersList()));
    }
    for (ShardRecord s : plan.getShardsList()) {
      if (s.getMembersList().contains(self)) {
        raft.host(RaftNode.shardGroupId(s.getId()), addresses(s.getMembersList()));
      }
    }
    Files.write(markerFile(), plan.toByteArray());
    if (submitBootstrap) {
      pendingBootstrap = plan;
    }
  }

  public boolean joined() {
    return Files.exists(markerFile());
  }

  private Path markerFile() {
    return options.dataDir().resolve(BOOTSTRAPPED_FILE);
  }

  private ClusterState readMarker() throws IOException {
    return ClusterState.parseFrom(Files.readAllBytes(markerFile()));
  }

  private List<PeerAddress> addresses(List<String> ids) {
    return ids.stream().map(id -> {
      PeerAddress a = addressOf(id);
      if (a == null) {
        throw new IllegalStateException("no address known for node " + id);
      }
      return a;
    }).toList();
  }

  /** A node's addresses: from the map, else from the configuration or the joined plan. */
  public PeerAddress addressOf(String nodeId) {
    NodeRecord n = map.node(nodeId);
    return n != null ? ClusterMap.address(n) : staticPeers.get(nodeId);
  }

  /** Takes a newer state as this node's map. */
  void offer(ClusterState state) {
    synchronized (this) {
      if (state.getVersion() <= map.version()) {
        return;
      }
      map = new ClusterMap(state);
      saveState(state);
    }
    state.getNodesList().forEach(n -> staticPeers.put(n.getId(), ClusterMap.address(n)));
    LOG.debug("{}: cluster map version {}", options.nodeId(), state.getVersion());
    ClusterMap now = map;
    mapListeners.forEach(l -> l.accept(now));
  }

  private final java.util.List<java.util.function.Consumer<ClusterMap>> mapListeners =
      new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Called after this node takes a newer cluster map, on the thread that offered it. */
  public void onMapChanged(java.util.function.Consumer<ClusterMap> listener) {
    mapListeners.add(listener);
  }

  private void saveState(ClusterState state) {
    try {
      Path file = options.dataDir().resolve(STATE_FILE);
      Path tmp = options.dataDir().resolve(STATE_FILE + ".tmp");
      Files.write(tmp, state.toByteArray());
      Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
          java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      LOG.warn("{}: could not save the cluster state: {}", options.nodeId(), e.toString());
    }
  }

  public ClusterMap map() {
    return map;
  }

  /** Waits (briefly) until this node's map has reached a version the metadata group applied. */
  void awaitVersion(long version) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
    while (map.version() < version && System.nanoTime() < deadline) {
      if (!raft.hosts(METADATA_GROUP)) {
        ClusterState fresh = metadataClient().fetchState();
        if (fresh != null) {
          offer(fresh);
        }
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  SlotMover mover() {
    return mover;
  }

  public String selfId() {
    return options.nodeId();
  }

  public PeerAddress self() {
    return options.self();
  }

  /** This node's member of a shard, or null if it hosts none. */
  public Shard localShard(int shardId) {
    return raft.shard(shardId);
  }

  public Collection<Shard> localShards() {
    return raft.openShards();
  }

  RaftNode raft() {
    return raft;
  }

  /** Takes the pub/sub messages other nodes forward to this one (the admin API's Publish). */
  @FunctionalInterface
  public interface PubSubSink {
    void deliver(byte[] channel, byte[] message, boolean sharded);
  }

  private volatile PubSubSink pubSubSink = (channel, message, sharded) -> {};

  /** Sets where messages forwarded from other nodes go (the node's pub/sub hub). */
  public void onForwardedMessage(PubSubSink sink) {
    pubSubSink = sink;
  }

  PubSubSink pubSubSink() {
    return pubSubSink;
  }

  /** See {@link RaftNode#onKeyspaceEvents}. */
  public void onKeyspaceEvents(java.util.function.BooleanSupplier wanted,
      java.util.function.BiConsumer<Shard, java.util.List<io.mneme.raft.KeyspaceEvent>> l) {
    raft.onKeyspaceEvents(wanted, l);
  }

  MetadataStateMachine metadata() {
    return metadata;
  }

  // ---- the reconcile loop ----

  private void reconcileQuietly() {
    if (closed) {
      return;
    }
    try {
      reconcile();
    } catch (IOException | RuntimeException e) {
      LOG.debug("{}: reconcile: {}", options.nodeId(), e.toString());
    }
  }

  private void reconcile() throws IOException {
    if (!raft.hosts(METADATA_GROUP)) {
      ClusterState fresh = metadataClient().fetchState();
      if (fresh != null) {
        offer(fresh);
      }
    }
    ClusterMap m = map;
    if (pendingBootstrap != null) {
      if (m.bootstrapped()) {
        pendingBootstrap = null;
      } else {
        submitBootstrap(pendingBootstrap);
      }
    }
    if (!m.bootstrapped()) {
      return;
    }
    recoverStaleMigrations(m);
    snapshotMetadataIfDue();
    raft.dropShardsOtherThan(m.shardsOf(options.nodeId()).stream().map(ShardRecord::getId)
        .collect(java.util.stream.Collectors.toSet()));
    for (ShardRecord s : m.shardsOf(options.nodeId())) {
      raft.host(RaftNode.shardGroupId(s.getId()), addresses(s.getMembersList()));
      Shard local = raft.shard(s.getId());
      if (local != null) {
        reportPrimary(m, s, local);
      }
    }
  }

  /** On the metadata leader's node: finish or roll back moves whose driver went silent. */
  private void recoverStaleMigrations(ClusterMap m) {
    if (m.state().getMigrationsCount() == 0 || !raft.hosts(METADATA_GROUP)
        || !isMetadataLeader() || !recoveryRunning.compareAndSet(false, true)) {
      return;
    }
    recovery.execute(() -> {
      try {
        mover.recover(System.currentTimeMillis());
      } finally {
        recoveryRunning.set(false);
      }
    });
  }

  private void snapshotMetadataIfDue() {
    if (!raft.hosts(METADATA_GROUP)) {
      return;
    }
    var applied = metadata.getLastAppliedTermIndex();
    var latest = metadata.getLatestSnapshot();
    long since = applied == null ? 0
        : applied.getIndex() - (latest == null ? 0 : latest.getIndex());
    if (since < METADATA_SNAPSHOT_EVERY_ENTRIES || !metadataSnapshotRunning.compareAndSet(false,
        true)) {
      return;
    }
    var request = org.apache.ratis.protocol.SnapshotManagementRequest.newCreate(
        org.apache.ratis.protocol.ClientId.randomId(), raft.server().getId(), METADATA_GROUP,
        1, 30_000, 1);
    raft.server().snapshotManagementAsync(request).whenComplete((reply, error) -> {
      metadataSnapshotRunning.set(false);
      if (error != null || !reply.isSuccess()) {
        LOG.warn("{}: metadata snapshot failed: {}", options.nodeId(),
            error != null ? error : reply.getException());
      }
    });
  }

  private boolean isMetadataLeader() {
    try {
      return raft.server().getDivision(METADATA_GROUP).getInfo().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  private void submitBootstrap(ClusterState plan) {
    if (!bootstrapInFlight.compareAndSet(false, true)) {
      return;
    }
    metadataClient().submit(MetaCommand.newBuilder().setBootstrap(plan).build())
        .whenComplete((reply, error) -> {
          bootstrapInFlight.set(false);
          if (error != null) {
            LOG.info("{}: submitting the new cluster to the metadata group failed, will retry:"
                + " {}", options.nodeId(), error.toString(), error);
          }
          if (reply != null && reply.getApplied()) {
            LOG.info("cluster created: {} shards on {} nodes", plan.getShardsCount(),
                plan.getNodesCount());
          }
        });
  }

  /** Tells the metadata group that this node leads the shard, if the map does not say so. */
  private void reportPrimary(ClusterMap m, ShardRecord s, Shard local) {
    if (!local.isLeaderReady()) {
      return;
    }
    long term = local.term();
    if (s.getPrimary().equals(options.nodeId()) && s.getPrimaryTerm() >= term) {
      return;
    }
    if (!primaryReportsInFlight.add(s.getId())) {
      return;
    }
    SetPrimary report = SetPrimary.newBuilder().setShardId(s.getId())
        .setNodeId(options.nodeId()).setTerm(term).build();
    metadataClient().submit(MetaCommand.newBuilder().setSetPrimary(report).build())
        .whenComplete((reply, error) -> {
          primaryReportsInFlight.remove(s.getId());
          if (reply != null && reply.getApplied()) {
            LOG.info("{} is now the primary of shard {} (term {})", options.nodeId(),
                s.getId(), term);
          }
        });
  }

  /** A client of the metadata group, rebuilt when its members change. */
  MetadataClient metadataClient() {
    List<String> members = map.bootstrapped() ? map.state().getMetadataMembersList()
        : joinedPlan != null ? joinedPlan.getMetadataMembersList() : List.of();
    MetadataClient c = metadataClient;
    if (c == null || !c.members().equals(members)) {
      if (c != null) {
        c.close();
      }
      c = new MetadataClient(members, addresses(members));
      metadataClient = c;
    }
    return c;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    loop.shutdownNow();
    recovery.shutdownNow();
    mover.close();
    if (metadataClient != null) {
      metadataClient.close();
    }
    if (admin != null) {
      admin.close();
    }
    if (raft != null) {
      raft.close();
    }
  }

  /** Talks to the metadata group: commands through Raft, state through the members' API. */
  static final class MetadataClient implements AutoCloseable {
    private final List<String> members;
    private final List<PeerAddress> addresses;
    private final RaftClient client;
    private int next;
    private final java.util.concurrent.ExecutorService sender =
        Executors.newSingleThreadExecutor(r -> {
          Thread t = new Thread(r, "metadata-client");
          t.setDaemon(true);
          return t;
        });

    MetadataClient(List<String> members, List<PeerAddress> addresses) {
      this.members = List.copyOf(members);
      this.addresses = addresses;
      this.client = addresses.isEmpty() ? null : RaftClients.forGroup(RaftGroup.valueOf(
          METADATA_GROUP, addresses.stream().map(RaftNode::toClientPeer).toList()));
    }

    List<String> members() {
      return members;
    }

    /**
     * Submits on the client's own thread with the blocking API: Ratis's ordered async stream
     * is unusable after one failure, and metadata commands are few.
     */
    CompletableFuture<MetaReply> submit(MetaCommand command) {
      if (client == null) {
        return CompletableFuture.failedFuture(new IOException("no metadata members known"));
      }
      return CompletableFuture.supplyAsync(() -> {
        try {
          RaftClientReply reply = client.io().send(
              Message.valueOf(ByteString.copyFrom(command.toByteArray())));
          if (!reply.isSuccess()) {
            throw new IllegalStateException(String.valueOf(reply.getException()));
          }
          return MetaReply.parseFrom(reply.getMessage().getContent().toByteArray());
        } catch (IOException e) {
          throw new java.util.concurrent.CompletionException(e);
        }
      }, sender);
    }

    /** The state from one member (round robin), or null if it did not answer. */
    ClusterState fetchState() {
      if (addresses.isEmpty()) {
        return null;
      }
      PeerAddress a = addresses.get(Math.floorMod(next++, addresses.size()));
      return AdminClient.tryGetState(a.host(), a.adminPort());
    }

    @Override
    public void close() {
      sender.shutdownNow();
      if (client != null) {
        try {
          client.close();
        } catch (IOException e) {
          LOG.debug("closing metadata client: {}", e.toString());
        }
      }
    }
  }
}
