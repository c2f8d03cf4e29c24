package io.mneme.shardmanager;

import io.grpc.Server;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.mneme.proto.AdminGrpc;
import io.mneme.proto.ClusterState;
import io.mneme.proto.CreateClusterReply;
import io.mneme.proto.CreateClusterRequest;
import io.mneme.proto.FailoverReply;
import io.mneme.proto.FailoverRequest;
import io.mneme.proto.GetClusterStateRequest;
import io.mneme.proto.JoinClusterReply;
import io.mneme.proto.JoinClusterRequest;
import io.mneme.proto.MemberStatus;
import io.mneme.proto.ShardRecord;
import io.mneme.proto.ShardStatus;
import io.mneme.proto.StatusReply;
import io.mneme.proto.StatusRequest;
import io.mneme.raft.PeerAddress;
import io.mneme.raft.RaftNode;
import io.mneme.raft.Shard;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeerId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The admin gRPC API of one node (proto/mneme/admin.proto). */
final class AdminServer extends AdminGrpc.AdminImplBase implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);
  static final long CREATE_WAIT_MS = 30_000;
  static final long JOIN_DEADLINE_MS = 60_000;
  static final long FAILOVER_TIMEOUT_MS = 10_000;
  /** Slots moved at the same time: each move is a chain of round trips, mostly waiting. */
  static final int PARALLEL_MOVES = 16;

  private final ClusterNode node;
  private Server server;

  private AdminServer(ClusterNode node) {
    this.node = node;
  }

  static AdminServer start(ClusterNode node, String host, int port) throws IOException {
    AdminServer admin = new AdminServer(node);
    admin.server = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .addService(admin).build().start();
    LOG.info("admin API listening on {}:{}", host, port);
    return admin;
  }

  @Override
  public void getClusterState(GetClusterStateRequest request,
      StreamObserver<ClusterState> response) {
    response.onNext(node.map().state());
    response.onCompleted();
  }

  @Override
  public void status(StatusRequest request, StreamObserver<StatusReply> response) {
    ClusterMap map = node.map();
    StatusReply.Builder reply = StatusReply.newBuilder().setState(map.state())
        .setAnsweredBy(node.selfId());
    for (ShardRecord s : map.shards()) {
      ShardStatus.Builder st = ShardStatus.newBuilder().setShardId(s.getId()).setKeys(-1);
      Shard local = node.localShard(s.getId());
      if (local != null) {
        st.setKeys(local.inspect(e -> e.keyCount()));
        st.addAllMembers(local.memberStatus());
      } else {
        for (String m : s.getMembersList()) {
          st.addMembers(MemberStatus.newBuilder().setNodeId(m)
              .setRole(m.equals(s.getPrimary()) ? "LEADER" : "FOLLOWER"));
        }
      }
      reply.addShards(st);
    }
    response.onNext(reply.build());
    response.onCompleted();
  }

  @Override
  public void createCluster(CreateClusterRequest request,
      StreamObserver<CreateClusterReply> response) {
    try {
      List<PeerAddress> nodes = request.getNodesList().stream().map(PeerAddress::parse).toList();
      if (nodes.stream().noneMatch(n -> n.id().equals(node.selfId()))) {
        throw new IllegalArgumentException("the node asked (" + node.selfId()
            + ") must be one of the cluster's nodes");
      }
      ClusterState plan = Placement.plan(nodes, Math.max(1, request.getShards()),
          request.getReplicas());
      for (PeerAddress n : nodes) {
        if (n.id().equals(node.selfId())) {
          continue;
        }
        try (AdminClient c = new AdminClient(n.host(), n.adminPort())) {
          c.stub(JOIN_DEADLINE_MS).joinCluster(JoinClusterRequest.newBuilder().setPlan(plan)
              .build());
        }
      }
      node.join(plan, true);
      long deadline = System.currentTimeMillis() + CREATE_WAIT_MS;
      while (!node.map().bootstrapped() && System.currentTimeMillis() < deadline) {
        Thread.sleep(50);
      }
      if (!node.map().bootstrapped()) {
        throw new IllegalStateException("the metadata group did not apply the new cluster within "
            + CREATE_WAIT_MS + " ms");
      }
      response.onNext(CreateClusterReply.newBuilder().setState(node.map().state()).build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asException());
    }
  }

  @Override
  public void joinCluster(JoinClusterRequest request, StreamObserver<JoinClusterReply> response) {
    try {
      if (node.joined()) {
        throw new IllegalStateException(node.selfId() + " is already part of a cluster");
      }
      node.join(request.getPlan(), false);
      response.onNext(JoinClusterReply.getDefaultInstance());
      response.onCompleted();
    } catch (IllegalStateException e) {
      response.onError(Status.FAILED_PRECONDITION.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asException());
    }
  }

  @Override
  public void failover(FailoverRequest request, StreamObserver<FailoverReply> response) {
    ClusterMap map = node.map();
    ShardRecord shard = map.shard(request.getShardId());
    if (shard == null) {
      response.onError(Status.NOT_FOUND.withDescription("no shard " + request.getShardId())
          .asException());
      return;
    }
    String target = request.getToNode();
    if (target.isEmpty()) {
      target = shard.getMembersList().stream().filter(m -> !m.equals(shard.getPrimary()))
          .findFirst().orElse("");
    }
    if (target.isEmpty() || !shard.getMembersList().contains(target)) {
      response.onError(Status.INVALID_ARGUMENT.withDescription("'" + target
          + "' is not a replica of shard " + shard.getId()).asException());
      return;
    }
    RaftGroup group = RaftGroup.valueOf(RaftNode.shardGroupId(shard.getId()),
        shard.getMembersList().stream().map(node::addressOf).map(RaftNode::toClientPeer).toList());
    try (RaftClient client = RaftClients.forGroup(group)) {
      RaftClientReply reply = client.admin().transferLeadership(RaftPeerId.valueOf(target),
          FAILOVER_TIMEOUT_MS);
      if (!reply.isSuccess()) {
        throw new IOException(String.valueOf(reply.getException()));
      }
      response.onNext(FailoverReply.newBuilder().setNewPrimary(target).build());
      response.onCompleted();
    } catch (IOException | RuntimeException e) {
      response.onError(Status.UNAVAILABLE.withDescription(String.valueOf(e)).asException());
    }
  }

  @Override
  public void moveSlots(io.mneme.proto.MoveSlotsRequest request,
      StreamObserver<io.mneme.proto.MoveProgress> response) {
    ClusterMap map = node.map();
    List<Integer> slots = new java.util.ArrayList<>(request.getSlotsList());
    if (slots.isEmpty()) {
      for (int slot = 0; slot < 16384 && slots.size() < request.getCount(); slot++) {
        if (map.shardOfSlot(slot) == request.getFromShard()) {
          slots.add(slot);
        }
      }
    }
    List<int[]> plan = slots.stream().map(s -> new int[] {s, request.getToShard()}).toList();
    runMoves(plan, response, true);
  }

  @Override
  public void rebalance(io.mneme.proto.RebalanceRequest request,
      StreamObserver<io.mneme.proto.MoveProgress> response) {
    List<Integer> shards = node.map().shards().stream().map(ShardRecord::getId).toList();
    runMoves(SlotMover.balancePlan(node.map().state(), shards), response, true);
  }

  @Override
  public void addShard(io.mneme.proto.AddShardRequest request,
      StreamObserver<io.mneme.proto.MoveProgress> response) {
    try {
      List<String> members = new java.util.ArrayList<>(request.getMembersList());
      if (members.isEmpty()) {
        members.addAll(leastLoadedNodes(request.getReplicas() + 1));
      }
      io.mneme.proto.MetaReply created = node.metadataClient().submit(
          io.mneme.proto.MetaCommand.newBuilder().setCreateShard(
              io.mneme.proto.CreateShard.newBuilder().addAllMembers(members)).build())
          .get(CREATE_WAIT_MS, TimeUnit.MILLISECONDS);
      if (!created.getApplied()) {
        throw new IllegalArgumentException(created.getError());
      }
      node.awaitVersion(created.getVersion());
      int shardId = node.map().state().getNextShardId() - 1;
      awaitPrimary(shardId);
      response.onNext(io.mneme.proto.MoveProgress.newBuilder().setToShard(shardId)
          .setMessage("shard " + shardId + " created on " + members).build());
      List<Integer> shards = node.map().shards().stream().map(ShardRecord::getId).toList();
      runMoves(SlotMover.balancePlan(node.map().state(), shards), response, true);
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asException());
    }
  }

  @Override
  public void removeShard(io.mneme.proto.RemoveShardRequest request,
      StreamObserver<io.mneme.proto.MoveProgress> response) {
    int victim = request.getShardId();
    try {
      if (node.map().shard(victim) == null) {
        throw new IllegalArgumentException("no shard " + victim);
      }
      List<Integer> rest = node.map().shards().stream().map(ShardRecord::getId)
          .filter(id -> id != victim).toList();
      if (rest.isEmpty()) {
        throw new IllegalArgumentException("cannot remove the last shard");
      }
      if (!runMoves(SlotMover.balancePlan(node.map().state(), rest), response, false)) {
        return;
      }
      io.mneme.proto.MetaReply removed = node.metadataClient().submit(
          io.mneme.proto.MetaCommand.newBuilder().setRemoveShard(
              io.mneme.proto.RemoveShard.newBuilder().setShardId(victim)).build())
          .get(CREATE_WAIT_MS, TimeUnit.MILLISECONDS);
      if (!removed.getApplied()) {
        throw new IllegalStateException(removed.getError());
      }
      node.awaitVersion(removed.getVersion());
      response.onNext(io.mneme.proto.MoveProgress.newBuilder().setFromShard(victim)
          .setMessage("shard " + victim + " removed").build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asException());
    }
  }

  /**
   * Moves slots, {@link #PARALLEL_MOVES} at a time, streaming progress as each completes;
   * completes the stream if {@code last}. On the first failure no more moves start; the ones
   * running finish (or roll back) and the error says how far it got.
   */
  private boolean runMoves(List<int[]> plan, StreamObserver<io.mneme.proto.MoveProgress> out,
      boolean last) {
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors
        .newFixedThreadPool(PARALLEL_MOVES);
    java.util.concurrent.CompletionService<SlotMover.Moved> moves =
        new java.util.concurrent.ExecutorCompletionService<>(pool);
    int submitted = 0;
    int done = 0;
    String failure = null;
    try {
      while (done < submitted || (failure == null && submitted < plan.size())) {
        while (failure == null && submitted < plan.size() && submitted - done < PARALLEL_MOVES) {
          int[] move = plan.get(submitted++);
          moves.submit(() -> node.mover().move(move[0], move[1]));
        }
        try {
          SlotMover.Moved m = moves.take().get();
          done++;
          out.onNext(io.mneme.proto.MoveProgress.newBuilder().setSlot(m.slot())
              .setFromShard(m.from()).setToShard(m.to()).setKeys(m.keys())
              .setHandoffMs(m.freezeMs()).setTotalMs(m.totalMs()).setDone(done)
              .setPlanned(plan.size()).build());
        } catch (java.util.concurrent.ExecutionException e) {
          done++;
          if (failure == null) {
            failure = String.valueOf(e.getCause().getMessage());
          }
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure = "interrupted";
    } finally {
      pool.shutdownNow();
    }
    if (failure != null) {
      out.onError(Status.ABORTED.withDescription(failure + " (run the command again to resume;"
          + " " + plan.size() + " moves were planned)").asException());
      return false;
    }
    if (last) {
      out.onCompleted();
    }
    return true;
  }

  @Override
  public void addReplica(io.mneme.proto.ReplicaRequest request,
      StreamObserver<io.mneme.proto.ReplicaReply> response) {
    changeMembers(request, true, response);
  }

  @Override
  public void removeReplica(io.mneme.proto.ReplicaRequest request,
      StreamObserver<io.mneme.proto.ReplicaReply> response) {
    changeMembers(request, false, response);
  }

  /**
   * Adding: the metadata group lists the node first, so that it hosts the group (as a
   * non-voting newcomer), then the Raft configuration takes it in once it has caught up.
   * Removing: the Raft configuration lets it go first, then the metadata group, after which the
   * node leaves the group and deletes its copy.
   */
  private void changeMembers(io.mneme.proto.ReplicaRequest request, boolean add,
      StreamObserver<io.mneme.proto.ReplicaReply> response) {
    try {
      ShardRecord shard = node.map().shard(request.getShardId());
      if (shard == null || node.map().node(request.getNodeId()) == null) {
        throw new IllegalArgumentException("no shard " + request.getShardId() + " or no node "
            + request.getNodeId());
      }
      List<String> members = new java.util.ArrayList<>(shard.getMembersList());
      boolean present = members.contains(request.getNodeId());
      if (add == present) {
        throw new IllegalArgumentException(request.getNodeId() + (add ? " is already" : " is not")
            + " a member of shard " + shard.getId());
      }
      if (add && members.size() > Placement.REPLICAS_MAX) {
        throw new IllegalArgumentException("shard " + shard.getId() + " already has "
            + Placement.REPLICAS_MAX + " replicas");
      }
      if (!add && members.size() == 1) {
        throw new IllegalArgumentException("cannot remove the last member of a shard");
      }
      List<String> before = List.copyOf(members);
      if (add) {
        members.add(request.getNodeId());
        setMembers(shard.getId(), members);
        awaitHosted(request.getNodeId(), shard.getId());
        setRaftConfiguration(shard.getId(), before, members);
      } else {
        members.remove(request.getNodeId());
        setRaftConfiguration(shard.getId(), before, members);
        setMembers(shard.getId(), members);
      }
      response.onNext(io.mneme.proto.ReplicaReply.newBuilder().addAllMembers(members).build());
      response.onCompleted();
    } catch (IllegalArgumentException e) {
      response.onError(Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asException());
    } catch (Exception e) {
      response.onError(Status.INTERNAL.withDescription(String.valueOf(e)).asException());
    }
  }

  /** Until the node hosts the shard's group: the leader can then send it the log. */
  private void awaitHosted(String nodeId, int shardId) throws InterruptedException {
    var address = node.addressOf(nodeId);
    long deadline = System.currentTimeMillis() + CREATE_WAIT_MS;
    while (System.currentTimeMillis() < deadline) {
      try (AdminClient c = new AdminClient(address.host(), address.adminPort())) {
        boolean hosted = c.stub(2_000).status(StatusRequest.getDefaultInstance())
            .getShardsList().stream()
            .anyMatch(s -> s.getShardId() == shardId && s.getKeys() >= 0);
        if (hosted) {
          return;
        }
      } catch (RuntimeException e) {
        // not answering yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException(nodeId + " did not start hosting shard " + shardId);
  }

  private void setMembers(int shardId, List<String> members) throws Exception {
    io.mneme.proto.MetaReply r = node.metadataClient().submit(io.mneme.proto.MetaCommand
        .newBuilder().setSetMembers(io.mneme.proto.SetMembers.newBuilder().setShardId(shardId)
            .addAllMembers(members)).build()).get(CREATE_WAIT_MS, TimeUnit.MILLISECONDS);
    if (!r.getApplied()) {
      throw new IllegalStateException(r.getError());
    }
    node.awaitVersion(r.getVersion());
  }

  private void setRaftConfiguration(int shardId, List<String> current, List<String> next)
      throws IOException {
    java.util.Set<String> all = new java.util.LinkedHashSet<>(current);
    all.addAll(next);
    RaftGroup group = RaftGroup.valueOf(RaftNode.shardGroupId(shardId), all.stream()
        .map(node::addressOf).map(RaftNode::toClientPeer).toList());
    try (RaftClient client = RaftClients.forGroup(group)) {
      RaftClientReply reply = client.admin().setConfiguration(next.stream()
          .map(node::addressOf).map(RaftNode::toRaftPeer).toList());
      if (!reply.isSuccess()) {
        throw new IOException("membership change refused: " + reply.getException());
      }
    }
  }

  private List<String> leastLoadedNodes(int count) {
    ClusterMap map = node.map();
    java.util.Map<String, Integer> load = new java.util.TreeMap<>();
    map.nodes().forEach(n -> load.put(n.getId(), 0));
    map.shards().forEach(s -> s.getMembersList().forEach(m -> load.merge(m, 1, Integer::sum)));
    if (count > load.size()) {
      throw new IllegalArgumentException(count + " members need " + count + " nodes, the"
          + " cluster has " + load.size());
    }
    return load.entrySet().stream().sorted(java.util.Map.Entry.comparingByValue())
        .limit(count).map(java.util.Map.Entry::getKey).toList();
  }

  private void awaitPrimary(int shardId) throws InterruptedException {
    long deadline = System.currentTimeMillis() + CREATE_WAIT_MS;
    while (node.map().primaryOf(shardId) == null && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    if (node.map().primaryOf(shardId) == null) {
      throw new IllegalStateException("shard " + shardId + " has no primary after "
          + CREATE_WAIT_MS + " ms");
    }
  }

  /** Messages published on a peer: handed to this node's hub as they come, in their order. */
  @Override
  public StreamObserver<io.mneme.proto.PublishMessage> publish(
      StreamObserver<io.mneme.proto.PublishAck> response) {
    return new StreamObserver<>() {
      @Override
      public void onNext(io.mneme.proto.PublishMessage m) {
        node.pubSubSink().deliver(m.getChannel().toByteArray(), m.getMessage().toByteArray(),
            m.getSharded());
      }

      @Override
      public void onError(Throwable t) {
        LOG.debug("a peer's publish stream ended: {}", t.toString());
      }

      @Override
      public void onCompleted() {
        response.onNext(io.mneme.proto.PublishAck.getDefaultInstance());
        response.onCompleted();
      }
    };
  }

  @Override
  public void close() {
    if (server != null) {
      server.shutdownNow();
      try {
        server.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
