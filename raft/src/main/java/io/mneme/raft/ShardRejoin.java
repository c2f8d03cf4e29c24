package io.mneme.raft;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupInfoReply;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings a member with no data for its shard into the group.
 *
 * <p>A new cluster's members all start empty and simply form the group. But a member that lost
 * its data while the group lives on must not come back under its old identity: the leader still
 * believes it holds the entries it acknowledged (Raft's match index never goes back), so it would
 * never send them again. Such a member is first removed from the group's configuration and then
 * added back as a new member; the leader then brings it up to date with a snapshot before it
 * counts in any quorum.
 */
final class ShardRejoin {
  private static final Logger LOG = LoggerFactory.getLogger(ShardRejoin.class);
  static final TimeDuration REQUEST_TIMEOUT = TimeDuration.valueOf(3, TimeUnit.SECONDS);
  /** Attempts per request: a new leader may still be committing its first entry. */
  static final int ATTEMPTS_MAX = 20;
  /** Asking who leads: a peer that is not up yet must not hold up our start. */
  static final int PROBE_ATTEMPTS_MAX = 1;

  private ShardRejoin() {}

  /** Adds {@code group} to {@code server}, through a membership change if it lives on. */
  static void join(RaftGroup group, RaftServer server) throws IOException {
    RaftPeerId self = server.getId();
    Optional<GroupInfoReply> leaderInfo;
    try (RaftClient probe = client(group, PROBE_ATTEMPTS_MAX, null)) {
      leaderInfo = findLeader(probe, group, self);
    }
    // Send admin requests to the leader first: this member does not host the group yet.
    RaftPeerId leaderHint = leaderInfo.map(GroupInfoReply::getServerId).orElse(null);
    try (RaftClient client = client(group, ATTEMPTS_MAX, leaderHint)) {
      long ourCommit = leaderInfo.map(info -> commitIndexOf(info, self)).orElse(-1L);
      // A member being added (add-replica), or added back after a removal, is not in the
      // leader's configuration: it just hosts the group, and the membership change adds it.
      boolean inConfiguration = leaderInfo.flatMap(GroupInfoReply::getConf)
          .map(c -> c.getPeersList().stream()
              .anyMatch(p -> RaftPeerId.valueOf(p.getId()).equals(self)))
          .orElse(true);
      if (ourCommit <= 0 || !inConfiguration) {
        // No leader, or one that never heard back from us: a new member, nothing to forget.
        LOG.info("Joining {} with {} ({})", group.getGroupId(), group.getPeers(),
            leaderInfo.isEmpty() ? "no live leader yet" : "the leader has no entries of ours");
        addLocally(server, group);
        return;
      }
      LOG.warn("{} has no data for {}, but its leader {} saw it commit up to index {}: rejoining"
          + " as a new member (out of the configuration, then back in, caught up by snapshot)",
          self, group.getGroupId(), leaderInfo.get().getServerId(), ourCommit);
      List<RaftPeer> others = group.getPeers().stream()
          .filter(p -> !p.getId().equals(self)).toList();
      check(client.admin().setConfiguration(others), "remove this member");
      addLocally(server, group);
      check(client.admin().setConfiguration(List.copyOf(group.getPeers())),
          "add this member back");
      LOG.info("{} rejoined {}", self, group.getGroupId());
    }
  }

  private static long commitIndexOf(GroupInfoReply info, RaftPeerId peer) {
    return info.getCommitInfos().stream()
        .filter(c -> RaftPeerId.valueOf(c.getServer().getId()).equals(peer))
        .mapToLong(c -> c.getCommitIndex()).max().orElse(-1L);
  }

  private static Optional<GroupInfoReply> findLeader(RaftClient client, RaftGroup group,
      RaftPeerId self) {
    for (RaftPeer peer : group.getPeers()) {
      if (peer.getId().equals(self)) {
        continue;
      }
      try {
        GroupInfoReply info = client.getGroupManagementApi(peer.getId()).info(group.getGroupId());
        if (info.getRoleInfoProto().getRole() == RaftPeerRole.LEADER) {
          return Optional.of(info);
        }
      } catch (IOException | RuntimeException e) {
        LOG.debug("{} did not answer for {}: {}", peer.getId(), group.getGroupId(), e.toString());
      }
    }
    return Optional.empty();
  }

  /**
   * In-process, not through a client: an RPC to ourselves can time out on a busy machine while
   * the add goes on, and its retry then fails with "already exists".
   */
  static void addLocally(RaftServer server, RaftGroup group) throws IOException {
    GroupManagementRequest add = GroupManagementRequest.newAdd(ClientId.randomId(),
        server.getId(), 1, group);
    RaftClientReply reply;
    try {
      reply = server.groupManagementAsync(add).join();
    } catch (java.util.concurrent.CompletionException e) {
      if (e.getCause() instanceof AlreadyExistsException) {
        return;
      }
      throw new IOException("could not add " + group.getGroupId() + " locally", e.getCause());
    }
    if (!reply.isSuccess()) {
      throw new IOException("could not add " + group.getGroupId() + " locally: "
          + reply.getException());
    }
  }

  private static void check(RaftClientReply reply, String what) throws IOException {
    if (!reply.isSuccess()) {
      throw new IOException("could not " + what + ": " + reply.getException());
    }
  }

  private static RaftClient client(RaftGroup group, int attempts, RaftPeerId leader) {
    RaftProperties properties = new RaftProperties();
    RaftClientConfigKeys.Rpc.setRequestTimeout(properties, REQUEST_TIMEOUT);
    return RaftClient.newBuilder()
        .setLeaderId(leader)
        .setProperties(properties)
        .setRaftGroup(group)
        .setClientId(ClientId.randomId())
        .setRetryPolicy(RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts,
            TimeDuration.valueOf(500, TimeUnit.MILLISECONDS)))
        .setClientRpc(RaftTransport.clientRpc(ClientId.randomId(), properties))
        .build();
  }
}
